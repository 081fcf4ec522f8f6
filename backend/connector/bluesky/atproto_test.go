//go:build atproto

package bluesky

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rivo/uniseg"

	"careinbox/backend/connector"
	"careinbox/backend/connector/bluesky/atprototest"
	"careinbox/backend/inbox"
)

// These tests run against the real AT Protocol dev network
// (scripts/test-bluesky.sh): PLC, PDS with rate limits and AppView from
// @atproto/dev-env, customers posting through @atproto/api.

func realConnector(t *testing.T, n *atprototest.Network, a atprototest.Account, secrets map[string]string) *Connector {
	t.Helper()
	if secrets == nil {
		secrets = map[string]string{"app_password": a.AppPassword}
	}
	c, err := New(connector.Config{AccountID: a.DID, Settings: map[string]string{"handle": a.Handle, "pds": n.PDS},
		Secrets: secrets, HTTP: &http.Client{Timeout: 30 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// messagesByID flattens a page into its messages by remote id.
func messagesByID(p connector.Page) map[string]connector.Message {
	out := map[string]connector.Message{}
	for _, cv := range p.Conversations {
		for _, m := range cv.Messages {
			out[m.RemoteID] = m
		}
	}
	return out
}

func fetchAll(t *testing.T, c *Connector, stream, cursor string) (map[string]connector.Message, []connector.Conversation, string) {
	t.Helper()
	msgs := map[string]connector.Message{}
	var convs []connector.Conversation
	for range 20 {
		p, err := c.Fetch(context.Background(), stream, cursor)
		if err != nil {
			t.Fatalf("fetch %s: %v", stream, err)
		}
		for id, m := range messagesByID(p) {
			if _, dup := msgs[id]; dup {
				t.Errorf("%s delivered twice in one chain", id)
			}
			msgs[id] = m
		}
		convs = append(convs, p.Conversations...)
		cursor = p.Cursor
		if !p.More {
			break
		}
	}
	return msgs, convs, cursor
}

// Sign-in with an app password, mentions into conversations, incremental
// sync, and a post from a phone whose clock is slow.
func TestAtprotoMentionsIncrementalAndSlowClock(t *testing.T) {
	n := atprototest.Open(t)
	shop, ana, ben := n.Accounts["shop"], n.Accounts["ana"], n.Accounts["ben"]
	c := realConnector(t, n, shop, nil)
	acct, err := c.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if acct.RemoteID != shop.DID || acct.Username != "@"+shop.Handle {
		t.Errorf("account = %+v", acct)
	}
	if len(acct.Notes) != 1 || acct.Notes[0] != dmNote {
		t.Errorf("an app password without DM access: notes %q; want the DM note", acct.Notes)
	}
	_, _, cursor := fetchAll(t, c, StreamNotifications, "")

	first := n.Post(atprototest.PostOpts{As: "ana", Text: "@" + shop.Handle + " my parcel is late 📦"})
	got, convs, cursor := fetchAll(t, c, StreamNotifications, cursor)
	m, ok := got[first.URI]
	if !ok || len(got) != 1 || m.Author.RemoteID != ana.DID || m.Author.Username != ana.Handle || !strings.Contains(m.Text, "parcel is late") {
		t.Fatalf("after Ana's mention: %+v", got)
	}
	for _, cv := range convs {
		if cv.RemoteID != first.URI || cv.Kind != inbox.KindPublic || cv.Customer.RemoteID != ana.DID {
			t.Errorf("conversation %+v", cv)
		}
	}

	// Incremental: nothing new, nothing again.
	again, _, cursor := fetchAll(t, c, StreamNotifications, cursor)
	if len(again) != 0 {
		t.Errorf("an incremental sync with nothing new delivered %d messages", len(again))
	}

	// Ben's phone is five minutes slow: the AppView lists his post by its
	// createdAt, below Ana's, which we already have.
	slow := time.Now().Add(-5 * time.Minute).UTC()
	late := n.Post(atprototest.PostOpts{As: "ben", Text: "@" + shop.Handle + " hello? my clock is slow", CreatedAt: &slow})
	onTime := n.Post(atprototest.PostOpts{As: "ana", Text: "@" + shop.Handle + " one more thing"})
	got, _, _ = fetchAll(t, c, StreamNotifications, cursor)
	if _, ok := got[late.URI]; !ok {
		t.Errorf("the slow-clock post was missed: got %v", keys(got))
	}
	if _, ok := got[onTime.URI]; !ok || len(got) != 2 {
		t.Errorf("after the slow post: got %v; want it and Ana's new one", keys(got))
	}
	if m := got[late.URI]; m.SentAt.Sub(slow).Abs() > time.Second || m.Author.RemoteID != ben.DID {
		t.Errorf("slow post = %+v; want Ben's, sent at its createdAt %v", m, slow)
	}
}

func keys(m map[string]connector.Message) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// The PDS refuses chat to an app password without DM access with 400
// InvalidToken "Bad token method": the chat stream is a note, not a
// sign-in problem.
func TestAtprotoChatWithoutDMAccess(t *testing.T) {
	n := atprototest.Open(t)
	c := realConnector(t, n, n.Accounts["shop"], nil)
	p, err := c.Fetch(context.Background(), StreamChat, "")
	if err != nil || p.Unavailable != dmNote {
		t.Fatalf("chat fetch = %+v, %v; want an empty page with the DM note", p, err)
	}
	_, err = c.Reply(context.Background(), connector.Reply{Visibility: connector.Private, ConversationRemoteID: n.Accounts["ana"].DID,
		Customer: inbox.Participant{RemoteID: n.Accounts["ana"].DID}, Text: "hi"})
	ce, ok := connector.Classify(err)
	if !ok || ce.Kind != connector.Permanent || !errors.Is(err, errNoDMAccess) || !strings.Contains(err.Error(), "Bad token method") {
		t.Errorf("private reply = %v; want the DM note (permanent) from the PDS's refusal", err)
	}
}

// Replies: reply refs, mention facets in mixed scripts read back by
// @atproto/api's RichText, a reply at exactly 300 graphemes, the limit
// checked the way the PDS checks it, and a retry with the same key.
func TestAtprotoReplies(t *testing.T) {
	n := atprototest.Open(t)
	shop, ana := n.Accounts["shop"], n.Accounts["ana"]
	c := realConnector(t, n, shop, nil)
	root := n.Post(atprototest.PostOpts{As: "ana", Text: "@" + shop.Handle + " İstanbul'a kargo var mı? 🇹🇷"})
	customer := inbox.Participant{Network: inbox.NetworkBluesky, RemoteID: ana.DID, Username: ana.Handle}
	mention := "@" + ana.Handle
	send := func(key, text string) (connector.Sent, error) {
		return c.Reply(context.Background(), connector.Reply{IdempotencyKey: key, ConversationRemoteID: root.URI,
			Visibility: connector.Public, InReplyTo: root.URI, Customer: customer, Text: text})
	}
	tests := []struct {
		key, text string
	}{
		{"mixed-prefix", "İyi günler! 300 \u212a is cold — спасибо, شكرا, ありがとう 🙏🏽"},
		{"mixed-inside", "İİİ \u212a\u212a Σας ευχαριστώ " + mention + " 👨‍👩‍👧 we ship to İstanbul"},
	}
	for _, tt := range tests {
		s, err := send(tt.key, tt.text)
		if err != nil {
			t.Fatalf("%s: %v", tt.key, err)
		}
		var found *atprototest.Reply
		for _, r := range n.Replies("ana", root.URI) {
			if r.URI == s.RemoteID {
				found = &r
			}
		}
		if found == nil {
			t.Fatalf("%s: the reply %s is not in the thread", tt.key, s.RemoteID)
		}
		if len(found.Mentions) != 1 || found.Mentions[0].Text != mention || found.Mentions[0].DID != ana.DID {
			t.Errorf("%s: @atproto/api reads the mentions of %q as %+v; want %s → %s", tt.key, found.Text, found.Mentions, mention, ana.DID)
		}
	}

	// The customer answers our reply: a reply notification in the same
	// conversation (the thread's root).
	ours := n.Replies("ana", root.URI)[0].URI
	answer := n.Post(atprototest.PostOpts{As: "ana", Text: "teşekkürler!", ReplyTo: ours})
	_, convs, _ := fetchAll(t, c, StreamNotifications, "")
	threaded := false
	for _, cv := range convs {
		for _, m := range cv.Messages {
			if m.RemoteID == answer.URI {
				threaded = cv.RemoteID == root.URI && m.ReplyToRemoteID == ours && m.Extra["reason"] == "reply"
			}
		}
	}
	if !threaded {
		t.Errorf("Ana's answer to our reply is not a reply in the thread of %s: %+v", root.URI, convs)
	}

	// Answering Ana's answer, two levels down: reply.root is the thread's
	// root, reply.parent her answer; a link in it is a link facet.
	deep, err := c.Reply(context.Background(), connector.Reply{IdempotencyKey: "deep", ConversationRemoteID: root.URI,
		Visibility: connector.Public, InReplyTo: answer.URI, Customer: customer, Text: "Rica ederiz! İade: https://shop.example/iade?s=ZX-991."})
	if err != nil {
		t.Fatal(err)
	}
	var deepSeen *atprototest.Reply
	for _, r := range n.Replies("ana", answer.URI) {
		if r.URI == deep.RemoteID {
			deepSeen = &r
		}
	}
	switch {
	case deepSeen == nil:
		t.Errorf("the deep reply %s is not under Ana's answer", deep.RemoteID)
	case deepSeen.Root != root.URI || deepSeen.Parent != answer.URI:
		t.Errorf("deep reply refs root %s parent %s; want %s, %s", deepSeen.Root, deepSeen.Parent, root.URI, answer.URI)
	case len(deepSeen.Links) != 1 || deepSeen.Links[0].URI != "https://shop.example/iade?s=ZX-991" || deepSeen.Links[0].Text != deepSeen.Links[0].URI:
		t.Errorf("@atproto/api reads the links of %q as %+v", deepSeen.Text, deepSeen.Links)
	}

	// Exactly 300 graphemes as posted (the "@handle " prefix included):
	// accepted by the PDS and counted 300 by @atproto/api.
	prefix := uniseg.GraphemeClusterCount(mention + " ")
	body := strings.Repeat("👍🏽", 10) + strings.Repeat("é", 300-prefix-10)
	if got := ReplyLength(body, ana.Handle); got != 300 {
		t.Fatalf("ReplyLength = %d; want 300", got)
	}
	s, err := send("long-300", body)
	if err != nil {
		t.Fatalf("a 300-grapheme reply: %v", err)
	}
	for _, r := range n.Replies("ana", root.URI) {
		if r.URI == s.RemoteID && r.Graphemes != 300 {
			t.Errorf("@atproto/api counts the long reply as %d graphemes; want 300", r.Graphemes)
		}
	}
	// One more is refused here, in plain words — and the PDS agrees that
	// 301 graphemes is too many.
	if _, err := send("long-301", body+"!"); err == nil || !strings.Contains(err.Error(), "300") {
		t.Errorf("a 301-grapheme reply: %v; want refused locally", err)
	}
	if err := n.Call("/post", atprototest.PostOpts{As: "ana", Raw: true, Text: mention + " " + body + "!"}, nil); err == nil ||
		!strings.Contains(err.Error(), "grapheme") {
		t.Errorf("the PDS accepted 301 graphemes (%v): our count disagrees with Bluesky's", err)
	}

	// A retry with the same key (a lost answer): the PDS refuses the taken
	// record key and the reply is confirmed as the post already there.
	first, err := send("retry-1", "Tracking: ZX-991 🚚")
	if err != nil {
		t.Fatal(err)
	}
	again, err := send("retry-1", "Tracking: ZX-991 🚚")
	if err != nil || again.RemoteID != first.RemoteID {
		t.Fatalf("retry = %+v, %v; want the first post %s", again, err, first.RemoteID)
	}
	// What the PDS answers a create on the taken key (500, not a 4xx):
	// Reply must treat it as worth confirming.
	rec := map[string]any{"$type": postCollection, "text": "x", "createdAt": time.Now().UTC().Format(time.RFC3339Nano)}
	err = c.xrpc(context.Background(), http.MethodPost, "com.atproto.repo.createRecord", nil,
		map[string]any{"repo": shop.DID, "collection": postCollection, "rkey": postRKey("retry-1"), "record": rec}, &struct{}{})
	t.Logf("createRecord on a taken record key: %d %s (%v)", remoteStatus(err), remoteName(err), err)
	if err == nil || !retryConfirmable(err) {
		t.Errorf("createRecord on a taken key = %v; Reply would not confirm it", err)
	}
	fs, found, err := c.FindSent(context.Background(), connector.Reply{IdempotencyKey: "retry-1", ConversationRemoteID: root.URI,
		Visibility: connector.Public, InReplyTo: root.URI, Customer: customer, Text: "Tracking: ZX-991 🚚"})
	if err != nil || !found || fs.RemoteID != first.RemoteID {
		t.Errorf("FindSent = %+v %v %v", fs, found, err)
	}
	if nf, found, err := c.FindSent(context.Background(), connector.Reply{IdempotencyKey: "never-sent", ConversationRemoteID: root.URI,
		Visibility: connector.Public, InReplyTo: root.URI, Customer: customer, Text: "x"}); err != nil || found {
		t.Errorf("FindSent of a reply never sent = %+v %v %v", nf, found, err)
	}
	count := 0
	for _, r := range n.Replies("ana", root.URI) {
		if strings.Contains(r.Text, "ZX-991") {
			count++
		}
	}
	if count != 1 {
		t.Errorf("the customer sees the retried reply %d times; want once", count)
	}
}

// An expired access token (signed by the PDS's key, expired a minute ago)
// is refreshed with the refresh token, without the app password.
func TestAtprotoSessionRefresh(t *testing.T) {
	n := atprototest.Open(t)
	shop := n.Accounts["shop"]
	access, refresh := n.ExpiredSession()
	c := realConnector(t, n, shop, map[string]string{"access_jwt": access, "refresh_jwt": refresh})
	if _, err := c.Fetch(context.Background(), StreamNotifications, ""); err != nil {
		t.Fatalf("fetch with an expired access token: %v", err)
	}
	a, r := c.Tokens()
	if a == access || r == refresh || a == "" {
		t.Errorf("tokens not rotated by the refresh")
	}
	if s := c.RefreshedSecrets(); s["access_jwt"] != a || s["refresh_jwt"] != r {
		t.Errorf("RefreshedSecrets = %v", s)
	}
}

// The PDS's real rate limit (createSession: 30 per 5 minutes per account)
// ends in RateLimited with the time from its RateLimit-Reset header, in
// plain words; the connector never hammers past it.
func TestAtprotoRateLimit(t *testing.T) {
	n := atprototest.Open(t)
	acct := n.NewAccount("ratelimited")
	var err error
	tries := 0
	for tries < 40 {
		tries++
		c := realConnector(t, n, acct, nil)
		if _, err = c.Verify(context.Background()); err != nil {
			break
		}
	}
	var ce *connector.Error
	if !errors.As(err, &ce) || ce.Kind != connector.RateLimited {
		t.Fatalf("after %d sign-ins: %v; want RateLimited", tries, err)
	}
	if until := time.Until(ce.RetryAt); until <= 0 || until > 6*time.Minute {
		t.Errorf("RetryAt in %s; want the window's reset, within 5 minutes", until)
	}
	if tries > 31 {
		t.Errorf("%d sign-ins before the limit; the PDS allows 30", tries)
	}
	t.Logf("rate limited after %d sign-ins: %s", tries, ce.Message)
}
