package x

import (
	"context"

	"careinbox/backend/connector"
)

var _ connector.Backfiller = (*Connector)(nil)

// BackfillStreams: mentions and DMs, each within X's own window. The
// mentions timeline gives at most the newest 800 posts and dm_events the
// last 30 days; older history is only in the account archive (import).
func (c *Connector) BackfillStreams() []string { return []string{StreamMentions, StreamDMs} }

// Backfill walks a stream back, newest first, with pagination_token as the
// cursor, until X gives no next_token (the end of its window). Every read
// is billed and DMs allow 15 requests per 15 minutes: the engine's
// back-off honours X's rate-limit reset like a sync's.
func (c *Connector) Backfill(ctx context.Context, stream, cursor string) (connector.Page, error) {
	switch stream {
	case StreamMentions:
		return c.fetchMentions(ctx, walk{token: cursor}, true)
	case StreamDMs:
		return c.fetchDMs(ctx, walk{token: cursor}, true)
	default:
		return connector.Page{}, connector.Errorf(connector.Permanent, nil, "X has no stream %q", stream)
	}
}

// historyPage finishes a page of a history walk: the next token is the
// cursor while there is one.
func historyPage(p connector.Page, cursor, next string) connector.Page {
	p.Cursor, p.More = cursor, next != "" && next != cursor
	if p.More {
		p.Cursor = next
	}
	return p
}
