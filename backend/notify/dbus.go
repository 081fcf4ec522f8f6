package notify

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	enotify "github.com/esiqveland/notify"
	"github.com/godbus/dbus/v5"
)

// DBus shows notifications through the desktop's notification server
// (org.freedesktop.Notifications on the session bus) with what beeep cannot
// give: a default action, so a click opens the conversation (Opens), the
// critical urgency, and no timeout for a notification that must stay.
type DBus struct {
	appName string
	conn    *dbus.Conn
	n       enotify.Notifier
	opens   *Opens

	mu      sync.Mutex
	targets map[uint32]target // shown notification → what a click opens
}

var _ Notifier = (*DBus)(nil)

// ActionOpen is the key of the action a click invokes ("default" is the
// notification's body on every server that supports actions).
const ActionOpen = "default"

// NewDBus connects to the session bus (a private connection, closed by
// Close) and reports clicks to opens.
func NewDBus(appName string, opens *Opens) (*DBus, error) {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return nil, fmt.Errorf("connect to the session bus: %w", err)
	}
	d := &DBus{appName: appName, conn: conn, opens: opens, targets: map[uint32]target{}}
	d.n, err = enotify.New(conn, enotify.WithOnAction(d.onAction), enotify.WithOnClosed(d.onClosed),
		enotify.WithLogger(discardLogger{}))
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("listen to notification clicks: %w", err)
	}
	return d, nil
}

// Notify implements Notifier. D-Bus waits for the server's reply, so the
// call runs in a goroutine and ctx can end the wait.
func (d *DBus) Notify(ctx context.Context, n Notification) error {
	if n.Title == "" {
		return ErrEmptyTitle
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("send desktop notification: %w", err)
	}
	note := enotify.Notification{AppName: d.appName, Summary: n.Title, Body: n.Body,
		Actions:       []enotify.Action{{Key: ActionOpen, Label: "Open"}},
		ExpireTimeout: enotify.ExpireTimeoutSetByNotificationServer}
	note.SetUrgency(enotify.UrgencyNormal)
	if n.Critical {
		note.SetUrgency(enotify.UrgencyCritical)
	}
	if n.Persistent {
		note.ExpireTimeout = enotify.ExpireTimeoutNever
	}
	type sent struct {
		id  uint32
		err error
	}
	done := make(chan sent, 1) // buffered so an abandoned send does not leak its goroutine
	go func() {
		// Held while sending, so a click arriving before the reply is read
		// waits for the target below instead of finding none.
		d.mu.Lock()
		defer d.mu.Unlock()
		id, err := d.n.SendNotification(note)
		if err == nil {
			d.targets[id] = target{conversation: n.ConversationID, view: n.View}
		}
		done <- sent{id, err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			// The title and body are left out: they may name a client.
			return fmt.Errorf("send desktop notification: %w", r.err)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("send desktop notification: %w", ctx.Err())
	}
}

// target is what a click on a shown notification opens.
type target struct {
	conversation int64
	view         string
}

func (d *DBus) onAction(s *enotify.ActionInvokedSignal) {
	if s.ActionKey != ActionOpen {
		return
	}
	d.mu.Lock()
	t, ok := d.targets[s.ID]
	d.mu.Unlock()
	switch {
	case !ok || d.opens == nil: // a click on someone else's notification is not ours
	case t.view != "":
		d.opens.OpenView(t.view)
	default:
		d.opens.Open(t.conversation)
	}
}

func (d *DBus) onClosed(s *enotify.NotificationClosedSignal) {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.targets, s.ID)
}

// Close stops listening and closes the connection.
func (d *DBus) Close() error {
	err := d.n.Close()
	if cerr := d.conn.Close(); err == nil {
		err = cerr
	}
	return err
}

type discardLogger struct{}

func (discardLogger) Printf(string, ...any) {}

// NewSystem returns the best notifier this desktop offers: D-Bus with a
// click-to-open action on Linux and the BSDs when a session bus answers,
// else beeep (Notification Center on macOS, toasts on Windows: no click
// callback there; a critical one comes with a sound). The result may be an
// io.Closer.
func NewSystem(appName string, opens *Opens) Notifier {
	switch runtime.GOOS {
	case "linux", "freebsd", "openbsd", "netbsd":
		if sessionBus() {
			if d, err := NewDBus(appName, opens); err == nil {
				return d
			}
		}
	}
	return NewBeeep(appName)
}

// sessionBus reports whether a session bus is known to run: without one,
// godbus would autolaunch a bus of its own that outlives the app.
func sessionBus() bool {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "" {
		return true
	}
	dir := os.Getenv("XDG_RUNTIME_DIR")
	if dir == "" {
		return false
	}
	_, err := os.Stat(filepath.Join(dir, "bus"))
	return err == nil
}

var _ io.Closer = (*DBus)(nil)
