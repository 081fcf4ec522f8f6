package email

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"careinbox/backend/connector"
)

// cursor is where a mailbox's sync stands. It is stored as a query string
// ("v=1&uv=…&uid=…") so it stays readable in logs and can grow fields.
type cursor struct {
	UIDValidity uint32
	LastUID     imap.UID
	ModSeq      uint64   // HIGHESTMODSEQ when the server offers CONDSTORE
	BackfillTo  imap.UID // highest UID of the first sync, for progress
	BackfillLow imap.UID // lowest UID of the first sync window
}

func parseCursor(s string) (cursor, bool) {
	if s == "" {
		return cursor{}, true
	}
	v, err := url.ParseQuery(s)
	if err != nil || v.Get("v") != "1" {
		return cursor{}, false
	}
	num := func(k string) uint64 {
		n, _ := strconv.ParseUint(v.Get(k), 10, 64)
		return n
	}
	c := cursor{
		UIDValidity: uint32(num("uv")), LastUID: imap.UID(num("uid")), ModSeq: num("ms"),
		BackfillTo: imap.UID(num("bt")), BackfillLow: imap.UID(num("bl")),
	}
	return c, c.UIDValidity != 0
}

func (c cursor) String() string {
	v := url.Values{}
	v.Set("v", "1")
	v.Set("uv", strconv.FormatUint(uint64(c.UIDValidity), 10))
	v.Set("uid", strconv.FormatUint(uint64(c.LastUID), 10))
	if c.ModSeq != 0 {
		v.Set("ms", strconv.FormatUint(c.ModSeq, 10))
	}
	if c.BackfillTo != 0 {
		v.Set("bt", strconv.FormatUint(uint64(c.BackfillTo), 10))
		v.Set("bl", strconv.FormatUint(uint64(c.BackfillLow), 10))
	}
	return v.Encode()
}

// Fetch returns the next page of a mailbox: on the first sync a bounded
// window of recent mail (last backfillDays, at most backfillMax messages),
// then everything with a UID above the cursor. A changed UIDVALIDITY means
// the server renumbered the mailbox, so we start over; that is safe because
// message ids are Message-IDs, not UIDs.
func (c *Connector) Fetch(ctx context.Context, stream, cur string) (connector.Page, error) {
	if err := ctx.Err(); err != nil {
		return connector.Page{}, fmt.Errorf("fetch %s: %w", stream, err)
	}
	if stream != c.mailbox {
		return connector.Page{}, connector.Errorf(connector.Permanent, nil, "unknown mailbox stream %q", stream)
	}
	pos, ok := parseCursor(cur)
	if !ok {
		c.log.Warn("email: unreadable cursor, starting over", "cursor", cur)
		pos = cursor{}
	}
	s, err := c.openIMAP(ctx, nil)
	if err != nil {
		return connector.Page{}, err
	}
	defer s.close()
	page, err := c.fetch(ctx, s.c, pos)
	if err != nil {
		return connector.Page{}, c.classify(ctx, stageCommand, err)
	}
	return page, nil
}

func (c *Connector) fetch(ctx context.Context, cl *imapclient.Client, pos cursor) (connector.Page, error) {
	condstore := cl.Caps().Has(imap.CapCondStore)
	// EXAMINE (read-only) so syncing never marks customer mail as read.
	sel, err := cl.Select(c.mailbox, &imap.SelectOptions{ReadOnly: true, CondStore: condstore}).Wait()
	if err != nil {
		return connector.Page{}, c.classify(ctx, stageMailbox, err)
	}
	if pos.UIDValidity != 0 && pos.UIDValidity != sel.UIDValidity {
		c.log.Info("email: UIDVALIDITY changed, resyncing", "mailbox", c.mailbox,
			"old", pos.UIDValidity, "new", sel.UIDValidity)
		pos = cursor{}
	}
	next := pos
	next.UIDValidity = sel.UIDValidity
	if condstore {
		next.ModSeq = sel.HighestModSeq
	}
	// Nothing new and no flag changed: answer without searching.
	if pos.UIDValidity != 0 && sel.UIDNext != 0 && sel.UIDNext <= pos.LastUID+1 &&
		(!condstore || pos.ModSeq == sel.HighestModSeq) {
		c.syncedNext.Store(uint32(sel.UIDNext))
		return connector.Page{Cursor: next.String(), Progress: 1}, nil
	}

	var uids []imap.UID
	if pos.UIDValidity == 0 {
		uids, err = c.backfillUIDs(cl)
		if err != nil {
			return connector.Page{}, err
		}
		if len(uids) == 0 {
			// An empty window: start after everything that exists now, so
			// older mail never trickles in later.
			if sel.UIDNext > 0 {
				next.LastUID = sel.UIDNext - 1
			}
			c.syncedNext.Store(uint32(sel.UIDNext))
			return connector.Page{Cursor: next.String(), Progress: 1}, nil
		}
		next.BackfillLow, next.BackfillTo = uids[0], uids[len(uids)-1]
	} else {
		uids, err = c.newUIDs(cl, pos.LastUID)
		if err != nil {
			return connector.Page{}, err
		}
	}
	more := len(uids) > c.pageSize
	if more {
		uids = uids[:c.pageSize]
	}
	if len(uids) > 0 {
		next.LastUID = uids[len(uids)-1]
	}
	if next.BackfillTo != 0 && next.LastUID >= next.BackfillTo {
		next.BackfillTo, next.BackfillLow = 0, 0
	}
	// Flag changes (read elsewhere) on mail we already have: re-send those
	// messages so their read state follows. Bounded; CONDSTORE servers only.
	var changed []imap.UID
	if condstore && pos.ModSeq != 0 && pos.LastUID > 0 && sel.HighestModSeq != pos.ModSeq {
		changed, err = c.changedUIDs(cl, pos.LastUID, pos.ModSeq)
		if err != nil {
			return connector.Page{}, err
		}
	}
	msgs, err := c.fetchMessages(cl, append(changed, uids...))
	if err != nil {
		return connector.Page{}, err
	}
	convs, undelivered := c.group(msgs)
	page := connector.Page{Conversations: convs, Undelivered: undelivered, Cursor: next.String(), More: more, Progress: 1}
	if !more {
		c.syncedNext.Store(uint32(sel.UIDNext))
	}
	if more && next.BackfillTo > next.BackfillLow {
		page.Progress = float64(next.LastUID-next.BackfillLow) / float64(next.BackfillTo-next.BackfillLow)
	}
	return page, nil
}

