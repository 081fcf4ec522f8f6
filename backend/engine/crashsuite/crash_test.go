package crashsuite

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"careinbox/backend/connector/connectortest"
	"careinbox/backend/connector/registry"
	"careinbox/backend/engine"
	"careinbox/backend/inbox"
	"careinbox/backend/secrets"
	"careinbox/backend/store"
)

// t0 is where the suite's clock starts.
var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// clock is the engine's clock: it moves only when the test says, so the
// customer's message stays inside every network's answering window and an
// automatic retry becomes due exactly when the test advances it.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// The child's environment.
const (
	envDB      = "CAREINBOX_CRASHSUITE_DB"
	envHandle  = "CAREINBOX_CRASHSUITE_HANDLE"
	envNetwork = "CAREINBOX_CRASHSUITE_NETWORK"
	envCommit  = "CAREINBOX_CRASHSUITE_KILL_AT_COMMIT"
	envHold    = "CAREINBOX_CRASHSUITE_KILL_IN_HOLD"
)

// killAtCommit is the child's store when it must die after the network's
// answer reached the engine but before the reply is recorded as sent.
type killAtCommit struct{ *store.Store }

func (killAtCommit) MarkSent(context.Context, int64, string, time.Time) error {
	_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
	select {} // SIGKILL cannot be caught; never returns
}

func newEngine(st engine.Store, sec secrets.Store, now func() time.Time, logger *slog.Logger, idle time.Duration) *engine.Engine {
	return engine.New(engine.Config{Store: st, Secrets: sec, Registry: registry.Factories(), Now: now,
		Logger: logger, JobTimeout: 20 * time.Second, Idle: idle})
}

