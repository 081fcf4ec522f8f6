package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"careinbox/backend/events"
)

// Erasure is the record that a customer was forgotten: when, whom (the
// participant id, which means nothing once the row is gone) and where, but
// never what.
type Erasure struct {
	ID            int64
	At            time.Time
	CustomerID    int64
	HandleIDs     []int64
	Conversations int
	Messages      int
}

// ftsTables are every full-text index holding customers' or the team's words.
var ftsTables = []string{"messages_fts", "participants_fts", "conversations_fts", "notes_fts"}

// ForgetCustomer erases one customer (a participant) everywhere in the
// database, for a data-protection request: their conversations with every
// message, note, draft, unsent outbox entry, tag, deadline and survey (the
// foreign keys cascade and the FTS triggers delete their index entries), the
// messages they wrote in other threads (those threads' excerpts and counts are
// recomputed), their opt-out and the participant row itself. One transaction,
// with SQLite's secure_delete on so freed pages are zeroed; then Compact
// removes what is left in the index segments, the WAL and free pages. The
// erasure is recorded in erasures (when, id, handles, counts — not the text).
func (s *Store) ForgetCustomer(ctx context.Context, customerID int64, at time.Time) (Erasure, error) {
	e := Erasure{CustomerID: customerID, At: at}
	if s.readOnly {
		return e, ErrReadOnly
	}
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return e, fmt.Errorf("forget customer %d: %w", customerID, err)
	}
	defer conn.Close()
	var secure int
	if err := conn.QueryRowContext(ctx, "PRAGMA secure_delete").Scan(&secure); err != nil {
		return e, fmt.Errorf("forget customer %d: %w", customerID, err)
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA secure_delete = ON"); err != nil {
		return e, fmt.Errorf("forget customer %d: %w", customerID, err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA secure_delete = "+strconv.Itoa(secure))

	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return e, fmt.Errorf("forget customer %d: %w", customerID, classify(err))
	}
	defer tx.Rollback()
	var exists int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM participants WHERE id = ?", customerID).Scan(&exists); err != nil {
		return e, fmt.Errorf("forget customer %d: %w", customerID, err)
	}
	if exists == 0 {
		return e, fmt.Errorf("customer %d: %w", customerID, ErrNotFound)
	}
	removed, handles, err := idPairs(ctx, tx, "SELECT id, handle_id FROM conversations WHERE customer_id = ?", customerID)
	if err != nil {
		return e, err
	}
	touched, more, err := idPairs(ctx, tx, `SELECT DISTINCT conversation_id, handle_id FROM messages
		WHERE author_id = ?1 AND conversation_id NOT IN (SELECT id FROM conversations WHERE customer_id = ?1)`, customerID)
	if err != nil {
		return e, err
	}
	handles = append(handles, more...)
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM messages WHERE author_id = ?1
		OR conversation_id IN (SELECT id FROM conversations WHERE customer_id = ?1)`, customerID).Scan(&n); err != nil {
		return e, fmt.Errorf("forget customer %d: count messages: %w", customerID, err)
	}
	steps := []string{
		"DELETE FROM csat_surveys WHERE customer_id = ?1",
		"DELETE FROM messages WHERE author_id = ?1",
		"DELETE FROM conversations WHERE customer_id = ?1",
		"DELETE FROM participants WHERE id = ?1",
	}
	for _, q := range steps {
		if _, err := tx.ExecContext(ctx, q, customerID); err != nil {
			return e, fmt.Errorf("forget customer %d: %s: %w", customerID, q, classify(err))
		}
	}
	for _, id := range touched {
		if err := refreshConversation(ctx, tx, id, 0, false); err != nil {
			return e, fmt.Errorf("forget customer %d: %w", customerID, err)
		}
	}
	e.HandleIDs, e.Conversations, e.Messages = uniqueSorted(handles), len(removed), n
	hs := make([]string, len(e.HandleIDs))
	for i, h := range e.HandleIDs {
		hs[i] = strconv.FormatInt(h, 10)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO erasures(at, customer_id, handle_ids, conversations, messages)
		VALUES (?, ?, ?, ?, ?)`, ms(at), customerID, strings.Join(hs, ","), e.Conversations, e.Messages)
	if err != nil {
		return e, fmt.Errorf("record erasure: %w", classify(err))
	}
	e.ID, _ = res.LastInsertId()
	if err := tx.Commit(); err != nil {
		return e, fmt.Errorf("forget customer %d: %w", customerID, classify(err))
	}
	s.publish(events.Delta{Entity: events.EntityConversation, Removed: removed, Upserted: touched})
	return e, nil
}

