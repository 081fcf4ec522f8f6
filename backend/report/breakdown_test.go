package report_test

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"careinbox/backend/inbox"
	"careinbox/backend/report"
)

// goldenBreakdowns checks the golden week's resolution time, first-response
// distribution and hours of day, per handle and per network tables and
// backlog, worked out by hand from the conversations golden describes.
func goldenBreakdowns(t *testing.T, r report.Report, f *fixture) {
	t.Helper()
	h := int64(3600)
	// Resolution: C1 10:00 → resolved 10:30 (30 min, 30 business); C6 on the
	// holiday 10:00 → 10:30 (30 min, no business time). The others are not
	// resolved. Nearest rank of [0, 30 min]: median 0, p90 30 min.
	// The previous week's P1 is never resolved.
	// First responses (wall / business): C1 20 min / 20 min; C2 17 h 10 /
	// 70 min; C3 40 h 45 / 45 min; C4 46 h 10 / 10 min.
	// By wall time: ≤30m C1; ≤24h C2; >24h C3, C4.
	// By business time: ≤15m C4; ≤30m C1; ≤1h C3; ≤2h C2.
	// By the hour of the customer's message (Berlin): 10 C1 (20 min); 12 C4
	// (46 h 10 / 10 min); 16 C2 and C3 (lower middle: 17 h 10 wall, 45 min
	// business).
	// The one handle and network hold everything: the totals above, and
	// first-response promise kept 3 of 5 (C1, C3, C4; C2 and C5 breached),
	// 5 breaches in all.
	cases := []struct {
		name      string
		got, want any
	}{
		{"resolution", r.Current.Resolution, report.Times{Count: 2, WallMedianSec: 1800, WallP90Sec: 1800, BusinessMedSec: 0, BusinessP90Sec: 1800}},
		{"previous resolution", r.Prior.Resolution, report.Times{}},
		{"handle rows", len(r.Current.PerHandle), 1},
		{"network rows", len(r.Current.PerNetwork), 1},
		{"hours of day", len(r.Current.FirstResponseByHour), 24},
		{"hour 10", r.Current.FirstResponseByHour[10], report.HourOfDay{Hour: 10, Count: 1, WallMedianSec: 1200, BusinessMedianSec: 1200}},
		{"hour 12", r.Current.FirstResponseByHour[12], report.HourOfDay{Hour: 12, Count: 1, WallMedianSec: 46*h + 600, BusinessMedianSec: 600}},
		{"hour 16", r.Current.FirstResponseByHour[16], report.HourOfDay{Hour: 16, Count: 2, WallMedianSec: 17*h + 600, BusinessMedianSec: 2700}},
		{"hour 9", r.Current.FirstResponseByHour[9], report.HourOfDay{Hour: 9}},
		{"previous hour 9", r.Prior.FirstResponseByHour[9], report.HourOfDay{Hour: 9, Count: 1, WallMedianSec: 3000, BusinessMedianSec: 3000}},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s = %+v, want %+v", c.name, c.got, c.want)
		}
	}
	wantDist := []report.Bucket{
		{Label: "≤15m", UpToSec: 900, Business: 1},
		{Label: "≤30m", UpToSec: 1800, Wall: 1, Business: 1},
		{Label: "≤1h", UpToSec: 3600, Business: 1},
		{Label: "≤2h", UpToSec: 7200, Business: 1},
		{Label: "≤4h", UpToSec: 4 * h},
		{Label: "≤8h", UpToSec: 8 * h},
		{Label: "≤24h", UpToSec: 24 * h, Wall: 1},
		{Label: ">24h", Wall: 2},
	}
	if !slices.Equal(r.Current.FirstResponseDistribution, wantDist) {
		t.Errorf("first response distribution = %+v, want %+v", r.Current.FirstResponseDistribution, wantDist)
	}
	times := report.Times{Count: 4, WallMedianSec: 17*h + 600, WallP90Sec: 46*h + 600, BusinessMedSec: 1200, BusinessP90Sec: 4200}
	row := report.Row{ConversationsIn: 6, MessagesIn: 9, Replied: 3, Resolved: 2, StillOpen: 4, FirstResponse: times,
		PromiseKeptPct: 60, PromiseBreached: 5}
	wantHandle, wantNet := row, row
	wantHandle.Key, wantHandle.Label = strconv.FormatInt(f.handle.ID, 10), "@brightside"
	wantNet.Key, wantNet.Label = "bluesky", "bluesky"
	if len(r.Current.PerHandle) == 1 && r.Current.PerHandle[0] != wantHandle {
		t.Errorf("per handle = %+v, want %+v", r.Current.PerHandle[0], wantHandle)
	}
	if len(r.Current.PerNetwork) == 1 && r.Current.PerNetwork[0] != wantNet {
		t.Errorf("per network = %+v, want %+v", r.Current.PerNetwork[0], wantNet)
	}
	// Backlog, each hour start of the 169-hour week, open just before it:
	// P1 (open since Mon 12) throughout; C1 and C6 were open only between
	// two hour starts; C2 from Mon 19 17:00, C5 from Tue 12:00, C3 from Wed
	// 17:00, C4 from Sat 13:00 (none resolved). A message at an hour start
	// counts from the next one.
	if r.BacklogStep != report.StepHour || len(r.Backlog) != 169 {
		t.Fatalf("backlog: step %q, %d points, want hourly, 169", r.BacklogStep, len(r.Backlog))
	}
	changes := []struct {
		at   time.Time
		open int
	}{{oct(19, 0, 0), 1}, {oct(19, 17, 0), 2}, {oct(20, 12, 0), 3}, {oct(21, 17, 0), 4}, {oct(24, 13, 0), 5}}
	var got []struct {
		at   time.Time
		open int
	}
	for i, b := range r.Backlog {
		if i > 0 && !b.At.Equal(r.Backlog[i-1].At.Add(time.Hour)) {
			t.Errorf("backlog point %d at %v, an hour after %v expected", i, b.At, r.Backlog[i-1].At)
		}
		if i == 0 || b.Open != r.Backlog[i-1].Open {
			got = append(got, struct {
				at   time.Time
				open int
			}{b.At, b.Open})
		}
	}
	if len(got) != len(changes) {
		t.Errorf("backlog changes %v, want %v", got, changes)
	} else {
		for i, c := range changes {
			if !got[i].at.Equal(c.at) || got[i].open != c.open {
				t.Errorf("backlog change %d = %v %d, want %v %d", i, got[i].at, got[i].open, c.at, c.open)
			}
		}
	}
	if last := r.Backlog[168]; !last.At.Equal(oct(25, 23, 0)) || last.Open != 5 {
		t.Errorf("last backlog point %+v, want Sun 25 23:00, 5 open", last)
	}
}

