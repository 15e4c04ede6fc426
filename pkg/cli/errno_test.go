package cli

import "syscall"

const (
	errnoENOENT = syscall.ENOENT
	errnoEPERM  = syscall.EPERM
)
