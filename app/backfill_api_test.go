package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"careinbox/backend/engine"
	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

func TestSummarizeBackfill(t *testing.T) {
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		rows     []store.Backfill
		state    string
		progress float64
		total    int
		oldest   int64
	}{
		{"never started", nil, "none", -1, 0, 0},
		{"a mailbox with a count", []store.Backfill{{State: store.BackfillRunning, Total: 400, Progress: 0.25, Messages: 100, OldestAt: day}},
			"running", 0.25, 400, day.UnixMilli()},
		{"a stream without a total: no estimate", []store.Backfill{
			{State: store.BackfillRunning, Messages: 80, OldestAt: day},
			{State: store.BackfillDone, Messages: 5, OldestAt: day.AddDate(0, 0, -3)}}, "running", -1, 0, day.AddDate(0, 0, -3).UnixMilli()},
		{"paused beats done", []store.Backfill{{State: store.BackfillDone}, {State: store.BackfillPaused}}, "paused", -1, 0, 0},
		{"all done", []store.Backfill{{State: store.BackfillDone}, {State: store.BackfillDone}}, "done", 1, 0, 0},
		{"stopped", []store.Backfill{{State: store.BackfillStopped, Total: 10, Progress: 0.5}}, "stopped", 0.5, 10, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := summarize(BackfillDTO{State: "none", Progress: -1}, tc.rows)
			if got.State != tc.state || got.Progress != tc.progress || got.Total != tc.total || got.OldestAt != tc.oldest {
				t.Errorf("got %+v, want state %s progress %v total %d oldest %d", got, tc.state, tc.progress, tc.total, tc.oldest)
			}
		})
	}
}

type fakeBackfillEngine struct {
	can   bool
	until time.Time
	state store.BackfillState
}

func (f *fakeBackfillEngine) CanBackfill(context.Context, int64) (bool, error) { return f.can, nil }
func (f *fakeBackfillEngine) StartBackfill(_ context.Context, _ int64, until time.Time) error {
	if !f.can {
		return engine.ErrNoHistory
	}
	f.until = until
	return nil
}
func (f *fakeBackfillEngine) SetBackfill(_ context.Context, _ int64, s store.BackfillState) error {
	f.state = s
	return nil
}

type fakeBackfillStore struct{ network inbox.Network }

func (f fakeBackfillStore) Handle(context.Context, int64) (inbox.Handle, error) {
	return inbox.Handle{Network: f.network}, nil
}
func (fakeBackfillStore) Backfills(context.Context, int64) ([]store.Backfill, error) { return nil, nil }
func (fakeBackfillStore) BackfilledConversations(context.Context, int64) (int, error) {
	return 0, nil
}

func TestBackfillAPI(t *testing.T) {
	bg := func() context.Context { return context.Background() }
	tg := &BackfillAPI{ctx: bg, store: fakeBackfillStore{inbox.NetworkTelegram}, engine: &fakeBackfillEngine{}}
	if s, err := tg.Status(1); err != nil || s.Available || !strings.Contains(s.Note, "Telegram gives bots no message history") {
		t.Errorf("telegram status %+v, %v", s, err)
	}
	if _, err := tg.Start(1, ""); err == nil || !strings.Contains(err.Error(), "no older history") {
		t.Errorf("a telegram backfill started: %v", err)
	}
	eng := &fakeBackfillEngine{can: true}
	mail := &BackfillAPI{ctx: bg, store: fakeBackfillStore{inbox.NetworkEmail}, engine: eng}
	for _, tc := range []struct {
		until string
		want  time.Time
		bad   bool
	}{
		{"", time.Time{}, false},
		{"2024-05-01", time.Date(2024, 5, 1, 0, 0, 0, 0, time.Local), false},
		{"01/05/2024", time.Time{}, true},
	} {
		_, err := mail.Start(1, tc.until)
		if (err != nil) != tc.bad || !tc.bad && !eng.until.Equal(tc.want) {
			t.Errorf("Start(%q): cap %v, err %v; want %v (bad %v)", tc.until, eng.until, err, tc.want, tc.bad)
		}
	}
	for _, tc := range []struct {
		fn   func(int64) (BackfillDTO, error)
		want store.BackfillState
	}{{mail.Pause, store.BackfillPaused}, {mail.Resume, store.BackfillRunning}, {mail.Stop, store.BackfillStopped}} {
		if _, err := tc.fn(1); err != nil || eng.state != tc.want {
			t.Errorf("state %s, want %s (%v)", eng.state, tc.want, err)
		}
	}
	if s, _ := (&BackfillAPI{ctx: bg, store: fakeBackfillStore{inbox.NetworkEmail}}).Status(1); s.Available || s.Note == "" {
		t.Errorf("without an engine: %+v", s)
	}
}
