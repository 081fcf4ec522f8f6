package bluesky

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"careinbox/backend/connector"
)

type facet struct {
	Index struct {
		ByteStart int `json:"byteStart"`
		ByteEnd   int `json:"byteEnd"`
	} `json:"index"`
	Features []map[string]string `json:"features"`
}

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
	if utf8.RuneCountInString(text) > 300 {
		return connector.Sent{}, connector.Errorf(connector.Permanent, nil, "Bluesky posts are limited to 300 characters; shorten the reply or answer privately")
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
		} `json:"posts"`
	}
	if err := c.xrpc(ctx, http.MethodGet, "app.bsky.feed.getPosts", url.Values{"uris": {parentURI}}, nil, &posts); err != nil {
		return connector.Sent{}, err
	}
	if len(posts.Posts) == 0 {
		return connector.Sent{}, connector.Errorf(connector.Permanent, nil, "the post to answer was deleted")
	}
	p := posts.Posts[0]
	parent := strongRef{URI: p.URI, CID: p.CID}
	root := parent
	if p.Record.Reply != nil {
		root = p.Record.Reply.Root
	}
	text, facets := withMention(text, r.Customer.Username, r.Customer.RemoteID)
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
		// refuses to create it again. If the post there is this reply, it
		// was sent; anything else keeps the original error.
		if ce, ok := connector.Classify(err); ok && ce.Kind == connector.Permanent && rkey != "" {
			if s, found, ferr := c.findPost(ctx, did, rkey, text, parentURI); ferr == nil && found {
				return s, nil
			}
		}
		return connector.Sent{}, err
	}
	return connector.Sent{RemoteID: out.URI, SentAt: createdAt}, nil
}

// withMention puts "@handle " in front unless the text mentions the
// customer, and returns the mention facet. Facet offsets are UTF-8 byte
// offsets, so an emoji or accent before the mention counts its bytes.
func withMention(text, handle, did string) (string, []facet) {
	if handle == "" || did == "" {
		return text, nil
	}
	mention := "@" + strings.TrimPrefix(handle, "@")
	i := strings.Index(strings.ToLower(text), strings.ToLower(mention))
	if i < 0 {
		text = mention + " " + text
		i = 0
	}
	var f facet
	f.Index.ByteStart, f.Index.ByteEnd = i, i+len(mention)
	f.Features = []map[string]string{{"$type": "app.bsky.richtext.facet#mention", "did": did}}
	return text, []facet{f}
}

func (c *Connector) sendChat(ctx context.Context, r connector.Reply, text string) (connector.Sent, error) {
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
	in := map[string]any{"convoId": convo, "message": map[string]any{"text": text}}
	if err := c.xrpc(ctx, http.MethodPost, "chat.bsky.convo.sendMessage", nil, in, &msg); err != nil {
		return connector.Sent{}, err
	}
	return connector.Sent{RemoteID: "chat:" + msg.ID, SentAt: msg.SentAt}, nil
}
