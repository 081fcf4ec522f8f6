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

	"careinbox/backend/inbox"
	"careinbox/backend/notify"
	"careinbox/backend/sla"
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
	svc := sla.New(sla.Config{Store: st, Notifier: &notify.Recorder{}, Now: func() time.Time { return now }, Local: time.UTC,
		StaleAfter: 15 * time.Minute})
	a := New(Config{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), SLA: svc})

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
	if err := a.Deadlines.SaveCalendar(c.ID, 0, bad); err == nil || !strings.Contains(err.Error(), `"code":"invalid"`) {
		t.Errorf("a never-open calendar saved: %v", err)
	}
	ics := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20261225\r\nSUMMARY:Xmas\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	imp, err := a.Deadlines.ImportICal("Europe/Berlin", ics)
	if err != nil || len(imp.Holidays) != 1 || imp.Holidays[0] != (HolidayDTO{"2026-12-25", "Xmas"}) {
		t.Errorf("import = %+v, %v", imp, err)
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
