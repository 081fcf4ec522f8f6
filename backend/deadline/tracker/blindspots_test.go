package tracker

import (
	"context"
	"testing"

	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

// askCounter counts the per-handle question the blind-spot check asks.
type askCounter struct {
	*store.Store
	asked map[int64]int
}

func (c *askCounter) HasOpenDeadlines(ctx context.Context, handleID int64) (bool, error) {
	c.asked[handleID]++
	return c.Store.HasOpenDeadlines(ctx, handleID)
}

func TestBlindSpotChecksAreIncremental(t *testing.T) {
	f := newFixture(t, inbox.NetworkX, at(23, 10, 0))
	quiet, err := f.st.CreateHandle(f.ctx, inbox.Handle{ClientID: f.client.ID, Network: inbox.NetworkX, RemoteAccountID: "quiet",
		DisplayName: "@QuietBakery", SyncState: inbox.SyncOK})
	if err != nil {
		t.Fatal(err)
	}
	cnt := &askCounter{Store: f.st, asked: map[int64]int{}}
	f.svc = New(Config{Store: cnt, Announcer: f.ann, Now: f.clock.Now, Local: berlin})
	f.ingest("c", inbox.KindPublic, in(at(23, 10, 0)))
	steps := []struct {
		name  string
		do    func()
		now   int // minute past 10:00
		asked map[int64]int
		spots int // blind-spot notifications so far
	}{
		{"healthy handles are not asked about", nil, 1, map[int64]int{}, 0},
		{"both fail: each is asked once", func() {
			for _, id := range []int64{f.handle.ID, quiet.ID} {
				if err := f.st.SetHandleSync(f.ctx, id, inbox.SyncError, "timeout", at(23, 10, 1)); err != nil {
					t.Fatal(err)
				}
			}
		}, 2, map[int64]int{f.handle.ID: 1, quiet.ID: 1}, 1},
		{"a pass later nothing is asked again", nil, 3, map[int64]int{f.handle.ID: 1, quiet.ID: 1}, 1},
		{"a deadline saved for the quiet handle makes it worth asking again", func() {
			cust := inbox.Participant{Network: inbox.NetworkX, RemoteID: "q1", DisplayName: "Ada"}
			if _, err := f.st.Ingest(f.ctx, quiet.ID, []store.IncomingConversation{{RemoteID: "q", Kind: inbox.KindPublic, Customer: cust,
				Messages: []store.IncomingMessage{{RemoteID: "qm", Direction: inbox.Inbound, Author: cust, Text: "hi", SentAt: at(23, 10, 3)}}}}, nil); err != nil {
				t.Fatal(err)
			}
		}, 4, map[int64]int{f.handle.ID: 1, quiet.ID: 2}, 2},
		{"synced, then failing again: a new episode, asked about and announced", func() {
			if err := f.st.SetHandleSync(f.ctx, f.handle.ID, inbox.SyncOK, "", at(23, 9, 0)); err != nil {
				t.Fatal(err)
			}
			f.tick(at(23, 10, 5))
			if err := f.st.SetHandleSync(f.ctx, f.handle.ID, inbox.SyncError, "timeout", at(23, 10, 5)); err != nil {
				t.Fatal(err)
			}
		}, 6, map[int64]int{f.handle.ID: 2, quiet.ID: 2}, 3},
	}
	for _, st := range steps {
		if st.do != nil {
			st.do()
		}
		f.tick(at(23, 10, st.now))
		for id, want := range st.asked {
			if cnt.asked[id] != want {
				t.Errorf("%s: handle %d asked %d times, want %d", st.name, id, cnt.asked[id], want)
			}
		}
		if len(cnt.asked) != len(st.asked) {
			t.Errorf("%s: asked %v, want %v", st.name, cnt.asked, st.asked)
		}
		var spots []string
		for _, n := range f.rec.All() {
			if len(n.Title) > 20 && n.Title[:20] == "Deadlines uncertain:" {
				spots = append(spots, n.Title)
			}
		}
		if len(spots) != st.spots {
			t.Errorf("%s: blind-spot notifications %v, want %d", st.name, spots, st.spots)
		}
	}
}
