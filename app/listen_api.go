package app

import (
	"context"
	"errors"
	"strings"
	"time"

	"careinbox/backend/inbox"
	"careinbox/backend/listen"
	"careinbox/backend/store"
)

// ListenAPI serves the Listening view: searches per client, what they
// found, and the actions on a result. It only translates to and from
// backend/listen.
type ListenAPI struct {
	ctx     func() context.Context
	svc     *listen.Service
	handles func(ctx context.Context) ([]inbox.Handle, error)
}

// ListenSourceDTO is where a search runs: a handle's network search or a feed.
type ListenSourceDTO struct {
	Source     string `json:"source"`
	Kind       string `json:"kind"` // "handle" or "feed"
	HandleID   int64  `json:"handleId"`
	HandleName string `json:"handleName"`
	Network    string `json:"network"` // a network, or "feed"
	FeedURL    string `json:"feedUrl"`
	LastRunAt  int64  `json:"lastRunAt"`
	NextRunAt  int64  `json:"nextRunAt"`
	// Errors counts failures in a row; LastError says the last in plain words.
	Errors    int    `json:"errors"`
	LastError string `json:"lastError"`
	// Note says why a working source finds nothing (a server without text search).
	Note string `json:"note"`
}

// ListenSearchDTO is one listening search with its sources and its volume
// per hour over the last 24 hours (oldest first), for the sparkline.
type ListenSearchDTO struct {
	ID              int64             `json:"id"`
	ClientID        int64             `json:"clientId"`
	Name            string            `json:"name"`
	Terms           []string          `json:"terms"`
	ExcludeWords    []string          `json:"excludeWords"`
	ExcludeAccounts []string          `json:"excludeAccounts"`
	Feeds           []string          `json:"feeds"`
	Language        string            `json:"language"`
	XEnabled        bool              `json:"xEnabled"`
	CreatedAt       int64             `json:"createdAt"`
	Sources         []ListenSourceDTO `json:"sources"`
	Hourly          []int             `json:"hourly"`
}

// ListenSearchInput is what the search form saves (ID 0: a new search).
type ListenSearchInput struct {
	ID              int64    `json:"id"`
	ClientID        int64    `json:"clientId"`
	Name            string   `json:"name"`
	Terms           []string `json:"terms"`
	ExcludeWords    []string `json:"excludeWords"`
	ExcludeAccounts []string `json:"excludeAccounts"`
	Feeds           []string `json:"feeds"`
	Language        string   `json:"language"`
	// XEnabled runs the search on the client's X handles too: X bills every
	// post read, so the form shows the estimate before this is switched on.
	XEnabled bool `json:"xEnabled"`
}

// ListenResultDTO is one post found. Text, names and the link are
// untrusted: shown as text, the link only when http(s).
type ListenResultDTO struct {
	ID             int64   `json:"id"`
	SearchID       int64   `json:"searchId"`
	Network        string  `json:"network"`
	HandleID       int64   `json:"handleId"`
	URL            string  `json:"url"`
	AuthorName     string  `json:"authorName"`
	AuthorUsername string  `json:"authorUsername"`
	Text           string  `json:"text"`
	Language       string  `json:"language"`
	Sentiment      float64 `json:"sentiment"`
	// SentimentLabel is "negative", "positive" or "neutral".
	SentimentLabel string `json:"sentimentLabel"`
	Reach          int    `json:"reach"`
	PostedAt       int64  `json:"postedAt"`
	Handled        bool   `json:"handled"`
	ConversationID int64  `json:"conversationId"`
	// Sample marks the demo's sample posts.
	Sample bool `json:"sample"`
	// CanReply: found on a handle's network, so it can become a conversation.
	CanReply bool `json:"canReply"`
}

// ListenMuteDTO is a muted author or word.
type ListenMuteDTO struct {
	Kind  string `json:"kind"` // "author" or "word"
	Value string `json:"value"`
}

// ListenTermDTO is a word that rose in the period against the previous one.
type ListenTermDTO struct {
	Display  string `json:"display"`
	Count    int    `json:"count"`
	Previous int    `json:"previous"`
}

func (a *ListenAPI) ready() error {
	if a.svc == nil {
		return invalid("listening is not available in this window")
	}
	return nil
}

