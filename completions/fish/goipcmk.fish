# fish completion for goipcmk
# SPDX-License-Identifier: Apache-2.0
# Generated from goipcmk's option table by "make completions"; do not edit.
complete -c goipcmk -f
complete -c goipcmk -s M -l shmem -x -d 'create shared memory segment of size <size>'
complete -c goipcmk -s m -l posix-shmem -x -d 'create POSIX shared memory segment of size <size>'
complete -c goipcmk -s S -l semaphore -x -d 'create semaphore array with <number> elements'
complete -c goipcmk -s s -l posix-semaphore -d 'create POSIX semaphore'
complete -c goipcmk -s Q -l queue -d 'create message queue'
complete -c goipcmk -s q -l posix-mqueue -d 'create POSIX message queue'
complete -c goipcmk -s p -l mode -x -d 'permission for the resource (default is 0644)'
complete -c goipcmk -s n -l name -x -d 'name of the POSIX resource'
complete -c goipcmk -s h -l help -d 'display this help'
complete -c goipcmk -s V -l version -d 'display version'
