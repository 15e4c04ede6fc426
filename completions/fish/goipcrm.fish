# fish completion for goipcrm
# SPDX-License-Identifier: Apache-2.0
# Generated from goipcrm's option table by "make completions"; do not edit.
complete -c goipcrm -f
complete -c goipcrm -s m -l shmem-id -x -a '(for l in (tail -q -n +2 /proc/sysvipc/shm 2>/dev/null); set -l f (string split -n \' \' -- $l); echo $f[2]; end)' -d 'remove shared memory segment by id'
complete -c goipcrm -s M -l shmem-key -x -a '(for l in (tail -q -n +2 /proc/sysvipc/shm 2>/dev/null); set -l f (string split -n \' \' -- $l); printf \'0x%08x\\n\' (math "bitand($f[1], 4294967295)"); end)' -d 'remove shared memory segment by key'
complete -c goipcrm -l posix-shmem -x -a '(string replace -r \'^\' / -- (path basename /dev/shm/* | string match -v \'sem.*\'))' -d 'remove POSIX shared memory segment by name'
complete -c goipcrm -s q -l queue-id -x -a '(for l in (tail -q -n +2 /proc/sysvipc/msg 2>/dev/null); set -l f (string split -n \' \' -- $l); echo $f[2]; end)' -d 'remove message queue by id'
complete -c goipcrm -s Q -l queue-key -x -a '(for l in (tail -q -n +2 /proc/sysvipc/msg 2>/dev/null); set -l f (string split -n \' \' -- $l); printf \'0x%08x\\n\' (math "bitand($f[1], 4294967295)"); end)' -d 'remove message queue by key'
complete -c goipcrm -l posix-mqueue -x -a '(string replace -r \'^\' / -- (path basename /dev/mqueue/*))' -d 'remove POSIX message queue by name'
complete -c goipcrm -s s -l semaphore-id -x -a '(for l in (tail -q -n +2 /proc/sysvipc/sem 2>/dev/null); set -l f (string split -n \' \' -- $l); echo $f[2]; end)' -d 'remove semaphore by id'
complete -c goipcrm -s S -l semaphore-key -x -a '(for l in (tail -q -n +2 /proc/sysvipc/sem 2>/dev/null); set -l f (string split -n \' \' -- $l); printf \'0x%08x\\n\' (math "bitand($f[1], 4294967295)"); end)' -d 'remove semaphore by key'
complete -c goipcrm -l posix-semaphore -x -a '(string replace -r \'^sem\\.\' / -- (path basename /dev/shm/sem.*))' -d 'remove POSIX semaphore by name'
complete -c goipcrm -s a -l all -d 'remove all (in the specified category)'
complete -c goipcrm -s v -l verbose -d 'explain what is being done'
complete -c goipcrm -s h -l help -d 'display this help'
complete -c goipcrm -s V -l version -d 'display version'
