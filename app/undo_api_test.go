package app

import (
	"context"
	"strings"
	"testing"

	"careinbox/backend/inbox"
)

// A reply is held for the send delay (10 s unless changed) and pulled back
// by UndoSend; with no delay it is not held and cannot be undone.
func TestSendReplyIsHeldForUndo(t *testing.T) {
	a, s := newTestApp(t)
	id := publicConversation(t, s)
	if d, err := a.Inbox.SendDelay(); err != nil || d != 10 {
		t.Fatalf("default send delay = %d, %v; want 10", d, err)
	}
	m, err := a.Inbox.SendReply(id, "On its way!", "public")
	if err != nil {
		t.Fatal(err)
	}
	if m.UndoUntil <= m.SentAt || m.UndoUntil-m.SentAt != 10_000 {
		t.Fatalf("UndoUntil = %d for a reply at %d, want 10 s later", m.UndoUntil, m.SentAt)
	}
	d, _ := a.Inbox.GetConversation(id)
	if last := d.Messages[len(d.Messages)-1]; last.ID != m.ID || last.UndoUntil != m.UndoUntil {
		t.Fatalf("the thread shows %+v, want the held reply", last)
	}
	r, err := a.Inbox.UndoSend(m.ID)
	if err != nil || r.Text != "On its way!" || r.Visibility != "public" || r.ConversationID != id {
		t.Fatalf("UndoSend = %+v, %v", r, err)
	}
	if _, err := a.Inbox.UndoSend(m.ID); err == nil {
		t.Fatal("a reply was undone twice")
	}
	if err := a.Inbox.SetSendDelay(61); err == nil {
		t.Fatal("a 61 s delay was accepted")
	}
	if err := a.Inbox.SetSendDelay(0); err != nil {
		t.Fatal(err)
	}
	m, err = a.Inbox.SendReply(id, "Now at once.", "public")
	if err != nil || m.UndoUntil != 0 {
		t.Fatalf("with no delay: UndoUntil = %d, %v", m.UndoUntil, err)
	}
	_, err = a.Inbox.UndoSend(m.ID)
	if err == nil || !strings.Contains(err.Error(), "Too late") {
		t.Fatalf("undo of an unheld reply = %v", err)
	}
}

// The agent name, else the handle's display name, is who a reply is from
// and what the sign-off's {agent} says.
func TestReplySignedWithAgentOrHandleName(t *testing.T) {
	tests := []struct{ name, agent, want string }{
		{"agent name set", "Sam Kim", "Thanks!\n— Sam Kim"},
		{"no agent name: the handle's name", "", "Thanks!\n— @AskBakery"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, s := newTestApp(t)
			a.Inbox.signer.fallback = "" // as in the app: main sets no fallback
			id := publicConversation(t, s)
			if err := a.Voice.SetAgentName(tt.agent); err != nil {
				t.Fatal(err)
			}
			if err := a.Voice.SaveVoice(clientOf(t, s, id), VoiceDTO{Signoff: "— {agent}", AppendSignoff: true}); err != nil {
				t.Fatal(err)
			}
			m, err := a.Inbox.SendReply(id, "Thanks!", "public")
			if err != nil {
				t.Fatal(err)
			}
			wantAuthor := strings.TrimPrefix(tt.want, "Thanks!\n— ")
			if m.Text != tt.want || m.AuthorName != wantAuthor {
				t.Errorf("sent %q by %q, want %q by %q", m.Text, m.AuthorName, tt.want, wantAuthor)
			}
		})
	}
}

// The sign-off is kept within the channel's own limit: an X DM allows
// 10 000 characters where a post allows 280.
func TestSignoffLimitPerChannel(t *testing.T) {
	a, s := newTestApp(t)
	id := publicConversation(t, s) // on X
	a.Inbox.signer.limits[inbox.NetworkX] = 280
	a.Inbox.signer.privateLimits[inbox.NetworkX] = 10000
	if err := a.Voice.SaveVoice(clientOf(t, s, id), VoiceDTO{Signoff: "^SK", AppendSignoff: true}); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("a", 278)
	for _, tt := range []struct{ visibility, want string }{
		{"public", long},            // no room for " ^SK" in 280
		{"private", long + "\n^SK"}, // plenty in a DM
	} {
		m, err := a.Inbox.SendReply(id, long, tt.visibility)
		if err != nil {
			t.Fatal(err)
		}
		if m.Text != tt.want {
			t.Errorf("%s: sent %q, want %q", tt.visibility, m.Text[270:], tt.want[270:])
		}
	}
}

// Undoing a status change (one conversation or a bulk action) restores what
// each was before; a token works once.
func TestChangeStatusUndo(t *testing.T) {
	a, s := newTestApp(t)
	ctx := context.Background()
	page, err := s.Conversations(ctx, inbox.ConversationFilter{}, 0, 3)
	if err != nil || len(page.Items) < 3 {
		t.Fatalf("demo conversations: %d, %v", len(page.Items), err)
	}
	ids := []int64{page.Items[0].ID, page.Items[1].ID, page.Items[2].ID}
	wake := page.Items[0].LastMessageAt.Add(72 * 3600e9).UnixMilli()
	if _, err := a.Inbox.ChangeStatus(ids[2:], "snoozed", wake); err != nil {
		t.Fatal(err)
	}
	before, _ := s.StatusSnapshots(ctx, ids)
	ch, err := a.Inbox.ChangeStatus(ids, "resolved", 0)
	if err != nil || ch.Count != 3 || ch.UndoToken == "" {
		t.Fatalf("ChangeStatus = %+v, %v", ch, err)
	}
	if err := a.Inbox.UndoStatus(ch.UndoToken); err != nil {
		t.Fatal(err)
	}
	after, _ := s.StatusSnapshots(ctx, ids)
	for i := range ids {
		if after[i].Status != before[i].Status || !after[i].SnoozedUntil.Equal(before[i].SnoozedUntil) {
			t.Errorf("conversation %d: %s until %v after undo, want %s until %v", ids[i], after[i].Status, after[i].SnoozedUntil, before[i].Status, before[i].SnoozedUntil)
		}
	}
	if after[2].Status != inbox.StatusSnoozed {
		t.Errorf("the snoozed one came back %s", after[2].Status)
	}
	if err := a.Inbox.UndoStatus(ch.UndoToken); err == nil {
		t.Error("a status change was undone twice")
	}
}
