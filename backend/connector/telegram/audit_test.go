package telegram

import (
	"context"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
)

// TestWaitConfirmsOnlyCommittedCursor: getUpdates confirms every update
// below its offset (core.telegram.org/bots/api#getupdates). The cursor a
// Fetch hands out is only safe once the engine has committed the page, so
// the long poll must not use it: when the commit fails (or the app stops
// before it), re-fetching the stored cursor must still return the updates.
func TestWaitConfirmsOnlyCommittedCursor(t *testing.T) {
	c, _ := setup(t)
	ctx := context.Background()
	p, err := c.Fetch(ctx, StreamUpdates, "")
	if err != nil || len(p.Conversations) == 0 {
		t.Fatalf("first fetch = %+v, %v", p, err)
	}
	// The page's commit failed: the stored cursor is still "".
	wctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if err := c.Wait(wctx); err != nil {
		t.Fatal(err)
	}
	again, err := c.Fetch(ctx, StreamUpdates, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Conversations) != len(p.Conversations) || again.Cursor != p.Cursor {
		t.Fatalf("after Wait the uncommitted updates are gone: %d conversations (want %d), cursor %q (want %q)",
			len(again.Conversations), len(p.Conversations), again.Cursor, p.Cursor)
	}
}

// TestNotCustomerMessages: what the Bot API delivers as a message but no
// customer wrote is not an inbound message (it would start a response
// clock). Anonymous group admins and chats posting in a group come with a
// fake `from` user (GroupAnonymousBot, Channel_Bot, Telegram) and
// sender_chat set; other bots have is_bot; service messages (a pin, the
// auto-delete timer, "allowed the bot to write") carry no words of anyone.
func TestNotCustomerMessages(t *testing.T) {
	anon := map[string]any{"id": 1087968824, "is_bot": true, "first_name": "Group", "username": "GroupAnonymousBot"}
	otherBot := map[string]any{"id": 4242, "is_bot": true, "first_name": "Helper", "username": "HelperBot"}
	mention := []any{map[string]any{"type": "mention", "offset": 0, "length": 8}}
	tests := []struct {
		name string
		m    map[string]any
		keep bool
	}{
		{"customer in a group", map[string]any{"from": carl, "chat": group, "text": "@CareBot hi", "entities": mention}, true},
		{"anonymous admin", map[string]any{"from": anon, "sender_chat": group, "chat": group, "text": "@CareBot hi", "entities": mention}, false},
		{"another bot", map[string]any{"from": otherBot, "chat": group, "text": "@CareBot hi", "entities": mention}, false},
		{"customer in private", map[string]any{"from": ana, "chat": private(ana), "text": "hello"}, true},
		{"photo in private", map[string]any{"from": ana, "chat": private(ana), "photo": []any{map[string]any{"file_id": "x"}}}, true},
		{"pin in private", map[string]any{"from": ana, "chat": private(ana), "pinned_message": map[string]any{"message_id": 1, "chat": private(ana), "date": 0}}, false},
		{"auto-delete timer", map[string]any{"from": ana, "chat": private(ana), "message_auto_delete_timer_changed": map[string]any{"message_auto_delete_time": 86400}}, false},
		{"write access allowed", map[string]any{"from": ana, "chat": private(ana), "write_access_allowed": map[string]any{"from_request": true}}, false},
		{"background set", map[string]any{"from": ana, "chat": private(ana), "chat_background_set": map[string]any{"type": map[string]any{"type": "fill"}}}, false},
		{"business chat pin", map[string]any{"from": ben, "chat": private(ben), "business_connection_id": "bc1", "pinned_message": map[string]any{"message_id": 1, "chat": private(ben), "date": 0}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, d := setup(t)
			d.updates = nil
			tt.m["message_id"], tt.m["date"] = 77, 1795424400
			kind := "message"
			if tt.m["business_connection_id"] != nil {
				kind = "business_message"
			}
			d.push(kind, tt.m)
			p, err := c.Fetch(context.Background(), StreamUpdates, "")
			if err != nil {
				t.Fatal(err)
			}
			if got := len(p.Conversations) == 1; got != tt.keep {
				t.Errorf("kept = %v, want %v (%+v)", got, tt.keep, p.Conversations)
			}
			if p.Cursor == "" {
				t.Error("a skipped update was not confirmed past")
			}
		})
	}
}

