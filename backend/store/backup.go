package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// BackupTo writes a consistent copy of the whole database to path with
// VACUUM INTO on a reader connection: it reads one snapshot (WAL), so syncs
// keep writing while it runs and the copy holds every committed row up to
// its start and nothing after. path must not exist; it is created 0600 (a
// backup holds the customers' messages) before SQLite fills it.
func (s *Store) BackupTo(ctx context.Context, path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("create backup %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("create backup %s: %w", path, err)
	}
	conn, err := s.r.Conn(ctx)
	if err != nil {
		return fmt.Errorf("backup: reader: %w", err)
	}
	defer conn.Close()
	// Readers are query_only, which refuses VACUUM INTO too: lift it on
	// this one connection for the copy (it writes only the new file) and
	// put it back, or drop the connection so no reader is left writable.
	if _, err := conn.ExecContext(ctx, "PRAGMA query_only = 0"); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	_, verr := conn.ExecContext(ctx, "VACUUM INTO ?", path)
	if _, err := conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA query_only = 1"); err != nil {
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	if verr != nil {
		os.Remove(path)
		return fmt.Errorf("backup into %s: %w", path, classify(verr))
	}
	return nil
}

// VerifyFile opens a database file read-only (immutable: nothing is
// written beside it) and runs the full PRAGMA integrity_check; a damaged
// file is ErrCorrupt. It returns the file's schema version.
func VerifyFile(ctx context.Context, path string) (int, error) {
	if _, err := os.Stat(path); err != nil {
		return 0, fmt.Errorf("verify %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", dsn(path, true, true))
	if err != nil {
		return 0, fmt.Errorf("verify %s: %w", path, err)
	}
	defer db.Close()
	if err := integrity(ctx, db, "integrity_check(20)"); err != nil {
		return 0, fmt.Errorf("verify %s: %w", path, err)
	}
	var v int
	if err := db.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&v); err != nil {
		return 0, fmt.Errorf("verify %s: not a Care Inbox database: %w", path, classify(err))
	}
	return v, nil
}

// FileHandle is a handle as stored in a database file (a backup's).
type FileHandle struct {
	ID          int64
	Network     string
	DisplayName string
	ClientName  string
}

// HandlesInFile lists the handles stored in a database file, opened
// read-only: what a restore will bring back, before it is applied.
func HandlesInFile(ctx context.Context, path string) ([]FileHandle, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read handles of %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", dsn(path, true, true))
	if err != nil {
		return nil, fmt.Errorf("read handles of %s: %w", path, err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT h.id, h.network, h.display_name, c.name FROM handles h
		JOIN clients c ON c.id = h.client_id ORDER BY h.id`)
	if err != nil {
		return nil, fmt.Errorf("read handles of %s: %w", path, classify(err))
	}
	defer rows.Close()
	var out []FileHandle
	for rows.Next() {
		var h FileHandle
		if err := rows.Scan(&h.ID, &h.Network, &h.DisplayName, &h.ClientName); err != nil {
			return nil, fmt.Errorf("scan handle: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// BackupSettings is the scheduled backup's setting (migration 0017).
type BackupSettings struct {
	Daily  bool
	Keep   int
	LastAt time.Time // the last scheduled backup (zero: none yet)
}

// BackupSettings reads the scheduled backup's settings.
func (s *Store) BackupSettings(ctx context.Context) (BackupSettings, error) {
	var b BackupSettings
	var last int64
	err := s.r.QueryRowContext(ctx, "SELECT daily, keep, last_at FROM backup_settings WHERE id = 1").Scan(&b.Daily, &b.Keep, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return BackupSettings{Daily: true, Keep: 7}, nil
	}
	if err != nil {
		return b, fmt.Errorf("read backup settings: %w", err)
	}
	b.LastAt = fromMS(last)
	return b, nil
}

// SaveBackupSettings changes whether a daily backup runs and how many are kept.
func (s *Store) SaveBackupSettings(ctx context.Context, daily bool, keep int) error {
	if keep < 1 || keep > 365 {
		return fmt.Errorf("keep %d backups: it must be between 1 and 365", keep)
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO backup_settings(id, daily, keep) VALUES (1, ?, ?)
		ON CONFLICT(id) DO UPDATE SET daily = excluded.daily, keep = excluded.keep`, daily, keep)
	if err != nil {
		return fmt.Errorf("save backup settings: %w", classify(err))
	}
	return nil
}

// MarkScheduledBackup records when the last scheduled backup was made.
func (s *Store) MarkScheduledBackup(ctx context.Context, at time.Time) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO backup_settings(id, last_at) VALUES (1, ?)
		ON CONFLICT(id) DO UPDATE SET last_at = excluded.last_at`, ms(at))
	if err != nil {
		return fmt.Errorf("record backup time: %w", classify(err))
	}
	return nil
}

// LatestSchemaVersion is the newest migration this build knows: a backup
// from a newer build cannot be restored by this one.
func LatestSchemaVersion() (int, error) { return latestMigration() }
