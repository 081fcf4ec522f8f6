package store

import (
	"errors"
	"fmt"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Conditions a caller can act on, whatever database sits behind the store.
var (
	// ErrDiskFull: the disk (or the database's size limit) is full; nothing
	// was written, and the same write succeeds once there is room.
	ErrDiskFull = errors.New("the disk is full")
	// ErrCorrupt: the database file is damaged.
	ErrCorrupt = errors.New("the database file is damaged")
	// ErrReadOnly: the store is a read-only copy (or its file cannot be
	// written); it can be read and searched, not changed.
	ErrReadOnly = errors.New("this copy of the workspace is read-only")
	// ErrCannotOpen: SQLite could not open the file (or its journal beside it).
	ErrCannotOpen = errors.New("the database file cannot be opened")
)

// Classify marks err with ErrDiskFull, ErrCorrupt or ErrReadOnly when the
// database caused it, for callers holding an error from any store method.
func Classify(err error) error { return classify(err) }

// classify marks SQLite's result codes with the conditions above, keeping
// the original error in the chain for the log.
func classify(err error) error {
	var se *sqlite.Error
	if err == nil || !errors.As(err, &se) {
		return err
	}
	switch se.Code() & 0xff { // the primary code; extended codes add bits above
	case sqlite3.SQLITE_FULL:
		return fmt.Errorf("%w: %w", ErrDiskFull, err)
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return fmt.Errorf("%w: %w", ErrCorrupt, err)
	case sqlite3.SQLITE_READONLY:
		return fmt.Errorf("%w: %w", ErrReadOnly, err)
	case sqlite3.SQLITE_CANTOPEN:
		// Usually a folder where SQLite may not create its -wal/-shm files.
		return fmt.Errorf("%w: %w", ErrCannotOpen, err)
	}
	return err
}
