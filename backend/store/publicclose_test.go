package store

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"careinbox/backend/inbox"
	"careinbox/backend/publicclose"
)

// loopEnv is one public thread taken private or offline, on a real store.
type loopEnv struct {
	t      *testing.T
	s      *Store
	path   string
	pub    int64
	priv   int64
	reply  int64
	before int // outbox rows before the closing reply
}

func (e *loopEnv) state() publicclose.State {
	e.t.Helper()
	p, err := e.s.PublicCloseOf(context.Background(), e.pub)
	if err != nil || p == nil {
		e.t.Fatalf("public close = %+v, %v", p, err)
	}
	return p.State
}

func (e *loopEnv) status(id int64) inbox.Status {
	e.t.Helper()
	d, err := e.s.Conversation(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return d.Summary.Status
}

func (e *loopEnv) outboxRows() int {
	var n int
	if err := e.s.r.QueryRow("SELECT COUNT(*) FROM outbox o JOIN messages m ON m.id = o.message_id WHERE m.conversation_id = ?", e.pub).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

type loopStep struct {
	name string
	do   func(e *loopEnv) error
	bad  bool // the step must fail
	want publicclose.State
}

func resolvePrivate(e *loopEnv) error {
	return e.s.SetStatus(context.Background(), []int64{e.priv}, inbox.StatusResolved, time.Time{})
}
func reopenPrivate(e *loopEnv) error {
	return e.s.SetStatus(context.Background(), []int64{e.priv}, inbox.StatusOpen, time.Time{})
}
func sendClose(e *loopEnv) error {
	m, err := e.s.SendPublicClose(context.Background(), e.pub, "Glad we sorted it in DM!", "Sam", t0.Add(3*time.Hour))
	if err == nil {
		if e.reply != 0 && m.ID != e.reply {
			e.t.Fatalf("a second send queued message %d after %d", m.ID, e.reply)
		}
		e.reply = m.ID
	}
	return err
}
func claim(e *loopEnv) error {
	items, err := e.s.ClaimOutbox(context.Background(), t0.Add(4*time.Hour), 10)
	for _, it := range items {
		if it.MessageID != e.reply {
			// the move's own public note and DM are sent too
			if err := e.s.MarkSent(context.Background(), it.MessageID, "net-"+it.IdempotencyKey, t0.Add(4*time.Hour)); err != nil {
				return err
			}
		}
	}
	return err
}
func delivered(e *loopEnv) error {
	return e.s.MarkSent(context.Background(), e.reply, "net-close", t0.Add(4*time.Hour))
}
func failed(e *loopEnv) error {
	return e.s.SendFailed(context.Background(), e.reply, "network said no", time.Time{})
}
func retry(e *loopEnv) error { return e.s.RetrySend(context.Background(), e.reply) }

// crash closes the store without settling the reply claimed as sending and
// opens it again, as a restart does.
func crash(e *loopEnv) error {
	if err := e.s.Close(); err != nil {
		return err
	}
	s, err := Open(context.Background(), e.path)
	if err != nil {
		return err
	}
	e.s = s
	e.t.Cleanup(func() { s.Close() })
	items, err := s.Sending(context.Background())
	if err != nil {
		return err
	}
	if len(items) != 1 || items[0].MessageID != e.reply {
		e.t.Fatalf("after the crash, sending = %+v, want the closing reply %d", items, e.reply)
	}
	return nil
}
func dismiss(reason string) func(e *loopEnv) error {
	return func(e *loopEnv) error {
		return e.s.DismissPublicClose(context.Background(), e.pub, reason, "Sam", t0.Add(3*time.Hour))
	}
}
func offlineDone(e *loopEnv) error {
	return e.s.OfflineDone(context.Background(), e.pub, "refund agreed", t0.Add(2*time.Hour))
}

func TestPublicCloseStateMachine(t *testing.T) {
	cases := []struct {
		name       string
		offline    bool
		steps      []loopStep
		resolved   bool   // the public thread ends resolved
		historyHas string // a note the history must keep
	}{
		{name: "private resolved, prompt, reply sent, done", resolved: true, steps: []loopStep{
			{"resolve DM", resolvePrivate, false, publicclose.Prompt},
			{"send", sendClose, false, publicclose.Sending},
			{"claim", claim, false, publicclose.Sending},
			{"delivered", delivered, false, publicclose.Done},
		}},
		{name: "dismissed with a reason", resolved: true, historyHas: "customer asked us not to", steps: []loopStep{
			{"dismiss without reason", dismiss("  "), true, publicclose.Waiting},
			{"resolve DM", resolvePrivate, false, publicclose.Prompt},
			{"dismiss", dismiss("customer asked us not to"), false, publicclose.Dismissed},
			{"no send after", sendClose, true, publicclose.Dismissed},
		}},
		{name: "offline handled", offline: true, resolved: true, historyHas: "refund agreed", steps: []loopStep{
			{"send too early", sendClose, true, publicclose.Waiting},
			{"a private resolution is not ours", resolvePrivate, false, publicclose.Waiting},
			{"offline done", offlineDone, false, publicclose.Prompt},
			{"send", sendClose, false, publicclose.Sending},
			{"claim", claim, false, publicclose.Sending},
			{"delivered", delivered, false, publicclose.Done},
		}},
		{name: "private reopened before the close", resolved: true, steps: []loopStep{
			{"resolve DM", resolvePrivate, false, publicclose.Prompt},
			{"reopen DM", reopenPrivate, false, publicclose.Waiting},
			{"send while reopened", sendClose, true, publicclose.Waiting},
			{"resolve again", resolvePrivate, false, publicclose.Prompt},
			{"send", sendClose, false, publicclose.Sending},
			{"claim", claim, false, publicclose.Sending},
			{"delivered", delivered, false, publicclose.Done},
		}},
		{name: "a failed send keeps the state", resolved: true, steps: []loopStep{
			{"resolve DM", resolvePrivate, false, publicclose.Prompt},
			{"send", sendClose, false, publicclose.Sending},
			{"claim", claim, false, publicclose.Sending},
			{"fails", failed, false, publicclose.Sending},
			{"send again queues nothing", sendClose, false, publicclose.Sending},
			{"no dismiss while sending", dismiss("x"), true, publicclose.Sending},
			{"retry", retry, false, publicclose.Sending},
			{"claim", claim, false, publicclose.Sending},
			{"delivered", delivered, false, publicclose.Done},
		}},
		{name: "a crash between send and confirmation loses nothing and sends once", resolved: true, steps: []loopStep{
			{"resolve DM", resolvePrivate, false, publicclose.Prompt},
			{"send", sendClose, false, publicclose.Sending},
			{"claim", claim, false, publicclose.Sending},
			{"crash", crash, false, publicclose.Sending},
			{"the user clicks send again", sendClose, false, publicclose.Sending},
			{"confirmed by reconciliation", delivered, false, publicclose.Done},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "loop.db")
			s, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			h := fixture(t, s, inbox.NetworkMastodon)
			a := customer("a")
			res, err := s.Ingest(ctx, h.ID, []IncomingConversation{thread("t1", a, in("m1", a, "you charged me twice!!", 0)),
				thread("t2", a, in("m2", a, "and another thing", 0))}, nil)
			if err != nil {
				t.Fatal(err)
			}
			e := &loopEnv{t: t, s: s, path: path, pub: res.Conversations[0]}
			if c.offline {
				// the customer has a DM (from another thread), but this loop went by phone
				mv, err := s.MoveToPrivate(ctx, res.Conversations[1], "", "Hi", "Sam", t0.Add(time.Hour))
				if err != nil {
					t.Fatal(err)
				}
				e.priv = mv.PrivateConversationID
				if err := s.LogOffline(ctx, e.pub, "phone", "called the customer", false, "Sam", t0.Add(time.Hour)); err != nil {
					t.Fatal(err)
				}
			} else {
				mv, err := s.MoveToPrivate(ctx, e.pub, "We've sent you a DM", "Hi, let's sort this out here", "Sam", t0.Add(time.Hour))
				if err != nil {
					t.Fatal(err)
				}
				e.priv = mv.PrivateConversationID
			}
			if e.state() != publicclose.Waiting || e.status(e.pub) == inbox.StatusResolved {
				t.Fatalf("after the move: %s, public %s", e.state(), e.status(e.pub))
			}
			e.before = e.outboxRows()
			for _, st := range c.steps {
				err := st.do(e)
				if (err != nil) != st.bad {
					t.Fatalf("%s: err = %v, want failure %v", st.name, err, st.bad)
				}
				if got := e.state(); got != st.want {
					t.Fatalf("%s: state %s, want %s", st.name, got, st.want)
				}
				if open := st.want.Open(); open && e.status(e.pub) == inbox.StatusResolved {
					t.Fatalf("%s: the public thread is resolved while its loop is %s", st.name, st.want)
				}
				ids, _ := listIDs(t, e.s, inbox.ConversationFilter{PublicClosePending: true})
				if slices.Contains(ids, e.pub) != st.want.Open() {
					t.Fatalf("%s: filter lists %v", st.name, ids)
				}
			}
			if got := e.status(e.pub) == inbox.StatusResolved; got != c.resolved {
				t.Fatalf("public thread resolved = %v, want %v", got, c.resolved)
			}
			if e.reply != 0 && e.outboxRows() != e.before+1 {
				t.Fatalf("outbox rows %d → %d: the closing reply was queued more than once", e.before, e.outboxRows())
			}
			if c.historyHas != "" {
				p, _ := e.s.PublicCloseOf(ctx, e.pub)
				found := false
				for _, ev := range p.Events {
					found = found || strings.Contains(ev.Note, c.historyHas)
				}
				if !found {
					t.Fatalf("history %+v lacks %q", p.Events, c.historyHas)
				}
			}
		})
	}
}

func TestPublicCloseDeadlineDueSoonAndReport(t *testing.T) {
	s, h, ids := triageFixture(t)
	ctx := context.Background()
	if set, _ := s.PublicCloseSettings(ctx, h.ClientID); set.Reply != publicclose.DefaultReply || set.DueHours != 0 {
		t.Fatalf("default settings = %+v", set)
	}
	if err := s.SetPublicCloseSettings(ctx, h.ClientID, publicclose.Settings{Reply: "Thanks — sorted in DM ^S", DueHours: 4}, t0); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPublicCloseSettings(ctx, h.ClientID, publicclose.Settings{Reply: "", DueHours: 4}, t0); err == nil {
		t.Fatal("an empty reply was saved")
	}
	mv, err := s.MoveToPrivate(ctx, ids[0], "", "Hi", "Sam", t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.LogOffline(ctx, ids[1], "email", "wrote to them", false, "Sam", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.LogOffline(ctx, ids[1], "email", "again", false, "Sam", t0.Add(time.Hour)); err == nil {
		t.Fatal("a second open loop on one thread")
	}
	if err := s.LogOffline(ctx, mv.PrivateConversationID, "phone", "x", true, "Sam", t0); err == nil {
		t.Fatal("offline handling logged on a private conversation")
	}
	due, _ := s.DueWithin(ctx, time.Now().Add(100*24*time.Hour), 100)
	for _, c := range due {
		if c.ID == ids[0] {
			t.Fatal("a loop still waiting on its private side is not due yet")
		}
	}
	if err := s.SetStatus(ctx, []int64{mv.PrivateConversationID}, inbox.StatusResolved, time.Time{}); err != nil {
		t.Fatal(err)
	}
	p, _ := s.PublicCloseOf(ctx, ids[0])
	if p.State != publicclose.Prompt || p.Suggestion != "Thanks — sorted in DM ^S" || p.DueAt.Sub(p.PrivateResolvedAt) != 4*time.Hour {
		t.Fatalf("loop = %+v", p)
	}
	soon, _ := s.DueWithin(ctx, p.DueAt.Add(-time.Minute), 100)
	later, _ := s.DueWithin(ctx, p.DueAt, 100)
	has := func(l []inbox.ConversationSummary) bool {
		return slices.ContainsFunc(l, func(c inbox.ConversationSummary) bool { return c.ID == ids[0] })
	}
	if has(soon) || !has(later) {
		t.Fatalf("due soon: before the deadline %v, at it %v", has(soon), has(later))
	}
	states, _ := s.PublicCloseStates(ctx, ids)
	if states[ids[0]].State != publicclose.Prompt || states[ids[1]].State != publicclose.Waiting || len(states) != 2 {
		t.Fatalf("states = %+v", states)
	}
	if err := s.DismissPublicClose(ctx, ids[1], "customer closed their account", "Sam", t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	started, pending, dismissed, err := s.ReportLoops(ctx, 0, 0, "", t0, t0.Add(24*time.Hour))
	if err != nil || started != 2 || pending != 1 || dismissed != 1 {
		t.Fatalf("loops = %d started, %d pending, %d dismissed, %v", started, pending, dismissed, err)
	}
	if started, _, _, _ := s.ReportLoops(ctx, h.ClientID+1, 0, "", t0, t0.Add(24*time.Hour)); started != 0 {
		t.Fatal("another client's scope counted the loops")
	}
	if started, _, _, _ := s.ReportLoops(ctx, 0, 0, "", t0.Add(2*time.Hour), t0.Add(24*time.Hour)); started != 0 {
		t.Fatal("loops started before the period counted")
	}
}

// Moving a thread private again while its loop waits follows the new private side.
func TestMovePrivateAgainKeepsOneLoop(t *testing.T) {
	s, _, ids := triageFixture(t)
	ctx := context.Background()
	if err := s.LogOffline(ctx, ids[0], "phone", "no answer", true, "Sam", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	mv, err := s.MoveToPrivate(ctx, ids[0], "", "Hi, let's try DM", "Sam", t0.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := s.PublicCloseOf(ctx, ids[0])
	if p.State != publicclose.Waiting || p.Via != publicclose.ViaPrivate || p.PrivateConversationID != mv.PrivateConversationID || !p.DueAt.IsZero() {
		t.Fatalf("loop = %+v", p)
	}
	var n int
	_ = s.r.QueryRow("SELECT COUNT(*) FROM public_closes WHERE conversation_id = ?", ids[0]).Scan(&n)
	if n != 1 {
		t.Fatalf("%d loops, want 1", n)
	}
	if err := s.SetStatus(ctx, []int64{mv.PrivateConversationID}, inbox.StatusResolved, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.PublicCloseOf(ctx, ids[0]); p.State != publicclose.Prompt {
		t.Fatalf("after the DM resolved: %s", p.State)
	}
}
