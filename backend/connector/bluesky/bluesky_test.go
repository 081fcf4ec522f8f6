package bluesky

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/connectortest"
	"careinbox/backend/inbox"
)

func setup(t *testing.T) (*Connector, *double) {
	d := newDouble(t)
	d.seed()
	c, err := New(connector.Config{Settings: map[string]string{"handle": "@shop.bsky.social", "pds": d.srv.URL},
		Secrets: map[string]string{"app_password": d.password}, HTTP: d.srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	return c, d
}

func TestConformance(t *testing.T) {
	connectortest.Run(t, func(t *testing.T) (connector.Connector, connectortest.Double) {
		c, d := setup(t)
		return c, d
	})
}

func TestHTTPFaults(t *testing.T) {
	connectortest.RunHTTP(t, func(t *testing.T) (connector.Connector, *connectortest.Server) {
		c, d := setup(t)
		return c, d.srv
	})
}

func TestNotificationsGrouping(t *testing.T) {
	c, d := setup(t)
	p, err := c.Fetch(context.Background(), StreamNotifications, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Conversations) != 2 {
		t.Fatalf("conversations = %+v", p.Conversations)
	}
	thread, quote := p.Conversations[0], p.Conversations[1]
	if thread.Kind != inbox.KindPublic || !strings.HasSuffix(thread.RemoteID, "/3k1") || len(thread.Messages) != 2 {
		t.Errorf("thread = %s with %d messages; want the root post and both of Ana's", thread.RemoteID, len(thread.Messages))
	}
	if m := thread.Messages[1]; m.Text != "still nothing 😕" || !strings.HasSuffix(m.ReplyToRemoteID, "/3k3") || m.AuthorName != "Ana 🌷" {
		t.Errorf("reply = %+v", m)
	}
	if quote.Customer.Username != "ben.example.com" || quote.Messages[0].Extra["reason"] != "quote" {
		t.Errorf("quote = %+v", quote)
	}
	if got := cursorNewest(t, p.Cursor); got != d.notifs[1]["indexedAt"] { // [0] is the like, which is not fetched
		t.Errorf("cursor at %q; want the newest indexedAt", got)
	}
	d.AddInbound(pageLimit + 10) // more than a page: the fetch pages back to the cursor
	p2, err := c.Fetch(context.Background(), StreamNotifications, p.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	if len(p2.Conversations) != pageLimit+10 || cursorNewest(t, p2.Cursor) <= cursorNewest(t, p.Cursor) {
		t.Errorf("after %d new: %d conversations, cursor %q", pageLimit+10, len(p2.Conversations), p2.Cursor)
	}
}

func TestChat(t *testing.T) {
	c, _ := setup(t)
	p, err := c.Fetch(context.Background(), StreamChat, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Conversations) != 1 || p.Conversations[0].RemoteID != "convo:convo-ben" || p.Conversations[0].Kind != inbox.KindPrivate {
		t.Fatalf("chat = %+v", p.Conversations)
	}
	ms := p.Conversations[0].Messages
	if len(ms) != 2 || ms[0].Direction != inbox.Inbound || ms[1].Direction != inbox.Outbound || p.Conversations[0].Customer.Username != "ben.example.com" {
		t.Errorf("messages = %+v", ms)
	}
}

// An access token the PDS no longer takes is refreshed, whether it expired
// (400 ExpiredToken) or cannot be verified any more (400 InvalidToken,
// e.g. after the PDS changed its signing key): the refresh token or the
// app password still sign in, so the handle must not ask for a new one.
func TestSessionRefresh(t *testing.T) {
	for _, stale := range []string{"", "InvalidToken"} {
		t.Run("refused as "+stale, func(t *testing.T) {
			c, d := setup(t)
			if _, err := c.Verify(context.Background()); err != nil {
				t.Fatal(err)
			}
			d.access, d.staleToken = "rotated", stale // the access token no longer works
			if _, err := c.Fetch(context.Background(), StreamNotifications, ""); err != nil {
				t.Fatal(err)
			}
			if d.sessions != 1 {
				t.Errorf("createSession called %d times; a stale token should be refreshed", d.sessions)
			}
			if a, r := c.Tokens(); a != d.access || r != d.refresh {
				t.Errorf("tokens not updated after refresh")
			}
		})
	}
}

func TestRevokedAppPassword(t *testing.T) {
	c, d := setup(t)
	d.password = "revoked"
	_, err := c.Verify(context.Background())
	ce, ok := connector.Classify(err)
	if !ok || ce.Kind != connector.AuthNeeded || !strings.Contains(ce.Message, "app password") {
		t.Fatalf("revoked app password gave %v", err)
	}
}

// An app password without DM access is a note on the chat stream, not a
// broken handle: Verify says it, the chat stream comes back empty with the
// note (and rests for chatRecheck), mentions sync, and a private reply is
// refused in the same words without asking for a new sign-in.
func TestDMsNeedPrivilegedAppPassword(t *testing.T) {
	for _, status := range []int{400, 401} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			c, d := setup(t)
			d.chatOK, d.chatRefusal = false, status
			a, err := c.Verify(context.Background())
			if err != nil || len(a.Notes) != 1 || a.Notes[0] != dmNote {
				t.Fatalf("verify = %+v, %v", a, err)
			}
			p, err := c.Fetch(context.Background(), StreamChat, "22000007")
			if err != nil || p.Unavailable != dmNote || p.Cursor != "22000007" || len(p.Conversations) != 0 {
				t.Fatalf("chat fetch = %+v, %v; want an empty page with the note", p, err)
			}
			refused := d.chatRefused
			if _, err := c.Fetch(context.Background(), StreamChat, "22000007"); err != nil || d.chatRefused != refused {
				t.Errorf("second chat fetch: %v, %d more refused calls; want none within %s", err, d.chatRefused-refused, chatRecheck)
			}
			if p, err := c.Fetch(context.Background(), StreamNotifications, ""); err != nil || len(p.Conversations) == 0 {
				t.Errorf("mentions with a DM-less app password: %+v, %v", p, err)
			}
			_, err = c.Reply(context.Background(), connector.Reply{ConversationRemoteID: "convo:convo-ben", Visibility: connector.Private, Text: "Hi"})
			if ce, ok := connector.Classify(err); !ok || ce.Kind != connector.Permanent || ce.Message != dmNote {
				t.Errorf("private reply gave %v; want the DM note, permanent", err)
			}
		})
	}
}

