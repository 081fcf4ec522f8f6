package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// ListenSearch is one listening search of a client (migration 0019).
type ListenSearch struct {
	ID       int64
	ClientID int64
	Name     string
	// Terms are words or phrases; a term starting with '#' is a hashtag.
	Terms           []string
	ExcludeWords    []string
	ExcludeAccounts []string
	Feeds           []string // RSS/Atom URLs
	Language        string   // ISO 639-1, "" = any
	XEnabled        bool
	CreatedAt       time.Time
}

// ListenSource is one row of the listening queue: a search on one source
// (a handle's network search, or a feed), with its cursor and back-off.
type ListenSource struct {
	SearchID     int64
	Source       string // "handle:<id>" or "feed:<url>"
	HandleID     int64  // 0 for a feed
	FeedURL      string
	Cursor       string
	ETag         string
	LastModified string
	NextRunAt    time.Time
	LastRunAt    time.Time
	Errors       int
	LastError    string
	Note         string // why a working source finds nothing (no full-text search)
}

// ErrNoListenSearch is returned for an unknown search id.
var ErrNoListenSearch = fmt.Errorf("no such listening search: %w", ErrNotFound)

func jsonList(v []string) string {
	if v == nil {
		v = []string{}
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func parseList(s string) []string {
	var v []string
	_ = json.Unmarshal([]byte(s), &v)
	return v
}

// SaveListenSearch inserts (ID 0) or updates a search and returns its id.
func (s *Store) SaveListenSearch(ctx context.Context, ls ListenSearch) (int64, error) {
	args := []any{ls.Name, jsonList(ls.Terms), jsonList(ls.ExcludeWords), jsonList(ls.ExcludeAccounts),
		jsonList(ls.Feeds), ls.Language, ls.XEnabled}
	if ls.ID == 0 {
		res, err := s.w.ExecContext(ctx, `INSERT INTO listen_searches(name, terms, exclude_words, exclude_accounts, feeds,
			language, x_enabled, client_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			append(args, ls.ClientID, ms(ls.CreatedAt))...)
		if err != nil {
			return 0, fmt.Errorf("add listening search: %w", err)
		}
		return res.LastInsertId()
	}
	res, err := s.w.ExecContext(ctx, `UPDATE listen_searches SET name = ?, terms = ?, exclude_words = ?, exclude_accounts = ?,
		feeds = ?, language = ?, x_enabled = ? WHERE id = ?`, append(args, ls.ID)...)
	if err != nil {
		return 0, fmt.Errorf("save listening search %d: %w", ls.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, ErrNoListenSearch
	}
	return ls.ID, nil
}

// DeleteListenSearch removes a search with its queue rows and results.
func (s *Store) DeleteListenSearch(ctx context.Context, id int64) error {
	if _, err := s.w.ExecContext(ctx, "DELETE FROM listen_searches WHERE id = ?", id); err != nil {
		return fmt.Errorf("delete listening search %d: %w", id, err)
	}
	return nil
}

const listenSearchCols = `id, client_id, name, terms, exclude_words, exclude_accounts, feeds, language, x_enabled, created_at`

func scanListenSearch(sc interface{ Scan(...any) error }) (ListenSearch, error) {
	var ls ListenSearch
	var terms, words, accts, feeds string
	var created int64
	err := sc.Scan(&ls.ID, &ls.ClientID, &ls.Name, &terms, &words, &accts, &feeds, &ls.Language, &ls.XEnabled, &created)
	ls.Terms, ls.ExcludeWords, ls.ExcludeAccounts, ls.Feeds = parseList(terms), parseList(words), parseList(accts), parseList(feeds)
	ls.CreatedAt = fromMS(created)
	return ls, err
}

// ListenSearch reads one search.
func (s *Store) ListenSearch(ctx context.Context, id int64) (ListenSearch, error) {
	ls, err := scanListenSearch(s.r.QueryRowContext(ctx, "SELECT "+listenSearchCols+" FROM listen_searches WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return ls, ErrNoListenSearch
	}
	if err != nil {
		return ls, fmt.Errorf("read listening search %d: %w", id, err)
	}
	return ls, nil
}

// ListenSearches lists the searches of a client (0: of every client), by name.
func (s *Store) ListenSearches(ctx context.Context, clientID int64) ([]ListenSearch, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT "+listenSearchCols+" FROM listen_searches WHERE ? = 0 OR client_id = ? ORDER BY name, id",
		clientID, clientID)
	if err != nil {
		return nil, fmt.Errorf("list listening searches: %w", err)
	}
	defer rows.Close()
	var out []ListenSearch
	for rows.Next() {
		ls, err := scanListenSearch(rows)
		if err != nil {
			return nil, fmt.Errorf("scan listening search: %w", err)
		}
		out = append(out, ls)
	}
	return out, rows.Err()
}

// SetListenSources makes a search's queue rows exactly sources: new ones are
// due at now, kept ones keep their cursor and back-off, others go.
func (s *Store) SetListenSources(ctx context.Context, searchID int64, sources []ListenSource, now time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		keep := map[string]bool{}
		for _, src := range sources {
			keep[src.Source] = true
			if _, err := tx.ExecContext(ctx, `INSERT INTO listen_sources(search_id, source, handle_id, feed_url, next_run_at)
				VALUES (?, ?, ?, ?, ?) ON CONFLICT(search_id, source) DO NOTHING`,
				searchID, src.Source, nullID(src.HandleID), src.FeedURL, ms(now)); err != nil {
				return err
			}
		}
		rows, err := tx.QueryContext(ctx, "SELECT source FROM listen_sources WHERE search_id = ?", searchID)
		if err != nil {
			return err
		}
		var gone []string
		for rows.Next() {
			var src string
			if err := rows.Scan(&src); err != nil {
				rows.Close()
				return err
			}
			if !keep[src] {
				gone = append(gone, src)
			}
		}
		rows.Close()
		for _, src := range gone {
			if _, err := tx.ExecContext(ctx, "DELETE FROM listen_sources WHERE search_id = ? AND source = ?", searchID, src); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	if err != nil {
		return fmt.Errorf("set sources of listening search %d: %w", searchID, err)
	}
	return nil
}

// listenSourceCols are qualified: DueListenSources joins the handles.
const listenSourceCols = `listen_sources.search_id, listen_sources.source, COALESCE(listen_sources.handle_id, 0),
	listen_sources.feed_url, listen_sources.cursor, listen_sources.etag, listen_sources.last_modified,
	listen_sources.next_run_at, listen_sources.last_run_at, listen_sources.errors, listen_sources.last_error, listen_sources.note`

func scanListenSource(sc interface{ Scan(...any) error }) (ListenSource, error) {
	var src ListenSource
	var next, last int64
	err := sc.Scan(&src.SearchID, &src.Source, &src.HandleID, &src.FeedURL, &src.Cursor, &src.ETag, &src.LastModified,
		&next, &last, &src.Errors, &src.LastError, &src.Note)
	src.NextRunAt, src.LastRunAt = fromMS(next), fromMS(last)
	return src, err
}

func (s *Store) listenSources(ctx context.Context, q string, args ...any) ([]ListenSource, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT "+listenSourceCols+" FROM listen_sources "+q, args...)
	if err != nil {
		return nil, fmt.Errorf("list listening sources: %w", err)
	}
	defer rows.Close()
	var out []ListenSource
	for rows.Next() {
		src, err := scanListenSource(rows)
		if err != nil {
			return nil, fmt.Errorf("scan listening source: %w", err)
		}
		out = append(out, src)
	}
	return out, rows.Err()
}

// ListenSources lists a search's queue rows (0: every search's).
func (s *Store) ListenSources(ctx context.Context, searchID int64) ([]ListenSource, error) {
	return s.listenSources(ctx, "WHERE ? = 0 OR search_id = ? ORDER BY search_id, source", searchID, searchID)
}

// DueListenSources lists the queue rows due at now, the longest-waiting
// first. A handle's rows wait while the handle is paused or its sync backs
// off (retry_at): a search spends the same budget, so it never runs into a
// limit its sync is waiting out. Feeds depend on no handle.
func (s *Store) DueListenSources(ctx context.Context, now time.Time, limit int) ([]ListenSource, error) {
	return s.listenSources(ctx, `LEFT JOIN handles h ON h.id = listen_sources.handle_id
		WHERE listen_sources.next_run_at <= ? AND (listen_sources.handle_id IS NULL OR h.paused = 0 AND h.retry_at <= ?)
		ORDER BY listen_sources.next_run_at, listen_sources.search_id, listen_sources.source LIMIT ?`, ms(now), ms(now), limit)
}

// NextListenRun is when the next queue row is due (zero: none), a handle's
// rows not before its retry time and never while it is paused.
func (s *Store) NextListenRun(ctx context.Context) (time.Time, error) {
	var at sql.NullInt64
	if err := s.r.QueryRowContext(ctx, `SELECT MIN(MAX(l.next_run_at, COALESCE(h.retry_at, 0))) FROM listen_sources l
		LEFT JOIN handles h ON h.id = l.handle_id WHERE l.handle_id IS NULL OR h.paused = 0`).Scan(&at); err != nil {
		return time.Time{}, fmt.Errorf("next listening run: %w", err)
	}
	if !at.Valid {
		return time.Time{}, nil
	}
	return fromMS(at.Int64), nil
}

// ScheduleListenSearch makes every source of a search (0: of all) due at t.
func (s *Store) ScheduleListenSearch(ctx context.Context, searchID int64, t time.Time) error {
	if _, err := s.w.ExecContext(ctx, "UPDATE listen_sources SET next_run_at = ? WHERE ? = 0 OR search_id = ?",
		ms(t), searchID, searchID); err != nil {
		return fmt.Errorf("schedule listening search %d: %w", searchID, err)
	}
	return nil
}

// ListenSourceFailed records a failure and when to try again.
func (s *Store) ListenSourceFailed(ctx context.Context, searchID int64, source, msg string, next, now time.Time) error {
	if _, err := s.w.ExecContext(ctx, `UPDATE listen_sources SET errors = errors + 1, last_error = ?, next_run_at = ?, last_run_at = ?
		WHERE search_id = ? AND source = ?`, msg, ms(next), ms(now), searchID, source); err != nil {
		return fmt.Errorf("record listening failure: %w", err)
	}
	return nil
}
