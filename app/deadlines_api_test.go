package app

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"careinbox/backend/deadline/tracker"
	"careinbox/backend/inbox"
	"careinbox/backend/notify"
	"careinbox/backend/store"
)

func TestDeadlinesAPI(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 11, 23, 10, 21, 0, 0, time.UTC)
	notices := notify.NewAnnouncer(notify.AnnouncerConfig{Store: st, Notifier: &notify.Recorder{}, Local: time.UTC, StaleAfter: 15 * time.Minute})
	svc := tracker.New(tracker.Config{Store: st, Announcer: notices, Now: func() time.Time { return now }, Local: time.UTC,
		StaleAfter: 15 * time.Minute})
	a := New(Config{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Deadlines: svc, Notices: notices})

	c, _ := st.CreateClient(ctx, inbox.Client{Name: "Bakery", TimeZone: "UTC"})
	h, _ := st.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: inbox.NetworkInstagram, RemoteAccountID: "a", DisplayName: "@bakery"})
	if err := st.SetHandleSync(ctx, h.ID, inbox.SyncOK, "", now.Add(-20*time.Minute)); err != nil {
		t.Fatal(err)
	}
	cust := inbox.Participant{Network: inbox.NetworkInstagram, RemoteID: "u", DisplayName: "Ann"}
	if _, err := st.Ingest(ctx, h.ID, []store.IncomingConversation{{RemoteID: "t", Kind: inbox.KindPrivate, Customer: cust,
		Messages: []store.IncomingMessage{{RemoteID: "m", Direction: inbox.Inbound, Author: cust, Text: "hi", SentAt: now.Add(-21 * time.Minute)}}}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := svc.RecomputeAll(ctx, 0); err != nil {
		t.Fatal(err)
	}

	page, err := a.Inbox.ListConversations(FilterDTO{}, 0, 10)
	if err != nil || len(page.Items) != 1 {
		t.Fatal(page, err)
	}
	d := page.Items[0].Deadline
	if d == nil || d.State != "imminent" || d.WindowAt != now.Add(-21*time.Minute+24*time.Hour).UnixMilli() || !d.Uncertain ||
		d.DataAsOf != now.Add(-20*time.Minute).UnixMilli() {
		t.Fatalf("deadline = %+v", d)
	}
	raw, _ := json.Marshal(page.Items[0])
	if !strings.Contains(string(raw), `"deadline":{"clock":"response"`) {
		t.Errorf("JSON = %s", raw)
	}
	due, err := a.Deadlines.DueSoon(15)
	if err != nil || len(due) != 1 || due[0].Deadline == nil {
		t.Errorf("due soon = %+v, %v", due, err)
	}

	s, err := a.Deadlines.Settings(c.ID)
	if err != nil || !s.CalendarDefault || len(s.Calendar.Weekly) != 7 || s.Calendar.Weekly[1][0] != (RangeDTO{540, 1020}) {
		t.Fatalf("settings = %+v, %v", s, err)
	}
	cal := s.Calendar
	cal.AlwaysOpen = true
	pv, err := a.Deadlines.PreviewCalendar(c.ID, 0, cal)
	if err != nil || pv.Total != 0 { // 10:00 on a Monday is open either way
		t.Errorf("preview = %+v, %v", pv, err)
	}
	bad := s.Calendar
	bad.Weekly = [][]RangeDTO{{}, {}, {}, {}, {}, {}, {}}
	if err := a.Deadlines.SaveCalendar(c.ID, 0, bad); err == nil || !strings.Contains(FormatError(err).(string), `"code":"invalid"`) {
		t.Errorf("a never-open calendar saved: %v", err)
	}
	ics := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20261225\r\nSUMMARY:Xmas\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	imp, err := a.Deadlines.ImportICal("Europe/Berlin", ics)
	if err != nil || len(imp.Holidays) != 1 || imp.Holidays[0] != (HolidayDTO{"2026-12-25", "Xmas"}) {
		t.Errorf("import = %+v, %v", imp, err)
	}
	// An event that cannot be read is named with its line; the rest imports.
	withBad := strings.Replace(ics, "END:VCALENDAR", "BEGIN:VEVENT\r\nUID:2\r\nSUMMARY:Boxing Day\r\nDTSTART;VALUE=DATE:2026-12-26\r\nEND:VEVENT\r\nEND:VCALENDAR", 1)
	imp, err = a.Deadlines.ImportICal("Europe/Berlin", withBad)
	if err != nil || len(imp.Holidays) != 1 || len(imp.Rejected) != 1 || !strings.Contains(imp.Rejected[0], "Boxing Day") || !strings.Contains(imp.Rejected[0], "line 13") {
		t.Errorf("import with a bad event = %+v, %v", imp, err)
	}
	if err := a.Deadlines.SetQuietHours(QuietHoursDTO{Enabled: true, StartMin: 1320, EndMin: 420}); err != nil {
		t.Fatal(err)
	}
	if q, _ := a.Deadlines.QuietHours(); !q.Enabled || q.EndMin != 420 {
		t.Errorf("quiet hours = %+v", q)
	}
	evs, err := a.Deadlines.Events(page.Items[0].ID)
	if err != nil || len(evs) != 1 || evs[0].Event != "imminent" {
		t.Errorf("events = %+v, %v", evs, err)
	}
}

// TestDeadlinesAPIScopes edits a handle's calendar and a handle's (and a
// channel kind's) policy, previews them and removes the overrides again.
func TestDeadlinesAPIScopes(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 11, 23, 10, 21, 0, 0, time.UTC) // a Monday
	notices := notify.NewAnnouncer(notify.AnnouncerConfig{Store: st, Notifier: &notify.Recorder{}, Local: time.UTC, StaleAfter: 15 * time.Minute})
	svc := tracker.New(tracker.Config{Store: st, Announcer: notices, Now: func() time.Time { return now }, Local: time.UTC,
		StaleAfter: 15 * time.Minute})
	a := New(Config{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Deadlines: svc, Notices: notices})

	c, _ := st.CreateClient(ctx, inbox.Client{Name: "Bakery", TimeZone: "UTC"})
	h, _ := st.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: inbox.NetworkInstagram, RemoteAccountID: "a", DisplayName: "@bakery"})
	h2, _ := st.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: inbox.NetworkInstagram, RemoteAccountID: "b", DisplayName: "@cafe"})
	cust := inbox.Participant{Network: inbox.NetworkInstagram, RemoteID: "u", DisplayName: "Ann"}
	if _, err := st.Ingest(ctx, h.ID, []store.IncomingConversation{{RemoteID: "t", Kind: inbox.KindPrivate, Customer: cust,
		Messages: []store.IncomingMessage{{RemoteID: "m", Direction: inbox.Inbound, Author: cust, Text: "hi", SentAt: now.Add(-5 * time.Minute)}}}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := svc.RecomputeAll(ctx, 0); err != nil {
		t.Fatal(err)
	}
	internalAt := func() int64 {
		t.Helper()
		page, err := a.Inbox.ListConversations(FilterDTO{}, 0, 10)
		if err != nil || len(page.Items) != 1 || page.Items[0].Deadline == nil {
			t.Fatalf("inbox = %+v, %v", page, err)
		}
		return page.Items[0].Deadline.InternalAt
	}
	base := now.Add(-5 * time.Minute)
	if got := internalAt(); got != base.Add(30*time.Minute).UnixMilli() {
		t.Fatalf("default internal = %v", time.UnixMilli(got).UTC())
	}

	s, _ := a.Deadlines.Settings(c.ID)
	if len(s.HandleCalendars) != 0 || len(s.Narrowed) != 0 {
		t.Fatalf("fresh settings = %+v", s)
	}
	pol := s.Policy
	pol.FirstResponse.InternalMin = 15

	// A policy for the other handle or for public threads moves nothing here.
	for _, sc := range []struct {
		handle int64
		kind   string
		moves  int
	}{{h2.ID, "", 0}, {0, "public", 0}, {h.ID, "", 1}, {h.ID, "private", 1}, {0, "private", 1}} {
		pv, err := a.Deadlines.PreviewPolicy(c.ID, sc.handle, sc.kind, pol)
		if err != nil || pv.Total != sc.moves {
			t.Errorf("preview policy handle %d kind %q = %+v, %v; want %d moves", sc.handle, sc.kind, pv, err, sc.moves)
		}
		if sc.moves == 1 && (pv.Moves[0].NewInternal != base.Add(15*time.Minute).UnixMilli() || pv.Moves[0].HandleName != "@bakery") {
			t.Errorf("move = %+v", pv.Moves[0])
		}
	}
	if _, err := a.Deadlines.PreviewPolicy(c.ID, h.ID, "fax", pol); err == nil {
		t.Error("an unknown channel kind previewed")
	}
	if err := a.Deadlines.SavePolicy(c.ID, h.ID, "private", pol); err != nil {
		t.Fatal(err)
	}
	if got := internalAt(); got != base.Add(15*time.Minute).UnixMilli() {
		t.Errorf("internal after the handle+kind policy = %v", time.UnixMilli(got).UTC())
	}
	s, _ = a.Deadlines.Settings(c.ID)
	if !s.PolicyDefault || len(s.Narrowed) != 1 || s.Narrowed[0].HandleID != h.ID || s.Narrowed[0].Kind != "private" ||
		s.Narrowed[0].Policy.FirstResponse.InternalMin != 15 {
		t.Errorf("narrowed = %+v (client default %v)", s.Narrowed, s.PolicyDefault)
	}
	if err := a.Deadlines.DeletePolicy(c.ID, h.ID, "private"); err != nil {
		t.Fatal(err)
	}
	if got := internalAt(); got != base.Add(30*time.Minute).UnixMilli() {
		t.Errorf("internal after removing the override = %v", time.UnixMilli(got).UTC())
	}
	if s, _ = a.Deadlines.Settings(c.ID); len(s.Narrowed) != 0 {
		t.Errorf("narrowed after delete = %+v", s.Narrowed)
	}

	// A handle calendar that opens at 12:00 moves the clock of that handle only.
	cal := s.Calendar
	cal.Weekly[1] = []RangeDTO{{720, 1020}}
	if pv, err := a.Deadlines.PreviewCalendar(c.ID, h2.ID, cal); err != nil || pv.Total != 0 {
		t.Errorf("preview other handle calendar = %+v, %v", pv, err)
	}
	pv, err := a.Deadlines.PreviewCalendar(c.ID, h.ID, cal)
	if err != nil || pv.Total != 1 || pv.Moves[0].NewInternal != time.Date(2026, 11, 23, 12, 30, 0, 0, time.UTC).UnixMilli() {
		t.Errorf("preview handle calendar = %+v, %v", pv, err)
	}
	if err := a.Deadlines.SaveCalendar(c.ID, h.ID, cal); err != nil {
		t.Fatal(err)
	}
	s, _ = a.Deadlines.Settings(c.ID)
	if !s.CalendarDefault || len(s.HandleCalendars) != 1 || s.HandleCalendars[0].HandleID != h.ID ||
		s.HandleCalendars[0].Calendar.Weekly[1][0] != (RangeDTO{720, 1020}) {
		t.Errorf("handle calendars = %+v", s.HandleCalendars)
	}
	if got := internalAt(); got != time.Date(2026, 11, 23, 12, 30, 0, 0, time.UTC).UnixMilli() {
		t.Errorf("internal with the handle calendar = %v", time.UnixMilli(got).UTC())
	}
	if err := a.Deadlines.DeleteCalendar(c.ID, h.ID); err != nil {
		t.Fatal(err)
	}
	if s, _ = a.Deadlines.Settings(c.ID); len(s.HandleCalendars) != 0 {
		t.Errorf("handle calendars after delete = %+v", s.HandleCalendars)
	}
	if got := internalAt(); got != base.Add(30*time.Minute).UnixMilli() {
		t.Errorf("internal after removing the handle calendar = %v", time.UnixMilli(got).UTC())
	}
}
