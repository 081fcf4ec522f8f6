package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
	"careinbox/backend/secrets"
	"careinbox/backend/store"
)

// historyNet is a fakeNet (its live stream) with a history of hist
// messages before the handle was connected, walked newest first in pages
// of page. gate, when set, holds every Backfill call until it receives.
type historyNet struct {
	*fakeNet
	hist, page int
	histBase   time.Time // message i was sent histBase - i minutes

	mu      sync.Mutex
	cursors []string // every cursor Backfill was called with
	failAt  int      // the call with this number (1-based) fails once
	calls   int
	gate    chan struct{}
}

func (h *historyNet) BackfillStreams() []string { return []string{"updates"} }

func (h *historyNet) Backfill(ctx context.Context, stream, cursor string) (connector.Page, error) {
	h.mu.Lock()
	h.calls++
	h.cursors = append(h.cursors, cursor)
	fail := h.calls == h.failAt
	gate := h.gate
	h.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return connector.Page{}, ctx.Err()
		}
	}
	if fail {
		return connector.Page{}, connector.Errorf(connector.Temporary, nil, "the network hiccuped")
	}
	off, _ := strconv.Atoi(cursor)
	end := min(off+h.page, h.hist)
	p := connector.Page{Cursor: strconv.Itoa(end), More: end < h.hist, Total: h.hist, Progress: float64(end) / float64(h.hist)}
	for i := off; i < end; i++ {
		c := i / 3 // three messages a conversation
		cust := inbox.Participant{Network: inbox.NetworkTelegram, RemoteID: fmt.Sprintf("old-%d", c), DisplayName: fmt.Sprintf("Old %d", c)}
		p.Conversations = append(p.Conversations, connector.Conversation{RemoteID: fmt.Sprintf("old-chat-%d", c),
			Kind: inbox.KindPrivate, Customer: cust, Messages: []connector.Message{{RemoteID: fmt.Sprintf("old-%d", i),
				Direction: inbox.Inbound, Author: cust, Text: fmt.Sprintf("old message %d", i),
				SentAt: h.histBase.Add(-time.Duration(i) * time.Minute)}}})
	}
	return p, nil
}

// historyRig opens (or reopens) a store at path with one handle whose
// connector is net.
func historyRig(t *testing.T, path string, net *historyNet, onJob func(JobEvent)) (*store.Store, *Engine, int64) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	handles, _ := st.Handles(ctx)
	if len(handles) == 0 {
		c, err := st.CreateClient(ctx, inbox.Client{Name: "Client"})
		if err != nil {
			t.Fatal(err)
		}
		h, err := st.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: inbox.NetworkTelegram, RemoteAccountID: "bot", DisplayName: "Bot"})
		if err != nil {
			t.Fatal(err)
		}
		handles = append(handles, h)
	}
	sec := secrets.NewMemory()
	if err := SaveSecrets(ctx, sec, handles[0].ID, map[string]string{"bot_token": "t"}); err != nil {
		t.Fatal(err)
	}
	if net.fakeNet.base.IsZero() {
		net.fakeNet.base = base
	}
	reg := connector.Registry{inbox.NetworkTelegram: func(connector.Config) (connector.Connector, error) { return net, nil }}
	eng := New(Config{Store: st, Secrets: sec, Registry: reg, Now: time.Now, Idle: 50 * time.Millisecond, OnJob: onJob,
		BackfillSpan: 10 * 365 * 24 * time.Hour})
	return st, eng, handles[0].ID
}

func messageIDs(t *testing.T, st *store.Store, handleID int64) map[string]int {
	t.Helper()
	rows, err := st.DB().Query("SELECT remote_id FROM messages WHERE handle_id = ?", handleID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out[id]++
	}
	return out
}

