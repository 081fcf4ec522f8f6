//go:build linux || freebsd || openbsd || netbsd

package tray

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"fyne.io/systray"
	"github.com/godbus/dbus/v5"
)

// WatcherName is the bus name of the panel's StatusNotifierWatcher, which
// items register with (KDE, XFCE, Cinnamon, MATE, LXQt, Budgie have one;
// GNOME only with the AppIndicator extension).
const WatcherName = "org.kde.StatusNotifierWatcher"

// claimed: systray keeps its item in package variables, one per process,
// so a second Tray must not start over the first.
var claimed atomic.Bool

// Tray is the panel icon. systray's Linux backend exports the item and its
// menu on the shared session-bus connection (dbus.SessionBus) and never
// touches GTK, so it needs neither the main thread nor a loop of its own:
// that is why it coexists with Wails' gtk_main. Its own goroutine
// re-registers when the panel restarts.
type Tray struct {
	cfg Config

	mu       sync.Mutex
	state    State
	items    map[Action]*systray.MenuItem
	labels   map[Action]string
	tooltip  string
	exported bool

	watch    *dbus.Conn // private: asks for and waits on the watcher
	done     chan struct{}
	stopOnce sync.Once
}

// New returns a tray for cfg; nothing is on the bus until Start.
func New(cfg Config) *Tray {
	return &Tray{cfg: cfg, done: make(chan struct{}), labels: map[Action]string{}}
}

// Start puts the icon in the panel. Without a watcher on the session bus
// it returns ErrNoWatcher and shows the icon as soon as one appears.
func (t *Tray) Start() error {
	if !claimed.CompareAndSwap(false, true) {
		return errors.New("tray: already started in this process")
	}
	if !sessionBus() {
		return ErrNoBus
	}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return fmt.Errorf("tray: connect to the session bus: %w", err)
	}
	t.watch = conn
	// Listen before asking, so a watcher starting in between is not missed.
	if err := conn.AddMatchSignal(dbus.WithMatchSender("org.freedesktop.DBus"), dbus.WithMatchInterface("org.freedesktop.DBus"),
		dbus.WithMatchMember("NameOwnerChanged"), dbus.WithMatchArg(0, WatcherName)); err != nil {
		return fmt.Errorf("tray: watch for the panel: %w", err)
	}
	ch := make(chan *dbus.Signal, 8)
	conn.Signal(ch)
	if t.watcherPresent() {
		conn.RemoveSignal(ch)
		t.export()
		return nil
	}
	go t.waitForWatcher(ch)
	return ErrNoWatcher
}

func (t *Tray) watcherPresent() bool {
	var has bool
	err := t.watch.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, WatcherName).Store(&has)
	return err == nil && has
}

func (t *Tray) waitForWatcher(ch chan *dbus.Signal) {
	for {
		select {
		case <-t.done:
			return
		case sig, ok := <-ch:
			if !ok || sig == nil {
				return
			}
			if len(sig.Body) == 3 && sig.Body[0] == WatcherName && sig.Body[2] != "" {
				t.watch.RemoveSignal(ch)
				t.export()
				t.log("tray icon shown: a StatusNotifierWatcher appeared on the session bus")
				return
			}
		}
	}
}

// export hands the item to systray: icon, title, a click opening the
// window, then the menu (built in ready, which systray runs once).
func (t *Tray) export() {
	t.mu.Lock()
	if t.exported {
		t.mu.Unlock()
		return
	}
	t.exported = true
	// Under t.mu, so an Update meanwhile cannot be overwritten by an older tooltip.
	t.tooltip = Tooltip(t.cfg.Title, t.state)
	systray.SetIcon(Icon)
	systray.SetTitle(t.cfg.Title)
	systray.SetTooltip(t.tooltip)
	systray.SetOnTapped(t.cfg.Open)
	t.mu.Unlock()
	// The end function is never called: it closes dbus.SessionBus(), the
	// connection go-keyring shares. The item leaves the panel when the
	// process's connection closes at exit; Stop ends systray's goroutine.
	start, _ := systray.RunWithExternalLoop(t.ready, nil)
	start()
}

// ready builds the menu and serves its clicks until Stop.
func (t *Tray) ready() {
	t.mu.Lock()
	items := map[Action]*systray.MenuItem{}
	for _, it := range Menu(t.state, t.cfg.Pause != nil, t.cfg.now()) {
		if it.Action == ActionQuit {
			systray.AddSeparator()
		}
		mi := systray.AddMenuItem(it.Label, "")
		if !it.Enabled {
			mi.Disable()
		}
		items[it.Action] = mi
		t.labels[it.Action] = it.Label
	}
	t.items = items
	t.mu.Unlock()
	go t.serve(items)
}

func (t *Tray) serve(items map[Action]*systray.MenuItem) {
	var pause chan struct{} // nil without a pause item: never ready
	if mi := items[ActionPause]; mi != nil {
		pause = mi.ClickedCh
	}
	for {
		select {
		case <-t.done:
			return
		case <-items[ActionOpen].ClickedCh:
			t.cfg.Open()
		case <-pause:
			t.mu.Lock()
			paused := t.state.Paused(t.cfg.now())
			t.mu.Unlock()
			t.cfg.Pause(!paused)
		case <-items[ActionQuit].ClickedCh:
			t.cfg.Quit()
		}
	}
}

// Update shows state s; only the lines that changed are sent to the panel.
func (t *Tray) Update(s State) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.state = s
	if t.items == nil {
		return // ready builds the menu from t.state
	}
	for _, it := range Menu(s, t.cfg.Pause != nil, t.cfg.now()) {
		if mi := t.items[it.Action]; mi != nil && t.labels[it.Action] != it.Label {
			mi.SetTitle(it.Label)
			t.labels[it.Action] = it.Label
		}
	}
	if tip := Tooltip(t.cfg.Title, s); tip != t.tooltip {
		t.tooltip = tip
		systray.SetTooltip(tip)
	}
}

// Shown says whether the icon is in a panel now: exported, and a watcher
// on the bus to show it.
func (t *Tray) Shown() bool {
	t.mu.Lock()
	exported := t.exported
	t.mu.Unlock()
	return exported && t.watcherPresent()
}

// Stop ends the tray's goroutines; the item goes with the process.
func (t *Tray) Stop() {
	t.stopOnce.Do(func() {
		close(t.done)
		t.mu.Lock()
		exported := t.exported
		t.mu.Unlock()
		if exported {
			systray.Quit()
		}
		if t.watch != nil {
			_ = t.watch.Close()
		}
	})
}

func (t *Tray) log(msg string) {
	if t.cfg.Logger != nil {
		t.cfg.Logger.Info(msg)
	}
}

// sessionBus says whether a session bus is there, the way godbus looks for
// one; without it godbus would autolaunch a private bus of its own that no
// panel listens on (backend/secrets checks the same).
func sessionBus() bool {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "" {
		return true
	}
	if dir := os.Getenv("XDG_RUNTIME_DIR"); dir != "" {
		if _, err := os.Stat(filepath.Join(dir, "bus")); err == nil {
			return true
		}
	}
	return false
}
