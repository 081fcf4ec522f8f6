package report_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
	"careinbox/backend/report"
	"careinbox/backend/store"
)

// randomWorkspace adds to the fixture a second client (New York, its own
// calendar and a short promise), three more handles on other networks, and
// n conversations of random customer messages and replies over the two
// weeks before now: some seen by the deadline service message by message
// (events, stored deadlines), some only ingested (read from messages), some
// resolved, pending or reopened, a few replies still queued. Returns the
// scopes worth reporting on.
func randomWorkspace(t *testing.T, f *fixture, seed uint64, n int) []report.Scope {
	t.Helper()
	rnd := rand.New(rand.NewPCG(seed, seed*7+1))
	ny, err := f.st.CreateClient(f.ctx, inbox.Client{Name: "Harbor Books", TimeZone: "America/New_York"})
	if err != nil {
		t.Fatal(err)
	}
	cal := deadline.DefaultCalendarSpec("America/New_York")
	spec, _ := json.Marshal(cal)
	if err := f.st.SaveCalendarSpec(f.ctx, ny.ID, 0, string(spec), oct(1, 0, 0)); err != nil {
		t.Fatal(err)
	}
	pol := deadline.DefaultPolicySpec()
	pol.FirstResponse = deadline.TargetSpec{InternalMin: 10, PublishedMin: 20, BusinessHours: true, WarnLeadMin: 5}
	spec, _ = json.Marshal(pol)
	if err := f.st.SavePolicySpec(f.ctx, ny.ID, 0, "", string(spec), oct(1, 0, 0)); err != nil {
		t.Fatal(err)
	}
	handles := []inbox.Handle{f.handle}
	for i, h := range []inbox.Handle{
		{ClientID: f.client.ID, Network: inbox.NetworkMastodon, DisplayName: "@bright@social"},
		{ClientID: ny.ID, Network: inbox.NetworkEmail, DisplayName: "hello@harbor"},
		{ClientID: ny.ID, Network: inbox.NetworkBluesky, DisplayName: "@harbor"},
	} {
		h.RemoteAccountID, h.SyncState = "acct"+strconv.Itoa(i), inbox.SyncOK
		if h, err = f.st.CreateHandle(f.ctx, h); err != nil {
			t.Fatal(err)
		}
		handles = append(handles, h)
	}
	kinds := map[inbox.Network][]inbox.Kind{inbox.NetworkBluesky: {inbox.KindPublic, inbox.KindPrivate},
		inbox.NetworkMastodon: {inbox.KindPublic, inbox.KindPrivate}, inbox.NetworkEmail: {inbox.KindEmail}}
	start := week.From.AddDate(0, 0, -7)
	type step struct {
		at   time.Time
		conv int
	}
	var convs []struct {
		h      inbox.Handle
		kind   inbox.Kind
		remote string
		live   bool // the deadline service sees each message
	}
	var steps []step
	for i := range n {
		h := handles[rnd.IntN(len(handles))]
		ks := kinds[h.Network]
		convs = append(convs, struct {
			h      inbox.Handle
			kind   inbox.Kind
			remote string
			live   bool
		}{h, ks[rnd.IntN(len(ks))], fmt.Sprintf("R%d-%d", seed, i), rnd.IntN(2) == 0})
		at := start.Add(time.Duration(rnd.Int64N(int64(13 * 24 * time.Hour))))
		for range 1 + rnd.IntN(6) {
			steps = append(steps, step{at, i})
			at = at.Add(time.Duration(rnd.Int64N(int64(10 * time.Hour))))
		}
	}
	// In time order, as the service would have seen them.
	for i := range steps {
		for j := i; j > 0 && steps[j].at.Before(steps[j-1].at); j-- {
			steps[j], steps[j-1] = steps[j-1], steps[j]
		}
	}
	inbound := map[int]bool{}
	ids := map[int]int64{}
	for _, s := range steps {
		c := convs[s.conv]
		dir := inbox.Outbound
		if !inbound[s.conv] || rnd.IntN(2) == 0 {
			dir, inbound[s.conv] = inbox.Inbound, true
		}
		f.seq++
		m := store.IncomingMessage{RemoteID: c.remote + "-" + strconv.Itoa(f.seq), Direction: dir, Text: "hello", SentAt: s.at}
		cust := inbox.Participant{Network: c.h.Network, RemoteID: "cust-" + c.remote, DisplayName: "Customer " + c.remote}
		if dir == inbox.Inbound {
			m.Author = cust
		}
		res, err := f.st.Ingest(f.ctx, c.h.ID, []store.IncomingConversation{{RemoteID: c.remote, Kind: c.kind,
			Customer: cust, Messages: []store.IncomingMessage{m}}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		ids[s.conv] = res.Conversations[0]
		switch r := rnd.IntN(10); {
		case r == 0:
			f.exec(`UPDATE messages SET delivery = 'queued' WHERE remote_id = ?`, m.RemoteID)
		case r == 1 && dir == inbox.Outbound:
			f.resolve(ids[s.conv], s.at.Add(time.Minute))
		case r == 2:
			if err := f.st.SetStatus(f.ctx, []int64{ids[s.conv]}, inbox.StatusPending, time.Time{}); err != nil {
				t.Fatal(err)
			}
			f.exec(`UPDATE conversation_status_changes SET at = ?
				WHERE id = (SELECT MAX(id) FROM conversation_status_changes WHERE conversation_id = ?)`, s.at.Add(2*time.Minute).UnixMilli(), ids[s.conv])
		}
		if c.live {
			f.tick(s.at.Add(time.Duration(rnd.Int64N(int64(2 * time.Hour)))))
		}
	}
	f.tick(week.To.Add(-time.Hour))
	return []report.Scope{{}, {ClientID: f.client.ID}, {ClientID: ny.ID}, {HandleID: handles[2].ID},
		{Network: inbox.NetworkBluesky}, {Kind: inbox.KindPublic}, {ClientID: ny.ID, Kind: inbox.KindEmail}}
}

// The report Build computes — through the memo, its cached cycles, dues,
// business times and hours, the pooled lists and percentiles selected in
// place — equals a straightforward computation over the conversations read
// directly (report.Reference: every message scanned, maps, sorted copies),
// on random workspaces of a real store, for every kind of scope, cold and
// warm.
func TestBuildAgreesWithReference(t *testing.T) {
	for _, tc := range []struct {
		seed uint64
		n    int
	}{{1, 30}, {2, 60}, {3, 90}} {
		t.Run(fmt.Sprint("seed ", tc.seed), func(t *testing.T) {
			f := newFixture(t)
			scopes := randomWorkspace(t, f, tc.seed, tc.n)
			now := func() time.Time { return f.now }
			svc := report.New(f.st, berlin, now)
			for _, pass := range []string{"cold", "warm"} {
				for _, sc := range scopes {
					for _, p := range []report.Period{week, {From: week.From.Add(36 * time.Hour), To: week.To.Add(-5 * time.Hour)}} {
						r, err := svc.Build(f.ctx, sc, p)
						if err != nil {
							t.Fatal(err)
						}
						cur, prev, how, err := report.Reference(f.ctx, svc, sc, p)
						if err != nil {
							t.Fatal(err)
						}
						cur.Loops, prev.Loops = r.Current.Loops, r.Prior.Loops // loops.go: not figures'
						for _, c := range []struct {
							what      string
							got, want any
						}{{"current", r.Current, cur}, {"previous", r.Prior, prev}, {"hour of week", r.HourOfWeek, how}} {
							g, _ := json.Marshal(c.got)
							w, _ := json.Marshal(c.want)
							if string(g) != string(w) {
								t.Fatalf("%s, scope %+v, %v, %s:\ngot  %s\nwant %s", pass, sc, p, c.what, g, w)
							}
						}
						if sc == (report.Scope{}) && p == week && (r.Current.FirstResponse.Count == 0 || r.Current.NextResponse.Count == 0 ||
							len(r.Current.Breaches) == 0 || len(r.Current.PerHandle) < 3) {
							t.Fatalf("the workspace is too thin to test anything: %+v", r.Current)
						}
					}
				}
			}
		})
	}
}
