package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"careinbox/backend/core"
	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

// storeViews prints the store's own rows; the window's views (app.NewHeadless)
// are tested beside them in app/, where the JSON shape is the bound DTO's.
type storeViews struct{ st *store.Store }

func (v storeViews) Inbox(_ []string, network string, limit int) (any, error) {
	return v.st.Conversations(context.Background(), inbox.ConversationFilter{Network: inbox.Network(network)}, 0, limit)
}

func (v storeViews) Conversation(id int64) (any, error) {
	return v.st.Conversation(context.Background(), id)
}

func TestHeadlessCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var out, errb bytes.Buffer
	run := func(ctx context.Context, args []string, stdout, stderr *bytes.Buffer) int {
		if !IsCommand(args) {
			t.Fatalf("%q is not a command", args)
		}
		return Run(ctx, args, Env{Version: "test", Stdout: stdout, Stderr: stderr,
			Views: func(ws *core.Workspace) Views { return storeViews{ws.Store} }})
	}
	if code := run(ctx, []string{"version"}, &out, &errb); code != 0 || !strings.HasPrefix(out.String(), "careinbox ") {
		t.Fatalf("version: code %d, out %q", code, out.String())
	}

	// The demo inbox is generated on first use and printed as JSON.
	out.Reset()
	if code := run(ctx, []string{"inbox", "--demo", "--data-dir", dir, "--limit", "5"}, &out, &errb); code != 0 {
		t.Fatalf("inbox: code %d, stderr %s", code, errb.String())
	}
	var page store.ConversationPage
	if err := json.Unmarshal(out.Bytes(), &page); err != nil {
		t.Fatalf("inbox output is not JSON: %v\n%s", err, out.String())
	}
	if page.Total < 3000 || len(page.Items) != 5 || !strings.Contains(page.Items[0].LastExcerpt, "e-bike") {
		t.Errorf("demo inbox = total %d, %d items", page.Total, len(page.Items))
	}
	if _, err := os.Stat(filepath.Join(dir, "demo", "careinbox-demo.db")); err != nil {
		t.Errorf("demo database not in its own directory: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "careinbox.db")); err == nil {
		t.Error("demo mode touched the real database")
	}

	out.Reset()
	if code := run(ctx, []string{"inbox", "--demo", "--data-dir", dir, "--conversation", "1"}, &out, &errb); code != 0 {
		t.Fatalf("inbox --conversation: code %d, stderr %s", code, errb.String())
	}
	var d store.ConversationDetail
	if err := json.Unmarshal(out.Bytes(), &d); err != nil || len(d.Messages) == 0 {
		t.Errorf("conversation output = %v / %s", err, out.String())
	}

	// The real workspace starts empty: no sample data leaks into it.
	out.Reset()
	if code := run(ctx, []string{"inbox", "--data-dir", dir}, &out, &errb); code != 0 {
		t.Fatalf("real inbox: code %d, stderr %s", code, errb.String())
	}
	if err := json.Unmarshal(out.Bytes(), &page); err != nil || page.Total != 0 {
		t.Errorf("real inbox = %+v, %v", page, err)
	}

	out.Reset()
	if code := run(ctx, []string{"sync", "--once", "--demo", "--data-dir", dir}, &out, &errb); code != 0 {
		t.Fatalf("sync --once: code %d, stderr %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "\tok") {
		t.Errorf("sync --once output = %q", out.String())
	}

	errb.Reset()
	if code := run(ctx, []string{"frobnicate"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "unknown command") {
		t.Errorf("unknown command: code %d, %q", code, errb.String())
	}
	gen := filepath.Join(dir, "small.db")
	if code := run(ctx, []string{"demo-gen", "--out", gen, "--size", "bench", "--scale", "0.002"}, &out, &errb); code != 0 {
		t.Fatalf("demo-gen: code %d, %s", code, errb.String())
	}
	if code := run(ctx, []string{"demo-gen", "--out", gen}, &out, &errb); code != 1 {
		t.Errorf("demo-gen overwrote an existing file (code %d)", code)
	}
	// --ago writes the sample as it stood then: nothing in it is newer.
	aged := filepath.Join(dir, "aged.db")
	if code := run(ctx, []string{"demo-gen", "--out", aged, "--size", "bench", "--scale", "0.002", "--ago", "72h"}, &out, &errb); code != 0 {
		t.Fatalf("demo-gen --ago: code %d, %s", code, errb.String())
	}
	st, err := store.Open(ctx, aged)
	if err != nil {
		t.Fatal(err)
	}
	var newest int64
	if err := st.DB().QueryRowContext(ctx, "SELECT MAX(sent_at) FROM messages").Scan(&newest); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if limit := time.Now().Add(-71 * time.Hour); newest == 0 || time.UnixMilli(newest).After(limit) {
		t.Errorf("newest message of a sample written 72 h ago: %s, want before %s", time.UnixMilli(newest), limit)
	}
	if code := run(ctx, []string{"demo-gen", "--out", filepath.Join(dir, "x.db"), "--ago", "-1h"}, &out, &errb); code != 1 {
		t.Errorf("demo-gen --ago -1h: code %d, want a refusal", code)
	}
}
