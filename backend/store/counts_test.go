package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"careinbox/backend/inbox"
)

// The sidebar's open and unread numbers are the totals the list shows for the
// same scope with the Open tab (and "Unread only"): one definition, whatever
// mix of statuses, replies and unread messages the conversations have.
func TestSidebarCountsAreListTotals(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	h1 := fixture(t, s, inbox.NetworkMastodon)
	h2, err := s.CreateHandle(ctx, inbox.Handle{ClientID: h1.ClientID, Network: inbox.NetworkEmail, RemoteAccountID: "acct-mail", DisplayName: "help@"})
	if err != nil {
		t.Fatal(err)
	}
	h3 := fixture(t, s, inbox.NetworkBluesky)

	// Each case: a conversation on a handle, answered or not, then a status and
	// whether it is read. The old sidebar counted "open and waiting on us" and
	// unread conversations of any status, so answered-open and resolved-unread
	// conversations made it disagree with the list.
	type conv struct {
		handle   int64
		answered bool
		status   inbox.Status
		read     bool
	}
	cases := []conv{
		{h1.ID, false, inbox.StatusOpen, false},
		{h1.ID, true, inbox.StatusOpen, false}, // open, our reply was last, unread
		{h1.ID, true, inbox.StatusOpen, true},
		{h1.ID, false, inbox.StatusResolved, false}, // resolved but unread
		{h1.ID, false, inbox.StatusPending, false},
		{h2.ID, false, inbox.StatusOpen, true},
		{h2.ID, false, inbox.StatusSnoozed, false},
		{h3.ID, false, inbox.StatusOpen, false},
		{h3.ID, true, inbox.StatusResolved, true},
	}
	for i, c := range cases {
		cust := customer(fmt.Sprintf("c%d", i))
		msgs := []IncomingMessage{in(fmt.Sprintf("m%d", i), cust, "hello", time.Duration(i)*time.Minute)}
		if c.answered {
			msgs = append(msgs, out(fmt.Sprintf("r%d", i), "on it", time.Duration(i)*time.Minute+time.Second))
		}
		res, err := s.Ingest(ctx, c.handle, []IncomingConversation{thread(fmt.Sprintf("t%d", i), cust, msgs...)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		id := res.Conversations[0]
		if c.status != inbox.StatusOpen {
			until := time.Time{}
			if c.status == inbox.StatusSnoozed {
				until = time.Now().Add(time.Hour)
			}
			if err := s.SetStatus(ctx, []int64{id}, c.status, until); err != nil {
				t.Fatal(err)
			}
		}
		if c.read {
			if err := s.MarkRead(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
	}

	side, err := s.Sidebar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	total := func(scope inbox.ConversationFilter, f inbox.ConversationFilter) int {
		t.Helper()
		f.ClientID, f.HandleID = scope.ClientID, scope.HandleID
		page, err := s.Conversations(ctx, f, 0, 1)
		if err != nil {
			t.Fatal(err)
		}
		return page.Total
	}
	var allOpen, allUnread int
	for _, cc := range side {
		scope := inbox.ConversationFilter{ClientID: cc.Client.ID}
		if got, want := cc.Open, total(scope, OpenCountFilter()); got != want {
			t.Errorf("client %s: sidebar open = %d, list = %d", cc.Client.Name, got, want)
		}
		if got, want := cc.Unread, total(scope, UnreadCountFilter()); got != want {
			t.Errorf("client %s: sidebar unread = %d, list = %d", cc.Client.Name, got, want)
		}
		allOpen += cc.Open
		allUnread += cc.Unread
		for _, hc := range cc.Handles {
			scope := inbox.ConversationFilter{HandleID: hc.Handle.ID}
			if got, want := hc.Open, total(scope, OpenCountFilter()); got != want {
				t.Errorf("handle %s: sidebar open = %d, list = %d", hc.Handle.DisplayName, got, want)
			}
			if got, want := hc.Unread, total(scope, UnreadCountFilter()); got != want {
				t.Errorf("handle %s: sidebar unread = %d, list = %d", hc.Handle.DisplayName, got, want)
			}
		}
	}
	if got, want := allOpen, total(inbox.ConversationFilter{}, OpenCountFilter()); got != want {
		t.Errorf("all: sidebar open = %d, list = %d", got, want)
	}
	if got, want := allUnread, total(inbox.ConversationFilter{}, UnreadCountFilter()); got != want {
		t.Errorf("all: sidebar unread = %d, list = %d", got, want)
	}
	// The fixture's expected figures, so an empty or constant count fails too.
	if allOpen != 5 || allUnread != 3 {
		t.Errorf("all counts = %d open, %d unread; want 5 open, 3 unread", allOpen, allUnread)
	}
}
