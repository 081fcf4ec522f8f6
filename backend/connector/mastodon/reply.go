package mastodon

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomasto "github.com/mattn/go-mastodon"

	"careinbox/backend/connector"
)

// Reply implements connector.Replier. A public reply answers the post in
// the thread; a private one is a direct-visibility post. Both mention the
// customer, because on Mastodon only a mention notifies (and a direct post
// is only delivered to the accounts it mentions). The Idempotency-Key
// header makes the server return the first post if a retry repeats it.
func (c *Connector) Reply(ctx context.Context, r connector.Reply) (connector.Sent, error) {
	form, err := c.replyForm(r)
	if err != nil {
		return connector.Sent{}, err
	}
	info, err := c.instance(ctx, c.sendKit)
	if err != nil {
		return connector.Sent{}, err
	}
	if err := checkLength(form.Get("status"), info, c.base.Host); err != nil {
		return connector.Sent{}, err
	}
	if err := c.narrowVisibility(ctx, form); err != nil {
		return connector.Sent{}, err
	}
	hdr := http.Header{}
	if r.IdempotencyKey != "" {
		hdr.Set("Idempotency-Key", r.IdempotencyKey)
	}
	var s gomasto.Status
	if _, err := c.do(ctx, c.sendKit, postBucket, http.MethodPost, "/api/v1/statuses", nil, form, hdr, &s); err != nil {
		return connector.Sent{}, parentGone(err, form.Get("in_reply_to_id"))
	}
	if s.ID == "" {
		return connector.Sent{}, connector.Errorf(connector.Temporary, nil, "Mastodon accepted the reply but did not say its id")
	}
	return connector.Sent{RemoteID: string(s.ID), SentAt: s.CreatedAt}, nil
}

// visibilityRank orders Mastodon's visibilities from the widest audience
// down; GoToSocial's mutuals_only sits below private (mutuals are a subset
// of followers).
var visibilityRank = map[string]int{"public": 4, "unlisted": 3, "private": 2, "mutuals_only": 1, "direct": 0}

// replyVisibility is the visibility of a reply meant as want to a post
// with visibility parent: never wider than the parent's, because a
// customer who wrote to a few must not be answered in front of everyone
// (Mastodon's own composer narrows a reply the same way). An unknown
// parent visibility gets direct, which reaches only the mentioned
// customer; an empty one (no parent) leaves want as it is.
func replyVisibility(want, parent string) string {
	if parent == "" {
		return want
	}
	p, ok := visibilityRank[parent]
	if !ok {
		return "direct"
	}
	if visibilityRank[want] > p {
		return parent
	}
	return want
}

// narrowVisibility narrows the reply's visibility to its parent's, which
// the connector saw while syncing or asks the server for.
func (c *Connector) narrowVisibility(ctx context.Context, form url.Values) error {
	parent := form.Get("in_reply_to_id")
	if parent == "" || form.Get("visibility") == "direct" {
		return nil
	}
	c.mu.Lock()
	vis, ok := c.vis[parent]
	c.mu.Unlock()
	if !ok {
		var s gomasto.Status
		if _, err := c.replyGet(ctx, "/api/v1/statuses/"+url.PathEscape(parent), nil, &s); err != nil {
			return parentGone(err, parent)
		}
		vis = s.Visibility
		c.rememberVisibility(&s)
	}
	form.Set("visibility", replyVisibility(form.Get("visibility"), vis))
	return nil
}

// parentGone says in plain words that the post a reply answers is gone:
// Mastodon answers 404 (GoToSocial 404 or 410) to an in_reply_to_id that
// no longer exists. Other refusals pass through as they are.
func parentGone(err error, parent string) error {
	var ce *connector.Error
	if parent == "" || !isNotFound(err) || !errors.As(err, &ce) {
		return err
	}
	gone := *ce
	gone.Kind = connector.Permanent
	gone.Message = "the post you are answering was deleted, so the reply cannot be sent in its thread"
	return &gone
}

