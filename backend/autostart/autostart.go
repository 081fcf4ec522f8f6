// Package autostart starts Care Inbox when the user logs in, the way each
// desktop expects it: an XDG autostart entry on Linux
// ($XDG_CONFIG_HOME/autostart/careinbox.desktop), a LaunchAgent on macOS
// (~/Library/LaunchAgents/org.careinbox.app.plist), a value under the
// user's Run key on Windows. Each is one small file or registry value the
// user can also remove by hand; nothing is kept anywhere else.
package autostart

import "errors"

// ErrUnsupported: this system has no start-at-login mechanism we know.
var ErrUnsupported = errors.New("starting at login is not supported on this system")

// Entry is the program to start at login.
type Entry struct {
	// ID names the file (Linux, macOS); Name is what the desktop shows and,
	// without spaces, the Windows value's name ("CareInbox", which the
	// uninstaller removes).
	ID   string
	Name string
	Exe  string
	Args []string
}

// Default is Care Inbox's own entry: the program, started with its window
// hidden (--background) so a login does not open a window nobody asked for.
func Default(exe string, extraArgs ...string) Entry {
	return Entry{ID: "careinbox", Name: "Care Inbox", Exe: exe, Args: append([]string{"--background"}, extraArgs...)}
}

// Enable makes the entry start at login (rewriting it when it exists, so a
// moved program is found again).
func (e Entry) Enable() error {
	if e.ID == "" || e.Exe == "" {
		return errors.New("autostart: entry needs an id and a program")
	}
	return enable(e)
}

// Disable stops the entry from starting at login; no entry is no error.
func (e Entry) Disable() error { return disable(e) }

// Enabled says whether the entry starts at login.
func (e Entry) Enabled() (bool, error) { return enabled(e) }
