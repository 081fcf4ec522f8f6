package engine

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

const crashTotal, crashPerConv = 600, 4

// crashNet is the network both the killed process and its successor see.
func crashNet(dir string) *fakeNet {
	return &fakeNet{total: crashTotal, perConv: crashPerConv, pageSize: 10, delay: 3 * time.Millisecond,
		sentLog: filepath.Join(dir, "network-sent.log")}
}

// TestCrashChild is the process that gets killed; it only runs when the
// crash test starts it.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv("CAREINBOX_CRASH_DIR")
	if dir == "" {
		t.Skip("run by TestSIGKILLMidSyncLosesNothing")
	}
	r := newRig(t, filepath.Join(dir, "crash.db"), crashNet(dir))
	r.eng.cfg.PagesPerRun = 1
	_ = r.eng.Run(context.Background()) // runs until killed
}

// TestSIGKILLMidSyncLosesNothing kills a syncing, sending process with
// SIGKILL and restarts: nothing synced is lost or duplicated and no reply
// goes out twice.
func TestSIGKILLMidSyncLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	dir := t.TempDir()
	ctx := context.Background()
	// Before the crash: some history and five queued replies.
	pre := newRig(t, filepath.Join(dir, "crash.db"), &fakeNet{total: 20, perConv: crashPerConv, pageSize: 10})
	if err := pre.eng.SyncOnce(ctx, 0); err != nil {
		t.Fatal(err)
	}
	page, _ := pre.st.Conversations(ctx, inbox.ConversationFilter{}, 0, 5)
	for _, c := range page.Items {
		if _, err := pre.st.QueueReply(ctx, c.ID, "We're on it", "private", "Sam", base.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	pre.st.Close()

	watch, err := store.Open(ctx, filepath.Join(dir, "crash.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer watch.Close()
	stored := func() int {
		var n int
		_ = watch.DB().QueryRow("SELECT COUNT(*) FROM messages").Scan(&n)
		return n
	}
	for round := 0; round < 3; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "CAREINBOX_CRASH_DIR="+dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill once the child is visibly syncing, wherever it is.
		start, deadline := stored(), time.Now().Add(30*time.Second)
		for stored() < start+40+30*round && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()
		if m := stored(); m <= start || m >= crashTotal+5 {
			t.Fatalf("round %d: kill did not land mid-sync (%d → %d messages)", round, start, m)
		} else {
			t.Logf("round %d: killed with %d of %d messages synced", round, m, crashTotal+5)
		}
	}

	post := newRig(t, filepath.Join(dir, "crash.db"), crashNet(dir))
	post.eng.reconcileSending(ctx)
	if err := post.eng.SyncOnce(ctx, 0); err != nil {
		t.Fatal(err)
	}
	post.eng.sendDueWait(ctx)
	convs, msgs := post.count(t)
	if convs != crashTotal/crashPerConv || msgs != crashTotal+5 {
		t.Errorf("after crashes: %d conversations / %d messages, want %d / %d", convs, msgs, crashTotal/crashPerConv, crashTotal+5)
	}
	var ids int
	if err := post.st.DB().QueryRow("SELECT COUNT(DISTINCT remote_id) FROM messages").Scan(&ids); err != nil || ids != msgs {
		t.Errorf("distinct message ids = %d, rows = %d (%v)", ids, msgs, err)
	}
	keys := crashNet(dir).sentKeys()
	seen := map[string]int{}
	for _, k := range keys {
		seen[k]++
	}
	if len(seen) != 5 {
		t.Errorf("network received %d distinct replies, want 5", len(seen))
	}
	for k, n := range seen {
		if n != 1 {
			t.Errorf("reply %s went out %d times", k, n)
		}
	}
	var unsent int
	if err := post.st.DB().QueryRow("SELECT COUNT(*) FROM outbox WHERE state <> 'sent'").Scan(&unsent); err != nil || unsent != 0 {
		t.Errorf("%d replies not marked sent (%v)", unsent, err)
	}
}
