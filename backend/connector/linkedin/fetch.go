package linkedin

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

// Retention is how long LinkedIn keeps organization notifications.
const Retention = 60 * 24 * time.Hour

// pageSize is the count asked per notifications page.
const pageSize = 50

// overlap re-reads the end of the previous range: a notification can
// become visible a little after its lastModifiedAt, and one read too late
// would otherwise be lost. The repeats are harmless (natural keys).
const overlap = 5 * time.Minute

type notification struct {
	Action            string `json:"action"`
	LastModifiedAt    int64  `json:"lastModifiedAt"`
	SourcePost        string `json:"sourcePost"`
	GeneratedActivity string `json:"generatedActivity"`
}

type comment struct {
	URN        string `json:"$URN"`
	CommentURN string `json:"commentUrn"`
	ID         string `json:"id"`
	Actor      string `json:"actor"`
	Object     string `json:"object"`
	Parent     string `json:"parentComment"`
	Created    struct {
		Time int64 `json:"time"`
	} `json:"created"`
	Message struct {
		Text string `json:"text"`
	} `json:"message"`
	Summary struct {
		Total int `json:"aggregatedTotalComments"`
	} `json:"commentsSummary"`
}

func (cm comment) urn() string {
	if cm.CommentURN != "" {
		return cm.CommentURN
	}
	return cm.URN
}

// window is the notifications cursor: the time range being read and the
// offset reached in it. Between walks only End is kept ("<end ms>"); a
// walk through several pages is "<start>/<end>/<offset>".
type window struct {
	Start, End int64 // ms; End exclusive
	Offset     int
}

func parseWindow(s string) (window, bool) {
	parts := strings.Split(s, "/")
	var n []int64
	for _, p := range parts {
		v, err := strconv.ParseInt(p, 10, 64)
		if err != nil || v < 0 {
			return window{}, false
		}
		n = append(n, v)
	}
	switch len(n) {
	case 1:
		return window{End: n[0]}, true
	case 3:
		return window{Start: n[0], End: n[1], Offset: int(n[2])}, true
	}
	return window{}, false
}

// fetch reads one page of notifications in a time range, then the
// comments they point at. The cursor is the end of the last range read; the
// first sync backfills LinkedIn's 60 days of retention.
func (c *Connector) fetch(ctx context.Context, cursor string) (connector.Page, error) {
	// The range's end is exclusive: +1 ms takes in everything up to now.
	now := c.now().UnixMilli() + 1
	oldest := now - Retention.Milliseconds() + time.Minute.Milliseconds()
	w := window{Start: oldest, End: now}
	if cursor != "" {
		prev, ok := parseWindow(cursor)
		if !ok {
			return connector.Page{}, connector.Errorf(connector.Permanent, nil, "the stored LinkedIn position %q is damaged; remove and add the handle again", cursor)
		}
		if prev.Start != 0 { // mid-walk: keep the range
			w = prev
		} else {
			// Older than retention is gone anyway, and LinkedIn refuses it.
			w.Start = max(prev.End-overlap.Milliseconds(), oldest)
		}
	}
	if w.Start >= w.End {
		return connector.Page{Cursor: strconv.FormatInt(max(w.End, w.Start), 10)}, nil
	}
	q := "q=criteria&organizationalEntity=" + urnEscape(c.org) + "&actions=List(COMMENT,SHARE_MENTION)" +
		fmt.Sprintf("&timeRange=(start:%d,end:%d)&start=%d&count=%d", w.Start, w.End, w.Offset, pageSize)
	var out struct {
		Elements []notification `json:"elements"`
		Paging   struct {
			Start int `json:"start"`
			Count int `json:"count"`
			Total int `json:"total"`
		} `json:"paging"`
	}
	if _, err := c.do(ctx, http.MethodGet, "/rest/organizationalEntityNotifications", q, nil, &out); err != nil {
		return connector.Page{}, err
	}
	var page connector.Page
	b := builder{c: c, since: w.Start, convs: map[string]int{}, seen: map[string]bool{}}
	posts := map[string][]string{} // post → generated comment URNs, in order
	var order []string
	for _, n := range out.Elements {
		switch n.Action {
		case "COMMENT":
			if n.SourcePost == "" {
				return connector.Page{}, unreadable(fmt.Errorf("linkedin notifications: comment without sourcePost"))
			}
			if _, ok := posts[n.SourcePost]; !ok {
				order = append(order, n.SourcePost)
			}
			posts[n.SourcePost] = append(posts[n.SourcePost], n.GeneratedActivity)
		case "SHARE_MENTION":
			if err := b.mention(ctx, n); err != nil {
				return connector.Page{}, err
			}
		}
	}
	for _, post := range order {
		if err := b.comments(ctx, post, posts[post]); err != nil {
			return connector.Page{}, err
		}
	}
	page.Conversations = b.out
	more := len(out.Elements) == pageSize || out.Paging.Total > w.Offset+len(out.Elements)
	if more && len(out.Elements) > 0 {
		w.Offset += len(out.Elements)
		page.Cursor, page.More = fmt.Sprintf("%d/%d/%d", w.Start, w.End, w.Offset), true
	} else {
		page.Cursor = strconv.FormatInt(w.End, 10)
	}
	page.Progress = 1
	if page.More && out.Paging.Total > 0 {
		page.Progress = float64(w.Offset) / float64(out.Paging.Total)
	}
	return page, nil
}

