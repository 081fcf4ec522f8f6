package x

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/connectortest"
	"careinbox/backend/inbox"
)

func config(d *double, secrets map[string]string) connector.Config {
	return connector.Config{HandleID: 1, Settings: map[string]string{"client_id": d.clientID, "api": d.srv.URL},
		Secrets: secrets, HTTP: d.srv.Client()}
}

func setup(t *testing.T) (*Connector, *double) {
	d := newDouble(t)
	d.seed()
	c, err := New(config(d, map[string]string{"access_token": "at-0", "refresh_token": "rt-0"}))
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

func TestNewNeedsClientAndSignIn(t *testing.T) {
	if _, err := New(connector.Config{Settings: map[string]string{}, Secrets: map[string]string{}}); err == nil {
		t.Error("built without a client id")
	}
	_, err := New(connector.Config{Settings: map[string]string{"client_id": "c"}, Secrets: map[string]string{}})
	if ce, ok := connector.Classify(err); !ok || ce.Kind != connector.AuthNeeded {
		t.Errorf("without tokens: %v", err)
	}
	if RequestsPerDay(5*time.Minute) != 576 || RequestsPerDay(time.Second) != 2880 {
		t.Errorf("estimate = %d, %d", RequestsPerDay(5*time.Minute), RequestsPerDay(time.Second))
	}
}

func TestGrouping(t *testing.T) {
	c, _ := setup(t)
	p, err := c.Fetch(context.Background(), StreamMentions, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Conversations) != 2 {
		t.Fatalf("conversations = %+v", p.Conversations)
	}
	th := p.Conversations[0]
	if th.Kind != inbox.KindPublic || th.RemoteID != "post:1860000000000000001" || len(th.Messages) != 2 {
		t.Fatalf("thread = %+v", th)
	}
	if m := th.Messages[1]; m.ReplyToRemoteID != "1860000000000000001" || m.AuthorName != "Ana 🌷" || th.Customer.Username != "ana_k" {
		t.Errorf("follow-up = %+v customer %+v", m, th.Customer)
	}
	dm, err := c.Fetch(context.Background(), StreamDMs, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(dm.Conversations) != 1 || len(dm.Conversations[0].Messages) != 2 {
		t.Fatalf("dms = %+v", dm.Conversations)
	}
	conv := dm.Conversations[0]
	if conv.Kind != inbox.KindPrivate || conv.Customer.RemoteID != "2002" || conv.Messages[1].Direction != inbox.Outbound {
		t.Errorf("dm conversation = %+v", conv)
	}
}

// A full cycle: sign in through the loopback flow, sync, sync again from
// the stored cursors with new data paged, reply in public and in private,
// meet a rate limit, have the grant revoked.
func TestFullCycle(t *testing.T) {
	d := newDouble(t)
	d.seed()
	ctx := context.Background()
	browser := &http.Client{Timeout: 5 * time.Second}
	var opened string
	creds, err := Authorize(ctx, SignIn{
		ClientID: d.clientID, HTTP: d.srv.Client(), AuthURL: d.srv.URL + "/oauth2/authorize", TokenURL: d.srv.URL + "/2/oauth2/token",
		OpenBrowser: func(u string) error {
			opened = u
			resp, err := browser.Get(u) // follows the redirect to the loopback callback
			if err != nil {
				return err
			}
			defer resp.Body.Close()
			if resp.StatusCode != 200 || resp.Request.URL.Hostname() != "127.0.0.1" || resp.Request.URL.Path != "/callback" {
				t.Errorf("browser ended at %s (%d)", resp.Request.URL, resp.StatusCode)
			}
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(opened, "code_challenge_method=S256") || !d.access[creds.AccessToken] || !d.refresh[creds.RefreshToken] || creds.Scope != Scopes {
		t.Fatalf("creds = %+v after %s", creds, opened)
	}
	cfg := config(d, creds.Secrets())
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var saved []map[string]string
	c.SetTokenSaver(func(s map[string]string) error { saved = append(saved, s); return nil })
	a, err := c.Verify(ctx)
	if err != nil || a.RemoteID != ownID || a.Username != "@AskBrand" {
		t.Fatalf("verify = %+v, %v", a, err)
	}

	cursors := map[string]string{}
	for _, s := range c.Streams() {
		p, err := c.Fetch(ctx, s, "")
		if err != nil {
			t.Fatal(err)
		}
		cursors[s] = p.Cursor
	}
	if cursors[StreamMentions] != d.mentions[0]["id"] || cursors[StreamDMs] != d.dms[0]["id"] {
		t.Fatalf("cursors = %v", cursors)
	}
	// 25 new mentions and DMs: more than one page of each, fetched from the
	// stored cursors a page per call.
	for range 25 {
		d.mention(ben, "@AskBrand ping", "", "")
		d.dm(ana, own, "ping")
	}
	for _, s := range c.Streams() {
		got := 0
		cur := cursors[s]
		for i := 0; ; i++ {
			p, err := c.Fetch(ctx, s, cur)
			if err != nil {
				t.Fatal(err)
			}
			for _, conv := range p.Conversations {
				got += len(conv.Messages)
			}
			cur = p.Cursor
			if !p.More {
				break
			}
			if i > 10 {
				t.Fatal("walk does not end")
			}
		}
		if got != 25 {
			t.Errorf("%s: %d new messages, want 25", s, got)
		}
		cursors[s] = cur
	}

	// The access token expires: the next call renews it, rotating the
	// refresh token, and the saver sees the new pair before anything else.
	c.mu.Lock()
	c.tok.Expiry = time.Now().Add(-time.Hour)
	c.mu.Unlock()
	sent, err := c.Reply(ctx, connector.Reply{Visibility: connector.Public, ConversationRemoteID: "post:1860000000000000001",
		InReplyTo: "1860000000000000002", Text: "@ana_k So sorry, it ships today."})
	if err != nil {
		t.Fatal(err)
	}
	if len(saved) != 1 || saved[0]["refresh_token"] == creds.RefreshToken || d.refresh[creds.RefreshToken] || saved[0]["token_expiry"] == "" {
		t.Fatalf("token rotation: saved %v", saved)
	}
	if last := d.posted[len(d.posted)-1]; last["id"] != sent.RemoteID || last["in_reply_to"] != "1860000000000000002" {
		t.Errorf("posted %v, sent %+v", last, sent)
	}
	dmSent, err := c.Reply(ctx, connector.Reply{Visibility: connector.Private, Kind: inbox.KindPublic, InReplyTo: "1860000000000000003",
		Customer: inbox.Participant{RemoteID: "2002"}, Text: "Yes, we ship to Iceland."})
	if err != nil || !strings.HasPrefix(dmSent.RemoteID, "dm:") || d.sentDMs[0]["to"] != "2002" {
		t.Fatalf("dm reply = %+v, %v, %v", dmSent, err, d.sentDMs)
	}

	// Rate limit: the DM window is nearly spent; the connector stops before
	// X has to refuse it and says until when.
	d.remaining["dm_events"] = 2
	if _, err := c.Fetch(ctx, StreamDMs, cursors[StreamDMs]); err != nil {
		t.Fatal(err)
	}
	before := d.requests["dm_events"]
	_, err = c.Fetch(ctx, StreamDMs, cursors[StreamDMs])
	ce, ok := connector.Classify(err)
	if !ok || ce.Kind != connector.RateLimited || !ce.RetryAt.After(time.Now()) || d.requests["dm_events"] != before {
		t.Fatalf("after the budget: %v (requests %d → %d)", err, before, d.requests["dm_events"])
	}
	if _, err := c.Fetch(ctx, StreamMentions, cursors[StreamMentions]); err != nil {
		t.Errorf("mentions have their own window: %v", err)
	}

	// The user removes the app on x.com: access and refresh tokens die.
	d.access, d.refresh = map[string]bool{}, map[string]bool{}
	_, err = c.Fetch(ctx, StreamMentions, cursors[StreamMentions])
	if ce, ok := connector.Classify(err); !ok || ce.Kind != connector.AuthNeeded || strings.Contains(err.Error(), "rt-") {
		t.Fatalf("revoked: %v", err)
	}
}

func TestRestrictedReply(t *testing.T) {
	c, d := setup(t)
	d.restrict["1860000000000000003"] = true
	_, err := c.Reply(context.Background(), connector.Reply{Visibility: connector.Public, InReplyTo: "1860000000000000003", Text: "hello"})
	ce, ok := connector.Classify(err)
	if !ok || ce.Kind != connector.Permanent || !strings.Contains(ce.Message, "limits who can reply") {
		t.Fatalf("restricted reply: %v", err)
	}
	if _, err := c.Reply(context.Background(), connector.Reply{Visibility: connector.Public, InReplyTo: "1", Text: strings.Repeat("a", 281)}); err == nil {
		t.Error("a 281-character post was sent")
	}
}

func TestRateLimited429(t *testing.T) {
	c, d := setup(t)
	d.Fail(connectortest.RateLimited)
	_, err := c.Fetch(context.Background(), StreamMentions, "")
	var ce *connector.Error
	if !errors.As(err, &ce) || ce.Kind != connector.RateLimited || ce.RetryAt.Before(time.Now().Add(9*time.Minute)) {
		t.Fatalf("429: %v", err)
	}
	n := d.requests["mentions"]
	if _, err := c.Fetch(context.Background(), StreamMentions, ""); err == nil || d.requests["mentions"] != n {
		t.Error("the connector asked again before the reset")
	}
}
