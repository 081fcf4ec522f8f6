package tray

import (
	"bytes"
	_ "embed"
	"errors"
	"image/png"
	"log/slog"
	"time"
)

// Icon is the panel icon: build/appicon.png at iconPixels square. The panel
// reads the pixels over D-Bus, so the 1024-pixel original (4 MB as ARGB)
// is too big; hosts scale this one to their 16–48 pixels.
//
//go:generate convert ../../build/appicon.png -resize 64x64 -depth 8 -strip PNG32:icon.png
//go:embed icon.png
var Icon []byte

const iconPixels = 64

func iconSize(b []byte) (w, h int, err error) {
	c, err := png.DecodeConfig(bytes.NewReader(b))
	return c.Width, c.Height, err
}

// Config is what the tray needs from the app: its name and what the menu's
// items do. The callbacks run on the tray's own goroutine.
type Config struct {
	// Title names the item to the panel and starts its tooltip ("Care
	// Inbox", or the sample workspace's title).
	Title  string
	Logger *slog.Logger
	// Open shows and focuses the window (a click on the icon, "Open Care Inbox").
	Open func()
	// Quit ends the app the way File → Quit does.
	Quit func()
	// Pause pauses (true, for PauseFor) or resumes deadline notifications;
	// nil: the menu has no pause item.
	Pause func(pause bool)
	// Now is the clock of the pause label (nil: time.Now).
	Now func() time.Time
}

func (c Config) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// Errors of Start. With ErrNoWatcher the tray waits and shows itself when
// a watcher appears (GNOME's AppIndicator extension switched on later).
var (
	ErrUnsupported = errors.New("no tray icon on this system")
	ErrNoBus       = errors.New("no desktop session bus (D-Bus) for a tray icon")
	ErrNoWatcher   = errors.New("no StatusNotifierWatcher on the session bus (on GNOME: the AppIndicator extension), so no tray icon")
)