// builder gathers one page's conversations.
type builder struct {
	c     *Connector
	since int64 // ms; older comments were in an earlier range
	out   []connector.Conversation
	convs map[string]int
	seen  map[string]bool
}

func (b *builder) add(convID string, m connector.Message) {
	if b.seen[m.RemoteID] {
		return
	}
	b.seen[m.RemoteID] = true
	k, ok := b.convs[convID]
	if !ok {
		k = len(b.out)
		b.convs[convID] = k
		b.out = append(b.out, connector.Conversation{RemoteID: convID, Kind: inbox.KindPublic})
	}
	cv := &b.out[k]
	if cv.Customer.RemoteID == "" && m.Direction == inbox.Inbound {
		cv.Customer = m.Author
	}
	cv.Messages = append(cv.Messages, m)
	sort.SliceStable(cv.Messages, func(i, j int) bool { return cv.Messages[i].SentAt.Before(cv.Messages[j].SentAt) })
}

// comments reads a post's comments (GET /rest/socialActions/{post}/comments)
// and keeps those made since the range start. A nested reply is not in
// that list; when a notification names one that is missing, the replies of
// commented top-level comments are read too.
func (b *builder) comments(ctx context.Context, post string, generated []string) error {
	top, err := b.list(ctx, post)
	if err != nil {
		return err
	}
	found := map[string]bool{}
	for _, cm := range top {
		found[cm.urn()] = true
	}
	missing := false
	for _, g := range generated {
		missing = missing || strings.HasPrefix(g, "urn:li:comment:") && !found[g]
	}
	for _, cm := range top {
		if err := b.comment(cm, cm.urn(), post); err != nil {
			return err
		}
		// Replies are read when the thread is new in this range (to show
		// it whole) or a notification names a reply not found at the top.
		if cm.Summary.Total == 0 || !missing && cm.Created.Time < b.since {
			continue
		}
		nested, err := b.list(ctx, cm.urn())
		if err != nil {
			return err
		}
		for _, r := range nested {
			if err := b.comment(r, cm.urn(), post); err != nil {
				return err
			}
		}
	}
	return nil
}

func (b *builder) list(ctx context.Context, target string) ([]comment, error) {
	var out struct {
		Elements []comment `json:"elements"`
	}
	if _, err := b.c.do(ctx, http.MethodGet, "/rest/socialActions/"+urnEscape(target)+"/comments", "start=0&count=100", nil, &out); err != nil {
		return nil, err
	}
	return out.Elements, nil
}

func (b *builder) comment(cm comment, thread, post string) error {
	if cm.urn() == "" || cm.Created.Time == 0 {
		return unreadable(fmt.Errorf("linkedin comments: comment without urn or time"))
	}
	if cm.Created.Time < b.since {
		return nil
	}
	m := b.message(cm.urn(), cm.Actor, cm.Message.Text, cm.Created.Time)
	m.Extra = map[string]any{"post": post}
	if cm.Parent != "" {
		m.ReplyToRemoteID = cm.Parent
	}
	b.add("comment:"+thread, m)
	return nil
}

// mention reads a post that mentions the page (GET /rest/posts/{urn}).
func (b *builder) mention(ctx context.Context, n notification) error {
	urn := n.GeneratedActivity
	if urn == "" {
		urn = n.SourcePost
	}
	if urn == "" {
		return unreadable(fmt.Errorf("linkedin notifications: mention without a post"))
	}
	var p struct {
		ID         string `json:"id"`
		Author     string `json:"author"`
		Commentary string `json:"commentary"`
		CreatedAt  int64  `json:"createdAt"`
	}
	if _, err := b.c.do(ctx, http.MethodGet, "/rest/posts/"+urnEscape(urn), "", nil, &p); err != nil {
		return err
	}
	at := p.CreatedAt
	if at == 0 {
		at = n.LastModifiedAt
	}
	if at == 0 {
		return unreadable(fmt.Errorf("linkedin posts: %s without a time", urn))
	}
	m := b.message(urn, p.Author, p.Commentary, at)
	m.Extra = map[string]any{"mention": true}
	b.add("post:"+urn, m)
	return nil
}

func (b *builder) message(urn, actor, text string, ms int64) connector.Message {
	m := connector.Message{RemoteID: urn, Direction: inbox.Inbound, Text: text, SentAt: time.UnixMilli(ms).UTC(),
		// Names of members need their consent (an API LinkedIn keeps closed), so the URN is what we have.
		Author: inbox.Participant{Network: inbox.NetworkLinkedIn, RemoteID: actor, DisplayName: displayName(actor)}, AuthorName: displayName(actor)}
	if actor == b.c.org {
		m.Direction, m.Author, m.AuthorName = inbox.Outbound, inbox.Participant{}, ""
	}
	return m
}

func displayName(actor string) string {
	if strings.HasPrefix(actor, "urn:li:organization:") {
		return "LinkedIn page"
	}
	return "LinkedIn member"
}

func unreadable(err error) error {
	return connector.Errorf(connector.Temporary, err, "LinkedIn sent an answer we could not read; retrying")
}

// Fetch implements connector.Connector.
func (c *Connector) Fetch(ctx context.Context, stream, cursor string) (connector.Page, error) {
	if stream != StreamNotifications {
		return connector.Page{}, connector.Errorf(connector.Permanent, nil, "LinkedIn has no stream %q", stream)
	}
	return c.fetch(ctx, cursor)
}
