// Package traytest is a minimal desktop panel for tests of the tray: a
// StatusNotifierWatcher that records the items registering with it, and
// the reads and clicks a panel makes on an item and its dbusmenu. It runs
// on a real session bus (dbus-run-session in scripts/test-dbus.sh and
// scripts/test-background.sh).
package traytest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/introspect"
	"github.com/godbus/dbus/v5/prop"
)

const (
	watcherName  = "org.kde.StatusNotifierWatcher"
	watcherPath  = dbus.ObjectPath("/StatusNotifierWatcher")
	watcherIface = "org.kde.StatusNotifierWatcher"
)

// Watcher is the panel's side of the StatusNotifierItem protocol, with
// only what items need: it takes the watcher name, accepts registrations
// (by object path, as systray sends them, or by bus name), lists them in
// RegisteredStatusNotifierItems as "busname/path", and drops an item when
// its owner leaves the bus.
type Watcher struct {
	conn  *dbus.Conn
	props *prop.Properties

	mu      sync.Mutex
	items   []string
	changed chan struct{} // closed and replaced on every change
	sigs    chan *dbus.Signal
}

// NewWatcher serves the watcher on conn (a connection of its own, not the
// one the item under test uses) until Close.
func NewWatcher(conn *dbus.Conn) (*Watcher, error) {
	w := &Watcher{conn: conn, changed: make(chan struct{}), sigs: make(chan *dbus.Signal, 16)}
	if err := conn.Export(watcherMethods{w}, watcherPath, watcherIface); err != nil {
		return nil, fmt.Errorf("export the watcher: %w", err)
	}
	props, err := prop.Export(conn, watcherPath, map[string]map[string]*prop.Prop{watcherIface: {
		"RegisteredStatusNotifierItems":  {Value: []string{}, Emit: prop.EmitTrue},
		"IsStatusNotifierHostRegistered": {Value: true, Emit: prop.EmitTrue},
		"ProtocolVersion":                {Value: int32(0), Emit: prop.EmitTrue},
	}})
	if err != nil {
		return nil, fmt.Errorf("export the watcher's properties: %w", err)
	}
	w.props = props
	node := &introspect.Node{Name: string(watcherPath), Interfaces: []introspect.Interface{introspect.IntrospectData, prop.IntrospectData,
		{Name: watcherIface, Methods: []introspect.Method{
			{Name: "RegisterStatusNotifierItem", Args: []introspect.Arg{{Name: "service", Type: "s", Direction: "in"}}},
			{Name: "RegisterStatusNotifierHost", Args: []introspect.Arg{{Name: "service", Type: "s", Direction: "in"}}},
		}}}}
	if err := conn.Export(introspect.NewIntrospectable(node), watcherPath, "org.freedesktop.DBus.Introspectable"); err != nil {
		return nil, fmt.Errorf("export the watcher's introspection: %w", err)
	}
	if err := conn.AddMatchSignal(dbus.WithMatchSender("org.freedesktop.DBus"), dbus.WithMatchMember("NameOwnerChanged")); err != nil {
		return nil, fmt.Errorf("watch for items leaving: %w", err)
	}
	conn.Signal(w.sigs)
	go w.dropLeavers()
	reply, err := conn.RequestName(watcherName, dbus.NameFlagDoNotQueue)
	if err != nil {
		return nil, fmt.Errorf("take %s: %w", watcherName, err)
	}
	if reply != dbus.RequestNameReplyPrimaryOwner {
		return nil, fmt.Errorf("take %s: already owned", watcherName)
	}
	return w, nil
}

// Close gives the watcher name up (items see it go, as when a panel quits).
func (w *Watcher) Close() {
	_, _ = w.conn.ReleaseName(watcherName)
	w.conn.RemoveSignal(w.sigs)
}

// Items lists the registered items, "busname/path", in registration order.
func (w *Watcher) Items() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.items)
}

// Wait returns the items once ok accepts them, or ctx's error.
func (w *Watcher) Wait(ctx context.Context, ok func(items []string) bool) ([]string, error) {
	for {
		w.mu.Lock()
		items, changed := slices.Clone(w.items), w.changed
		w.mu.Unlock()
		if ok(items) {
			return items, nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return items, fmt.Errorf("watcher: items %q: %w", items, ctx.Err())
		}
	}
}

func (w *Watcher) set(change func([]string) []string, signal string, item string) {
	w.mu.Lock()
	before := len(w.items)
	w.items = change(w.items)
	changedNow := len(w.items) != before
	items := slices.Clone(w.items)
	if changedNow {
		close(w.changed)
		w.changed = make(chan struct{})
	}
	w.mu.Unlock()
	if !changedNow {
		return
	}
	w.props.SetMust(watcherIface, "RegisteredStatusNotifierItems", items)
	_ = w.conn.Emit(watcherPath, watcherIface+"."+signal, item)
}

func (w *Watcher) dropLeavers() {
	for sig := range w.sigs {
		if sig == nil || sig.Name != "org.freedesktop.DBus.NameOwnerChanged" || len(sig.Body) != 3 {
			continue
		}
		name, _ := sig.Body[0].(string)
		newOwner, _ := sig.Body[2].(string)
		if newOwner != "" || name == "" {
			continue
		}
		for _, it := range w.Items() {
			if service, _, _ := strings.Cut(it, "/"); service == name {
				w.set(func(items []string) []string { return slices.DeleteFunc(items, func(s string) bool { return s == it }) },
					"StatusNotifierItemUnregistered", it)
			}
		}
	}
}

type watcherMethods struct{ w *Watcher }

// RegisterStatusNotifierItem is the watcher's method: service is the
// item's object path on the caller's connection, or a bus name whose item
// is at /StatusNotifierItem.
func (m watcherMethods) RegisterStatusNotifierItem(sender dbus.Sender, service string) *dbus.Error {
	item := service + "/StatusNotifierItem"
	if strings.HasPrefix(service, "/") {
		item = string(sender) + service
	}
	m.w.set(func(items []string) []string {
		if slices.Contains(items, item) {
			return items
		}
		return append(items, item)
	}, "StatusNotifierItemRegistered", item)
	return nil
}

// RegisterStatusNotifierHost is the watcher's method; hosts are not tracked.
func (watcherMethods) RegisterStatusNotifierHost(string) *dbus.Error { return nil }