func (c *Connector) replyForm(r connector.Reply) (url.Values, error) {
	if strings.TrimSpace(r.Text) == "" {
		return nil, connector.Errorf(connector.Permanent, nil, "the reply is empty")
	}
	if r.Customer.Username == "" {
		return nil, connector.Errorf(connector.Permanent, nil, "the customer's Mastodon address is unknown, so the reply cannot mention them")
	}
	vis := c.publicVis
	if r.Visibility == connector.Private {
		vis = "direct"
	}
	form := url.Values{"status": {replyText(r)}, "visibility": {vis}}
	parent := r.InReplyTo
	if parent == "" && r.Visibility != connector.Private && !strings.HasPrefix(r.ConversationRemoteID, "dm:") {
		parent = r.ConversationRemoteID // the thread root
	}
	if parent != "" {
		form.Set("in_reply_to_id", parent)
	}
	return form, nil
}

// replyText puts "@acct " in front unless the writer already mentioned
// the customer.
func replyText(r connector.Reply) string {
	mention := "@" + strings.TrimPrefix(r.Customer.Username, "@")
	text := strings.TrimSpace(r.Text)
	if hasMention(text, mention) {
		return text
	}
	return mention + " " + text
}

func hasMention(text, mention string) bool {
	for _, f := range strings.Fields(text) {
		if strings.EqualFold(strings.TrimRight(f, ".,:;!?"), mention) {
			return true
		}
	}
	return false
}

// FindSent implements connector.SentFinder. Mastodon cannot look a post
// up by idempotency key, so it reads the account's posts, newest first,
// for one answering the same post with the same text. The key itself
// protects retries for an hour on the server; this covers a crash that
// outlived it. An identical earlier reply is not taken for this one: the
// conversation's other replies (Reply.Earlier) are skipped, and the walk
// stops at posts older than the reply (QueuedAt, less findSentSkew). If
// the account posted so much since that the walk ends first, it cannot
// tell, and says so rather than "never sent".
func (c *Connector) FindSent(ctx context.Context, r connector.Reply) (connector.Sent, bool, error) {
	form, err := c.replyForm(r)
	if err != nil {
		return connector.Sent{}, false, err
	}
	own, err := c.ownID(ctx)
	if err != nil {
		return connector.Sent{}, false, err
	}
	known := make(map[string]bool, len(r.Earlier))
	for _, id := range r.Earlier {
		known[id] = true
	}
	var since time.Time
	if !r.QueuedAt.IsZero() {
		since = r.QueuedAt.Add(-findSentSkew)
	}
	want := normalize(form.Get("status"))
	q := url.Values{"limit": {strconv.Itoa(findSentPage)}}
	for range findSentPages {
		var ss []gomasto.Status
		if _, err := c.replyGet(ctx, "/api/v1/accounts/"+url.PathEscape(own)+"/statuses", q, &ss); err != nil {
			return connector.Sent{}, false, err
		}
		for _, s := range ss {
			if known[string(s.ID)] || !since.IsZero() && s.CreatedAt.Before(since) {
				continue
			}
			if idString(s.InReplyToID) == form.Get("in_reply_to_id") && normalize(PlainText(s.Content)) == want {
				return connector.Sent{RemoteID: string(s.ID), SentAt: s.CreatedAt}, true, nil
			}
		}
		if len(ss) < findSentPage || since.IsZero() || ss[len(ss)-1].CreatedAt.Before(since) {
			return connector.Sent{}, false, nil // the walk reached posts older than the reply
		}
		q.Set("max_id", string(ss[len(ss)-1].ID))
	}
	return connector.Sent{}, false, connector.Errorf(connector.Permanent, nil,
		"Care Inbox could not tell whether this reply went out: the account has posted more than %d times since; check the conversation on Mastodon before retrying",
		findSentPage*findSentPages)
}

const (
	findSentPage  = 40 // Mastodon's largest page of an account's posts
	findSentPages = 5
	// findSentSkew allows for this computer's clock running ahead of the
	// server's: a post stamped up to this long before the reply was
	// queued may still be it.
	findSentSkew = 10 * time.Minute
)

// normalize compares texts the way the server may have re-flowed them:
// whitespace collapsed and mentions dropped, since the server renders
// "@bob@example.org" as a link reading "@bob".
func normalize(s string) string {
	var words []string
	for _, f := range strings.Fields(s) {
		if !strings.HasPrefix(f, "@") {
			words = append(words, f)
		}
	}
	return strings.Join(words, " ")
}
