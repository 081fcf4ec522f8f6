package crashsuite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"careinbox/backend/connector/connectortest"
	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

// holdFor is the undo window of the held replies (the app's default).
const holdFor = 10 * time.Second

// killInHold is the child's store for a kill during the undo window: it dies
// right after an outbox pass that found nothing to send (the held reply not
// yet due). Had a pass claimed the held reply, the double records the send
// and the next, empty, pass dies: the case then sees it and fails.
type killInHold struct{ *store.Store }

func (k killInHold) ClaimOutbox(ctx context.Context, now time.Time, limit int, busy ...int64) ([]store.OutboxItem, error) {
	items, err := k.Store.ClaimOutbox(ctx, now, limit, busy...)
	if err == nil && len(items) == 0 {
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {} // SIGKILL cannot be caught; never returns
	}
	return items, err
}

// TestCrashDuringUndoWindow kills the engine (SIGKILL) while a reply waits
// in its undo window, on every HTTP network, and restarts on the same file:
// the reply is neither lost nor sent twice. It is still held after the
// restart (not sent before its time), goes out exactly once when the window
// has passed, and, in the undo variant, can still be pulled back after the
// crash and then never reaches the network.
func TestCrashDuringUndoWindow(t *testing.T) {
	if os.Getenv("CAREINBOX_CRASH") == "" {
		t.Skip("the crash suite runs with make test-crash (CAREINBOX_CRASH=1)")
	}
	for _, n := range networks() {
		for _, undo := range []bool{false, true} {
			name := fmt.Sprintf("%s/sent after the window", n)
			if undo {
				name = fmt.Sprintf("%s/undone after the crash", n)
			}
			t.Run(name, func(t *testing.T) { holdCase(t, n, undo) })
		}
	}
}

func holdCase(t *testing.T, n network, undo bool) {
	ctx := context.Background()
	d := &double{}
	srv := connectortest.NewServer(t, n.handler(t, d))
	dbPath := filepath.Join(t.TempDir(), "hold.db")
	clk := &clock{t: t0}

	st, sec, h, convID := syncedConversation(t, ctx, n, srv.URL, dbPath, clk)
	reply, err := st.QueueHeldReply(ctx, convID, "It is on its way, sorry for the wait!", n.visibility, "Sam", clk.Now(), clk.Now().Add(holdFor))
	if err != nil {
		t.Fatal(err)
	}
	st.Close()

	// The engine process (its clock at t0, inside the window) looks at the
	// outbox and dies.
	killChild(t, dbPath, h.ID, n, duringHold, d)
	if got := d.posted(); len(got) != 0 {
		t.Fatalf("the reply reached the network during its undo window: %+v", got)
	}

	st, err = store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	m := message(t, st, convID, reply.ID)
	if m.Delivery != inbox.DeliveryQueued || !m.HoldUntil.Equal(t0.Add(holdFor)) {
		t.Fatalf("after the crash the reply is %q held until %v, want queued until %v", m.Delivery, m.HoldUntil, t0.Add(holdFor))
	}
	if due, err := st.ClaimOutbox(ctx, clk.Now().Add(holdFor-time.Millisecond), 10); err != nil || len(due) != 0 {
		t.Fatalf("the restarted outbox finds %d replies due inside the window (%v)", len(due), err)
	}
	if undo {
		if _, err := st.UndoSend(ctx, reply.ID); err != nil {
			t.Fatalf("undo after the crash: %v", err)
		}
		if due, err := st.ClaimOutbox(ctx, clk.Now().Add(time.Hour), 10); err != nil || len(due) != 0 {
			t.Fatalf("an undone reply is still in the outbox: %d due (%v)", len(due), err)
		}
		if got := d.posted(); len(got) != 0 {
			t.Fatalf("an undone reply reached the network: %+v", got)
		}
		if _, err := st.UndoSend(ctx, reply.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("undoing twice = %v, want not found", err)
		}
		return
	}
	clk.Add(holdFor)
	final := settle(t, st, sec, clk, convID, reply.ID)
	if got := d.posted(); final.Delivery != inbox.DeliverySent || len(got) != 1 {
		t.Fatalf("after the window the reply is %q (%q) and the network has %d, want sent once", final.Delivery, final.SendError, len(got))
	}
}
