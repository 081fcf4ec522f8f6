package facebook

import (
	"context"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

var _ connector.Backfiller = (*Connector)(nil)

// BackfillStreams: Messenger conversations, all of them, each with the
// newest messages Graph gives. Comments are read from the newest posts
// only (live sync); older posts' comments are in the Page's archive.
func (c *Connector) BackfillStreams() []string { return []string{StreamMessenger} }

// Backfill walks the Page's conversation list to its end with Graph's
// after cursor.
func (c *Connector) Backfill(ctx context.Context, stream, cursor string) (connector.Page, error) {
	if stream != StreamMessenger {
		return connector.Page{}, connector.Errorf(connector.Permanent, nil, "Facebook keeps no history to walk for %q", stream)
	}
	return c.g.ConversationHistory(ctx, inbox.NetworkFacebook, "messenger", c.pageID, cursor)
}
