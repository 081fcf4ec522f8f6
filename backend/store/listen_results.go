package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"careinbox/backend/inbox"
)

// ListenResult is one post found by a listening search.
type ListenResult struct {
	ID             int64
	SearchID       int64
	DedupKey       string
	Network        inbox.Network // "feed" for a feed entry
	Source         string
	HandleID       int64 // the handle whose search found it (0 for a feed)
	RemoteID       string
	URL            string
	Author         inbox.Participant
	Text           string
	Language       string
	Sentiment      float64
	Reach          int
	PostedAt       time.Time
	FoundAt        time.Time
	Handled        bool
	ConversationID int64
	Sample         bool // demo data
}

// ListenPage is what one run of a source found, committed with its cursor.
type ListenPage struct {
	SearchID     int64
	Source       string
	Cursor       string
	ETag         string
	LastModified string
	Note         string
	Results      []ListenResult
}

// MaxListenResults is how many results one search keeps; the oldest
// unhandled ones without a conversation go first.
const MaxListenResults = 5000

// ErrNoListenResult is returned for an unknown result id.
var ErrNoListenResult = fmt.Errorf("no such listening result: %w", ErrNotFound)

// CommitListenPage stores a source's results (a post already kept for the
// search is skipped) and its new cursor in one transaction, clears its
// failures and makes it due at next. It returns how many were new.
func (s *Store) CommitListenPage(ctx context.Context, p ListenPage, now, next time.Time) (added int, err error) {
	err = s.tx(ctx, func(tx *sql.Tx) error {
		for _, r := range p.Results {
			res, err := tx.ExecContext(ctx, `INSERT INTO listen_results(search_id, dedup_key, network, source, handle_id, remote_id, url,
				author_id, author_username, author_name, text, language, sentiment, reach, posted_at, found_at, sample)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(search_id, dedup_key) DO NOTHING`,
				p.SearchID, r.DedupKey, r.Network, p.Source, nullID(r.HandleID), r.RemoteID, r.URL, r.Author.RemoteID,
				r.Author.Username, r.Author.DisplayName, r.Text, r.Language, r.Sentiment, r.Reach, ms(r.PostedAt), ms(now), r.Sample)
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			added += int(n)
		}
		if added > 0 {
			if _, err := tx.ExecContext(ctx, `DELETE FROM listen_results WHERE id IN (
				SELECT id FROM listen_results WHERE search_id = ? AND conversation_id IS NULL
				ORDER BY posted_at DESC, id DESC LIMIT -1 OFFSET ?)`, p.SearchID, MaxListenResults); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE listen_sources SET cursor = ?, etag = ?, last_modified = ?, note = ?, errors = 0,
			last_error = '', next_run_at = ?, last_run_at = ? WHERE search_id = ? AND source = ?`,
			p.Cursor, p.ETag, p.LastModified, p.Note, ms(next), ms(now), p.SearchID, p.Source)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("save listening results of search %d: %w", p.SearchID, err)
	}
	return added, nil
}

// ListenFilter narrows ListenResults.
type ListenFilter struct {
	ClientID int64 // 0: every client
	SearchID int64 // 0: every search of the client
	// ByReach orders by reach, then newest; else newest first.
	ByReach        bool
	IncludeHandled bool
	Since          time.Time // posted at or after (zero: any)
	Limit          int       // default 200, at most 1000
}

// The mute filter: a result by a muted author, or with a muted word in its
// text, is left out of every list and count.
const notMuted = ` AND NOT EXISTS (SELECT 1 FROM listen_mutes m WHERE m.client_id = ls.client_id AND (
	(m.kind = 'author' AND (m.value = r.author_username COLLATE NOCASE OR m.value = r.network || ':' || r.author_id))
	OR (m.kind = 'word' AND instr(lower(r.text), lower(m.value)) > 0)))`

const listenResultCols = `r.id, r.search_id, r.dedup_key, r.network, r.source, COALESCE(r.handle_id, 0), r.remote_id, r.url,
	r.author_id, r.author_username, r.author_name, r.text, r.language, r.sentiment, r.reach, r.posted_at, r.found_at,
	r.handled, COALESCE(r.conversation_id, 0), r.sample`

func scanListenResult(sc interface{ Scan(...any) error }) (ListenResult, error) {
	var r ListenResult
	var posted, found int64
	err := sc.Scan(&r.ID, &r.SearchID, &r.DedupKey, &r.Network, &r.Source, &r.HandleID, &r.RemoteID, &r.URL,
		&r.Author.RemoteID, &r.Author.Username, &r.Author.DisplayName, &r.Text, &r.Language, &r.Sentiment, &r.Reach,
		&posted, &found, &r.Handled, &r.ConversationID, &r.Sample)
	r.Author.Network = r.Network
	r.PostedAt, r.FoundAt = fromMS(posted), fromMS(found)
	return r, err
}

// ListenResults lists results, muted ones left out.
func (s *Store) ListenResults(ctx context.Context, f ListenFilter) ([]ListenResult, error) {
	if f.Limit <= 0 {
		f.Limit = 200
	}
	f.Limit = min(f.Limit, 1000)
	q := `SELECT ` + listenResultCols + ` FROM listen_results r JOIN listen_searches ls ON ls.id = r.search_id
		WHERE (? = 0 OR ls.client_id = ?) AND (? = 0 OR r.search_id = ?) AND (? OR r.handled = 0) AND r.posted_at >= ?` + notMuted
	if f.ByReach {
		q += " ORDER BY r.reach DESC, r.posted_at DESC, r.id DESC"
	} else {
		q += " ORDER BY r.posted_at DESC, r.id DESC"
	}
	rows, err := s.r.QueryContext(ctx, q+" LIMIT ?", f.ClientID, f.ClientID, f.SearchID, f.SearchID, f.IncludeHandled,
		ms(f.Since), f.Limit)
	if err != nil {
		return nil, fmt.Errorf("list listening results: %w", err)
	}
	defer rows.Close()
	var out []ListenResult
	for rows.Next() {
		r, err := scanListenResult(rows)
		if err != nil {
			return nil, fmt.Errorf("scan listening result: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ListenResult reads one result.
func (s *Store) ListenResult(ctx context.Context, id int64) (ListenResult, error) {
	r, err := scanListenResult(s.r.QueryRowContext(ctx, "SELECT "+listenResultCols+" FROM listen_results r WHERE r.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, ErrNoListenResult
	}
	if err != nil {
		return r, fmt.Errorf("read listening result %d: %w", id, err)
	}
	return r, nil
}

// MarkListenHandled sets or clears a result's handled mark.
func (s *Store) MarkListenHandled(ctx context.Context, id int64, handled bool) error {
	res, err := s.w.ExecContext(ctx, "UPDATE listen_results SET handled = ? WHERE id = ?", handled, id)
	if err != nil {
		return fmt.Errorf("mark listening result %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNoListenResult
	}
	return nil
}

// ListenMute is a muted author ("author": a username or network:id) or word.
type ListenMute struct {
	Kind  string
	Value string
}

// AddListenMute mutes an author or a word for a client.
func (s *Store) AddListenMute(ctx context.Context, clientID int64, m ListenMute) error {
	m.Value = strings.TrimSpace(m.Value)
	if m.Value == "" || (m.Kind != "author" && m.Kind != "word") {
		return fmt.Errorf("mute %q %q: a mute is an author or a word", m.Kind, m.Value)
	}
	if _, err := s.w.ExecContext(ctx, "INSERT INTO listen_mutes(client_id, kind, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
		clientID, m.Kind, m.Value); err != nil {
		return fmt.Errorf("mute %s %q: %w", m.Kind, m.Value, err)
	}
	return nil
}

// RemoveListenMute lifts a mute.
func (s *Store) RemoveListenMute(ctx context.Context, clientID int64, m ListenMute) error {
	if _, err := s.w.ExecContext(ctx, "DELETE FROM listen_mutes WHERE client_id = ? AND kind = ? AND value = ?",
		clientID, m.Kind, m.Value); err != nil {
		return fmt.Errorf("unmute %s %q: %w", m.Kind, m.Value, err)
	}
	return nil
}

// ListenMutes lists a client's mutes.
func (s *Store) ListenMutes(ctx context.Context, clientID int64) ([]ListenMute, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT kind, value FROM listen_mutes WHERE client_id = ? ORDER BY kind, value", clientID)
	if err != nil {
		return nil, fmt.Errorf("list mutes: %w", err)
	}
	defer rows.Close()
	var out []ListenMute
	for rows.Next() {
		var m ListenMute
		if err := rows.Scan(&m.Kind, &m.Value); err != nil {
			return nil, fmt.Errorf("scan mute: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// ListenToConversation turns a result into a public conversation on
// handleID: the post is its first (inbound) message, the conversation is
// marked proactive (its deadline follows the client's proactive policy,
// none by default), and the result is marked handled and linked to it.
func (s *Store) ListenToConversation(ctx context.Context, resultID, handleID int64) (int64, error) {
	r, err := s.ListenResult(ctx, resultID)
	if err != nil {
		return 0, err
	}
	if r.ConversationID != 0 {
		return r.ConversationID, nil
	}
	author := r.Author
	var convID int64
	conv := IncomingConversation{RemoteID: r.RemoteID, Kind: inbox.KindPublic, Customer: author,
		Extra: map[string]any{"listening": true},
		Messages: []IncomingMessage{{RemoteID: r.RemoteID, Direction: inbox.Inbound, Author: author,
			AuthorName: author.Name(), Text: r.Text, SentAt: r.PostedAt, Extra: map[string]any{"url": r.URL}}}}
	_, err = s.Ingest(ctx, handleID, []IncomingConversation{conv}, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, "SELECT id FROM conversations WHERE handle_id = ? AND remote_id = ?",
			handleID, r.RemoteID).Scan(&convID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE conversations SET proactive = 1 WHERE id = ?", convID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE listen_results SET conversation_id = ?, handled = 1 WHERE id = ?", convID, resultID)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("turn listening result %d into a conversation: %w", resultID, err)
	}
	return convID, nil
}

// ListenHourly counts a search's results per hour posted in [from, to):
// all, and those that read negative (sentiment ≤ -0.05). Muted ones count
// too: a surge is a surge.
func (s *Store) ListenHourly(ctx context.Context, searchID int64, from, to time.Time) (total, negative map[int64]int, err error) {
	return s.hourly(ctx, `SELECT posted_at / 3600000, COUNT(*), SUM(sentiment <= -0.05) FROM listen_results
		WHERE search_id = ? AND posted_at >= ? AND posted_at < ? GROUP BY 1`, searchID, ms(from), ms(to))
}

// MentionHourly counts a handle's inbound public messages per hour in [from, to).
func (s *Store) MentionHourly(ctx context.Context, handleID int64, from, to time.Time) (total, negative map[int64]int, err error) {
	return s.hourly(ctx, `SELECT m.sent_at / 3600000, COUNT(*), SUM(COALESCE(m.sentiment, 0) <= -0.05) FROM messages m
		JOIN conversations c ON c.id = m.conversation_id
		WHERE c.handle_id = ? AND c.kind = 'public' AND m.direction = 'in' AND m.sent_at >= ? AND m.sent_at < ? GROUP BY 1`,
		handleID, ms(from), ms(to))
}

// NewestMessageID is the id of the newest message stored (0: none), so a
// reader can tell cheaply whether any message came since it last looked.
func (s *Store) NewestMessageID(ctx context.Context) (int64, error) {
	var id int64
	if err := s.r.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM messages").Scan(&id); err != nil {
		return 0, fmt.Errorf("read newest message: %w", err)
	}
	return id, nil
}

// MentionText is one inbound message's text (a spike's top words).
type MentionText struct {
	ID   int64
	Text string
}

// MentionTexts lists a handle's inbound public messages sent in [from, to),
// the newest first, at most limit: what MentionHourly counts.
func (s *Store) MentionTexts(ctx context.Context, handleID int64, from, to time.Time, limit int) ([]MentionText, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT m.id, m.text FROM messages m JOIN conversations c ON c.id = m.conversation_id
		WHERE c.handle_id = ? AND c.kind = 'public' AND m.direction = 'in' AND m.sent_at >= ? AND m.sent_at < ?
		ORDER BY m.sent_at DESC LIMIT ?`, handleID, ms(from), ms(to), limit)
	if err != nil {
		return nil, fmt.Errorf("list mentions of handle %d: %w", handleID, err)
	}
	defer rows.Close()
	var out []MentionText
	for rows.Next() {
		var t MentionText
		if err := rows.Scan(&t.ID, &t.Text); err != nil {
			return nil, fmt.Errorf("scan mention: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func (s *Store) hourly(ctx context.Context, q string, args ...any) (total, negative map[int64]int, err error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("count per hour: %w", err)
	}
	defer rows.Close()
	total, negative = map[int64]int{}, map[int64]int{}
	for rows.Next() {
		var h int64
		var n, neg int
		if err := rows.Scan(&h, &n, &neg); err != nil {
			return nil, nil, fmt.Errorf("scan hour: %w", err)
		}
		total[h], negative[h] = n, neg
	}
	return total, negative, rows.Err()
}

// ClaimListenSpike records that a spike was announced; false when it was
// already (so a restart never notifies twice).
func (s *Store) ClaimListenSpike(ctx context.Context, scope, metric string, hour time.Time, count int, baseline float64, at time.Time) (bool, error) {
	res, err := s.w.ExecContext(ctx, `INSERT INTO listen_spikes(scope, metric, hour, count, baseline, notified_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, scope, metric, ms(hour), count, baseline, ms(at))
	if err != nil {
		return false, fmt.Errorf("claim spike %s %s: %w", scope, metric, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}
