package listen

import (
	"context"
	"fmt"
	"strings"
	"time"

	"careinbox/backend/insights"
	"careinbox/backend/store"
)

// SaveSearch validates and stores a search (ID 0: a new one), sets up its
// sources and makes them due now.
func (s *Service) SaveSearch(ctx context.Context, ls store.ListenSearch) (store.ListenSearch, error) {
	ls, err := Normalize(ls)
	if err != nil {
		return ls, err
	}
	if ls.ID == 0 {
		ls.CreatedAt = s.cfg.Now()
	}
	id, err := s.cfg.Store.SaveListenSearch(ctx, ls)
	if err != nil {
		return ls, err
	}
	ls.ID = id
	handles, err := s.cfg.Store.Handles(ctx)
	if err != nil {
		return ls, err
	}
	if err := s.cfg.Store.SetListenSources(ctx, id, sourcesOf(ls, handles), s.cfg.Now()); err != nil {
		return ls, err
	}
	// Terms or filters may have changed: every source asks again now.
	if err := s.cfg.Store.ScheduleListenSearch(ctx, id, s.cfg.Now()); err != nil {
		return ls, err
	}
	signal(s.due)
	return s.cfg.Store.ListenSearch(ctx, id)
}

// DeleteSearch removes a search and what it found (conversations made
// from its results stay).
func (s *Service) DeleteSearch(ctx context.Context, id int64) error {
	return s.cfg.Store.DeleteListenSearch(ctx, id)
}

// SearchState is a search with the state of its sources.
type SearchState struct {
	Search  store.ListenSearch
	Sources []store.ListenSource
}

// Searches lists a client's searches (0: all) with their sources.
func (s *Service) Searches(ctx context.Context, clientID int64) ([]SearchState, error) {
	list, err := s.cfg.Store.ListenSearches(ctx, clientID)
	if err != nil {
		return nil, err
	}
	out := make([]SearchState, 0, len(list))
	for _, ls := range list {
		srcs, err := s.cfg.Store.ListenSources(ctx, ls.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, SearchState{Search: ls, Sources: srcs})
	}
	return out, nil
}

// Results lists results (muted ones left out).
func (s *Service) Results(ctx context.Context, f store.ListenFilter) ([]store.ListenResult, error) {
	return s.cfg.Store.ListenResults(ctx, f)
}

// MarkHandled sets or clears a result's handled mark.
func (s *Service) MarkHandled(ctx context.Context, id int64, handled bool) error {
	return s.cfg.Store.MarkListenHandled(ctx, id, handled)
}

// MuteAuthor hides every result by the author of a result, for its client.
func (s *Service) MuteAuthor(ctx context.Context, resultID int64) error {
	r, ls, err := s.resultOf(ctx, resultID)
	if err != nil {
		return err
	}
	value := r.Author.Username
	if value == "" {
		value = string(r.Network) + ":" + r.Author.RemoteID
	}
	return s.cfg.Store.AddListenMute(ctx, ls.ClientID, store.ListenMute{Kind: "author", Value: value})
}

// MuteWord hides every result of a client whose text has the word.
func (s *Service) MuteWord(ctx context.Context, clientID int64, word string) error {
	word = clipRunes(strings.TrimSpace(word), MaxTermLen)
	if word == "" {
		return fmt.Errorf("enter a word to mute")
	}
	return s.cfg.Store.AddListenMute(ctx, clientID, store.ListenMute{Kind: "word", Value: word})
}

// Unmute lifts a mute.
func (s *Service) Unmute(ctx context.Context, clientID int64, m store.ListenMute) error {
	return s.cfg.Store.RemoveListenMute(ctx, clientID, m)
}

// Mutes lists a client's mutes.
func (s *Service) Mutes(ctx context.Context, clientID int64) ([]store.ListenMute, error) {
	return s.cfg.Store.ListenMutes(ctx, clientID)
}

