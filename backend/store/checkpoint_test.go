package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"careinbox/backend/inbox"
)

// Commits are copied from the WAL into the database file by the
// checkpointer, not by the writer (checkpoint.go): after a few small
// commits, far below the writer's own auto-checkpoint, the database file
// alone (its WAL left behind) holds them.
func TestCheckpointerCopiesCommitsIntoTheFile(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	var auto int
	if err := s.w.QueryRowContext(ctx, "PRAGMA wal_autocheckpoint").Scan(&auto); err != nil || auto != writerAutoCheckpoint {
		t.Fatalf("writer's wal_autocheckpoint = %d, %v; want the backstop %d", auto, err, writerAutoCheckpoint)
	}
	h := fixture(t, s, inbox.NetworkMastodon)
	runs := s.ckpt.runs.Load()
	for i := range 3 {
		cust := customer(string(rune('a' + i)))
		if _, err := s.Ingest(ctx, h.ID, []IncomingConversation{thread("t"+string(rune('a'+i)), cust, in("m"+string(rune('a'+i)), cust, "hello", 0))}, nil); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for s.ckpt.runs.Load() == runs {
		if time.Now().After(deadline) {
			t.Fatal("no checkpoint ran after the commits")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// The file alone, without its WAL: what was checkpointed.
	b, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	only := filepath.Join(t.TempDir(), "file-only.db")
	if err := os.WriteFile(only, b, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+only+"?mode=ro&immutable=1")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM messages").Scan(&n); err != nil || n != 3 {
		t.Fatalf("messages in the database file = %d, %v; want the 3 committed", n, err)
	}
}

// Close stops the checkpointer (a kick after Close must not panic or hang).
func TestCheckpointerStopsOnClose(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	c := s.ckpt
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-c.done:
	default:
		t.Fatal("checkpointer still running after Close")
	}
	c.committed()
}
