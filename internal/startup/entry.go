//go:build linux && (amd64 || arm64)

package startup

// entry is the entry point the linker flag LinkFlag selects (entry_*.s).
func entry()
