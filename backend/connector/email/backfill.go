package email

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"careinbox/backend/connector"
)

var _ connector.Backfiller = (*Connector)(nil)

// BackfillStreams is the handle's mailbox: all of it is history to walk.
func (c *Connector) BackfillStreams() []string { return []string{c.mailbox} }

// backfillCursor is where a mailbox's backfill stands: every message with
// a UID at or above Below (under one UIDVALIDITY) has been delivered.
type backfillCursor struct {
	UIDValidity uint32
	Below       imap.UID
	Done        int // messages delivered so far, for progress
}

func parseBackfillCursor(s string) (backfillCursor, bool) {
	v, err := url.ParseQuery(s)
	if s == "" || err != nil || v.Get("v") != "1" {
		return backfillCursor{}, false
	}
	num := func(k string) uint64 { n, _ := strconv.ParseUint(v.Get(k), 10, 64); return n }
	b := backfillCursor{UIDValidity: uint32(num("uv")), Below: imap.UID(num("below")), Done: int(num("done"))}
	return b, b.UIDValidity != 0 && b.Below != 0
}

func (b backfillCursor) String() string {
	v := url.Values{}
	v.Set("v", "1")
	v.Set("uv", strconv.FormatUint(uint64(b.UIDValidity), 10))
	v.Set("below", strconv.FormatUint(uint64(b.Below), 10))
	v.Set("done", strconv.Itoa(b.Done))
	return v.Encode()
}

// Backfill walks the whole mailbox back from its newest message, one page
// of UIDs at a time (newest first), regardless of live sync's first window.
// The mailbox's message count is the total. A renumbered mailbox (new
// UIDVALIDITY) starts over from the top; Message-IDs keep that harmless.
func (c *Connector) Backfill(ctx context.Context, stream, cur string) (connector.Page, error) {
	if err := ctx.Err(); err != nil {
		return connector.Page{}, fmt.Errorf("backfill %s: %w", stream, err)
	}
	if stream != c.mailbox {
		return connector.Page{}, connector.Errorf(connector.Permanent, nil, "unknown mailbox stream %q", stream)
	}
	pos, _ := parseBackfillCursor(cur)
	s, err := c.openIMAP(ctx, nil)
	if err != nil {
		return connector.Page{}, err
	}
	defer s.close()
	page, err := c.backfill(ctx, s.c, pos)
	if err != nil {
		return connector.Page{}, c.classify(ctx, stageCommand, err)
	}
	return page, nil
}

func (c *Connector) backfill(ctx context.Context, cl *imapclient.Client, pos backfillCursor) (connector.Page, error) {
	sel, err := cl.Select(c.mailbox, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		return connector.Page{}, c.classify(ctx, stageMailbox, err)
	}
	if pos.UIDValidity != sel.UIDValidity {
		pos = backfillCursor{UIDValidity: sel.UIDValidity, Below: max(sel.UIDNext, 1)}
		if sel.UIDNext == 0 { // a server that does not say: everything is below the top
			pos.Below = imap.UID(^uint32(0))
		}
	}
	total := int(sel.NumMessages)
	if pos.Below <= 1 || total == 0 {
		return connector.Page{Cursor: pos.String(), Total: total, Progress: 1}, nil
	}
	// Search a window just below the cursor first, widening it while it
	// holds less than a page: UIDs are mostly dense, and listing every UID
	// of a large mailbox on every page would grow with its size.
	var uids []imap.UID
	lo := pos.Below
	for span := imap.UID(4 * c.pageSize); len(uids) < c.pageSize && lo > 1; span *= 16 {
		lo = imap.UID(1)
		if pos.Below > span {
			lo = pos.Below - span
		}
		set := imap.UIDSet{imap.UIDRange{Start: lo, Stop: pos.Below - 1}}
		data, err := cl.UIDSearch(&imap.SearchCriteria{UID: []imap.UIDSet{set}}, nil).Wait()
		if err != nil {
			return connector.Page{}, err
		}
		uids = uids[:0]
		for _, u := range data.AllUIDs() {
			if u >= lo && u < pos.Below { // "n:m" can match the highest message outside it
				uids = append(uids, u)
			}
		}
	}
	slices.Sort(uids)
	more := lo > 1 || len(uids) > c.pageSize
	if len(uids) > c.pageSize {
		uids = uids[len(uids)-c.pageSize:]
	}
	msgs, err := c.fetchMessages(cl, uids)
	if err != nil {
		return connector.Page{}, err
	}
	next := pos
	if len(uids) > 0 {
		next.Below = uids[0]
	}
	next.Done += len(uids)
	convs, undelivered := c.group(msgs)
	page := connector.Page{Conversations: convs, Undelivered: undelivered, Cursor: next.String(), More: more, Total: total, Progress: 1}
	if more && total > 0 {
		page.Progress = min(1, float64(next.Done)/float64(total))
	}
	return page, nil
}
