package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"careinbox/backend/core"
	"careinbox/backend/inbox"
)

// careinbox import FILE --handle ID imports, prints the summary, and the
// same file again adds nothing; a missing handle or flag is an error.
func TestImportCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ws, err := core.Open(ctx, core.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	c, err := ws.Store.CreateClient(ctx, inbox.Client{Name: "Bakery"})
	if err != nil {
		t.Fatal(err)
	}
	h, err := ws.Store.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: inbox.NetworkTelegram, RemoteAccountID: "999", DisplayName: "Ask Bakery"})
	if err != nil {
		t.Fatal(err)
	}
	ws.Close()
	file := filepath.Join("..", "archive", "formats", "testdata", "telegram-result.json")
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := Run(ctx, append([]string{"import"}, args...), Env{Version: "test", Stdout: &out, Stderr: &errb})
		return code, out.String(), errb.String()
	}
	id := strconv.FormatInt(h.ID, 10)
	code, out, errs := run(file, "--handle", id, "--data-dir", dir)
	if code != 0 || !strings.Contains(out, "imported telegram archive") || !strings.Contains(out, "1 conversations, 2 messages — 2 new, 0 already there") ||
		!strings.Contains(out, "skipped 1: saved messages") {
		t.Fatalf("first import: code %d\n%s%s", code, out, errs)
	}
	if code, out, errs = run(file, "--handle", id, "--data-dir", dir); code != 0 || !strings.Contains(out, "0 new, 2 already there") {
		t.Fatalf("second import: code %d\n%s%s", code, out, errs)
	}
	if code, _, errs = run(file, "--handle", "9", "--data-dir", dir); code == 0 || !strings.Contains(errs, "handle 9") {
		t.Fatalf("unknown handle: code %d, %s", code, errs)
	}
	if code, _, errs = run("--data-dir", dir); code == 0 || !strings.Contains(errs, "usage: careinbox import FILE --handle ID") {
		t.Fatalf("no file: code %d, %s", code, errs)
	}
}
