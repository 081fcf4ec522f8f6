package bluesky

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"time"

	"careinbox/backend/connector"
)

var _ connector.Searcher = (*Connector)(nil)

// searchLimit is one searchPosts page (the lexicon allows 1–100).
const searchLimit = 50

type postView struct {
	URI         string          `json:"uri"`
	Author      profile         `json:"author"`
	Record      json.RawMessage `json:"record"`
	ReplyCount  int             `json:"replyCount"`
	RepostCount int             `json:"repostCount"`
	LikeCount   int             `json:"likeCount"`
	QuoteCount  int             `json:"quoteCount"`
	IndexedAt   time.Time       `json:"indexedAt"`
}

// Search implements connector.Searcher with app.bsky.feed.searchPosts,
// newest first (sort=latest). The cursor is the newest indexedAt seen; the
// next call passes it as since (inclusive), so a post on the boundary comes
// again and the listening store's dedup drops it.
func (c *Connector) Search(ctx context.Context, q connector.SearchQuery, cursor string) (connector.SearchPage, error) {
	term := strings.TrimSpace(q.Term)
	if q.Hashtag {
		term = strings.TrimPrefix(term, "#")
	}
	if term == "" {
		return connector.SearchPage{Cursor: cursor}, nil
	}
	p := url.Values{"limit": {strconv.Itoa(searchLimit)}, "sort": {"latest"}}
	if q.Hashtag {
		p.Set("q", "#"+term)
		p.Set("tag", term)
	} else {
		p.Set("q", term)
	}
	if q.Language != "" {
		p.Set("lang", q.Language)
	}
	if cursor != "" {
		p.Set("since", cursor)
	}
	var out struct {
		Posts []postView `json:"posts"`
	}
	if err := c.xrpc(ctx, "GET", "app.bsky.feed.searchPosts", p, nil, &out); err != nil {
		return connector.SearchPage{}, err
	}
	page := connector.SearchPage{Cursor: cursor}
	newest, _ := time.Parse(time.RFC3339Nano, cursor)
	for i := len(out.Posts) - 1; i >= 0; i-- { // oldest first
		pv := out.Posts[i]
		if pv.IndexedAt.After(newest) {
			newest = pv.IndexedAt
		}
		var rec struct {
			postRecord
			Langs []string `json:"langs"`
		}
		if err := json.Unmarshal(pv.Record, &rec); err != nil {
			continue
		}
		sent := rec.CreatedAt.Time
		if sent.IsZero() {
			sent = pv.IndexedAt
		}
		parent := ""
		if rec.Reply != nil {
			parent = rec.Reply.Parent.URI
		}
		lang := ""
		if len(rec.Langs) > 0 {
			lang = rec.Langs[0]
		}
		author := participant(pv.Author)
		page.Posts = append(page.Posts, connector.Post{
			RemoteID: pv.URI, URL: postURL(pv.URI, pv.Author.Handle), Author: author, AuthorName: author.Name(),
			Text: expandLinks(rec.Text, rec.Facets), Language: lang, SentAt: sent,
			Reach:           pv.ReplyCount + pv.RepostCount + pv.LikeCount + pv.QuoteCount,
			ReplyToRemoteID: parent,
		})
	}
	if !newest.IsZero() {
		page.Cursor = newest.UTC().Format(time.RFC3339Nano)
	}
	return page, nil
}

// postURL is a post's bsky.app permalink ("" when the URI is not a post).
func postURL(uri, handle string) string {
	rest, ok := strings.CutPrefix(uri, "at://")
	if !ok {
		return ""
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 3 || parts[1] != "app.bsky.feed.post" {
		return ""
	}
	who := parts[0]
	if handle != "" && handle != "handle.invalid" {
		who = handle
	}
	return "https://bsky.app/profile/" + url.PathEscape(who) + "/post/" + url.PathEscape(parts[2])
}
