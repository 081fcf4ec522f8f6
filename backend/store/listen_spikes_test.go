package store

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"careinbox/backend/inbox"
)

// A claimed spike keeps what its notification said and whether it reached
// the desktop: undelivered ones are listed to be sent again until they
// are, every one is listed for its client's Listening view, and a spike of
// a deleted search is not.
func TestListenSpikesKeepTheirNotification(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	h := fixture(t, s, inbox.NetworkMastodon)
	other, err := s.CreateClient(ctx, inbox.Client{Name: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 4, 10, 20, 0, 0, time.UTC)
	hour := now.Truncate(time.Hour)
	mine, err := s.SaveListenSearch(ctx, ListenSearch{ClientID: h.ClientID, Name: "acme", Terms: []string{"acme"}, CreatedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := s.SaveListenSearch(ctx, ListenSearch{ClientID: other.ID, Name: "zeta", Terms: []string{"zeta"}, CreatedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	claim := func(scope, metric string, at time.Time) {
		t.Helper()
		if ok, err := s.ClaimListenSpike(ctx, scope, metric, at, 30, 4, now); err != nil || !ok {
			t.Fatalf("claim %s %s: %v, %v", scope, metric, ok, err)
		}
	}
	claim(searchScope(mine), "volume", hour)
	claim(searchScope(mine), "negative", hour)
	claim(searchScope(theirs), "volume", hour)
	claim("handle:"+strconv.FormatInt(h.ID, 10), "volume", hour.Add(-time.Hour))
	if ok, _ := s.ClaimListenSpike(ctx, searchScope(mine), "volume", hour, 31, 4, now); ok {
		t.Fatal("a spike was claimed twice")
	}

	// Composed and sent: one reached the desktop, two did not; one is not
	// composed yet (a crash between claim and send), so it is not resent.
	sent := func(scope, metric string, at time.Time, delivered bool) {
		t.Helper()
		sp := ListenSpike{Scope: scope, Metric: metric, Hour: at, Title: "Talk about " + scope, Body: "30 in the hour", View: "listening"}
		if delivered {
			sp.DeliveredAt = now
		}
		if err := s.ListenSpikeSent(ctx, sp); err != nil {
			t.Fatal(err)
		}
	}
	sent(searchScope(mine), "volume", hour, false)
	sent(searchScope(mine), "negative", hour, true)
	sent(searchScope(theirs), "volume", hour, false)

	undelivered, err := s.UndeliveredListenSpikes(ctx, hour.Add(-2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(undelivered) != 2 || undelivered[0].Title == "" || undelivered[0].View != "listening" {
		t.Fatalf("undelivered = %+v, want the two composed and not delivered", undelivered)
	}
	if later, _ := s.UndeliveredListenSpikes(ctx, hour.Add(time.Hour)); len(later) != 0 {
		t.Errorf("undelivered since a later hour = %+v, want none", later)
	}
	sent(searchScope(theirs), "volume", hour, true)
	if undelivered, _ = s.UndeliveredListenSpikes(ctx, hour.Add(-2*time.Hour)); len(undelivered) != 1 ||
		undelivered[0].Scope != searchScope(mine) || undelivered[0].Metric != "volume" {
		t.Fatalf("undelivered after one was delivered = %+v", undelivered)
	}

	spikes, err := s.ListenSpikes(ctx, h.ClientID, hour.Add(-2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(spikes) != 3 {
		t.Fatalf("client's spikes = %+v, want its search's two and its handle's one", spikes)
	}
	first := spikes[0]
	if first.SearchID != mine || first.Name != "acme" || first.ClientID != h.ClientID || !first.Hour.Equal(hour) ||
		first.Count != 30 || first.Baseline != 4 {
		t.Errorf("newest spike = %+v", first)
	}
	if last := spikes[2]; last.HandleID != h.ID || last.SearchID != 0 || last.Name == "" || last.Title != "" {
		t.Errorf("the handle's spike = %+v, want its handle, its name and no notification text yet", last)
	}
	if all, _ := s.ListenSpikes(ctx, 0, hour.Add(-2*time.Hour)); len(all) != 4 {
		t.Errorf("every client's spikes = %d, want 4", len(all))
	}
	if err := s.DeleteListenSearch(ctx, theirs); err != nil {
		t.Fatal(err)
	}
	if all, _ := s.ListenSpikes(ctx, 0, hour.Add(-2*time.Hour)); len(all) != 3 {
		t.Errorf("spikes after a search was deleted = %d, want 3", len(all))
	}
}

func searchScope(id int64) string { return "search:" + strconv.FormatInt(id, 10) }

// Spikes claimed before migration 21 were notified once, the old way: they
// count as delivered and are never sent again.
func TestSpikesBeforeDeliveryWasKeptCountAsDelivered(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	h := fixture(t, s, inbox.NetworkMastodon)
	for _, q := range []string{
		"DROP INDEX listen_spikes_hour", "ALTER TABLE listen_spikes DROP COLUMN title", "ALTER TABLE listen_spikes DROP COLUMN body",
		"ALTER TABLE listen_spikes DROP COLUMN view", "ALTER TABLE listen_spikes DROP COLUMN delivered_at",
		"DELETE FROM schema_migrations WHERE version = 21",
	} {
		if _, err := s.w.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	hour := time.Now().Truncate(time.Hour)
	scope := "handle:" + strconv.FormatInt(h.ID, 10)
	if _, err := s.w.Exec(`INSERT INTO listen_spikes(scope, metric, hour, count, baseline, notified_at) VALUES (?, 'volume', ?, 20, 3, ?)`,
		scope, hour.UnixMilli(), hour.Add(time.Minute).UnixMilli()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if due, err := s.UndeliveredListenSpikes(ctx, hour.Add(-time.Hour)); err != nil || len(due) != 0 {
		t.Errorf("undelivered after the migration = %+v, %v; want none", due, err)
	}
	spikes, err := s.ListenSpikes(ctx, h.ClientID, hour.Add(-time.Hour))
	if err != nil || len(spikes) != 1 || !spikes[0].DeliveredAt.Equal(hour.Add(time.Minute)) {
		t.Errorf("spikes after the migration = %+v, %v; want the old one, delivered when notified", spikes, err)
	}
}
