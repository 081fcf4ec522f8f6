package graph

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

// The Messenger Platform's windows (the same for Instagram messaging):
// a free reply within 24 hours of the customer's last message, then only
// with the HUMAN_AGENT tag up to 7 days; private replies to a comment are
// possible once, within 7 days of the comment.
const (
	StandardWindow   = 24 * time.Hour
	HumanAgentWindow = 7 * 24 * time.Hour
)

// WindowExtra is what an inbound message records of its reply windows.
func WindowExtra(sent time.Time, extra map[string]any) map[string]any {
	if extra == nil {
		extra = map[string]any{}
	}
	extra["reply_window_ends"] = sent.Add(StandardWindow).UTC().Format(time.RFC3339)
	extra["human_agent_until"] = sent.Add(HumanAgentWindow).UTC().Format(time.RFC3339)
	return extra
}

// WindowClosed is the refusal when neither window is open.
func WindowClosed(network string) string {
	return fmt.Sprintf("the 7-day window to answer this %s conversation has closed; the customer has to write first", network)
}

// Party is a sender or participant (Messenger has a name, Instagram a username).
type Party struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Username string `json:"username"`
}

type message struct {
	ID      string `json:"id"`
	Message string `json:"message"`
	From    Party  `json:"from"`
	Created string `json:"created_time"`
}

type conversation struct {
	ID           string `json:"id"`
	Updated      string `json:"updated_time"`
	Participants struct {
		Data []Party `json:"data"`
	} `json:"participants"`
	Messages struct {
		Data []message `json:"data"`
	} `json:"messages"`
}

// Paging is Graph's cursor paging block.
type Paging struct {
	Cursors struct {
		After string `json:"after"`
	} `json:"cursors"`
	Next string `json:"next"`
}

// Walk is a newest-first walk down to a watermark: Mark is the newest time
// stored before the walk, Newest the newest seen in it, After the next page.
type Walk struct {
	Mark, Newest time.Time
	After        string
}

// ParseWalk reads a cursor: unix seconds, or "mark/newest/after" mid-walk.
func ParseWalk(s string) Walk {
	parts := strings.SplitN(s, "/", 3)
	unix := func(v string) time.Time {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n == 0 {
			return time.Time{}
		}
		return time.Unix(n, 0).UTC()
	}
	if len(parts) == 3 {
		return Walk{Mark: unix(parts[0]), Newest: unix(parts[1]), After: parts[2]}
	}
	t := unix(s)
	return Walk{Mark: t, Newest: t}
}

func (w Walk) String() string {
	sec := func(t time.Time) string {
		if t.IsZero() {
			return "0"
		}
		return strconv.FormatInt(t.Unix(), 10)
	}
	if w.After == "" {
		if w.Newest.IsZero() {
			return ""
		}
		return sec(w.Newest)
	}
	return sec(w.Mark) + "/" + sec(w.Newest) + "/" + w.After
}

// Conversations reads one page of /{page-id}/conversations for platform
// ("messenger" or "instagram"). The endpoint has no time filter: it lists
// conversations by last activity, newest first, so the walk stops at the
// first conversation not updated since the watermark. Timestamps have
// second precision, so the watermark is inclusive and the store's natural
// keys absorb the repeat.
func (c *Client) Conversations(ctx context.Context, network inbox.Network, platform, pageID, cursor string) (connector.Page, error) {
	return c.conversations(ctx, network, platform, pageID, ParseWalk(cursor), false)
}

// ConversationHistory reads the page of /{page-id}/conversations after the
// Graph cursor after ("" = the newest), for a backfill: no watermark, the
// walk goes on while Graph names a next page. Graph lists each
// conversation's newest messages only (messages.limit(25); Meta returns
// at most the 20 newest of an old conversation): that is its window.
func (c *Client) ConversationHistory(ctx context.Context, network inbox.Network, platform, pageID, after string) (connector.Page, error) {
	return c.conversations(ctx, network, platform, pageID, Walk{After: after}, true)
}