// Thousands of history messages arrive once each; a failure mid-way and a
// restart (a new store and engine on the same file) resume from the stored
// cursor instead of starting over.
func TestBackfillArrivesOnceAndResumesAfterRestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ws.db")
	net := &historyNet{fakeNet: &fakeNet{total: 0, perConv: 1, pageSize: 10}, hist: 3000, page: 100,
		histBase: time.Now().Add(-24 * time.Hour), failAt: 13}
	st, eng, hid := historyRig(t, path, net, nil)
	if err := eng.BackfillOnce(ctx, hid); err == nil {
		t.Fatal("the failing page was not reported")
	}
	b, err := st.Backfills(ctx, hid)
	if err != nil || len(b) != 1 || b[0].Cursor != "1200" || b[0].Messages != 1200 || b[0].State != store.BackfillRunning {
		t.Fatalf("after the failure: %+v, %v", b, err)
	}
	st.Close()

	// A restart: the row says where to go on from.
	st, eng, hid = historyRig(t, path, net, nil)
	if _, err := st.DB().Exec("UPDATE backfills SET next_run_at = 0"); err != nil { // the back-off has passed
		t.Fatal(err)
	}
	if err := eng.BackfillOnce(ctx, hid); err != nil {
		t.Fatal(err)
	}
	net.mu.Lock()
	resumedAt := net.cursors[13]
	calls := net.calls
	net.mu.Unlock()
	if resumedAt != "1200" || calls != 31 {
		t.Errorf("after the restart the walk went on from %q in %d calls, want 1200 in 31", resumedAt, calls)
	}
	ids := messageIDs(t, st, hid)
	if len(ids) != 3000 {
		t.Errorf("%d messages stored, want 3000", len(ids))
	}
	b, _ = st.Backfills(ctx, hid)
	if b[0].State != store.BackfillDone || b[0].Messages != 3000 || b[0].Total != 3000 || b[0].Progress != 1 {
		t.Errorf("finished backfill: %+v", b[0])
	}
	if n, _ := st.BackfilledConversations(ctx, hid); n != 1000 {
		t.Errorf("%d backfilled conversations, want 1000", n)
	}
	var unread int
	if err := st.DB().QueryRow("SELECT COUNT(*) FROM conversations WHERE handle_id = ? AND unread > 0", hid).Scan(&unread); err != nil || unread != 0 {
		t.Errorf("%d history conversations count as unread (%v)", unread, err)
	}
	if want := net.histBase.Add(-2999 * time.Minute).Truncate(time.Millisecond); !b[0].OldestAt.Equal(want) {
		t.Errorf("oldest reached %v, want %v", b[0].OldestAt, want)
	}
}

