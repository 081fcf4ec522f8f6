//go:build linux || freebsd || openbsd || netbsd || dragonfly

package secrets

import (
	"errors"
	"os"
	"path/filepath"
)

// errNoSessionBus: the Secret Service lives on the desktop session's bus.
var errNoSessionBus = errors.New("no desktop session bus (D-Bus) to reach the keychain on; start Care Inbox from your desktop session")

// sessionBus says whether a session bus is there to reach, the way godbus
// looks for one. Without this check godbus would autolaunch a bus of its own
// (dbus-launch), which outlives every headless run together with a
// gnome-keyring-daemon — and holds none of the user's secrets anyway.
func sessionBus() error {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "" {
		return nil
	}
	if dir := os.Getenv("XDG_RUNTIME_DIR"); dir != "" {
		if _, err := os.Stat(filepath.Join(dir, "bus")); err == nil {
			return nil
		}
	}
	return errNoSessionBus
}
