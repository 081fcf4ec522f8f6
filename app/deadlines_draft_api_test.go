package app

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"careinbox/backend/deadline/tracker"
	"careinbox/backend/inbox"
	"careinbox/backend/notify"
	"careinbox/backend/store"
)

// TestPreviewSettingsFollowsTheScreen replays the steps: untick
// 24/7, enter hours, tick business hours — the preview must see the unsaved
// hours and the targets together, and after a save measure from what was saved.
func TestPreviewSettingsFollowsTheScreen(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC) // a Saturday
	notices := notify.NewAnnouncer(notify.AnnouncerConfig{Store: st, Notifier: &notify.Recorder{}, Local: time.UTC})
	svc := tracker.New(tracker.Config{Store: st, Announcer: notices, Now: func() time.Time { return now }, Local: time.UTC})
	a := New(Config{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Deadlines: svc, Notices: notices})
	c, _ := st.CreateClient(ctx, inbox.Client{Name: "Bakery", TimeZone: "UTC"})
	h, _ := st.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: inbox.NetworkEmail, RemoteAccountID: "a", DisplayName: "support@"})
	cust := inbox.Participant{Network: inbox.NetworkEmail, RemoteID: "ann@example.com", DisplayName: "Ann"}
	if _, err := st.Ingest(ctx, h.ID, []store.IncomingConversation{{RemoteID: "t", Kind: inbox.KindEmail, Customer: cust,
		Messages: []store.IncomingMessage{{RemoteID: "m", Direction: inbox.Inbound, Author: cust, Text: "hi", SentAt: now}}}}, nil); err != nil {
		t.Fatal(err)
	}
	s, _ := a.Deadlines.Settings(c.ID)
	allDay := s.Calendar
	allDay.AlwaysOpen = true
	pol := s.Policy
	pol.FirstResponse.BusinessHours = false
	if err := a.Deadlines.SaveSettings(c.ID, SettingsDraftDTO{Calendar: &allDay, Policy: &pol}); err != nil {
		t.Fatal(err)
	}
	ms := func(d time.Time) int64 { return d.UnixMilli() }
	monday := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)

	hours := s.Calendar // Mon–Fri 9–17, AlwaysOpen off
	business := pol
	business.FirstResponse.BusinessHours = true
	for _, tc := range []struct {
		name  string
		draft SettingsDraftDTO
		moves int
		due   int64
	}{
		{"hours, targets in clock time", SettingsDraftDTO{Calendar: &hours}, 0, 0},
		{"hours and business-hours targets", SettingsDraftDTO{Calendar: &hours, Policy: &business}, 1, ms(monday.Add(9*time.Hour + 30*time.Minute))},
		{"business hours, stored 24/7", SettingsDraftDTO{Policy: &business}, 0, 0},
	} {
		pv, err := a.Deadlines.PreviewSettings(c.ID, tc.draft)
		if err != nil || pv.Total != tc.moves || (tc.moves > 0 && pv.Moves[0].NewInternal != tc.due) {
			t.Errorf("%s: preview = %+v, %v; want %d moves due %d", tc.name, pv, err, tc.moves, tc.due)
		}
	}
	if err := a.Deadlines.SaveSettings(c.ID, SettingsDraftDTO{Calendar: &hours}); err != nil {
		t.Fatal(err)
	}
	// Saved hours are the new "before": ticking business hours now moves it.
	pv, err := a.Deadlines.PreviewSettings(c.ID, SettingsDraftDTO{Policy: &business})
	if err != nil || pv.Total != 1 || pv.Moves[0].OldInternal != ms(now.Add(30*time.Minute)) || pv.Moves[0].NewInternal != ms(monday.Add(9*time.Hour+30*time.Minute)) {
		t.Errorf("preview after saving the hours = %+v, %v", pv, err)
	}
	if _, err := a.Deadlines.PreviewSettings(c.ID, SettingsDraftDTO{Calendar: &CalendarDTO{Weekly: [][]RangeDTO{{}}}}); err == nil {
		t.Error("a calendar without seven days previewed")
	}
}
