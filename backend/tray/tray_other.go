//go:build !linux && !freebsd && !openbsd && !netbsd

package tray

// Not offered on macOS and Windows, where fyne.io/systray cannot share the
// process with Wails v2 (read in systray v1.12.2's sources; neither can be
// run here):
//   - macOS: registering the tray calls [NSApplication setDelegate:] with
//     systray's own delegate, replacing the one Wails' window, menu and
//     lifecycle run on.
//   - Windows: RunWithExternalLoop creates the tray's hidden window on the
//     calling thread but pumps its messages (GetMessage) from a new,
//     unlocked goroutine, which only sees messages of windows on whatever
//     thread it runs on: clicks would be lost unless both ran on Wails' UI
//     thread, which Wails does not hand out.
// There the window hides on close and File → Quit ends the app.

// Tray does nothing here; Start says so.
type Tray struct{}

// New returns a tray that cannot start.
func New(Config) *Tray { return &Tray{} }

// Start returns ErrUnsupported.
func (*Tray) Start() error { return ErrUnsupported }

// Update does nothing.
func (*Tray) Update(State) {}

// Shown is always false.
func (*Tray) Shown() bool { return false }

// Stop does nothing.
func (*Tray) Stop() {}
