package x

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

type user struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	Name     string `json:"name"`
}

type post struct {
	ID             string    `json:"id"`
	Text           string    `json:"text"`
	AuthorID       string    `json:"author_id"`
	ConversationID string    `json:"conversation_id"`
	CreatedAt      time.Time `json:"created_at"`
	ReplySettings  string    `json:"reply_settings"`
	// A post longer than 280 characters comes with its first 280 in text
	// and all of it in note_post (the July 2026 contract's name; the
	// docs' older one is note_tweet).
	NotePost  *note `json:"note_post"`
	NoteTweet *note `json:"note_tweet"`
	// Entities mark the t.co links of text (requested as post.fields=entities).
	Entities *entities `json:"entities"`
	// The contract of July 2026 calls it referenced_posts (formerly
	// referenced_tweets); the type is a plain string such as "replied_to".
	Referenced []struct {
		Type string `json:"type"`
		ID   string `json:"id"`
	} `json:"referenced_posts"`
}

type note struct {
	Text     string    `json:"text"`
	Entities *entities `json:"entities"`
}

// fullText is the post's whole text: the long form when X sent one, with
// the only three entities X escapes in post text turned back (a customer
// who wrote "R&D <3" reads "R&amp;D &lt;3" otherwise). One pass, so a
// literal "&amp;" the customer typed (sent as "&amp;amp;") stays. Then
// the t.co links go back to the links the customer wrote (see expandLinks);
// a long post's links are in its note's entities, or else the post's.
func (p post) fullText() string {
	t, es := p.Text, p.Entities
	for _, n := range []*note{p.NotePost, p.NoteTweet} {
		if n != nil && n.Text != "" {
			t = n.Text
			if n.Entities != nil {
				es = n.Entities
			}
			break
		}
	}
	return expandLinks(unescapePost.Replace(t), es)
}

var unescapePost = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")

type dmEvent struct {
	ID             string    `json:"id"`
	EventType      string    `json:"event_type"`
	Text           string    `json:"text"`
	SenderID       string    `json:"sender_id"`
	ConversationID string    `json:"dm_conversation_id"`
	CreatedAt      time.Time `json:"created_at"`
	ParticipantIDs []string  `json:"participant_ids"`
	Entities       *entities `json:"entities"` // sent only when dm_event.fields asks
}

type meta struct {
	NewestID    string `json:"newest_id"`
	NextToken   string `json:"next_token"`
	ResultCount int    `json:"result_count"`
}

type includes struct {
	Users []user `json:"users"`
}

// walk is a cursor in the middle of a newest-first walk: known is the
// newest id stored before the walk, newest the newest id seen in it, token
// the next page. Outside a walk the cursor is just the newest id.
type walk struct{ known, newest, token string }

func parseCursor(s string) walk {
	parts := strings.SplitN(s, "/", 3)
	if len(parts) == 3 {
		return walk{parts[0], parts[1], parts[2]}
	}
	return walk{known: s, newest: s}
}

func (w walk) String() string {
	if w.token == "" {
		return w.newest
	}
	return w.known + "/" + w.newest + "/" + w.token
}

// newer compares snowflake ids (decimal strings of up to 19 digits).
func newer(a, b string) bool {
	if len(a) != len(b) {
		return len(a) > len(b)
	}
	return a > b
}

// Fetch implements connector.Connector. Each call is one API request: X
// bills reads, and the DM lookup allows 15 requests per 15 minutes.
func (c *Connector) Fetch(ctx context.Context, stream, cursor string) (connector.Page, error) {
	switch stream {
	case StreamMentions:
		return c.fetchMentions(ctx, parseCursor(cursor), false)
	case StreamDMs:
		return c.fetchDMs(ctx, parseCursor(cursor), false)
	default:
		return connector.Page{}, connector.Errorf(connector.Permanent, nil, "X has no stream %q", stream)
	}
}

