//go:build bindings

package app

// GeneratingBindings is true when `wails build`/`wails dev` runs the binary
// only to read the bound methods: it must not touch the user's database or
// keychain then.
const GeneratingBindings = true
