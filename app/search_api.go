package app

import (
	"context"
	"time"

	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

// searchStore is the part of the store the SearchAPI uses: search hits and the customer view.
type searchStore interface {
	Customer(ctx context.Context, participantID int64) (store.Customer, error)
	CustomerTimeline(ctx context.Context, participantID int64, limit int) ([]store.TimelineEntry, error)
	SearchPage(ctx context.Context, q store.SearchQuery) (store.SearchResult, error)
}

// SearchAPI is bound to the front end: filtered full-text search and the
// customer view.
type SearchAPI struct {
	ctx   func() context.Context
	store searchStore
}

// SearchQueryDTO is a search with filters; empty fields mean "any".
// from/to are Unix ms (to is exclusive).
type SearchQueryDTO struct {
	Text      string   `json:"text"`
	Author    string   `json:"author"`
	ClientID  int64    `json:"clientId"`
	HandleID  int64    `json:"handleId"`
	Network   string   `json:"network"`
	Statuses  []string `json:"statuses"`
	Tag       string   `json:"tag"`
	From      int64    `json:"from"`
	To        int64    `json:"to"`
	Relevance bool     `json:"relevance"`
	Limit     int      `json:"limit"`
}

// SearchResultDTO is one hit with its context. Snippet marks matches with \u0002 … \u0003.
// kind is "message", "subject" (an e-mail subject: messageId 0) or "note" (noteId set, messageId 0).
type SearchResultDTO struct {
	SearchHitDTO
	Kind         string    `json:"kind"`
	NoteID       int64     `json:"noteId"`
	Direction    Direction `json:"direction"`
	Status       Status    `json:"status"`
	Network      Network   `json:"network"`
	HandleName   string    `json:"handleName"`
	ClientName   string    `json:"clientName"`
	CustomerName string    `json:"customerName"`
}

// SearchResultsDTO is one page of hits. matches counts what matched (a lower
// bound when moreMatches); bounded says relevance ranked only the newest
// candidates matches of a source, not every match; prefixBounded says the
// word being typed matched only its prefixTerms most frequent completions.
type SearchResultsDTO struct {
	Hits          []SearchResultDTO `json:"hits"`
	Matches       int               `json:"matches"`
	MoreMatches   bool              `json:"moreMatches"`
	Bounded       bool              `json:"bounded"`
	Candidates    int               `json:"candidates"`
	PrefixBounded bool              `json:"prefixBounded"`
	PrefixTerms   int               `json:"prefixTerms"`
}

// TimelineEntryDTO is one message of a customer's whole history.
type TimelineEntryDTO struct {
	MessageDTO
	ConversationID int64            `json:"conversationId"`
	Kind           ConversationKind `json:"kind"`
	HandleName     string           `json:"handleName"`
}

// CustomerDTO is one customer across every handle and channel.
type CustomerDTO struct {
	ID            int64              `json:"id"`
	Network       Network            `json:"network"`
	Username      string             `json:"username"`
	DisplayName   string             `json:"displayName"`
	Messages      int                `json:"messages"`
	FirstSeen     int64              `json:"firstSeen"`
	LastSeen      int64              `json:"lastSeen"`
	Conversations []ConversationDTO  `json:"conversations"`
	Timeline      []TimelineEntryDTO `json:"timeline"`
}

// Search runs a full-text search of messages, e-mail subjects and notes
// narrowed by filters, newest first unless relevance is asked for.
func (a *SearchAPI) Search(q SearchQueryDTO) (SearchResultsDTO, error) {
	sq := store.SearchQuery{Text: q.Text, Author: q.Author, ClientID: q.ClientID, HandleID: q.HandleID,
		Network: inbox.Network(q.Network), Tag: q.Tag, Relevance: q.Relevance, Limit: q.Limit}
	if sq.Network != "" && !sq.Network.Valid() {
		return SearchResultsDTO{}, invalid("unknown network " + q.Network)
	}
	for _, s := range q.Statuses {
		st := inbox.Status(s)
		if !st.Valid() {
			return SearchResultsDTO{}, invalid("unknown status " + s)
		}
		sq.Statuses = append(sq.Statuses, st)
	}
	if q.From > 0 {
		sq.From = time.UnixMilli(q.From)
	}
	if q.To > 0 {
		sq.To = time.UnixMilli(q.To)
	}
	res, err := a.store.SearchPage(a.ctx(), sq)
	if err != nil {
		return SearchResultsDTO{}, toAPIError(err)
	}
	out := SearchResultsDTO{Hits: make([]SearchResultDTO, 0, len(res.Hits)), Matches: res.Matches,
		MoreMatches: res.MoreMatches, Bounded: res.Bounded, Candidates: store.SearchCandidates,
		PrefixBounded: res.PrefixBounded, PrefixTerms: store.PrefixTerms}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, SearchResultDTO{
			SearchHitDTO: SearchHitDTO{MessageID: h.MessageID, ConversationID: h.ConversationID,
				AuthorName: h.AuthorName, SentAt: msOf(h.SentAt), Snippet: h.Snippet},
			Kind: string(h.Kind), NoteID: h.NoteID,
			Direction: Direction(h.Direction), Status: Status(h.Status), Network: Network(h.Network),
			HandleName: h.HandleName, ClientName: h.ClientName, CustomerName: h.CustomerName})
	}
	return out, nil
}

// Customer returns a customer with all their conversations and recent history.
func (a *SearchAPI) Customer(participantID int64) (CustomerDTO, error) {
	ctx := a.ctx()
	c, err := a.store.Customer(ctx, participantID)
	if err != nil {
		return CustomerDTO{}, toAPIError(err)
	}
	tl, err := a.store.CustomerTimeline(ctx, participantID, 200)
	if err != nil {
		return CustomerDTO{}, toAPIError(err)
	}
	out := CustomerDTO{ID: c.Participant.ID, Network: Network(c.Participant.Network), Username: c.Participant.Username,
		DisplayName: c.Participant.DisplayName, Messages: c.Messages, FirstSeen: msOf(c.FirstSeen),
		LastSeen: msOf(c.LastSeen), Conversations: make([]ConversationDTO, 0, len(c.Conversations)),
		Timeline: make([]TimelineEntryDTO, 0, len(tl))}
	for _, s := range c.Conversations {
		out.Conversations = append(out.Conversations, conversationDTO(s))
	}
	for _, e := range tl {
		out.Timeline = append(out.Timeline, TimelineEntryDTO{
			MessageDTO: MessageDTO{ID: e.ID, Direction: Direction(e.Direction), AuthorName: e.AuthorName, Text: e.Text,
				SentAt: msOf(e.SentAt), Delivery: Delivery(e.Delivery)},
			ConversationID: e.ConversationID, Kind: ConversationKind(e.Kind), HandleName: e.HandleName})
	}
	return out, nil
}
