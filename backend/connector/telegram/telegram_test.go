package telegram

import (
	"context"
	"errors"
	"math"
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
	c, err := New(connector.Config{Settings: map[string]string{"api_base": d.srv.URL},
		Secrets: map[string]string{"bot_token": d.token}, HTTP: d.srv.Client()})
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

func TestMapping(t *testing.T) {
	c, _ := setup(t)
	p, err := c.Fetch(context.Background(), StreamUpdates, "")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]connector.Conversation{}
	for _, cv := range p.Conversations {
		got[cv.RemoteID] = cv
	}
	if len(got) != 3 {
		t.Fatalf("conversations %v; want the private chat, the group mention, the business chat", keys(got))
	}
	priv := got["chat:111"]
	if priv.Kind != inbox.KindPrivate || len(priv.Messages) != 1 || priv.Messages[0].Text != "Hi, where is my order #42?" ||
		priv.Messages[0].Extra["edited_at"] == nil || priv.Customer.Username != "ana_k" {
		t.Errorf("private chat = %+v (the edit must replace the original)", priv)
	}
	grp := got["chat:-100500"]
	if grp.Kind != inbox.KindPublic || len(grp.Messages) != 1 || grp.Subject != "Shop fans" || grp.Messages[0].AuthorName != "Carl" {
		t.Errorf("group = %+v; want only the mention, not the chatter", grp)
	}
	biz := got["biz:bc1:222"]
	if biz.Kind != inbox.KindPrivate || len(biz.Messages) != 2 || biz.Messages[0].Direction != inbox.Inbound ||
		biz.Messages[1].Direction != inbox.Outbound || biz.Customer.RemoteID != "222" {
		t.Errorf("business chat = %+v", biz)
	}
	if m := biz.Messages[0]; m.RemoteID != "222:4" || m.SentAt.IsZero() {
		t.Errorf("business message id/time = %s %v", m.RemoteID, m.SentAt)
	}
}

func keys(m map[string]connector.Conversation) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

func TestCursor(t *testing.T) {
	c, d := setup(t)
	ctx := context.Background()
	p, err := c.Fetch(ctx, StreamUpdates, "")
	if err != nil {
		t.Fatal(err)
	}
	if p.Cursor != "508" || p.More {
		t.Fatalf("cursor %q more %v; want 508 (last update 507 + 1)", p.Cursor, p.More)
	}
	// The same cursor again: Telegram drops the confirmed updates.
	p2, err := c.Fetch(ctx, StreamUpdates, p.Cursor)
	if err != nil || len(p2.Conversations) != 0 || p2.Cursor != p.Cursor {
		t.Fatalf("idle fetch = %+v, %v", p2, err)
	}
	d.AddInbound(150)
	p3, err := c.Fetch(ctx, StreamUpdates, p.Cursor)
	if err != nil || !p3.More || p3.Cursor != "608" {
		t.Fatalf("full page: cursor %q more %v err %v", p3.Cursor, p3.More, err)
	}
	if _, err := c.Fetch(ctx, StreamUpdates, "not-a-number"); err == nil {
		t.Error("a damaged cursor was accepted")
	}
}

