package engine

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
	"careinbox/backend/secrets"
	"careinbox/backend/store"
)

var base = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

type rig struct {
	st   *store.Store
	sec  *secrets.Memory
	nets map[int64]*fakeNet
	eng  *Engine
}

// newRig opens a store at path with one handle per fake network.
func newRig(t *testing.T, path string, nets ...*fakeNet) *rig {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	r := &rig{st: st, sec: secrets.NewMemory(), nets: map[int64]*fakeNet{}}
	handles, _ := st.Handles(ctx)
	if len(handles) == 0 {
		c, err := st.CreateClient(ctx, inbox.Client{Name: "Client"})
		if err != nil {
			t.Fatal(err)
		}
		for i := range nets {
			h, err := st.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: inbox.NetworkTelegram,
				RemoteAccountID: "bot-" + string(rune('a'+i)), DisplayName: "Bot " + string(rune('A'+i))})
			if err != nil {
				t.Fatal(err)
			}
			handles = append(handles, h)
		}
	}
	for i, n := range nets {
		if n.base.IsZero() {
			n.base = base
		}
		r.nets[handles[i].ID] = n
		if err := SaveSecrets(ctx, r.sec, handles[i].ID, map[string]string{"bot_token": "t"}); err != nil {
			t.Fatal(err)
		}
	}
	reg := connector.Registry{inbox.NetworkTelegram: func(cfg connector.Config) (connector.Connector, error) {
		if cfg.Secrets["bot_token"] == "" {
			return nil, errors.New("no token")
		}
		return r.nets[cfg.HandleID], nil
	}}
	r.eng = New(Config{Store: st, Secrets: r.sec, Registry: reg, Now: time.Now, Idle: 50 * time.Millisecond, PagesPerRun: 2})
	return r
}

func (r *rig) count(t *testing.T) (convs, msgs int) {
	t.Helper()
	page, err := r.st.Conversations(context.Background(), inbox.ConversationFilter{}, 0, 500)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range page.Items {
		msgs += c.MessageCount
	}
	return page.Total, msgs
}

