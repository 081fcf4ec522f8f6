package bluesky

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/rivo/uniseg"

	"careinbox/backend/connector"
)

// Reply implements connector.Replier. Public: a post answering InReplyTo
// with reply {root, parent} strong refs (the parent is looked up for its
// cid and its own root) and a mention facet for the customer. Private: a
// chat message in the conversation (or a 1-1 conversation opened with the
// customer). Neither API takes an idempotency key; posts get a record key
// derived from r.IdempotencyKey instead (see postRKey and FindSent).
func (c *Connector) Reply(ctx context.Context, r connector.Reply) (connector.Sent, error) {
	text := strings.TrimSpace(r.Text)
	if text == "" {
		return connector.Sent{}, connector.Errorf(connector.Permanent, nil, "the reply is empty")
	}
	if r.Visibility == connector.Private {
		return c.sendChat(ctx, r, text)
	}
	// Bluesky's limits apply to the text as posted, mention prefix included.
	text, facets := withMention(text, r.Customer.Username, r.Customer.RemoteID)
	if n := uniseg.GraphemeClusterCount(text); n > MaxGraphemes {
		return connector.Sent{}, connector.Errorf(connector.Permanent, nil,
			"Bluesky posts are limited to %d characters and this reply has %d (with the @mention in front); shorten it or answer privately", MaxGraphemes, n)
	}
	if len(text) > MaxBytes {
		return connector.Sent{}, connector.Errorf(connector.Permanent, nil,
			"this reply is too long for a Bluesky post (%d bytes of at most %d: emoji count several times); shorten it or answer privately", len(text), MaxBytes)
	}
	parentURI := r.InReplyTo
	if parentURI == "" {
		parentURI = r.ConversationRemoteID
	}
	var posts struct {
		Posts []struct {
			URI    string     `json:"uri"`
			CID    string     `json:"cid"`
			Record postRecord `json:"record"`
			Viewer struct {
				ReplyDisabled bool `json:"replyDisabled"`
			} `json:"viewer"`
		} `json:"posts"`
	}
	if err := c.xrpc(ctx, http.MethodGet, "app.bsky.feed.getPosts", url.Values{"uris": {parentURI}}, nil, &posts); err != nil {
		return connector.Sent{}, err
	}
	if len(posts.Posts) == 0 {
		return connector.Sent{}, connector.Errorf(connector.Permanent, nil, "the post to answer was deleted")
	}
	p := posts.Posts[0]
	if p.Viewer.ReplyDisabled {
		// The PDS would take the post, but the AppView hides a reply its
		// thread's gate does not allow (violatesThreadGate): the customer
		// would never see an answer the inbox counts as sent.
		return connector.Sent{}, connector.Errorf(connector.Permanent, nil,
			"the author of this thread limited who can reply, and this account may not; answer privately instead")
	}
	parent := strongRef{URI: p.URI, CID: p.CID}
	root := parent
	if p.Record.Reply != nil {
		root = p.Record.Reply.Root
	}
	did, err := c.ownDID(ctx)
	if err != nil {
		return connector.Sent{}, err
	}
	createdAt := c.now().UTC()
	rec := map[string]any{
		"$type": "app.bsky.feed.post", "text": text, "createdAt": createdAt.Format(time.RFC3339Nano),
		"reply": map[string]any{"root": root, "parent": parent},
	}
	if len(facets) > 0 {
		rec["facets"] = facets
	}
	var out strongRef
	in := map[string]any{"repo": did, "collection": postCollection, "record": rec}
	rkey := ""
	if r.IdempotencyKey != "" {
		rkey = postRKey(r.IdempotencyKey)
		in["rkey"] = rkey
	}
	if err := c.xrpc(ctx, http.MethodPost, "com.atproto.repo.createRecord", nil, in, &out); err != nil {
		// A retry after a lost answer finds its record key taken: the PDS
		// refuses to create it again — a real PDS with a 500, not a 4xx
		// (see retryConfirmable). If the post there is this reply, it was
		// sent; anything else keeps the original error.
		if retryConfirmable(err) && rkey != "" {
			if s, found, ferr := c.findPost(ctx, did, rkey, text, parentURI); ferr == nil && found {
				return s, nil
			}
		}
		return connector.Sent{}, err
	}
	return connector.Sent{RemoteID: out.URI, SentAt: createdAt}, nil
}

func (c *Connector) sendChat(ctx context.Context, r connector.Reply, text string) (connector.Sent, error) {
	// Refused here in plain words rather than by the chat service.
	if n := uniseg.GraphemeClusterCount(text); n > MaxChatGraphemes {
		return connector.Sent{}, connector.Errorf(connector.Permanent, nil,
			"Bluesky messages are limited to %d characters and this one has %d; shorten it or split it in two", MaxChatGraphemes, n)
	}
	if len(text) > MaxChatBytes {
		return connector.Sent{}, connector.Errorf(connector.Permanent, nil,
			"this message is too long for Bluesky (%d bytes of at most %d: emoji count several times); shorten it or split it in two", len(text), MaxChatBytes)
	}
	convo, ok := strings.CutPrefix(r.ConversationRemoteID, "convo:")
	if !ok {
		if r.Customer.RemoteID == "" {
			return connector.Sent{}, connector.Errorf(connector.Permanent, nil, "the customer's Bluesky account is unknown, so a message cannot be sent")
		}
		var out struct {
			Convo struct {
				ID string `json:"id"`
			} `json:"convo"`
		}
		if err := c.xrpc(ctx, http.MethodGet, "chat.bsky.convo.getConvoForMembers", url.Values{"members": {r.Customer.RemoteID}}, nil, &out); err != nil {
			return connector.Sent{}, err
		}
		convo = out.Convo.ID
	}
	var msg chatMsg
	message := map[string]any{"text": text}
	if fs := linkFacets(text); len(fs) > 0 {
		message["facets"] = fs
	}
	in := map[string]any{"convoId": convo, "message": message}
	if err := c.xrpc(ctx, http.MethodPost, "chat.bsky.convo.sendMessage", nil, in, &msg); err != nil {
		return connector.Sent{}, err
	}
	return connector.Sent{RemoteID: "chat:" + msg.ID, SentAt: msg.SentAt}, nil
}

// retryConfirmable says a failed createRecord may have met a post already
// under its record key, so the key is read before giving up. A real PDS
// answers a taken key with 500 InternalServerError (the repository write
// fails), the double and other servers with a 4xx. A lost answer (a 502 or
// a broken connection) stays a temporary failure for the outbox to confirm
// through FindSent before it retries.
func retryConfirmable(err error) bool {
	ce, ok := connector.Classify(err)
	return ok && (ce.Kind == connector.Permanent || remoteStatus(err) == 500)
}
