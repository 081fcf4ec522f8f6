package mastodon

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	gomasto "github.com/mattn/go-mastodon"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

// Fetch implements connector.Connector. The cursor of both streams is the
// newest id seen (a notification id, or a conversation's last status id);
// the next fetch asks for what is immediately newer (min_id). A first sync
// takes the newest page only.
func (c *Connector) Fetch(ctx context.Context, stream, cursor string) (connector.Page, error) {
	switch stream {
	case StreamNotifications:
		return c.fetchNotifications(ctx, cursor)
	case StreamConversations:
		return c.fetchConversations(ctx, cursor)
	default:
		return connector.Page{}, connector.Errorf(connector.Permanent, nil, "Mastodon has no stream %q", stream)
	}
}

func pageQuery(cursor string) url.Values {
	q := url.Values{"limit": {strconv.Itoa(pageLimit)}}
	if cursor != "" {
		q.Set("min_id", cursor)
	}
	return q
}

func (c *Connector) fetchNotifications(ctx context.Context, cursor string) (connector.Page, error) {
	convs, next, _, n, _, err := c.notifications(ctx, pageQuery(cursor), cursor)
	if err != nil {
		return connector.Page{}, err
	}
	return connector.Page{Conversations: convs, Cursor: next, More: cursor != "" && n == pageLimit}, nil
}

// notifications reads one page of mentions with query q; next is the
// newest id seen (or cursor), n the notifications on the page, oldest the
// oldest id among them, and hdr the answer's headers (its Link).
func (c *Connector) notifications(ctx context.Context, q url.Values, cursor string) (convs []connector.Conversation, next, oldest string, n int, hdr http.Header, err error) {
	// Mentions cover public and direct posts. include_filtered (Mastodon
	// 4.3+) keeps a stranger's first DM that the notification policy
	// filtered into "requests"; servers without the feature ignore it.
	q.Set("types[]", "mention")
	q.Set("include_filtered", "true")
	var ns []gomasto.Notification
	if hdr, err = c.get(ctx, "/api/v1/notifications", q, &ns); err != nil {
		return nil, "", "", 0, nil, err
	}
	b := newBuilder()
	next = cursor
	// The server sends newest first; conversations read oldest first.
	for i := len(ns) - 1; i >= 0; i-- {
		n := ns[i]
		next = maxID(next, string(n.ID))
		if n.Type != "mention" || n.Status == nil {
			continue
		}
		s := n.Status
		c.rememberVisibility(s)
		if s.Visibility == "direct" {
			b.add(privateID(string(s.Account.ID)), inbox.KindPrivate, participant(s.Account), inboundMessage(s))
			continue
		}
		root, err := c.rootOf(ctx, s)
		if err != nil {
			return nil, "", "", 0, nil, err
		}
		b.add(root, inbox.KindPublic, participant(s.Account), inboundMessage(s))
	}
	if len(ns) > 0 {
		oldest = string(ns[len(ns)-1].ID)
	}
	return b.list, next, oldest, len(ns), hdr, nil
}

func (c *Connector) fetchConversations(ctx context.Context, cursor string) (connector.Page, error) {
	convs, next, _, n, _, err := c.conversations(ctx, pageQuery(cursor), cursor)
	if err != nil {
		return connector.Page{}, err
	}
	return connector.Page{Conversations: convs, Cursor: next, More: cursor != "" && n == pageLimit}, nil
}

// conversations reads one page of direct conversations with query q, like
// notifications.
func (c *Connector) conversations(ctx context.Context, q url.Values, cursor string) (convs []connector.Conversation, next, oldest string, n int, hdr http.Header, err error) {
	own, err := c.ownID(ctx)
	if err != nil {
		return nil, "", "", 0, nil, err
	}
	var cs []gomasto.Conversation
	if hdr, err = c.get(ctx, "/api/v1/conversations", q, &cs); err != nil {
		return nil, "", "", 0, nil, err
	}
	b := newBuilder()
	next = cursor
	for i := len(cs) - 1; i >= 0; i-- {
		conv := cs[i]
		s := conv.LastStatus
		if s == nil {
			continue
		}
		next = maxID(next, string(s.ID))
		if oldest == "" {
			oldest = string(s.ID)
		}
		var customer *gomasto.Account
		for _, a := range conv.Accounts {
			if a != nil && string(a.ID) != own {
				customer = a
				break
			}
		}
		if customer == nil {
			continue // a note to self
		}
		c.rememberVisibility(s)
		m := inboundMessage(s)
		// The conversation list shows the business's own last word too,
		// e.g. a reply sent from the phone app.
		if string(s.Account.ID) == own {
			m.Direction, m.Author, m.AuthorName = inbox.Outbound, inbox.Participant{}, ""
		}
		m.Read = !conv.Unread
		b.add(privateID(string(customer.ID)), inbox.KindPrivate, participant(*customer), m)
	}
	return b.list, next, oldest, len(cs), hdr, nil
}

