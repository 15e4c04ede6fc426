#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# The inside of make demo: run by demo.sh as PID 1 of a sandbox made by our
# gounshare (fresh IPC, UTS, mount and PID namespaces, a /proc of its own),
# never directly on the host.
#
# It hides util-linux's namespace and IPC tools behind bind mounts, starts two
# interactive bash shells in tmux, and replays the seed articles by typing into
# them (tmux send-keys) and reading what a person would see (capture-pane):
#   seed 001: shell 2 sees shell 1's queue; "gounshare -iu bash" gives it its
#             own hostname and queues; "golsns -t uts" finds the PID of the
#             bash that holds them, and "gonsenter -t PID -u -i bash" lets
#             shell 1 join them;
#   seed 000: "gounshare -m -i -p -f --mount-proc" makes a queue that only its
#             own namespace sees, and that dies with it.
# Every expectation is checked; the first one that fails stops the demo with
# a message and both screens, exit status 1.
#
# Input (from demo.sh): DEMO_BIN (the tools, first in PATH), DEMO_STATE (a
# scratch directory on the host's filesystem), DEMO_TIMEOUT, DEMO_PACE.
# Output in DEMO_STATE for demo.sh's final checks: keys (every queue key
# made), hidden-paths, checks (the number of checks passed).
set -euo pipefail

: "${DEMO_BIN:?} ${DEMO_STATE:?}"
timeout=${DEMO_TIMEOUT:-20}
pace=${DEMO_PACE:-0}
sock=$DEMO_STATE/tmux.sock
checks=0

# ---------------------------------------------------------------- output

section() { printf '\n== %s\n' "$*"; }
say() { printf '   %s\n' "$@"; }
ok() {
	checks=$((checks + 1))
	echo "$checks" >"$DEMO_STATE/checks"
	printf '   ok: %s\n' "$*"
}
fail() {
	printf '\ndemo: FAIL: %s\n' "$*" >&2
	if [ -S "$sock" ]; then
		for w in 1 2; do
			printf '\n---- what shell %s shows ----\n' "$w" >&2
			tmux -S "$sock" capture-pane -p -J -S - -t "${pane[$w]:-}" 2>/dev/null |
				sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' >&2 || true
		done
	fi
	exit 1
}

# ---------------------------------------------------------------- cleanup

cleanup() {
	# Ends both shells and everything started from them; being PID 1 of the
	# sandbox, the kernel kills whatever is left when this script exits.
	[ -S "$sock" ] && tmux -S "$sock" kill-server 2>/dev/null || true
}
trap cleanup EXIT
trap 'fail "interrupted"' INT TERM

# --------------------------------------------------- hide util-linux

section "Setting the stage: util-linux's tools are hidden in this sandbox"
hider=$DEMO_STATE/hidden-by-the-demo
cat >"$hider" <<'EOF'
#!/bin/sh
echo "${0##*/}: hidden by the demo (gonstools replaces it)" >&2
exit 127
EOF
chmod 0755 "$hider"
hidden=()
IFS=: read -ra path_dirs <<<"$PATH"
for name in unshare nsenter ipcs ipcmk ipcrm lsipc lsns; do
	for d in "${path_dirs[@]}"; do
		[ -x "$d/$name" ] && [ ! -d "$d/$name" ] || continue
		[ "$d" = "$DEMO_BIN" ] && continue
		real=$(readlink -f "$d/$name")
		case " ${hidden[*]-} " in *" $real "*) continue ;; esac
		mount --bind "$hider" "$real" || fail "cannot hide $real"
		hidden+=("$real")
	done
