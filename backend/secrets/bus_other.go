//go:build !(linux || freebsd || openbsd || netbsd || dragonfly)

package secrets

// sessionBus: macOS and Windows keychains need no D-Bus.
func sessionBus() error { return nil }
