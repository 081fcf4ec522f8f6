package bluesky

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"careinbox/backend/connector"
)

const (
	postCollection = "app.bsky.feed.post"
	// chatLookback is how many of a conversation's newest messages FindSent
	// searches for an unconfirmed chat reply.
	chatLookback = 50
	// tidAlphabet is base32-sortable, the TID encoding.
	tidAlphabet = "234567abcdefghijklmnopqrstuvwxyz"
	// tidSpan is the width of the timestamp window a derived record key
	// falls in: 2^46 µs, about 2.2 years from tidBase.
	tidSpan = 1 << 46
	// chatSkew allows for this computer's clock running ahead of the chat
	// service's: a message stamped up to this long before the reply was
	// queued may still be it.
	chatSkew = 10 * time.Minute
)

// tidBase starts the window of derived record-key timestamps: Bluesky's
// first year, so the keys look like ordinary (older) post keys and never
// lie in the future.
var tidBase = time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).UnixMicro()

// postRKey derives the record key of a reply post from its idempotency
// key. app.bsky.feed.post records use key type "tid", so the key must be
// a syntactically valid TID: 13 base32-sortable characters encoding a
// 64-bit number whose top bit is 0, then 53 bits of microseconds since
// the Unix epoch, then a 10-bit clock id. Both parts come from SHA-256 of
// the idempotency key: the timestamp a point in a 2^46 µs window from
// 2023-01-01 and the clock id 10 more bits, 56 bits of the hash in all. A
// retry therefore always uses the same key, and two replies of one account
// collide only by chance (about 1 in 10^10 after a million replies).
func postRKey(idempotencyKey string) string {
	h := sha256.Sum256([]byte("careinbox/bluesky/post\x00" + idempotencyKey))
	n := binary.BigEndian.Uint64(h[:8])
	ts := uint64(tidBase) + n%tidSpan
	clock := binary.BigEndian.Uint64(h[8:16]) & 0x3ff
	v := (ts&(1<<53-1))<<10 | clock
	var b [13]byte
	for i := 12; i >= 0; i-- {
		b[i] = tidAlphabet[v&31]
		v >>= 5
	}
	return string(b[:])
}

// FindSent implements connector.SentFinder. A post is looked up by the
// record key Reply derived from the idempotency key; a chat message, which
// has no key, by its text among the conversation's newest messages.
func (c *Connector) FindSent(ctx context.Context, r connector.Reply) (connector.Sent, bool, error) {
	text := strings.TrimSpace(r.Text)
	if text == "" {
		return connector.Sent{}, false, nil // Reply refuses empty replies: never sent
	}
	if r.Visibility == connector.Private {
		return c.findChat(ctx, r, text)
	}
	if r.IdempotencyKey == "" {
		return connector.Sent{}, false, connector.Errorf(connector.Permanent, nil, "a reply without an idempotency key cannot be looked up on Bluesky")
	}
	did, err := c.ownDID(ctx)
	if err != nil {
		return connector.Sent{}, false, err
	}
	parentURI := r.InReplyTo
	if parentURI == "" {
		parentURI = r.ConversationRemoteID
	}
	text, _ = withMention(text, r.Customer.Username, r.Customer.RemoteID)
	return c.findPost(ctx, did, postRKey(r.IdempotencyKey), text, parentURI)
}

// findPost reads the post at rkey in our repo. A post there that is not
// this reply (another app's record, or a key collision) is an error, not
// "found": reporting it sent would lose the reply, and sending again would
// be refused for the taken key.
func (c *Connector) findPost(ctx context.Context, did, rkey, text, parentURI string) (connector.Sent, bool, error) {
	var out struct {
		URI   string     `json:"uri"`
		Value postRecord `json:"value"`
	}
	q := url.Values{"repo": {did}, "collection": {postCollection}, "rkey": {rkey}}
	if err := c.xrpc(ctx, http.MethodGet, "com.atproto.repo.getRecord", q, nil, &out); err != nil {
		if remoteName(err) == "RecordNotFound" {
			return connector.Sent{}, false, nil
		}
		return connector.Sent{}, false, fmt.Errorf("look up reply post %s: %w", rkey, err)
	}
	if out.Value.Text != text || out.Value.Reply == nil || out.Value.Reply.Parent.URI != parentURI {
		return connector.Sent{}, false, connector.Errorf(connector.Permanent, nil,
			"another post already uses this reply's record key (%s); check the thread on Bluesky", out.URI)
	}
	return connector.Sent{RemoteID: out.URI, SentAt: out.Value.CreatedAt.Time}, true, nil
}

