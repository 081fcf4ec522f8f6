// Package notifytest runs a fake org.freedesktop.Notifications server on the
// D-Bus session bus, so tests can see exactly what a notifier sent without an
// X server or a real notification daemon. Run such tests inside
// dbus-run-session (see scripts/test-dbus.sh) so they never reach the user's
// desktop.
package notifytest

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/godbus/dbus/v5"
)

const (
	busName    = "org.freedesktop.Notifications"
	objectPath = dbus.ObjectPath("/org/freedesktop/Notifications")
	iface      = "org.freedesktop.Notifications"
)

// Call is one Notify request as the server received it.
type Call struct {
	AppName       string
	ReplacesID    uint32
	AppIcon       string
	Summary       string
	Body          string
	Actions       []string
	Hints         map[string]dbus.Variant
	ExpireTimeout int32
	ID            uint32 // the id the server answered with
}

// Server records Notify calls made to the session bus's notification service.
type Server struct {
	conn *dbus.Conn

	mu      sync.Mutex
	calls   []Call
	closed  []uint32
	nextID  uint32
	changed chan struct{} // closed and replaced on every call, to wake Wait
}

// StartServer claims org.freedesktop.Notifications on the session bus and
// releases it when the test ends. It fails the test if the name is already
// owned, since the calls would then go to someone else.
func StartServer(t testing.TB) *Server {
	t.Helper()
	// A private connection, so the server does not share the process-wide
	// SessionBus that notifiers under test use and can close it on cleanup.
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatalf("notifytest: connect to session bus: %v", err)
	}
	s := &Server{conn: conn, changed: make(chan struct{})}
	if err := conn.Export(handler{s}, objectPath, iface); err != nil {
		conn.Close()
		t.Fatalf("notifytest: export server: %v", err)
	}
	reply, err := conn.RequestName(busName, dbus.NameFlagDoNotQueue)
	if err != nil {
		conn.Close()
		t.Fatalf("notifytest: request %s: %v", busName, err)
	}
	if reply != dbus.RequestNameReplyPrimaryOwner {
		conn.Close()
		t.Fatalf("notifytest: %s is already owned on this bus (reply %v); run the test inside dbus-run-session", busName, reply)
	}
	t.Cleanup(func() {
		_, _ = conn.ReleaseName(busName)
		_ = conn.Close()
	})
	return s
}

// Calls returns a copy of the Notify calls received so far, in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Call, len(s.calls))
	copy(out, s.calls)
	return out
}

// Closed returns the ids passed to CloseNotification so far.
func (s *Server) Closed() []uint32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]uint32, len(s.closed))
	copy(out, s.closed)
	return out
}

// Wait blocks until at least n Notify calls arrived or ctx is done. Notifiers
// that send from a background goroutine need it; a direct call has already
// been recorded when it returns, because D-Bus waits for the reply.
func (s *Server) Wait(ctx context.Context, n int) ([]Call, error) {
	for {
		s.mu.Lock()
		if len(s.calls) >= n {
			out := make([]Call, len(s.calls))
			copy(out, s.calls)
			s.mu.Unlock()
			return out, nil
		}
		changed := s.changed
		got := len(s.calls)
		s.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, fmt.Errorf("wait for %d notifications, got %d: %w", n, got, ctx.Err())
		}
	}
}

// Invoke does what a user's click does: the server emits ActionInvoked for
// the notification id and action key (e.g. "default", the body).
func (s *Server) Invoke(id uint32, key string) error {
	if err := s.conn.Emit(objectPath, iface+".ActionInvoked", id, key); err != nil {
		return fmt.Errorf("notifytest: emit ActionInvoked: %w", err)
	}
	return nil
}

// handler holds only the D-Bus methods, because Export publishes every
// exported method of the value it is given.
type handler struct{ s *Server }

func (h handler) Notify(appName string, replacesID uint32, appIcon, summary, body string,
	actions []string, hints map[string]dbus.Variant, expireTimeout int32) (uint32, *dbus.Error) {
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	id := replacesID
	if id == 0 {
		s.nextID++
		id = s.nextID
	}
	s.calls = append(s.calls, Call{
		AppName:       appName,
		ReplacesID:    replacesID,
		AppIcon:       appIcon,
		Summary:       summary,
		Body:          body,
		Actions:       actions,
		Hints:         hints,
		ExpireTimeout: expireTimeout,
		ID:            id,
	})
	close(s.changed)
	s.changed = make(chan struct{})
	return id, nil
}

func (h handler) GetCapabilities() ([]string, *dbus.Error) {
	return []string{"body", "actions", "persistence"}, nil
}

func (h handler) GetServerInformation() (name, vendor, version, specVersion string, err *dbus.Error) {
	return "notifytest", "careinbox", "1.0", "1.2", nil
}

func (h handler) CloseNotification(id uint32) *dbus.Error {
	h.s.mu.Lock()
	defer h.s.mu.Unlock()
	h.s.closed = append(h.s.closed, id)
	return nil
}
