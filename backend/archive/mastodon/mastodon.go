// Package mastodon reads a Mastodon account archive (outbox.json, an
// ActivityStreams OrderedCollection; actor.json) into the connector's
// shapes: each of the account's posts keeps its status id (the last part of
// its URL, what the API calls it), public replies go into the conversation
// of their thread's root, direct posts into "dm:<account>"
// (backend/connector/mastodon/fetch.go). Follows, mutes, blocks, likes and
// bookmarks are not customer care and are ignored; boosts are skipped.
package mastodon

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"path"
	"strings"
	"time"

	"careinbox/backend/archive"
	"careinbox/backend/connector"
	masto "careinbox/backend/connector/mastodon"
	"careinbox/backend/inbox"
)

// Reader reads one archive.
type Reader struct {
	tree    *archive.Tree
	outbox  string
	parents map[string]string // own status URL → the URL it answers
	checked bool
}

// Is reports whether tree holds a Mastodon outbox.
func Is(tree *archive.Tree) bool { return tree.Has("outbox.json") }

// Open reads tree as a Mastodon archive.
func Open(tree *archive.Tree, _ archive.Account) (*Reader, error) {
	if !tree.Has("outbox.json") {
		return nil, &archive.ErrUnknown{Path: "the archive", Why: "a Mastodon archive has an outbox.json"}
	}
	tree.Count([]string{"outbox.json"})
	return &Reader{tree: tree, outbox: "outbox.json", parents: map[string]string{}}, nil
}

func (r *Reader) Format() archive.Format    { return archive.FormatMastodon }
func (r *Reader) Size() (done, total int64) { return r.tree.Size() }
func (r *Reader) Close() error              { return r.tree.Close() }

type activity struct {
	Type   string          `json:"type"`
	Object json.RawMessage `json:"object"`
}

type note struct {
	ID        string   `json:"id"`
	Type      string   `json:"type"`
	InReplyTo *string  `json:"inReplyTo"`
	Published string   `json:"published"`
	URL       string   `json:"url"`
	Content   string   `json:"content"`
	Summary   *string  `json:"summary"`
	To        []string `json:"to"`
	Cc        []string `json:"cc"`
	Tag       []struct {
		Type string `json:"type"`
		Href string `json:"href"`
		Name string `json:"name"`
	} `json:"tag"`
}

// each streams outbox.json's orderedItems.
func (r *Reader) each(ctx context.Context, fn func(activity) error) error {
	f, err := r.tree.Open(r.outbox)
	if err != nil {
		return err
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return &archive.Corrupt{Where: r.outbox, Err: fmt.Errorf("expected an object")}
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return &archive.Corrupt{Where: r.outbox, Err: err}
		}
		if key != "orderedItems" {
			if err := archive.SkipValue(dec); err != nil {
				return &archive.Corrupt{Where: r.outbox, Err: err}
			}
			continue
		}
		if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
			return &archive.Corrupt{Where: r.outbox, Err: fmt.Errorf("orderedItems is not an array")}
		}
		for dec.More() {
			if err := ctx.Err(); err != nil {
				return err
			}
			var a activity
			if err := dec.Decode(&a); err != nil {
				return &archive.Corrupt{Where: r.outbox, Err: err}
			}
			if err := fn(a); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil {
			return &archive.Corrupt{Where: r.outbox, Err: err}
		}
	}
	if _, err := dec.Token(); err != nil {
		return &archive.Corrupt{Where: r.outbox, Err: err}
	}
	return nil
}

// Check reads the outbox once: its syntax, and which post answers which.
func (r *Reader) Check(ctx context.Context) error {
	err := r.each(ctx, func(a activity) error {
		var n note
		if a.Type == "Create" && json.Unmarshal(a.Object, &n) == nil && n.ID != "" {
			r.parents[n.ID] = deref(n.InReplyTo)
		}
		return nil
	})
	if err != nil {
		return err
	}
	r.checked = true
	r.tree.ResetDone()
	return nil
}

