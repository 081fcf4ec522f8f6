//go:build dbustray

// Run by scripts/test-dbus.sh inside dbus-run-session:
//
//	go test -tags dbustray ./backend/tray/
package tray

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"careinbox/backend/tray/traytest"
)

// One test, because systray keeps one item per process: the tray starts
// before any panel (GNOME without the AppIndicator extension), a watcher
// appears, the item registers with it, and a panel's reads and clicks
// reach the app's callbacks.
func TestTrayOnSessionBus(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	opened, quit, paused := make(chan struct{}, 4), make(chan struct{}, 4), make(chan bool, 4)
	tr := New(Config{Title: "Care Inbox", Open: func() { opened <- struct{}{} }, Quit: func() { quit <- struct{}{} },
		Pause: func(on bool) { paused <- on }})
	defer tr.Stop()

	if err := tr.Start(); !errors.Is(err, ErrNoWatcher) {
		t.Fatalf("Start without a panel = %v, want ErrNoWatcher", err)
	}
	if tr.Shown() {
		t.Error("Shown() with no watcher on the bus")
	}
	if err := New(Config{}).Start(); err == nil {
		t.Error("a second tray started in the same process")
	}

	panel, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatalf("session bus: %v", err)
	}
	defer panel.Close()
	w, err := traytest.NewWatcher(panel)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	items, err := w.Wait(ctx, func(items []string) bool { return len(items) == 1 })
	if err != nil {
		t.Fatalf("the tray did not register once a watcher appeared: %v", err)
	}
	if !tr.Shown() {
		t.Error("Shown() = false with the item registered")
	}
	item := traytest.ItemAt(panel, items[0])
	p, err := item.Props(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Care Inbox" || p.Status != "Active" || p.ItemIsMenu || p.Menu == "" {
		t.Errorf("item props = %+v, want title Care Inbox, Active, a click that activates, a menu", p)
	}
	if !p.IconOK || !slices.Equal(p.Icons, []string{"64x64"}) {
		t.Errorf("icon = %v (ok %v), want one 64x64 ARGB pixmap", p.Icons, p.IconOK)
	}
	if p.Tooltip != "Care Inbox — Nothing due within the hour" {
		t.Errorf("tooltip = %q", p.Tooltip)
	}

	menu, err := item.Menu(ctx, p.Menu)
	if err != nil {
		t.Fatal(err)
	}
	want := "Open Care Inbox | (Nothing due within the hour) | Pause notifications for 1 hour | ---- | Quit Care Inbox"
	if got := join(menu); got != want {
		t.Errorf("menu = %s\nwant   %s", got, want)
	}

	tr.Update(State{DueSoon: 3, Overdue: 1})
	line := "(3 due within the hour · 1 overdue)"
	if _, err := item.WaitMenu(ctx, p.Menu, func(es []Entry) bool { return strings.Contains(join(es), line) }); err != nil {
		t.Errorf("the state line did not change: %v", err)
	}
	if p, _ := item.Props(ctx); p.Tooltip != "Care Inbox — 3 due within the hour · 1 overdue" {
		t.Errorf("tooltip after the update = %q", p.Tooltip)
	}

	click := func(label string) {
		t.Helper()
		if err := item.Click(ctx, p.Menu, label); err != nil {
			t.Fatal(err)
		}
	}
	click(LabelOpen)
	receive(ctx, t, opened, "Open Care Inbox did not open the window")
	if err := item.Activate(ctx); err != nil {
		t.Fatalf("Activate: %v", err)
	}
	receive(ctx, t, opened, "a click on the icon did not open the window")

	click(LabelPause)
	if on := receive(ctx, t, paused, "Pause did not pause"); !on {
		t.Error("Pause asked to resume")
	}
	until := time.Now().Add(PauseFor)
	tr.Update(State{DueSoon: 3, Overdue: 1, PausedUntil: until})
	resume := PauseLabel(State{PausedUntil: until}, time.Now()) // "Resume notifications (paused until 15:04)"
	if !strings.HasPrefix(resume, "Resume notifications") {
		t.Fatalf("PauseLabel while paused = %q", resume)
	}
	if _, err := item.WaitMenu(ctx, p.Menu, func(es []Entry) bool { return strings.Contains(join(es), resume) }); err != nil {
		t.Fatalf("the pause item did not become Resume: %v", err)
	}
	click(resume)
	if on := receive(ctx, t, paused, "Resume did not resume"); on {
		t.Error("Resume asked to pause")
	}

	click(LabelQuit)
	receive(ctx, t, quit, "Quit Care Inbox did not quit")
}

type Entry = traytest.Entry

func join(es []Entry) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.String()
	}
	return strings.Join(parts, " | ")
}

func receive[T any](ctx context.Context, t *testing.T, ch <-chan T, msg string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		t.Fatal(msg)
	}
	var zero T
	return zero
}
