package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"careinbox/backend/events"
)

// BackfillState is where one stream's history backfill stands.
type BackfillState string

// Backfill states. Running rows are the backfill queue; paused and stopped
// ones keep their cursor, so resuming continues where they were.
const (
	BackfillRunning BackfillState = "running"
	BackfillPaused  BackfillState = "paused"
	BackfillStopped BackfillState = "stopped"
	BackfillDone    BackfillState = "done" // reached the network's end or the cap
)

// Backfill is one (handle, stream) row of the backfill queue (migration 0018).
type Backfill struct {
	HandleID    int64
	Stream      string
	State       BackfillState
	Cursor      string
	Until       time.Time // do not go back before (zero: as far as the network allows)
	ConnectedAt time.Time // what the customer wrote before this is history
	Messages    int       // new messages stored so far
	Total       int       // items in all when the network says (0: unknown)
	Progress    float64   // 0–1 when known
	OldestAt    time.Time // the oldest message reached
	NextRunAt   time.Time
	Errors      int
	LastError   string
}

const backfillCols = `handle_id, stream, state, cursor, until_at, connected_at, messages, total, progress,
	oldest_at, next_run_at, errors, last_error`

func scanBackfill(sc interface{ Scan(...any) error }) (Backfill, error) {
	var b Backfill
	var until, connected, oldest, next int64
	err := sc.Scan(&b.HandleID, &b.Stream, &b.State, &b.Cursor, &until, &connected, &b.Messages, &b.Total,
		&b.Progress, &oldest, &next, &b.Errors, &b.LastError)
	b.Until, b.ConnectedAt, b.OldestAt, b.NextRunAt = fromMS(until), fromMS(connected), fromMS(oldest), fromMS(next)
	return b, err
}

// EnsureBackfills starts the on-connect backfill of a handle's streams,
// once: a handle that has any backfill row (running, paused, stopped or
// done) is left alone, so a stopped backfill does not come back at the
// next start. The connect time is the handle's own.
func (s *Store) EnsureBackfills(ctx context.Context, handleID int64, streams []string, until, now time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM backfills WHERE handle_id = ?", handleID).Scan(&n); err != nil {
			return fmt.Errorf("read backfills of handle %d: %w", handleID, err)
		}
		if n > 0 {
			return nil
		}
		return insertBackfills(ctx, tx, handleID, streams, until, now)
	})
}

func insertBackfills(ctx context.Context, tx *sql.Tx, handleID int64, streams []string, until, now time.Time) error {
	for _, st := range streams {
		_, err := tx.ExecContext(ctx, `INSERT INTO backfills(handle_id, stream, until_at, connected_at, next_run_at, updated_at)
			SELECT id, ?, ?, created_at, ?, ? FROM handles WHERE id = ?
			ON CONFLICT DO NOTHING`, st, ms(until), ms(now), ms(now), handleID)
		if err != nil {
			return fmt.Errorf("start backfill of %s of handle %d: %w", st, handleID, err)
		}
	}
	return nil
}

