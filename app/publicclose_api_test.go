package app

import (
	"context"
	"strings"
	"testing"
	"time"
)

// The bound flow: move private, resolve the DM, the prompt with the
// client's suggestion, the list filter and row state, send, delivery.
func TestPublicCloseAPI(t *testing.T) {
	a, s := newTestApp(t)
	ctx := context.Background()
	id := publicConversation(t, s)
	if p, err := a.Closes.Get(id); err != nil || p != nil {
		t.Fatalf("before the move: %+v, %v", p, err)
	}
	mv, err := a.Compose.MoveToPrivate(id, "We've sent you a DM", "Hi Zoë")
	if err != nil {
		t.Fatal(err)
	}
	d, _ := a.Inbox.GetConversation(id)
	if d.Conversation.Status == "resolved" || d.Conversation.PublicClose != "waiting" {
		t.Fatalf("after the move: %s, %q", d.Conversation.Status, d.Conversation.PublicClose)
	}
	page, err := a.Inbox.ListConversations(FilterDTO{PublicClosePending: true}, 0, 50)
	if err != nil || page.Total != 1 || page.Items[0].ID != id || page.Items[0].PublicClose != "waiting" {
		t.Fatalf("filter = %+v, %v", page, err)
	}
	if _, err := a.Closes.Send(id, "Thanks!"); err == nil || !strings.Contains(FormatError(err).(string), CodeInvalid) {
		t.Fatalf("send before the private side is done: %v", err)
	}
	if err := a.Closes.SetSettings(d.Conversation.ClientID, PublicCloseSettingsDTO{Reply: "Sorted in DM — thanks! ^S", DueHours: 2}); err != nil {
		t.Fatal(err)
	}
	if err := a.Closes.SetSettings(d.Conversation.ClientID, PublicCloseSettingsDTO{Reply: "x", DueHours: -1}); err == nil {
		t.Fatal("a negative deadline was saved")
	}
	if err := a.Inbox.SetStatus([]int64{mv.PrivateConversationID}, "resolved", 0); err != nil {
		t.Fatal(err)
	}
	p, err := a.Closes.Get(id)
	if err != nil || p.State != "prompt" || p.Suggestion != "Sorted in DM — thanks! ^S" || p.DueAt-p.PrivateResolvedAt != 2*3600*1000 ||
		p.PrivateConversationID != mv.PrivateConversationID {
		t.Fatalf("prompt = %+v, %v", p, err)
	}
	if err := a.Closes.Dismiss(id, " "); err == nil {
		t.Fatal("dismissed without a reason")
	}
	m, err := a.Closes.Send(id, p.Suggestion)
	if err != nil || m.Delivery != "queued" {
		t.Fatalf("Send = %+v, %v", m, err)
	}
	if again, err := a.Closes.Send(id, p.Suggestion); err != nil || again.ID != m.ID {
		t.Fatalf("second Send = %+v, %v (want the same message %d)", again, err, m.ID)
	}
	if err := s.MarkSent(ctx, m.ID, "net-close", time.Now()); err != nil {
		t.Fatal(err)
	}
	d, _ = a.Inbox.GetConversation(id)
	if d.Conversation.Status != "resolved" || d.Conversation.PublicClose != "" {
		t.Fatalf("after delivery: %s, %q", d.Conversation.Status, d.Conversation.PublicClose)
	}
	if p, _ := a.Closes.Get(id); p.State != "done" || len(p.Events) != 4 {
		t.Fatalf("done = %+v", p)
	}
	if err := a.Closes.LogOffline(id, "fax", "x", false); err == nil {
		t.Fatal("unknown offline channel accepted")
	}
}