done
printf '%s\n' "${hidden[@]-}" >"$DEMO_STATE/hidden-paths"
if [ ${#hidden[@]} -eq 0 ]; then
	say "util-linux's unshare, nsenter, ipcs, ipcmk, ipcrm, lsipc and lsns are not installed: nothing to hide"
else
	say "covered by a bind mount of a script that says so and exits 127:" "  ${hidden[*]}"
	for f in "${hidden[@]}"; do
		rc=0
		msg=$("$f" 2>&1) || rc=$?
		[ "$rc" = 127 ] && [[ $msg == *"hidden by the demo"* ]] ||
			fail "$f still works in the sandbox (exit $rc: $msg)"
	done
	ok "none of the ${#hidden[@]} hidden util-linux programs runs any more"
fi

# The namespaces of the sandbox itself: shell 1 will be in them.
sandbox_uts=$(readlink /proc/self/ns/uts)
sandbox_ipc=$(readlink /proc/self/ns/ipc)
sandbox_mnt=$(readlink /proc/self/ns/mnt)
sandbox_pid=$(readlink /proc/self/ns/pid)
: >"$DEMO_STATE/keys"

# ------------------------------------------------------ the two shells

# Every interactive bash of the demo (the two shells and those started in
# them) reads this .bashrc: a prompt that shows the hostname, and a prompt
# hook that appends the shell's PID to prompts.N. A new line there means
# "shell N printed a prompt": that is how the driver knows a command is done.
home=$DEMO_STATE/home
mkdir -p "$home"
cat >"$home/.bashrc" <<'EOF'
PS1='\u@\h:\w\$ '
PROMPT_COMMAND='echo $$ >>"$DEMO_STATE/prompts.$DEMO_SHELL"'
unset HISTFILE
EOF
cat >"$DEMO_STATE/tmux.conf" <<'EOF'
set -g status off
set -g history-limit 100000
set -g remain-on-exit on
EOF
export HOME=$home SHELL=/bin/bash
cd "$home"

# The two shells side by side in one window, as the articles' two terminal
# windows; pane[N] is the tmux pane of shell N.
tmx() { tmux -S "$sock" "$@"; }
declare -A pane=()
pane[1]=$(tmx -f "$DEMO_STATE/tmux.conf" new-session -d -P -F '#{pane_id}' -s demo -x 240 -y 50 \
	-e DEMO_SHELL=1 bash) || fail "tmux cannot start"
pane[2]=$(tmx split-window -h -d -P -F '#{pane_id}' -t "${pane[1]}" -e DEMO_SHELL=2 bash) ||
	fail "tmux cannot open a second shell"
if [ "$pace" != 0 ]; then
	say "watch the two shells live from another terminal: tmux -S $sock attach -r"
fi

prompts() { # number of prompts shell $1 has printed
	local n=0
	[ -f "$DEMO_STATE/prompts.$1" ] && n=$(wc -l <"$DEMO_STATE/prompts.$1")
	echo "$n"
}
is_prompt() { [[ $1 =~ ^[a-z_][a-z0-9_-]*@[^[:space:]@:]+:[^[:space:]]*[#$]$ ]]; }

# wait_prompt N COUNT: wait until shell N has printed more than COUNT prompts
# and its cursor sits after a prompt again. Sets CUR (absolute line of the
# cursor) and PROMPT (the prompt's text).
wait_prompt() {
	local w=$1 before=$2 deadline=$((SECONDS + timeout)) hs cy cx dead line
	while :; do
		if [ "$(prompts "$w")" -gt "$before" ]; then
			read -r hs cy cx dead < <(tmx display -p -t "${pane[$w]}" \
				'#{history_size} #{cursor_y} #{cursor_x} #{pane_dead}')
			[ "$dead" = 1 ] && fail "shell $w exited unexpectedly"
			line=$(tmx capture-pane -p -t "${pane[$w]}" -S "$cy" -E "$cy")
			line=${line%"${line##*[![:space:]]}"}
			if [ "$cx" -gt 0 ] && is_prompt "$line"; then
				CUR=$((hs + cy)) PROMPT=$line
				return 0
			fi
		fi
		[ $SECONDS -lt $deadline ] || fail "shell $w did not show a prompt within ${timeout}s"
		sleep 0.02
	done
}

# run N COMMAND: type COMMAND into shell N the way a person does, wait for
# the next prompt, print what appeared on the screen, and leave the
# command's output lines in OUT (an array) and the new prompt in PROMPT.
declare -A at=() # absolute line of each shell's cursor, after its last prompt
run() {
	local w=$1 cmd=$2 n hs start end
	n=$(prompts "$w")
	tmx send-keys -t "${pane[$w]}" -l -- "$cmd"
	tmx send-keys -t "${pane[$w]}" Enter
	wait_prompt "$w" "$n"
	hs=$(tmx display -p -t "${pane[$w]}" '#{history_size}')
	start=$((at[$w] - hs)) end=$((CUR - 1 - hs))
	mapfile -t OUT < <(tmx capture-pane -p -J -t "${pane[$w]}" -S "$start" -E "$end")
	at[$w]=$CUR
	local l
	for l in "${OUT[@]}"; do printf '   shell %s | %s\n' "$w" "$l"; done
	OUT=("${OUT[@]:1}") # the first line is the prompt and the command
	[ "$pace" = 0 ] || sleep "$pace"
}

for w in 1 2; do
	wait_prompt "$w" 0
	at[$w]=$CUR
done

# --------------------------------------------------- output parsers

# ns_links: the "kind:[inode]" lines of OUT, in order, into LINKS.
ns_links() {
	LINKS=()
	local l
	for l in "${OUT[@]}"; do
		[[ $l =~ ^[a-z_]+:\[[0-9]+\]$ ]] && LINKS+=("$l")
	done
	[ ${#LINKS[@]} -eq "$1" ] || fail "expected $1 namespace links from readlink, got: ${OUT[*]-}"
}

# queues: the rows of an ipcs -q table in OUT, as "key msqid" into ROWS.
queues() {
	ROWS=()
	local l seen=0
	for l in "${OUT[@]}"; do
		[ "$l" = "------ Message Queues --------" ] && seen=1
		[[ $l =~ ^(0x[0-9a-f]{8})\ +([0-9]+)\  ]] && ROWS+=("${BASH_REMATCH[1]} ${BASH_REMATCH[2]}")
	done
	[ $seen = 1 ] || fail "no message queue table in the output: ${OUT[*]-}"
}
has_key() { # has_key KEY: is KEY among ROWS?
	local r
	for r in "${ROWS[@]-}"; do [ "${r%% *}" = "$1" ] && return 0; done
	return 1
}
key_of() { # key_of MSQID: the key of the row with that id, into KEY
	local r
	for r in "${ROWS[@]-}"; do
		[ "${r#* }" = "$1" ] && KEY=${r%% *} && return 0
	done
	fail "queue id $1 is not in the list: ${OUT[*]-}"
}
created_id() { # the id from the first "Message queue id: N" line of OUT, into ID
	local l
	for l in "${OUT[@]-}"; do
		[[ $l =~ ^Message\ queue\ id:\ ([0-9]+)$ ]] && ID=${BASH_REMATCH[1]} && return 0
	done
	fail "expected 'Message queue id: N', got: ${OUT[*]-}"
}
expect_rows() { # expect_rows N WHAT
	[ ${#ROWS[@]} -eq "$1" ] || fail "$2: expected $1 queue(s), the list shows ${#ROWS[@]}: ${ROWS[*]-}"
}

# ===================================================== seed 001

section "Shell 1 plays the host. util-linux is gone, ours is on PATH"
run 1 'ipcs -q; echo "exit status $?"'
if [ ${#hidden[@]} -gt 0 ]; then
	[[ ${OUT[*]} == *"hidden by the demo"*"exit status 127" ]] || fail "util-linux's ipcs still answered in shell 1"
	ok "util-linux's ipcs does not work in the shells"
fi
run 1 'command -v gounshare gonsenter goipcs goipcmk goipcrm golsns'
[ "${OUT[*]}" = "$DEMO_BIN/gounshare $DEMO_BIN/gonsenter $DEMO_BIN/goipcs $DEMO_BIN/goipcmk $DEMO_BIN/goipcrm $DEMO_BIN/golsns" ] ||
	fail "the shells do not find our tools first on PATH: ${OUT[*]-}"
ok "the shells run our binaries from $DEMO_BIN"

section "Shell 1: note its namespaces and hostname, make a queue and list it (seed 001)"
run 1 'readlink /proc/$$/ns/uts /proc/$$/ns/ipc'
ns_links 2
uts1=${LINKS[0]} ipc1=${LINKS[1]}
[ "$uts1" = "$sandbox_uts" ] && [ "$ipc1" = "$sandbox_ipc" ] || fail "shell 1 is not in the sandbox's namespaces"
ok "shell 1 is in the demo's \"host\" namespaces $uts1 $ipc1"
run 1 'hostname'
host1=${OUT[0]-}
[ -n "$host1" ] && [ "$host1" != container001 ] || fail "unexpected hostname '$host1' in shell 1"
run 1 'goipcs -q'
queues
expect_rows 0 "a fresh IPC namespace has no queue"
ok "no queue yet"
run 1 'goipcmk -Q'
created_id
id1=$ID
run 1 'goipcs -q'
queues
expect_rows 1 "shell 1 after goipcmk -Q"
key_of "$id1"
key1=$KEY
echo "$key1" >>"$DEMO_STATE/keys"
ok "shell 1 lists its new queue: key $key1, id $id1"

section "Shell 2: the same namespaces, so the same queue"
run 2 'readlink /proc/$$/ns/uts /proc/$$/ns/ipc'
ns_links 2
[ "${LINKS[0]}" = "$uts1" ] && [ "${LINKS[1]}" = "$ipc1" ] ||
	fail "shell 2's namespaces ${LINKS[*]} differ from shell 1's $uts1 $ipc1"
ok "shell 2's namespace links equal shell 1's"
run 2 'goipcs -q'
queues
has_key "$key1" || fail "shell 2 does not see shell 1's queue $key1"
expect_rows 1 "shell 2 before unsharing"
ok "shell 2 sees shell 1's queue $key1"

section "Shell 2: gounshare -iu bash, new IPC and UTS namespaces"
say "gounshare has no --fork here: it unshares and replaces itself with bash (same PID)."
run 2 'echo "PID $$"'
shell2_pid=${OUT[0]#PID }
run 2 'gounshare -iu bash'
run 2 'echo "PID $$, parent $PPID"'
[[ ${OUT[0]-} =~ ^PID\ ([0-9]+),\ parent\ ([0-9]+)$ ]] || fail "unexpected output: ${OUT[*]-}"
pid2=${BASH_REMATCH[1]}
[ "${BASH_REMATCH[2]}" = "$shell2_pid" ] ||
	fail "the new bash's parent is ${BASH_REMATCH[2]}, not shell 2's bash $shell2_pid: gounshare did not exec in place"
ok "the new bash ($pid2) is gounshare itself, exec'd in place: its parent is shell 2's bash ($shell2_pid)"
run 2 'readlink /proc/$$/ns/uts /proc/$$/ns/ipc'
ns_links 2
uts2=${LINKS[0]} ipc2=${LINKS[1]}
[ "$uts2" != "$uts1" ] && [ "$ipc2" != "$ipc1" ] || fail "gounshare -iu did not give new namespaces: $uts2 $ipc2"
ok "new links: $uts2 $ipc2 (shell 1 has $uts1 $ipc1)"
run 2 'hostname container001'
run 2 'hostname'
[ "${OUT[*]-}" = container001 ] || fail "hostname in shell 2 is '${OUT[*]-}', not container001"
say "bash reads the hostname once, at start: exec bash to see it in the prompt."
run 2 'exec bash'
[[ $PROMPT == *@container001:* ]] || fail "the prompt after exec bash is '$PROMPT'"
ok "shell 2's prompt now says container001"
run 2 'goipcs -q'
queues
has_key "$key1" && fail "shell 2 still sees shell 1's queue $key1 after gounshare -i"
expect_rows 0 "the new IPC namespace"
ok "shell 2 no longer sees queue $key1"
run 2 'goipcmk -Q'
created_id
id2=$ID
run 2 'goipcs -q'
queues
expect_rows 1 "shell 2 after goipcmk -Q"
key_of "$id2"
key2=$KEY
echo "$key2" >>"$DEMO_STATE/keys"
has_key "$key1" && fail "shell 2 lists shell 1's queue $key1"
ok "shell 2 lists only its own queue: key $key2, id $id2"

section "Shell 1: unaffected"
run 1 'goipcs -q'
queues
has_key "$key1" || fail "shell 1 lost its queue $key1"
has_key "$key2" && fail "shell 1 sees shell 2's queue $key2"
expect_rows 1 "shell 1"
ok "shell 1 still lists only $key1"
run 1 'hostname'
[ "${OUT[*]-}" = "$host1" ] || fail "shell 1's hostname changed to '${OUT[*]-}'"
ok "shell 1's hostname is still $host1"

section "Shell 1: golsns -t uts finds the bash that holds container001's UTS namespace"
say "Shell 1 does not need shell 2 to tell its PID: golsns lists every UTS namespace and its lowest PID."
run 1 'golsns -t uts'
uts2_ino=${uts2#uts:\[}
uts2_ino=${uts2_ino%]}
found=
for l in "${OUT[@]}"; do
	# NS TYPE NPROCS PID USER COMMAND, the command maybe after tree art
	if [[ $l =~ ^$uts2_ino\ +uts\ +([0-9]+)\ +([0-9]+)\ +[^[:space:]]+\ +(.*)$ ]]; then
		found=${BASH_REMATCH[2]}
		[ "${BASH_REMATCH[1]}" = 1 ] || fail "container001's UTS namespace holds ${BASH_REMATCH[1]} processes, not 1: $l"
		[[ ${BASH_REMATCH[3]} == *bash ]] || fail "the process in container001's UTS namespace is not bash: $l"
	fi
done
[ -n "$found" ] || fail "golsns -t uts does not list container001's UTS namespace $uts2: ${OUT[*]-}"
[ "$found" = "$pid2" ] || fail "golsns names PID $found for $uts2, but shell 2's bash is $pid2"
ok "golsns -t uts: $uts2 holds one process, bash, PID $found: shell 2's bash"
pid2=$found

section "Shell 1: gonsenter -t $pid2 -u -i bash, join shell 2's namespaces"
say "First the trap: for nsenter every namespace letter takes an optional value, so -iu means --ipc=u."
run 1 "gonsenter -t $pid2 -iu bash; echo \"exit status \$?\""
[[ ${OUT[*]-} == *"cannot open u"*"exit status 1" ]] || fail "gonsenter -iu did not fail on the file 'u': ${OUT[*]-}"
[[ $PROMPT == *@"$host1":* ]] || fail "after the failed gonsenter the prompt is '$PROMPT'"
ok "-iu was read as --ipc=u, as util-linux reads it: nothing was entered"
say "The articles write the letters apart:"
shell1_pid=$(head -n 1 "$DEMO_STATE/prompts.1")
run 1 "gonsenter -t $pid2 -u -i bash"
[[ $PROMPT == *@container001:* ]] || fail "the prompt after gonsenter is '$PROMPT'"
ok "the prompt changed by itself: the new bash started in container001's UTS namespace"
run 1 'echo "PID $$, parent $PPID"'
[[ ${OUT[0]-} =~ ^PID\ ([0-9]+),\ parent\ ([0-9]+)$ ]] || fail "unexpected output: ${OUT[*]-}"
[ "${BASH_REMATCH[2]}" = "$shell1_pid" ] ||
	fail "the joined bash's parent is ${BASH_REMATCH[2]}, not shell 1's bash $shell1_pid: gonsenter forked for UTS and IPC"
ok "no fork for UTS and IPC: the joined bash is gonsenter itself, child of shell 1's bash ($shell1_pid)"
run 1 'readlink /proc/$$/ns/uts /proc/$$/ns/ipc'
ns_links 2
[ "${LINKS[0]}" = "$uts2" ] && [ "${LINKS[1]}" = "$ipc2" ] ||
	fail "after gonsenter, shell 1 has ${LINKS[*]}, not shell 2's $uts2 $ipc2"
ok "shell 1 now has shell 2's links $uts2 $ipc2"
run 1 'hostname'
[ "${OUT[*]-}" = container001 ] || fail "hostname after gonsenter is '${OUT[*]-}'"
ok "hostname is container001"
run 1 'goipcs -q'
queues
has_key "$key2" || fail "after gonsenter, shell 1 does not see shell 2's queue $key2"
has_key "$key1" && fail "after gonsenter, shell 1 still sees its old queue $key1"
expect_rows 1 "shell 1 inside shell 2's namespaces"
ok "shell 1 sees shell 2's queue $key2 and not its own $key1"
run 1 'exit'
run 1 'readlink /proc/$$/ns/uts /proc/$$/ns/ipc'
ns_links 2
[ "${LINKS[0]}" = "$uts1" ] && [ "${LINKS[1]}" = "$ipc1" ] || fail "back in shell 1, the links are ${LINKS[*]}"
ok "after exit, shell 1 is back in $uts1 $ipc1"

section "Shell 2: remove its queue with goipcrm, and leave its namespaces"
run 2 "goipcrm -q $id2"
run 2 'goipcs -q'
queues
expect_rows 0 "shell 2 after goipcrm -q $id2"
ok "queue $id2 is gone"
run 2 'exit'
run 2 'readlink /proc/$$/ns/uts /proc/$$/ns/ipc'
ns_links 2
[ "${LINKS[0]}" = "$uts1" ] && [ "${LINKS[1]}" = "$ipc1" ] || fail "back in shell 2, the links are ${LINKS[*]}"
ok "shell 2 is back in $uts1 $ipc1 (the container's namespaces had no process left and are gone)"

# ===================================================== seed 000

section "Shell 2: gounshare -m -i -p -f --mount-proc bash, a queue in a private IPC namespace (seed 000)"
say "--fork makes bash PID 1 of the new PID namespace; --mount-proc gives it a /proc to match."
run 2 'gounshare -m -i -p -f --mount-proc bash'
run 2 'echo "PID $$"; readlink /proc/$$/ns/pid /proc/$$/ns/ipc /proc/$$/ns/mnt'
[ "${OUT[0]-}" = "PID 1" ] || fail "bash in the new PID namespace says '${OUT[0]-}', not PID 1"
OUT=("${OUT[@]:1}")
ns_links 3
pid3=${LINKS[0]} ipc3=${LINKS[1]} mnt3=${LINKS[2]}
[ "$pid3" != "$sandbox_pid" ] && [ "$ipc3" != "$ipc1" ] && [ "$mnt3" != "$sandbox_mnt" ] ||
	fail "gounshare -m -i -p -f did not give new namespaces: ${LINKS[*]}"
ok "bash is PID 1 in new PID, IPC and mount namespaces"
say "Its /proc is the new namespace's: the only process there is bash (echo is a builtin)."
run 2 'echo /proc/[0-9]*'
[ "${OUT[*]-}" = /proc/1 ] || fail "the new namespace's /proc lists other processes: ${OUT[*]-}"
ok "--mount-proc: /proc shows only PID 1"
run 2 'goipcs -q'
queues
expect_rows 0 "the new IPC namespace"
run 2 'goipcmk -Q'
created_id
id3=$ID
run 2 'goipcs -q'
queues
expect_rows 1 "shell 2 after goipcmk -Q"
key_of "$id3"
key3=$KEY
echo "$key3" >>"$DEMO_STATE/keys"
has_key "$key1" && fail "the new namespace lists shell 1's queue $key1"
ok "inside: only the new queue $key3"

section "Shell 1: the queue is absent outside"
run 1 'goipcs -q'
queues
has_key "$key3" && fail "shell 1 sees queue $key3 of shell 2's private namespace"
has_key "$key1" || fail "shell 1 lost its queue $key1"
expect_rows 1 "shell 1"
ok "shell 1 lists $key1 only"

section "Shell 1: the seed's one-shot form: the namespace, and its queue, end with the command"
run 1 "gounshare -mipf --mount-proc bash -c 'echo \"PID \$\$\"; goipcmk -Q && goipcs -q'"
[ "${OUT[0]-}" = "PID 1" ] || fail "the one-shot bash says '${OUT[0]-}', not PID 1"
OUT=("${OUT[@]:1}")
created_id
id4=$ID
queues
expect_rows 1 "the one-shot namespace"
key_of "$id4"
key4=$KEY
echo "$key4" >>"$DEMO_STATE/keys"
has_key "$key1" && fail "the one-shot namespace lists shell 1's queue $key1"
ok "inside the one-shot namespace, bash was PID 1 and listed only its queue $key4"
run 1 'goipcs -q'
queues
has_key "$key4" && fail "queue $key4 outlived its namespace"
expect_rows 1 "shell 1 after the one-shot namespace ended"
ok "queue $key4 went away with its namespace; shell 1 still lists only $key1"

# ===================================================== the end

section "Clean up: leave shell 2's namespaces, remove shell 1's queue, close both shells"
run 2 'exit'
run 2 'readlink /proc/$$/ns/pid /proc/$$/ns/ipc /proc/$$/ns/mnt'
ns_links 3
[ "${LINKS[*]}" = "$sandbox_pid $sandbox_ipc $sandbox_mnt" ] || fail "back in shell 2, the links are ${LINKS[*]}"
ok "shell 2 is back in the sandbox's namespaces"
run 1 "goipcrm -Q $key1"
run 1 'goipcs -q'
queues
expect_rows 0 "shell 1 after goipcrm -Q $key1"
ok "queue $key1 removed by key"

for w in 1 2; do
	tmx send-keys -t "${pane[$w]}" -l -- 'exit'
	tmx send-keys -t "${pane[$w]}" Enter
done
deadline=$((SECONDS + timeout))
until [ "$(tmx list-panes -a -F '#{pane_dead}' | sort -u)" = 1 ]; do
	[ $SECONDS -lt $deadline ] || fail "the shells did not exit"
	sleep 0.02
done
tmx kill-server
ok "both shells exited; tmux server stopped"

# This script is PID 1 of the sandbox: only it may be left.
# The tmux server was re-parented to this script; bash reaps such adopted
# children whenever it waits for one of its own (the sleep).
deadline=$((SECONDS + timeout))
while :; do
	left=()
	for p in /proc/[0-9]*; do
		[ "$p" = /proc/1 ] || left+=("${p#/proc/} ($(<"$p/comm"))")
	done
	[ ${#left[@]} -eq 0 ] && break
	[ $SECONDS -lt $deadline ] || fail "processes left in the sandbox: ${left[*]}"
	sleep 0.05
done
ok "no process is left in the sandbox but this script"
rows=0
while read -r _; do rows=$((rows + 1)); done </proc/sysvipc/msg
[ "$rows" -eq 1 ] || fail "the sandbox still has $((rows - 1)) queue(s): $(cat /proc/sysvipc/msg)"
ok "no queue is left in the sandbox"
