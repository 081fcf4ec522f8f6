package email

import (
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

// TestSentCopyStates: the flags of a Sent copy filed before the submission
// decide FindSent's answer and whether Reply sends.
func TestSentCopyStates(t *testing.T) {
	tests := []struct {
		name      string
		flags     []imap.Flag // of a copy already in Sent; nil = none there
		found     bool
		uncertain bool // FindSent asks the user to check
		sends     bool // Reply submits over SMTP
	}{
		{"no copy", nil, false, false, true},
		{"filed, never submitted", []imap.Flag{imap.FlagSeen, imap.FlagDraft, keywordUnsent}, false, false, true},
		{"submission interrupted", []imap.Flag{imap.FlagSeen, imap.FlagDraft}, false, true, true},
		{"confirmed", []imap.Flag{imap.FlagSeen}, true, false, false},
		{"filed by another client", []imap.Flag{}, true, false, false},
		{"deleted", []imap.Flag{imap.FlagDeleted, imap.FlagSeen}, false, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMemMail(t)
			c := m.connector(t, nil)
			r := connector.Reply{IdempotencyKey: "k1", Kind: inbox.KindEmail, Subject: "Hi", Text: "Hello",
				Customer: inbox.Participant{Network: inbox.NetworkEmail, RemoteID: customerA}}
			id := c.replyMessageID(r.IdempotencyKey)
			if tt.flags != nil {
				appendRaw(t, m.imapAddr, "Sent", tt.flags, "From: "+supportAddr+"\r\nTo: "+customerA+
					"\r\nMessage-ID: <"+id+">\r\nSubject: Re: Hi\r\n\r\nHello\r\n")
			}
			_, found, err := c.FindSent(ctxT(t), r)
			if found != tt.found || (err != nil) != tt.uncertain {
				t.Fatalf("FindSent: found=%v err=%v", found, err)
			}
			if tt.uncertain && (kind(err) != connector.Permanent || !strings.Contains(err.Error(), "check before retrying")) {
				t.Errorf("uncertain copy: %v", err)
			}
			// The outbox calls Reply only when it decided to send; a
			// confirmed copy still stops it.
			if _, err := c.Reply(ctxT(t), r); err != nil {
				t.Fatal(err)
			}
			if got := m.sent() == 1; got != tt.sends {
				t.Errorf("Reply sent %d mails", m.sent())
			}
			// Afterwards Sent holds exactly one live copy, marked sent.
			if s, found, err := c.FindSent(ctxT(t), r); err != nil || !found || s.RemoteID != id {
				t.Errorf("after Reply: %+v %v %v", s, found, err)
			}
			if n := liveCopies(t, m.imapAddr, id); n != 1 {
				t.Errorf("Sent holds %d live copies", n)
			}
		})
	}
}

func appendRaw(t *testing.T, addr, box string, flags []imap.Flag, raw string) {
	t.Helper()
	cl := loginSupport(t, addr)
	cmd := cl.Append(box, int64(len(raw)), &imap.AppendOptions{Flags: flags})
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

func liveCopies(t *testing.T, addr, id string) int {
	t.Helper()
	cl := loginSupport(t, addr)
	if _, err := cl.Select("Sent", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	copies, err := sentCopies(cl, id)
	if err != nil {
		t.Fatal(err)
	}
	return len(copies)
}

func loginSupport(t *testing.T, addr string) *imapclient.Client {
	t.Helper()
	cl, err := imapclient.DialInsecure(addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cl.Close() })
	if err := cl.Login(supportAddr, supportPass).Wait(); err != nil {
		t.Fatal(err)
	}
	return cl
}