func (s *Service) resultOf(ctx context.Context, id int64) (store.ListenResult, store.ListenSearch, error) {
	r, err := s.cfg.Store.ListenResult(ctx, id)
	if err != nil {
		return r, store.ListenSearch{}, err
	}
	ls, err := s.cfg.Store.ListenSearch(ctx, r.SearchID)
	return r, ls, err
}

// Reply turns a result into a conversation on the handle whose search found
// it, so the reply is written in the composer and appears in the queue.
// Its deadline follows the client's proactive policy (none by default).
func (s *Service) Reply(ctx context.Context, resultID int64) (int64, error) {
	r, err := s.cfg.Store.ListenResult(ctx, resultID)
	if err != nil {
		return 0, err
	}
	if r.HandleID == 0 {
		return 0, ErrNotAnswerable
	}
	return s.cfg.Store.ListenToConversation(ctx, resultID, r.HandleID)
}

// Sparkline is a search's volume per hour over the last hours, oldest first.
func (s *Service) Sparkline(ctx context.Context, searchID int64, hours int) ([]int, error) {
	hours = min(max(hours, 1), 24*14)
	now := s.cfg.Now().Unix() / 3600
	from := time.Unix((now-int64(hours)+1)*3600, 0)
	total, _, err := s.cfg.Store.ListenHourly(ctx, searchID, from, time.Unix((now+1)*3600, 0))
	if err != nil {
		return nil, err
	}
	out := make([]int, hours)
	for i := range out {
		out[i] = total[now-int64(hours)+1+int64(i)]
	}
	return out, nil
}

// Trending are the words that rose in a client's (or one search's) results
// over the last period against the period before, by the reports' rules.
func (s *Service) Trending(ctx context.Context, clientID, searchID int64, period time.Duration, limit int) ([]insights.Term, error) {
	now := s.cfg.Now()
	rs, err := s.cfg.Store.ListenResults(ctx, store.ListenFilter{ClientID: clientID, SearchID: searchID, IncludeHandled: true,
		Since: now.Add(-2 * period), Limit: 1000})
	if err != nil {
		return nil, err
	}
	var cur, prev []insights.Text
	for _, r := range rs {
		t := insights.Text{ID: r.ID, Text: r.Text}
		if r.PostedAt.After(now.Add(-period)) {
			cur = append(cur, t)
		} else {
			prev = append(prev, t)
		}
	}
	return insights.Rising(cur, prev, limit), nil
}

// Found is what RunOnce found for one search.
type Found struct {
	Search  store.ListenSearch
	New     int
	Errors  []string // "source: message"
	Notes   []string
	Results []store.ListenResult // newest first, at most 20
}

// RunOnce runs every source of every search once, now, one after another
// through conns (the `listen --once` command, with no sync beside it), and
// reports what each search found.
func (s *Service) RunOnce(ctx context.Context, conns Connectors) ([]Found, error) {
	if err := s.syncAllSources(ctx); err != nil {
		return nil, err
	}
	searches, err := s.cfg.Store.ListenSearches(ctx, 0)
	if err != nil {
		return nil, err
	}
	out := make([]Found, 0, len(searches))
	for _, ls := range searches {
		f := Found{Search: ls}
		srcs, err := s.cfg.Store.ListenSources(ctx, ls.ID)
		if err != nil {
			return nil, err
		}
		for _, src := range srcs {
			n, err := s.runOnce(ctx, conns, src)
			if err != nil {
				f.Errors = append(f.Errors, src.Source+": "+err.Error())
				continue
			}
			f.New += n
		}
		if srcs, err = s.cfg.Store.ListenSources(ctx, ls.ID); err == nil {
			for _, src := range srcs {
				if src.Note != "" {
					f.Notes = append(f.Notes, src.Source+": "+src.Note)
				}
			}
		}
		if f.Results, err = s.cfg.Store.ListenResults(ctx, store.ListenFilter{SearchID: ls.ID, Limit: 20}); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}
