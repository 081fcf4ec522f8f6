//go:build atproto

package engine

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/bluesky"
	"careinbox/backend/connector/bluesky/atprototest"
	"careinbox/backend/inbox"
	"careinbox/backend/secrets"
	"careinbox/backend/store"
)

// TestAtprotoEngineEndToEnd runs the real engine and store with the
// Bluesky connector against the real AT Protocol dev network
// (scripts/test-bluesky.sh): a handle signed in with an app password
// without DM access syncs its mentions (sync --once succeeds: the chat
// stream's refusal is a note, not a failure), a slow-clock post arrives on
// the next sync, nothing arrives twice, and a reply written in the app
// reaches the customer's thread with a mention facet she can read.
func TestAtprotoEngineEndToEnd(t *testing.T) {
	n := atprototest.Open(t)
	shop := n.NewAccount("engineshop") // its own account: the connector tests run beside it
	ana, ben := n.Accounts["ana"], n.Accounts["ben"]
	first := n.Post(atprototest.PostOpts{As: "ana", Text: "@" + shop.Handle + " İs my order on its way? 📦"})

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "bsky.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, _ := st.CreateClient(ctx, inbox.Client{Name: "Shop"})
	h, err := st.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: inbox.NetworkBluesky, RemoteAccountID: shop.DID, DisplayName: "Shop on Bluesky"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetHandleSettings(ctx, h.ID, map[string]string{"handle": shop.Handle, "pds": n.PDS}); err != nil {
		t.Fatal(err)
	}
	sec := secrets.NewMemory()
	if err := SaveSecrets(ctx, sec, h.ID, map[string]string{"app_password": shop.AppPassword}); err != nil {
		t.Fatal(err)
	}
	reg := connector.Registry{inbox.NetworkBluesky: func(cfg connector.Config) (connector.Connector, error) { return bluesky.New(cfg) }}
	eng := New(Config{Store: st, Secrets: sec, Registry: reg, Idle: 500 * time.Millisecond})

	syncOnce := func(what string) map[string]inbox.ConversationSummary {
		t.Helper()
		if err := eng.SyncOnce(ctx, h.ID); err != nil {
			t.Fatalf("sync --once (%s): %v", what, err)
		}
		hh, err := st.Handle(ctx, h.ID)
		if err != nil || hh.SyncState != inbox.SyncOK {
			t.Fatalf("after %s: handle state %q %q, %v; want ok", what, hh.SyncState, hh.SyncError, err)
		}
		page, err := st.Conversations(ctx, inbox.ConversationFilter{HandleID: h.ID}, 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]inbox.ConversationSummary{}
		for _, it := range page.Items {
			out[it.RemoteID] = it
		}
		return out
	}

	convs := syncOnce("the first sync")
	conv, ok := convs[first.URI]
	if !ok || len(convs) != 1 || conv.Kind != inbox.KindPublic || !strings.Contains(conv.LastExcerpt, "order on its way") || conv.CustomerUser != ana.Handle {
		t.Fatalf("after the first sync: %+v", convs)
	}

	// A customer whose phone is seven minutes slow, then the next sync.
	slow := time.Now().Add(-7 * time.Minute).UTC()
	late := n.Post(atprototest.PostOpts{As: "ben", Text: "@" + shop.Handle + " my clock is behind, still answer me", CreatedAt: &slow})
	convs = syncOnce("the slow-clock post")
	if _, ok := convs[late.URI]; !ok || len(convs) != 2 || convs[late.URI].CustomerUser != ben.Handle {
		t.Fatalf("the slow-clock post did not arrive: %+v", convs)
	}
	before, _ := st.Conversation(ctx, conv.ID)
	syncOnce("a sync with nothing new")
	after, _ := st.Conversation(ctx, conv.ID)
	if len(after.Messages) != len(before.Messages) {
		t.Errorf("a sync with nothing new changed the thread from %d to %d messages", len(before.Messages), len(after.Messages))
	}

	// A reply from the app, through the outbox.
	reply, err := st.QueueReply(ctx, conv.ID, "Evet! İt ships today, 300 \u212a cold-packed 🚚", "public", "Sam", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- eng.Run(ctx) }()
	defer func() { cancel(); <-done }()
	eng.Wake()
	deadline := time.Now().Add(30 * time.Second)
	for sent := false; !sent; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			d, _ := st.Conversation(ctx, conv.ID)
			t.Fatalf("the reply was not sent within 30 s: %+v", d.Messages)
		}
		d, _ := st.Conversation(ctx, conv.ID)
		for _, m := range d.Messages {
			if m.ID == reply.ID && m.Delivery == inbox.DeliverySent {
				sent = true
			}
		}
	}
	var seen []atprototest.Reply
	for _, r := range n.Replies("ana", first.URI) {
		if r.Author == shop.DID {
			seen = append(seen, r)
		}
	}
	if len(seen) != 1 || !strings.Contains(seen[0].Text, "ships today") {
		t.Fatalf("Ana sees the shop's replies %+v; want the one reply", seen)
	}
	if m := seen[0].Mentions; len(m) != 1 || m[0].Text != "@"+ana.Handle || m[0].DID != ana.DID {
		t.Errorf("Ana's client reads the mentions as %+v; want @%s → %s", m, ana.Handle, ana.DID)
	}
}