// StartBackfill starts (or restarts) a handle's backfill on demand with a
// new cap: rows that exist keep their cursor and counts and run again from
// where they stopped (a cap moved further back continues past the old one).
func (s *Store) StartBackfill(ctx context.Context, handleID int64, streams []string, until, now time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := insertBackfills(ctx, tx, handleID, streams, until, now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE backfills SET state = 'running', until_at = ?, next_run_at = ?,
			errors = 0, last_error = '', updated_at = ? WHERE handle_id = ?`, ms(until), ms(now), ms(now), handleID)
		if err != nil {
			return fmt.Errorf("start backfill of handle %d: %w", handleID, err)
		}
		return nil
	})
	if err == nil {
		s.publish(events.Delta{Entity: events.EntityHandle, Upserted: []int64{handleID}})
	}
	return err
}

// SetBackfillState pauses, resumes or stops a handle's backfill. Finished
// streams stay finished; resuming makes the others due now.
func (s *Store) SetBackfillState(ctx context.Context, handleID int64, state BackfillState, now time.Time) error {
	if state != BackfillRunning && state != BackfillPaused && state != BackfillStopped {
		return fmt.Errorf("unknown backfill state %q", state)
	}
	_, err := s.w.ExecContext(ctx, `UPDATE backfills SET state = ?, next_run_at = ?, updated_at = ?
		WHERE handle_id = ? AND state <> 'done'`, state, ms(now), ms(now), handleID)
	if err != nil {
		return fmt.Errorf("set backfill of handle %d to %s: %w", handleID, state, err)
	}
	s.publish(events.Delta{Entity: events.EntityHandle, Upserted: []int64{handleID}})
	return nil
}

// Backfills lists a handle's backfill rows by stream.
func (s *Store) Backfills(ctx context.Context, handleID int64) ([]Backfill, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT "+backfillCols+" FROM backfills WHERE handle_id = ? ORDER BY stream", handleID)
	if err != nil {
		return nil, fmt.Errorf("list backfills of handle %d: %w", handleID, err)
	}
	defer rows.Close()
	var out []Backfill
	for rows.Next() {
		b, err := scanBackfill(rows)
		if err != nil {
			return nil, fmt.Errorf("scan backfill: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// BackfilledConversations counts the conversations a handle's backfill
// brought in (a partial index keeps it cheap).
func (s *Store) BackfilledConversations(ctx context.Context, handleID int64) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM conversations WHERE handle_id = ? AND history_before > 0", handleID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count backfilled conversations of handle %d: %w", handleID, err)
	}
	return n, nil
}

// DueBackfills lists running backfill rows due at now, of handles that are
// not paused and not backing off (a rate limit or failure of live sync
// holds the backfill too), soonest first.
func (s *Store) DueBackfills(ctx context.Context, now time.Time, limit int) ([]Backfill, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT b.handle_id, b.stream, b.state, b.cursor, b.until_at, b.connected_at,
		b.messages, b.total, b.progress, b.oldest_at, b.next_run_at, b.errors, b.last_error
		FROM backfills b JOIN handles h ON h.id = b.handle_id
		WHERE b.state = 'running' AND b.next_run_at <= ? AND h.paused = 0 AND h.retry_at <= ?
		ORDER BY b.next_run_at LIMIT ?`, ms(now), ms(now), limit)
	if err != nil {
		return nil, fmt.Errorf("list due backfills: %w", err)
	}
	defer rows.Close()
	var out []Backfill
	for rows.Next() {
		b, err := scanBackfill(rows)
		if err != nil {
			return nil, fmt.Errorf("scan backfill: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// NextBackfillRun is the earliest run of a running backfill (zero if none);
// a handle backing off holds its backfill until its retry time.
func (s *Store) NextBackfillRun(ctx context.Context) (time.Time, error) {
	var v sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT MIN(MAX(b.next_run_at, h.retry_at)) FROM backfills b JOIN handles h ON h.id = b.handle_id
		WHERE b.state = 'running' AND h.paused = 0`).Scan(&v)
	if err != nil {
		return time.Time{}, fmt.Errorf("next backfill run: %w", err)
	}
	return fromMS(v.Int64), nil
}

// BackfillPage is how a backfill page moves its row on.
type BackfillPage struct {
	Cursor   string
	Done     bool // nothing older to fetch (the network's end, or the cap)
	Total    int
	Progress float64
	OldestAt time.Time
	Next     time.Time
	// Undelivered are replies the page's reports gave back (see CommitPage).
	Undelivered []Undelivered
}

// CommitBackfillPage stores a backfill page as history and moves the row's
// cursor and counts in one transaction, like CommitPage: a crash between
// the two is impossible, so a restart re-fetches at most this page and the
// natural keys make that harmless. A row paused or stopped meanwhile keeps
// its state (the page is kept; the cursor still moves).
func (s *Store) CommitBackfillPage(ctx context.Context, b Backfill, p BackfillPage, convs []IncomingConversation, now time.Time) (IngestResult, error) {
	// A backfill brings history, like an import (IncomingConversation.History):
	// new conversations are stored resolved and read, stored ones are not
	// reopened by old messages; HistoryBefore keeps the connect time, so a
	// customer writing again is live from the new message on.
	for i := range convs {
		convs[i].HistoryBefore, convs[i].History = b.ConnectedAt, true
	}
	var before int64
	if err := s.r.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM messages").Scan(&before); err != nil {
		return IngestResult{}, fmt.Errorf("backfill %s: %w", b.Stream, err)
	}
	var returned undeliveredIDs
	res, err := s.ingest(ctx, b.HandleID, convs, func(tx *sql.Tx, res IngestResult) error {
		// History is stored unscored; the sentiment backfill scores it.
		if err := widenScoring(ctx, tx, before); err != nil {
			return fmt.Errorf("backfill %s scoring mark: %w", b.Stream, err)
		}
		var err error
		if returned, err = markUndelivered(ctx, tx, b.HandleID, p.Undelivered); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, qAdvanceBackfill, p.Cursor, res.NewMessages, p.Total, p.Total, p.Progress,
			ms(p.OldestAt), ms(p.OldestAt), ms(p.OldestAt), ms(p.Next), ms(now), p.Done, b.HandleID, b.Stream)
		if err != nil {
			return fmt.Errorf("advance backfill of %s: %w", b.Stream, err)
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	s.publishUndelivered(returned)
	s.publish(events.Delta{Entity: events.EntityHandle, Upserted: []int64{b.HandleID}})
	return res, nil
}

const qAdvanceBackfill = `UPDATE backfills SET cursor = ?, messages = messages + ?,
	total = CASE WHEN ? > 0 THEN ? ELSE total END, progress = ?,
	oldest_at = CASE WHEN ? > 0 AND (oldest_at = 0 OR ? < oldest_at) THEN ? ELSE oldest_at END,
	next_run_at = ?, errors = 0, last_error = '', updated_at = ?,
	state = CASE WHEN ? AND state = 'running' THEN 'done' ELSE state END
	WHERE handle_id = ? AND stream = ?`

// BackfillFailed records a failed backfill page and when to try again.
func (s *Store) BackfillFailed(ctx context.Context, handleID int64, stream, msg string, next, now time.Time) error {
	_, err := s.w.ExecContext(ctx, `UPDATE backfills SET errors = errors + 1, last_error = ?, next_run_at = ?, updated_at = ?
		WHERE handle_id = ? AND stream = ?`, msg, ms(next), ms(now), handleID, stream)
	if err != nil {
		return fmt.Errorf("record backfill failure of %s: %w", stream, err)
	}
	s.publish(events.Delta{Entity: events.EntityHandle, Upserted: []int64{handleID}})
	return nil
}
