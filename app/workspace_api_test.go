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

// Info reports the keychain probe's answer, asked when the window asks for
// the info (the probe runs beside the window's start), not when the app is built.
func TestInfoReportsTheKeychainProbe(t *testing.T) {
	_, s := newTestApp(t)
	unusable := errors.New("org.freedesktop.secrets was not provided by any .service files")
	for _, tc := range []struct {
		name        string
		keychain    func() error
		wantOK      bool
		wantMessage string
	}{
		{"not probed", nil, true, ""},
		{"usable", func() error { return nil }, true, ""},
		{"unavailable", func() error { return unusable }, false, unusable.Error()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			asked := false
			cfg := Config{Store: s, Logger: slog.New(slog.DiscardHandler), Version: "test"}
			if tc.keychain != nil {
				cfg.Keychain = func() error { asked = true; return tc.keychain() }
			}
			a := New(cfg)
			if asked {
				t.Fatal("the keychain's answer was awaited while building the app")
			}
			info, err := a.Workspace.Info()
			if err != nil {
				t.Fatal(err)
			}
			if info.KeychainOK != tc.wantOK || info.KeychainMessage != tc.wantMessage {
				t.Errorf("info keychain = %v %q, want %v %q", info.KeychainOK, info.KeychainMessage, tc.wantOK, tc.wantMessage)
			}
		})
	}
}
