// Package x reads an X (Twitter) account archive — data/tweets.js,
// data/direct-messages.js, data/direct-messages-group.js, each a
// "window.YTD.<name>.partN = [...]" script — into the conversations the X
// connector syncs: public replies as "post:<conversation>" with the post's
// id, direct messages as "dm:<conversation>" with "dm:<event id>"
// (backend/connector/x/fetch.go).
package x

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"html"

	"regexp"
	"strings"
	"time"

	"careinbox/backend/archive"
	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

// Reader reads one X archive.
type Reader struct {
	tree   *archive.Tree
	me     string
	tweets []string
	dms    []string
	// parents maps each of the account's posts to the post it answers and
	// that post's author, learnt in Check: a reply's conversation is the
	// root of its chain, which the archive (unlike the API) does not name.
	parents map[string]parent
	checked bool
}

type parent struct{ id, user string }

var (
	tweetFile = regexp.MustCompile(`^data/tweets?(-part\d+)?\.js$`)
	dmFile    = regexp.MustCompile(`^data/direct-messages(-group)?(-part\d+)?\.js$`)
)

// Is reports whether tree looks like an X archive.
func Is(tree *archive.Tree) bool {
	return tree.Has("data/account.js") || tree.Has("data/tweets.js") || tree.Has("data/tweet.js") || tree.Has("data/direct-messages.js")
}

// Open reads tree as the X archive of acct's handle.
func Open(tree *archive.Tree, acct archive.Account) (*Reader, error) {
	r := &Reader{tree: tree, me: acct.Handle.RemoteAccountID, parents: map[string]parent{}}
	names, err := archive.Glob(tree.FS, func(p string) bool { return tweetFile.MatchString(p) || dmFile.MatchString(p) })
	if err != nil {
		return nil, fmt.Errorf("read the X archive: %w", err)
	}
	for _, n := range names {
		if tweetFile.MatchString(n) {
			r.tweets = append(r.tweets, n)
		} else {
			r.dms = append(r.dms, n)
		}
	}
	if len(names) == 0 {
		return nil, &archive.ErrUnknown{Path: "the archive", Why: "it has no data/tweets.js or data/direct-messages.js"}
	}
	tree.Count(names)
	if tree.Has("data/account.js") {
		if err := r.readAccount(); err != nil {
			return nil, err
		}
	}
	if h := acct.Handle.RemoteAccountID; h != "" && r.me != h {
		return nil, fmt.Errorf("this X archive is of account %s, but the handle is account %s: choose the archive of this handle", r.me, h)
	}
	if r.me == "" {
		return nil, fmt.Errorf("the X archive names no account (data/account.js) and the handle has no account id yet: sync the handle once first")
	}
	return r, nil
}

func (r *Reader) Format() archive.Format    { return archive.FormatX }
func (r *Reader) Size() (done, total int64) { return r.tree.Size() }
func (r *Reader) Close() error              { return r.tree.Close() }

func (r *Reader) readAccount() error {
	return r.each("data/account.js", func(raw json.RawMessage) error {
		var a struct {
			Account struct {
				AccountID string `json:"accountId"`
			} `json:"account"`
		}
		if err := json.Unmarshal(raw, &a); err != nil {
			return err
		}
		if a.Account.AccountID != "" {
			r.me = a.Account.AccountID
		}
		return nil
	})
}

// each streams the array of one window.YTD script.
func (r *Reader) each(name string, fn func(json.RawMessage) error) error {
	f, err := r.tree.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReader(f)
	// "window.YTD.tweets.part0 = [" : the array starts after the "=".
	if _, err := br.ReadString('='); err != nil {
		return &archive.Corrupt{Where: name, Err: fmt.Errorf("no window.YTD assignment")}
	}
	if err := archive.EachElement(br, fn); err != nil {
		return &archive.Corrupt{Where: name, Err: err}
	}
	return nil
}

type tweet struct {
	Tweet struct {
		ID        string `json:"id_str"`
		FullText  string `json:"full_text"`
		CreatedAt string `json:"created_at"`
		ReplyTo   string `json:"in_reply_to_status_id_str"`
		ReplyUser string `json:"in_reply_to_user_id_str"`
		ReplyName string `json:"in_reply_to_screen_name"`
		Entities  struct {
			Mentions []struct {
				ID         string `json:"id_str"`
				ScreenName string `json:"screen_name"`
				Name       string `json:"name"`
			} `json:"user_mentions"`
		} `json:"entities"`
	} `json:"tweet"`
}

// Check reads every file once (the syntax, and each post's parent).
func (r *Reader) Check(ctx context.Context) error {
	for _, n := range r.tweets {
		err := r.each(n, func(raw json.RawMessage) error {
			var t tweet
			if err := json.Unmarshal(raw, &t); err != nil {
				return err
			}
			r.parents[t.Tweet.ID] = parent{t.Tweet.ReplyTo, t.Tweet.ReplyUser}
			return ctx.Err()
		})
		if err != nil {
			return err
		}
	}
	for _, n := range r.dms {
		if err := r.each(n, func(json.RawMessage) error { return ctx.Err() }); err != nil {
			return err
		}
	}
	r.checked = true
	r.tree.ResetDone()
	return nil
}

