package app

import (
	"context"
	"flag"
	"io"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"careinbox/backend/buildinfo"
	"careinbox/backend/platform"
)

// The app as a desktop citizen (issue 17): closing the window hides it and
// the workspace keeps syncing and notifying; Quit (File menu, Ctrl+Q, the
// tray's menu) ends it; a second launch or the tray's icon brings the
// window forward (tray.go); start at login, the
// folders, diagnostics and the About box.

// LoginStarter is what the app needs of backend/autostart.
type LoginStarter interface {
	Enable() error
	Disable() error
	Enabled() (bool, error)
}

// DesktopConfig is the desktop side of Config.
type DesktopConfig struct {
	// Autostart starts the app at login (nil: not offered, e.g. the sample workspace).
	Autostart LoginStarter
	// Diagnostics gathers the "Copy diagnostics" report (nil: none).
	Diagnostics func(ctx context.Context) (string, error)
	DataDir     string
	LogDir      string
	// FirstHide tells the user, once per profile, that the window only
	// hid and the app keeps watching, and how to get it back: from the
	// tray's icon when it is in a panel, else by launching the app again
	// (nil: nothing to say).
	FirstHide func(trayShown bool)
	// Tray builds the panel icon (nil: none).
	Tray NewTray
}

// desktop is the window-side state the menu, the close button and a second
// launch share.
type desktop struct {
	quitting atomic.Bool
	hideOnce sync.Once
}

// EventMenu carries an application-menu action the front end carries out
// (payload: the action's name, see frontend/src/lib/menuActions.ts).
const EventMenu = "careinbox:menu"

// BeforeClose is Wails' OnBeforeClose: the window's close button hides the
// window (the workspace keeps watching); only Quit closes the app.
func (a *App) BeforeClose(ctx context.Context) (prevent bool) {
	if a.desktop.quitting.Load() {
		return false
	}
	runtime.WindowHide(ctx)
	a.cfg.Logger.Info("window hidden; still watching")
	a.desktop.hideOnce.Do(func() {
		if a.cfg.Desktop.FirstHide != nil {
			a.cfg.Desktop.FirstHide(a.trayShown())
		}
	})
	return true
}

// Quit ends the app: the window closes and the background work stops. It
// says false when there is no window yet to close (the caller then exits).
func (a *App) Quit() bool {
	a.desktop.quitting.Store(true)
	if !a.started() {
		return false
	}
	runtime.Quit(a.context())
	return true
}

// SecondLaunch is Wails' OnSecondInstanceLaunch: the running window comes
// forward and does what the second launch was asked to (--open-conversation N).
func (a *App) SecondLaunch(args []string) {
	ctx := a.context()
	if !a.started() {
		return
	}
	a.showWindow(ctx)
	a.cfg.Logger.Info("second launch: window brought forward")
	if id := OpenConversationArg(args); id > 0 {
		runtime.EventsEmit(ctx, EventOpenConversation, id)
	}
}

// OpenConversationArg reads --open-conversation N from a launch's
// arguments; 0 when there is none (or it is not a conversation id).
func OpenConversationArg(args []string) int64 {
	fs := flag.NewFlagSet("second", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	id := fs.String("open-conversation", "", "")
	fs.Bool("demo", false, "")
	fs.Bool("background", false, "")
	fs.Bool("read-only", false, "")
	fs.String("data-dir", "", "")
	_ = fs.Parse(args) // unknown flags end the parse; what was read stands
	n, err := strconv.ParseInt(*id, 10, 64)
	if err != nil || n <= 0 {
		return 0
	}
	return n
}

func (a *App) started() bool {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.isStarted
}

// DesktopAPI is bound to the front end: start at login, the folders,
// diagnostics, About and Quit.
type DesktopAPI struct {
	app *App
}

// AboutDTO is what the About box shows.
type AboutDTO struct {
	Version  string       `json:"version"`
	Licences []LicenceDTO `json:"licences"`
}

// LicenceDTO is one bundled component.
type LicenceDTO struct {
	Name    string `json:"name"`
	Licence string `json:"licence"`
}

// About returns the version and the licences of the bundled components.
func (d *DesktopAPI) About() (AboutDTO, error) {
	out := AboutDTO{Version: d.app.cfg.Version, Licences: []LicenceDTO{}}
	for _, c := range buildinfo.Licences() {
		out.Licences = append(out.Licences, LicenceDTO{Name: c.Name, Licence: c.Licence})
	}
	return out, nil
}

// StartAtLoginDTO says whether the app starts at login and whether it can.
type StartAtLoginDTO struct {
	Available bool `json:"available"`
	Enabled   bool `json:"enabled"`
}

// StartAtLogin says whether Care Inbox starts when the user logs in.
func (d *DesktopAPI) StartAtLogin() (StartAtLoginDTO, error) {
	s := d.app.cfg.Desktop.Autostart
	if s == nil {
		return StartAtLoginDTO{}, nil
	}
	on, err := s.Enabled()
	if err != nil {
		return StartAtLoginDTO{Available: true}, toAPIError(err)
	}
	return StartAtLoginDTO{Available: true, Enabled: on}, nil
}

// SetStartAtLogin turns starting at login on or off.
func (d *DesktopAPI) SetStartAtLogin(on bool) (StartAtLoginDTO, error) {
	s := d.app.cfg.Desktop.Autostart
	if s == nil {
		return StartAtLoginDTO{}, invalid("starting at login is not offered for this workspace")
	}
	var err error
	if on {
		err = s.Enable()
	} else {
		err = s.Disable()
	}
	if err != nil {
		return StartAtLoginDTO{Available: true}, toAPIError(err)
	}
	d.app.cfg.Logger.Info("start at login changed", "enabled", on)
	return d.StartAtLogin()
}

// CopyDiagnostics gathers the diagnostics (no secrets, no message text),
// puts them on the clipboard and returns them for the front end to show.
func (d *DesktopAPI) CopyDiagnostics() (string, error) {
	gather := d.app.cfg.Desktop.Diagnostics
	if gather == nil {
		return "", invalid("no diagnostics in this window")
	}
	ctx := d.app.context()
	text, err := gather(ctx)
	if err != nil {
		return "", toAPIError(err)
	}
	if d.app.started() {
		if err := runtime.ClipboardSetText(ctx, text); err != nil {
			d.app.cfg.Logger.Warn("diagnostics: clipboard", "err", err)
		}
	}
	return text, nil
}

// OpenLogsFolder shows the logs folder in the file manager.
func (d *DesktopAPI) OpenLogsFolder() error {
	return openFolder(d.app.cfg.Desktop.LogDir)
}

// OpenDataFolder shows the data folder (the database, the logs) in the file manager.
func (d *DesktopAPI) OpenDataFolder() error {
	return openFolder(d.app.cfg.Desktop.DataDir)
}

func openFolder(dir string) error {
	if dir == "" {
		return invalid("no folder known for this window")
	}
	return toAPIError(platform.OpenFolder(dir))
}

// Quit closes the window and stops the background work (the close button only hides the window).
func (d *DesktopAPI) Quit() { d.app.Quit() }