func (c *Client) conversations(ctx context.Context, network inbox.Network, platform, pageID string, w Walk, history bool) (connector.Page, error) {
	cursor := w.After
	q := url.Values{
		"platform": {platform},
		"fields":   {"id,updated_time,participants,messages.limit(25){id,message,from,created_time}"},
		"limit":    {"25"},
	}
	if w.After != "" {
		q.Set("after", w.After)
	}
	var out struct {
		Data   []conversation `json:"data"`
		Paging Paging         `json:"paging"`
	}
	if err := c.Get(ctx, "/"+url.PathEscape(pageID)+"/conversations", q, &out); err != nil {
		return connector.Page{}, err
	}
	self := c.self(pageID)
	var page connector.Page
	reached := false
	for _, cv := range out.Data {
		updated, err := ParseTime(cv.Updated)
		if cv.ID == "" || err != nil {
			return connector.Page{}, connector.Errorf(connector.Temporary, fmt.Errorf("graph conversations: bad conversation %q: %v", cv.ID, err), "%s sent an answer we could not read; retrying", c.Network)
		}
		if !w.Mark.IsZero() && updated.Before(w.Mark) {
			reached = true
			break
		}
		conv := connector.Conversation{RemoteID: cv.ID, Kind: inbox.KindPrivate}
		for _, p := range cv.Participants.Data {
			if p.ID != pageID && p.ID != self {
				conv.Customer = participant(network, p)
			}
		}
		// Messages come newest first; the inbox wants them oldest first.
		for i := len(cv.Messages.Data) - 1; i >= 0; i-- {
			m := cv.Messages.Data[i]
			sent, err := ParseTime(m.Created)
			if m.ID == "" || err != nil {
				return connector.Page{}, connector.Errorf(connector.Temporary, fmt.Errorf("graph conversations: bad message %q", m.ID), "%s sent an answer we could not read; retrying", c.Network)
			}
			if !w.Mark.IsZero() && sent.Before(w.Mark) {
				continue
			}
			if sent.After(w.Newest) {
				w.Newest = sent
			}
			msg := connector.Message{RemoteID: m.ID, Direction: inbox.Inbound, Text: m.Message, SentAt: sent,
				Author: participant(network, m.From), AuthorName: displayName(m.From)}
			if m.From.ID == pageID || m.From.ID == self {
				msg.Direction, msg.Author, msg.AuthorName = inbox.Outbound, inbox.Participant{}, ""
			} else {
				msg.Extra = WindowExtra(sent, nil)
			}
			conv.Messages = append(conv.Messages, msg)
		}
		if len(conv.Messages) > 0 {
			page.Conversations = append(page.Conversations, conv)
		}
	}
	if history {
		next := out.Paging.Cursors.After
		page.More = out.Paging.Next != "" && next != "" && next != cursor
		page.Cursor = cursor
		if page.More {
			page.Cursor = next
		}
		return page, nil
	}
	w.After = ""
	if !reached && out.Paging.Next != "" && out.Paging.Cursors.After != "" && !w.Mark.IsZero() {
		w.After = out.Paging.Cursors.After
		page.More = true
	}
	page.Cursor = w.String()
	return page, nil
}

func participant(network inbox.Network, p Party) inbox.Participant {
	return inbox.Participant{Network: network, RemoteID: p.ID, Username: p.Username, DisplayName: p.Name}
}

func displayName(p Party) string {
	if p.Name != "" {
		return p.Name
	}
	return p.Username
}

// LastInbound reads when the customer last wrote in a conversation.
func (c *Client) LastInbound(ctx context.Context, convID, pageID string) (time.Time, Party, error) {
	var out struct {
		Messages struct {
			Data []message `json:"data"`
		} `json:"messages"`
	}
	q := url.Values{"fields": {"messages.limit(25){id,from,created_time}"}}
	if err := c.Get(ctx, "/"+url.PathEscape(convID), q, &out); err != nil {
		return time.Time{}, Party{}, err
	}
	self := c.self(pageID)
	for _, m := range out.Messages.Data {
		if m.From.ID != pageID && m.From.ID != self {
			t, err := ParseTime(m.Created)
			if err != nil {
				return time.Time{}, Party{}, connector.Errorf(connector.Temporary, err, "%s sent an answer we could not read; retrying", c.Network)
			}
			return t, m.From, nil
		}
	}
	return time.Time{}, Party{}, nil
}

