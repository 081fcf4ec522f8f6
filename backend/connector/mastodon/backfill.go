package mastodon

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"careinbox/backend/connector"
)

var _ connector.Backfiller = (*Connector)(nil)

// BackfillStreams: both streams walk back to the account's first mention
// and first direct conversation.
func (c *Connector) BackfillStreams() []string {
	return []string{StreamNotifications, StreamConversations}
}

// Backfill walks a stream back, newest first, with max_id paging. The
// server's Link header names the next (older) page; its max_id is the
// cursor. Conversations page by an id of their own that only the Link
// header knows, so it is honoured first; without one the oldest id on the
// page stands in. An empty page is the end.
func (c *Connector) Backfill(ctx context.Context, stream, cursor string) (connector.Page, error) {
	q := url.Values{"limit": {strconv.Itoa(pageLimit)}}
	if cursor != "" {
		q.Set("max_id", cursor)
	}
	var (
		convs  []connector.Conversation
		oldest string
		n      int
		hdr    http.Header
		err    error
	)
	switch stream {
	case StreamNotifications:
		convs, _, oldest, n, hdr, err = c.notifications(ctx, q, "")
	case StreamConversations:
		convs, _, oldest, n, hdr, err = c.conversations(ctx, q, "")
	default:
		return connector.Page{}, connector.Errorf(connector.Permanent, nil, "Mastodon has no stream %q", stream)
	}
	if err != nil {
		return connector.Page{}, err
	}
	next := nextMaxID(hdr)
	if next == "" {
		next = oldest
	}
	more := n > 0 && next != "" && next != cursor
	if !more {
		next = cursor
	}
	return connector.Page{Conversations: convs, Cursor: next, More: more}, nil
}

// nextMaxID reads max_id from the rel="next" link of a Link header
// (RFC 8288: `<https://…?max_id=1>; rel="next", <…>; rel="prev"`).
func nextMaxID(h http.Header) string {
	for _, v := range h.Values("Link") {
		for _, part := range strings.Split(v, ",") {
			target, params, ok := strings.Cut(strings.TrimSpace(part), ";")
			if !ok || !strings.Contains(strings.ReplaceAll(params, " ", ""), `rel="next"`) {
				continue
			}
			u, err := url.Parse(strings.Trim(strings.TrimSpace(target), "<>"))
			if err != nil {
				continue
			}
			if id := u.Query().Get("max_id"); id != "" {
				return id
			}
		}
	}
	return ""
}
