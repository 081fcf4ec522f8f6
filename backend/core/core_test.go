package core

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"careinbox/backend/events"
	"careinbox/backend/inbox"
	"careinbox/backend/notify"
	"careinbox/backend/store"
)

// A demo workspace opens in its own directory, runs every loop until
// cancelled (its pretend network syncs, deadlines are computed), stops them
// all, and closes; opening it again finds the same data.
func TestWorkspaceLifecycle(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	rec := &notify.Recorder{}
	ws, err := Open(ctx, Options{DataDir: dir, Demo: true, Notifier: rec})
	if err != nil {
		t.Fatal(err)
	}
	if ws.Paths.Database != filepath.Join(dir, "demo", "careinbox-demo.db") {
		t.Errorf("demo database at %s", ws.Paths.Database)
	}
	if _, err := os.Stat(filepath.Join(dir, "careinbox.db")); err == nil {
		t.Error("the demo touched the real database")
	}
	if len(ws.Networks) == 0 || len(ws.Specs) == 0 {
		t.Error("no real networks to connect a handle to")
	}
	synced := make(chan struct{}, 1)
	defer ws.Bus.Subscribe(func(d events.Delta) {
		if d.Entity == events.EntityHandle {
			select {
			case synced <- struct{}{}:
			default:
			}
		}
	})()
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- ws.Run(runCtx) }()
	select {
	case <-synced: // the engine ran a sync against the pretend network
	case <-time.After(30 * time.Second):
		t.Fatal("no handle synced while the workspace ran")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v after cancel", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	if err := ws.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ws.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}

	again, err := Open(ctx, Options{DataDir: dir, Demo: true, Notifier: rec})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	page, err := again.Store.Conversations(ctx, inbox.ConversationFilter{}, 0, 1)
	if err != nil || page.Total < 3000 {
		t.Errorf("reopened demo: %d conversations, %v", page.Total, err)
	}
}

// A real workspace starts empty and keeps the keychain's answer.
func TestRealWorkspaceStartsEmpty(t *testing.T) {
	ctx := context.Background()
	ws, err := Open(ctx, Options{DataDir: t.TempDir(), Notifier: &notify.Recorder{}})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	page, err := ws.Store.Conversations(ctx, inbox.ConversationFilter{}, 0, 1)
	if err != nil || page.Total != 0 {
		t.Errorf("new workspace: %d conversations, %v", page.Total, err)
	}
	if err := ws.KeychainErr(); err != nil {
		t.Errorf("keychain probed without being asked: %v", err)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// A log sink that fails (a full disk under the log file) silences no other.
func TestLogTeeSurvivesAFailingSink(t *testing.T) {
	var console bytes.Buffer
	log := slog.New(slog.NewTextHandler(tee{failingWriter{}, &console}, nil))
	log.Error("could not save synced messages", "err", "the disk is full")
	if !strings.Contains(console.String(), "the disk is full") {
		t.Errorf("console got %q", console.String())
	}
}

// A data directory whose log cannot be written still opens, logging to the
// console only.
func TestUnwritableLogStillOpens(t *testing.T) {
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs")
	if err := os.MkdirAll(filepath.Join(logs, "careinbox.log"), 0o700); err != nil { // a directory where the file should be
		t.Fatal(err)
	}
	var console bytes.Buffer
	ws, err := Open(context.Background(), Options{DataDir: dir, Log: &console, Notifier: &notify.Recorder{}})
	if err != nil {
		t.Fatalf("Open = %v", err)
	}
	defer ws.Close()
	if !strings.Contains(console.String(), "no log file") {
		t.Errorf("console got %q", console.String())
	}
}

type checkResult struct{ err error }

func (c checkResult) Check(context.Context) error { return c.err }

func TestIntegrityCheckTellsTheUser(t *testing.T) {
	for _, tt := range []struct {
		name   string
		err    error
		notify bool
	}{
		{"sound", nil, false},
		{"damaged", fmt.Errorf("%w: *** in database main *** Page 7: btreeInitPage() returns error code 11", store.ErrCorrupt), true},
		{"could not run", errors.New("database is locked"), false},
	} {
		rec := &notify.Recorder{}
		checkIntegrity(context.Background(), checkResult{tt.err}, rec, slog.New(slog.DiscardHandler))
		if got := len(rec.All()) == 1; got != tt.notify {
			t.Errorf("%s: notified = %v, want %v", tt.name, got, tt.notify)
		}
	}
}

// A workspace opened read-only reads what is there and starts nothing.
func TestReadOnlyWorkspace(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ws, err := Open(ctx, Options{DataDir: dir, Demo: true, Notifier: &notify.Recorder{}})
	if err != nil {
		t.Fatal(err)
	}
	ws.Close()
	ro, err := Open(ctx, Options{DataDir: dir, Demo: true, ReadOnly: true, Notifier: &notify.Recorder{}})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if !ro.ReadOnly || !ro.Store.IsReadOnly() {
		t.Fatal("not opened read-only")
	}
	page, err := ro.Store.Conversations(ctx, inbox.ConversationFilter{}, 0, 1)
	if err != nil || page.Total < 3000 {
		t.Errorf("read-only demo: %d conversations, %v", page.Total, err)
	}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- ro.Run(runCtx) }()
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v", err)
	}
	for _, tt := range []struct {
		err  error
		want bool
	}{
		{fmt.Errorf("migrate: %w", store.ErrReadOnly), true},
		{&os.PathError{Op: "open", Path: "/media/x", Err: syscall.EROFS}, true},
		{fmt.Errorf("migrate: %w", store.ErrCorrupt), false},
	} {
		if got := cannotWrite(tt.err); got != tt.want {
			t.Errorf("cannotWrite(%v) = %v", tt.err, got)
		}
	}
}
