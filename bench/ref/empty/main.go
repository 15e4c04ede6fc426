// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Command empty does nothing: the Go runtime's start-up and exit alone.
package main

func main() {}
