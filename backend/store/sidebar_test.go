package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"careinbox/backend/inbox"
)

// sidebarTotals is what the sidebar shows per handle: open conversations and
// those of them unread (the list's totals, counts.go).
type sidebarTotals map[int64][2]int

// countedTotals is the definition, counted from every row of the table with
// the indexes switched off (NOT INDEXED): what the sidebar must agree with.
func countedTotals(t *testing.T, s *Store) sidebarTotals {
	t.Helper()
	rows, err := s.r.Query(`SELECT h.id,
		(SELECT COUNT(*) FROM conversations c NOT INDEXED WHERE c.handle_id = h.id AND c.status = 'open'),
		(SELECT COUNT(*) FROM conversations c NOT INDEXED WHERE c.handle_id = h.id AND c.status = 'open' AND c.unread > 0)
		FROM handles h`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := sidebarTotals{}
	for rows.Next() {
		var id int64
		var open, unread int
		if err := rows.Scan(&id, &open, &unread); err != nil {
			t.Fatal(err)
		}
		out[id] = [2]int{open, unread}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func shownTotals(t *testing.T, s *Store) (sidebarTotals, [2]int) {
	t.Helper()
	groups, err := s.Sidebar(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := sidebarTotals{}
	var all [2]int
	for _, g := range groups {
		var sum [2]int
		for _, h := range g.Handles {
			out[h.Handle.ID] = [2]int{h.Open, h.Unread}
			sum[0] += h.Open
			sum[1] += h.Unread
		}
		if sum != [2]int{g.Open, g.Unread} {
			t.Errorf("client %q shows %d open, %d unread; its handles add up to %v", g.Client.Name, g.Open, g.Unread, sum)
		}
		all[0] += g.Open
		all[1] += g.Unread
	}
	return out, all
}

// The sidebar's counts come from an index (0011_sidebar_counts.sql): after
// every write path that moves a conversation in or out of "open" or
// "unread", they must equal a COUNT(*) over the whole table.
func TestSidebarCountsAgreeWithCountAfterEveryWrite(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	h1 := fixture(t, s, inbox.NetworkMastodon)
	h2 := fixture(t, s, inbox.NetworkBluesky)
	if err := s.EnsureStreams(ctx, h1.ID, []string{"mentions"}); err != nil {
		t.Fatal(err)
	}
	a, b, c := customer("a"), customer("b"), customer("c")
	conv := map[string]int64{}
	ingest := func(h int64, convs ...IncomingConversation) error {
		res, err := s.Ingest(ctx, h, convs, nil)
		for i, id := range res.Conversations {
			conv[convs[i].RemoteID] = id
		}
		return err
	}
	steps := []struct {
		name string
		do   func() error
		want [2]int // open, unread over every handle
	}{
		{"ingest three threads", func() error {
			if err := ingest(h1.ID, thread("t1", a, in("1", a, "hi", 0)), thread("t2", b, in("2", b, "parcel?", time.Minute))); err != nil {
				return err
			}
			return ingest(h2.ID, thread("t3", c, in("3", c, "refund?", 2*time.Minute)))
		}, [2]int{3, 3}},
		{"a sync page (CommitPage) with a new thread", func() error {
			res, err := s.CommitPage(ctx, h1.ID, "mentions", "c1", []IncomingConversation{thread("t4", a, in("4", a, "still there?", 3*time.Minute))}, nil, t0, t0.Add(time.Minute))
			conv["t4"] = res.Conversations[0]
			return err
		}, [2]int{4, 4}},
		{"read one", func() error { return s.MarkRead(ctx, conv["t1"]) }, [2]int{4, 3}},
		{"resolve one", func() error { return s.SetStatus(ctx, []int64{conv["t2"]}, inbox.StatusResolved, time.Time{}) }, [2]int{3, 2}},
		{"snooze one", func() error {
			return s.SetStatus(ctx, []int64{conv["t3"]}, inbox.StatusSnoozed, t0.Add(time.Hour))
		}, [2]int{2, 1}},
		{"the snooze wakes", func() error {
			_, err := s.WakeSnoozed(ctx, t0.Add(2*time.Hour))
			return err
		}, [2]int{3, 2}},
		{"bulk: mark all read", func() error {
			return s.SetUnread(ctx, []int64{conv["t1"], conv["t2"], conv["t3"], conv["t4"]}, false)
		}, [2]int{3, 0}},
		{"bulk: mark two unread", func() error { return s.SetUnread(ctx, []int64{conv["t1"], conv["t3"]}, true) }, [2]int{3, 2}},
		{"bulk: resolve three", func() error {
			return s.SetStatus(ctx, []int64{conv["t1"], conv["t3"], conv["t4"]}, inbox.StatusResolved, time.Time{})
		}, [2]int{0, 0}},
		{"a customer writes again (reopens)", func() error {
			return ingest(h1.ID, thread("t1", a, in("5", a, "one more thing", time.Hour)))
		}, [2]int{1, 1}},
		{"our answer seen on the network", func() error {
			return ingest(h1.ID, thread("t1", a, out("6", "sure, what is it?", 2*time.Hour)))
		}, [2]int{1, 1}},
		{"a reply queued and sent from the app", func() error {
			if err := ingest(h2.ID, thread("t3", c, in("7", c, "hello again", 3*time.Hour))); err != nil {
				return err
			}
			m, err := s.QueueReply(ctx, conv["t3"], "hello", "public", "Sam", t0.Add(4*time.Hour))
			if err != nil {
				return err
			}
			return s.MarkSent(ctx, m.ID, "r-7", t0.Add(4*time.Hour))
		}, [2]int{2, 2}},
		{"delete a handle", func() error { return s.DeleteHandle(ctx, h2.ID) }, [2]int{1, 1}},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		shown, all := shownTotals(t, s)
		counted := countedTotals(t, s)
		if fmt.Sprint(shown) != fmt.Sprint(counted) {
			t.Errorf("after %s: the sidebar shows %v (handle: [open unread]), COUNT(*) says %v", st.name, shown, counted)
		}
		if all != st.want {
			t.Errorf("after %s: the sidebar shows %d open, %d unread in all; want %v", st.name, all[0], all[1], st.want)
		}
	}
}

// A missing index must be an error, not a silent scan of every conversation.
func TestSidebarCountsNeedTheirIndex(t *testing.T) {
	for _, index := range []string{"conversations_open_counts"} {
		t.Run(index, func(t *testing.T) {
			s := openTest(t)
			fixture(t, s, inbox.NetworkMastodon)
			if _, err := s.w.Exec("DROP INDEX " + index); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Sidebar(context.Background()); err == nil {
				t.Errorf("the sidebar answered without %s", index)
			}
		})
	}
}
