package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Checkpoints off the writer. SQLite's default copies the WAL into the
// database file inside the commit that takes it past 1 000 pages: the
// writer, which is what ingest and imports wait on, did that copying and its
// fsyncs itself (a sync page of 100 messages dirties ~150 pages of indexes
// on the 1 M archive, so every seventh commit copied ~1 000 pages; the
// engine's ingest bench spent ~0.4 s of its 1.6 s in commits, ~0.13 s
// without these checkpoints). Instead a checkpointer on a connection of its own
// runs a PASSIVE checkpoint (it never blocks the writer or the readers, and
// copies only frames no reader still needs) shortly after commits, at most
// every checkpointEvery, on whichever core is free; pages a burst of commits
// rewrote are copied once. The writer's own auto-checkpoint stays as a
// backstop (writerAutoCheckpoint pages, 16 MiB of WAL) should the
// checkpointer fall behind.
const (
	checkpointEvery      = 200 * time.Millisecond
	writerAutoCheckpoint = 4000
)

// checkpointer runs PASSIVE checkpoints on its own connection when kicked.
type checkpointer struct {
	db   *sql.DB
	kick chan struct{}
	stop chan struct{}
	done chan struct{}
	once sync.Once
	runs atomic.Int64 // checkpoints run (tests)
}

func startCheckpointer(path string) (*checkpointer, error) {
	db, err := sql.Open("sqlite", dsn(path, false, false))
	if err != nil {
		return nil, fmt.Errorf("open checkpointer: %w", err)
	}
	db.SetMaxOpenConns(1)
	c := &checkpointer{db: db, kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go c.loop()
	return c, nil
}

// committed tells the checkpointer a transaction committed; it never blocks.
func (c *checkpointer) committed() {
	if c == nil {
		return
	}
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

func (c *checkpointer) loop() {
	defer close(c.done)
	for {
		select {
		case <-c.stop:
			return
		case <-c.kick:
		}
		// Let the burst go on a little: one checkpoint copies what all
		// its commits wrote.
		select {
		case <-c.stop:
			return
		case <-time.After(checkpointEvery):
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		// A failure (the file gone, a full disk) is the next commit's to
		// report; the writer's backstop checkpoints meanwhile.
		_, _ = c.db.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)")
		cancel()
		c.runs.Add(1)
	}
}

func (c *checkpointer) close() error {
	if c == nil {
		return nil
	}
	c.once.Do(func() { close(c.stop) })
	<-c.done
	return c.db.Close()
}
