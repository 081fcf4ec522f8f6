//go:build atproto

package bluesky

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/bluesky/atprototest"
	"careinbox/backend/inbox"
)

// A createdAt the lexicon's syntax allows but no calendar has (30
// February, next year so it sorts first): the PDS takes it, the AppView
// indexes and notifies it, and the connector must neither drop it nor fail
// to answer it.
func TestAtprotoCreatedAtRolledOver(t *testing.T) {
	n := atprototest.Open(t)
	shop, ana := n.Accounts["shop"], n.Accounts["ana"]
	c := realConnector(t, n, shop, nil)
	raw := fmt.Sprintf("%d-02-30T09:00:00.000Z", time.Now().Year()+1)
	p := n.Post(atprototest.PostOpts{As: "ana", Text: "@" + shop.Handle + " order 41 never came", CreatedAtRaw: raw})
	got, _, _ := fetchAll(t, c, StreamNotifications, "")
	m, ok := got[p.URI]
	if !ok {
		t.Fatalf("the mention with createdAt %q was dropped", raw)
	}
	if want := time.Date(time.Now().Year()+1, 3, 2, 9, 0, 0, 0, time.UTC); !m.SentAt.Equal(want) {
		t.Errorf("SentAt = %s; want %s (rolled over as the AppView does)", m.SentAt, want)
	}
	s, err := c.Reply(context.Background(), connector.Reply{IdempotencyKey: "rolled-over", ConversationRemoteID: p.URI,
		Visibility: connector.Public, InReplyTo: p.URI, Customer: inbox.Participant{Network: inbox.NetworkBluesky, RemoteID: ana.DID, Username: ana.Handle},
		Text: "Sorry! It ships today."})
	if err != nil {
		t.Fatalf("reply: %v", err)
	}
	if !slices.ContainsFunc(n.Replies("ana", p.URI), func(r atprototest.Reply) bool { return r.URI == s.RemoteID }) {
		t.Errorf("the reply %s is not in the thread", s.RemoteID)
	}
}

// Links in a reply are links for @atproto/api's RichText, at the right
// place after the "@handle " prefix and multi-byte text.
func TestAtprotoReplyLinks(t *testing.T) {
	n := atprototest.Open(t)
	shop, ana := n.Accounts["shop"], n.Accounts["ana"]
	c := realConnector(t, n, shop, nil)
	root := n.Post(atprototest.PostOpts{As: "ana", Text: "@" + shop.Handle + " where is my parcel?"})
	text := "Ø 🚚 tracking: https://shop.example/t/9?x=ø. Or (see https://help.example/faq)"
	s, err := c.Reply(context.Background(), connector.Reply{IdempotencyKey: "links", ConversationRemoteID: root.URI,
		Visibility: connector.Public, InReplyTo: root.URI, Customer: inbox.Participant{Network: inbox.NetworkBluesky, RemoteID: ana.DID, Username: ana.Handle},
		Text: text})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range n.Replies("ana", root.URI) {
		if r.URI != s.RemoteID {
			continue
		}
		want := []atprototest.Link{{Text: "https://shop.example/t/9?x=ø", URI: "https://shop.example/t/9?x=ø"}, {Text: "https://help.example/faq", URI: "https://help.example/faq"}}
		if !slices.Equal(r.Links, want) || len(r.Mentions) != 1 {
			t.Errorf("RichText reads %q as links %+v, mentions %+v; want %+v and one mention", r.Text, r.Links, r.Mentions, want)
		}
		return
	}
	t.Fatalf("the reply %s is not in the thread", s.RemoteID)
}

// A thread whose root the customer gated (nobody may reply): the reply is
// refused before it is posted, instead of a post the AppView hides.
func TestAtprotoGatedThread(t *testing.T) {
	n := atprototest.Open(t)
	shop, ana := n.Accounts["shop"], n.Accounts["ana"]
	c := realConnector(t, n, shop, nil)
	root := n.Post(atprototest.PostOpts{As: "ana", Text: "@" + shop.Handle + " no replies please, just fix it"})
	n.Threadgate("ana", root.URI)
	_, err := c.Reply(context.Background(), connector.Reply{IdempotencyKey: "gated", ConversationRemoteID: root.URI,
		Visibility: connector.Public, InReplyTo: root.URI, Customer: inbox.Participant{Network: inbox.NetworkBluesky, RemoteID: ana.DID, Username: ana.Handle},
		Text: "On it."})
	if ce, ok := connector.Classify(err); !ok || ce.Kind != connector.Permanent {
		t.Fatalf("reply into a gated thread = %v; want a permanent refusal", err)
	}
	_, found, ferr := c.FindSent(context.Background(), connector.Reply{IdempotencyKey: "gated", ConversationRemoteID: root.URI,
		Visibility: connector.Public, InReplyTo: root.URI, Customer: inbox.Participant{RemoteID: ana.DID, Username: ana.Handle}, Text: "On it."})
	if ferr != nil || found {
		t.Errorf("FindSent after the refusal = %v, %v; want nothing posted", found, ferr)
	}
}