func TestSyncOnceStoresEverythingAndCursor(t *testing.T) {
	n := &fakeNet{total: 50, perConv: 5, pageSize: 7}
	r := newRig(t, filepath.Join(t.TempDir(), "e.db"), n)
	ctx := context.Background()
	if err := r.eng.SyncOnce(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if c, m := r.count(t); c != 10 || m != 50 {
		t.Fatalf("stored %d conversations / %d messages, want 10 / 50", c, m)
	}
	for hid := range r.nets {
		st, err := r.st.Stream(ctx, hid, "updates")
		if err != nil || st.Cursor != "50" || st.Errors != 0 {
			t.Errorf("stream = %+v, %v", st, err)
		}
		h, _ := r.st.Handle(ctx, hid)
		if h.SyncState != inbox.SyncOK || h.LastSyncAt.IsZero() {
			t.Errorf("handle health = %s, last sync %v", h.SyncState, h.LastSyncAt)
		}
	}
	// A second sync from the stored cursor fetches once and changes nothing.
	before := n.fetchCount()
	if err := r.eng.SyncOnce(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if c, m := r.count(t); c != 10 || m != 50 || n.fetchCount() != before+1 {
		t.Errorf("re-sync: %d / %d, fetches %d → %d", c, m, before, n.fetchCount())
	}
}

func TestRateLimitedHandleDoesNotStopOthers(t *testing.T) {
	limited := &fakeNet{total: 10, perConv: 2, pageSize: 5}
	healthy := &fakeNet{total: 10, perConv: 2, pageSize: 5}
	retry := time.Now().Add(10 * time.Minute)
	limited.setFail(connector.Limited(retry, nil, "Telegram asked us to slow down"))
	r := newRig(t, filepath.Join(t.TempDir(), "e.db"), limited, healthy)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- r.eng.Run(ctx) }()
	r.eng.Wake()
	deadline := time.Now().Add(5 * time.Second)
	var limitedID, healthyID int64
	for id, n := range r.nets {
		if n == limited {
			limitedID = id
		} else {
			healthyID = id
		}
	}
	for time.Now().Before(deadline) {
		hl, _ := r.st.Handle(ctx, limitedID)
		hh, _ := r.st.Handle(ctx, healthyID)
		if hl.SyncState == inbox.SyncRateLimited && hh.SyncState == inbox.SyncOK {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	// Give the scheduler time to (wrongly) retry the limited handle.
	time.Sleep(300 * time.Millisecond)
	cancel()
	<-done
	hl, _ := r.st.Handle(context.Background(), limitedID)
	hh, _ := r.st.Handle(context.Background(), healthyID)
	if hl.SyncState != inbox.SyncRateLimited || hl.SyncError == "" {
		t.Errorf("limited handle = %s %q", hl.SyncState, hl.SyncError)
	}
	if hh.SyncState != inbox.SyncOK {
		t.Errorf("healthy handle = %s %q", hh.SyncState, hh.SyncError)
	}
	if f := limited.fetchCount(); f != 1 {
		t.Errorf("rate-limited network was asked %d times before its retry time", f)
	}
	st, _ := r.st.Stream(context.Background(), limitedID, "updates")
	if st.NextRunAt.Before(retry) {
		t.Errorf("next run %v is before the network's retry time %v", st.NextRunAt, retry)
	}
	if _, m := r.count(t); m != 10 {
		t.Errorf("healthy handle synced %d messages, want 10", m)
	}
}

func TestFailuresAreClassifiedOnTheHandle(t *testing.T) {
	tests := []struct {
		err   error
		state inbox.SyncState
	}{
		{connector.Errorf(connector.AuthNeeded, nil, "the bot token was revoked"), inbox.SyncAuthNeeded},
		{connector.Errorf(connector.Permanent, nil, "forbidden"), inbox.SyncError},
		{errors.New("connection reset by peer"), inbox.SyncError},
	}
	for _, tt := range tests {
		n := &fakeNet{total: 4, perConv: 2, pageSize: 4}
		n.setFail(tt.err)
		r := newRig(t, filepath.Join(t.TempDir(), "e.db"), n)
		_ = r.eng.SyncOnce(context.Background(), 0)
		for id := range r.nets {
			h, _ := r.st.Handle(context.Background(), id)
			st, _ := r.st.Stream(context.Background(), id, "updates")
			if h.SyncState != tt.state || h.SyncError == "" || !st.NextRunAt.After(time.Now()) {
				t.Errorf("%v: handle %s %q, next run %v", tt.err, h.SyncState, h.SyncError, st.NextRunAt)
			}
		}
	}
}

func TestBackoffGrowsWithJitter(t *testing.T) {
	prev := time.Duration(0)
	for f := 1; f <= 12; f++ {
		d := backoff(f)
		if d <= 0 || d > 36*time.Minute {
			t.Fatalf("backoff(%d) = %s", f, d)
		}
		if f <= 5 && d < prev/2 {
			t.Errorf("backoff(%d) = %s shrank from %s", f, d, prev)
		}
		prev = d
	}
}

// rotating is a connector whose token changes on every fetch.
type rotating struct {
	*fakeNet
	n int
}

func (r *rotating) Fetch(ctx context.Context, s, c string) (connector.Page, error) {
	r.n++
	return r.fakeNet.Fetch(ctx, s, c)
}

func (r *rotating) RefreshedSecrets() map[string]string {
	return map[string]string{"refresh_token": fmt.Sprintf("rt-%d", r.n)}
}

func TestRefreshedSecretsGoBackToTheKeychain(t *testing.T) {
	n := &fakeNet{total: 2, perConv: 1, pageSize: 10}
	r := newRig(t, filepath.Join(t.TempDir(), "e.db"), n)
	rot := &rotating{fakeNet: n}
	r.eng.cfg.Registry[inbox.NetworkTelegram] = func(connector.Config) (connector.Connector, error) { return rot, nil }
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		if err := r.eng.SyncOnce(ctx, 0); err != nil {
			t.Fatal(err)
		}
	}
	for id := range r.nets {
		raw, err := r.sec.Get(ctx, SecretKey(id))
		if err != nil || !strings.Contains(raw, `"refresh_token":"rt-2"`) || !strings.Contains(raw, `"bot_token":"t"`) {
			t.Errorf("keychain entry = %s, %v", raw, err)
		}
	}
}

// A connector that panics costs its own handle a retry; the engine, the
// other handles and a later sync of the same handle carry on.
func TestPanicInOneHandleIsThatHandlesError(t *testing.T) {
	broken := &fakeNet{total: 4, perConv: 2, pageSize: 4, panics: "index out of range [7] with length 3"}
	healthy := &fakeNet{total: 6, perConv: 2, pageSize: 3}
	r := newRig(t, filepath.Join(t.TempDir(), "e.db"), broken, healthy)
	var brokenID, healthyID int64
	for id, n := range r.nets {
		if n == broken {
			brokenID = id
		} else {
			healthyID = id
		}
	}
	if err := r.eng.SyncOnce(context.Background(), 0); err == nil || !strings.Contains(err.Error(), "internal error") {
		t.Errorf("SyncOnce = %v, want the broken handle's internal error", err)
	}
	hb, _ := r.st.Handle(context.Background(), brokenID)
	hh, _ := r.st.Handle(context.Background(), healthyID)
	if hb.SyncState != inbox.SyncError || hb.SyncError != panicMessage {
		t.Errorf("broken handle = %s %q", hb.SyncState, hb.SyncError)
	}
	if hh.SyncState != inbox.SyncOK {
		t.Errorf("healthy handle = %s %q", hh.SyncState, hh.SyncError)
	}
	st, _ := r.st.Stream(context.Background(), brokenID, "updates")
	if !st.NextRunAt.After(time.Now()) || st.Errors == 0 {
		t.Errorf("broken stream not backed off: next %v, errors %d", st.NextRunAt, st.Errors)
	}
	if _, m := r.count(t); m != 6 {
		t.Errorf("%d messages synced, want the healthy handle's 6", m)
	}

	// Fixed (a new version, or the bad update gone): the same engine syncs it.
	broken.mu.Lock()
	broken.panics = ""
	broken.mu.Unlock()
	if err := r.eng.SyncOnce(context.Background(), brokenID); err != nil {
		t.Fatalf("SyncOnce after the fix = %v", err)
	}
	if _, m := r.count(t); m != 10 {
		t.Errorf("%d messages after the fix, want 10", m)
	}
}

// fullDisk is the store with a full disk: every page commit fails as the
// SQLite store reports it.
type fullDisk struct{ *store.Store }

func (fullDisk) CommitPage(context.Context, int64, string, string, []store.IncomingConversation, []store.Undelivered, time.Time, time.Time) (store.IngestResult, error) {
	return store.IngestResult{}, fmt.Errorf("ingest: %w: database or disk is full", store.ErrDiskFull)
}

func TestFullDiskIsSaidInPlainWords(t *testing.T) {
	n := &fakeNet{total: 2, perConv: 1, pageSize: 2}
	r := newRig(t, filepath.Join(t.TempDir(), "e.db"), n)
	cfg := r.eng.cfg
	cfg.Store = fullDisk{r.st}
	r.eng = New(cfg)
	_ = r.eng.SyncOnce(context.Background(), 0)
	for id := range r.nets {
		h, _ := r.st.Handle(context.Background(), id)
		if h.SyncState != inbox.SyncError || !strings.Contains(h.SyncError, "disk is full") {
			t.Errorf("handle = %s %q, want the full disk named", h.SyncState, h.SyncError)
		}
	}
}

// noChat is a network whose second stream the account cannot use.
type noChat struct{ *fakeNet }

func (n noChat) Streams() []string { return []string{"updates", "chat"} }

func (n noChat) Fetch(ctx context.Context, stream, cursor string) (connector.Page, error) {
	if stream == "chat" {
		return connector.Page{Cursor: cursor, Unavailable: "Direct messages need an app password with DM access."}, nil
	}
	return n.fakeNet.Fetch(ctx, stream, cursor)
}

// A stream the account cannot use is a note on a working handle, not a
// failure: the other stream syncs, sync --once succeeds, the note rests.
func TestUnavailableStreamIsANote(t *testing.T) {
	n := &fakeNet{total: 4, perConv: 2, pageSize: 4}
	r := newRig(t, filepath.Join(t.TempDir(), "e.db"), n)
	r.eng.cfg.Registry[inbox.NetworkTelegram] = func(connector.Config) (connector.Connector, error) { return noChat{n}, nil }
	if err := r.eng.SyncOnce(context.Background(), 0); err != nil {
		t.Fatalf("SyncOnce = %v, want success with a note", err)
	}
	for id := range r.nets {
		h, _ := r.st.Handle(context.Background(), id)
		if h.SyncState != inbox.SyncOK || !strings.Contains(h.SyncError, "DM access") {
			t.Errorf("handle = %s %q, want ok with the note", h.SyncState, h.SyncError)
		}
		st, _ := r.st.Stream(context.Background(), id, "chat")
		if st.Errors != 0 || st.NextRunAt.Before(time.Now().Add(time.Hour)) {
			t.Errorf("chat stream: %d errors, next run %v; want no failure and a long rest", st.Errors, st.NextRunAt)
		}
	}
	if _, m := r.count(t); m != 4 {
		t.Errorf("%d messages, want the updates stream's 4", m)
	}
	// The next poll runs only the updates stream: the note stays on the handle.
	for id := range r.nets {
		st, _ := r.st.Stream(context.Background(), id, "updates")
		r.eng.syncHandleSafely(context.Background(), id, []store.StreamState{st})
		if h, _ := r.st.Handle(context.Background(), id); h.SyncState != inbox.SyncOK || !strings.Contains(h.SyncError, "DM access") {
			t.Errorf("after a poll of the other stream: %s %q", h.SyncState, h.SyncError)
		}
	}
}
