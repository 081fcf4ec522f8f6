// Package store keeps Care Inbox's data in one SQLite file (modernc.org/sqlite).
//
// There is one writer connection, so writes are serialised in Go rather than
// fighting over SQLite's lock, and a separate pool of read-only connections so
// the UI reads while a sync writes (WAL). Every change is announced to an
// events.Publisher with ids only, after its transaction commits.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"careinbox/backend/events"
	"careinbox/backend/sentiment"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// ErrNotFound is returned when a requested row does not exist.
var ErrNotFound = errors.New("not found")

// Store is an open Care Inbox database.
type Store struct {
	path string
	w    *sql.DB // the single writer
	r    *sql.DB // readers

	pub      events.Publisher // told of every committed change, ids only
	readOnly bool             // a copy opened to read only (ReadOnly)
	// analyzer scores customers' messages; its lexicon loads on first use.
	analyzer func() *sentiment.Analyzer
	// stmts are Ingest's statements, prepared on the writer once.
	stmts stmtCache
	// ckpt copies the WAL into the database file off the writer
	// (checkpoint.go); nil for a read-only copy.
	ckpt *checkpointer
}

// Option configures Open.
type Option func(*Store)

// WithPublisher announces every committed change to p (the app's event bus).
// Without it changes are announced to no one, which suits headless commands.
func WithPublisher(p events.Publisher) Option {
	return func(s *Store) { s.pub = p }
}

// dsn builds a modernc DSN whose pragmas are applied to every new connection.
// A read-only copy (a backup, a folder on read-only media) is opened
// immutable: SQLite then takes no locks and writes no -wal or -shm file.
func dsn(path string, readOnly, copyOnly bool) string {
	q := url.Values{}
	pragmas := []string{"journal_mode(WAL)", "busy_timeout(5000)", "foreign_keys(1)", "synchronous(NORMAL)"}
	if copyOnly {
		pragmas = []string{"busy_timeout(5000)", "foreign_keys(1)"}
		q.Set("mode", "ro")
		q.Set("immutable", "1")
	}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	if readOnly || copyOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		// The writer keeps statement journals in memory: a page's one INSERT
		// of every message (Ingest) journals more than the 64 KiB SQLite
		// keeps in memory by default, and spilling it to a temporary file
		// wrote more than the page itself.
		q.Add("_pragma", "temp_store(2)")
		q.Add("_pragma", fmt.Sprintf("wal_autocheckpoint(%d)", writerAutoCheckpoint)) // a backstop: see checkpoint.go
	}
	q.Set("_txlock", "immediate")
	return "file:" + filepath.ToSlash(path) + "?" + q.Encode()
}

// Open opens (creating if needed) the database at path and applies pending migrations.
func Open(ctx context.Context, path string, opts ...Option) (*Store, error) {
	s := &Store{path: path, pub: events.Discard{}, analyzer: sync.OnceValue(sentiment.New)}
	for _, o := range opts {
		o(s)
	}
	if s.readOnly {
		return s.openCopy(ctx)
	}
	// Customers' messages are private to the user: create the file 0600
	// before SQLite does (it would use 0644); SQLite gives the -wal and -shm
	// files the database file's mode.
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil && !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("create database %s: %w", path, err)
		}
		if f != nil {
			f.Close()
		}
	}
	w, err := sql.Open("sqlite", dsn(path, false, false))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	s.w = w
	if err := s.migrate(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, classify(err))
	}
	r, err := sql.Open("sqlite", dsn(path, true, false))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open database readers %s: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	s.r = r
	if s.ckpt, err = startCheckpointer(path); err != nil {
		r.Close()
		w.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return s, nil
}

// openCopy opens an existing database to read only: nothing is migrated,
// created or written, and every write fails with ErrReadOnly.
func (s *Store) openCopy(ctx context.Context) (*Store, error) {
	if _, err := os.Stat(s.path); err != nil {
		return nil, fmt.Errorf("open read-only copy: %w", err)
	}
	db, err := sql.Open("sqlite", dsn(s.path, true, true))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", s.path, err)
	}
	db.SetMaxOpenConns(4)
	s.w, s.r = db, db
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open read-only copy %s: %w", s.path, classify(err))
	}
	if latest, err := latestMigration(); err == nil && v < latest {
		db.Close()
		return nil, fmt.Errorf("open read-only copy %s: it was written by an older Care Inbox (schema %d of %d): open it once where it can be updated", s.path, v, latest)
	}
	return s, nil
}

// ReadOnly opens an existing database without changing it (a backup, a copy
// on read-only media), for reading and searching only.
func ReadOnly() Option { return func(s *Store) { s.readOnly = true } }

// IsReadOnly reports whether the store was opened read-only.
func (s *Store) IsReadOnly() bool { return s.readOnly }

