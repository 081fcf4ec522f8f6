package linkedin

import (
	"context"
	"strconv"
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
	c, err := New(connector.Config{Settings: map[string]string{"organization_id": orgID, "base": d.srv.URL},
		Secrets: map[string]string{"access_token": d.token}, HTTP: d.srv.Client()})
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

func kind(err error) connector.Kind {
	ce, ok := connector.Classify(err)
	if !ok {
		return -1
	}
	return ce.Kind
}

func message(err error) string {
	if ce, ok := connector.Classify(err); ok {
		return ce.Message
	}
	return ""
}

func TestNew(t *testing.T) {
	for _, id := range []string{"", "brand-inc", "urn:li:person:1"} {
		if _, err := New(connector.Config{Settings: map[string]string{"organization_id": id}, Secrets: map[string]string{"access_token": "x"}}); kind(err) != connector.Permanent {
			t.Errorf("organization %q: %v", id, err)
		}
	}
	if _, err := New(connector.Config{Settings: map[string]string{"organization_id": orgID}, Secrets: map[string]string{}}); kind(err) != connector.AuthNeeded {
		t.Errorf("no token: %v", err)
	}
	if _, err := New(connector.Config{Settings: map[string]string{"organization_id": orgID, "version": "2024-11"}, Secrets: map[string]string{"access_token": "x"}}); kind(err) != connector.Permanent {
		t.Errorf("bad version: %v", err)
	}
	c, err := New(connector.Config{Settings: map[string]string{"organization_id": "urn:li:organization:" + orgID}, Secrets: map[string]string{"access_token": "x"}})
	if err != nil || c.org != orgURN {
		t.Errorf("urn form: %v %v", c, err)
	}
}

func TestVerify(t *testing.T) {
	c, d := setup(t)
	ctx := context.Background()
	a, err := c.Verify(ctx)
	if err != nil || a.RemoteID != orgURN || a.DisplayName != "Brand Inc." || a.Username != "brand-inc" {
		t.Fatalf("verify = %+v, %v", a, err)
	}
	if !strings.Contains(strings.Join(a.Notes, "\n"), NoPrivate) {
		t.Errorf("notes do not say there is no private messaging: %v", a.Notes)
	}
	d.scopes = []string{"rw_organization_admin", "w_organization_social"}
	_, err = c.Verify(ctx)
	if kind(err) != connector.Permanent || !strings.Contains(message(err), "r_organization_social (to read comments on the page's posts)") {
		t.Fatalf("missing r_organization_social: %v", err)
	}
	d.scopes = []string{"r_organization_social", "w_organization_social"}
	if _, err = c.Verify(ctx); !strings.Contains(message(err), "missing the permission rw_organization_admin") {
		t.Fatalf("missing rw_organization_admin: %v", err)
	}
	d.scopes = []string{"rw_organization_admin", "r_organization_social", "w_organization_social"}
	d.admin = false
	if _, err = c.Verify(ctx); kind(err) != connector.Permanent || !strings.Contains(message(err), "not an administrator") {
		t.Fatalf("not an admin: %v", err)
	}
}

func TestFullCycle(t *testing.T) {
	c, d := setup(t)
	ctx := context.Background()
	if _, err := c.Verify(ctx); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	p, err := c.Fetch(ctx, StreamNotifications, "")
	if err != nil || p.More {
		t.Fatal(p, err)
	}
	// The first sync asked for LinkedIn's whole 60 days.
	if !strings.Contains(strings.Join(d.requests, "\n"), "timeRange=(start:") {
		t.Errorf("no time range in %v", d.requests)
	}
	end, _ := strconv.ParseInt(p.Cursor, 10, 64)
	if end < start.UnixMilli() || end > time.Now().UnixMilli()+1 {
		t.Errorf("cursor %s is not the end of the range read", p.Cursor)
	}
	if len(p.Conversations) != 2 {
		t.Fatalf("conversations = %+v", p.Conversations)
	}
	var thread, mention connector.Conversation
	for _, cv := range p.Conversations {
		if strings.HasPrefix(cv.RemoteID, "comment:") {
			thread = cv
		} else {
			mention = cv
		}
	}
	if thread.Kind != inbox.KindPublic || len(thread.Messages) != 2 || thread.Customer.RemoteID != ana ||
		thread.Messages[0].Text != "Is the role remote-friendly?" || thread.Messages[1].Direction != inbox.Outbound {
		t.Errorf("thread = %+v", thread)
	}
	if mention.RemoteID != "post:urn:li:share:8004" || mention.Messages[0].Text != "Great onboarding from @Brand today" || mention.Customer.RemoteID != ben {
		t.Errorf("mention = %+v", mention)
	}

	// Incremental from the stored cursor: a reply under the old thread (a
	// nested comment, not in the post's top-level list) and a new comment.
	top := strings.TrimPrefix(thread.RemoteID, "comment:")
	d.comment(post1, ana, "Great, applying now", top, time.Now())
	d.comment(post1, ben, "Salary range?", "", time.Now())
	p, err = c.Fetch(ctx, StreamNotifications, p.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{}
	for _, cv := range p.Conversations {
		for _, m := range cv.Messages {
			texts[m.Text] = cv.RemoteID
		}
	}
	if len(texts) != 2 || texts["Great, applying now"] != thread.RemoteID || texts["Salary range?"] == "" {
		t.Fatalf("incremental = %v", texts)
	}
	cursor := p.Cursor

	// Public replies: threaded under the top-level comment, and on a mention.
	sent, err := c.Reply(ctx, connector.Reply{Visibility: connector.Public, ConversationRemoteID: thread.RemoteID, Text: "Welcome aboard!"})
	if err != nil || !strings.HasPrefix(sent.RemoteID, "urn:li:comment:(urn:li:activity:7001,") {
		t.Fatal(sent, err)
	}
	if s := d.sent[len(d.sent)-1]; s["parent"] != top || s["object"] != act1 || s["target"] != top {
		t.Errorf("reply = %v", s)
	}
	if _, err := c.Reply(ctx, connector.Reply{Visibility: connector.Public, ConversationRemoteID: mention.RemoteID, Text: "Thank you!"}); err != nil {
		t.Fatal(err)
	}
	if s := d.sent[len(d.sent)-1]; s["target"] != "urn:li:share:8004" || s["parent"] != "" {
		t.Errorf("mention reply = %v", s)
	}
	// Private: refused in plain words, nothing sent.
	n := len(d.sent)
	_, err = c.Reply(ctx, connector.Reply{Visibility: connector.Private, ConversationRemoteID: thread.RemoteID, Text: "psst"})
	if kind(err) != connector.Permanent || message(err) != NoPrivate || len(d.sent) != n {
		t.Fatalf("private reply: %v", err)
	}

	// Rate limit without Retry-After: wait for LinkedIn's midnight-UTC reset.
	d.Fail(connectortest.RateLimited)
	_, err = c.Fetch(ctx, StreamNotifications, cursor)
	ce, _ := connector.Classify(err)
	if kind(err) != connector.RateLimited || !ce.RetryAt.Equal(nextMidnightUTC(time.Now())) {
		t.Fatalf("429: %v at %v", err, ce.RetryAt)
	}

	// Revoked token.
	d.Fail(connectortest.Unauthorized)
	if _, err := c.Fetch(ctx, StreamNotifications, cursor); kind(err) != connector.AuthNeeded || !strings.Contains(message(err), "paste it") {
		t.Fatalf("revoked: %v", err)
	}
	c2, _ := New(connector.Config{Settings: map[string]string{"organization_id": orgID, "base": d.srv.URL},
		Secrets: map[string]string{"access_token": "AQX-old"}, HTTP: d.srv.Client()})
	if _, err := c2.Verify(ctx); kind(err) != connector.AuthNeeded {
		t.Fatalf("revoked verify: %v", err)
	}
}

// A range with more notifications than a page is walked with start/count,
// and the walk ends at the range's end.
func TestPagedBackfill(t *testing.T) {
	c, d := setup(t)
	for i := range 120 {
		d.comment(post1, ben, "q"+strconv.Itoa(i), "", time.Now().Add(-time.Duration(i)*time.Hour))
	}
	got := map[string]bool{}
	cur := ""
	for i := 0; ; i++ {
		p, err := c.Fetch(context.Background(), StreamNotifications, cur)
		if err != nil || i > 10 {
			t.Fatal(err, i)
		}
		for _, cv := range p.Conversations {
			for _, m := range cv.Messages {
				got[m.Text] = true
			}
		}
		cur = p.Cursor
		if !p.More {
			break
		}
		if strings.Count(cur, "/") != 2 {
			t.Fatalf("mid-walk cursor %q", cur)
		}
	}
	for i := range 120 {
		if !got["q"+strconv.Itoa(i)] {
			t.Errorf("q%d missing", i)
		}
	}
}

func TestDamagedCursorAndScrubbedToken(t *testing.T) {
	c, _ := setup(t)
	if _, err := c.Fetch(context.Background(), StreamNotifications, "not-a-cursor"); kind(err) != connector.Permanent {
		t.Errorf("damaged cursor: %v", err)
	}
	c2, _ := New(connector.Config{Settings: map[string]string{"organization_id": orgID, "base": "http://127.0.0.1:1"},
		Secrets: map[string]string{"access_token": "AQX-secret"}})
	if _, err := c2.Fetch(context.Background(), StreamNotifications, ""); err == nil || strings.Contains(err.Error(), "AQX-secret") || kind(err) != connector.Temporary {
		t.Errorf("unreachable: %v", err)
	}
}
