package email

import (
	"fmt"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

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

// A mailbox with a wide gap of UIDs (mail deleted long ago) is walked past
// the gap: the search window widens until it finds a page.
func TestBackfillAcrossAGap(t *testing.T) {
	m := newMemMail(t)
	m.AddInbound(1000)
	cl, err := imapclient.DialInsecure(m.imapAddr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	if err := cl.Login(supportAddr, supportPass).Wait(); err != nil {
		t.Fatal(err)
	}
	if _, err := cl.Select("INBOX", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	gap := imap.UIDSet{imap.UIDRange{Start: 300, Stop: 900}}
	if err := cl.Store(gap, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Flags: []imap.Flag{imap.FlagDeleted}, Silent: true}, nil).Close(); err != nil {
		t.Fatal(err)
	}
	if err := cl.UIDExpunge(gap).Close(); err != nil {
		t.Fatal(err)
	}
	w := connectortest.WalkBackfill(t, func() connector.Backfiller { return m.connector(t, nil) }, "INBOX", 3)
	w.ExactlyOnce(t, 1000-601)
	if w.Seen["added-299@customer.test"] != 1 || w.Seen["added-901@customer.test"] != 1 || w.Seen["added-300@customer.test"] != 0 {
		t.Errorf("the walk did not cross the gap cleanly")
	}
}
