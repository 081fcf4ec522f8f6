package report_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
	"careinbox/backend/report"
	"careinbox/backend/store"
)

// plainStore hides the memo's store methods, so a service over it reads
// every conversation directly each time: the reference a memo must match.
type plainStore struct{ report.Store }

var week = report.Period{From: oct(19, 0, 0), To: oct(26, 0, 0)}

// memoFixture is the golden week plus history read from messages (no
// deadline events): H1 waits 10:00 → 11:30 on Wednesday 21 (30 min past
// the promise), H2 is answered in ten minutes on Friday 23; OLD is open
// since before both periods.
func memoFixture(t *testing.T) (*fixture, map[string]int64) {
	f, ids := golden(t)
	f.ingestOnly("H1", inbox.Inbound, oct(21, 10, 0))
	f.ingestOnly("H1", inbox.Outbound, oct(21, 11, 30))
	f.ingestOnly("H2", inbox.Inbound, oct(23, 14, 0))
	f.ingestOnly("H2", inbox.Outbound, oct(23, 14, 10))
	// OLD wrote on 1 October and is still open: only the backlog sees it.
	f.ingestOnly("OLD", inbox.Inbound, oct(1, 10, 0))
	for _, r := range []string{"H1", "H2", "OLD"} {
		var id int64
		if err := f.st.DB().QueryRowContext(f.ctx, "SELECT id FROM conversations WHERE remote_id = ?", r).Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids[r] = id
	}
	return f, ids
}

func (f *fixture) exec(q string, args ...any) {
	f.t.Helper()
	if _, err := f.st.DB().ExecContext(f.ctx, q, args...); err != nil {
		f.t.Fatal(err)
	}
}

// A service that keeps its memo between reports gives the very report a
// new service and the direct reading give, after each kind of change a
// report reads — and each change does change the report, so a memo that
// missed it would be caught.
func TestMemoAgreesAfterEachChange(t *testing.T) {
	f, ids := memoFixture(t)
	now := func() time.Time { return f.now }
	memo := report.New(f.st, berlin, now)
	scopes := []report.Scope{{}, {ClientID: f.client.ID}}
	last := map[int]string{}
	check := func(step string, mustChange bool) {
		t.Helper()
		for i, sc := range scopes {
			got := reportJSONctx(t, f, memo, sc)
			fresh := reportJSONctx(t, f, report.New(f.st, berlin, now), sc)
			direct := reportJSONctx(t, f, report.New(plainStore{f.st}, berlin, now), sc)
			if !bytes.Equal(got, direct) || !bytes.Equal(fresh, direct) {
				t.Fatalf("%s, scope %+v: memoized report\n%s\nfresh\n%s\ndirect\n%s", step, sc, got, fresh, direct)
			}
			if mustChange && string(got) == last[i] {
				t.Errorf("%s, scope %+v: the report did not change; the step tests nothing", step, sc)
			}
			last[i] = string(got)
		}
	}
	check("start", false)
	steps := []struct {
		name   string
		change func()
	}{
		{"a late-arriving older message", func() { f.ingestOnly("H1", inbox.Inbound, oct(21, 9, 0)) }},
		{"an edited message time", func() {
			f.exec(`UPDATE messages SET sent_at = ? WHERE conversation_id = ? AND direction = 'out'`, oct(23, 15, 30).UnixMilli(), ids["H2"])
		}},
		{"a policy edited", func() {
			pol := deadline.DefaultPolicySpec()
			pol.FirstResponse.PublishedMin = 120
			spec, _ := json.Marshal(pol)
			if err := f.st.SavePolicySpec(f.ctx, f.client.ID, 0, "", string(spec), oct(26, 0, 0)); err != nil {
				t.Fatal(err)
			}
		}},
		{"a deleted message", func() {
			f.exec(`DELETE FROM messages WHERE id = (SELECT MAX(id) FROM messages WHERE conversation_id = ? AND direction = 'in')`, ids["C4"])
		}},
		{"a reply not yet sent, then sent", func() {
			f.exec(`UPDATE messages SET delivery = 'failed' WHERE conversation_id = ? AND direction = 'out'`, ids["H1"])
		}},
		{"a status change", func() { f.resolve(ids["C5"], oct(23, 12, 0)) }},
		{"an old open conversation resolved", func() { f.resolve(ids["OLD"], oct(22, 12, 0)) }},
		{"a new deadline event", func() {
			f.exec(`INSERT INTO deadline_events(conversation_id, clock, started_at, event, at, recorded_at, notify_state)
				VALUES (?, 'response', ?, 'breached', ?, ?, 'none')`, ids["C1"], oct(19, 10, 0).UnixMilli(),
				oct(19, 10, 10).UnixMilli(), oct(19, 10, 10).UnixMilli())
		}},
		{"a customer renamed", func() {
			f.exec(`UPDATE participants SET display_name = 'Renamed' WHERE id = (SELECT customer_id FROM conversations WHERE id = ?)`, ids["C2"])
		}},
		{"a calendar edited", func() {
			cal := deadline.DefaultCalendarSpec("Europe/Berlin") // the holiday is gone
			spec, _ := json.Marshal(cal)
			if err := f.st.SaveCalendarSpec(f.ctx, f.client.ID, 0, string(spec), oct(26, 0, 0)); err != nil {
				t.Fatal(err)
			}
		}},
		{"a conversation deleted", func() { f.exec(`DELETE FROM conversations WHERE id = ?`, ids["C3"]) }},
		{"a new conversation and the deadline service", func() { ids["N1"] = f.msg("N1", inbox.Inbound, oct(25, 10, 0)) }},
		{"the newest conversation deleted and another created under its id", func() {
			f.exec(`DELETE FROM conversations WHERE remote_id = 'N1'`)
			f.ingestOnly("N2", inbox.Inbound, oct(21, 8, 0))
			f.ingestOnly("N2", inbox.Outbound, oct(21, 12, 0))
			var n2 int64
			if err := f.st.DB().QueryRowContext(f.ctx, "SELECT id FROM conversations WHERE remote_id = 'N2'").Scan(&n2); err != nil {
				t.Fatal(err)
			}
			if n2 != ids["N1"] {
				t.Fatalf("N2 has id %d, want N1's %d reused", n2, ids["N1"])
			}
		}},
	}
	for _, s := range steps {
		s.change()
		check(s.name, true)
	}
}

