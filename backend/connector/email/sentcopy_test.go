package email

import (
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-smtp"

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

// TestReplyInterruptedSubmission: a refusal proves the mail is not out (the
// copy goes, a retry sends); a connection lost after the final dot may have
// delivered it, so Reply and FindSent ask the user instead.
func TestReplyInterruptedSubmission(t *testing.T) {
	tests := []struct {
		name      string
		onData    func(conn net.Conn, msg []byte) error
		kind      connector.Kind
		uncertain bool
		delivered int
	}{
		{"refused at the final dot", func(net.Conn, []byte) error {
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"}
		}, connector.Temporary, false, 0},
		{"connection lost before the answer", func(c net.Conn, msg []byte) error {
			c.Close() // the server keeps the mail; the client never hears 250
			return nil
		}, connector.Permanent, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMemMail(t)
			c := m.connector(t, nil)
			r := connector.Reply{IdempotencyKey: "k2", Kind: inbox.KindEmail, Subject: "Hi", Text: "Hello",
				Customer: inbox.Participant{Network: inbox.NetworkEmail, RemoteID: customerA}}
			m.mu.Lock()
			m.onData = tt.onData
			m.mu.Unlock()
			_, err := c.Reply(ctxT(t), r)
			if kind(err) != tt.kind || strings.Contains(fmt.Sprint(err), "check before retrying") != tt.uncertain {
				t.Fatalf("Reply: %v (kind %v)", err, kind(err))
			}
			if n := m.sent(); n != tt.delivered {
				t.Errorf("server has %d mails", n)
			}
			_, found, err := c.FindSent(ctxT(t), r)
			if found || (err != nil) != tt.uncertain {
				t.Errorf("FindSent: found=%v err=%v", found, err)
			}
			if n := liveCopies(t, m.imapAddr, c.replyMessageID("k2")); n != tt.delivered {
				t.Errorf("Sent holds %d live copies, want %d", n, tt.delivered)
			}
		})
	}
}

// TestReplyConfiguredSentMailbox: a configured mailbox that does not exist
// yet is created before the reply is filed there and sent.
func TestReplyConfiguredSentMailbox(t *testing.T) {
	m := newMemMail(t)
	r := connector.Reply{IdempotencyKey: "k3", Kind: inbox.KindEmail, Subject: "Hi", Text: "Hello",
		Customer: inbox.Participant{Network: inbox.NetworkEmail, RemoteID: customerA}}
	c := m.connector(t, map[string]string{"sent_mailbox": "Replies"})
	if _, err := c.Reply(ctxT(t), r); err != nil {
		t.Fatal(err)
	}
	if _, found, err := c.FindSent(ctxT(t), r); !found || err != nil {
		t.Fatalf("FindSent in the created mailbox: %v %v", found, err)
	}
	if n := len(readMailbox(t, m.imapAddr, supportAddr, supportPass, "Replies")); n != 1 || m.sent() != 1 {
		t.Errorf("Replies holds %d, server sent %d", n, m.sent())
	}
}
