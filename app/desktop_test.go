package app

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"careinbox/backend/autostart"
	"careinbox/backend/store"
)

func newDesktopApp(t *testing.T, d DesktopConfig) *App {
	t.Helper()
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "app.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return New(Config{Store: s, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "0.2.0 (abc1234)", Desktop: d})
}

func TestOpenConversationArg(t *testing.T) {
	cases := []struct {
		args []string
		want int64
	}{
		{nil, 0},
		{[]string{"--open-conversation", "42"}, 42},
		{[]string{"--demo", "--data-dir", "/tmp/x", "--open-conversation=7"}, 7},
		{[]string{"--open-conversation", "-3"}, 0},
		{[]string{"--open-conversation", "abc"}, 0},
		{[]string{"--background"}, 0},
	}
	for _, c := range cases {
		if got := OpenConversationArg(c.args); got != c.want {
			t.Errorf("OpenConversationArg(%q) = %d, want %d", c.args, got, c.want)
		}
	}
}

// The Desktop API's start-at-login setting over the real XDG autostart
// entry in a temporary XDG_CONFIG_HOME.
func TestStartAtLoginSetting(t *testing.T) {
	cfgHome := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfgHome)
	a := newDesktopApp(t, DesktopConfig{Autostart: autostart.Default("/usr/bin/careinbox")})
	got, err := a.Desktop.StartAtLogin()
	if err != nil || !got.Available || got.Enabled {
		t.Fatalf("before: %+v, %v", got, err)
	}
	if got, err = a.Desktop.SetStartAtLogin(true); err != nil || !got.Enabled {
		t.Fatalf("on: %+v, %v", got, err)
	}
	if _, err := os.Stat(filepath.Join(cfgHome, "autostart", "careinbox.desktop")); err != nil {
		t.Fatalf("no autostart entry: %v", err)
	}
	if got, err = a.Desktop.SetStartAtLogin(false); err != nil || got.Enabled {
		t.Fatalf("off: %+v, %v", got, err)
	}
	// Not offered (the sample workspace): says so, changes nothing.
	b := newDesktopApp(t, DesktopConfig{})
	if got, err := b.Desktop.StartAtLogin(); err != nil || got.Available {
		t.Fatalf("not offered: %+v, %v", got, err)
	}
	if _, err := b.Desktop.SetStartAtLogin(true); err == nil {
		t.Fatal("want an error where start at login is not offered")
	}
}

func TestCopyDiagnosticsAndFolders(t *testing.T) {
	a := newDesktopApp(t, DesktopConfig{Diagnostics: func(context.Context) (string, error) { return "report", nil }})
	if got, err := a.Desktop.CopyDiagnostics(); err != nil || got != "report" {
		t.Fatalf("CopyDiagnostics = %q, %v", got, err)
	}
	failing := newDesktopApp(t, DesktopConfig{Diagnostics: func(context.Context) (string, error) { return "", errors.New("disk gone") }})
	if _, err := failing.Desktop.CopyDiagnostics(); err == nil {
		t.Fatal("want the gather error")
	}
	if err := a.Desktop.OpenLogsFolder(); err == nil {
		t.Fatal("want an error without a logs folder")
	}
	if err := newDesktopApp(t, DesktopConfig{LogDir: filepath.Join(t.TempDir(), "missing")}).Desktop.OpenLogsFolder(); err == nil {
		t.Fatal("want an error for a folder that is not there")
	}
}

func TestAboutListsVersionAndLicences(t *testing.T) {
	got, err := newDesktopApp(t, DesktopConfig{}).Desktop.About()
	if err != nil || got.Version != "0.2.0 (abc1234)" || len(got.Licences) < 10 {
		t.Fatalf("About = %+v, %v", got, err)
	}
}

// Before the window exists Quit only records the wish (main then exits),
// and the close button would let the window close.
func TestQuitBeforeStartAndClose(t *testing.T) {
	a := newDesktopApp(t, DesktopConfig{})
	if a.Quit() {
		t.Fatal("Quit without a window says it closed one")
	}
	if a.BeforeClose(context.Background()) {
		t.Fatal("after Quit the window must be allowed to close")
	}
}

// "Quit Care Inbox to restore" quits for real: the close hook, which hides
// the window otherwise, lets it close (the restore is applied only by a new
// start; runtime.Quit alone went through the hook and only hid the window).
func TestQuitToRestoreCloses(t *testing.T) {
	a := newDesktopApp(t, DesktopConfig{})
	a.Data.QuitToRestore()
	if a.BeforeClose(context.Background()) {
		t.Fatal("after Quit Care Inbox to restore the window must be allowed to close")
	}
}

// Every action the menu sends has a route in the front end's table.
func TestMenuActionsHaveFrontEndRoutes(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "frontend", "src", "lib", "menuActions.ts"))
	if err != nil {
		t.Fatal(err)
	}
	for _, action := range MenuActions() {
		re := regexp.MustCompile(`(?m)^\s*'?` + regexp.QuoteMeta(action) + `'?: \{`)
		if !re.Match(src) {
			t.Errorf("frontend/src/lib/menuActions.ts has no route for %q", action)
		}
	}
	if m := newDesktopApp(t, DesktopConfig{}).Menu(); len(m.Items) < 4 {
		t.Fatalf("menu has %d top-level items, want File, Edit, View, Help", len(m.Items))
	}
}