// TestReplyFollowsSupergroupMigration: a basic group upgraded to a
// supergroup gets a new id; sendMessage to the old one is refused with 400
// and parameters.migrate_to_chat_id (core.telegram.org/bots/api#responseparameters).
// Nothing was sent, so the reply goes once to the new id, without
// reply_parameters: message ids belong to the old chat.
func TestReplyFollowsSupergroupMigration(t *testing.T) {
	c, d := setup(t)
	s, err := c.Reply(context.Background(), connector.Reply{ConversationRemoteID: "chat:-500", Visibility: connector.Public,
		InReplyTo: "-500:12", Text: "Open till 6."})
	if err != nil {
		t.Fatalf("reply to a migrated group: %v", err)
	}
	if len(d.sent) != 1 || d.sent[0]["chat_id"] != -100500.0 || d.sent[0]["reply_parameters"] != nil {
		t.Fatalf("sent %v; want one message to the supergroup -100500 without reply_parameters", d.sent)
	}
	if !strings.HasPrefix(s.RemoteID, "-100500:") {
		t.Errorf("sent id %q, want one in the supergroup", s.RemoteID)
	}
}

// TestWaitFitsTheHTTPClientTimeout: the engine's http.Client has its own
// Timeout, which bounds the whole request whatever the context says. A
// long poll asked for longer than that is cut by our own client and reads
// as a network failure every time; the poll must end first.
func TestWaitFitsTheHTTPClientTimeout(t *testing.T) {
	d := newDouble(t) // no updates: the long poll runs its whole timeout
	hc := d.srv.Client()
	hc.Timeout = 2 * time.Second
	c, err := New(connector.Config{Settings: map[string]string{"api_base": d.srv.URL},
		Secrets: map[string]string{"bot_token": d.token}, HTTP: hc})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Wait(context.Background()); err != nil {
		t.Fatalf("an idle long poll failed: %v", err)
	}
}

// TestClassifyBotAPIErrors: each refusal of the Bot API gets its kind and
// words the user can act on (descriptions as Telegram sends them).
func TestClassifyBotAPIErrors(t *testing.T) {
	c := &Connector{now: func() time.Time { return time.Unix(1795424400, 0) }}
	tests := []struct {
		code int
		desc string
		kind connector.Kind
		says string
	}{
		{401, "Unauthorized", connector.AuthNeeded, "paste a new one"},
		{403, "Forbidden: bot was blocked by the user", connector.Permanent, "blocked the bot"},
		{403, "Forbidden: bot can't initiate conversation with a user", connector.Permanent, "has not started a chat with the bot"},
		{403, "Forbidden: bot was kicked from the supergroup chat", connector.Permanent, "removed from the chat"},
		{400, "Bad Request: message is too long", connector.Permanent, "4096 characters"},
		{400, "Bad Request: chat not found", connector.Permanent, "chat"},
		{409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first", connector.Permanent, "webhook"},
		{409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running", connector.Temporary, "another program"},
		{500, "Internal Server Error", connector.Temporary, "retrying"},
	}
	for _, tt := range tests {
		err := c.classify("sendMessage", apiResponse{ErrorCode: tt.code, Description: tt.desc}, time.Time{})
		ce, ok := connector.Classify(err)
		if !ok || ce.Kind != tt.kind || !strings.Contains(ce.Message, tt.says) {
			t.Errorf("%d %q = %v (%v); want %v saying %q", tt.code, tt.desc, ce.Message, ce.Kind, tt.kind, tt.says)
		}
	}
}
