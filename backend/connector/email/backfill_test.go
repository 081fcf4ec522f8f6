package email

import (
	"fmt"
	"testing"

	"careinbox/backend/connector"
	"careinbox/backend/connector/connectortest"
)

// The backfill walks the whole mailbox, past live sync's first window
// (30 days / 500 mails), newest first, each mail once, and a restart
// (a new connector from the cursor alone) resumes where it was.
func TestBackfillWholeMailbox(t *testing.T) {
	m := newMemMail(t)
	const n = 1200
	m.AddInbound(n)
	for _, restart := range []int{0, 7} {
		t.Run(fmt.Sprintf("restart after %d pages", restart), func(t *testing.T) {
			w := connectortest.WalkBackfill(t, func() connector.Backfiller {
				c := m.connector(t, nil)
				c.backfillMax = 10 // live sync's window is not the backfill's
				return c
			}, "INBOX", restart)
			w.ExactlyOnce(t, n)
			if w.Pages != n/defaultPageSize {
				t.Errorf("%d pages, want %d", w.Pages, n/defaultPageSize)
			}
			// Pages go newest first; within one, mail reads oldest first.
			if w.Order[defaultPageSize-1] != fmt.Sprintf("added-%d@customer.test", n) ||
				w.Order[len(w.Order)-defaultPageSize] != "added-1@customer.test" {
				t.Errorf("first page ends with %s, last begins with %s: want the newest, the oldest",
					w.Order[defaultPageSize-1], w.Order[len(w.Order)-defaultPageSize])
			}
			if w.Last.Total != n || w.Last.Progress != 1 {
				t.Errorf("last page total %d progress %v, want %d and 1", w.Last.Total, w.Last.Progress, n)
			}
		})
	}
}

func TestBackfillEmptyMailbox(t *testing.T) {
	m := newMemMail(t)
	w := connectortest.WalkBackfill(t, func() connector.Backfiller { return m.connector(t, nil) }, "INBOX", 0)
	w.ExactlyOnce(t, 0)
}
