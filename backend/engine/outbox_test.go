package engine

import (
	"context"
	"errors"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

func firstConversation(t *testing.T, r *rig) inbox.ConversationSummary {
	t.Helper()
	page, err := r.st.Conversations(context.Background(), inbox.ConversationFilter{}, 0, 1)
	if err != nil || len(page.Items) == 0 {
		t.Fatalf("no conversation: %v", err)
	}
	return page.Items[0]
}

func TestReplyGoesOutOnceAndStopsTheClock(t *testing.T) {
	n := &fakeNet{total: 3, perConv: 3, pageSize: 10}
	r := newRig(t, filepath.Join(t.TempDir(), "o.db"), n)
	ctx := context.Background()
	if err := r.eng.SyncOnce(ctx, 0); err != nil {
		t.Fatal(err)
	}
	conv := firstConversation(t, r)
	if conv.AwaitingSince.IsZero() {
		t.Fatal("conversation not waiting on a reply")
	}
	m, err := r.st.QueueReply(ctx, conv.ID, "Your order ships today.", "private", "Sam", base.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if c := firstConversation(t, r); c.AwaitingSince.IsZero() {
		t.Error("a queued (unsent) reply stopped the response clock")
	}
	r.eng.sendDueWait(ctx)
	r.eng.sendDueWait(ctx)
	if len(n.sent) != 1 {
		t.Fatalf("network got %d replies, want 1", len(n.sent))
	}
	got := n.sent[0]
	if got.InReplyTo != "msg-2" || got.ConversationRemoteID != "chat-0" || got.Visibility != connector.Private || got.Text != "Your order ships today." {
		t.Errorf("reply = %+v", got)
	}
	d, _ := r.st.Conversation(ctx, conv.ID)
	last := d.Messages[len(d.Messages)-1]
	if last.ID != m.ID || last.Delivery != inbox.DeliverySent || last.RemoteID != "sent-"+got.IdempotencyKey {
		t.Errorf("sent message = %+v", last)
	}
	if !d.Summary.AwaitingSince.IsZero() {
		t.Error("a sent reply did not stop the response clock")
	}
	// The network echoes our reply back on the next sync: no duplicate.
	if _, err := r.st.Ingest(ctx, conv.HandleID, toIncoming([]connector.Conversation{{RemoteID: "chat-0", Kind: inbox.KindPrivate,
		Messages: []connector.Message{{RemoteID: last.RemoteID, Direction: inbox.Outbound, Text: last.Text, SentAt: last.SentAt}}}}), nil); err != nil {
		t.Fatal(err)
	}
	if d2, _ := r.st.Conversation(ctx, conv.ID); len(d2.Messages) != len(d.Messages) {
		t.Errorf("echoed reply duplicated: %d → %d messages", len(d.Messages), len(d2.Messages))
	}
}

func TestOfflineReplyWaitsAndAmbiguousFailureAsksUser(t *testing.T) {
	n, r, conv, m := oneQueuedReply(t)
	ctx := context.Background()
	n.setFail(&net.OpError{Op: "dial", Net: "tcp", Err: errors.New("network is unreachable")})
	r.eng.sendDueWait(ctx)
	d, _ := r.st.Conversation(ctx, conv.ID)
	if got := d.Messages[len(d.Messages)-1].Delivery; got != inbox.DeliveryQueued {
		t.Fatalf("offline reply delivery = %s, want queued for later", got)
	}
	if msg, _ := r.st.OutboxError(ctx, m.ID); msg == "" {
		t.Error("no reason shown for the waiting reply")
	}
	// A timeout after the request left is ambiguous on a network we cannot
	// ask: the reply fails visibly instead of risking a double post.
	noFind := &noFinder{n}
	r.eng.cfg.Registry[inbox.NetworkTelegram] = func(connector.Config) (connector.Connector, error) { return noFind, nil }
	r.eng.Forget(conv.HandleID)
	if _, err := r.st.DB().ExecContext(ctx, "UPDATE outbox SET next_attempt_at = 0"); err != nil {
		t.Fatal(err)
	}
	n.setFail(errors.New("i/o timeout"))
	r.eng.sendDueWait(ctx)
	d, _ = r.st.Conversation(ctx, conv.ID)
	if got := d.Messages[len(d.Messages)-1]; got.Delivery != inbox.DeliveryFailed || !strings.Contains(got.SendError, "check the network") {
		t.Fatalf("ambiguous failure = %s %q, want failed with the reason", got.Delivery, got.SendError)
	}
	n.setFail(nil)
	if err := r.st.RetrySend(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	r.eng.sendDueWait(ctx)
	if len(n.sent) != 1 {
		t.Errorf("after retry the network got %d replies", len(n.sent))
	}
	d, _ = r.st.Conversation(ctx, conv.ID)
	if got := d.Messages[len(d.Messages)-1]; got.Delivery != inbox.DeliverySent || got.SendError != "" {
		t.Errorf("after retry = %s %q", got.Delivery, got.SendError)
	}
}

// noFinder hides FindSent: a network that cannot be asked about past sends.
type noFinder struct{ n *fakeNet }

func (f *noFinder) Network() inbox.Network      { return f.n.Network() }
func (f *noFinder) Streams() []string           { return f.n.Streams() }
func (f *noFinder) PollInterval() time.Duration { return f.n.PollInterval() }
func (f *noFinder) Fetch(ctx context.Context, s, c string) (connector.Page, error) {
	return f.n.Fetch(ctx, s, c)
}
func (f *noFinder) Reply(ctx context.Context, r connector.Reply) (connector.Sent, error) {
	return f.n.Reply(ctx, r)
}

func TestCrashBetweenSendAndRecordIsReconciled(t *testing.T) {
	dir := t.TempDir()
	n := &fakeNet{total: 2, perConv: 1, pageSize: 10, sentLog: filepath.Join(dir, "sent.log")}
	r := newRig(t, filepath.Join(dir, "o.db"), n)
	ctx := context.Background()
	if err := r.eng.SyncOnce(ctx, 0); err != nil {
		t.Fatal(err)
	}
	page, _ := r.st.Conversations(ctx, inbox.ConversationFilter{}, 0, 2)
	for _, c := range page.Items {
		if _, err := r.st.QueueReply(ctx, c.ID, "Thanks!", "private", "Sam", base); err != nil {
			t.Fatal(err)
		}
	}
	items, err := r.st.ClaimOutbox(ctx, time.Now(), 10)
	if err != nil || len(items) != 2 {
		t.Fatalf("claimed %d, %v", len(items), err)
	}
	// The first reply reached the network, then the process died before
	// recording it; the second never left.
	if _, err := n.Reply(ctx, replyOf(items[0])); err != nil {
		t.Fatal(err)
	}
	r.eng.reconcileSending(ctx) // what the next start does
	r.eng.sendDueWait(ctx)
	keys := n.sentKeys()
	if len(keys) != 2 || keys[0] == keys[1] {
		t.Fatalf("network got %v, want each reply once", keys)
	}
	var unsent int
	_ = r.st.DB().QueryRow("SELECT COUNT(*) FROM outbox WHERE state <> 'sent'").Scan(&unsent)
	if unsent != 0 {
		t.Errorf("%d replies not marked sent", unsent)
	}
}

// TestUncertainSendIsShownNotResent: when the network cannot tell whether
// an interrupted reply went out, the reply is failed with words that ask
// the user to check — the network's own, when it gives them — and is not
// sent again on its own.
func TestUncertainSendIsShownNotResent(t *testing.T) {
	tests := []struct {
		name    string
		findErr error
		want    string
	}{
		{"the network explains", connector.Errorf(connector.Permanent, nil, "the server may have it; check before retrying"),
			"the server may have it; check before retrying"},
		{"the network's words get the advice", connector.Errorf(connector.Permanent, nil, "cannot look this up"),
			"cannot look this up; check the network before retrying"},
		{"a blip while asking", errors.New("connection reset"),
			"could not confirm whether this reply went out; check the network before retrying"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			n := &fakeNet{total: 1, perConv: 1, pageSize: 10}
			r := newRig(t, filepath.Join(dir, "o.db"), n)
			ctx := context.Background()
			if err := r.eng.SyncOnce(ctx, 0); err != nil {
				t.Fatal(err)
			}
			page, _ := r.st.Conversations(ctx, inbox.ConversationFilter{}, 0, 1)
			m, err := r.st.QueueReply(ctx, page.Items[0].ID, "Thanks!", "private", "Sam", base)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := r.st.ClaimOutbox(ctx, time.Now(), 10); err != nil { // then the process died
				t.Fatal(err)
			}
			n.findErr = tt.findErr
			r.eng.reconcileSending(ctx)
			r.eng.sendDueWait(ctx)
			if got, _ := r.st.OutboxError(ctx, m.ID); got != tt.want {
				t.Errorf("shown %q, want %q", got, tt.want)
			}
			var state string
			_ = r.st.DB().QueryRow("SELECT state FROM outbox WHERE message_id = ?", m.ID).Scan(&state)
			if state != "failed" || len(n.sentKeys()) != 0 {
				t.Errorf("state %s, network got %v", state, n.sentKeys())
			}
		})
	}
}

// TestRetryDoesNotResendWhenTheLookupFails: a reply whose answer was lost
// is retried only after the network confirms it never got it. When that
// lookup fails too, the retry must not send blind — it could post twice —
// but wait and ask again.
func TestRetryDoesNotResendWhenTheLookupFails(t *testing.T) {
	n, r, conv, m := oneQueuedReply(t)
	ctx := context.Background()
	n.loseAnswer = true
	r.eng.sendDueWait(ctx) // reaches the network, the answer is lost
	due := func() {
		if _, err := r.st.DB().ExecContext(ctx, "UPDATE outbox SET next_attempt_at = 0"); err != nil {
			t.Fatal(err)
		}
	}
	n.mu.Lock()
	n.findErr = errors.New("read: connection reset by peer") // and so is the lookup's
	n.mu.Unlock()
	due()
	r.eng.sendDueWait(ctx)
	if got := len(n.sentKeys()); got != 1 {
		t.Fatalf("the network got the reply %d times; want once", got)
	}
	d, _ := r.st.Conversation(ctx, conv.ID)
	if got := d.Messages[len(d.Messages)-1].Delivery; got == inbox.DeliverySent {
		t.Fatalf("delivery %s while unconfirmed", got)
	}
	n.mu.Lock()
	n.findErr = nil
	n.mu.Unlock()
	due()
	r.eng.sendDueWait(ctx)
	d, _ = r.st.Conversation(ctx, conv.ID)
	if got := d.Messages[len(d.Messages)-1]; got.ID != m.ID || got.Delivery != inbox.DeliverySent || len(n.sentKeys()) != 1 {
		t.Errorf("after the lookup works: %s, network got %d", got.Delivery, len(n.sentKeys()))
	}
}

// TestUserRetryAfterAnInconclusiveLookup: when the network can never tell
// whether an attempt arrived (a permanent "check before retrying" from the
// lookup), the reply waits for the user; their retry is the decision and
// sends it, once. An automatic retry after that is careful again.
func TestUserRetryAfterAnInconclusiveLookup(t *testing.T) {
	n, r, conv, m := oneQueuedReply(t)
	ctx := context.Background()
	setFind := func(err error) {
		n.mu.Lock()
		n.findErr = err
		n.mu.Unlock()
	}
	due := func() {
		if _, err := r.st.DB().ExecContext(ctx, "UPDATE outbox SET next_attempt_at = 0"); err != nil {
			t.Fatal(err)
		}
	}
	last := func() inbox.Message {
		d, err := r.st.Conversation(ctx, conv.ID)
		if err != nil {
			t.Fatal(err)
		}
		return d.Messages[len(d.Messages)-1]
	}
	n.loseAnswer = true
	r.eng.sendDueWait(ctx) // reaches the network, the answer is lost
	setFind(connector.Errorf(connector.Permanent, nil, "the server may or may not have it; check before retrying"))
	due()
	r.eng.sendDueWait(ctx)
	if got := last(); got.ID != m.ID || got.Delivery != inbox.DeliveryFailed || len(n.sentKeys()) != 1 {
		t.Fatalf("before the user decides: %s, network got %d; want failed, once", got.Delivery, len(n.sentKeys()))
	}
	// The user checked and retries: it goes out although the lookup still
	// cannot tell.
	if err := r.st.RetrySend(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	n.loseAnswer = true // and this answer is lost too
	r.eng.sendDueWait(ctx)
	if got := len(n.sentKeys()); got != 2 {
		t.Fatalf("after the user's retry the network got it %d times; want 2", got)
	}
	// The automatic retry that follows is not confirmed: it asks, cannot
	// tell, and waits for the user again.
	due()
	r.eng.sendDueWait(ctx)
	if got := last(); got.Delivery != inbox.DeliveryFailed || len(n.sentKeys()) != 2 {
		t.Fatalf("automatic retry after the user's: %s, network got %d; want failed, 2", got.Delivery, len(n.sentKeys()))
	}
	// A temporary lookup failure holds even a confirmed retry: asking again
	// may still tell.
	setFind(errors.New("read: connection reset by peer"))
	if err := r.st.RetrySend(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	r.eng.sendDueWait(ctx)
	if got := len(n.sentKeys()); got != 2 {
		t.Fatalf("confirmed retry with a failing lookup: network got it %d times; want 2", got)
	}
	// That was the fifth attempt, so it is the user's again; once the
	// lookup works, their retry finds the copy instead of sending a third.
	if got := last(); got.Delivery != inbox.DeliveryFailed {
		t.Fatalf("after five attempts: %s; want failed", got.Delivery)
	}
	setFind(nil)
	if err := r.st.RetrySend(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	r.eng.sendDueWait(ctx)
	if got := last(); got.Delivery != inbox.DeliverySent || len(n.sentKeys()) != 2 {
		t.Errorf("once the lookup works: %s, network got %d; want sent, 2", got.Delivery, len(n.sentKeys()))
	}
}

// oneQueuedReply syncs one conversation from a fake network and queues a
// private reply to it.
func oneQueuedReply(t *testing.T) (*fakeNet, *rig, inbox.ConversationSummary, inbox.Message) {
	t.Helper()
	n := &fakeNet{total: 1, perConv: 1, pageSize: 10}
	r := newRig(t, filepath.Join(t.TempDir(), "o.db"), n)
	ctx := context.Background()
	if err := r.eng.SyncOnce(ctx, 0); err != nil {
		t.Fatal(err)
	}
	conv := firstConversation(t, r)
	m, err := r.st.QueueReply(ctx, conv.ID, "On it!", "private", "Sam", base)
	if err != nil {
		t.Fatal(err)
	}
	return n, r, conv, m
}

// A survey reaches the connector marked automated (e-mail then says so to
// the customer's responders), a person's reply does not; the queue time
// reaches it too (a lookup rules out older posts by it).
func TestReplyOfAutomatedAndQueuedAt(t *testing.T) {
	for _, want := range []bool{false, true} {
		if got := replyOf(store.OutboxItem{Automated: want}).Automated; got != want {
			t.Errorf("replyOf(Automated: %v).Automated = %v", want, got)
		}
	}
	if got := replyOf(store.OutboxItem{QueuedAt: base}).QueuedAt; !got.Equal(base) {
		t.Errorf("QueuedAt = %v, want %v", got, base)
	}
	if got := replyOf(store.OutboxItem{Earlier: []string{"a"}}).Earlier; len(got) != 1 || got[0] != "a" {
		t.Errorf("Earlier = %v, want [a]", got)
	}
}