// A cap leaves older messages out and ends the walk; pause holds it,
// resume goes on, stop ends it for good (a restart does not bring it back).
func TestBackfillCapPauseResumeStop(t *testing.T) {
	ctx := context.Background()
	net := &historyNet{fakeNet: &fakeNet{perConv: 1, pageSize: 10}, hist: 2000, page: 100, histBase: time.Now().Add(-time.Hour)}
	st, eng, hid := historyRig(t, filepath.Join(t.TempDir(), "ws.db"), net, nil)
	eng.registerStreams(ctx)

	if err := st.SetBackfillState(ctx, hid, store.BackfillPaused, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := eng.BackfillOnce(ctx, hid); err != nil || net.calls != 0 {
		t.Fatalf("a paused backfill ran %d pages (%v)", net.calls, err)
	}
	// Resumed with a cap: 500 minutes back, so messages 0…500 and no older.
	until := net.histBase.Add(-500 * time.Minute)
	if err := st.StartBackfill(ctx, hid, net.BackfillStreams(), until, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := eng.BackfillOnce(ctx, hid); err != nil {
		t.Fatal(err)
	}
	if got := len(messageIDs(t, st, hid)); got != 501 || net.calls != 6 {
		t.Errorf("capped: %d messages in %d pages, want 501 in 6", got, net.calls)
	}
	b, _ := st.Backfills(ctx, hid)
	if b[0].State != store.BackfillDone {
		t.Errorf("capped backfill is %s, want done", b[0].State)
	}
	// Moving the cap back goes on from where the walk stopped.
	if err := st.StartBackfill(ctx, hid, net.BackfillStreams(), net.histBase.Add(-1000*time.Minute), time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := st.SetBackfillState(ctx, hid, store.BackfillStopped, time.Now()); err != nil {
		t.Fatal(err)
	}
	eng.Forget(hid)
	if err := eng.BackfillOnce(ctx, hid); err != nil || net.calls != 6 {
		t.Fatalf("a stopped backfill ran (%d calls, %v)", net.calls, err)
	}
	if b, _ := st.Backfills(ctx, hid); b[0].State != store.BackfillStopped {
		t.Fatalf("on restart the stopped backfill is %s", b[0].State)
	}
	if err := st.SetBackfillState(ctx, hid, store.BackfillRunning, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := eng.BackfillOnce(ctx, hid); err != nil {
		t.Fatal(err)
	}
	net.mu.Lock()
	next := net.cursors[6]
	net.mu.Unlock()
	if got := len(messageIDs(t, st, hid)); got != 1001 || next != "500" {
		t.Errorf("resumed to the new cap: %d messages, went on from %q; want 1001 from 500 (the page the cap cut)", got, next)
	}
}

// During a backfill, live sync keeps its place: a poll that falls due
// waits for at most the one backfill page in flight, and the outbox is not
// held at all. The backfill's pages only move when the test lets them, so
// "at most one" is counted, not timed.
func TestLiveSyncAndOutboxDuringBackfill(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	jobs := make(chan JobEvent, 1024)
	net := &historyNet{fakeNet: &fakeNet{total: 5, perConv: 5, pageSize: 10}, hist: 2000, page: 50,
		histBase: time.Now().Add(-time.Hour), gate: make(chan struct{})}
	st, eng, hid := historyRig(t, filepath.Join(t.TempDir(), "ws.db"), net, func(ev JobEvent) { jobs <- ev })
	done := make(chan error, 1)
	go func() { done <- eng.Run(ctx) }()
	defer func() { cancel(); <-done }()

	await := func(kind JobKind, start bool) {
		t.Helper()
		for {
			select {
			case ev := <-jobs:
				if ev.Kind == kind && ev.Start == start {
					return
				}
			case <-ctx.Done():
				t.Fatalf("no %s job event (start %v)", kind, start)
			}
		}
	}
	await(JobSync, false) // the first live sync
	for range 3 {
		await(JobBackfill, true)
		net.gate <- struct{}{}
		await(JobBackfill, false)
	}
	await(JobBackfill, true) // the fourth page is in flight, held at the gate
	// New live messages, and a poll falls due:
	net.fakeNet.mu.Lock()
	net.fakeNet.total = 8
	net.fakeNet.mu.Unlock()
	if err := eng.SyncNow(ctx, hid); err != nil {
		t.Fatal(err)
	}
	// A reply queued now goes out while the backfill page is still held.
	page, err := st.Conversations(ctx, inbox.ConversationFilter{}, 0, 10)
	if err != nil || len(page.Items) == 0 {
		t.Fatal(err)
	}
	var live int64
	for _, c := range page.Items {
		if c.RemoteID == "chat-0" {
			live = c.ID
		}
	}
	if _, err := st.QueueReply(ctx, live, "On it!", "private", "Sam", time.Now()); err != nil {
		t.Fatal(err)
	}
	eng.Wake()
	await(JobSend, false)
	net.fakeNet.mu.Lock()
	sent := len(net.fakeNet.sent)
	net.fakeNet.mu.Unlock()
	if sent != 1 {
		t.Errorf("%d replies sent during the backfill, want 1", sent)
	}
	// The page in flight finishes; then the live poll runs before the next.
	net.gate <- struct{}{}
	await(JobSync, false)
	ids := messageIDs(t, st, hid)
	for i := 5; i < 8; i++ {
		if ids[fmt.Sprintf("msg-%d", i)] != 1 {
			t.Errorf("live message msg-%d not synced during the backfill", i)
		}
	}
	net.mu.Lock()
	calls := net.calls
	net.mu.Unlock()
	if calls > 5 { // four before the poll fell due, at most a fifth started after it
		t.Errorf("%d backfill pages began before the live poll ended, want at most 5", calls)
	}
	b, _ := st.Backfills(ctx, hid)
	if b[0].State != store.BackfillRunning {
		t.Errorf("backfill %s before its pages were let through", b[0].State)
	}
	close(net.gate) // let the rest through
	for {
		b, err := st.Backfills(ctx, hid)
		if err != nil {
			t.Fatal(err)
		}
		if b[0].State == store.BackfillDone {
			break
		}
		await(JobBackfill, false)
	}
	ids = messageIDs(t, st, hid)
	for i := range 2000 {
		if ids[fmt.Sprintf("old-%d", i)] != 1 {
			t.Fatalf("history message old-%d stored %d times", i, ids[fmt.Sprintf("old-%d", i)])
		}
	}
}