// SendInConversation answers a private conversation through
// POST /{page-id}/messages, choosing RESPONSE inside 24 hours and the
// HUMAN_AGENT tag up to 7 days, and refusing (Permanent) after that
// rather than letting Meta refuse it.
func (c *Client) SendInConversation(ctx context.Context, pageID, convID, network, text string) (connector.Sent, error) {
	last, from, err := c.LastInbound(ctx, convID, pageID)
	if err != nil {
		return connector.Sent{}, err
	}
	if last.IsZero() || from.ID == "" {
		return connector.Sent{}, connector.Errorf(connector.Permanent, nil, "the customer has not written in this %s conversation, so it cannot be answered", network)
	}
	in := map[string]any{"recipient": map[string]string{"id": from.ID}, "message": map[string]string{"text": text}}
	switch age := c.Now().Sub(last); {
	case age <= StandardWindow:
		in["messaging_type"] = "RESPONSE"
	case age <= HumanAgentWindow:
		in["messaging_type"], in["tag"] = "MESSAGE_TAG", "HUMAN_AGENT"
	default:
		return connector.Sent{}, connector.Errorf(connector.Permanent, nil, "%s", WindowClosed(network))
	}
	return c.send(ctx, pageID, in, func(ae APIError) string {
		if ae.Subcode == 2018278 || ae.Code == 10 {
			return WindowClosed(network) + " (" + ae.Message + ")"
		}
		return ""
	})
}

// PrivateReply answers a public comment with a private message
// (recipient.comment_id): once per comment, within 7 days of it.
func (c *Client) PrivateReply(ctx context.Context, pageID, commentID, text string) (connector.Sent, error) {
	in := map[string]any{"recipient": map[string]string{"comment_id": commentID}, "message": map[string]string{"text": text}}
	return c.send(ctx, pageID, in, func(ae APIError) string {
		if ae.Code == 10 || ae.Code == 100 || ae.Code == 551 {
			return fmt.Sprintf("%s allows one private reply per comment, within 7 days of the comment (%s)", c.Network, ae.Message)
		}
		return ""
	})
}

func (c *Client) send(ctx context.Context, pageID string, in map[string]any, refusal func(APIError) string) (connector.Sent, error) {
	var out struct {
		RecipientID string `json:"recipient_id"`
		MessageID   string `json:"message_id"`
	}
	if err := c.Post(ctx, "/"+url.PathEscape(pageID)+"/messages", in, &out); err != nil {
		if ae, ok := APIErrorOf(err); ok {
			if msg := refusal(ae); msg != "" {
				if ce, ok := connector.Classify(err); ok && ce.Kind == connector.Permanent {
					ce.Message = msg
				}
			}
		}
		return connector.Sent{}, err
	}
	if out.MessageID == "" {
		return connector.Sent{}, connector.Errorf(connector.Temporary, nil, "%s accepted the message but sent no id", c.Network)
	}
	return connector.Sent{RemoteID: out.MessageID, SentAt: c.Now()}, nil
}

// Platform says how one Graph platform names things when answering.
type Platform struct {
	Network     string // "Facebook", "Instagram": in messages to the user
	Messages    string // "Messenger", "Instagram": the private channel
	DMNoun      string // "a Messenger conversation", "an Instagram direct message"
	CommentEdge string // "comments" (Facebook) or "replies" (Instagram)
}

// Reply answers the way both Graph platforms do: a private message in its
// conversation, a private reply to a comment, or a public answer under the
// top-level comment (their threads are two levels deep, and the top-level
// comment is the conversation, "comment:<id>").
func (c *Client) Reply(ctx context.Context, pageID string, p Platform, r connector.Reply) (connector.Sent, error) {
	if strings.TrimSpace(r.Text) == "" {
		return connector.Sent{}, connector.Errorf(connector.Permanent, nil, "the reply is empty")
	}
	top, isComments := strings.CutPrefix(r.ConversationRemoteID, "comment:")
	switch {
	case r.Visibility == connector.Private && !isComments:
		return c.SendInConversation(ctx, pageID, r.ConversationRemoteID, p.Messages, r.Text)
	case r.Visibility == connector.Private:
		target := r.InReplyTo
		if target == "" {
			target = top
		}
		return c.PrivateReply(ctx, pageID, target, r.Text)
	case !isComments:
		return connector.Sent{}, connector.Errorf(connector.Permanent, nil, "%s can only be answered privately", p.DMNoun)
	}
	var out struct {
		ID string `json:"id"`
	}
	if err := c.Post(ctx, "/"+url.PathEscape(top)+"/"+p.CommentEdge, map[string]string{"message": r.Text}, &out); err != nil {
		return connector.Sent{}, err
	}
	if out.ID == "" {
		return connector.Sent{}, connector.Errorf(connector.Temporary, nil, "%s accepted the reply but sent no id", p.Network)
	}
	return connector.Sent{RemoteID: out.ID, SentAt: c.Now()}, nil
}