// TestRowsAddUpToTotals splits the figures over two handles on two networks
// (and a second client): each table's rows add up to the scope's figures.
func TestRowsAddUpToTotals(t *testing.T) {
	f, _ := golden(t)
	other, err := f.st.CreateHandle(f.ctx, inbox.Handle{ClientID: f.client.ID, Network: inbox.NetworkMastodon,
		RemoteAccountID: "masto", DisplayName: "@bakery@social", SyncState: inbox.SyncOK})
	if err != nil {
		t.Fatal(err)
	}
	main := f.handle
	f.handle = other
	// M1: Tue 20 09:00 → 09:10, resolved 09:30. M2: Wed 21 14:00 → 15:30,
	// the promise broken by 30 min. M3: Thu 22 (holiday), never answered.
	m1 := f.msg("M1", inbox.Inbound, oct(20, 9, 0))
	f.msg("M1", inbox.Outbound, oct(20, 9, 10))
	f.resolve(m1, oct(20, 9, 30))
	f.msg("M2", inbox.Inbound, oct(21, 14, 0))
	f.msg("M2", inbox.Outbound, oct(21, 15, 30))
	f.msg("M3", inbox.Inbound, oct(22, 11, 0))
	f.handle = main
	f.tick(oct(26, 12, 0))

	r := build(t, f, report.Scope{ClientID: f.client.ID})
	for _, fig := range []struct {
		name string
		f    report.Figures
	}{{"current", r.Current}, {"previous", r.Prior}} {
		for _, tbl := range []struct {
			name string
			rows []report.Row
		}{{"per handle", fig.f.PerHandle}, {"per network", fig.f.PerNetwork}} {
			var sum report.Row
			firstResponses := 0
			for _, row := range tbl.rows {
				sum.ConversationsIn += row.ConversationsIn
				sum.MessagesIn += row.MessagesIn
				sum.Replied += row.Replied
				sum.Resolved += row.Resolved
				sum.StillOpen += row.StillOpen
				sum.PromiseBreached += row.PromiseBreached
				firstResponses += row.FirstResponse.Count
			}
			v := fig.f.Volume
			want := report.Row{ConversationsIn: v.ConversationsIn, MessagesIn: v.MessagesIn, Replied: v.Replied, Resolved: v.Resolved,
				StillOpen: v.StillOpen, PromiseBreached: len(fig.f.Breaches)}
			if sum != want || firstResponses != fig.f.FirstResponse.Count {
				t.Errorf("%s %s: rows add up to %+v and %d first responses, totals %+v and %d", fig.name, tbl.name, sum, firstResponses,
					want, fig.f.FirstResponse.Count)
			}
		}
	}
	// The golden week's six conversations on @brightside, three on the new
	// handle; most conversations first.
	if len(r.Current.PerHandle) != 2 || r.Current.PerHandle[0].Label != "@brightside" || r.Current.PerHandle[0].ConversationsIn != 6 ||
		r.Current.PerHandle[1].Key != strconv.FormatInt(other.ID, 10) || r.Current.PerHandle[1].ConversationsIn != 3 {
		t.Errorf("per handle = %+v", r.Current.PerHandle)
	}
	// The new handle: first responses of 10 and 90 min (business the same);
	// the first-response promise kept 1 of 3 (M2 answered late, M3 past
	// its due Fri 10:00 unanswered). Breaches: those two, and the resolution
	// of M2 (8 business hours: 3 h Wed, the holiday, 5 h Fri → Fri 14:00) and
	// of M3 (Fri 17:00); M1's resolution at 09:30 kept its promise.
	m := r.Current.PerHandle[len(r.Current.PerHandle)-1]
	wantM := report.Row{Key: strconv.FormatInt(other.ID, 10), Label: "@bakery@social", ConversationsIn: 3, MessagesIn: 3, Replied: 2,
		Resolved: 1, StillOpen: 2, FirstResponse: report.Times{Count: 2, WallMedianSec: 600, WallP90Sec: 5400, BusinessMedSec: 600, BusinessP90Sec: 5400},
		PromiseKeptPct: 33.3, PromiseBreached: 4}
	if m != wantM {
		t.Errorf("new handle row = %+v, want %+v", m, wantM)
	}
	if len(r.Current.PerNetwork) != 2 || r.Current.PerNetwork[0].Key != "bluesky" || r.Current.PerNetwork[1].Key != "mastodon" {
		t.Errorf("per network = %+v", r.Current.PerNetwork)
	}
	// Scoped to the new handle, the report is that row.
	only := build(t, f, report.Scope{HandleID: other.ID})
	if len(only.Current.PerHandle) != 1 || only.Current.PerHandle[0] != wantM {
		t.Errorf("the handle's own report rows = %+v", only.Current.PerHandle)
	}
}