// Close releases the database.
func (s *Store) Close() error {
	s.stmts.close()
	if s.r == s.w {
		return s.r.Close()
	}
	return errors.Join(s.ckpt.close(), s.r.Close(), s.w.Close())
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Pragmas reads back the writer's connection settings, so tests can prove
// the DSN took effect and benchmarks can give their floors the same.
func (s *Store) Pragmas(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	for _, name := range []string{"journal_mode", "foreign_keys", "busy_timeout", "synchronous", "temp_store", "wal_autocheckpoint", "cache_size"} {
		var v string
		if err := s.w.QueryRowContext(ctx, "PRAGMA "+name).Scan(&v); err != nil {
			return nil, fmt.Errorf("read pragma %s: %w", name, err)
		}
		out[name] = v
	}
	return out, nil
}

// Check runs SQLite's quick integrity check over the whole file. It reads
// every page (seconds on a large archive), so it runs in the background after
// start, never on the way to the first screen. A damaged file is ErrCorrupt.
//
// It runs on a connection of its own, closed when it ends: the check fills a
// connection's page cache with pages no query wants and allocates ~12 MB of
// its own on a 1 M-message archive, which a pooled reader would keep for the
// life of the app (the allocator under the driver releases a region only
// once every allocation in it is freed).
func (s *Store) Check(ctx context.Context) error {
	db := s.r
	if !s.readOnly {
		var err error
		if db, err = sql.Open("sqlite", dsn(s.path, true, false)); err != nil {
			return classify(fmt.Errorf("integrity check: %w", err))
		}
		defer db.Close()
		db.SetMaxOpenConns(1)
	}
	if err := integrity(ctx, db, "quick_check(20)"); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	return nil
}

// integrity runs an integrity pragma (quick_check or integrity_check) on db;
// a damaged file is ErrCorrupt, naming what the pragma found.
func integrity(ctx context.Context, db *sql.DB, pragma string) error {
	rows, err := db.QueryContext(ctx, "PRAGMA "+pragma)
	if err != nil {
		return classify(err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return classify(err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return classify(err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s", ErrCorrupt, strings.Join(problems, "; "))
	}
	return nil
}

// SchemaVersion is the highest applied migration.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.r.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}

func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	type mig struct {
		version int
		name    string
	}
	var migs []mig
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return fmt.Errorf("migration %s: name must start with a number and '_'", e.Name())
		}
		migs = append(migs, mig{v, e.Name()})
	}
	sort.Slice(migs, func(i, j int) bool { return migs[i].version < migs[j].version })
	// Every migration not yet applied runs, in order, even one numbered
	// below the highest applied: branches that each add one land in any
	// order on a developer's database, and none may be skipped.
	applied := map[int]bool{}
	rows, err := s.w.QueryContext(ctx, "SELECT version FROM schema_migrations")
	if err != nil {
		return fmt.Errorf("read schema versions: %w", err)
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return fmt.Errorf("read schema versions: %w", err)
		}
		applied[v] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read schema versions: %w", err)
	}
	for _, m := range migs {
		if applied[m.version] {
			continue
		}
		body, err := migrationFS.ReadFile("migrations/" + m.name)
		if err != nil {
			return fmt.Errorf("read migration %s: %w", m.name, err)
		}
		err = s.tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)",
				m.version, time.Now().UnixMilli())
			return err
		})
		if err != nil {
			return fmt.Errorf("apply migration %s: %w", m.name, err)
		}
	}
	return nil
}

// latestMigration is the highest migration this build knows.
func latestMigration() (int, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return 0, err
	}
	latest := 0
	for _, e := range entries {
		num, _, _ := strings.Cut(e.Name(), "_")
		if v, err := strconv.Atoi(num); err == nil && v > latest {
			latest = v
		}
	}
	return latest, nil
}

// tx runs fn in a write transaction. A full disk or a damaged file is
// marked (ErrDiskFull, ErrCorrupt) so callers can say so in plain words.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return classify(fmt.Errorf("begin: %w", err))
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return classify(err)
	}
	if err := tx.Commit(); err != nil {
		return classify(fmt.Errorf("commit: %w", err))
	}
	s.ckpt.committed()
	return nil
}

// publish announces ds once their transaction has committed.
func (s *Store) publish(ds ...events.Delta) { s.pub.Publish(ds...) }

// SetMeta stores a small key/value setting.
func (s *Store) SetMeta(ctx context.Context, key, value string) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES (?, ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("set meta %s: %w", key, err)
	}
	return nil
}

// Meta reads a key/value setting; missing keys read as "".
func (s *Store) Meta(ctx context.Context, key string) (string, error) {
	var v string
	err := s.r.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read meta %s: %w", key, err)
	}
	return v, nil
}

func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

// DB is the writer connection, for tests and maintenance commands only.
func (s *Store) DB() *sql.DB { return s.w }
