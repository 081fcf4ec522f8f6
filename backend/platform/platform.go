// Package platform knows where Care Inbox keeps its files on each operating system.
package platform

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// AppID names the app's directories and its single-instance lock.
const AppID = "careinbox"

// Paths are the files of one profile.
type Paths struct {
	DataDir  string // everything of the profile lives under here
	Database string
	LogDir   string
	Demo     bool
}

// DefaultDataDir is the per-user data directory: $XDG_DATA_HOME/careinbox
// (~/.local/share/careinbox) on Linux, ~/Library/Application Support/Care Inbox
// on macOS, %AppData%\Care Inbox on Windows.
func DefaultDataDir() (string, error) {
	switch runtime.GOOS {
	case "linux", "freebsd", "openbsd", "netbsd":
		if d := os.Getenv("XDG_DATA_HOME"); d != "" {
			return filepath.Join(d, AppID), nil
		}
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find home directory: %w", err)
		}
		return filepath.Join(home, ".local", "share", AppID), nil
	default:
		cfg, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("find user data directory: %w", err)
		}
		return filepath.Join(cfg, "Care Inbox"), nil
	}
}

// Resolve picks the profile's files. dataDir overrides the default. The demo
// workspace lives in its own subdirectory so sample and real data never mix.
func Resolve(dataDir string, demo bool) (Paths, error) {
	if dataDir == "" {
		d, err := DefaultDataDir()
		if err != nil {
			return Paths{}, err
		}
		dataDir = d
	}
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return Paths{}, fmt.Errorf("resolve data directory %s: %w", dataDir, err)
	}
	p := Paths{DataDir: abs, Database: filepath.Join(abs, "careinbox.db"), LogDir: filepath.Join(abs, "logs"), Demo: demo}
	if demo {
		p.Database = filepath.Join(abs, "demo", "careinbox-demo.db")
	}
	return p, nil
}

// Ensure creates the profile's directories, private to the user.
func (p Paths) Ensure() error {
	for _, d := range []string{p.DataDir, filepath.Dir(p.Database), p.LogDir} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return fmt.Errorf("create %s: %w", d, err)
		}
	}
	return nil
}
