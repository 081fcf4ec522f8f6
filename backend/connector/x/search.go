package x

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

var _ connector.Searcher = (*Connector)(nil)

// SearchPage is one recent-search request: the fewest posts X allows (10),
// since every post read is billed. Listening shows the estimate before a
// search is allowed on X at all.
const SearchPage = 10

// Search implements connector.Searcher with GET /2/tweets/search/recent
// (the last 7 days): the term quoted (a hashtag as #tag), reposts left out,
// the language as lang:xx. The cursor is the newest post id seen
// (since_id); one request per call, never a page walk.
func (c *Connector) Search(ctx context.Context, q connector.SearchQuery, cursor string) (connector.SearchPage, error) {
	term := strings.TrimSpace(q.Term)
	if term == "" {
		return connector.SearchPage{Cursor: cursor}, nil
	}
	query := `"` + strings.ReplaceAll(term, `"`, "") + `"`
	if q.Hashtag {
		query = "#" + strings.TrimPrefix(term, "#")
	}
	query += " -is:retweet"
	if q.Language != "" {
		query += " lang:" + q.Language
	}
	p := url.Values{
		"query":       {query},
		"max_results": {strconv.Itoa(SearchPage)},
		"post.fields": {"created_at,conversation_id,lang,public_metrics,text,note_post,entities"},
		"expansions":  {"author_id,referenced_posts"},
		"user.fields": {"username,name"},
	}
	if cursor != "" {
		p.Set("since_id", cursor)
	}
	var out struct {
		Data []struct {
			post
			Lang    string `json:"lang"`
			Metrics struct {
				Reposts int `json:"repost_count"`
				Replies int `json:"reply_count"`
				Likes   int `json:"like_count"`
				Quotes  int `json:"quote_count"`
			} `json:"public_metrics"`
		} `json:"data"`
		Includes includes `json:"includes"`
	}
	if _, err := c.call(ctx, "search", http.MethodGet, "/2/tweets/search/recent", p, nil, &out); err != nil {
		return connector.SearchPage{}, err
	}
	users := map[string]user{}
	for _, u := range out.Includes.Users {
		users[u.ID] = u
	}
	page := connector.SearchPage{Cursor: cursor}
	for i := len(out.Data) - 1; i >= 0; i-- { // newest first → oldest first
		d := out.Data[i]
		if d.ID == "" {
			continue
		}
		if page.Cursor == "" || newer(d.ID, page.Cursor) {
			page.Cursor = d.ID
		}
		if cursor != "" && !newer(d.ID, cursor) {
			continue
		}
		u := users[d.AuthorID]
		post := connector.Post{
			RemoteID: d.ID, Text: d.fullText(), Language: d.Lang, SentAt: d.CreatedAt, AuthorName: u.Name,
			Author: inbox.Participant{Network: inbox.NetworkX, RemoteID: d.AuthorID, Username: u.Username, DisplayName: u.Name},
			Reach:  d.Metrics.Reposts + d.Metrics.Replies + d.Metrics.Likes + d.Metrics.Quotes,
		}
		if u.Username != "" {
			post.URL = fmt.Sprintf("https://x.com/%s/status/%s", url.PathEscape(u.Username), d.ID)
		}
		for _, r := range d.Referenced {
			if r.Type == "replied_to" {
				post.ReplyToRemoteID = r.ID
			}
		}
		page.Posts = append(page.Posts, post)
	}
	return page, nil
}
