package app

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"testing"

	"careinbox/backend/store"
)

// Onboarding offers "Open the sample workspace": it starts the sample beside
// the user's own workspace, and is refused where it makes no sense.
func TestOpenSampleWorkspace(t *testing.T) {
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "app.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	started := 0
	launch := func() error { started++; return nil }
	cases := []struct {
		name    string
		demo    bool
		open    func() error
		wantErr bool
		starts  int
	}{
		{"own workspace starts the sample", false, launch, false, 1},
		{"already the sample", true, launch, true, 0},
		{"no launcher (headless)", false, nil, true, 0},
		{"the launch fails", false, func() error { return errors.New("no such program") }, true, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			started = 0
			a := New(Config{Store: s, Logger: logger, Version: "test", Demo: c.demo, OpenSample: c.open})
			err := a.Workspace.OpenSampleWorkspace()
			if (err != nil) != c.wantErr {
				t.Fatalf("err = %v, want error %v", err, c.wantErr)
			}
			if started != c.starts {
				t.Errorf("started %d times, want %d", started, c.starts)
			}
		})
	}
}
