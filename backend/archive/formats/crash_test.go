package formats_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"careinbox/backend/archive"
	"careinbox/backend/archive/formats"
	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

const (
	envCrashDB     = "CAREINBOX_IMPORT_CRASH_DB"
	envCrashHandle = "CAREINBOX_IMPORT_CRASH_HANDLE"
	envCrashFile   = "CAREINBOX_IMPORT_CRASH_FILE"
)

// killInBatch is the child's store: the third batch's transaction has
// written its rows when the process is killed, before the commit.
type killInBatch struct {
	*store.Store
	calls int
}

func (k *killInBatch) IngestImport(ctx context.Context, importID, handleID int64, convs []store.IncomingConversation, units int64, counts string) (store.IngestResult, error) {
	k.calls++
	if k.calls < 3 {
		return k.Store.IngestImport(ctx, importID, handleID, convs, units, counts)
	}
	return k.Store.Ingest(ctx, handleID, convs, func(*sql.Tx) error {
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {} // SIGKILL cannot be caught
	})
}

// TestImportCrashChild is the importing process TestImportKilledMidBatch
// kills; it runs only when started by it.
func TestImportCrashChild(t *testing.T) {
	db := os.Getenv(envCrashDB)
	if db == "" {
		t.Skip("run by TestImportKilledMidBatch")
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	handleID, _ := strconv.ParseInt(os.Getenv(envCrashHandle), 10, 64)
	r := &archive.Runner{Store: &killInBatch{Store: st}, Open: formats.Open, BatchMessages: 10}
	_, err = r.Import(context.Background(), archive.Request{Path: os.Getenv(envCrashFile), HandleID: handleID}, nil)
	t.Fatalf("the import ended (%v) instead of being killed", err)
}

// TestImportKilledMidBatch kills an import (SIGKILL) inside its third
// batch's transaction, then checks the database holds exactly the two
// committed batches and a resumable import, and that running it again
// resumes and ends with every mail once.
func TestImportKilledMidBatch(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	mbox := filepath.Join(dir, "big.mbox")
	var b strings.Builder
	for i := range 50 {
		fmt.Fprintf(&b, "From c%d@example.org Mon Jan  8 10:00:00 2024\nMessage-ID: <m%d@example.org>\nFrom: c%d@example.org\nTo: help@bakery.example\nSubject: order %d\nDate: Mon, 08 Jan 2024 10:%02d:00 +0000\n\nMail number %d\n\n", i, i, i, i, i, i)
	}
	if err := os.WriteFile(mbox, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	dbPath := filepath.Join(dir, "inbox.db")
	s, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	h := handleFor(t, s, fixture{network: inbox.NetworkEmail, handle: inbox.Handle{DisplayName: "help@", RemoteAccountID: "help@bakery.example"},
		settings: map[string]string{"username": "help@bakery.example"}})
	s.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestImportCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envCrashDB+"="+dbPath, fmt.Sprintf("%s=%d", envCrashHandle, h.ID), envCrashFile+"="+mbox)
	out, err := cmd.CombinedOutput()
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("the child was not killed (%v):\n%s", err, out)
	}

	s, err = store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var check string
	if err := s.DB().QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	if st := snapshot(t, s, h.ID); st.messages != 20 || st.conversations != 20 {
		t.Fatalf("after the kill: %d conversations, %d messages; want the two committed batches (20)", st.conversations, st.messages)
	}
	recs, err := s.Imports(ctx, h.ID)
	if err != nil || len(recs) != 1 || recs[0].State != store.ImportRunning || recs[0].Units != 20 {
		t.Fatalf("imports = %+v, %v; want one running at unit 20", recs, err)
	}
	sum, err := (&archive.Runner{Store: s, Open: formats.Open, BatchMessages: 10}).Import(ctx, archive.Request{Path: mbox, HandleID: h.ID}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !sum.Resumed || sum.Messages != 50 || sum.Conversations != 50 {
		t.Errorf("resumed import: %+v resumed=%v; want 50 read in all", sum.Counts, sum.Resumed)
	}
	if st := snapshot(t, s, h.ID); st.messages != 50 {
		t.Errorf("%d messages after the resume, want 50", st.messages)
	}
}
