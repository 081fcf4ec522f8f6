package clientreport_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"careinbox/backend/clientreport"
	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
	"careinbox/backend/report"
	"careinbox/backend/store"
)

// TestBuilderOverAStore gathers a Doc from a real SQLite store: the client's
// policy and calendar as stored, described; the figures exactly those of the
// report service for the same days (what the screen shows).
func TestBuilderOverAStore(t *testing.T) {
	ctx := context.Background()
	berlin, _ := time.LoadLocation("Europe/Berlin")
	nov := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, berlin) }
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "docs.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	client, err := st.CreateClient(ctx, inbox.Client{Name: "Brightside Bakery", TimeZone: "Europe/Berlin"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateClient(ctx, inbox.Client{Name: "Other Co", TimeZone: "Europe/Berlin"}); err != nil {
		t.Fatal(err)
	}
	h, err := st.CreateHandle(ctx, inbox.Handle{ClientID: client.ID, Network: inbox.NetworkBluesky, RemoteAccountID: "acct",
		DisplayName: "Brightside", Username: "@brightside", SyncState: inbox.SyncOK})
	if err != nil {
		t.Fatal(err)
	}
	cal := deadline.DefaultCalendarSpec("Europe/Berlin")
	cal.Weekly[time.Saturday] = []deadline.RangeSpec{{Start: 10 * 60, End: 14 * 60}}
	cal.Holidays = []deadline.HolidaySpec{{Date: "2026-11-04", Name: "Bakers' day"}, {Date: "2026-12-25", Name: "Christmas"}}
	spec, _ := json.Marshal(cal)
	if err := st.SaveCalendarSpec(ctx, client.ID, 0, string(spec), nov(1, 0, 0)); err != nil {
		t.Fatal(err)
	}
	pol := deadline.DefaultPolicySpec()
	pol.Resolution = deadline.TargetSpec{InternalMin: 240, PublishedMin: 480, BusinessHours: false}
	spec, _ = json.Marshal(pol)
	if err := st.SavePolicySpec(ctx, client.ID, 0, "", string(spec), nov(1, 0, 0)); err != nil {
		t.Fatal(err)
	}
	private := deadline.DefaultPolicySpec()
	private.FirstResponse.PublishedMin, private.FirstResponse.InternalMin = 120, 45
	spec, _ = json.Marshal(private)
	if err := st.SavePolicySpec(ctx, client.ID, h.ID, string(inbox.KindPrivate), string(spec), nov(1, 0, 0)); err != nil {
		t.Fatal(err)
	}
	// A conversation from a hostile name: Mon 2 Nov 11:00, answered 12:30:
	// the 60-minute promise broken by 30 minutes.
	cust := inbox.Participant{Network: inbox.NetworkBluesky, RemoteID: "evil", DisplayName: `<img src=x onerror=alert(1)>`}
	for i, m := range []store.IncomingMessage{
		{RemoteID: "m1", Direction: inbox.Inbound, Author: cust, Text: "hello", SentAt: nov(2, 11, 0)},
		{RemoteID: "m2", Direction: inbox.Outbound, Text: "hi", SentAt: nov(2, 12, 30)},
	} {
		if _, err := st.Ingest(ctx, h.ID, []store.IncomingConversation{{RemoteID: "c1", Kind: inbox.KindPublic, Customer: cust,
			Messages: []store.IncomingMessage{m}}}, nil); err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
	}
	now := func() time.Time { return nov(10, 9, 0) }
	svc := report.New(st, berlin, now)
	b := clientreport.Builder{Reports: svc, Settings: st, Now: now}
	hour, half := time.Hour, 30*time.Minute
	for _, tc := range []struct {
		name     string
		sc       report.Scope
		client   string
		scope    string
		promise  []clientreport.Promise
		hours    []string
		closures []string
	}{
		{"client", report.Scope{ClientID: client.ID}, "Brightside Bakery", "", []clientreport.Promise{
			{Target: report.TargetFirst, Published: hour, Internal: half, BusinessHours: true},
			{Target: report.TargetNext, Published: hour, Internal: half, BusinessHours: true},
			{Target: report.TargetResolution, Published: 8 * hour, Internal: 4 * hour},
		}, []string{"Monday–Friday: 09:00–17:00", "Saturday: 10:00–14:00", "Sunday: closed"}, []string{"Wed 4 Nov 2026: closed (Bakers' day)"}},
		{"handle and kind", report.Scope{HandleID: h.ID, Kind: inbox.KindPrivate}, "Brightside Bakery", "Brightside (@brightside) on Bluesky · private messages",
			[]clientreport.Promise{
				{Target: report.TargetFirst, Published: 2 * hour, Internal: 45 * time.Minute, BusinessHours: true},
				{Target: report.TargetNext, Published: hour, Internal: half, BusinessHours: true},
				{Target: report.TargetResolution},
			}, []string{"Monday–Friday: 09:00–17:00", "Saturday: 10:00–14:00", "Sunday: closed"}, []string{"Wed 4 Nov 2026: closed (Bakers' day)"}},
		{"all clients", report.Scope{Network: inbox.NetworkBluesky}, "All clients", "Bluesky", nil, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := b.Doc(ctx, tc.sc, "2026-11-02", "2026-11-08")
			if err != nil {
				t.Fatal(err)
			}
			if d.Client != tc.client || d.Scope != tc.scope {
				t.Errorf("client %q, scope %q; want %q, %q", d.Client, d.Scope, tc.client, tc.scope)
			}
			if !reflect.DeepEqual(d.Promise, tc.promise) {
				t.Errorf("promise = %+v\nwant %+v", d.Promise, tc.promise)
			}
			if !reflect.DeepEqual(d.Hours, tc.hours) || !reflect.DeepEqual(d.Closures, tc.closures) {
				t.Errorf("hours %q, closures %q; want %q, %q", d.Hours, d.Closures, tc.hours, tc.closures)
			}
			if !d.GeneratedAt.Equal(now()) {
				t.Errorf("generated at %v, want %v", d.GeneratedAt, now())
			}
			loc, _ := svc.Location(ctx, tc.sc)
			p, _ := report.Days("2026-11-02", "2026-11-08", loc)
			want, err := svc.Build(ctx, tc.sc, p)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(d.Report, want) {
				t.Errorf("the document's figures differ from the report service's for the same days")
			}
		})
	}
	d, err := b.Doc(ctx, report.Scope{ClientID: client.ID}, "2026-11-02", "2026-11-08")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(d.Report.Current.Breaches); n != 1 || d.Report.Current.Breaches[0].BySec != 30*60 {
		t.Fatalf("breaches = %+v, want the one 30 minutes late", d.Report.Current.Breaches)
	}
	var page bytes.Buffer
	if err := clientreport.HTML(&page, d); err != nil {
		t.Fatal(err)
	}
	if s := page.String(); !strings.Contains(s, "<bdi>&lt;img src=x onerror=alert(1)&gt;</bdi>") || strings.Contains(s, "<img") || !strings.Contains(s, "30 min") {
		t.Error("the page does not list the breach with its customer's name escaped")
	}
	if _, err := b.Doc(ctx, report.Scope{ClientID: client.ID}, "2026-11-08", "2026-11-02"); err == nil {
		t.Error("a period that ends before it starts was accepted")
	}
}
