package instagram

import (
	"context"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

var _ connector.Backfiller = (*Connector)(nil)

// BackfillStreams: Instagram DMs, every conversation Graph lists, each with
// the newest messages it gives. Comments are read from the newest media
// only (live sync).
func (c *Connector) BackfillStreams() []string { return []string{StreamDMs} }

// Backfill walks the account's conversation list to its end with Graph's
// after cursor.
func (c *Connector) Backfill(ctx context.Context, stream, cursor string) (connector.Page, error) {
	if stream != StreamDMs {
		return connector.Page{}, connector.Errorf(connector.Permanent, nil, "Instagram keeps no history to walk for %q", stream)
	}
	if _, err := c.igUser(ctx); err != nil {
		return connector.Page{}, err
	}
	return c.g.ConversationHistory(ctx, inbox.NetworkInstagram, "instagram", c.pageID, cursor)
}
