package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"careinbox/backend/core"
	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

// seed makes a workspace in dir with one client, one handle and one
// customer's conversation; it returns the customer's id.
func seed(t *testing.T, dir string) int64 {
	t.Helper()
	ctx := context.Background()
	ws, err := core.Open(ctx, core.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	c, err := ws.Store.CreateClient(ctx, inbox.Client{Name: "Bakery"})
	if err != nil {
		t.Fatal(err)
	}
	h, err := ws.Store.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: inbox.NetworkMastodon, RemoteAccountID: "a", DisplayName: "@Bakery"})
	if err != nil {
		t.Fatal(err)
	}
	p := inbox.Participant{Network: inbox.NetworkMastodon, RemoteID: "p", DisplayName: "Zoë"}
	if _, err := ws.Store.Ingest(ctx, h.ID, []store.IncomingConversation{{RemoteID: "c", Kind: inbox.KindPrivate, Customer: p,
		Messages: []store.IncomingMessage{{RemoteID: "m", Direction: inbox.Inbound, Author: p, Text: "flibbertigibbet order",
			SentAt: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)}}}}, nil); err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := ws.Store.DB().QueryRow("SELECT id FROM participants").Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestDataCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cust := seed(t, dir)
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := Run(ctx, args, Env{Version: "test", Stdout: &out, Stderr: &errb})
		return code, out.String(), errb.String()
	}
	id := strconv.FormatInt(cust, 10)
	code, out, errs := run("export", "--data-dir", dir, "--client", "Bakery", "--format", "csv")
	if code != 0 {
		t.Fatalf("export: %d %s", code, errs)
	}
	if rows, err := csv.NewReader(strings.NewReader(out)).ReadAll(); err != nil || len(rows) != 2 || !strings.Contains(rows[1][19], "flibbertigibbet") {
		t.Errorf("export csv = %v, %v", rows, err)
	}
	file := filepath.Join(dir, "out.html")
	if code, _, errs := run("export", "--data-dir", dir, "--customer", id, "--format", "html", "--out", file); code != 0 {
		t.Fatalf("export html: %s", errs)
	}
	if b, err := os.ReadFile(file); err != nil || !strings.Contains(string(b), "flibbertigibbet") {
		t.Errorf("html export = %v", err)
	}
	if code, _, _ := run("export", "--data-dir", dir, "--client", "Bakery", "--format", "xml"); code == 0 {
		t.Error("an unknown format was accepted")
	}
	code, out, errs = run("backup", "--data-dir", dir)
	if code != 0 || !strings.Contains(out, filepath.Join(dir, "backups")) {
		t.Fatalf("backup: %d %q %s", code, out, errs)
	}
	backupFile := strings.Split(out, "\t")[0]

	if code, _, errs := run("forget", "--data-dir", dir, "--customer", id); code == 0 || !strings.Contains(errs, "--yes") {
		t.Errorf("forget without --yes: code %d, %s", code, errs)
	}
	if code, out, errs := run("forget", "--data-dir", dir, "--customer", id, "--yes"); code != 0 || !strings.Contains(out, "1 messages erased") {
		t.Fatalf("forget: %d %q %s", code, out, errs)
	}
	if code, _, _ := run("export", "--data-dir", dir, "--search", "flibbertigibbet"); code == 0 {
		t.Error("the forgotten customer's words are still found")
	}

	// Restore the backup made before forgetting: staged, applied at the
	// window's next start, the current database kept aside.
	if code, _, errs := run("restore", "--data-dir", dir, backupFile); code == 0 || !strings.Contains(errs, "--yes") {
		t.Errorf("restore without --yes: %d %s", code, errs)
	}
	code, out, errs = run("restore", "--data-dir", dir, "--yes", backupFile)
	if code != 0 || !strings.Contains(out, "needs sign-in again: 1\tmastodon\t@Bakery\tBakery") {
		t.Fatalf("restore: %d %q %s", code, out, errs)
	}
	ws, err := core.Open(ctx, core.Options{DataDir: dir, ApplyRestore: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if ws.RestoredFrom == nil || ws.RestoredFrom.Aside == "" {
		t.Fatalf("restored = %+v", ws.RestoredFrom)
	}
	if hits, err := ws.Store.Search(ctx, "flibbertigibbet", 5); err != nil || len(hits) != 1 {
		t.Errorf("after restore: hits %v, %v; want the backup's message", hits, err)
	}
	need, err := ws.NeedSignIn(ctx)
	if err != nil || len(need) != 1 {
		t.Errorf("need sign-in = %v, %v", need, err)
	}
	if _, err := os.Stat(ws.RestoredFrom.Aside); err != nil {
		t.Errorf("the replaced database was not kept: %v", err)
	}
}
