package instagram

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/graph"
	"careinbox/backend/inbox"
)

// commentFields asks for a top-level comment with its replies in one call
// (field expansion), so a thread costs no extra request.
const commentFields = "id,text,timestamp,username,from{id,username},replies.limit(50){id,text,timestamp,username,from{id,username}}"

// maxCommentPages bounds the walk of one post's comments per poll.
const maxCommentPages = 4

type igComment struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	Timestamp string `json:"timestamp"`
	Username  string `json:"username"`
	From      struct {
		ID       string `json:"id"`
		Username string `json:"username"`
	} `json:"from"`
	Replies struct {
		Data []igComment `json:"data"`
	} `json:"replies"`
}

type media struct {
	ID        string `json:"id"`
	Caption   string `json:"caption"`
	Timestamp string `json:"timestamp"`
	Permalink string `json:"permalink"`
}

// fetchComments reads the newest posts (/{ig-user-id}/media) and, for each,
// /{media-id}/comments with the replies expanded. The comments edge has no
// since filter and a new reply can arrive under an old top-level comment,
// so each post's comments are read in full (up to maxCommentPages pages)
// and filtered here by the watermark: the cursor is the newest comment's
// time (unix seconds), inclusive, since Instagram times have second
// precision. A top-level comment and its replies are one conversation.
func (c *Connector) fetchComments(ctx context.Context, igUserID, cursor string) (connector.Page, error) {
	w := graph.ParseWalk(cursor)
	var posts struct {
		Data []media `json:"data"`
	}
	q := url.Values{"fields": {"id,caption,timestamp,permalink"}, "limit": {strconv.Itoa(c.media)}}
	if err := c.g.Get(ctx, "/"+url.PathEscape(igUserID)+"/media", q, &posts); err != nil {
		return connector.Page{}, err
	}
	var page connector.Page
	for _, p := range posts.Data {
		if p.ID == "" {
			return connector.Page{}, unreadable(fmt.Errorf("instagram media: post without id"))
		}
		comments, err := c.postComments(ctx, p.ID)
		if err != nil {
			return connector.Page{}, err
		}
		for _, top := range comments {
			conv := connector.Conversation{RemoteID: "comment:" + top.ID, Kind: inbox.KindPublic, Subject: excerpt(p.Caption)}
			thread := append([]igComment{top}, top.Replies.Data...)
			var msgs []connector.Message
			for i, cm := range thread {
				sent, err := graph.ParseTime(cm.Timestamp)
				if cm.ID == "" || err != nil {
					return connector.Page{}, unreadable(fmt.Errorf("instagram comments: bad comment %q: %v", cm.ID, err))
				}
				m := c.message(cm, sent, p)
				if i > 0 {
					m.ReplyToRemoteID = top.ID
				}
				if conv.Customer.RemoteID == "" && m.Direction == inbox.Inbound {
					conv.Customer = m.Author
				}
				if !w.Mark.IsZero() && sent.Before(w.Mark) {
					continue
				}
				if sent.After(w.Newest) {
					w.Newest = sent
				}
				msgs = append(msgs, m)
			}
			if len(msgs) == 0 {
				continue
			}
			sort.SliceStable(msgs, func(i, j int) bool { return msgs[i].SentAt.Before(msgs[j].SentAt) })
			conv.Messages = msgs
			page.Conversations = append(page.Conversations, conv)
		}
	}
	page.Cursor = w.String()
	return page, nil
}

// postComments reads one post's top-level comments, page by page.
func (c *Connector) postComments(ctx context.Context, mediaID string) ([]igComment, error) {
	var all []igComment
	q := url.Values{"fields": {commentFields}, "limit": {"50"}}
	for range maxCommentPages {
		var out struct {
			Data   []igComment  `json:"data"`
			Paging graph.Paging `json:"paging"`
		}
		if err := c.g.Get(ctx, "/"+url.PathEscape(mediaID)+"/comments", q, &out); err != nil {
			return nil, err
		}
		all = append(all, out.Data...)
		if out.Paging.Next == "" || out.Paging.Cursors.After == "" {
			break
		}
		q.Set("after", out.Paging.Cursors.After)
	}
	return all, nil
}

func (c *Connector) message(cm igComment, sent time.Time, p media) connector.Message {
	user := cm.Username
	if user == "" {
		user = cm.From.Username
	}
	m := connector.Message{RemoteID: cm.ID, Direction: inbox.Inbound, Text: cm.Text, SentAt: sent, AuthorName: user,
		Author: inbox.Participant{Network: inbox.NetworkInstagram, RemoteID: cm.From.ID, Username: user},
		Extra:  map[string]any{"media_id": p.ID}}
	if p.Permalink != "" {
		m.Extra["permalink"] = p.Permalink
	}
	c.mu.Lock()
	own := cm.From.ID != "" && cm.From.ID == c.igUserID || c.username != "" && user == c.username
	c.mu.Unlock()
	if own {
		m.Direction, m.Author, m.AuthorName = inbox.Outbound, inbox.Participant{}, ""
	} else {
		// A private reply to a comment is possible once, within 7 days of it.
		m.Extra["private_reply_until"] = sent.Add(graph.HumanAgentWindow).UTC().Format(time.RFC3339)
	}
	return m
}

func unreadable(err error) error {
	return connector.Errorf(connector.Temporary, err, "Instagram sent an answer we could not read; retrying")
}

func excerpt(s string) string {
	r := []rune(s)
	if len(r) > 80 {
		return string(r[:79]) + "…"
	}
	return s
}