func reportJSONctx(t *testing.T, f *fixture, svc *report.Service, sc report.Scope) []byte {
	t.Helper()
	r, err := svc.Build(f.ctx, sc, week)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Reports built at once on one service, while messages arrive, are each
// some consistent report, and the memo ends equal to a fresh reading (run
// with -race).
func TestMemoConcurrentBuilds(t *testing.T) {
	f, _ := memoFixture(t)
	now := func() time.Time { return oct(26, 12, 0) }
	svc := report.New(f.st, berlin, now)
	periods := []report.Period{week, week.Previous(), {From: oct(12, 0, 0), To: oct(27, 0, 0)}}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := 0; g < 6; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				sc := report.Scope{}
				if (g+i)%2 == 0 {
					sc.ClientID = f.client.ID
				}
				if _, err := svc.Build(f.ctx, sc, periods[(g+i)%len(periods)]); err != nil {
					errs <- err
				}
			}
		}()
	}
	for i := 0; i < 10; i++ {
		f.ingestOnly(fmt.Sprintf("X%d", i%3), inbox.Inbound, oct(20+i%5, 10, i))
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for _, p := range periods {
		got := buildJSON(t, f, svc, p)
		want := buildJSON(t, f, report.New(plainStore{f.st}, berlin, now), p)
		if !bytes.Equal(got, want) {
			t.Errorf("period %v: memoized report differs from the direct one:\n%s\n%s", p, got, want)
		}
	}
}

func buildJSON(t *testing.T, f *fixture, svc *report.Service, p report.Period) []byte {
	t.Helper()
	r, err := svc.Build(f.ctx, report.Scope{}, p)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(r)
	return b
}

// A read-only workspace reports through the memo too.
func TestMemoOnReadOnlyStore(t *testing.T) {
	f, _ := memoFixture(t)
	f.exec("PRAGMA wal_checkpoint(TRUNCATE)") // a read-only copy reads the file alone
	ro, err := store.Open(f.ctx, f.st.Path(), store.ReadOnly())
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	now := func() time.Time { return oct(26, 12, 0) }
	svc := report.New(ro, berlin, now)
	for i := 0; i < 2; i++ { // cold, then warm
		got := buildJSON(t, f, svc, week)
		want := buildJSON(t, f, report.New(plainStore{ro}, berlin, now), week)
		if !bytes.Equal(got, want) {
			t.Fatalf("build %d: read-only memoized report differs:\n%s\n%s", i, got, want)
		}
	}
}

// A memo left alone for its idle time is dropped (the app hands the memory
// back then), and the next report, read afresh, is the same report.
func TestMemoReleasedWhenIdle(t *testing.T) {
	f, _ := memoFixture(t)
	now := func() time.Time { return f.now }
	svc := report.New(f.st, berlin, now)
	released := make(chan struct{}, 1)
	svc.ReleaseIdle(20*time.Millisecond, func() { released <- struct{}{} })
	before := reportJSONctx(t, f, svc, report.Scope{})
	select {
	case <-released:
	case <-time.After(10 * time.Second):
		t.Fatal("the memo was not released after its idle time")
	}
	f.ingestOnly("H2", inbox.Inbound, oct(24, 9, 0)) // a change while released: the next report must see it
	after := reportJSONctx(t, f, svc, report.Scope{})
	direct := reportJSONctx(t, f, report.New(plainStore{f.st}, berlin, now), report.Scope{})
	if !bytes.Equal(after, direct) {
		t.Fatalf("after a release the report is\n%s\nwant\n%s", after, direct)
	}
	if bytes.Equal(before, after) {
		t.Fatal("the change after the release did not change the report; the check tests nothing")
	}
}