// findChat looks for the reply among the conversation's newest messages:
// one from us with exactly the reply's text, newer than the message it
// answers when that is in the window. An identical earlier message is not
// taken for it: the conversation's other replies (Reply.Earlier) or one sent
// before the reply was queued (less chatSkew) is skipped. See the README
// for the residual risk of an identical text sent twice.
func (c *Connector) findChat(ctx context.Context, r connector.Reply, text string) (connector.Sent, bool, error) {
	convo, ok := strings.CutPrefix(r.ConversationRemoteID, "convo:")
	if !ok {
		if r.Customer.RemoteID == "" {
			return connector.Sent{}, false, nil // Reply refuses this: never sent
		}
		// Unlike getConvoForMembers (what Reply uses), this does not open
		// a conversation: none means nothing was sent.
		var av struct {
			Convo *struct {
				ID string `json:"id"`
			} `json:"convo"`
		}
		if err := c.xrpc(ctx, http.MethodGet, "chat.bsky.convo.getConvoAvailability", url.Values{"members": {r.Customer.RemoteID}}, nil, &av); err != nil {
			return connector.Sent{}, false, fmt.Errorf("look up chat with %s: %w", r.Customer.RemoteID, err)
		}
		if av.Convo == nil {
			return connector.Sent{}, false, nil
		}
		convo = av.Convo.ID
	}
	did, err := c.ownDID(ctx)
	if err != nil {
		return connector.Sent{}, false, err
	}
	var out struct {
		Messages []json.RawMessage `json:"messages"`
	}
	q := url.Values{"convoId": {convo}, "limit": {strconv.Itoa(chatLookback)}}
	if err := c.xrpc(ctx, http.MethodGet, "chat.bsky.convo.getMessages", q, nil, &out); err != nil {
		return connector.Sent{}, false, fmt.Errorf("look up chat messages in %s: %w", convo, err)
	}
	answered, isChat := strings.CutPrefix(r.InReplyTo, "chat:")
	if !isChat {
		answered = "" // a public post answered privately: no anchor in the chat
	}
	known := make(map[string]bool, len(r.Earlier))
	for _, id := range r.Earlier {
		known[id] = true
	}
	var since time.Time
	if !r.QueuedAt.IsZero() {
		since = r.QueuedAt.Add(-chatSkew)
	}
	var match *chatMsg
	for _, raw := range out.Messages { // newest first
		var m chatMsg
		if err := json.Unmarshal(raw, &m); err != nil || m.Type != "chat.bsky.convo.defs#messageView" {
			continue // deleted or system messages
		}
		if answered != "" && m.ID == answered {
			break // older than the answered message: sent before the reply existed
		}
		if known["chat:"+m.ID] || !since.IsZero() && m.SentAt.Before(since) {
			continue // an earlier message of ours, whatever its text
		}
		if m.Sender.DID == did && m.Text == text {
			match = &m // keep going: the oldest match is the first send
		}
	}
	if match == nil {
		return connector.Sent{}, false, nil
	}
	return connector.Sent{RemoteID: "chat:" + match.ID, SentAt: match.SentAt}, true, nil
}

// ownDID is the account's DID, signing in first when no session told it yet.
func (c *Connector) ownDID(ctx context.Context) (string, error) {
	c.mu.Lock()
	did := c.sess.DID
	c.mu.Unlock()
	if did != "" {
		return did, nil
	}
	if err := c.refresh(ctx); err != nil {
		return "", err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sess.DID == "" {
		return "", connector.Errorf(connector.Temporary, nil, "Bluesky did not tell the account's DID")
	}
	return c.sess.DID, nil
}
