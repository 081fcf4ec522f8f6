package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"careinbox/backend/core"
	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

func TestListenOnce(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	run := func(args ...string) (string, string, int) {
		var out, errb bytes.Buffer
		code := Run(ctx, args, Env{Version: "test", Stdout: &out, Stderr: &errb})
		return out.String(), errb.String(), code
	}
	if _, _, code := run("listen"); code != 1 {
		t.Fatalf("listen without --once: code %d, want 1", code)
	}
	out, errs, code := run("listen", "--once", "--demo", "--data-dir", dir)
	if code != 0 || !strings.Contains(out, "no listening searches yet") {
		t.Fatalf("empty: code %d, out %q, err %s", code, out, errs)
	}
	ws, err := core.Open(ctx, core.Options{DataDir: dir, Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	handles, err := ws.Store.Handles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var client int64
	for _, h := range handles {
		if h.Network == inbox.NetworkMastodon || h.Network == inbox.NetworkBluesky {
			client = h.ClientID
		}
	}
	if client == 0 {
		t.Fatal("the demo has no Mastodon or Bluesky handle")
	}
	if _, err := ws.Listening.SaveSearch(ctx, store.ListenSearch{ClientID: client, Name: "Brand\tname", Terms: []string{"Acme"}}); err != nil {
		t.Fatal(err)
	}
	ws.Close()
	out, errs, code = run("listen", "--once", "--demo", "--data-dir", dir)
	if code != 0 || !strings.Contains(out, "Brand name\t") || !strings.Contains(out, "My Acme order arrived with a broken zipper") {
		t.Fatalf("listen --once: code %d, out %q, err %s", code, out, errs)
	}
	if !strings.Contains(out, " new\n") || strings.Contains(out, "\t0 new") {
		t.Errorf("want new results counted: %q", out)
	}
}