func TestReply(t *testing.T) {
	c, d := setup(t)
	ctx := context.Background()
	tests := []struct {
		name string
		r    connector.Reply
		want map[string]any
	}{
		{"private chat", connector.Reply{ConversationRemoteID: "chat:111", Visibility: connector.Private, InReplyTo: "111:1", Text: "On its way!"},
			map[string]any{"chat_id": 111.0, "reply_parameters": map[string]any{"message_id": 1.0, "allow_sending_without_reply": true}}},
		{"business chat", connector.Reply{ConversationRemoteID: "biz:bc1:222", Visibility: connector.Private, InReplyTo: "222:4", Text: "Yes."},
			map[string]any{"chat_id": 222.0, "business_connection_id": "bc1"}},
		{"group, public", connector.Reply{ConversationRemoteID: "chat:-100500", Visibility: connector.Public, InReplyTo: "-100500:2", Text: "Open till 6."},
			map[string]any{"chat_id": -100500.0, "reply_parameters": map[string]any{"message_id": 2.0, "allow_sending_without_reply": true}}},
		{"group, privately", connector.Reply{ConversationRemoteID: "chat:-100500", Visibility: connector.Private, InReplyTo: "-100500:2",
			Customer: inbox.Participant{RemoteID: "333"}, Text: "Sent you the details."},
			map[string]any{"chat_id": 333.0, "reply_parameters": nil}},
		{"forum topic", connector.Reply{ConversationRemoteID: "chat:-100700:9", Visibility: connector.Public, Text: "Hi"},
			map[string]any{"chat_id": -100700.0, "message_thread_id": 9.0}},
	}
	for i, tt := range tests {
		s, err := c.Reply(ctx, tt.r)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if s.RemoteID == "" || s.SentAt.IsZero() {
			t.Errorf("%s: sent = %+v", tt.name, s)
		}
		sent := d.sent[i]
		for k, want := range tt.want {
			got := sent[k]
			if want == nil && got != nil || want != nil && !equalJSON(got, want) {
				t.Errorf("%s: %s = %v, want %v", tt.name, k, got, want)
			}
		}
		if sent["text"] != strings.TrimSpace(tt.r.Text) {
			t.Errorf("%s: text %v", tt.name, sent["text"])
		}
	}
	_, err := c.Reply(ctx, connector.Reply{ConversationRemoteID: "chat:403", Text: "hi"})
	if ce, ok := connector.Classify(err); !ok || ce.Kind != connector.Permanent || !strings.Contains(ce.Message, "blocked") {
		t.Errorf("blocked bot gave %v", err)
	}
	if _, err := c.Reply(ctx, connector.Reply{ConversationRemoteID: "dm:1", Text: "hi"}); err == nil {
		t.Error("a foreign conversation id was accepted")
	}
	if _, err := c.Reply(ctx, connector.Reply{ConversationRemoteID: "chat:1", Text: strings.Repeat("é", maxText+1)}); err == nil {
		t.Error("an over-long reply was sent")
	}
}

func equalJSON(a, b any) bool {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if aok && bok {
		if len(am) != len(bm) {
			return false
		}
		for k := range bm {
			if !equalJSON(am[k], bm[k]) {
				return false
			}
		}
		return true
	}
	return a == b
}

func TestRateLimitRetryAfter(t *testing.T) {
	c, d := setup(t)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	c.now = func() time.Time { return now }
	d.Fail(connectortest.RateLimited)
	_, err := c.Fetch(context.Background(), StreamUpdates, "")
	var ce *connector.Error
	if !errors.As(err, &ce) || ce.Kind != connector.RateLimited || !ce.RetryAt.Equal(now.Add(30*time.Second)) {
		t.Fatalf("429 gave %v; want rate limited until +30 s (retry_after)", err)
	}
}

func TestRevokedToken(t *testing.T) {
	c, d := setup(t)
	d.token = "999000:rotated"
	_, err := c.Verify(context.Background())
	ce, ok := connector.Classify(err)
	if !ok || ce.Kind != connector.AuthNeeded || ce.Message != "the bot token was revoked — paste a new one from @BotFather" {
		t.Fatalf("revoked token gave %v", err)
	}
	if strings.Contains(err.Error(), "AAHdq") {
		t.Error("the error text contains the token")
	}
}

func TestTokenNeverInErrors(t *testing.T) {
	c, d := setup(t)
	d.srv.Close() // a transport error: net/http would print the URL, token included
	_, err := c.Fetch(context.Background(), StreamUpdates, "")
	if err == nil || strings.Contains(err.Error(), d.token) || strings.Contains(err.Error(), "AAHdq") {
		t.Fatalf("error leaks the token or is nil: %v", err)
	}
	if _, err := New(connector.Config{Secrets: map[string]string{"bot_token": "not a token"}}); err == nil {
		t.Error("a malformed token was accepted")
	}
}