// TestCrashChild is the engine process a crash case kills; it only runs
// when TestCrashMidSend starts it.
func TestCrashChild(t *testing.T) {
	db := os.Getenv(envDB)
	if db == "" {
		t.Skip("run by TestCrashMidSend")
	}
	ctx := context.Background()
	handleID, _ := strconv.ParseInt(os.Getenv(envHandle), 10, 64)
	n, ok := networkNamed(os.Getenv(envNetwork))
	if !ok {
		t.Fatalf("no network %q", os.Getenv(envNetwork))
	}
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	sec := secrets.NewMemory()
	if err := engine.SaveSecrets(ctx, sec, handleID, n.secrets); err != nil {
		t.Fatal(err)
	}
	var es engine.Store = st
	if os.Getenv(envCommit) != "" {
		es = killAtCommit{st}
	}
	if os.Getenv(envHold) != "" {
		es = killInHold{st}
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	eng := newEngine(es, sec, func() time.Time { return t0 }, logger, time.Second)
	_ = eng.Run(ctx) // runs until killed
	t.Fatal("the engine stopped before the crash")
}

// TestCrashMidSend kills the sending engine (SIGKILL) at each step of a
// reply on every HTTP network (and, where the network can be asked, again
// while the restarted engine asks it), restarts it on the same database and checks
// the promise: the customer sees the reply at most once; the reply ends
// either sent (with the network's id) or failed with words telling the user
// to check before retrying, never queued again on its own while the network
// may have it; and a network that can be asked (Bluesky, Mastodon) has a
// reply it accepted confirmed as sent.
//
// It starts 30 engine processes, so it runs under `make test-crash`
// (CAREINBOX_CRASH=1), part of `make test`.
func TestCrashMidSend(t *testing.T) {
	if os.Getenv("CAREINBOX_CRASH") == "" {
		t.Skip("the crash suite runs with make test-crash (CAREINBOX_CRASH=1)")
	}
	for _, n := range networks() {
		points := []killPoint{beforeRequest, afterAccept, beforeCommit}
		if n.findable {
			points = append(points, duringReconcile)
		}
		for _, at := range points {
			t.Run(fmt.Sprintf("%s/%s", n, at), func(t *testing.T) { crashCase(t, n, at) })
		}
	}
}

func crashCase(t *testing.T, n network, at killPoint) {
	ctx := context.Background()
	d := &double{}
	srv := connectortest.NewServer(t, n.handler(t, d))
	dbPath := filepath.Join(t.TempDir(), "crash.db")
	clk := &clock{t: t0}

	// A customer writes; the engine syncs it in and a reply is queued.
	st, sec, h, convID := syncedConversation(t, ctx, n, srv.URL, dbPath, clk)
	reply, err := st.QueueReply(ctx, convID, "It is on its way, sorry for the wait!", n.visibility, "Sam", clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	st.Close()

	// The engine process sends it and is killed at the step.
	first := at
	if at == duringReconcile {
		first = afterAccept
	}
	killChild(t, dbPath, h.ID, n, first, d)
	afterCrash := len(d.posted())
	if want := map[killPoint]int{beforeRequest: 0, afterAccept: 1, beforeCommit: 1}[first]; afterCrash != want {
		t.Fatalf("when the process died the network had %d replies, want %d: the kill point was missed", afterCrash, want)
	}
	// The claim was committed before the network was called.
	stillSending(t, dbPath, convID, reply.ID, first)
	if at == duringReconcile {
		// The restarted engine dies while asking the network: the reply
		// must stay "sending", to be asked about again at the next start.
		killChild(t, dbPath, h.ID, n, at, d)
		if got := len(d.posted()); got != 1 {
			t.Fatalf("the engine restarted for reconcile posted the reply again: the network has %d", got)
		}
		stillSending(t, dbPath, convID, reply.ID, at)
	}

	// Restart on the same file: reconcile, then several outbox passes with
	// the clock moving past any back-off an automatic retry would wait.
	st, err = store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	final := settle(t, st, sec, clk, convID, reply.ID)
	got := d.posted()
	t.Logf("after restart: %s %q (remote id %q); the network has %d", final.Delivery, final.SendError, final.RemoteID, len(got))
	if len(got) > 1 {
		t.Errorf("the customer received the reply %d times, want at most once: %+v", len(got), got)
	}
	switch {
	case final.Delivery == inbox.DeliverySent:
		if len(got) != 1 || !strings.Contains(final.RemoteID, got[0].id) {
			t.Errorf("the reply is recorded sent as %q, but the network has %+v", final.RemoteID, got)
		}
	case final.Delivery == inbox.DeliveryFailed && strings.Contains(strings.ToLower(final.SendError), "check"):
		if n.findable && afterCrash == 1 {
			t.Errorf("%s can be asked and has the reply (%s), yet it is shown as uncertain: %q", n.name, got[0].id, final.SendError)
		}
		if n.findable && afterCrash == 0 {
			t.Errorf("%s can be asked and never got the reply, yet it is not sent: %q", n.name, final.SendError)
		}
		if len(got) == 0 {
			// The user checks the conversation, finds no reply and retries.
			if err := st.RetrySend(ctx, reply.ID); err != nil {
				t.Fatal(err)
			}
			if m := settle(t, st, sec, clk, convID, reply.ID); m.Delivery != inbox.DeliverySent {
				t.Errorf("after the user's retry the reply is %q (%q), want sent", m.Delivery, m.SendError)
			}
			if got := d.posted(); len(got) != 1 {
				t.Errorf("after the user's retry the customer has the reply %d times, want once", len(got))
			}
		}
	default:
		t.Errorf("after restart the reply is %q (%q): neither sent nor shown as \"check before retrying\"", final.Delivery, final.SendError)
	}
}

// settle runs the engine over st (reconcile, then outbox passes with the
// clock moving 40 minutes each, past the longest back-off of 30 min × 1.2)
// until the reply is sent or failed and at least six passes went by, and
// returns it. A reply still sending or queued after 30 s is returned as it
// is, for the caller to fail.
func settle(t *testing.T, st *store.Store, sec secrets.Store, clk *clock, convID, messageID int64) inbox.Message {
	t.Helper()
	ctx, stop := context.WithCancel(context.Background())
	eng := newEngine(st, sec, clk.Now, nil, 20*time.Millisecond)
	done := make(chan struct{})
	go func() { defer close(done); _ = eng.Run(ctx) }()
	defer func() { stop(); <-done }()
	deadline := time.Now().Add(30 * time.Second)
	for passes := 0; ; passes++ {
		m := message(t, st, convID, messageID)
		settled := m.Delivery == inbox.DeliverySent || m.Delivery == inbox.DeliveryFailed
		if (settled && passes >= 6) || time.Now().After(deadline) {
			return m
		}
		if settled {
			clk.Add(40 * time.Minute)
			eng.Wake()
		}
		time.Sleep(40 * time.Millisecond)
	}
}

// killChild runs the engine in a child process over dbPath and returns once
// it died at the kill point; a child that ends any other way fails the case.
func killChild(t *testing.T, dbPath string, handleID int64, n network, at killPoint, d *double) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envDB+"="+dbPath, fmt.Sprintf("%s=%d", envHandle, handleID), envNetwork+"="+n.String())
	if at == beforeCommit {
		cmd.Env = append(cmd.Env, envCommit+"=1")
	}
	if at == duringHold {
		cmd.Env = append(cmd.Env, envHold+"=1")
	}
	var out bytes.Buffer // shown if the step is never reached
	cmd.Stdout, cmd.Stderr = &out, &out
	started, exited := make(chan struct{}), make(chan struct{})
	var proc *os.Process // set before started closes
	var waitErr error
	// Armed before the start, so no request can come first; the channel
	// orders the handler's read of proc after the start.
	d.arm(at, func() {
		<-started
		_ = proc.Kill()
		<-exited // the answer is never written while the process may read it
	})
	if err := cmd.Start(); err != nil {
		d.arm(at, nil)
		t.Fatal(err)
	}
	proc = cmd.Process
	close(started)
	go func() { waitErr = cmd.Wait(); close(exited) }()
	select {
	case <-exited:
	case <-time.After(60 * time.Second):
		_ = proc.Kill()
		<-exited
		t.Fatalf("the engine process never reached %q in 60 s:\n%s", at, out.String())
	}
	d.arm(at, nil)
	var ee *exec.ExitError
	if !errors.As(waitErr, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the engine process ended without being killed at %q (%v):\n%s", at, waitErr, out.String())
	}
}

