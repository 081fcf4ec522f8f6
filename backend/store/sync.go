package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"careinbox/backend/events"
	"careinbox/backend/inbox"
)

// StreamState is one (handle, stream) row of the sync queue.
type StreamState struct {
	HandleID  int64
	Stream    string
	Cursor    string
	NextRunAt time.Time
	Errors    int
	LastError string
	LastOKAt  time.Time
}

// EnsureStreams registers a handle's streams; existing rows keep their cursors.
func (s *Store) EnsureStreams(ctx context.Context, handleID int64, streams []string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, st := range streams {
			if _, err := tx.ExecContext(ctx, `INSERT INTO sync_streams(handle_id, stream) VALUES (?, ?)
				ON CONFLICT DO NOTHING`, handleID, st); err != nil {
				return fmt.Errorf("register stream %s of handle %d: %w", st, handleID, err)
			}
		}
		return nil
	})
}

// DueStreams lists streams whose next run is at or before now, of handles
// that are not paused, soonest first.
func (s *Store) DueStreams(ctx context.Context, now time.Time, limit int) ([]StreamState, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT ss.handle_id, ss.stream, ss.cursor, ss.next_run_at, ss.errors,
		ss.last_error, ss.last_ok_at FROM sync_streams ss JOIN handles h ON h.id = ss.handle_id
		WHERE ss.next_run_at <= ? AND h.paused = 0 ORDER BY ss.next_run_at LIMIT ?`, ms(now), limit)
	if err != nil {
		return nil, fmt.Errorf("list due streams: %w", err)
	}
	defer rows.Close()
	var out []StreamState
	for rows.Next() {
		var st StreamState
		var next, ok int64
		if err := rows.Scan(&st.HandleID, &st.Stream, &st.Cursor, &next, &st.Errors, &st.LastError, &ok); err != nil {
			return nil, fmt.Errorf("scan stream: %w", err)
		}
		st.NextRunAt, st.LastOKAt = fromMS(next), fromMS(ok)
		out = append(out, st)
	}
	return out, rows.Err()
}

// NextStreamRun is the earliest scheduled run of any active stream (zero if none).
func (s *Store) NextStreamRun(ctx context.Context) (time.Time, error) {
	var v sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT MIN(ss.next_run_at) FROM sync_streams ss
		JOIN handles h ON h.id = ss.handle_id WHERE h.paused = 0`).Scan(&v)
	if err != nil {
		return time.Time{}, fmt.Errorf("next stream run: %w", err)
	}
	return fromMS(v.Int64), nil
}

// Stream reads one stream's state.
func (s *Store) Stream(ctx context.Context, handleID int64, stream string) (StreamState, error) {
	st := StreamState{HandleID: handleID, Stream: stream}
	var next, ok int64
	err := s.r.QueryRowContext(ctx, `SELECT cursor, next_run_at, errors, last_error, last_ok_at FROM sync_streams
		WHERE handle_id = ? AND stream = ?`, handleID, stream).Scan(&st.Cursor, &next, &st.Errors, &st.LastError, &ok)
	if errors.Is(err, sql.ErrNoRows) {
		return st, fmt.Errorf("stream %s of handle %d: %w", stream, handleID, ErrNotFound)
	}
	st.NextRunAt, st.LastOKAt = fromMS(next), fromMS(ok)
	return st, err
}

const qAdvanceCursor = `UPDATE sync_streams SET cursor = ?, next_run_at = ?, errors = 0,
	last_error = '', last_ok_at = ? WHERE handle_id = ? AND stream = ?`

// CommitPage stores a fetched page and advances the stream's cursor in one
// transaction, so the cursor can never run ahead of the rows it covers.
// The page's undelivered replies are marked in the same transaction: the
// report that said so is past the cursor once it commits.
func (s *Store) CommitPage(ctx context.Context, handleID int64, stream, cursor string, convs []IncomingConversation,
	undelivered []Undelivered, now, next time.Time) (IngestResult, error) {
	var returned undeliveredIDs
	res, err := s.Ingest(ctx, handleID, convs, func(tx *sql.Tx) error {
		var err error
		if returned, err = markUndelivered(ctx, tx, handleID, undelivered); err != nil {
			return err
		}
		q := &pageTx{ctx: ctx, tx: tx, stmts: s.stmts.prepared()}
		if _, err := q.exec(qAdvanceCursor, cursor, ms(next), ms(now), handleID, stream); err != nil {
			return fmt.Errorf("advance cursor of %s: %w", stream, err)
		}
		return nil
	})
	if err == nil {
		s.publishUndelivered(returned)
	}
	return res, err
}

