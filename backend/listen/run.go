package listen

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

// NetworkFeed is the network of results found in feeds.
const NetworkFeed inbox.Network = "feed"

// searchable are the networks whose connectors implement connector.Searcher
// at no cost; X bills every post read, so a search runs there only when the
// user switched it on (ListenSearch.XEnabled) after seeing the estimate.
var searchable = map[inbox.Network]bool{inbox.NetworkMastodon: true, inbox.NetworkBluesky: true}

// Run keeps the queue in step with the handles (a handle added or removed
// since) every Idle and checks for spikes, until ctx ends. The searches
// themselves are the engine's to run (RunListen), beside sync and never
// against it.
func (s *Service) Run(ctx context.Context) error {
	upkeep := time.NewTicker(s.cfg.Idle)
	defer upkeep.Stop()
	s.syncSources(ctx)
	for {
		s.checkSpikes(ctx)
		// New results are checked spikeAfterResults after the last check.
		var soon *time.Timer
		var soonC <-chan time.Time
		if s.cfg.Notifier != nil && s.fresh.Load() {
			soon = time.NewTimer(max(spikeAfterResults-s.cfg.Now().Sub(s.spikeAt), time.Second))
			soonC = soon.C
		}
		select {
		case <-ctx.Done():
		case <-upkeep.C:
			s.syncSources(ctx)
		case <-s.wake:
		case <-soonC:
		}
		if soon != nil {
			soon.Stop()
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

// syncSources is syncAllSources for Run: the engine is told when it is done,
// as a new handle's sources are due at once.
func (s *Service) syncSources(ctx context.Context) {
	if err := s.syncAllSources(ctx); err != nil && ctx.Err() == nil {
		s.cfg.Logger.Error("listening sources", "err", err)
	}
	signal(s.due)
}

// DueListens lists the sources due at now; a handle paused or backing off
// holds its own (engine.Listening).
func (s *Service) DueListens(ctx context.Context, now time.Time, limit int) ([]store.ListenSource, error) {
	return s.cfg.Store.DueListenSources(ctx, now, limit)
}

// NextListenRun is when the next source falls due (engine.Listening).
func (s *Service) NextListenRun(ctx context.Context) (time.Time, error) {
	return s.cfg.Store.NextListenRun(ctx)
}

// RunListen runs one source through c, its handle's connector (nil for a
// feed), and records the outcome on its row (engine.Listening).
func (s *Service) RunListen(ctx context.Context, src store.ListenSource, c connector.Connector) error {
	added, err := s.runSource(ctx, src, c)
	if added > 0 {
		s.fresh.Store(true)
		signal(s.wake) // new results: Run checks for a spike soon
	}
	return err
}

// ListenFailed records a failure the engine met around RunListen (no
// connector, a panic, a timeout) as the source's (engine.Listening).
func (s *Service) ListenFailed(ctx context.Context, src store.ListenSource, err error) {
	interval := FeedInterval
	if src.HandleID != 0 {
		interval = NetworkInterval
	}
	if ferr := s.failed(ctx, src, err, interval); ferr != nil && ctx.Err() == nil {
		s.cfg.Logger.Error("record listening failure", "search", src.SearchID, "source", src.Source, "err", ferr)
	}
}

// runOnce runs one source for RunOnce, its connector from conns.
func (s *Service) runOnce(ctx context.Context, conns Connectors, src store.ListenSource) (int, error) {
	var c connector.Connector
	if src.HandleID != 0 {
		var err error
		if c, err = conns.Connector(ctx, src.HandleID); err != nil {
			if ferr := s.failed(ctx, src, err, NetworkInterval); ferr != nil {
				return 0, ferr
			}
			return 0, err
		}
	}
	return s.runSource(ctx, src, c)
}

// syncAllSources keeps every search's queue rows in step with its client's
// handles and its feeds (a handle added or removed since).
func (s *Service) syncAllSources(ctx context.Context) error {
	searches, err := s.cfg.Store.ListenSearches(ctx, 0)
	if err != nil {
		return err
	}
	handles, err := s.cfg.Store.Handles(ctx)
	if err != nil {
		return err
	}
	for _, ls := range searches {
		if err := s.cfg.Store.SetListenSources(ctx, ls.ID, sourcesOf(ls, handles), s.cfg.Now()); err != nil {
			return err
		}
	}
	return nil
}

// sourcesOf is where a search runs: every handle of its client on a network
// that can search (X only when switched on), and each of its feeds.
func sourcesOf(ls store.ListenSearch, handles []inbox.Handle) []store.ListenSource {
	var out []store.ListenSource
	for _, h := range handles {
		if h.ClientID == ls.ClientID && (searchable[h.Network] || h.Network == inbox.NetworkX && ls.XEnabled) {
			out = append(out, store.ListenSource{Source: "handle:" + strconv.FormatInt(h.ID, 10), HandleID: h.ID})
		}
	}
	for _, f := range ls.Feeds {
		out = append(out, store.ListenSource{Source: "feed:" + f, FeedURL: f})
	}
	return out
}

// runSource runs one source of one search (c: its handle's connector, nil
// for a feed) and commits what it found with the new cursor, or records
// the failure with back-off.
func (s *Service) runSource(ctx context.Context, src store.ListenSource, c connector.Connector) (added int, err error) {
	ls, err := s.cfg.Store.ListenSearch(ctx, src.SearchID)
	if err != nil {
		return 0, err
	}
	var page store.ListenPage
	interval := NetworkInterval
	if src.HandleID != 0 {
		if c == nil {
			return 0, fmt.Errorf("listening source %s: no connector", src.Source)
		}
		if c.Network() == inbox.NetworkX {
			interval = XInterval
		}
		page, err = s.searchHandle(ctx, ls, src, c)
	} else {
		interval = FeedInterval
		page, err = s.readFeed(ctx, ls, src)
	}
	if err != nil {
		if ctx.Err() != nil {
			return 0, err
		}
		if ferr := s.failed(ctx, src, err, interval); ferr != nil {
			return 0, ferr
		}
		return 0, classify(err)
	}
	now := s.cfg.Now()
	next := now.Add(interval)
	if page.Note != "" && len(page.Results) == 0 {
		next = now.Add(unavailableRecheck)
	}
	if len(page.Results) > MaxPerRun {
		page.Results = page.Results[len(page.Results)-MaxPerRun:] // the newest
	}
	return s.cfg.Store.CommitListenPage(ctx, page, now, next)
}

// failed records a source's failure, classified like sync's, and when to
// try again: the back-off, the network's own Retry-After for a rate limit
// (never sooner than interval), an hour or more for what needs the user.
func (s *Service) failed(ctx context.Context, src store.ListenSource, err error, interval time.Duration) error {
	ce := classify(err)
	now := s.cfg.Now()
	next := now.Add(backoff(src.Errors + 1))
	switch ce.Kind {
	case connector.RateLimited:
		next = later(ce.RetryAt, now.Add(interval))
	case connector.Permanent, connector.AuthNeeded:
		next = now.Add(max(time.Hour, backoff(src.Errors+1)))
	}
	s.cfg.Logger.Warn("listening source failed", "search", src.SearchID, "source", src.Source, "err", err)
	return s.cfg.Store.ListenSourceFailed(ctx, src.SearchID, src.Source, ce.Message, next, now)
}

// classify is err as a connector.Error (unclassified: a temporary one).
func classify(err error) *connector.Error {
	if ce, _ := connector.Classify(err); ce != nil {
		return ce
	}
	return connector.Errorf(connector.Temporary, err, "the search failed")
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// backoff grows with consecutive failures like the sync engine's, with
// ±20 % jitter, from 1 minute to 1 hour.
func backoff(failures int) time.Duration {
	d := time.Minute
	for i := 1; i < failures && d < time.Hour; i++ {
		d *= 2
	}
	d = min(d, time.Hour)
	return time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
}

// searchHandle runs every term of a search through the handle's connector.
// The cursor is one per term (JSON), so each term asks only for what is new.
func (s *Service) searchHandle(ctx context.Context, ls store.ListenSearch, src store.ListenSource, c connector.Connector) (store.ListenPage, error) {
	page := store.ListenPage{SearchID: ls.ID, Source: src.Source}
	srch, ok := c.(connector.Searcher)
	if !ok {
		page.Note = fmt.Sprintf("Care Inbox cannot search %s yet.", c.Network())
		page.Cursor = src.Cursor
		return page, nil
	}
	cursors := map[string]string{}
	_ = json.Unmarshal([]byte(src.Cursor), &cursors)
	var notes []string
	for _, term := range ls.Terms {
		q := connector.SearchQuery{Term: term, Language: ls.Language}
		if tag, ok := isHashtag(term); ok {
			q.Term, q.Hashtag = tag, true
		}
		p, err := srch.Search(ctx, q, cursors[term])
		if err != nil {
			return page, err
		}
		cursors[term] = p.Cursor
		if p.Unavailable != "" && !contains(notes, p.Unavailable) {
			notes = append(notes, p.Unavailable)
		}
		_, sample := c.(sampler)
		for _, post := range p.Posts {
			if excluded(ls, post.Text, post.Author.Username, post.Language) {
				continue
			}
			r := s.result(c.Network(), src.HandleID, post)
			r.Sample = sample
			page.Results = append(page.Results, r)
		}
	}
	b, _ := json.Marshal(cursors)
	page.Cursor, page.Note = string(b), strings.Join(notes, " ")
	return page, nil
}

// sampler is a connector whose finds are sample data (the demo's networks).
type sampler interface{ SampleData() bool }

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// result turns a found post into a stored result, scored and capped.
func (s *Service) result(network inbox.Network, handleID int64, p connector.Post) store.ListenResult {
	text := clipRunes(p.Text, MaxTextLen)
	key := string(network) + ":" + p.RemoteID
	if network != inbox.NetworkBluesky && p.URL != "" {
		key = "url:" + p.URL // the same post seen from two servers
	}
	author := p.Author
	author.Network = network
	if author.DisplayName == "" {
		author.DisplayName = p.AuthorName
	}
	r := store.ListenResult{DedupKey: key, Network: network, HandleID: handleID, RemoteID: p.RemoteID,
		URL: safeLink(p.URL), Author: author, Text: text, Language: baseLang(p.Language), Reach: p.Reach, PostedAt: p.SentAt}
	if sc := s.scorer.Score(text).Score; sc != nil {
		r.Sentiment = *sc
	}
	if r.PostedAt.IsZero() {
		r.PostedAt = s.cfg.Now()
	}
	return r
}

// readFeed reads a feed with conditional GET and keeps the entries that
// mention a term. A 304 keeps everything as it was.
func (s *Service) readFeed(ctx context.Context, ls store.ListenSearch, src store.ListenSource) (store.ListenPage, error) {
	page := store.ListenPage{SearchID: ls.ID, Source: src.Source, Cursor: src.Cursor, ETag: src.ETag, LastModified: src.LastModified}
	ans, err := fetchFeed(ctx, s.cfg.HTTP, src.FeedURL, src.ETag, src.LastModified)
	if err != nil {
		return page, err
	}
	if ans.NotModified {
		return page, nil
	}
	page.ETag, page.LastModified = ans.ETag, ans.LastModified
	for i := len(ans.Items) - 1; i >= 0; i-- { // feeds list newest first
		it := ans.Items[i]
		if it == nil {
			continue
		}
		body := it.Description
		if body == "" {
			body = it.Content
		}
		text := strings.TrimSpace(plainText(it.Title) + "\n" + plainText(body))
		name := ans.Title
		if it.Author != nil && it.Author.Name != "" {
			name = it.Author.Name
		}
		if !matches(ls.Terms, text) || excluded(ls, text, name, "") {
			continue
		}
		link := safeLink(it.Link)
		id := it.GUID
		if id == "" {
			id = link
		}
		if id == "" {
			id = it.Title
		}
		r := s.result(NetworkFeed, 0, connector.Post{RemoteID: clipRunes(id, 500), URL: link, Text: text,
			Author: inbox.Participant{RemoteID: host(src.FeedURL), Username: host(src.FeedURL), DisplayName: clipRunes(name, 200)}})
		r.DedupKey = "feed:" + clipRunes(id, 500)
		if link != "" {
			r.DedupKey = "url:" + link
		}
		if it.PublishedParsed != nil {
			r.PostedAt = it.PublishedParsed.UTC()
		} else if it.UpdatedParsed != nil {
			r.PostedAt = it.UpdatedParsed.UTC()
		}
		page.Results = append(page.Results, r)
	}
	return page, nil
}

// ErrNotAnswerable is returned when a result cannot be answered from the app.
var ErrNotAnswerable = errors.New("this result came from a feed: open its link to answer on the site")