// fetchMentions reads GET /2/users/{id}/mentions newest first: since_id
// bounds the walk to what is new, pagination_token continues it. The first
// sync takes the newest page only (every read is billed).
// A history walk (Backfill) has no since_id and goes on to the API's end.
func (c *Connector) fetchMentions(ctx context.Context, w walk, history bool) (connector.Page, error) {
	me, err := c.me(ctx)
	if err != nil {
		return connector.Page{}, err
	}
	q := url.Values{
		"max_results": {strconv.Itoa(mentionsPage)},
		"post.fields": {"created_at,conversation_id,text,reply_settings,note_post,entities"},
		"expansions":  {"author_id,referenced_posts,in_reply_to_user_id"},
		"user.fields": {"username,name"},
	}
	if w.known != "" {
		q.Set("since_id", w.known)
	}
	if w.token != "" {
		q.Set("pagination_token", w.token)
	}
	var out struct {
		Data     []post    `json:"data"`
		Includes includes  `json:"includes"`
		Meta     meta      `json:"meta"`
		Errors   []problem `json:"errors"`
	}
	if _, err := c.call(ctx, "mentions", http.MethodGet, "/2/users/"+url.PathEscape(me)+"/mentions", q, nil, &out); err != nil {
		return connector.Page{}, err
	}
	if err := c.partial("mentions", len(out.Data), out.Errors); err != nil {
		return connector.Page{}, err
	}
	users := map[string]user{}
	for _, u := range out.Includes.Users {
		users[u.ID] = u
	}
	var page connector.Page
	byConv := map[string]int{}
	// X answers newest first; the inbox wants each thread oldest first.
	for i := len(out.Data) - 1; i >= 0; i-- {
		p := out.Data[i]
		if p.ID == "" || p.CreatedAt.IsZero() {
			return connector.Page{}, connector.Errorf(connector.Temporary, fmt.Errorf("x mentions: post without id or time"), "X sent an answer we could not read; retrying")
		}
		if w.known != "" && !newer(p.ID, w.known) {
			continue
		}
		if newer(p.ID, w.newest) {
			w.newest = p.ID
		}
		convID := p.ConversationID
		if convID == "" {
			convID = p.ID
		}
		author := users[p.AuthorID]
		m := connector.Message{
			RemoteID: p.ID, Direction: inbox.Inbound, Text: p.fullText(), SentAt: p.CreatedAt, AuthorName: author.Name,
			Author: inbox.Participant{Network: inbox.NetworkX, RemoteID: p.AuthorID, Username: author.Username, DisplayName: author.Name},
			Extra:  map[string]any{"conversation_id": convID},
		}
		if p.AuthorID == me {
			m.Direction, m.Author = inbox.Outbound, inbox.Participant{}
		}
		if p.ReplySettings != "" && p.ReplySettings != "everyone" {
			m.Extra["reply_settings"] = p.ReplySettings
		}
		for _, r := range p.Referenced {
			if r.Type == "replied_to" {
				m.ReplyToRemoteID = r.ID
			}
		}
		k, ok := byConv[convID]
		if !ok {
			k = len(page.Conversations)
			byConv[convID] = k
			page.Conversations = append(page.Conversations, connector.Conversation{
				RemoteID: "post:" + convID, Kind: inbox.KindPublic, Customer: m.Author,
			})
		}
		if page.Conversations[k].Customer.RemoteID == "" && m.Direction == inbox.Inbound {
			page.Conversations[k].Customer = m.Author
		}
		page.Conversations[k].Messages = append(page.Conversations[k].Messages, m)
	}
	if history {
		return historyPage(page, w.token, out.Meta.NextToken), nil
	}
	w.token = ""
	if out.Meta.NextToken != "" && w.known != "" {
		w.token = out.Meta.NextToken
		page.More = true
	}
	page.Cursor = w.String()
	return page, nil
}

// fetchDMs reads GET /2/dm_events newest first until it meets the newest
// event id already stored (there is no since_id for DMs). A history walk
// (Backfill) goes on to the API's end.
func (c *Connector) fetchDMs(ctx context.Context, w walk, history bool) (connector.Page, error) {
	me, err := c.me(ctx)
	if err != nil {
		return connector.Page{}, err
	}
	q := url.Values{
		"max_results":     {strconv.Itoa(dmPage)},
		"event_types":     {"MessageCreate"},
		"dm_event.fields": {"id,text,created_at,dm_conversation_id,event_type,entities"},
		"expansions":      {"sender_id,participant_ids"},
		"user.fields":     {"username,name"},
	}
	if w.token != "" {
		q.Set("pagination_token", w.token)
	}
	var out struct {
		Data     []dmEvent `json:"data"`
		Includes includes  `json:"includes"`
		Meta     meta      `json:"meta"`
		Errors   []problem `json:"errors"`
	}
	if _, err := c.call(ctx, "dm_events", http.MethodGet, "/2/dm_events", q, nil, &out); err != nil {
		return connector.Page{}, err
	}
	if err := c.partial("direct messages", len(out.Data), out.Errors); err != nil {
		return connector.Page{}, err
	}
	users := map[string]user{}
	for _, u := range out.Includes.Users {
		users[u.ID] = u
	}
	var page connector.Page
	byConv := map[string]int{}
	reachedKnown := false
	for i := len(out.Data) - 1; i >= 0; i-- {
		e := out.Data[i]
		if e.ID == "" || e.CreatedAt.IsZero() {
			return connector.Page{}, connector.Errorf(connector.Temporary, fmt.Errorf("x dm_events: event without id or time"), "X sent an answer we could not read; retrying")
		}
		if w.known != "" && !newer(e.ID, w.known) {
			reachedKnown = true
			continue
		}
		if e.EventType != "" && e.EventType != "MessageCreate" {
			continue
		}
		if newer(e.ID, w.newest) {
			w.newest = e.ID
		}
		other := e.SenderID
		if other == me {
			for _, p := range e.ParticipantIDs {
				if p != me {
					other = p
				}
			}
		}
		u := users[other]
		customer := inbox.Participant{Network: inbox.NetworkX, RemoteID: other, Username: u.Username, DisplayName: u.Name}
		// A customer's links arrive as t.co, like in posts.
		m := connector.Message{RemoteID: "dm:" + e.ID, Direction: inbox.Inbound, Text: expandLinks(e.Text, e.Entities), SentAt: e.CreatedAt,
			Author: customer, AuthorName: u.Name, Extra: map[string]any{"participant_id": other}}
		if e.SenderID == me {
			m.Direction, m.Author, m.AuthorName = inbox.Outbound, inbox.Participant{}, ""
		}
		k, ok := byConv[e.ConversationID]
		if !ok {
			k = len(page.Conversations)
			byConv[e.ConversationID] = k
			page.Conversations = append(page.Conversations, connector.Conversation{
				RemoteID: "dm:" + e.ConversationID, Kind: inbox.KindPrivate, Customer: customer,
			})
		}
		page.Conversations[k].Messages = append(page.Conversations[k].Messages, m)
	}
	if history {
		return historyPage(page, w.token, out.Meta.NextToken), nil
	}
	w.token = ""
	if out.Meta.NextToken != "" && w.known != "" && !reachedKnown {
		w.token = out.Meta.NextToken
		page.More = true
	}
	page.Cursor = w.String()
	return page, nil
}
