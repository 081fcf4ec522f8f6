package core

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"careinbox/backend/notify"
)

// Opening a broken workspace fails with an error Explain words plainly.
func TestExplainOpenFailures(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		title string
	}{
		{"damaged database", func(t *testing.T, dir string) {
			junk := []byte(strings.Repeat("not a database, just bytes ", 1000))
			if err := os.WriteFile(filepath.Join(dir, "careinbox.db"), junk, 0o600); err != nil {
				t.Fatal(err)
			}
		}, "Your Care Inbox database is damaged"},
		{"data folder is a file", func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, "logs"), []byte("x"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, "Care Inbox could not open your workspace"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.setup(t, dir)
			opts := Options{DataDir: dir, Notifier: &notify.Recorder{}}
			ws, err := Open(context.Background(), opts)
			if err == nil {
				ws.Close()
				t.Fatal("Open succeeded")
			}
			p := Explain(err, opts)
			if p.Title != tt.title || !strings.Contains(p.Detail, dir) || p.Error == "" {
				t.Errorf("Explain = %+v", p)
			}
		})
	}
}

func TestExplainReadOnlyAndFull(t *testing.T) {
	for _, tt := range []struct {
		err   error
		title string
	}{
		{&os.PathError{Op: "open", Path: "/media/usb/careinbox.db", Err: syscall.EROFS}, "Care Inbox cannot write to its data folder"},
		{&os.PathError{Op: "open", Path: "/x", Err: syscall.EACCES}, "Care Inbox cannot write to its data folder"},
		{fmt.Errorf("migrate: %w", &os.PathError{Op: "write", Path: "/x", Err: syscall.ENOSPC}), "The disk is full"},
	} {
		if p := Explain(tt.err, Options{DataDir: "/media/usb"}); p.Title != tt.title {
			t.Errorf("Explain(%v).Title = %q, want %q", tt.err, p.Title, tt.title)
		}
	}
}