func TestVerify(t *testing.T) {
	c, _ := setup(t)
	a, err := c.Verify(context.Background())
	if err != nil || a.RemoteID != "999000" || a.Username != "@CareBot" || len(a.Notes) != 1 {
		t.Fatalf("verify = %+v, %v; want the privacy-mode note only", a, err)
	}
}

func TestWaitLongPolls(t *testing.T) {
	c, d := setup(t)
	ctx := context.Background()
	p, err := c.Fetch(ctx, StreamUpdates, "")
	if err != nil {
		t.Fatal(err)
	}
	// The engine committed the page; its next poll asks with the cursor.
	if _, err := c.Fetch(ctx, StreamUpdates, p.Cursor); err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(100 * time.Millisecond)
		d.AddInbound(1)
	}()
	wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	start := time.Now()
	if err := c.Wait(wctx); err != nil {
		t.Fatal(err)
	}
	if time.Since(start) < 80*time.Millisecond || time.Since(start) > 4*time.Second {
		t.Errorf("Wait returned after %s", time.Since(start))
	}
	// Waiting confirmed nothing: the fetch still sees the update.
	p, err = c.Fetch(ctx, StreamUpdates, p.Cursor)
	if err != nil || len(p.Conversations) != 1 {
		t.Fatalf("after Wait: %+v, %v", p.Conversations, err)
	}
	cctx, cancel2 := context.WithCancel(ctx)
	cancel2()
	if err := c.Wait(cctx); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled Wait = %v", err)
	}
}

func TestEntityText(t *testing.T) {
	tests := []struct {
		text        string
		off, length int
		want        string
	}{
		{"@bot hi", 0, 4, "@bot"},
		{"🙂 @bot", 3, 4, "@bot"},  // the emoji is 2 UTF-16 units
		{"é @bot", 2, 4, "@bot"},  // é is 1 unit but 2 bytes
		{"👍🏽 @bot", 5, 4, "@bot"}, // skin tone: 4 units
		{"short", 3, 10, ""},
		{"short", 5, 0, ""},
		{"short", 6, 0, ""},
		// Hostile values from the network: none may panic.
		{"@bot hi", math.MaxInt, 1, ""},
		{"@bot hi", 1, math.MaxInt, ""},
		{"@bot hi", math.MaxInt, math.MaxInt, ""},
		{"@bot hi", math.MaxInt - 2, 4, ""},
		{"@bot hi", 4, math.MaxInt - 3, ""},
		{"@bot hi", -1, 4, ""},
		{"@bot hi", 0, -1, ""},
		{"@bot hi", math.MinInt, math.MaxInt, ""},
		{"@bot hi", math.MinInt, math.MinInt, ""},
		{"🙂", 1, 1, "\uFFFD"}, // half a surrogate pair: a replacement character, not a panic
	}
	for _, tt := range tests {
		if got := entityText(tt.text, entity{Offset: tt.off, Length: tt.length}); got != tt.want {
			t.Errorf("entityText(%q, %d, %d) = %q, want %q", tt.text, tt.off, tt.length, got, tt.want)
		}
	}
}

func TestMessageText(t *testing.T) {
	tests := []struct {
		m    message
		want string
	}{
		{message{Text: "<b>not html</b>"}, "<b>not html</b>"},
		{message{Photo: []any{1}, Caption: "broken box"}, "[photo] broken box"},
		{message{Voice: &struct{}{}}, "[voice message]"},
		{message{}, "[unsupported message]"},
	}
	for _, tt := range tests {
		if got := messageText(&tt.m); got != tt.want {
			t.Errorf("messageText = %q, want %q", got, tt.want)
		}
	}
}
