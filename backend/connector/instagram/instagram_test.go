package instagram

import (
	"context"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/connectortest"
	"careinbox/backend/inbox"
)

// setup builds a connector without ig_user_id, so every test also covers
// discovering it through the page.
func setup(t *testing.T) (*Connector, *double) {
	d := newDouble(t)
	seed(d)
	c, err := New(connector.Config{Settings: map[string]string{"page_id": pageID, "base": d.URL + "/v21.0"},
		Secrets: map[string]string{"page_token": d.Token}, HTTP: d.Client()})
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
		return c, d.Server
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

func TestNewNeedsPageAndToken(t *testing.T) {
	if _, err := New(connector.Config{Settings: map[string]string{}, Secrets: map[string]string{"page_token": "x"}}); kind(err) != connector.Permanent {
		t.Errorf("no page id: %v", err)
	}
	if _, err := New(connector.Config{Settings: map[string]string{"page_id": "1"}, Secrets: map[string]string{}}); kind(err) != connector.AuthNeeded {
		t.Errorf("no token: %v", err)
	}
}

func TestVerify(t *testing.T) {
	c, d := setup(t)
	ctx := context.Background()
	a, err := c.Verify(ctx)
	if err != nil || a.RemoteID != igUserID || a.Username != igName || a.DisplayName != "Brand Shop" {
		t.Fatalf("verify = %+v, %v", a, err)
	}
	if len(a.Notes) == 0 || !strings.Contains(strings.Join(a.Notes, " "), "24 hours") {
		t.Errorf("notes = %v", a.Notes)
	}

	d.Scopes = []string{"instagram_basic", "pages_manage_metadata", "pages_show_list"}
	_, err = c.Verify(ctx)
	msg := message(err)
	if kind(err) != connector.Permanent ||
		!strings.Contains(msg, "instagram_manage_messages (to read and answer Instagram direct messages)") ||
		!strings.Contains(msg, "instagram_manage_comments (to read and answer comments on your posts)") ||
		strings.Contains(msg, "instagram_basic") {
		t.Fatalf("missing permissions: %v", err)
	}

	d.Linked = false
	_, err = c.Verify(ctx)
	if kind(err) != connector.Permanent || !strings.Contains(message(err), "no Instagram professional account linked") {
		t.Fatalf("unlinked page: %v", err)
	}

	d.Linked = true
	wrong, _ := New(connector.Config{Settings: map[string]string{"page_id": pageID, "ig_user_id": "999", "base": d.URL + "/v21.0"},
		Secrets: map[string]string{"page_token": d.Token}, HTTP: d.Client()})
	if _, err := wrong.Verify(ctx); kind(err) != connector.Permanent || !strings.Contains(message(err), "999 is not the one linked") {
		t.Fatalf("wrong ig_user_id: %v", err)
	}
}

func TestFullCycle(t *testing.T) {
	c, d := setup(t)
	ctx := context.Background()
	if _, err := c.Verify(ctx); err != nil {
		t.Fatal(err)
	}
	cur := map[string]string{}
	var convs []connector.Conversation
	for _, s := range c.Streams() {
		p, err := c.Fetch(ctx, s, "")
		if err != nil {
			t.Fatal(err)
		}
		cur[s] = p.Cursor
		convs = append(convs, p.Conversations...)
	}
	if len(convs) != 2 {
		t.Fatalf("conversations = %+v", convs)
	}
	dm, thread := convs[0], convs[1]
	if dm.Kind != inbox.KindPrivate || dm.Customer.Username != "ana.souza" || len(dm.Messages) != 2 ||
		dm.Messages[0].Direction != inbox.Inbound || dm.Messages[1].Direction != inbox.Outbound {
		t.Errorf("dm = %+v", dm)
	}
	in := dm.Messages[0]
	ends, _ := time.Parse(time.RFC3339, in.Extra["reply_window_ends"].(string))
	until, _ := time.Parse(time.RFC3339, in.Extra["human_agent_until"].(string))
	if !ends.Equal(in.SentAt.Add(24*time.Hour)) || !until.Equal(in.SentAt.Add(7*24*time.Hour)) {
		t.Errorf("reply windows %v on %v", in.Extra, in.SentAt)
	}
	if thread.Kind != inbox.KindPublic || !strings.HasPrefix(thread.RemoteID, "comment:") || len(thread.Messages) != 2 ||
		thread.Customer.Username != "ben_okoro" || thread.Messages[1].Direction != inbox.Outbound || thread.Subject == "" {
		t.Errorf("comments = %+v", thread)
	}
	if thread.Messages[0].Extra["private_reply_until"] == nil || thread.Messages[0].Extra["permalink"] == nil {
		t.Errorf("comment extra = %v", thread.Messages[0].Extra)
	}

	// Incremental from the stored cursors: 30 DMs (more than a page of 25),
	// a new comment and a new reply under the old thread.
	d.Clock = time.Now().Add(-2 * time.Hour)
	for i := range 30 {
		u := map[string]any{"id": "62" + string(rune('a'+i)), "username": "cust" + string(rune('a'+i))}
		d.Message(u, u, "hi")
	}
	d.Comment(mediaID, ana, "and to Spain?", "")
	top := strings.TrimPrefix(thread.RemoteID, "comment:")
	d.Comment(mediaID, ben, "great, thanks!", top)
	got := 0
	for c0 := cur[StreamDMs]; ; {
		p, err := c.Fetch(ctx, StreamDMs, c0)
		if err != nil {
			t.Fatal(err)
		}
		for _, cv := range p.Conversations {
			for _, m := range cv.Messages {
				if m.Text == "hi" {
					got++
				}
			}
		}
		c0 = p.Cursor
		if !p.More {
			cur[StreamDMs] = c0
			break
		}
	}
	if got != 30 {
		t.Errorf("found %d of 30 new DMs", got)
	}
	p, err := c.Fetch(ctx, StreamComments, cur[StreamComments])
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{}
	for _, cv := range p.Conversations {
		for _, m := range cv.Messages {
			texts[m.Text] = cv.RemoteID
		}
	}
	// The watermark is inclusive (second precision): the newest old comment comes again.
	if len(texts) != 3 || texts["great, thanks!"] != thread.RemoteID || texts["and to Spain?"] == "" {
		t.Fatalf("new comments = %v", texts)
	}

	// Private replies: Ana last wrote two days ago → HUMAN_AGENT tag.
	if _, err := c.Reply(ctx, connector.Reply{Visibility: connector.Private, ConversationRemoteID: dm.RemoteID, Text: "It ships today."}); err != nil {
		t.Fatal(err)
	}
	if s := d.Sent[len(d.Sent)-1]; s["messaging_type"] != "MESSAGE_TAG" || s["tag"] != "HUMAN_AGENT" || s["recipient"].(map[string]string)["id"] != "6001001" {
		t.Errorf("sent %v", s)
	}
	// A fresh conversation → RESPONSE.
	var fresh string
	for _, cv := range d.Convs {
		if cv.User["id"] == "62a" {
			fresh = cv.ID
		}
	}
	if _, err := c.Reply(ctx, connector.Reply{Visibility: connector.Private, ConversationRemoteID: fresh, Text: "Hello!"}); err != nil {
		t.Fatal(err)
	}
	if s := d.Sent[len(d.Sent)-1]; s["messaging_type"] != "RESPONSE" || s["tag"] != "" {
		t.Errorf("sent %v", s)
	}
	// Public reply: answering a reply still goes under the top-level comment.
	sent, err := c.Reply(ctx, connector.Reply{Visibility: connector.Public, ConversationRemoteID: thread.RemoteID,
		InReplyTo: thread.Messages[1].RemoteID, Text: "See you!"})
	if err != nil || sent.RemoteID == "" {
		t.Fatal(sent, err)
	}
	if s := d.Sent[len(d.Sent)-1]; s["reply_to"] != top {
		t.Errorf("public reply went to %v", s)
	}
	// The account's own reply comes back as outbound.
	p, err = c.Fetch(ctx, StreamComments, p.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	own := false
	for _, cv := range p.Conversations {
		for _, m := range cv.Messages {
			own = own || m.RemoteID == sent.RemoteID && m.Direction == inbox.Outbound
		}
	}
	if !own {
		t.Errorf("our reply did not come back as outbound: %+v", p.Conversations)
	}
	// Private reply to the comment.
	if _, err := c.Reply(ctx, connector.Reply{Visibility: connector.Private, ConversationRemoteID: thread.RemoteID, InReplyTo: top, Text: "Your code: SHIP10"}); err != nil {
		t.Fatal(err)
	}
	if s := d.Sent[len(d.Sent)-1]; s["recipient"].(map[string]string)["comment_id"] != top {
		t.Errorf("private reply = %v", s)
	}
	// A DM cannot be answered in public.
	if _, err := c.Reply(ctx, connector.Reply{Visibility: connector.Public, ConversationRemoteID: dm.RemoteID, Text: "x"}); kind(err) != connector.Permanent {
		t.Errorf("public reply to a DM: %v", err)
	}

	// Usage above 90 %: the connector pauses until Meta's estimate.
	d.Usage = `{"` + pageID + `":[{"type":"instagram","call_count":95,"total_cputime":20,"total_time":30,"estimated_time_to_regain_access":0}]}`
	if _, err := c.Fetch(ctx, StreamDMs, cur[StreamDMs]); err != nil {
		t.Fatal(err)
	}
	n := len(d.Calls())
	_, err = c.Fetch(ctx, StreamDMs, cur[StreamDMs])
	if ce, _ := connector.Classify(err); kind(err) != connector.RateLimited || !ce.RetryAt.After(time.Now().Add(5*time.Minute)) {
		t.Fatalf("above 90%%: %v", err)
	}
	if len(d.Calls()) != n {
		t.Errorf("a throttled connector still called Instagram: %v", d.Calls()[n:])
	}

	// Revoked token.
	c2, _ := New(connector.Config{Settings: map[string]string{"page_id": pageID, "ig_user_id": igUserID, "base": d.URL + "/v21.0"},
		Secrets: map[string]string{"page_token": "EAAB-old"}, HTTP: d.Client()})
	if _, err := c2.Fetch(ctx, StreamDMs, ""); kind(err) != connector.AuthNeeded || !strings.Contains(message(err), "paste a new one") {
		t.Fatalf("revoked: %v", err)
	}
	if _, err := c2.Verify(ctx); kind(err) != connector.AuthNeeded {
		t.Fatalf("revoked verify: %v", err)
	}
}

func TestReplyWindows(t *testing.T) {
	c, d := setup(t)
	ctx := context.Background()
	ana := d.Convs[0]
	anaMsg := ana.Msgs[1] // newest first: [brand's answer, Ana's question]

	// Inside 24 hours → RESPONSE.
	anaMsg["created_time"] = gtime(time.Now().Add(-23 * time.Hour))
	if _, err := c.Reply(ctx, connector.Reply{Visibility: connector.Private, ConversationRemoteID: ana.ID, Text: "a"}); err != nil {
		t.Fatal(err)
	}
	if s := d.Sent[len(d.Sent)-1]; s["messaging_type"] != "RESPONSE" {
		t.Errorf("23 h: %v", s)
	}
	// Between 24 hours and 7 days → HUMAN_AGENT.
	anaMsg["created_time"] = gtime(time.Now().Add(-6 * 24 * time.Hour))
	if _, err := c.Reply(ctx, connector.Reply{Visibility: connector.Private, ConversationRemoteID: ana.ID, Text: "b"}); err != nil {
		t.Fatal(err)
	}
	if s := d.Sent[len(d.Sent)-1]; s["tag"] != "HUMAN_AGENT" {
		t.Errorf("6 days: %v", s)
	}
	// After 7 days: refused here, in plain words, without calling Instagram's send.
	anaMsg["created_time"] = gtime(time.Now().Add(-8 * 24 * time.Hour))
	n := len(d.Sent)
	_, err := c.Reply(ctx, connector.Reply{Visibility: connector.Private, ConversationRemoteID: ana.ID, Text: "late"})
	if kind(err) != connector.Permanent || !strings.Contains(message(err), "7-day window to answer this Instagram conversation has closed") {
		t.Fatalf("closed window: %v", err)
	}
	if len(d.Sent) != n {
		t.Error("sent despite the closed window")
	}
}

func TestRateLimitCode(t *testing.T) {
	c, d := setup(t)
	d.Fail(connectortest.RateLimited)
	_, err := c.Fetch(context.Background(), StreamDMs, "")
	ce, _ := connector.Classify(err)
	if kind(err) != connector.RateLimited || ce.RetryAt.Before(time.Now().Add(11*time.Minute)) {
		t.Fatalf("code 80002 with 12 minutes to regain: %v", err)
	}
	// Honoured: the next fetch waits without asking Instagram.
	n := len(d.Calls())
	if _, err := c.Fetch(context.Background(), StreamComments, ""); kind(err) != connector.RateLimited || len(d.Calls()) != n {
		t.Fatalf("after the limit: %v, %d requests", err, len(d.Calls())-n)
	}
}

func TestTokenNotInErrors(t *testing.T) {
	c, err := New(connector.Config{Settings: map[string]string{"page_id": pageID, "ig_user_id": igUserID, "base": "http://127.0.0.1:1/v21.0"},
		Secrets: map[string]string{"page_token": "EAAB-secret-token"}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Fetch(context.Background(), StreamDMs, "")
	if err == nil || strings.Contains(err.Error(), "EAAB-secret-token") || kind(err) != connector.Temporary {
		t.Fatalf("unreachable: %v", err)
	}
}
