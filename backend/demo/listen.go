package demo

import (
	"context"
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

var _ connector.Searcher = (*Network)(nil)

// samplePosts are what the demo's networks "find" for a listening search,
// the term put in; each is marked sample data where it is shown.
var samplePosts = []struct {
	user, name, text string
	ago              time.Duration
	reach            int
}{
	{"rosa.sample", "Rosa (sample)", "My %s order arrived with a broken zipper and nobody answers. Not impressed.", 20 * time.Minute, 14},
	{"tom.sample", "Tom (sample)", "Does anyone know if %s ships to Norway? Thinking of ordering.", 45 * time.Minute, 3},
	{"mia.sample", "Mia (sample)", "Shout-out to %s, the new backpack is great for cycling!", 2 * time.Hour, 41},
	{"lee.sample", "Lee (sample)", "Third week waiting for a refund from %s. Terrible.", 3 * time.Hour, 9},
}

// Search implements connector.Searcher with sample posts that mention the
// term, found once (the cursor remembers it).
func (d *Network) Search(ctx context.Context, q connector.SearchQuery, cursor string) (connector.SearchPage, error) {
	if err := ctx.Err(); err != nil {
		return connector.SearchPage{}, err
	}
	if cursor != "" || strings.TrimSpace(q.Term) == "" {
		return connector.SearchPage{Cursor: cursor}, nil
	}
	term := q.Term
	if q.Hashtag {
		term = "#" + term
	}
	h := fnv.New32a()
	h.Write([]byte(strings.ToLower(q.Term)))
	now := d.now()
	var page connector.SearchPage
	for i := len(samplePosts) - 1; i >= 0; i-- { // oldest first
		p := samplePosts[i]
		id := fmt.Sprintf("sample-%s-%x-%d", d.network, h.Sum32(), i)
		page.Posts = append(page.Posts, connector.Post{
			RemoteID: id, Author: inbox.Participant{Network: d.network, RemoteID: "sample-" + p.user, Username: p.user, DisplayName: p.name},
			AuthorName: p.name, Text: fmt.Sprintf(p.text, term), Language: "en", SentAt: now.Add(-p.ago), Reach: p.reach,
		})
	}
	page.Cursor = "found"
	return page, nil
}

// SampleData tells listening that what this network finds is sample data.
func (d *Network) SampleData() bool { return true }
