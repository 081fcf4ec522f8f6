// Package notify shows desktop notifications (a Notifier: D-Bus with a
// click-to-open action on Linux, beeep elsewhere, or a Recorder in tests)
// and owns the notification policy of deadlines (Announcer: dedupe,
// grouping, digests, quiet hours, pausing, wording).
package notify

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/gen2brain/beeep"
)

// Notification is one desktop notification.
type Notification struct {
	Title string
	Body  string
	// Key identifies what the notification is about (e.g. "deadline/42") so a
	// caller can avoid announcing the same thing twice. Notifiers do not show it.
	Key string
	// Critical asks for the desktop's critical urgency (a missed promise).
	Critical bool
	// Persistent keeps the notification up until the user dismisses it (no
	// timeout), where the desktop allows it.
	Persistent bool
	// ConversationID is the conversation a click opens (0: the app only).
	ConversationID int64
	// View, when set, is the screen a click opens instead ("listening").
	View string
}

// Notifier shows notifications to the user.
type Notifier interface {
	Notify(ctx context.Context, n Notification) error
}

// ErrEmptyTitle means a notification had no title; several notification
// servers drop those silently, so it is rejected up front.
var ErrEmptyTitle = errors.New("notification title is empty")

// Beeep shows notifications through beeep: D-Bus on Linux (falling back to
// notify-send, then kdialog), toast on Windows, Notification Center on macOS.
type Beeep struct {
	appName string
}

// NewBeeep returns a Notifier that names appName as the sender. beeep keeps the
// name in a package variable, so it is set here once; creating a second Beeep
// with another name changes the sender for both.
func NewBeeep(appName string) *Beeep {
	beeep.AppName = appName
	return &Beeep{appName: appName}
}

var _ Notifier = (*Beeep)(nil)

// Notify implements Notifier. beeep blocks on D-Bus or a child process, so it
// runs in a goroutine and ctx can end the wait; the notification may still
// appear after Notify returned a context error.
func (b *Beeep) Notify(ctx context.Context, n Notification) error {
	if n.Title == "" {
		return ErrEmptyTitle
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("send desktop notification: %w", err)
	}
	done := make(chan error, 1) // buffered so an abandoned send does not leak its goroutine
	go func() {
		if n.Critical {
			// The most beeep offers for urgency: a sound with the
			// notification (macOS, Windows); it has no click callback.
			done <- beeep.Alert(n.Title, n.Body, "")
			return
		}
		done <- beeep.Notify(n.Title, n.Body, "")
	}()
	select {
	case err := <-done:
		if err != nil {
			// The title and body are left out: they may name a client.
			return fmt.Errorf("send desktop notification: %w", err)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("send desktop notification: %w", ctx.Err())
	}
}

// Recorder is a Notifier for tests that keeps every notification instead of
// showing it. The zero value is ready to use.
type Recorder struct {
	mu   sync.Mutex
	all  []Notification
	fail error
}

var _ Notifier = (*Recorder)(nil)

// Notify implements Notifier. It records n unless ctx is done or FailWith set
// an error.
func (r *Recorder) Notify(ctx context.Context, n Notification) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("send desktop notification: %w", err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return fmt.Errorf("send desktop notification: %w", r.fail)
	}
	r.all = append(r.all, n)
	return nil
}

// FailWith makes later Notify calls return err without recording; nil
// restores normal recording. Tests use it to check that a broken notification
// service does not break the caller.
func (r *Recorder) FailWith(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fail = err
}

// All returns a copy of the recorded notifications in order.
func (r *Recorder) All() []Notification {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Notification, len(r.all))
	copy(out, r.all)
	return out
}
