//go:build !bindings

package app

const GeneratingBindings = false
