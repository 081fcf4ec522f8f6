package demo

import (
	"context"
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
	"careinbox/backend/store"
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

// sampleSurge records a surge in the mentions of the handle the Listening
// view opens on (the first client by name that can search: Mastodon or
// Bluesky), as the listening service would have, delivered (no desktop
// notification for sample data) and labelled sample, so the view's list of
// surges has something to show.
func sampleSurge(ctx context.Context, s *store.Store, handles []genHandle, now time.Time) error {
	var pick *genHandle
	for i := range handles {
		h := &handles[i]
		if h.handle.Network != inbox.NetworkMastodon && h.handle.Network != inbox.NetworkBluesky {
			continue
		}
		if pick == nil || strings.ToLower(h.spec.name) < strings.ToLower(pick.spec.name) {
			pick = h
		}
	}
	if pick == nil {
		return nil
	}
	hour := now.Truncate(time.Hour)
	scope := fmt.Sprintf("handle:%d", pick.handle.ID)
	if _, err := s.ClaimListenSpike(ctx, scope, "volume", hour, 18, 3, now); err != nil {
		return fmt.Errorf("generate demo: %w", err)
	}
	err := s.ListenSpikeSent(ctx, store.ListenSpike{Scope: scope, Metric: "volume", Hour: hour,
		Title:       fmt.Sprintf("Mentions of %s are surging (sample)", pick.handle.DisplayName),
		Body:        fmt.Sprintf("18 in the hour from %s, usually about 3. Top words: zipper, refund, waiting.", hour.Local().Format("15:04")),
		DeliveredAt: now})
	if err != nil {
		return fmt.Errorf("generate demo: %w", err)
	}
	return nil
}