// stillSending checks that a kill at the point left the reply "sending".
func stillSending(t *testing.T, dbPath string, convID, messageID int64, at killPoint) {
	t.Helper()
	st, err := store.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if m := message(t, st, convID, messageID); m.Delivery != inbox.DeliverySending {
		t.Errorf("a kill %s left the reply %q (%q), want still sending", at, m.Delivery, m.SendError)
	}
}

func message(t *testing.T, st *store.Store, convID, messageID int64) inbox.Message {
	t.Helper()
	c, err := st.Conversation(context.Background(), convID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range c.Messages {
		if m.ID == messageID {
			return m
		}
	}
	t.Fatalf("message %d is not in conversation %d", messageID, convID)
	return inbox.Message{}
}

// syncedConversation opens a workspace at dbPath with one handle of network n
// pointed at url, syncs the customer's message in (with clk's time) and
// returns the store, the secrets, the handle and that conversation's id.
func syncedConversation(t *testing.T, ctx context.Context, n network, url, dbPath string, clk *clock) (*store.Store, *secrets.Memory, inbox.Handle, int64) {
	t.Helper()
	st, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	client, err := st.CreateClient(ctx, inbox.Client{Name: "Shop"})
	if err != nil {
		t.Fatal(err)
	}
	h, err := st.CreateHandle(ctx, inbox.Handle{ClientID: client.ID, Network: n.name, RemoteAccountID: n.account, DisplayName: "Shop"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetHandleSettings(ctx, h.ID, n.settings(url)); err != nil {
		t.Fatal(err)
	}
	sec := secrets.NewMemory()
	if err := engine.SaveSecrets(ctx, sec, h.ID, n.secrets); err != nil {
		t.Fatal(err)
	}
	if err := newEngine(st, sec, clk.Now, nil, time.Hour).SyncOnce(ctx, h.ID); err != nil {
		t.Fatalf("first sync: %v", err)
	}
	page, err := st.Conversations(ctx, inbox.ConversationFilter{HandleID: h.ID}, 0, 5)
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("want the handle's one synced conversation, got %d (%v)", len(page.Items), err)
	}
	return st, sec, h, page.Items[0].ID
}
