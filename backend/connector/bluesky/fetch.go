package bluesky

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

type profile struct {
	DID         string `json:"did"`
	Handle      string `json:"handle"`
	DisplayName string `json:"displayName"`
}

type strongRef struct {
	URI string `json:"uri"`
	CID string `json:"cid"`
}

type postRecord struct {
	Text string `json:"text"`
	// CreatedAt is the author's client's claim; see datetime.
	CreatedAt datetime      `json:"createdAt"`
	Facets    []recordFacet `json:"facets"`
	Reply     *struct {
		Root   strongRef `json:"root"`
		Parent strongRef `json:"parent"`
	} `json:"reply,omitempty"`
}

type notification struct {
	URI       string          `json:"uri"`
	CID       string          `json:"cid"`
	Author    profile         `json:"author"`
	Reason    string          `json:"reason"`
	Record    json.RawMessage `json:"record"`
	IndexedAt time.Time       `json:"indexedAt"`
}

// maxPages bounds how far back one fetch pages to meet the cursor.
const maxPages = 5

// Fetch implements connector.Connector.
func (c *Connector) Fetch(ctx context.Context, stream, cursor string) (connector.Page, error) {
	switch stream {
	case StreamNotifications:
		return c.fetchNotifications(ctx, cursor)
	case StreamChat:
		return c.fetchChat(ctx, cursor)
	default:
		return connector.Page{}, connector.Errorf(connector.Permanent, nil, "Bluesky has no stream %q", stream)
	}
}

// fetchNotifications pages listNotifications (newest first) back to the
// start of the overlap window before the newest notification already seen
// (see notifCursor), skipping the URIs already delivered. A first sync
// takes the newest page only. A fetch that reaches maxPages first returns
// More and goes on from the API cursor next time.
func (c *Connector) fetchNotifications(ctx context.Context, cursor string) (connector.Page, error) {
	cur, err := parseNotifCursor(cursor)
	if err != nil {
		return connector.Page{}, connector.Errorf(connector.Permanent, err, "the saved Bluesky position is damaged; remove and add the account again")
	}
	first := cursor == ""
	floor := cur.floor()
	var fresh []notification
	apiCursor := cur.Resume
	cur.Resume = ""
	more := false
	for page := 0; ; page++ {
		if page == maxPages {
			more, cur.Resume = true, apiCursor
			break
		}
		q := url.Values{"limit": {strconv.Itoa(pageLimit)}, "reasons": {"mention", "reply", "quote"}}
		if apiCursor != "" {
			q.Set("cursor", apiCursor)
		}
		var out struct {
			Cursor        string         `json:"cursor"`
			Notifications []notification `json:"notifications"`
		}
		if err := c.xrpc(ctx, "GET", "app.bsky.notification.listNotifications", q, nil, &out); err != nil {
			return connector.Page{}, err
		}
		reached := false
		for _, n := range out.Notifications {
			if !floor.IsZero() && n.IndexedAt.Before(floor) {
				reached = true
				break
			}
			if !cur.seen(n.URI) {
				fresh = append(fresh, n)
			}
		}
		if reached || first || out.Cursor == "" || len(out.Notifications) == 0 {
			break
		}
		apiCursor = out.Cursor
	}
	convs := notificationConversations(fresh, func(n notification) { cur.mark(n.URI, n.IndexedAt) })
	out := connector.Page{Conversations: convs, Cursor: cursor, More: more}
	if !cur.Newest.IsZero() || cur.Resume != "" {
		out.Cursor = cur.encode()
	}
	return out, nil
}

