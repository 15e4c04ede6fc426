# fish completion for gonstools
# SPDX-License-Identifier: Apache-2.0
# Generated from gonstools's option table by "make completions"; do not edit.

# __gonstools_operand prints the index of the first operand on the command
# line, if there is one before the word being completed.
function __gonstools_operand
	set -l words (commandline -opc)
	set -l i 2
	while test $i -le (count $words)
		switch $words[$i]
			case --
				set i (math $i + 1)
				break
			case 
				set i (math $i + 1)
			case '-*'
			case '*'
				break
		end
		set i (math $i + 1)
	end
	test $i -le (count $words); and echo $i
end

complete -c gonstools -n 'not __gonstools_operand' -f -a 'gounshare gonsenter goipcs goipcmk goipcrm golsns unshare nsenter ipcs ipcmk ipcrm lsns'
complete -c gonstools -n __gonstools_operand -x -a '(set -l w (commandline -opc); complete -C (string join -- " " $w[(__gonstools_operand)..-1] (commandline -ct)))'
complete -c gonstools -n 'not __gonstools_operand' -s l -l list -d 'list the tools\' names, one per line'
complete -c gonstools -n 'not __gonstools_operand' -s h -l help -d 'display this help'
complete -c gonstools -n 'not __gonstools_operand' -s V -l version -d 'display version'