// StreamFailed records a failed run and when to try again.
func (s *Store) StreamFailed(ctx context.Context, handleID int64, stream, msg string, next time.Time) error {
	_, err := s.w.ExecContext(ctx, `UPDATE sync_streams SET errors = errors + 1, last_error = ?, next_run_at = ?
		WHERE handle_id = ? AND stream = ?`, msg, ms(next), handleID, stream)
	if err != nil {
		return fmt.Errorf("record failure of stream %s: %w", stream, err)
	}
	return nil
}

// StreamNote keeps a plain-words note on a stream that synced but cannot
// deliver (the account lacks the capability): not a failure, so the error
// count stays; the next successful page clears it.
func (s *Store) StreamNote(ctx context.Context, handleID int64, stream, note string) error {
	if _, err := s.w.ExecContext(ctx, `UPDATE sync_streams SET last_error = ? WHERE handle_id = ? AND stream = ?`,
		note, handleID, stream); err != nil {
		return fmt.Errorf("note on stream %s: %w", stream, err)
	}
	return nil
}

// ScheduleHandle makes every stream of a handle due at t ("Sync now" uses now).
func (s *Store) ScheduleHandle(ctx context.Context, handleID int64, t time.Time) error {
	if _, err := s.w.ExecContext(ctx, "UPDATE sync_streams SET next_run_at = ? WHERE handle_id = ?", ms(t), handleID); err != nil {
		return fmt.Errorf("schedule handle %d: %w", handleID, err)
	}
	return nil
}

// WakeHandle brings a handle's streams forward to t after a push said there
// is news, but not streams backing off after a failure: a server that keeps
// pushing must not undo the back-off its own errors earned.
func (s *Store) WakeHandle(ctx context.Context, handleID int64, t time.Time) error {
	if _, err := s.w.ExecContext(ctx, `UPDATE sync_streams SET next_run_at = ?
		WHERE handle_id = ? AND errors = 0 AND next_run_at > ?`, ms(t), handleID, ms(t)); err != nil {
		return fmt.Errorf("wake handle %d: %w", handleID, err)
	}
	return nil
}

// HandleHealth is what the UI shows on a handle.
type HandleHealth struct {
	State    inbox.SyncState
	Message  string
	RetryAt  time.Time
	Backfill float64 // 0–1
}

// SetHandleHealth records a handle's sync health; LastSyncAt moves only on success.
func (s *Store) SetHandleHealth(ctx context.Context, id int64, h HandleHealth, at time.Time) error {
	_, err := s.w.ExecContext(ctx, `UPDATE handles SET sync_state = ?, sync_error = ?, retry_at = ?, backfill = ?,
		last_sync_at = CASE WHEN ? = 'ok' THEN ? ELSE last_sync_at END WHERE id = ?`,
		h.State, h.Message, ms(h.RetryAt), h.Backfill, h.State, ms(at), id)
	if err != nil {
		return fmt.Errorf("set handle %d health: %w", id, err)
	}
	s.publish(events.Delta{Entity: events.EntityHandle, Upserted: []int64{id}})
	return nil
}

// HandleSettings reads a handle's non-secret connection settings.
func (s *Store) HandleSettings(ctx context.Context, id int64) (map[string]string, error) {
	var raw string
	if err := s.r.QueryRowContext(ctx, "SELECT settings FROM handles WHERE id = ?", id).Scan(&raw); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("handle %d: %w", id, ErrNotFound)
		}
		return nil, fmt.Errorf("read settings of handle %d: %w", id, err)
	}
	out := map[string]string{}
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		return nil, fmt.Errorf("decode settings of handle %d: %w", id, err)
	}
	return out, nil
}

// SetHandleSettings replaces a handle's non-secret connection settings.
func (s *Store) SetHandleSettings(ctx context.Context, id int64, settings map[string]string) error {
	b, err := json.Marshal(settings)
	if err != nil {
		return fmt.Errorf("encode settings: %w", err)
	}
	if _, err := s.w.ExecContext(ctx, "UPDATE handles SET settings = ? WHERE id = ?", string(b), id); err != nil {
		return fmt.Errorf("save settings of handle %d: %w", id, err)
	}
	return nil
}

// CatchUp makes healthy streams due now, for the start of the app: a laptop
// that was closed should not wait out a poll interval. Streams backing off
// after failures or rate limits keep their time, to stay polite.
func (s *Store) CatchUp(ctx context.Context, now time.Time) error {
	if _, err := s.w.ExecContext(ctx, "UPDATE sync_streams SET next_run_at = ? WHERE next_run_at > ? AND errors = 0", ms(now), ms(now)); err != nil {
		return fmt.Errorf("catch up streams: %w", err)
	}
	return nil
}
