package facebook

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/graph"
	"careinbox/backend/inbox"
)

type comment struct {
	ID      string      `json:"id"`
	Message string      `json:"message"`
	From    graph.Party `json:"from"`
	Created string      `json:"created_time"`
	Parent  *struct {
		ID string `json:"id"`
	} `json:"parent"`
}

// fetchComments reads the newest posts (/{page-id}/published_posts) and,
// for each, /{post-id}/comments with filter=stream (replies included, with
// their parent), newest first, since the watermark. A top-level comment and
// its replies are one public conversation. The cursor is the newest
// comment's time (unix seconds), inclusive: Graph times have second
// precision.
func (c *Connector) fetchComments(ctx context.Context, cursor string) (connector.Page, error) {
	w := graph.ParseWalk(cursor)
	var posts struct {
		Data []struct {
			ID      string `json:"id"`
			Message string `json:"message"`
		} `json:"data"`
	}
	q := url.Values{"fields": {"id,message,created_time"}, "limit": {strconv.Itoa(c.posts)}}
	if err := c.g.Get(ctx, "/"+url.PathEscape(c.pageID)+"/published_posts", q, &posts); err != nil {
		return connector.Page{}, err
	}
	var page connector.Page
	for _, p := range posts.Data {
		q := url.Values{"filter": {"stream"}, "order": {"reverse_chronological"}, "limit": {"100"},
			"fields": {"id,message,from,created_time,parent{id}"}}
		if !w.Mark.IsZero() {
			q.Set("since", strconv.FormatInt(w.Mark.Unix(), 10))
		}
		var out struct {
			Data []comment `json:"data"`
		}
		if err := c.g.Get(ctx, "/"+url.PathEscape(p.ID)+"/comments", q, &out); err != nil {
			return connector.Page{}, err
		}
		byThread := map[string]int{}
		for i := len(out.Data) - 1; i >= 0; i-- {
			cm := out.Data[i]
			sent, err := graph.ParseTime(cm.Created)
			if cm.ID == "" || err != nil {
				return connector.Page{}, connector.Errorf(connector.Temporary, fmt.Errorf("facebook comments: bad comment %q", cm.ID), "Facebook sent an answer we could not read; retrying")
			}
			if !w.Mark.IsZero() && sent.Before(w.Mark) {
				continue
			}
			if sent.After(w.Newest) {
				w.Newest = sent
			}
			thread := cm.ID
			if cm.Parent != nil && cm.Parent.ID != "" && cm.Parent.ID != p.ID {
				thread = cm.Parent.ID
			}
			m := connector.Message{RemoteID: cm.ID, Direction: inbox.Inbound, Text: cm.Message, SentAt: sent, AuthorName: cm.From.Name,
				Author: inbox.Participant{Network: inbox.NetworkFacebook, RemoteID: cm.From.ID, DisplayName: cm.From.Name},
				Extra:  map[string]any{"post_id": p.ID}}
			if cm.Parent != nil && cm.Parent.ID != p.ID {
				m.ReplyToRemoteID = cm.Parent.ID
			}
			if cm.From.ID == c.pageID {
				m.Direction, m.Author, m.AuthorName = inbox.Outbound, inbox.Participant{}, ""
			} else {
				// A private reply to a comment is possible within 7 days of it.
				m.Extra["private_reply_until"] = sent.Add(graph.HumanAgentWindow).UTC().Format(time.RFC3339)
			}
			k, ok := byThread[thread]
			if !ok {
				k = len(page.Conversations)
				byThread[thread] = k
				page.Conversations = append(page.Conversations, connector.Conversation{
					RemoteID: "comment:" + thread, Kind: inbox.KindPublic, Subject: excerpt(p.Message),
				})
			}
			conv := &page.Conversations[k]
			if conv.Customer.RemoteID == "" && m.Direction == inbox.Inbound {
				conv.Customer = m.Author
			}
			conv.Messages = append(conv.Messages, m)
		}
	}
	page.Cursor = w.String()
	return page, nil
}

func excerpt(s string) string {
	r := []rune(s)
	if len(r) > 80 {
		return string(r[:79]) + "…"
	}
	return s
}
