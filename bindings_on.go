//go:build bindings

package main

// generatingBindings is true when `wails build`/`wails dev` runs the binary
// only to read the bound methods: it must not touch the user's database or
// keychain then.
const generatingBindings = true
