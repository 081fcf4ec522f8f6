package connector

import (
	"context"
	"time"

	"careinbox/backend/inbox"
)

// Searcher is a connector that can search public posts for listening:
// what people say about a brand without addressing the handle. Results are
// never conversations; the listening service keeps them apart.
type Searcher interface {
	// Search runs one query. cursor is what the previous Search of the same
	// query returned ("" the first time: the newest page only); the next
	// call asks only for what is newer.
	Search(ctx context.Context, q SearchQuery, cursor string) (SearchPage, error)
}

// SearchQuery is one term of a listening search on one network.
type SearchQuery struct {
	// Term is a word or phrase; with Hashtag it is a tag without '#'.
	Term    string
	Hashtag bool
	// Language, when set, is an ISO 639-1 code the network may filter on.
	Language string
}

// SearchPage is what one Search found, oldest first.
type SearchPage struct {
	Posts  []Post
	Cursor string
	// Unavailable says in plain words why the network cannot run this kind
	// of search (a server without full-text search); the page is empty.
	Unavailable string
}

// Post is one public post found by a search. Text is plain text.
type Post struct {
	RemoteID   string
	URL        string // http(s) permalink, "" when unknown
	Author     inbox.Participant
	AuthorName string
	Text       string
	Language   string
	SentAt     time.Time
	// Reach is the network's own engagement figure (reposts + likes +
	// replies), for ordering by reach; the author's audience is not known.
	Reach int
	// ReplyToRemoteID is the post it answers, if any.
	ReplyToRemoteID string
}