// root is the conversation of a post: up its chain of the account's own
// posts to the first post by someone else (the customer's, whose
// conversation id is its own id when it starts the thread). ok is false for
// a post that answers nobody but the account itself.
func (r *Reader) root(id string) (string, bool) {
	cur := id
	for range 10_000 {
		p := r.parents[cur]
		if p.id == "" {
			return "", false
		}
		if p.user != r.me {
			return p.id, true
		}
		if _, own := r.parents[p.id]; !own {
			return p.id, true // an own post missing from the archive
		}
		cur = p.id
	}
	return "", false
}

func (r *Reader) Read(ctx context.Context, yield func(archive.Item) error) error {
	if !r.checked {
		if err := r.Check(ctx); err != nil {
			return err
		}
	}
	for _, n := range r.tweets {
		if err := r.each(n, func(raw json.RawMessage) error {
			var t tweet
			if err := json.Unmarshal(raw, &t); err != nil {
				return err
			}
			return yield(r.post(t))
		}); err != nil {
			return err
		}
	}
	for _, n := range r.dms {
		if err := r.each(n, func(raw json.RawMessage) error { return yield(r.dmConversation(raw)) }); err != nil {
			return err
		}
	}
	return nil
}

func (r *Reader) post(t tweet) archive.Item {
	p := t.Tweet
	at, err := time.Parse(time.RubyDate, p.CreatedAt)
	if p.ID == "" || err != nil {
		return archive.Item{Skip: "a post without id or time"}
	}
	root, ok := r.root(p.ID)
	if !ok {
		return archive.Item{Skip: "a post of the account's own that answers no one"}
	}
	customer := inbox.Participant{Network: inbox.NetworkX, RemoteID: p.ReplyUser, Username: p.ReplyName}
	for _, m := range p.Entities.Mentions {
		if m.ID == p.ReplyUser && m.Name != "" {
			customer.DisplayName = m.Name
		}
	}
	if p.ReplyUser == r.me {
		customer = inbox.Participant{}
	}
	m := connector.Message{RemoteID: p.ID, Direction: inbox.Outbound, Text: html.UnescapeString(p.FullText), SentAt: at.UTC(),
		ReplyToRemoteID: p.ReplyTo, Extra: map[string]any{"conversation_id": root}}
	c := connector.Conversation{RemoteID: "post:" + root, Kind: inbox.KindPublic, Customer: customer, Messages: []connector.Message{m}}
	return archive.Item{Conv: &c}
}

type dmFileEntry struct {
	Conv struct {
		ID       string `json:"conversationId"`
		Messages []struct {
			Create *struct {
				ID          string `json:"id"`
				SenderID    string `json:"senderId"`
				RecipientID string `json:"recipientId"`
				Text        string `json:"text"`
				CreatedAt   string `json:"createdAt"`
			} `json:"messageCreate"`
		} `json:"messages"`
	} `json:"dmConversation"`
}

// dmConversation maps one dmConversation (all its messages, newest first
// in the archive) to the connector's "dm:" conversation, oldest first.
func (r *Reader) dmConversation(raw json.RawMessage) archive.Item {
	var e dmFileEntry
	if err := json.Unmarshal(raw, &e); err != nil || e.Conv.ID == "" {
		return archive.Item{Skip: "a direct-message conversation without id"}
	}
	c := connector.Conversation{RemoteID: "dm:" + e.Conv.ID, Kind: inbox.KindPrivate}
	dropped := map[string]int{}
	for i := len(e.Conv.Messages) - 1; i >= 0; i-- {
		mc := e.Conv.Messages[i].Create
		if mc == nil {
			continue // joins, leaves, reactions: events, not messages
		}
		at, err := time.Parse(time.RFC3339Nano, mc.CreatedAt)
		if mc.ID == "" || err != nil {
			dropped["a direct message without id or time"]++
			continue
		}
		other := mc.SenderID
		if other == r.me {
			other = mc.RecipientID
		}
		if other == "" || other == r.me {
			other = otherOf(e.Conv.ID, r.me)
		}
		customer := inbox.Participant{Network: inbox.NetworkX, RemoteID: other}
		m := connector.Message{RemoteID: "dm:" + mc.ID, Direction: inbox.Inbound, Text: html.UnescapeString(mc.Text), SentAt: at.UTC(),
			Author: inbox.Participant{Network: inbox.NetworkX, RemoteID: mc.SenderID}, Extra: map[string]any{"participant_id": other}}
		if mc.SenderID == r.me {
			m.Direction, m.Author = inbox.Outbound, inbox.Participant{}
		}
		if c.Customer.RemoteID == "" && other != "" {
			c.Customer = customer
		}
		c.Messages = append(c.Messages, m)
	}
	if len(dropped) == 0 {
		dropped = nil
	}
	return archive.Item{Conv: &c, Dropped: dropped}
}

// otherOf reads the other party of a one-to-one conversation id "a-b".
func otherOf(conv, me string) string {
	a, b, ok := strings.Cut(conv, "-")
	switch {
	case !ok:
		return ""
	case a == me:
		return b
	default:
		return a
	}
}
