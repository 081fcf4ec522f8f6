package x

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"careinbox/backend/connector"
)

// Reply implements connector.Replier: a public reply is a post with
// reply.in_reply_to_tweet_id, a private one a DM to the customer. X takes
// no idempotency key for either.
func (c *Connector) Reply(ctx context.Context, r connector.Reply) (connector.Sent, error) {
	if strings.TrimSpace(r.Text) == "" {
		return connector.Sent{}, connector.Errorf(connector.Permanent, nil, "the reply is empty")
	}
	if r.Visibility == connector.Private {
		return c.sendDM(ctx, r)
	}
	target := r.InReplyTo
	if target == "" {
		target = strings.TrimPrefix(r.ConversationRemoteID, "post:")
	}
	if target == "" || strings.HasPrefix(target, "dm:") {
		return connector.Sent{}, connector.Errorf(connector.Permanent, nil, "a direct message can only be answered privately on X")
	}
	// Refused here rather than by X, whose 400 does not say by how much.
	if n := Weight(r.Text); n > MaxLength {
		return connector.Sent{}, connector.Errorf(connector.Permanent, nil,
			"X posts are limited to %d characters, and this reply counts %d (X counts each link as 23 and each emoji or CJK character as 2); shorten it or send it as a DM", MaxLength, n)
	}
	in := map[string]any{"text": r.Text, "reply": map[string]any{"in_reply_to_tweet_id": target}}
	var out struct {
		Data struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	ae, err := c.call(ctx, "tweets", http.MethodPost, "/2/tweets", nil, in, &out)
	if err != nil {
		if ce, ok := connector.Classify(err); ok && ce.Kind == connector.Permanent && restrictedReply(ae) {
			ce.Message = "the author of this post limits who can reply, so X does not let this account answer in public; send a DM instead"
		}
		return connector.Sent{}, err
	}
	if out.Data.ID == "" {
		return connector.Sent{}, connector.Errorf(connector.Temporary, nil, "X accepted the reply but sent no id")
	}
	return connector.Sent{RemoteID: out.Data.ID, SentAt: c.now()}, nil
}

// restrictedReply recognises X's 403 for a conversation whose author limits
// replies ("Reply to this conversation is not allowed because you have not
// been mentioned or otherwise engaged by the author …").
func restrictedReply(ae apiError) bool {
	t := strings.ToLower(ae.text())
	return strings.Contains(t, "reply to this conversation is not allowed") || strings.Contains(t, "not allowed to reply")
}

func (c *Connector) sendDM(ctx context.Context, r connector.Reply) (connector.Sent, error) {
	to := r.Customer.RemoteID
	if to == "" {
		return connector.Sent{}, connector.Errorf(connector.Permanent, nil, "this conversation has no X account to write to")
	}
	if n := dmLength(r.Text); n > MaxDMLength {
		return connector.Sent{}, connector.Errorf(connector.Permanent, nil,
			"X direct messages are limited to %d characters, and this one has %d; shorten it or split it in two", MaxDMLength, n)
	}
	var out struct {
		Data struct {
			EventID string `json:"dm_event_id"`
		} `json:"data"`
	}
	path := "/2/dm_conversations/with/" + url.PathEscape(to) + "/messages"
	if ae, err := c.call(ctx, "dm_send", http.MethodPost, path, nil, map[string]any{"text": r.Text}, &out); err != nil {
		// Only a plain 403 says the customer does not take our DMs; a
		// duplicate, an app outside a Project or a bad request say so themselves.
		if ce, ok := connector.Classify(err); ok && ce.Kind == connector.Permanent && ae.status == http.StatusForbidden &&
			!ae.duplicate() && !ae.has("client-forbidden") {
			ce.Message = "X did not deliver the DM: the customer may not accept direct messages from this account (" + ce.Message + ")"
		}
		return connector.Sent{}, err
	}
	if out.Data.EventID == "" {
		return connector.Sent{}, connector.Errorf(connector.Temporary, nil, "X accepted the DM but sent no id")
	}
	return connector.Sent{RemoteID: "dm:" + out.Data.EventID, SentAt: c.now()}, nil
}
