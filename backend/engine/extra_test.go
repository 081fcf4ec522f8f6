package engine

import (
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/facebook"
	"careinbox/backend/connector/graph/graphtest"
	"careinbox/backend/inbox"
	"careinbox/backend/secrets"
	"careinbox/backend/store"
)

// A connector's Message.Extra (the Facebook connector's reply windows,
// against the shared Graph double) reaches the messages.extra column of the
// real database, and a re-fetch of the same messages keeps it.
func TestExtraReachesTheDatabaseAndSurvivesARefetch(t *testing.T) {
	ctx := context.Background()
	d := graphtest.New(t, graphtest.Messenger)
	d.Posts = []map[string]any{{"id": graphtest.PageID + "_900", "message": "Winter sale", "created_time": graphtest.Time(d.Clock)}}
	ana := graphtest.Messenger.Ana
	d.Message(ana, ana, "Hi, where is my order 42?")
	d.Comment(graphtest.PageID+"_900", graphtest.Messenger.Ben, "Boots too?", "")

	path := filepath.Join(t.TempDir(), "extra.db")
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	c, err := st.CreateClient(ctx, inbox.Client{Name: "Client"})
	if err != nil {
		t.Fatal(err)
	}
	h, err := st.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: inbox.NetworkFacebook, RemoteAccountID: graphtest.PageID, DisplayName: "Brand"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetHandleSettings(ctx, h.ID, map[string]string{"page_id": graphtest.PageID, "base": d.URL + "/v21.0"}); err != nil {
		t.Fatal(err)
	}
	sec := secrets.NewMemory()
	if err := SaveSecrets(ctx, sec, h.ID, map[string]string{"page_token": d.Token}); err != nil {
		t.Fatal(err)
	}
	reg := connector.Registry{inbox.NetworkFacebook: func(cfg connector.Config) (connector.Connector, error) { return facebook.New(cfg) }}
	eng := New(Config{Store: st, Secrets: sec, Registry: reg, HTTP: d.Client(), Now: time.Now})

	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	extras := func() map[string]map[string]any {
		t.Helper()
		rows, err := db.QueryContext(ctx, "SELECT remote_id, extra FROM messages WHERE direction = 'in'")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]map[string]any{}
		for rows.Next() {
			var id, raw string
			var m map[string]any
			if err := rows.Scan(&id, &raw); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(raw), &m); err != nil {
				t.Fatalf("message %s: extra %q is not JSON: %v", id, raw, err)
			}
			out[id] = m
		}
		return out
	}

	if err := eng.SyncOnce(ctx, h.ID); err != nil {
		t.Fatal(err)
	}
	first := extras()
	if len(first) != 2 {
		t.Fatalf("stored inbound messages = %v, want Ana's message and Ben's comment", first)
	}
	var windows, replies int
	for id, m := range first {
		if m["reply_window_ends"] != nil && m["human_agent_until"] != nil {
			windows++
		}
		if m["private_reply_until"] != nil {
			replies++
		}
		if len(m) == 0 {
			t.Errorf("message %s: no extra stored", id)
		}
	}
	if windows != 1 || replies != 1 {
		t.Errorf("extras = %v, want the Messenger reply windows and the comment's private-reply time", first)
	}

	// Re-fetch everything from scratch, as after a lost cursor: the upsert
	// of the same messages keeps their extra.
	for _, s := range []string{facebook.StreamMessenger, facebook.StreamComments} {
		if _, err := st.CommitPage(ctx, h.ID, s, "", nil, nil, time.Now(), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	before := len(d.Calls())
	if err := eng.SyncOnce(ctx, h.ID); err != nil {
		t.Fatal(err)
	}
	if len(d.Calls()) == before {
		t.Fatal("the second sync did not ask the network again")
	}
	again := extras()
	for id, m := range first {
		a, _ := json.Marshal(m)
		b, _ := json.Marshal(again[id])
		if string(a) != string(b) {
			t.Errorf("message %s: extra %s after the re-fetch, was %s", id, b, a)
		}
	}
}
