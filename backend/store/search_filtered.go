package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"careinbox/backend/inbox"
)

// SearchCandidates bounds one search's work per source (messages, subjects,
// notes): at most this many of the newest matches are read, counted and — when
// relevance is asked for — ranked. bm25 over every match of a word found in a
// fifth of a 1 M archive costs hundreds of milliseconds; over this many it
// costs a few. SearchResult says when the bound was reached.
const SearchCandidates = 2000

// SearchQuery is a full-text search narrowed by filters. Zero fields mean "any".
type SearchQuery struct {
	Text     string // words and "quoted phrases" in message text, author names, e-mail subjects and notes
	Author   string // words the author's name must contain (messages only)
	ClientID int64
	HandleID int64
	Network  inbox.Network
	Statuses []inbox.Status
	Tag      string
	From, To time.Time // sent (a note: written; a subject: the conversation's last message) in [From, To)
	// Relevance orders by bm25 over the newest SearchCandidates matches; the
	// default is newest first.
	Relevance bool
	Limit     int
}

// HitKind says where a search hit matched.
type HitKind string

// What a hit matched: a message, a conversation's e-mail subject, or an internal note.
const (
	HitMessage HitKind = "message"
	HitSubject HitKind = "subject"
	HitNote    HitKind = "note"
)

// Hit is a search result with what the results list shows around it. A
// subject or note hit has no MessageID; a note hit has its NoteID.
type Hit struct {
	SearchHit
	Kind         HitKind
	NoteID       int64
	Direction    inbox.Direction
	Status       inbox.Status
	Network      inbox.Network
	HandleName   string
	ClientName   string
	CustomerName string
	score        float64 // bm25: lower is better
}

// SearchResult is one page of hits and what is known of the rest.
type SearchResult struct {
	Hits []Hit
	// Matches counts the matches read: exact unless MoreMatches, when some
	// source had more than SearchCandidates and Matches is a lower bound.
	Matches     int
	MoreMatches bool
	// Bounded says relevance ranked only the newest SearchCandidates matches
	// of a source, not every match.
	Bounded bool
}

// MatchExpr is the FTS5 expression for the query's text and author words.
func (q SearchQuery) MatchExpr() string {
	text, author := FTSQuery(q.Text), FTSQuery(q.Author)
	switch {
	case text != "" && author != "":
		return "(" + text + ") AND author_name : (" + author + ")"
	case author != "":
		return "author_name : (" + author + ")"
	}
	return text
}

// SearchHits runs a filtered full-text search and returns its hits.
func (s *Store) SearchHits(ctx context.Context, q SearchQuery) ([]Hit, error) {
	res, err := s.SearchPage(ctx, q)
	return res.Hits, err
}

// SearchPage runs a filtered full-text search over messages, e-mail subjects
// and notes. A query with no words returns nothing: the filters alone are the
// inbox list's job.
func (s *Store) SearchPage(ctx context.Context, q SearchQuery) (SearchResult, error) {
	sources := []searchSource{messageSource}
	if strings.TrimSpace(q.Author) == "" {
		sources = append(sources, subjectSource, noteSource)
	}
	return s.search(ctx, q, sources)
}

func (s *Store) search(ctx context.Context, q SearchQuery, sources []searchSource) (SearchResult, error) {
	var res SearchResult
	if q.MatchExpr() == "" {
		return res, nil
	}
	if q.Network != "" && !q.Network.Valid() {
		return res, fmt.Errorf("search: unknown network %q", q.Network)
	}
	for _, st := range q.Statuses {
		if !st.Valid() {
			return res, fmt.Errorf("search: unknown status %q", st)
		}
	}
	limit := q.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	for _, src := range sources {
		match := FTSQuery(q.Text)
		if src.kind == HitMessage {
			match = q.MatchExpr()
		}
		if match == "" {
			continue
		}
		cands, more, err := s.candidates(ctx, src, q, match)
		if err != nil {
			return SearchResult{}, fmt.Errorf("search %q in %ss: %w", q.Text, src.kind, err)
		}
		res.Matches += len(cands)
		res.MoreMatches = res.MoreMatches || more
		res.Bounded = res.Bounded || (more && q.Relevance)
		if q.Relevance {
			slices.SortStableFunc(cands, func(a, b candidate) int { return cmpScore(a.score, b.score) })
		}
		top := cands[:min(limit, len(cands))]
		hits, err := s.hitDetails(ctx, src, match, top)
		if err != nil {
			return SearchResult{}, fmt.Errorf("search %q in %ss: %w", q.Text, src.kind, err)
		}
		res.Hits = append(res.Hits, hits...)
	}
	if q.Relevance {
		slices.SortStableFunc(res.Hits, func(a, b Hit) int { return cmpScore(a.score, b.score) })
	} else {
		slices.SortStableFunc(res.Hits, func(a, b Hit) int { return b.SentAt.Compare(a.SentAt) })
	}
	res.Hits = res.Hits[:min(limit, len(res.Hits))]
	return res, nil
}

func cmpScore(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

type candidate struct {
	id    int64
	score float64
}

// candidates reads the newest SearchCandidates matches of one source that
// pass the filters, with their bm25 scores; more says there were more. FTS5
// walks its doclists newest first and stops at the bound, so a word found in
// a fifth of the archive costs what a rare one does.
func (s *Store) candidates(ctx context.Context, src searchSource, q SearchQuery, match string) ([]candidate, bool, error) {
	joins, where, args := src.filters(q)
	rows, err := s.r.QueryContext(ctx, "SELECT "+src.fts+".rowid, bm25("+src.fts+") FROM "+src.fts+joins+
		" WHERE "+src.fts+" MATCH ?"+where+" ORDER BY "+src.fts+".rowid DESC LIMIT ?",
		append(append([]any{match}, args...), SearchCandidates+1)...)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	out := make([]candidate, 0, 64)
	for rows.Next() {
		var c candidate
		if err := rows.Scan(&c.id, &c.score); err != nil {
			return nil, false, fmt.Errorf("scan candidate: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	if len(out) > SearchCandidates {
		return out[:SearchCandidates], true, nil
	}
	return out, false, nil
}

// hitDetails reads what the results list shows for the chosen candidates,
// snippets included, in the candidates' order.
func (s *Store) hitDetails(ctx context.Context, src searchSource, match string, top []candidate) ([]Hit, error) {
	if len(top) == 0 {
		return nil, nil
	}
	args := []any{HighlightStart, HighlightEnd, match}
	for _, c := range top {
		args = append(args, c.id)
	}
	rows, err := s.r.QueryContext(ctx, src.details+" WHERE "+src.fts+" MATCH ? AND "+src.fts+".rowid IN ("+
		placeholders(len(top))+")", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := map[int64]Hit{}
	for rows.Next() {
		h := Hit{Kind: src.kind}
		var id, sent int64
		var dir string
		if err := rows.Scan(&id, &h.ConversationID, &h.AuthorName, &sent, &h.Snippet, &dir,
			&h.Status, &h.Network, &h.HandleName, &h.ClientName, &h.CustomerName); err != nil {
			return nil, fmt.Errorf("scan search hit: %w", err)
		}
		h.Direction = inbox.Direction(dir)
		switch src.kind {
		case HitMessage:
			h.MessageID = id
		case HitNote:
			h.NoteID = id
		}
		h.SentAt = fromMS(sent)
		byID[id] = h
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]Hit, 0, len(top))
	for _, c := range top {
		if h, ok := byID[c.id]; ok {
			h.score = c.score
			out = append(out, h)
		}
	}
	return out, nil
}
