package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"careinbox/backend/inbox"
)

// A handle's listening rows wait while the handle is paused or its sync
// backs off (retry_at), and NextListenRun says so; a feed's rows depend on
// no handle.
func TestListenQueueHoldsBackingOffHandles(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	h := fixture(t, s, inbox.NetworkMastodon)
	now := time.Now().Truncate(time.Millisecond)
	id, err := s.SaveListenSearch(ctx, ListenSearch{ClientID: h.ClientID, Name: "acme", Terms: []string{"acme"}, CreatedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetListenSources(ctx, id, []ListenSource{{Source: "handle:1", HandleID: h.ID}, {Source: "feed:f", FeedURL: "https://f.example/rss"}}, now); err != nil {
		t.Fatal(err)
	}
	sources := func() []string {
		due, err := s.DueListenSources(ctx, now, 10)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, d := range due {
			out = append(out, d.Source)
		}
		return out
	}
	later := now.Add(time.Hour)
	for _, tc := range []struct {
		name string
		prep string
		args []any
		want []string
		next time.Time
	}{
		{"a healthy handle", "UPDATE handles SET paused = 0, retry_at = 0", nil, []string{"feed:f", "handle:1"}, now},
		{"a handle backing off", "UPDATE handles SET paused = 0, retry_at = ?", []any{later.UnixMilli()}, []string{"feed:f"}, now},
		{"a paused handle", "UPDATE handles SET paused = 1, retry_at = 0", nil, []string{"feed:f"}, now},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.DB().ExecContext(ctx, tc.prep, tc.args...); err != nil {
				t.Fatal(err)
			}
			if got := sources(); fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("due = %v, want %v", got, tc.want)
			}
			if next, err := s.NextListenRun(ctx); err != nil || !next.Equal(tc.next) {
				t.Errorf("next = %v, %v; want %v", next, err, tc.next)
			}
		})
	}
	// With only the handle's row left, the next run is its retry time.
	if err := s.SetListenSources(ctx, id, []ListenSource{{Source: "handle:1", HandleID: h.ID}}, now); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().ExecContext(ctx, "UPDATE handles SET paused = 0, retry_at = ?", later.UnixMilli()); err != nil {
		t.Fatal(err)
	}
	if next, _ := s.NextListenRun(ctx); !next.Equal(later) {
		t.Errorf("next = %v, want the handle's retry time %v", next, later)
	}
	if _, err := s.DB().ExecContext(ctx, "UPDATE handles SET paused = 1"); err != nil {
		t.Fatal(err)
	}
	if next, _ := s.NextListenRun(ctx); !next.IsZero() {
		t.Errorf("next = %v for a paused handle's row, want none", next)
	}
}