// Searches lists a client's searches (0: every client's).
func (a *ListenAPI) Searches(clientID int64) ([]ListenSearchDTO, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	ctx := a.ctx()
	list, err := a.svc.Searches(ctx, clientID)
	if err != nil {
		return nil, toAPIError(err)
	}
	names := a.handleNames(ctx)
	out := make([]ListenSearchDTO, 0, len(list))
	for _, s := range list {
		d := searchDTO(s.Search)
		for _, src := range s.Sources {
			d.Sources = append(d.Sources, sourceDTO(src, names))
		}
		if d.Hourly, err = a.svc.Sparkline(ctx, s.Search.ID, 24); err != nil {
			return nil, toAPIError(err)
		}
		out = append(out, d)
	}
	return out, nil
}

func (a *ListenAPI) handleNames(ctx context.Context) map[int64]inbox.Handle {
	out := map[int64]inbox.Handle{}
	if a.handles == nil {
		return out
	}
	hs, _ := a.handles(ctx)
	for _, h := range hs {
		out[h.ID] = h
	}
	return out
}

func searchDTO(s store.ListenSearch) ListenSearchDTO {
	return ListenSearchDTO{ID: s.ID, ClientID: s.ClientID, Name: s.Name, Terms: orEmpty(s.Terms), ExcludeWords: orEmpty(s.ExcludeWords),
		ExcludeAccounts: orEmpty(s.ExcludeAccounts), Feeds: orEmpty(s.Feeds), Language: s.Language, XEnabled: s.XEnabled,
		CreatedAt: msOf(s.CreatedAt), Sources: []ListenSourceDTO{}, Hourly: []int{}}
}

func orEmpty(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}

func sourceDTO(src store.ListenSource, handles map[int64]inbox.Handle) ListenSourceDTO {
	d := ListenSourceDTO{Source: src.Source, Kind: "feed", HandleID: src.HandleID, Network: string(listen.NetworkFeed), FeedURL: src.FeedURL,
		LastRunAt: msOf(src.LastRunAt), NextRunAt: msOf(src.NextRunAt), Errors: src.Errors, LastError: src.LastError, Note: src.Note}
	if src.HandleID != 0 {
		h := handles[src.HandleID]
		d.Kind, d.Network, d.HandleName = "handle", string(h.Network), h.DisplayName
		if d.HandleName == "" {
			d.HandleName = h.Username
		}
	}
	return d
}

// SaveSearch saves a search (ID 0: adds one) and runs it soon.
func (a *ListenAPI) SaveSearch(in ListenSearchInput) (ListenSearchDTO, error) {
	if err := a.ready(); err != nil {
		return ListenSearchDTO{}, err
	}
	ls := store.ListenSearch{ID: in.ID, ClientID: in.ClientID, Name: in.Name, Terms: in.Terms, ExcludeWords: in.ExcludeWords,
		ExcludeAccounts: in.ExcludeAccounts, Feeds: in.Feeds, Language: in.Language, XEnabled: in.XEnabled}
	if in.ClientID == 0 {
		return ListenSearchDTO{}, invalid("choose the client this search listens for")
	}
	if _, err := listen.Normalize(ls); err != nil {
		return ListenSearchDTO{}, invalid(err.Error())
	}
	saved, err := a.svc.SaveSearch(a.ctx(), ls)
	if err != nil {
		return ListenSearchDTO{}, toAPIError(err)
	}
	return searchDTO(saved), nil
}

// DeleteSearch removes a search and its results.
func (a *ListenAPI) DeleteSearch(id int64) error {
	if err := a.ready(); err != nil {
		return err
	}
	return toAPIError(a.svc.DeleteSearch(a.ctx(), id))
}

// Results lists what a client's searches (or one search) found, unhandled
// and unmuted, newest first or by reach ("newest" or "reach").
func (a *ListenAPI) Results(clientID int64, searchID int64, order string, includeHandled bool, limit int) ([]ListenResultDTO, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	rs, err := a.svc.Results(a.ctx(), store.ListenFilter{ClientID: clientID, SearchID: searchID, ByReach: order == "reach",
		IncludeHandled: includeHandled, Limit: limit})
	if err != nil {
		return nil, toAPIError(err)
	}
	out := make([]ListenResultDTO, 0, len(rs))
	for _, r := range rs {
		out = append(out, resultDTO(r))
	}
	return out, nil
}

func resultDTO(r store.ListenResult) ListenResultDTO {
	label := "neutral"
	switch {
	case r.Sentiment <= -0.05:
		label = "negative"
	case r.Sentiment >= 0.05:
		label = "positive"
	}
	link := r.URL
	if !strings.HasPrefix(link, "https://") && !strings.HasPrefix(link, "http://") {
		link = ""
	}
	return ListenResultDTO{ID: r.ID, SearchID: r.SearchID, Network: string(r.Network), HandleID: r.HandleID, URL: link,
		AuthorName: r.Author.DisplayName, AuthorUsername: r.Author.Username, Text: r.Text, Language: r.Language,
		Sentiment: r.Sentiment, SentimentLabel: label, Reach: r.Reach, PostedAt: msOf(r.PostedAt), Handled: r.Handled,
		ConversationID: r.ConversationID, Sample: r.Sample, CanReply: r.HandleID != 0}
}

