# fish completion for gonsenter
# SPDX-License-Identifier: Apache-2.0
# Generated from gonsenter's option table by "make completions"; do not edit.

# __gonsenter_operand prints the index of the first operand on the command
# line, if there is one before the word being completed.
function __gonsenter_operand
	set -l words (commandline -opc)
	set -l i 2
	while test $i -le (count $words)
		switch $words[$i]
			case --
				set i (math $i + 1)
				break
			case -t --target --container --runtime --netns -N --net-socket -S --setuid -G --setgid -W --wdns
				set i (math $i + 1)
			case '-*'
			case '*'
				break
		end
		set i (math $i + 1)
	end
	test $i -le (count $words); and echo $i
end

complete -c gonsenter -n 'not __gonsenter_operand' -f -a '(__fish_complete_command)'
complete -c gonsenter -n __gonsenter_operand -x -a '(set -l w (commandline -opc); complete -C (string join -- " " $w[(__gonsenter_operand)..-1] (commandline -ct)))'
complete -c gonsenter -n 'not __gonsenter_operand' -s a -l all -d 'enter all namespaces'
complete -c gonsenter -n 'not __gonsenter_operand' -s t -l target -x -a '(__fish_complete_pids)' -d 'target process to get namespaces from'
complete -c gonsenter -n 'not __gonsenter_operand' -l container -x -a '(sh -c \'{ for e in docker podman; do command -v $e >/dev/null && timeout 2 $e ps --format \\\'{{.Names}}\\\'; done; for d in /run/containerd/io.containerd.runtime.v2.task/*/* /run/containerd/io.containerd.runtime.v1.linux/*/*; do case $d in */moby/*) continue ;; esac; p=$(cat "$d/init.pid") && [ -n "$p" ] && [ -d "/proc/$p" ] && echo "${d##*/}"; done; } 2>/dev/null\')' -d 'target a container\'s init process (by name, ID or'
complete -c gonsenter -n 'not __gonsenter_operand' -l runtime -x -a '(printf \'%s\\n\' \'docker\' \'podman\' \'cri-o\' \'containerd\')' -d 'ask only this engine for --container'
complete -c gonsenter -n 'not __gonsenter_operand' -s m -l mount -d 'enter mount namespace'
complete -c gonsenter -n 'not __gonsenter_operand' -s u -l uts -d 'enter UTS namespace (hostname etc)'
complete -c gonsenter -n 'not __gonsenter_operand' -s i -l ipc -d 'enter System V IPC namespace'
complete -c gonsenter -n 'not __gonsenter_operand' -s n -l net -d 'enter network namespace'
complete -c gonsenter -n 'not __gonsenter_operand' -l netns -x -a '(path basename /run/netns/*)' -d 'enter network namespace named by ip-netns(8)'
complete -c gonsenter -n 'not __gonsenter_operand' -s N -l net-socket -x -d 'enter socket\'s network namespace (needs --target)'
complete -c gonsenter -n 'not __gonsenter_operand' -s p -l pid -d 'enter pid namespace'
complete -c gonsenter -n 'not __gonsenter_operand' -s C -l cgroup -d 'enter cgroup namespace'
complete -c gonsenter -n 'not __gonsenter_operand' -s U -l user -d 'enter user namespace'
complete -c gonsenter -n 'not __gonsenter_operand' -l user-parent -d 'enter parent user namespace'
complete -c gonsenter -n 'not __gonsenter_operand' -s T -l time -d 'enter time namespace'
complete -c gonsenter -n 'not __gonsenter_operand' -s S -l setuid -x -a '(printf \'%s\\n\' \'follow\'; string split -f3 : < /etc/passwd)' -d 'set uid in entered namespace'
complete -c gonsenter -n 'not __gonsenter_operand' -s G -l setgid -x -a '(printf \'%s\\n\' \'follow\'; string split -f3 : < /etc/group)' -d 'set gid in entered namespace'
complete -c gonsenter -n 'not __gonsenter_operand' -l preserve-credentials -d 'do not touch uids or gids'
complete -c gonsenter -n 'not __gonsenter_operand' -l keep-caps -d 'retain capabilities granted in user namespaces'
complete -c gonsenter -n 'not __gonsenter_operand' -s r -l root -d 'set the root directory'
complete -c gonsenter -n 'not __gonsenter_operand' -s w -l wd -d 'set the working directory'
complete -c gonsenter -n 'not __gonsenter_operand' -s W -l wdns -r -a '(__fish_complete_directories (commandline -ct))' -d 'set the working directory in namespace'
complete -c gonsenter -n 'not __gonsenter_operand' -s e -l env -d 'inherit environment variables from target process'
complete -c gonsenter -n 'not __gonsenter_operand' -s F -l no-fork -d 'do not fork before exec\'ing <program>'
complete -c gonsenter -n 'not __gonsenter_operand' -s c -l join-cgroup -d 'join the cgroup of the target process'
complete -c gonsenter -n 'not __gonsenter_operand' -s Z -l follow-context -d 'set SELinux context according to --target PID'
complete -c gonsenter -n 'not __gonsenter_operand' -s h -l help -d 'display this help'
complete -c gonsenter -n 'not __gonsenter_operand' -s V -l version -d 'display version'
