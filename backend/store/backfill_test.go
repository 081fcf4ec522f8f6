package store

import (
	"context"
	"strconv"
	"testing"
	"time"

	"careinbox/backend/inbox"
)

func historyConv(id string, at time.Time) IncomingConversation {
	c := customer(id)
	return IncomingConversation{RemoteID: id, Kind: inbox.KindPrivate, Customer: c, Messages: []IncomingMessage{
		{RemoteID: id + "-m", Direction: inbox.Inbound, Author: c, Text: "old", SentAt: at}}}
}

// The on-connect rows are made once; a backfill page marks only the
// conversations it creates as history and moves its row in the same
// transaction; pause and a handle's back-off take rows out of the queue.
func TestBackfillQueue(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	h := fixture(t, s, inbox.NetworkMastodon)
	now := time.Now()
	if err := s.EnsureBackfills(ctx, h.ID, []string{"notifications", "conversations"}, t0, now); err != nil {
		t.Fatal(err)
	}
	if err := s.SetBackfillState(ctx, h.ID, BackfillStopped, now); err != nil {
		t.Fatal(err)
	}
	if err := s.EnsureBackfills(ctx, h.ID, []string{"notifications", "conversations"}, t0, now); err != nil {
		t.Fatal(err)
	}
	rows, _ := s.Backfills(ctx, h.ID)
	if len(rows) != 2 || rows[0].State != BackfillStopped || !rows[0].Until.Equal(t0) || rows[0].ConnectedAt.IsZero() {
		t.Fatalf("a second on-connect start changed the rows: %+v", rows)
	}
	if err := s.StartBackfill(ctx, h.ID, []string{"notifications", "conversations"}, time.Time{}, now); err != nil {
		t.Fatal(err)
	}
	due, err := s.DueBackfills(ctx, now, 10)
	if err != nil || len(due) != 2 || !due[0].Until.IsZero() {
		t.Fatalf("due after start: %+v, %v", due, err)
	}

	// Live sync stored "live" first; the page brings it again with "old".
	if _, err := s.Ingest(ctx, h.ID, []IncomingConversation{historyConv("live", t0)}, nil); err != nil {
		t.Fatal(err)
	}
	b := due[1] // notifications (rows are listed by stream)
	res, err := s.CommitBackfillPage(ctx, b, BackfillPage{Cursor: "c1", Total: 9, Progress: 0.5, OldestAt: t0.Add(-time.Hour), Next: now},
		[]IncomingConversation{historyConv("live", t0), historyConv("old", t0.Add(-time.Hour))}, now)
	if err != nil || res.NewMessages != 1 {
		t.Fatalf("commit: %+v, %v", res, err)
	}
	var live, old int64
	if err := s.DB().QueryRow("SELECT history_before FROM conversations WHERE remote_id = 'live'").Scan(&live); err != nil || live != 0 {
		t.Errorf("a live conversation was marked as history (%d, %v)", live, err)
	}
	if err := s.DB().QueryRow("SELECT history_before FROM conversations WHERE remote_id = 'old'").Scan(&old); err != nil || old != b.ConnectedAt.UnixMilli() {
		t.Errorf("the backfilled conversation's mark is %d, want the connect time %d (%v)", old, b.ConnectedAt.UnixMilli(), err)
	}
	rows, _ = s.Backfills(ctx, h.ID)
	if r := rows[1]; r.Cursor != "c1" || r.Messages != 1 || r.Total != 9 || r.Progress != 0.5 || !r.OldestAt.Equal(t0.Add(-time.Hour)) {
		t.Errorf("row after the page: %+v", r)
	}
	if n, _ := s.BackfilledConversations(ctx, h.ID); n != 1 {
		t.Errorf("%d backfilled conversations, want 1", n)
	}
	// History is stored resolved and read; the live conversation keeps its state.
	status := func(remote string) (st string, unread int) {
		t.Helper()
		if err := s.DB().QueryRow("SELECT status, unread FROM conversations WHERE remote_id = ?", remote).Scan(&st, &unread); err != nil {
			t.Fatal(err)
		}
		return st, unread
	}
	if st, unread := status("old"); st != string(inbox.StatusResolved) || unread != 0 {
		t.Errorf("the backfilled conversation is %s with %d unread, want resolved and read", st, unread)
	}
	if st, _ := status("live"); st != string(inbox.StatusOpen) {
		t.Errorf("the live conversation became %s", st)
	}
	// The customer writes again: live sync reopens it as usual.
	again := historyConv("old", now)
	again.Messages[0].RemoteID = "old-new"
	if _, err := s.Ingest(ctx, h.ID, []IncomingConversation{again}, nil); err != nil {
		t.Fatal(err)
	}
	if st, unread := status("old"); st != string(inbox.StatusOpen) || unread != 1 {
		t.Errorf("after the customer wrote again: %s with %d unread, want open with 1", st, unread)
	}

	// A paused backfill, a paused handle and a handle backing off wait.
	for _, tc := range []struct {
		name string
		prep string
	}{
		{"a paused handle", "UPDATE handles SET paused = 1"},
		{"a handle backing off", "UPDATE handles SET paused = 0, retry_at = " + strconv.FormatInt(now.Add(time.Hour).UnixMilli(), 10)},
	} {
		if _, err := s.DB().Exec(tc.prep); err != nil {
			t.Fatal(err)
		}
		if due, _ := s.DueBackfills(ctx, now, 10); len(due) != 0 {
			t.Errorf("%s: %d backfill rows due", tc.name, len(due))
		}
	}
	if next, _ := s.NextBackfillRun(ctx); !next.Equal(now.Add(time.Hour).Truncate(time.Millisecond)) {
		t.Errorf("next backfill run %v, want the handle's retry time", next)
	}
	if _, err := s.DB().Exec("UPDATE handles SET retry_at = 0"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetBackfillState(ctx, h.ID, BackfillPaused, now); err != nil {
		t.Fatal(err)
	}
	if due, _ := s.DueBackfills(ctx, now, 10); len(due) != 0 {
		t.Errorf("a paused backfill has %d rows due", len(due))
	}
	if err := s.SetBackfillState(ctx, h.ID, BackfillDone, now); err == nil {
		t.Error("a backfill was set to done by hand")
	}
}
