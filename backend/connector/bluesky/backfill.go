package bluesky

import (
	"context"
	"net/url"
	"strconv"

	"careinbox/backend/connector"
)

var _ connector.Backfiller = (*Connector)(nil)

// BackfillStreams: notifications walk back to the account's first. Chat
// history is not walked: live sync reads the chat log from the handle's
// connection on.
func (c *Connector) BackfillStreams() []string { return []string{StreamNotifications} }

// Backfill walks listNotifications back with its own cursor, newest first,
// to the end (the API returns no cursor, or an empty page).
func (c *Connector) Backfill(ctx context.Context, stream, cursor string) (connector.Page, error) {
	if stream != StreamNotifications {
		return connector.Page{}, connector.Errorf(connector.Permanent, nil, "Bluesky keeps no history to walk for %q", stream)
	}
	q := url.Values{"limit": {strconv.Itoa(pageLimit)}, "reasons": {"mention", "reply", "quote"}}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	var out struct {
		Cursor        string         `json:"cursor"`
		Notifications []notification `json:"notifications"`
	}
	if err := c.xrpc(ctx, "GET", "app.bsky.notification.listNotifications", q, nil, &out); err != nil {
		return connector.Page{}, err
	}
	more := out.Cursor != "" && len(out.Notifications) > 0 && out.Cursor != cursor
	next := cursor
	if more {
		next = out.Cursor
	}
	return connector.Page{Conversations: notificationConversations(out.Notifications, nil), Cursor: next, More: more}, nil
}