// Reply turns a result into a conversation on the handle that found it and
// returns its id; the composer opens on it. Its deadline follows the
// client's proactive policy (none unless one is saved).
func (a *ListenAPI) Reply(resultID int64) (int64, error) {
	if err := a.ready(); err != nil {
		return 0, err
	}
	id, err := a.svc.Reply(a.ctx(), resultID)
	if errors.Is(err, listen.ErrNotAnswerable) {
		return 0, invalid(err.Error())
	}
	return id, toAPIError(err)
}

// MarkHandled sets or clears a result's handled mark.
func (a *ListenAPI) MarkHandled(resultID int64, handled bool) error {
	if err := a.ready(); err != nil {
		return err
	}
	return toAPIError(a.svc.MarkHandled(a.ctx(), resultID, handled))
}

// MuteAuthor hides every result by that result's author, for its client.
func (a *ListenAPI) MuteAuthor(resultID int64) error {
	if err := a.ready(); err != nil {
		return err
	}
	return toAPIError(a.svc.MuteAuthor(a.ctx(), resultID))
}

// MuteWord hides every result of a client with the word in it.
func (a *ListenAPI) MuteWord(clientID int64, word string) error {
	if err := a.ready(); err != nil {
		return err
	}
	if strings.TrimSpace(word) == "" {
		return invalid("enter a word to mute")
	}
	return toAPIError(a.svc.MuteWord(a.ctx(), clientID, word))
}

// Unmute lifts a mute.
func (a *ListenAPI) Unmute(clientID int64, kind string, value string) error {
	if err := a.ready(); err != nil {
		return err
	}
	return toAPIError(a.svc.Unmute(a.ctx(), clientID, store.ListenMute{Kind: kind, Value: value}))
}

// Mutes lists a client's mutes.
func (a *ListenAPI) Mutes(clientID int64) ([]ListenMuteDTO, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	ms, err := a.svc.Mutes(a.ctx(), clientID)
	if err != nil {
		return nil, toAPIError(err)
	}
	out := make([]ListenMuteDTO, 0, len(ms))
	for _, m := range ms {
		out = append(out, ListenMuteDTO(m))
	}
	return out, nil
}

// Trending lists the words that rose in a client's (or one search's)
// results over the last days against the days before (1–30).
func (a *ListenAPI) Trending(clientID int64, searchID int64, days int) ([]ListenTermDTO, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	days = min(max(days, 1), 30)
	ts, err := a.svc.Trending(a.ctx(), clientID, searchID, time.Duration(days)*24*time.Hour, 15)
	if err != nil {
		return nil, toAPIError(err)
	}
	out := make([]ListenTermDTO, 0, len(ts))
	for _, t := range ts {
		out = append(out, ListenTermDTO{Display: t.Display, Count: t.Conversations, Previous: t.Previous})
	}
	return out, nil
}

// ListenSpikeDTO is a surge the listening service found in the last day:
// in a search's results, or in a handle's own mentions.
type ListenSpikeDTO struct {
	SearchID int64  `json:"searchId"` // 0: a handle's mentions
	HandleID int64  `json:"handleId"`
	Name     string `json:"name"`   // the search's or the handle's
	Metric   string `json:"metric"` // "volume" or "negative"
	Hour     int64  `json:"hour"`   // the hour's start, Unix ms
	Count    int    `json:"count"`
	Title    string `json:"title"`
	Body     string `json:"body"`
	// Delivered says whether the desktop notification reached the desktop;
	// one that did not is sent again while the surge is recent.
	Delivered bool `json:"delivered"`
}

// Spikes lists a client's surges of the last day, newest first.
func (a *ListenAPI) Spikes(clientID int64) ([]ListenSpikeDTO, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	spikes, err := a.svc.Spikes(a.ctx(), clientID)
	if err != nil {
		return nil, toAPIError(err)
	}
	out := make([]ListenSpikeDTO, 0, len(spikes))
	for _, sp := range spikes {
		out = append(out, ListenSpikeDTO{SearchID: sp.SearchID, HandleID: sp.HandleID, Name: sp.Name, Metric: sp.Metric,
			Hour: sp.Hour.UnixMilli(), Count: sp.Count, Title: sp.Title, Body: sp.Body, Delivered: !sp.DeliveredAt.IsZero()})
	}
	return out, nil
}
