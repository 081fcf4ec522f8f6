//go:build mailserver

package engine

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"careinbox/backend/connector"
	"careinbox/backend/connector/email"
	"careinbox/backend/inbox"
	"careinbox/backend/secrets"
	"careinbox/backend/store"
)

// TestMailServerBackfill: a real dovecot folder holding more mail than one
// backfill page (and all of it older than live sync's 30-day window) is
// walked back to its first message by the engine's backfill, each mail
// stored once, with the folder's message count as the total; a second walk
// (a restart after it finished) adds nothing.
func TestMailServerBackfill(t *testing.T) {
	env := func(k string) string {
		v := os.Getenv(k)
		if v == "" {
			t.Skip("CAREINBOX_MAIL_* not set: run scripts/test-mail.sh")
		}
		return v
	}
	imapAddr, support, supportPass := env("CAREINBOX_MAIL_IMAP"), env("CAREINBOX_MAIL_SUPPORT"), env("CAREINBOX_MAIL_SUPPORT_PASS")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	// A folder of its own, filled over IMAP: 40 to 169 days old.
	const n = 130
	folder := fmt.Sprintf("Backfill%d", time.Now().UnixNano())
	cl, err := imapclient.DialInsecure(imapAddr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	if err := cl.Login(support, supportPass).Wait(); err != nil {
		t.Fatal(err)
	}
	if err := cl.Create(folder, nil).Wait(); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		at := time.Now().AddDate(0, 0, -40-i)
		raw := fmt.Sprintf("From: Customer %d <c%d@customer.test>\r\nTo: %s\r\nSubject: Old question %d\r\n"+
			"Message-ID: <%s-%d@customer.test>\r\nDate: %s\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello from the past, %d.\r\n",
			i, i, support, i, folder, i, at.Format(time.RFC1123Z), i)
		cmd := cl.Append(folder, int64(len(raw)), &imap.AppendOptions{Time: at})
		if _, err := cmd.Write([]byte(raw)); err != nil {
			t.Fatal(err)
		}
		if err := cmd.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := cmd.Wait(); err != nil {
			t.Fatal(err)
		}
	}

	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "mail.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, _ := st.CreateClient(ctx, inbox.Client{Name: "Shop"})
	h, err := st.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: inbox.NetworkEmail, RemoteAccountID: support, DisplayName: "Shop Support"})
	if err != nil {
		t.Fatal(err)
	}
	ih, ip, _ := net.SplitHostPort(imapAddr)
	if err := st.SetHandleSettings(ctx, h.ID, map[string]string{"imap_host": ih, "imap_port": ip, "imap_security": "none",
		"username": support, "mailbox": folder}); err != nil {
		t.Fatal(err)
	}
	sec := secrets.NewMemory()
	if err := SaveSecrets(ctx, sec, h.ID, map[string]string{"password": supportPass}); err != nil {
		t.Fatal(err)
	}
	reg := connector.Registry{inbox.NetworkEmail: func(cfg connector.Config) (connector.Connector, error) { return email.New(cfg) }}
	eng := New(Config{Store: st, Secrets: sec, Registry: reg})
	if err := eng.SyncOnce(ctx, h.ID); err != nil {
		t.Fatal(err)
	}
	if got := countPrefix(t, st, folder); got != 0 {
		t.Fatalf("live sync's first window took %d mails older than 30 days", got)
	}
	for pass := range 2 {
		if pass == 1 {
			if err := st.StartBackfill(ctx, h.ID, []string{folder}, time.Time{}, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		if err := eng.BackfillOnce(ctx, h.ID); err != nil {
			t.Fatal(err)
		}
		if got := countPrefix(t, st, folder); got != n {
			t.Errorf("pass %d: %d mails of the folder stored, want %d", pass+1, got, n)
		}
	}
	b, err := st.Backfills(ctx, h.ID)
	if err != nil || len(b) != 1 {
		t.Fatal(b, err)
	}
	if b[0].State != store.BackfillDone || b[0].Messages != n || b[0].Total != n {
		t.Errorf("backfill row %+v, want done with %d messages of %d", b[0], n, n)
	}
	if oldest := time.Since(b[0].OldestAt); oldest < 168*24*time.Hour {
		t.Errorf("oldest reached %v, want the mail 169 days old", b[0].OldestAt)
	}
}

// countPrefix counts stored messages whose Message-ID begins with prefix,
// each remote id once (the store's key makes a second copy impossible; the
// count of rows is what the user sees).
func countPrefix(t *testing.T, st *store.Store, prefix string) int {
	t.Helper()
	var n int
	if err := st.DB().QueryRow("SELECT COUNT(*) FROM messages WHERE remote_id LIKE ?", strings.ToLower(prefix)+"-%").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
