package mastodon

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	gomasto "github.com/mattn/go-mastodon"

	"careinbox/backend/connector"
)

var _ connector.Searcher = (*Connector)(nil)

// searchLimit is one search page: Mastodon and GoToSocial cap both
// endpoints at 40.
const searchLimit = 40

// noTextSearch is said when the server returns no posts for a text search
// on the first try: Mastodon without its search index (or with only the
// "your own posts" scope) answers an empty list instead of an error.
const noTextSearch = "This Mastodon server returned no posts for a text search: it may not offer full-text search. Hashtag searches still work."

// Search implements connector.Searcher: a hashtag runs on the tag
// timeline, a word or phrase on /api/v2/search (type=statuses). The cursor
// is the newest status id seen; the next call asks for what is newer
// (min_id), so the handle's budget is spent on new posts only.
func (c *Connector) Search(ctx context.Context, q connector.SearchQuery, cursor string) (connector.SearchPage, error) {
	term := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(q.Term), "#"))
	if term == "" {
		return connector.SearchPage{Cursor: cursor}, nil
	}
	p := url.Values{"limit": {strconv.Itoa(searchLimit)}}
	if cursor != "" {
		p.Set("min_id", cursor)
	}
	var statuses []gomasto.Status
	if q.Hashtag {
		if _, err := c.get(ctx, "/api/v1/timelines/tag/"+url.PathEscape(term), p, &statuses); err != nil {
			return connector.SearchPage{}, err
		}
	} else {
		p.Set("q", term)
		p.Set("type", "statuses")
		p.Set("resolve", "false")
		var res struct {
			Statuses []gomasto.Status `json:"statuses"`
		}
		_, err := c.get(ctx, "/api/v2/search", p, &res)
		if isNotFound(err) || statusOf(err) == http.StatusNotImplemented {
			return connector.SearchPage{Cursor: cursor, Unavailable: noTextSearch}, nil
		}
		if err != nil {
			return connector.SearchPage{}, err
		}
		statuses = res.Statuses
		if cursor == "" && len(statuses) == 0 {
			return connector.SearchPage{Unavailable: noTextSearch}, nil
		}
	}
	page := connector.SearchPage{Cursor: cursor}
	// Both endpoints answer newest first; the page reads oldest first.
	for i := len(statuses) - 1; i >= 0; i-- {
		s := statuses[i]
		page.Cursor = maxID(page.Cursor, string(s.ID))
		if s.Reblog != nil || (s.Visibility != "public" && s.Visibility != "unlisted") {
			continue // a boost repeats a post found on its own; DMs are never listened to
		}
		m := inboundMessage(&s)
		link := statusLink(&s)
		page.Posts = append(page.Posts, connector.Post{
			RemoteID: string(s.ID), URL: link, Author: m.Author, AuthorName: m.AuthorName,
			Text: m.Text, Language: s.Language, SentAt: s.CreatedAt,
			Reach:           int(s.RepliesCount + s.ReblogsCount + s.FavouritesCount),
			ReplyToRemoteID: m.ReplyToRemoteID,
		})
	}
	return page, nil
}
