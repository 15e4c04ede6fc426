# fish completion for goipcs
# SPDX-License-Identifier: Apache-2.0
# Generated from goipcs's option table by "make completions"; do not edit.
complete -c goipcs -f
complete -c goipcs -s i -l id -x -a '(for l in (tail -q -n +2 /proc/sysvipc/shm /proc/sysvipc/msg /proc/sysvipc/sem 2>/dev/null); set -l f (string split -n \' \' -- $l); echo $f[2]; end)' -d ''
complete -c goipcs -s q -l queues -d ''
complete -c goipcs -s m -l shmems -d ''
complete -c goipcs -s s -l semaphores -d ''
complete -c goipcs -s a -l all -d ''
complete -c goipcs -s t -l time -d ''
complete -c goipcs -s p -l pid -d ''
complete -c goipcs -s c -l creator -d ''
complete -c goipcs -s l -l limits -d ''
complete -c goipcs -s u -l summary -d ''
complete -c goipcs -l human -d ''
complete -c goipcs -s b -l bytes -d ''
complete -c goipcs -l json -d ''
complete -c goipcs -l posix -d ''
complete -c goipcs -l target -x -a '(__fish_complete_pids)' -d ''
complete -c goipcs -l container -x -a '(sh -c \'{ for e in docker podman; do command -v $e >/dev/null && timeout 2 $e ps --format \\\'{{.Names}}\\\'; done; for d in /run/containerd/io.containerd.runtime.v2.task/*/* /run/containerd/io.containerd.runtime.v1.linux/*/*; do case $d in */moby/*) continue ;; esac; p=$(cat "$d/init.pid") && [ -n "$p" ] && [ -d "/proc/$p" ] && echo "${d##*/}"; done; } 2>/dev/null\')' -d ''
complete -c goipcs -l runtime -x -a '(printf \'%s\\n\' \'docker\' \'podman\' \'cri-o\' \'containerd\')' -d ''
complete -c goipcs -s h -l help -d 'display this help'
complete -c goipcs -s V -l version -d 'display version'