// backfillUIDs lists the first-sync window, oldest first.
func (c *Connector) backfillUIDs(cl *imapclient.Client) ([]imap.UID, error) {
	since := c.now().AddDate(0, 0, -c.backfillDays)
	data, err := cl.UIDSearch(&imap.SearchCriteria{Since: since}, nil).Wait()
	if err != nil {
		return nil, err
	}
	uids := data.AllUIDs()
	slices.Sort(uids)
	if len(uids) > c.backfillMax {
		uids = uids[len(uids)-c.backfillMax:]
	}
	return uids, nil
}

// newUIDs lists UIDs above last. "last+1:*" always matches the highest
// message even when it is below last, hence the filter.
func (c *Connector) newUIDs(cl *imapclient.Client, last imap.UID) ([]imap.UID, error) {
	set := imap.UIDSet{imap.UIDRange{Start: last + 1, Stop: 0}}
	data, err := cl.UIDSearch(&imap.SearchCriteria{UID: []imap.UIDSet{set}}, nil).Wait()
	if err != nil {
		return nil, err
	}
	var out []imap.UID
	for _, u := range data.AllUIDs() {
		if u > last {
			out = append(out, u)
		}
	}
	slices.Sort(out)
	return out, nil
}

// maxChanged bounds how many already-synced messages one poll re-sends
// because their flags changed.
const maxChanged = 100

func (c *Connector) changedUIDs(cl *imapclient.Client, last imap.UID, since uint64) ([]imap.UID, error) {
	set := imap.UIDSet{imap.UIDRange{Start: 1, Stop: last}}
	bufs, err := cl.Fetch(set, &imap.FetchOptions{UID: true, Flags: true, ChangedSince: since}).Collect()
	if err != nil {
		return nil, err
	}
	var out []imap.UID
	for _, b := range bufs {
		out = append(out, b.UID)
	}
	slices.Sort(out)
	if len(out) > maxChanged {
		out = out[len(out)-maxChanged:]
	}
	return out, nil
}

// fetched is one downloaded message.
type fetched struct {
	UID      imap.UID
	Seen     bool
	Internal time.Time
	Parsed   parsed
	// Bounce is set when the mail is the mail system's report on one of
	// our own replies (see ourBounce).
	Bounce *bounce
}

func (c *Connector) fetchMessages(cl *imapclient.Client, uids []imap.UID) ([]fetched, error) {
	if len(uids) == 0 {
		return nil, nil
	}
	section := &imap.FetchItemBodySection{Peek: true, Partial: &imap.SectionPartial{Offset: 0, Size: maxFetchBytes}}
	bufs, err := cl.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{
		UID: true, Flags: true, InternalDate: true, RFC822Size: true, BodySection: []*imap.FetchItemBodySection{section},
	}).Collect()
	if err != nil {
		return nil, err
	}
	out := make([]fetched, 0, len(bufs))
	for _, b := range bufs {
		var raw []byte
		if len(b.BodySection) > 0 {
			raw = b.BodySection[0].Bytes
		}
		p, err := parseMessage(raw)
		if err != nil {
			// One unreadable mail must not block the mailbox: keep a stub
			// so the customer is not silently ignored.
			c.log.Warn("email: unreadable message", "uid", b.UID, "err", err)
			p = parsed{Text: "(This e-mail could not be read; open it in your mail program.)"}
		}
		if p.MessageID == "" {
			p.MessageID = syntheticID(raw)
		}
		// Only maxFetchBytes were downloaded, and each stage caps its part
		// (see parse.go, text.go): say so where the customer's words end.
		// A download that only lost attachments after whole text is not cut.
		size := max(b.RFC822Size, int64(len(raw)))
		if p.Cut || size > int64(len(raw)) && (p.single || p.Text == "") {
			p.Cut, p.Size = true, size
			p.Text = shortened(p.Text, size)
		}
		f := fetched{UID: b.UID, Seen: slices.Contains(b.Flags, imap.FlagSeen), Internal: b.InternalDate, Parsed: p}
		if p.report { // only a report is read a second time, for its parts
			f.Bounce = ourBounce(raw)
		}
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b fetched) int { return cmp.Compare(a.UID, b.UID) })
	// A changed UID can also be a new one in the same page; send it once.
	out = slices.CompactFunc(out, func(a, b fetched) bool { return a.UID == b.UID })
	return out, nil
}
