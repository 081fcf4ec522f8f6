package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"careinbox/backend/inbox"
)

// A copy opened read-only reads and searches like the original, changes
// nothing (not even a -wal file), and refuses writes with ErrReadOnly.
func TestReadOnlyCopy(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "copy.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	h := fixture(t, s, inbox.NetworkMastodon)
	if _, err := s.Ingest(ctx, h.ID, []IncomingConversation{thread("t1", customer("a"), in("m1", customer("a"), "my parcel is late", 0))}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, f := range []string{path + "-wal", path + "-shm"} {
		os.Remove(f)
	}
	before, _ := os.ReadFile(path)

	ro, err := Open(ctx, path, ReadOnly())
	if err != nil {
		t.Fatal(err)
	}
	if !ro.IsReadOnly() {
		t.Error("IsReadOnly = false")
	}
	page, err := ro.Conversations(ctx, inbox.ConversationFilter{}, 0, 10)
	if err != nil || page.Total != 1 {
		t.Fatalf("read = %d conversations, %v", page.Total, err)
	}
	if hits, err := ro.Search(ctx, "parcel", 10); err != nil || len(hits) != 1 {
		t.Errorf("search = %d hits, %v", len(hits), err)
	}
	if err := ro.SetStatus(ctx, []int64{page.Items[0].ID}, inbox.StatusResolved, t0); !errors.Is(Classify(err), ErrReadOnly) {
		t.Errorf("write on a read-only copy = %v, want ErrReadOnly", err)
	}
	if _, err := ro.CreateClient(ctx, inbox.Client{Name: "x"}); !errors.Is(Classify(err), ErrReadOnly) {
		t.Errorf("CreateClient on a read-only copy = %v, want ErrReadOnly", err)
	}
	ro.Close()
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Error("the read-only copy changed on disk")
	}
	for _, f := range []string{path + "-wal", path + "-shm"} {
		if _, err := os.Stat(f); err == nil {
			t.Errorf("%s was created", filepath.Base(f))
		}
	}
	if _, err := Open(ctx, filepath.Join(dir, "missing.db"), ReadOnly()); err == nil {
		t.Error("a missing file opened read-only")
	}
}