func TestRateLimit(t *testing.T) {
	c, d := setup(t)
	if _, err := c.Verify(context.Background()); err != nil {
		t.Fatal(err)
	}
	d.Fail(connectortest.RateLimited)
	_, err := c.Fetch(context.Background(), StreamNotifications, "")
	var ce *connector.Error
	if !errors.As(err, &ce) || ce.Kind != connector.RateLimited || ce.RetryAt.Before(time.Now().Add(time.Minute)) {
		t.Fatalf("429 gave %v", err)
	}
}

func TestReplyPublic(t *testing.T) {
	c, d := setup(t)
	p, err := c.Fetch(context.Background(), StreamNotifications, "")
	if err != nil {
		t.Fatal(err)
	}
	thread := p.Conversations[0]
	last := thread.Messages[1]
	_, err = c.Reply(context.Background(), connector.Reply{IdempotencyKey: "k1", ConversationRemoteID: thread.RemoteID,
		Visibility: connector.Public, InReplyTo: last.RemoteID, Customer: thread.Customer, Text: "Løsning: it ships today 🚚"})
	if err != nil {
		t.Fatal(err)
	}
	rec := d.created[0]["record"].(map[string]any)
	reply := rec["reply"].(map[string]any)
	if reply["root"].(map[string]any)["uri"] != thread.RemoteID || reply["parent"].(map[string]any)["uri"] != last.RemoteID {
		t.Errorf("reply refs = %v", reply)
	}
	if reply["parent"].(map[string]any)["cid"] == "" {
		t.Error("parent strong ref without cid")
	}
	text := rec["text"].(string)
	f := rec["facets"].([]any)[0].(map[string]any)
	idx := f["index"].(map[string]any)
	s, e := int(idx["byteStart"].(float64)), int(idx["byteEnd"].(float64))
	if text[s:e] != "@ana.bsky.social" || f["features"].([]any)[0].(map[string]any)["did"] != "did:plc:ana" {
		t.Errorf("facet %d..%d of %q", s, e, text)
	}
}

func TestMentionFacetBytes(t *testing.T) {
	tests := []struct {
		text, want string
		start, end int
	}{
		{"thanks", "@ana.bsky.social thanks", 0, 16},
		{"Hej @ana.bsky.social!", "Hej @ana.bsky.social!", 4, 20},
		{"🌷 é @ana.bsky.social", "🌷 é @ana.bsky.social", 8, 24}, // 🌷 is 4 bytes, é 2
	}
	for _, tt := range tests {
		got, fs := withMention(tt.text, "ana.bsky.social", "did:plc:ana")
		if got != tt.want || fs[0].Index.ByteStart != tt.start || fs[0].Index.ByteEnd != tt.end {
			t.Errorf("withMention(%q) = %q %+v", tt.text, got, fs[0].Index)
		}
	}
}

func TestReplyPrivate(t *testing.T) {
	c, d := setup(t)
	if _, err := c.Reply(context.Background(), connector.Reply{ConversationRemoteID: "convo:convo-ben", Visibility: connector.Private, Text: "In stock."}); err != nil {
		t.Fatal(err)
	}
	// Answering a public mention privately opens the 1-1 conversation.
	s, err := c.Reply(context.Background(), connector.Reply{ConversationRemoteID: "at://did:plc:ana/app.bsky.feed.post/3k1",
		Visibility: connector.Private, Customer: inbox.Participant{RemoteID: "did:plc:ana"}, Text: "Sent you the details."})
	if err != nil || !strings.HasPrefix(s.RemoteID, "chat:") {
		t.Fatal(s, err)
	}
	if len(d.sentChat) != 2 || d.sentChat[0]["convoId"] != "convo-ben" || d.sentChat[1]["convoId"] == "" {
		t.Errorf("sent = %v", d.sentChat)
	}
}
