# fish completion for golsns
# SPDX-License-Identifier: Apache-2.0
# Generated from golsns's option table by "make completions"; do not edit.
complete -c golsns -f
complete -c golsns -s J -l json -d 'use JSON output format'
complete -c golsns -s l -l list -d 'use list format output'
complete -c golsns -s n -l noheadings -d 'don\'t print headings'
complete -c golsns -s o -l output -x -a '(printf \'%s\\n\' \'NS\' \'TYPE\' \'PATH\' \'NPROCS\' \'PID\' \'PPID\' \'COMMAND\' \'UID\' \'USER\' \'NETNSID\' \'NSFS\' \'PNS\' \'ONS\' \'ID\' \'CONTAINER\')' -d 'define which output columns to use'
complete -c golsns -l output-all -d 'output all columns'
complete -c golsns -s P -l persistent -d 'namespaces without processes'
complete -c golsns -s p -l task -x -a '(__fish_complete_pids)' -d 'print process namespaces'
complete -c golsns -s Q -l filter -x -d 'apply display filter'
complete -c golsns -s r -l raw -d 'use the raw output format'
complete -c golsns -s u -l notruncate -d 'don\'t truncate text in columns'
complete -c golsns -s W -l nowrap -d 'don\'t use multi-line representation'
complete -c golsns -s t -l type -x -a '(printf \'%s\\n\' \'mnt\' \'net\' \'ipc\' \'user\' \'pid\' \'uts\' \'cgroup\' \'time\')' -d 'namespace type (mnt, net, ipc, user, pid, uts, cgroup, time)'
complete -c golsns -s T -l tree -d 'use tree format (parent, owner, or process)'
complete -c golsns -s H -l list-columns -d 'list the available columns'
complete -c golsns -s h -l help -d 'display this help'
complete -c golsns -s V -l version -d 'display version'
