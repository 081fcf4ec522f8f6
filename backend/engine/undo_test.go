package engine

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"careinbox/backend/inbox"
)

// settableClock is a clock the test moves by hand.
type settableClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *settableClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *settableClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// The engine honours a reply's undo window: nothing goes out before it ends,
// an undo inside it means the network never sees the reply, and once it has
// passed the reply goes out exactly once. The outbox sleeps until the
// window's end, not a whole idle period.
func TestUndoWindowThroughTheEngine(t *testing.T) {
	n := &fakeNet{total: 1, perConv: 1, pageSize: 10}
	r := newRig(t, filepath.Join(t.TempDir(), "u.db"), n)
	ctx := context.Background()
	if err := r.eng.SyncOnce(ctx, 0); err != nil {
		t.Fatal(err)
	}
	clk := &settableClock{t: base.Add(time.Hour)}
	r.eng.cfg.Now = clk.Now
	r.eng.cfg.Idle = time.Hour
	conv := firstConversation(t, r)
	hold := 10 * time.Second

	undone, err := r.st.QueueHeldReply(ctx, conv.ID, "Pulled back.", "private", "Sam", clk.Now(), clk.Now().Add(hold))
	if err != nil {
		t.Fatal(err)
	}
	kept, err := r.st.QueueHeldReply(ctx, conv.ID, "Sent after the window.", "private", "Sam", clk.Now(), clk.Now().Add(hold))
	if err != nil {
		t.Fatal(err)
	}
	if got := r.eng.outboxSleep(ctx); got != hold {
		t.Errorf("the outbox sleeps %v, want until the window ends (%v)", got, hold)
	}
	clk.Set(clk.Now().Add(hold - time.Millisecond))
	r.eng.sendDueWait(ctx)
	if len(n.sent) != 0 {
		t.Fatalf("the network got %d replies inside the undo window", len(n.sent))
	}
	if _, err := r.st.UndoSend(ctx, undone.ID); err != nil {
		t.Fatal(err)
	}
	clk.Set(clk.Now().Add(time.Millisecond))
	r.eng.sendDueWait(ctx)
	r.eng.sendDueWait(ctx)
	if len(n.sent) != 1 || n.sent[0].Text != kept.Text {
		t.Fatalf("after the window the network has %+v, want only the kept reply once", n.sent)
	}
	d, _ := r.st.Conversation(ctx, conv.ID)
	for _, m := range d.Messages {
		if m.ID == undone.ID {
			t.Error("the undone reply is still in the thread")
		}
		if m.ID == kept.ID && m.Delivery != inbox.DeliverySent {
			t.Errorf("the kept reply is %q", m.Delivery)
		}
	}
	if got := r.eng.outboxSleep(ctx); got != time.Hour {
		t.Errorf("with nothing held the outbox sleeps %v, want Idle", got)
	}
}
