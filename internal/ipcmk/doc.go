// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package ipcmk creates what goipcmk is asked for: System V message
// queues, shared memory segments and semaphore arrays with random unused
// keys, and POSIX message queues, shared memory objects and named
// semaphores, all or nothing.
//
// [FromArgs] checks every value of the command line before anything is
// made (sizes with util-linux's suffixes, computed exactly; octal modes up
// to 0777; element counts within the namespace's SEMMSL; POSIX names).
// [Request.Create] then makes the objects in util-linux's order and returns
// util-linux's lines ("Message queue id: 0"); when one fails, the ones
// already made are removed again, so a failed run leaves nothing behind
// (util-linux keeps them).
package ipcmk
