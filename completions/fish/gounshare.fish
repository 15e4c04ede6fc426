# fish completion for gounshare
# SPDX-License-Identifier: Apache-2.0
# Generated from gounshare's option table by "make completions"; do not edit.

# __gounshare_operand prints the index of the first operand on the command
# line, if there is one before the word being completed.
function __gounshare_operand
	set -l words (commandline -opc)
	set -l i 2
	while test $i -le (count $words)
		switch $words[$i]
			case --
				set i (math $i + 1)
				break
			case -l --load-interp --propagation -R --root -w --wd -S --setuid -G --setgid --map-user --map-group --map-users --map-groups --owner --setgroups --monotonic --boottime --whitelist-env
				set i (math $i + 1)
			case '-*'
			case '*'
				break
		end
		set i (math $i + 1)
	end
	test $i -le (count $words); and echo $i
end

complete -c gounshare -n 'not __gounshare_operand' -f -a '(__fish_complete_command)'
complete -c gounshare -n __gounshare_operand -x -a '(set -l w (commandline -opc); complete -C (string join -- " " $w[(__gounshare_operand)..-1] (commandline -ct)))'
complete -c gounshare -n 'not __gounshare_operand' -s m -l mount -d 'unshare mounts namespace'
complete -c gounshare -n 'not __gounshare_operand' -s u -l uts -d 'unshare UTS namespace (hostname etc)'
complete -c gounshare -n 'not __gounshare_operand' -s i -l ipc -d 'unshare System V IPC namespace'
complete -c gounshare -n 'not __gounshare_operand' -s n -l net -d 'unshare network namespace'
complete -c gounshare -n 'not __gounshare_operand' -s p -l pid -d 'unshare pid namespace'
complete -c gounshare -n 'not __gounshare_operand' -s U -l user -d 'unshare user namespace'
complete -c gounshare -n 'not __gounshare_operand' -s C -l cgroup -d 'unshare cgroup namespace'
complete -c gounshare -n 'not __gounshare_operand' -s T -l time -d 'unshare time namespace'
complete -c gounshare -n 'not __gounshare_operand' -l mount-proc -d 'mount proc filesystem first (implies --mount)'
complete -c gounshare -n 'not __gounshare_operand' -l mount-binfmt -d 'mount binfmt filesystem first (implies --user and --mount)'
complete -c gounshare -n 'not __gounshare_operand' -s l -l load-interp -r -F -d 'load binfmt definition in the namespace (implies --mount-binfmt)'
complete -c gounshare -n 'not __gounshare_operand' -l propagation -x -a '(printf \'%s\\n\' \'slave\' \'shared\' \'private\' \'unchanged\')' -d 'modify mount propagation in mount namespace'
complete -c gounshare -n 'not __gounshare_operand' -s R -l root -r -a '(__fish_complete_directories (commandline -ct))' -d 'run the command with root directory set to <dir>'
complete -c gounshare -n 'not __gounshare_operand' -s w -l wd -r -a '(__fish_complete_directories (commandline -ct))' -d 'change working directory to <dir>'
complete -c gounshare -n 'not __gounshare_operand' -s S -l setuid -x -a '(string split -f3 : < /etc/passwd)' -d 'set uid in entered namespace'
complete -c gounshare -n 'not __gounshare_operand' -s G -l setgid -x -a '(string split -f3 : < /etc/group)' -d 'set gid in entered namespace'
complete -c gounshare -n 'not __gounshare_operand' -l map-user -x -a '(__fish_complete_users)' -d 'map current user to uid (implies --user)'
complete -c gounshare -n 'not __gounshare_operand' -l map-group -x -a '(__fish_complete_groups)' -d 'map current group to gid (implies --user)'
complete -c gounshare -n 'not __gounshare_operand' -s r -l map-root-user -d 'map current user to root (implies --user)'
complete -c gounshare -n 'not __gounshare_operand' -s c -l map-current-user -d 'map current user to itself (implies --user)'
complete -c gounshare -n 'not __gounshare_operand' -l map-auto -d 'map users and groups automatically (implies --user)'
complete -c gounshare -n 'not __gounshare_operand' -l map-subids -d 'map the first block of user IDs owned by euid (implies --user)'
complete -c gounshare -n 'not __gounshare_operand' -l map-users -x -d 'map count users from outeruid to inneruid (implies --user)'
complete -c gounshare -n 'not __gounshare_operand' -l map-groups -x -d 'map count groups from outergid to innergid (implies --user)'
complete -c gounshare -n 'not __gounshare_operand' -l owner -x -d 'set the user namespace owner (implies --user)'
complete -c gounshare -n 'not __gounshare_operand' -s f -l fork -d 'fork before launching <program>'
complete -c gounshare -n 'not __gounshare_operand' -l kill-child -d 'when dying, kill the forked child (implies --fork)'
complete -c gounshare -n 'not __gounshare_operand' -l forward-signals -d 'forward SIGTERM and SIGINT to child (implies --fork)'
complete -c gounshare -n 'not __gounshare_operand' -l setgroups -x -a '(printf \'%s\\n\' \'allow\' \'deny\')' -d 'control the setgroups syscall in user namespaces'
complete -c gounshare -n 'not __gounshare_operand' -l keep-caps -d 'retain capabilities granted in user namespaces'
complete -c gounshare -n 'not __gounshare_operand' -l monotonic -x -d 'set clock monotonic offset (seconds) in time namespaces'
complete -c gounshare -n 'not __gounshare_operand' -l boottime -x -d 'set clock boottime offset (seconds) in time namespaces'
complete -c gounshare -n 'not __gounshare_operand' -l clear-env -d 'do not inherit environment variables from the calling process'
complete -c gounshare -n 'not __gounshare_operand' -l whitelist-env -x -a '(set -xn)' -d 'clear environment except for specified variables'
complete -c gounshare -n 'not __gounshare_operand' -s h -l help -d 'display this help'
complete -c gounshare -n 'not __gounshare_operand' -s V -l version -d 'display version'