// rootOf finds a public thread's root post so every reply in the thread
// lands in one conversation. Posts that answer nothing are their own
// root; otherwise the context endpoint names the ancestors.
func (c *Connector) rootOf(ctx context.Context, s *gomasto.Status) (string, error) {
	id := string(s.ID)
	parent := idString(s.InReplyToID)
	if parent == "" {
		return id, nil
	}
	c.mu.Lock()
	root, ok := c.roots[id]
	if !ok {
		root, ok = c.roots[parent]
	}
	c.mu.Unlock()
	if ok {
		return root, nil
	}
	var tc struct {
		Ancestors []gomasto.Status `json:"ancestors"`
	}
	_, err := c.get(ctx, "/api/v1/statuses/"+url.PathEscape(id)+"/context", nil, &tc)
	switch {
	case isNotFound(err):
		return id, nil // deleted meanwhile: the post stands alone
	case err != nil:
		return "", err
	}
	root = id
	if len(tc.Ancestors) > 0 {
		root = string(tc.Ancestors[0].ID) // oldest first
	}
	c.mu.Lock()
	if len(c.roots) > 10_000 { // a bound, not a cache policy: the map only saves requests
		clear(c.roots)
	}
	c.roots[id] = root
	for _, a := range tc.Ancestors {
		c.roots[string(a.ID)] = root
	}
	c.mu.Unlock()
	for i := range tc.Ancestors {
		c.rememberVisibility(&tc.Ancestors[i])
	}
	return root, nil
}

// rememberVisibility notes a status's visibility for a reply to it. A
// status's visibility cannot be edited, so what was seen stays true.
func (c *Connector) rememberVisibility(s *gomasto.Status) {
	if s.ID == "" || s.Visibility == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.vis) > 10_000 { // a bound, as for roots
		clear(c.vis)
	}
	c.vis[string(s.ID)] = s.Visibility
}

// privateID is the conversation id of the direct messages with one account.
func privateID(accountID string) string { return "dm:" + accountID }

func participant(a gomasto.Account) inbox.Participant {
	return inbox.Participant{
		Network: inbox.NetworkMastodon, RemoteID: string(a.ID),
		Username: a.Acct, DisplayName: a.DisplayName,
	}
}

func inboundMessage(s *gomasto.Status) connector.Message {
	text := PlainText(s.Content)
	if s.SpoilerText != "" {
		// The content warning is part of what the customer wrote.
		text = "CW: " + s.SpoilerText + "\n\n" + text
	}
	name := s.Account.DisplayName
	if name == "" {
		name = s.Account.Acct
	}
	extra := map[string]any{"visibility": s.Visibility}
	if link := statusLink(s); link != "" {
		extra["url"] = link
	}
	if len(s.MediaAttachments) > 0 {
		extra["attachments"] = len(s.MediaAttachments)
	}
	return connector.Message{
		RemoteID: string(s.ID), Direction: inbox.Inbound,
		Author: participant(s.Account), AuthorName: name,
		Text: text, SentAt: s.CreatedAt,
		ReplyToRemoteID: idString(s.InReplyToID), Extra: extra,
	}
}

// statusLink is the address of a status's page for the conversation
// link. Both url and uri come from whichever server the post came from,
// so only an http(s) address is kept (never javascript:, data: …): the
// page's url, else its ActivityPub uri, else nothing.
func statusLink(s *gomasto.Status) string {
	for _, v := range []string{s.URL, s.URI} {
		if isWebURL(v) {
			return v
		}
	}
	return ""
}

func isWebURL(v string) bool {
	u, err := url.Parse(strings.TrimSpace(v))
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && v == strings.TrimSpace(v)
}

// builder groups messages into conversations in first-seen order.
type builder struct {
	list  []connector.Conversation
	index map[string]int
}

func newBuilder() *builder { return &builder{index: map[string]int{}} }

func (b *builder) add(id string, kind inbox.Kind, customer inbox.Participant, m connector.Message) {
	i, ok := b.index[id]
	if !ok {
		i = len(b.list)
		b.index[id] = i
		b.list = append(b.list, connector.Conversation{RemoteID: id, Kind: kind, Customer: customer})
	}
	b.list[i].Messages = append(b.list[i].Messages, m)
}

// idString reads go-mastodon's untyped in_reply_to_id (string, number or null).
func idString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case gomasto.ID:
		return string(x)
	default:
		return ""
	}
}

// maxID returns the newer of two ids. Mastodon ids are decimal snowflakes,
// GoToSocial's are ULIDs: both sort by length, then bytes.
func maxID(a, b string) string {
	if len(a) != len(b) {
		if len(a) > len(b) {
			return a
		}
		return b
	}
	if a > b {
		return a
	}
	return b
}
