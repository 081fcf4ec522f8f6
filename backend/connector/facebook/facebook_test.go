package facebook

import (
	"context"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/connectortest"
	"careinbox/backend/inbox"
)

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

func TestVerifyNamesMissingPermission(t *testing.T) {
	c, d := setup(t)
	a, err := c.Verify(context.Background())
	if err != nil || a.RemoteID != pageID || a.DisplayName != "Brand" {
		t.Fatalf("verify = %+v, %v", a, err)
	}
	d.Scopes = []string{"pages_read_engagement", "pages_manage_metadata", "pages_read_user_content", "pages_manage_engagement"}
	_, err = c.Verify(context.Background())
	ce, _ := connector.Classify(err)
	if err == nil || !strings.Contains(ce.Message, "pages_messaging (to read and answer Messenger conversations)") || strings.Contains(ce.Message, "pages_read_engagement") {
		t.Fatalf("missing pages_messaging: %v", err)
	}
}

func TestFullCycle(t *testing.T) {
	c, d := setup(t)
	ctx := context.Background()
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
	if dm.Kind != inbox.KindPrivate || dm.Customer.RemoteID != "7001" || len(dm.Messages) != 2 || dm.Messages[1].Direction != inbox.Outbound {
		t.Errorf("messenger = %+v", dm)
	}
	if dm.Messages[0].Extra["reply_window_ends"] == nil || dm.Messages[0].Extra["human_agent_until"] == nil {
		t.Errorf("no reply window on %+v", dm.Messages[0])
	}
	if thread.Kind != inbox.KindPublic || !strings.HasPrefix(thread.RemoteID, "comment:") || len(thread.Messages) != 2 || thread.Customer.DisplayName != "Ben Okoro" {
		t.Errorf("comments = %+v", thread)
	}

	// Incremental: 30 conversations change (more than a page of 25).
	d.Clock = time.Now().Add(-2 * time.Hour)
	for i := range 30 {
		d.Message(map[string]any{"id": "8" + string(rune('a'+i))}, map[string]any{"id": "8" + string(rune('a'+i)), "name": "C"}, "hi")
	}
	d.Comment(pageID+"_900", ana, "and shoes?", "")
	got := 0
	for c0 := cur[StreamMessenger]; ; {
		p, err := c.Fetch(ctx, StreamMessenger, c0)
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
			cur[StreamMessenger] = c0
			break
		}
	}
	if got != 30 {
		t.Errorf("found %d of 30 new Messenger messages", got)
	}
	p, err := c.Fetch(ctx, StreamComments, cur[StreamComments])
	// The watermark is inclusive (second precision): the newest old comment comes again.
	if err != nil || len(p.Conversations) != 2 || p.Conversations[1].Messages[0].Text != "and shoes?" {
		t.Fatalf("new comments = %+v, %v", p.Conversations, err)
	}

	// Replies: Ana last wrote two days ago → HUMAN_AGENT tag.
	if _, err := c.Reply(ctx, connector.Reply{Visibility: connector.Private, ConversationRemoteID: dm.RemoteID, Text: "It ships today."}); err != nil {
		t.Fatal(err)
	}
	if s := d.Sent[len(d.Sent)-1]; s["messaging_type"] != "MESSAGE_TAG" || s["tag"] != "HUMAN_AGENT" {
		t.Errorf("sent %v", s)
	}
	// A fresh conversation → RESPONSE.
	var fresh string
	for _, cv := range d.Convs {
		if cv.User["id"] == "8a" {
			fresh = cv.ID
		}
	}
	if _, err := c.Reply(ctx, connector.Reply{Visibility: connector.Private, ConversationRemoteID: fresh, Text: "Hello!"}); err != nil {
		t.Fatal(err)
	}
	if s := d.Sent[len(d.Sent)-1]; s["messaging_type"] != "RESPONSE" || s["tag"] != "" {
		t.Errorf("sent %v", s)
	}
	// Public reply under the top-level comment; private reply to the comment.
	top := strings.TrimPrefix(thread.RemoteID, "comment:")
	if _, err := c.Reply(ctx, connector.Reply{Visibility: connector.Public, ConversationRemoteID: thread.RemoteID, InReplyTo: thread.Messages[1].RemoteID, Text: "See you!"}); err != nil {
		t.Fatal(err)
	}
	if s := d.Sent[len(d.Sent)-1]; s["comment_on"] != top {
		t.Errorf("public reply went to %v", s)
	}
	if _, err := c.Reply(ctx, connector.Reply{Visibility: connector.Private, ConversationRemoteID: thread.RemoteID, InReplyTo: top, Text: "Your code: BOOTS10"}); err != nil {
		t.Fatal(err)
	}
	if s := d.Sent[len(d.Sent)-1]; s["recipient"].(map[string]string)["comment_id"] != top {
		t.Errorf("private reply = %v", s)
	}

	// Usage above 90 %: the connector pauses until Meta's estimate.
	d.Usage = `{"1122334455":[{"type":"messenger","call_count":95,"total_cputime":20,"total_time":30,"estimated_time_to_regain_access":0}]}`
	if _, err := c.Fetch(ctx, StreamMessenger, cur[StreamMessenger]); err != nil {
		t.Fatal(err)
	}
	_, err = c.Fetch(ctx, StreamMessenger, cur[StreamMessenger])
	if ce, _ := connector.Classify(err); kind(err) != connector.RateLimited || !ce.RetryAt.After(time.Now().Add(5*time.Minute)) {
		t.Fatalf("above 90%%: %v", err)
	}

	// Revoked token.
	c2, _ := New(connector.Config{Settings: map[string]string{"page_id": pageID, "base": d.URL + "/v21.0"},
		Secrets: map[string]string{"page_token": "EAAB-old"}, HTTP: d.Client()})
	if _, err := c2.Fetch(ctx, StreamMessenger, ""); kind(err) != connector.AuthNeeded {
		t.Fatalf("revoked: %v", err)
	}
}

func TestWindowClosed(t *testing.T) {
	c, d := setup(t)
	d.Convs[0].Msgs[1]["created_time"] = gtime(time.Now().Add(-8 * 24 * time.Hour)) // Ana's message
	_, err := c.Reply(context.Background(), connector.Reply{Visibility: connector.Private, ConversationRemoteID: d.Convs[0].ID, Text: "late"})
	ce, _ := connector.Classify(err)
	if kind(err) != connector.Permanent || !strings.Contains(ce.Message, "7-day window to answer this Messenger conversation has closed") {
		t.Fatalf("closed window: %v", err)
	}
	if len(d.Sent) != 0 {
		t.Error("sent despite the closed window")
	}
}

func TestRegainTime(t *testing.T) {
	c, d := setup(t)
	d.Fail(connectortest.RateLimited)
	_, err := c.Fetch(context.Background(), StreamMessenger, "")
	ce, _ := connector.Classify(err)
	if kind(err) != connector.RateLimited || ce.RetryAt.Before(time.Now().Add(11*time.Minute)) {
		t.Fatalf("code 32 with 12 minutes to regain: %v at %v", err, ce.RetryAt)
	}
}
