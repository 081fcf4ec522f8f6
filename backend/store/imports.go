package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// The writer's page cache while an import writes, and SQLite's default
// it returns to (KiB). 16 MiB took an import of 1 GB of mail from 120 to
// 111 µs of CPU a message (peak RSS 86 → 116 MB); 32 MiB to 106 µs, but
// at 142 MB, too near the 150 MB an import may use.
const (
	importCacheKiB  = 16 << 10
	defaultCacheKiB = 2000
)

// ImportState is where an archive import stands.
type ImportState string

const (
	ImportRunning ImportState = "running" // started, or killed before it ended
	ImportDone    ImportState = "done"
	ImportFailed  ImportState = "failed"
)

// ImportRecord is one row of the imports table (migration 0016).
type ImportRecord struct {
	ID          int64
	HandleID    int64
	Format      string
	Source      string
	Fingerprint string
	State       ImportState
	// Units is how many of the archive's items have committed: a resumed
	// import skips that many without writing them again.
	Units int64
	// Counts is the importer's running totals as JSON (opaque here).
	Counts     string
	Error      string
	StartedAt  time.Time
	FinishedAt time.Time
}

// StartImport records an import of an archive on a handle, or returns the
// unfinished one of the same file (fingerprint) on the same handle, which
// was killed or failed part-way: the caller resumes after its Units.
func (s *Store) StartImport(ctx context.Context, handleID int64, format, source, fingerprint string, now time.Time) (ImportRecord, error) {
	var rec ImportRecord
	err := s.tx(ctx, func(tx *sql.Tx) error {
		row := tx.QueryRowContext(ctx, `SELECT id FROM imports WHERE handle_id = ? AND fingerprint = ? AND format = ?
			AND state IN ('running', 'failed') ORDER BY id DESC LIMIT 1`, handleID, fingerprint, format)
		var id int64
		switch err := row.Scan(&id); {
		case errors.Is(err, sql.ErrNoRows):
			res, err := tx.ExecContext(ctx, `INSERT INTO imports(handle_id, format, source, fingerprint, state, started_at)
				VALUES (?, ?, ?, ?, 'running', ?)`, handleID, format, source, fingerprint, ms(now))
			if err != nil {
				return err
			}
			if id, err = res.LastInsertId(); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			if _, err := tx.ExecContext(ctx, `UPDATE imports SET state = 'running', error = '', source = ? WHERE id = ?`, source, id); err != nil {
				return err
			}
		}
		var e error
		rec, e = scanImport(tx.QueryRowContext(ctx, qImportRow+` WHERE id = ?`, id))
		return e
	})
	if err != nil {
		return ImportRecord{}, fmt.Errorf("start import on handle %d: %w", handleID, err)
	}
	return rec, nil
}

// IngestImport writes one batch of an import (Ingest, with the
// conversations marked History by the caller) and moves the import's
// resume point to units with the running counts, in the batch's own
// transaction: the batch and its progress commit together or not at all.
//
// History is stored unscored (scoring is half an import's time): the batch's
// messages are added to the sentiment backfill's range instead, which the
// background scorer (sentiment.Backfill) works through at the next start.
func (s *Store) IngestImport(ctx context.Context, importID, handleID int64, convs []IncomingConversation, units int64, counts string) (IngestResult, error) {
	// A batch touches pages all over the indexes of a growing file (message
	// ids do not arrive in key order); the writer's default 2 MiB cache
	// re-read them from the file at every batch. FinishImport gives the
	// default back.
	if _, err := s.w.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", importCacheKiB)); err != nil {
		return IngestResult{}, fmt.Errorf("import %d: %w", importID, err)
	}
	var before int64
	if err := s.r.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM messages").Scan(&before); err != nil {
		return IngestResult{}, fmt.Errorf("import %d: %w", importID, err)
	}
	return s.Ingest(ctx, handleID, convs, func(tx *sql.Tx) error {
		if err := widenScoring(ctx, tx, before); err != nil {
			return fmt.Errorf("import %d scoring mark: %w", importID, err)
		}
		res, err := tx.ExecContext(ctx, `UPDATE imports SET units = ?, counts = ? WHERE id = ? AND state = 'running'`, units, counts, importID)
		if err != nil {
			return fmt.Errorf("import %d progress: %w", importID, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("import %d is not running", importID)
		}
		return nil
	})
}