// notificationConversations turns notifications (newest first, as the
// API lists them) into conversations read oldest first; seen is told of
// each notification in that order.
func notificationConversations(ns []notification, seen func(notification)) []connector.Conversation {
	b := newBuilder()
	for i := len(ns) - 1; i >= 0; i-- { // oldest first
		n := ns[i]
		if seen != nil {
			seen(n)
		}
		switch n.Reason {
		case "mention", "reply", "quote":
		default:
			continue
		}
		var rec postRecord
		if err := json.Unmarshal(n.Record, &rec); err != nil {
			continue // not a post: nothing to answer
		}
		root, parent := n.URI, ""
		if rec.Reply != nil {
			root, parent = rec.Reply.Root.URI, rec.Reply.Parent.URI
		}
		sent := rec.CreatedAt.Time
		if sent.IsZero() {
			sent = n.IndexedAt
		}
		author := participant(n.Author)
		b.add(root, inbox.KindPublic, author, connector.Message{
			RemoteID: n.URI, Direction: inbox.Inbound, Author: author, AuthorName: author.Name(),
			Text: expandLinks(rec.Text, rec.Facets), SentAt: sent, ReplyToRemoteID: parent,
			Extra: map[string]any{"reason": n.Reason, "cid": n.CID},
		})
	}
	return b.list
}

type logEntry struct {
	Type            string    `json:"$type"`
	ConvoID         string    `json:"convoId"`
	Rev             string    `json:"rev"`
	Message         chatMsg   `json:"message"`
	RelatedProfiles []profile `json:"relatedProfiles"`
}

type chatMsg struct {
	Type   string `json:"$type"`
	ID     string `json:"id"`
	Text   string `json:"text"`
	Sender struct {
		DID string `json:"did"`
	} `json:"sender"`
	SentAt time.Time     `json:"sentAt"`
	Facets []recordFacet `json:"facets"`
}

// fetchChat reads the chat log after the cursor (the log's own cursor):
// every new message in every conversation, in order.
//
// Without DM access the page is empty and Unavailable says so (see
// chatRecheck): the handle's mentions go on syncing and it is not shown as
// needing a sign-in.
func (c *Connector) fetchChat(ctx context.Context, cursor string) (connector.Page, error) {
	unavailable := connector.Page{Cursor: cursor, Unavailable: dmNote}
	c.mu.Lock()
	resting := c.now().Before(c.chatOffUntil)
	c.mu.Unlock()
	if resting {
		return unavailable, nil
	}
	q := url.Values{}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	var out struct {
		Cursor string     `json:"cursor"`
		Logs   []logEntry `json:"logs"`
	}
	if err := c.xrpc(ctx, "GET", "chat.bsky.convo.getLog", q, nil, &out); err != nil {
		if errors.Is(err, errNoDMAccess) {
			c.mu.Lock()
			c.chatOffUntil = c.now().Add(chatRecheck)
			c.mu.Unlock()
			c.log.Info("bluesky chat unavailable", "handle", c.handle, "note", dmNote, "err", err)
			return unavailable, nil
		}
		return connector.Page{}, err
	}
	c.mu.Lock()
	own := c.sess.DID
	c.mu.Unlock()
	b := newBuilder()
	for _, l := range out.Logs {
		if l.Type != "chat.bsky.convo.defs#logCreateMessage" || l.Message.Type != "chat.bsky.convo.defs#messageView" {
			continue // begin/leave/read/reaction events and deleted messages carry no text
		}
		m := l.Message
		var customer inbox.Participant
		for _, p := range l.RelatedProfiles {
			if p.DID != own {
				customer = participant(p)
			}
		}
		msg := connector.Message{RemoteID: "chat:" + m.ID, Direction: inbox.Inbound, Text: expandLinks(m.Text, m.Facets), SentAt: m.SentAt}
		if m.Sender.DID == own {
			msg.Direction = inbox.Outbound
		} else {
			msg.Author = customer
			if msg.Author.RemoteID == "" {
				msg.Author = inbox.Participant{Network: inbox.NetworkBluesky, RemoteID: m.Sender.DID}
			}
			msg.AuthorName = msg.Author.Name()
		}
		b.add("convo:"+l.ConvoID, inbox.KindPrivate, customer, msg)
	}
	next := cursor
	if out.Cursor != "" {
		next = out.Cursor
	}
	return connector.Page{Conversations: b.list, Cursor: next}, nil
}

func participant(p profile) inbox.Participant {
	return inbox.Participant{Network: inbox.NetworkBluesky, RemoteID: p.DID, Username: p.Handle, DisplayName: p.DisplayName}
}

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
	if b.list[i].Customer.RemoteID == "" {
		b.list[i].Customer = customer
	}
	b.list[i].Messages = append(b.list[i].Messages, m)
}