func (r *Reader) Read(ctx context.Context, yield func(archive.Item) error) error {
	if !r.checked {
		if err := r.Check(ctx); err != nil {
			return err
		}
	}
	return r.each(ctx, func(a activity) error {
		if a.Type != "Create" {
			return yield(archive.Item{Skip: "a boost or other activity that is not a post"})
		}
		var n note
		if err := json.Unmarshal(a.Object, &n); err != nil || n.ID == "" {
			return yield(archive.Item{Skip: "a post that could not be read"})
		}
		return yield(r.post(n))
	})
}

const public = "https://www.w3.org/ns/activitystreams#Public"

func (r *Reader) post(n note) archive.Item {
	at, err := time.Parse(time.RFC3339, n.Published)
	if err != nil {
		return archive.Item{Skip: "a post without time"}
	}
	text := masto.PlainText(n.Content)
	if s := deref(n.Summary); s != "" {
		text = "CW: " + s + "\n\n" + text
	}
	m := connector.Message{RemoteID: statusID(n.ID), Direction: inbox.Outbound, Text: text, SentAt: at.UTC(),
		ReplyToRemoteID: localID(n.ID, deref(n.InReplyTo)), Extra: map[string]any{"visibility": visibility(n)}}
	if n.URL != "" {
		m.Extra["url"] = n.URL
	}
	var customer inbox.Participant
	for _, t := range n.Tag {
		if t.Type == "Mention" && t.Href != "" {
			customer = inbox.Participant{Network: inbox.NetworkMastodon, RemoteID: t.Href, Username: strings.TrimPrefix(t.Name, "@")}
			break
		}
	}
	if visibility(n) == "direct" {
		if customer.RemoteID == "" {
			return archive.Item{Skip: "a direct post to no one"}
		}
		c := connector.Conversation{RemoteID: "dm:" + customer.RemoteID, Kind: inbox.KindPrivate, Customer: customer, Messages: []connector.Message{m}}
		return archive.Item{Conv: &c}
	}
	root := r.root(n.ID)
	if root == "" {
		return archive.Item{Skip: "a post of the account's own that answers no one"}
	}
	c := connector.Conversation{RemoteID: root, Kind: inbox.KindPublic, Customer: customer, Messages: []connector.Message{m}}
	return archive.Item{Conv: &c}
}

// root is a reply's conversation: the status id of the first post up its
// chain that is not the account's own ("" for a post that answers nobody).
func (r *Reader) root(id string) string {
	cur := id
	for range 10_000 {
		p := r.parents[cur]
		if p == "" {
			return ""
		}
		if _, own := r.parents[p]; !own {
			return localID(id, p)
		}
		cur = p
	}
	return ""
}

func visibility(n note) string {
	all := append(append([]string{}, n.To...), n.Cc...)
	for _, a := range n.To {
		if a == public {
			return "public"
		}
	}
	for _, a := range all {
		if a == public {
			return "unlisted"
		}
	}
	for _, a := range all {
		if strings.HasSuffix(a, "/followers") {
			return "private"
		}
	}
	return "direct"
}

// localID is how the account's server names status u: by its id when u
// is on the same server as own (one of the account's posts), else by its
// URL (another server's id would mean another post here).
func localID(own, u string) string {
	a, errA := url.Parse(own)
	b, errB := url.Parse(u)
	if u == "" || errA != nil || errB != nil || a.Host != b.Host {
		return u
	}
	return statusID(u)
}

// statusID is the id a status URL ends in (…/statuses/109…, …/@user/109…);
// a URL of another form stays whole.
func statusID(u string) string {
	if u == "" {
		return ""
	}
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	last := path.Base(strings.TrimSuffix(p.Path, "/activity"))
	for _, c := range last {
		if c < '0' || c > '9' {
			return u
		}
	}
	if last == "" {
		return u
	}
	return last
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
