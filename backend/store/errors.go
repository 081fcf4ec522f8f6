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
)

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
	}
	return err
}