// widenScoring makes the sentiment backfill's range (from, to] cover the
// messages written after id before: a finished backfill restarts from
// before, an unfinished one reaches further. Synced messages in the range
// are scored again, to the same score.
func widenScoring(ctx context.Context, tx *sql.Tx, before int64) error {
	var last int64
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM messages").Scan(&last); err != nil {
		return err
	}
	if last <= before {
		return nil
	}
	from, err := metaInt(ctx, tx, metaBackfillFrom)
	if err != nil {
		return err
	}
	to, err := metaInt(ctx, tx, metaBackfillTo)
	if err != nil {
		return err
	}
	if from >= to {
		from = before
	}
	set := `INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`
	if _, err := tx.ExecContext(ctx, set, metaBackfillFrom, strconv.FormatInt(min(from, before), 10)); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, set, metaBackfillTo, strconv.FormatInt(max(to, last), 10))
	return err
}

// FinishImport records an import's end: done, or failed with why.
func (s *Store) FinishImport(ctx context.Context, importID int64, state ImportState, counts, errText string, now time.Time) error {
	if _, err := s.w.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", defaultCacheKiB)); err != nil {
		return fmt.Errorf("finish import %d: %w", importID, err)
	}
	_, err := s.w.ExecContext(ctx, `UPDATE imports SET state = ?, counts = ?, error = ?, finished_at = ? WHERE id = ?`,
		string(state), counts, errText, ms(now), importID)
	if err != nil {
		return fmt.Errorf("finish import %d: %w", importID, err)
	}
	return nil
}

// Imports lists a handle's imports, newest first (0: every handle's).
func (s *Store) Imports(ctx context.Context, handleID int64) ([]ImportRecord, error) {
	rows, err := s.r.QueryContext(ctx, qImportRow+` WHERE ? = 0 OR handle_id = ? ORDER BY id DESC`, handleID, handleID)
	if err != nil {
		return nil, fmt.Errorf("list imports: %w", err)
	}
	defer rows.Close()
	var out []ImportRecord
	for rows.Next() {
		rec, err := scanImport(rows)
		if err != nil {
			return nil, fmt.Errorf("list imports: %w", err)
		}
		out = append(out, rec)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list imports: %w", err)
	}
	return out, nil
}

const qImportRow = `SELECT id, handle_id, format, source, fingerprint, state, units, counts, error, started_at, finished_at FROM imports`

func scanImport(r interface{ Scan(...any) error }) (ImportRecord, error) {
	var rec ImportRecord
	var started, finished int64
	err := r.Scan(&rec.ID, &rec.HandleID, &rec.Format, &rec.Source, &rec.Fingerprint, &rec.State, &rec.Units,
		&rec.Counts, &rec.Error, &started, &finished)
	rec.StartedAt, rec.FinishedAt = fromMS(started), fromMS(finished)
	return rec, err
}

// StoredMessages says which of remoteIDs the handle already has as
// messages (an import leaves those out, so a conversation whose messages
// sync filed under another key does not come back as an empty copy).
func (s *Store) StoredMessages(ctx context.Context, handleID int64, remoteIDs []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(remoteIDs) == 0 {
		return out, nil
	}
	arg, err := jsonRows(remoteIDs)
	if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT remote_id FROM messages
		WHERE handle_id = ? AND remote_id IN (SELECT value FROM json_each(?))`, handleID, arg)
	if err != nil {
		return nil, fmt.Errorf("stored messages of handle %d: %w", handleID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("stored messages of handle %d: %w", handleID, err)
		}
		out[id] = true
	}
	return out, rows.Err()
}