// Compact removes what deleted rows leave behind in the file: it merges
// every FTS5 index (a deleted entry stays in the old segments until they are
// merged), rebuilds the file (VACUUM, so no free page keeps old bytes) and
// truncates the WAL. It holds the writer for as long as it takes (seconds on
// a large archive); readers keep reading. complete is false when a reader
// kept the checkpoint from finishing: the WAL is then emptied at the next one.
func (s *Store) Compact(ctx context.Context) (complete bool, err error) {
	if s.readOnly {
		return false, ErrReadOnly
	}
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("compact: %w", err)
	}
	defer conn.Close()
	for _, t := range ftsTables {
		if _, err := conn.ExecContext(ctx, "INSERT INTO "+t+"("+t+") VALUES ('optimize')"); err != nil {
			return false, fmt.Errorf("compact %s: %w", t, classify(err))
		}
	}
	// VACUUM builds the new file in a temporary database: on disk, not in
	// memory (the writer keeps temp_store in memory for Ingest's journals),
	// so a large archive does not need its size in RAM.
	if _, err := conn.ExecContext(ctx, "PRAGMA temp_store = 1"); err != nil {
		return false, fmt.Errorf("compact: %w", err)
	}
	_, verr := conn.ExecContext(ctx, "VACUUM")
	if _, err := conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA temp_store = 2"); err != nil {
		return false, errors.Join(verr, fmt.Errorf("compact: %w", err))
	}
	if verr != nil {
		return false, fmt.Errorf("compact: vacuum: %w", classify(verr))
	}
	var busy, logPages, done int
	if err := conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logPages, &done); err != nil {
		return false, fmt.Errorf("compact: checkpoint: %w", classify(err))
	}
	return busy == 0, nil
}

// Erasures lists the recorded erasures, newest first.
func (s *Store) Erasures(ctx context.Context) ([]Erasure, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT id, at, customer_id, handle_ids, conversations, messages FROM erasures ORDER BY at DESC, id DESC")
	if err != nil {
		return nil, fmt.Errorf("read erasures: %w", err)
	}
	defer rows.Close()
	var out []Erasure
	for rows.Next() {
		var e Erasure
		var at int64
		var hs string
		if err := rows.Scan(&e.ID, &at, &e.CustomerID, &hs, &e.Conversations, &e.Messages); err != nil {
			return nil, fmt.Errorf("scan erasure: %w", err)
		}
		e.At = fromMS(at)
		for _, h := range strings.Split(hs, ",") {
			if id, err := strconv.ParseInt(h, 10, 64); err == nil {
				e.HandleIDs = append(e.HandleIDs, id)
			}
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// idPairs reads (id, handle id) rows.
func idPairs(ctx context.Context, tx *sql.Tx, q string, args ...any) (ids, handles []int64, err error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("forget: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, h int64
		if err := rows.Scan(&id, &h); err != nil {
			return nil, nil, fmt.Errorf("forget: %w", err)
		}
		ids, handles = append(ids, id), append(handles, h)
	}
	return ids, handles, rows.Err()
}

func uniqueSorted(v []int64) []int64 {
	sort.Slice(v, func(i, j int) bool { return v[i] < v[j] })
	out := v[:0]
	for i, x := range v {
		if i == 0 || x != v[i-1] {
			out = append(out, x)
		}
	}
	return out
}
