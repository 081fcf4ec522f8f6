package diagnostics

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"careinbox/backend/inbox"
	"careinbox/backend/logfile"
	"careinbox/backend/store"
)

// Secrets and message text the test plants everywhere a report reads from.
var planted = []string{
	"sk-live-4f9a8b7c6d5e4f3a2b1c0d9e8f7a", // an API key
	"hunter2-correct-horse",                // a password
	"ya29.a0AfH6SMBx3-TESTTOKEN-QwErTy",    // an OAuth token
	"Please refund order 4711",             // a customer's words
	"my parcel never came",                 // more of them
	"jane.customer@example.org",            // an address
	"@AskBrand",                            // a handle's name
	"Alice Example",                        // a display name
	"refresh_token=zzTOPSECRETzz",          // a token in a link
}

func TestGatherRemovesSecretsAndText(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "careinbox.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, err := st.CreateClient(ctx, inbox.Client{Name: "Alice Example"})
	if err != nil {
		t.Fatal(err)
	}
	h, err := st.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: inbox.NetworkMastodon, RemoteAccountID: "acct-1",
		DisplayName: "Alice Example", Username: "@AskBrand"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetHandleSync(ctx, h.ID, inbox.SyncError,
		`401 from https://mastodon.example/api/v1/notifications?access_token=ya29.a0AfH6SMBx3-TESTTOKEN-QwErTy: token sk-live-4f9a8b7c6d5e4f3a2b1c0d9e8f7a rejected`, time.Unix(1_799_999_000, 0)); err != nil {
		t.Fatal(err)
	}

	logPath := filepath.Join(dir, "logs", logfile.Name(false))
	if err := os.MkdirAll(filepath.Dir(logPath), 0o700); err != nil {
		t.Fatal(err)
	}
	w, err := logfile.Open(logPath, logfile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(w, nil))
	log.Info("workspace running", "demo", false, "db", filepath.Join(dir, "careinbox.db"))
	log.Warn("sync failed", "handle", h.ID, "err", errors.New(`post "Please refund order 4711": 403 for jane.customer@example.org`))
	log.Info("message stored", "message", "my parcel never came", "body", "Please refund order 4711", "author", "Alice Example")
	log.Error("sign-in", "password", "hunter2-correct-horse", "token", "ya29.a0AfH6SMBx3-TESTTOKEN-QwErTy")
	log.Error("refresh failed", "err", "GET https://auth.example/cb?refresh_token=zzTOPSECRETzz&x=1: bearer sk-live-4f9a8b7c6d5e4f3a2b1c0d9e8f7a")
	log.Warn("reply refused", "err", "mention @AskBrand: key=hunter2-correct-horse")
	if _, err := w.Write([]byte("goroutine 1 [running]: main.Reply(\"my parcel never came\")\n")); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	files, err := logfile.Files(logPath)
	if err != nil {
		t.Fatal(err)
	}

	report, err := Gather(ctx, Input{Version: "0.2.0 (abc1234)", Handles: st, LogFiles: files, Home: dir,
		KeychainErr: errors.New("org.freedesktop.secrets was not provided by any .service files"), Now: time.Unix(1_800_000_000, 0)})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range planted {
		if strings.Contains(report, s) {
			t.Errorf("the report contains %q:\n%s", s, report)
		}
	}
	for _, part := range []string{"Care Inbox diagnostics", "version: 0.2.0 (abc1234)", "system: ", "handles: 1",
		"mastodon, error", "mastodon.example/[…]", "keychain: unavailable", `msg="workspace running"`, `msg="sync failed"`,
		"handle=1", "body=[removed]", "password=[removed]", "[line removed: not a log record]", "db=~/careinbox.db"} {
		if !strings.Contains(report, part) {
			t.Errorf("the report lacks %q:\n%s", part, report)
		}
	}
}

func TestScrub(t *testing.T) {
	cases := []struct{ in, want string }{
		{"dial tcp 127.0.0.1:993: connection refused", "dial tcp 127.0.0.1:993: connection refused"},
		{`send "hello there": 500`, "send [text removed]: 500"},
		{"to bob@example.com failed", "to [address removed] failed"},
		{"GET https://x.example/a/b?token=abc: 404", "GET https://x.example/[…] 404"},
		{"Authorization: Bearer abc.def", "Authorization: [removed]"},
		{"id 0123456789abcdef0123456789abcdef", "id [removed]"},
		{"/home/u/.local/share/careinbox/careinbox.db", "~/.local/share/careinbox/careinbox.db"},
	}
	for _, c := range cases {
		if got := Scrub(c.in, "/home/u"); got != c.want {
			t.Errorf("Scrub(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestLastLinesAcrossFiles(t *testing.T) {
	dir := t.TempDir()
	old, cur := filepath.Join(dir, "a.log"), filepath.Join(dir, "b.log")
	var o, c bytes.Buffer
	for i := 0; i < 5; i++ {
		o.WriteString("old\n")
		c.WriteString("new\n")
	}
	if err := os.WriteFile(old, o.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cur, c.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := lastLines([]string{old, cur}, 7)
	if err != nil {
		t.Fatal(err)
	}
	want := "old old new new new new new"
	if strings.Join(got, " ") != want {
		t.Fatalf("got %v, want %s", got, want)
	}
}
