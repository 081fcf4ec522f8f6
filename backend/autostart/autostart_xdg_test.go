//go:build linux || freebsd || openbsd || netbsd

package autostart

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The real thing in a temporary XDG_CONFIG_HOME: on, read back, off.
func TestXDGAutostart(t *testing.T) {
	cases := []struct {
		name, exe string
		extra     []string
		wantExec  string
	}{
		{"plain", "/usr/bin/careinbox", nil, "Exec=/usr/bin/careinbox --background"},
		{"a data directory with spaces", "/opt/Care Inbox/careinbox", []string{"--data-dir", `/home/u/My "care" $data`},
			`Exec="/opt/Care Inbox/careinbox" --background --data-dir "/home/u/My \"care\" \$data"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := t.TempDir()
			t.Setenv("XDG_CONFIG_HOME", cfg)
			e := Default(c.exe, c.extra...)
			if on, err := e.Enabled(); err != nil || on {
				t.Fatalf("Enabled before = %v, %v; want false", on, err)
			}
			if err := e.Enable(); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(cfg, "autostart", "careinbox.desktop")
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"[Desktop Entry]", "Type=Application", "Name=Care Inbox", c.wantExec} {
				if !strings.Contains(string(data), want+"\n") {
					t.Errorf("%s lacks %q:\n%s", file, want, data)
				}
			}
			if on, err := e.Enabled(); err != nil || !on {
				t.Fatalf("Enabled after Enable = %v, %v", on, err)
			}
			if err := e.Enable(); err != nil { // again: rewritten, still one file
				t.Fatal(err)
			}
			if err := e.Disable(); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(file); !os.IsNotExist(err) {
				t.Fatalf("the entry is still there after Disable: %v", err)
			}
			if err := e.Disable(); err != nil {
				t.Fatalf("Disable without an entry = %v", err)
			}
		})
	}
}

// A desktop's own settings switch an entry off without removing it.
func TestXDGSwitchedOffByTheDesktop(t *testing.T) {
	for _, line := range []string{"Hidden=true", "X-GNOME-Autostart-enabled=false"} {
		t.Run(line, func(t *testing.T) {
			cfg := t.TempDir()
			t.Setenv("XDG_CONFIG_HOME", cfg)
			e := Default("/usr/bin/careinbox")
			if err := e.Enable(); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(cfg, "autostart", "careinbox.desktop")
			data, _ := os.ReadFile(file)
			data = []byte(strings.Replace(string(data), "X-GNOME-Autostart-enabled=true", line, 1))
			if err := os.WriteFile(file, data, 0o644); err != nil {
				t.Fatal(err)
			}
			if on, err := e.Enabled(); err != nil || on {
				t.Fatalf("Enabled = %v, %v; want false", on, err)
			}
		})
	}
}

func TestEnableNeedsAProgram(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	if err := (Entry{ID: "careinbox"}).Enable(); err == nil {
		t.Fatal("want an error without a program")
	}
}
