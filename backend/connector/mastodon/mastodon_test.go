package mastodon

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"careinbox/backend/connector"
	"careinbox/backend/connector/connectortest"
	"careinbox/backend/connector/httpkit"
	"careinbox/backend/inbox"
)

func setup(t *testing.T) (*Connector, *double) {
	d := newDouble(t)
	d.seed()
	c, err := New(connector.Config{
		HandleID: 1, Settings: map[string]string{"instance": d.srv.URL},
		Secrets: map[string]string{"access_token": d.token}, HTTP: d.srv.Client(),
	})
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

func TestGrouping(t *testing.T) {
	c, _ := setup(t)
	p, err := c.Fetch(context.Background(), StreamNotifications, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Conversations) != 2 {
		t.Fatalf("got %d conversations, want the public thread and the DM: %+v", len(p.Conversations), p.Conversations)
	}
	pub, dm := p.Conversations[0], p.Conversations[1]
	if pub.Kind != inbox.KindPublic || pub.RemoteID != "100001" || len(pub.Messages) != 2 {
		t.Errorf("public thread = %s %s with %d messages; want public, the root 100001, 2 messages", pub.Kind, pub.RemoteID, len(pub.Messages))
	}
	if got := pub.Messages[1]; got.ReplyToRemoteID != "100003" || got.Text != "@askbrand thanks & still waiting\n\nany news?" {
		t.Errorf("follow-up = %q replying to %s", got.Text, got.ReplyToRemoteID)
	}
	if pub.Customer.Username != "alice@example.org" || pub.Messages[0].Direction != inbox.Inbound {
		t.Errorf("customer = %+v", pub.Customer)
	}
	if dm.Kind != inbox.KindPrivate || dm.RemoteID != "dm:3" || dm.Messages[0].Text != "@askbrand hi, can I get a refund?\nOrder 7" {
		t.Errorf("dm = %s %s %q", dm.Kind, dm.RemoteID, dm.Messages[0].Text)
	}
	if dm.Messages[0].AuthorName != "Bob ✨" || dm.Messages[0].SentAt.IsZero() {
		t.Errorf("dm author/time = %q %v", dm.Messages[0].AuthorName, dm.Messages[0].SentAt)
	}
}

func TestCursorPaging(t *testing.T) {
	c, d := setup(t)
	ctx := context.Background()
	p, err := c.Fetch(ctx, StreamNotifications, "")
	if err != nil {
		t.Fatal(err)
	}
	newest := d.notifs[len(d.notifs)-1]["id"].(string)
	if p.Cursor != newest || p.More {
		t.Fatalf("first page cursor %q more %v; want %q, false", p.Cursor, p.More, newest)
	}
	d.AddInbound(pageLimit + 3)
	seen := 0
	cur := p.Cursor
	for i := 0; ; i++ {
		p, err = c.Fetch(ctx, StreamNotifications, cur)
		if err != nil {
			t.Fatal(err)
		}
		for _, cv := range p.Conversations {
			seen += len(cv.Messages)
		}
		if maxID(cur, p.Cursor) != p.Cursor {
			t.Fatalf("cursor went back from %s to %s", cur, p.Cursor)
		}
		cur = p.Cursor
		if !p.More {
			break
		}
		if i > 3 {
			t.Fatal("paging does not end")
		}
	}
	if seen != pageLimit+3 {
		t.Errorf("paged %d new mentions, want %d", seen, pageLimit+3)
	}
	// An empty page keeps the cursor.
	if p, _ := c.Fetch(ctx, StreamNotifications, cur); p.Cursor != cur || len(p.Conversations) != 0 {
		t.Errorf("idle fetch moved the cursor to %q or found %d", p.Cursor, len(p.Conversations))
	}
}

func TestConversationsShowOwnReplies(t *testing.T) {
	c, _ := setup(t)
	ctx := context.Background()
	p, err := c.Fetch(ctx, StreamConversations, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Conversations) != 1 || p.Conversations[0].RemoteID != "dm:3" || p.Conversations[0].Messages[0].Direction != inbox.Inbound {
		t.Fatalf("conversations = %+v", p.Conversations)
	}
	// A reply written elsewhere (the phone app) shows up as outbound.
	if _, err := c.Reply(ctx, connector.Reply{IdempotencyKey: "k", Visibility: connector.Private, InReplyTo: "100006",
		ConversationRemoteID: "dm:3", Customer: inbox.Participant{Username: "bob"}, Text: "Refund sent."}); err != nil {
		t.Fatal(err)
	}
	p, err = c.Fetch(ctx, StreamConversations, p.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Conversations) != 1 || p.Conversations[0].RemoteID != "dm:3" || p.Conversations[0].Messages[0].Direction != inbox.Outbound {
		t.Fatalf("after our reply: %+v", p.Conversations)
	}
}

func TestReply(t *testing.T) {
	c, d := setup(t)
	ctx := context.Background()
	pub := connector.Reply{IdempotencyKey: "out-1", ConversationRemoteID: "100001", Kind: inbox.KindPublic,
		Visibility: connector.Public, InReplyTo: "100004", Customer: inbox.Participant{Username: "alice@example.org"},
		Text: "It ships today."}
	if _, found, err := c.FindSent(ctx, pub); err != nil || found {
		t.Fatalf("before sending: found=%v err=%v", found, err)
	}
	s1, err := c.Reply(ctx, pub)
	if err != nil {
		t.Fatal(err)
	}
	s2, err := c.Reply(ctx, pub) // a retry after a lost answer
	if err != nil {
		t.Fatal(err)
	}
	if s1.RemoteID != s2.RemoteID || len(d.posted) != 1 {
		t.Errorf("a retry with the same key posted again: %s vs %s, %d posts", s1.RemoteID, s2.RemoteID, len(d.posted))
	}
	f := d.posted[0]
	if f.Get("in_reply_to_id") != "100004" || f.Get("visibility") != "public" || f.Get("status") != "@alice@example.org It ships today." {
		t.Errorf("public reply form = %v", f)
	}
	got, found, err := c.FindSent(ctx, pub)
	if err != nil || !found || got.RemoteID != s1.RemoteID {
		t.Errorf("FindSent = %+v %v %v; want %s", got, found, err, s1.RemoteID)
	}

	priv := connector.Reply{IdempotencyKey: "out-2", ConversationRemoteID: "dm:3", Kind: inbox.KindPrivate,
		Visibility: connector.Private, InReplyTo: "100006", Customer: inbox.Participant{Username: "bob"},
		Text: "Hi @bob, the refund is on its way."}
	if _, err := c.Reply(ctx, priv); err != nil {
		t.Fatal(err)
	}
	f = d.posted[1]
	if f.Get("visibility") != "direct" || f.Get("in_reply_to_id") != "100006" || f.Get("status") != priv.Text {
		t.Errorf("private reply form = %v", f)
	}
	if _, err := c.Reply(ctx, connector.Reply{Visibility: connector.Public, Customer: inbox.Participant{Username: "x"}, Text: " "}); err == nil {
		t.Error("an empty reply was sent")
	}
}

func TestRateLimit(t *testing.T) {
	c, d := setup(t)
	d.Fail(connectortest.RateLimited)
	_, err := c.Fetch(context.Background(), StreamNotifications, "")
	var ce *connector.Error
	if !errors.As(err, &ce) || ce.Kind != connector.RateLimited || ce.RetryAt.Before(time.Now().Add(2*time.Minute)) {
		t.Fatalf("429 gave %v (retry at %v); want rate limited until the X-RateLimit-Reset time", err, ce)
	}

	// The budget runs low: polling stops before the server refuses us.
	c, d = setup(t)
	d.remaining = fetchReserve + 2 // the page and one thread lookup fit
	if _, err := c.Fetch(context.Background(), StreamNotifications, ""); err != nil {
		t.Fatal(err)
	}
	calls := len(d.srv.Calls())
	_, err = c.Fetch(context.Background(), StreamNotifications, "")
	if !errors.As(err, &ce) || ce.Kind != connector.RateLimited || ce.RetryAt.IsZero() {
		t.Fatalf("low budget gave %v; want rate limited", err)
	}
	if len(d.srv.Calls()) != calls {
		t.Error("the connector asked the server although the budget was used up")
	}
}

func TestRevokedToken(t *testing.T) {
	c, d := setup(t)
	d.token = "rotated"
	_, err := c.Verify(context.Background())
	ce, ok := connector.Classify(err)
	if !ok || ce.Kind != connector.AuthNeeded || !strings.Contains(ce.Message, "sign in again") {
		t.Fatalf("revoked token gave %v", err)
	}
}

func TestAuthorize(t *testing.T) {
	d := newDouble(t)
	d.token = "" // nothing works before the sign-in
	browser := &http.Client{Timeout: 5 * time.Second}
	var opened string
	creds, err := Authorize(context.Background(), SignIn{
		Instance: d.srv.URL, HTTP: d.srv.Client(),
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
	if !strings.Contains(opened, "code_challenge_method=S256") || creds.AccessToken != d.token || creds.ClientID == "" || creds.ClientSecret == "" {
		t.Fatalf("creds = %+v, opened %s", creds, opened)
	}
	c, err := New(connector.Config{Settings: map[string]string{"instance": creds.Instance},
		Secrets: map[string]string{"access_token": creds.AccessToken}, HTTP: d.srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.Verify(context.Background())
	if err != nil || a.RemoteID != "1" || !strings.HasPrefix(a.Username, "askbrand@") {
		t.Fatalf("verify after sign-in = %+v, %v", a, err)
	}
}

func TestInstanceURL(t *testing.T) {
	for in, want := range map[string]string{
		"mastodon.social":             "https://mastodon.social",
		" https://mas.to/ ":           "https://mas.to",
		"http://127.0.0.1:8080/base/": "http://127.0.0.1:8080/base",
	} {
		u, err := InstanceURL(in)
		if err != nil || u.String() != want {
			t.Errorf("InstanceURL(%q) = %v, %v; want %s", in, u, err, want)
		}
	}
	for _, bad := range []string{"", "ftp://x", "https://"} {
		if _, err := InstanceURL(bad); err == nil {
			t.Errorf("InstanceURL(%q) accepted", bad)
		}
	}
}

// TestPlainHTTPRefused: the bearer token must never cross the network in
// clear text — not when verifying, not when signing in, not on a redirect.
func TestPlainHTTPRefused(t *testing.T) {
	const words = "must use https: unencrypted connections are only allowed to this computer"
	for _, in := range []string{"http://mastodon.social", "http://10.0.0.7:3000", "http://[2001:db8::1]/", "http://localhost.example"} {
		if _, err := InstanceURL(in); err == nil || !strings.Contains(err.Error(), words) {
			t.Errorf("InstanceURL(%q) = %v", in, err)
		}
		_, err := New(connector.Config{Settings: map[string]string{"instance": in}, Secrets: map[string]string{"access_token": "tok"}})
		if ce, ok := connector.Classify(err); !ok || ce.Kind != connector.Permanent || !strings.Contains(ce.Message, words) {
			t.Errorf("New(%q) = %v", in, err)
		}
		a, _ := New(connector.Config{Settings: map[string]string{"instance": in}, Authorizing: true})
		if _, err := a.Begin(context.Background()); err == nil || !strings.Contains(err.Error(), words) {
			t.Errorf("sign-in to %q = %v", in, err)
		}
	}
	for _, ok := range []string{"http://localhost:3000", "http://127.0.0.1", "http://[::1]:8080", "https://mastodon.social"} {
		if _, err := InstanceURL(ok); err != nil {
			t.Errorf("InstanceURL(%q) = %v", ok, err)
		}
	}

	// A server on this computer that sends the client to plain http
	// elsewhere: the redirect is not followed.
	srv := connectortest.NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://mastodon.example"+r.URL.Path, http.StatusFound)
	}))
	c, err := New(connector.Config{Settings: map[string]string{"instance": srv.URL}, Secrets: map[string]string{"access_token": "tok"}, HTTP: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Verify(context.Background())
	if ce, ok := connector.Classify(err); !ok || ce.Kind != connector.Permanent || !strings.Contains(ce.Message, words) {
		t.Errorf("redirect to plain http = %v", err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("%d requests, want the one that was redirected", n)
	}
}

// TestRefusalWordsClipped: a server's error words reach the log clipped,
// however long the body.
func TestRefusalWordsClipped(t *testing.T) {
	for _, words := range []string{"Validation failed: Text is too long", strings.Repeat("é", 10_000)} {
		srv := connectortest.NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			connectortest.JSON(w, 422, map[string]any{"error": words})
		}))
		c, err := New(connector.Config{Settings: map[string]string{"instance": srv.URL}, Secrets: map[string]string{"access_token": "tok"}, HTTP: srv.Client()})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Verify(context.Background())
		if err == nil || len(err.Error()) > 600 {
			t.Fatalf("refusal of %d bytes logged as %d bytes", len(words), len(err.Error()))
		}
		if want := httpkit.Clip(words, 300); !strings.Contains(err.Error(), want) || !utf8.ValidString(err.Error()) {
			t.Errorf("the server's words (clipped: %.40q) are not in %.200q", want, err.Error())
		}
	}
}
