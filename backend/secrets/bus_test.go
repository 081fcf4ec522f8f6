//go:build linux

package secrets

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// Without a session bus the keychain is said to be unavailable at once, and
// no bus (nor keyring daemon) of our own is started to outlive the run.
func TestNoSessionBusStartsNoDaemon(t *testing.T) {
	bin := t.TempDir()
	marker := filepath.Join(t.TempDir(), "launched")
	// A dbus-launch that only leaves a mark: godbus would run it to autolaunch.
	script := "#!/bin/sh\ntouch " + marker + "\nexit 1\n"
	if err := os.WriteFile(filepath.Join(bin, "dbus-launch"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir()) // no "bus" socket in it

	k := NewKeyring("careinbox-test-nobus")
	_, err := k.Get(context.Background(), "handle/1")
	if !IsUnavailable(err) {
		t.Fatalf("Get without a session bus = %v, want unavailable", err)
	}
	if err := Probe(context.Background(), k); !IsUnavailable(err) {
		t.Errorf("Probe without a session bus = %v, want unavailable", err)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("a session bus was autolaunched (dbus-launch ran)")
	}
}
