package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"careinbox/backend/inbox"
)

// The database holds customers' messages: only the user may read it.
func TestDatabaseFilesArePrivate(t *testing.T) {
	s := openTest(t)
	fixture(t, s, inbox.NetworkMastodon) // a write, so the WAL exists
	for _, p := range []string{s.Path(), s.Path() + "-wal"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if mode := fi.Mode().Perm(); mode&0o077 != 0 {
			t.Errorf("%s has mode %o, want no access for group or others", filepath.Base(p), mode)
		}
	}
}

// A full disk is said as such, loses nothing already stored, and the same
// page commits once there is room.
func TestDiskFullIsNamed(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	h := fixture(t, s, inbox.NetworkMastodon)
	if err := s.EnsureStreams(ctx, h.ID, []string{"mentions"}); err != nil {
		t.Fatal(err)
	}
	var pages int
	if err := s.w.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	// SQLite answers a write past max_page_count exactly as a full disk.
	if _, err := s.w.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", pages)); err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("my parcel never arrived ", 4000)
	page := []IncomingConversation{thread("t1", customer("a"), in("m1", customer("a"), big, 0))}
	_, err := s.CommitPage(ctx, h.ID, "mentions", "c1", page, nil, t0, t0)
	if !errors.Is(err, ErrDiskFull) {
		t.Fatalf("CommitPage on a full disk = %v, want ErrDiskFull", err)
	}
	if st, _ := s.Stream(ctx, h.ID, "mentions"); st.Cursor != "" {
		t.Errorf("cursor moved to %q though the page was not saved", st.Cursor)
	}
	if _, err := s.w.ExecContext(ctx, "PRAGMA max_page_count = 1073741823"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CommitPage(ctx, h.ID, "mentions", "c1", page, nil, t0, t0); err != nil {
		t.Fatalf("CommitPage with room again = %v", err)
	}
}

func TestCheckFindsDamage(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	h := fixture(t, s, inbox.NetworkMastodon)
	var convs []IncomingConversation
	for i := range 300 {
		id := fmt.Sprint(i)
		convs = append(convs, thread("t"+id, customer("c"+id), in("m"+id, customer("c"+id), strings.Repeat("where is my order "+id+" ", 20), 0)))
	}
	if _, err := s.Ingest(ctx, h.ID, convs, nil); err != nil {
		t.Fatal(err)
	}
	// The check reads every page: on a connection of its own, closed after,
	// so no pooled reader keeps what it cached and allocated. With every
	// pooled reader held, a check on one would wait for the pool and time out.
	var held []*sql.Conn
	for range s.r.Stats().MaxOpenConnections {
		c, err := s.r.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
	}
	before := s.r.Stats().OpenConnections
	checkCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	if err := s.Check(checkCtx); err != nil {
		t.Fatalf("Check on a sound file, every pooled reader held = %v", err)
	}
	cancel()
	if after := s.r.Stats().OpenConnections; after != before {
		t.Errorf("readers open after Check = %d, before %d: the check ran on a pooled reader", after, before)
	}
	for _, c := range held {
		c.Close()
	}
	if _, err := s.w.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// Scribble over a page in the middle of the file, as a failing disk would.
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := f.Stat()
	page := int64(4096)
	junk := bytes.Repeat([]byte{0xA5}, int(page))
	if _, err := f.WriteAt(junk, (fi.Size()/page/2)*page); err != nil {
		t.Fatal(err)
	}
	f.Close()
	s, err = Open(ctx, path)
	if err != nil {
		if !errors.Is(err, ErrCorrupt) {
			t.Fatalf("Open of a damaged file = %v, want ErrCorrupt", err)
		}
		t.Log("the damage already stopped Open")
		return
	}
	defer s.Close()
	if err := s.Check(ctx); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Check on a damaged file = %v, want ErrCorrupt", err)
	}
}
