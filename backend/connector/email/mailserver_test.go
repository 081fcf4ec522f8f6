//go:build mailserver

// This test needs a real mail system; scripts/test-mail.sh starts private
// dovecot + postfix instances on loopback, sets the CAREINBOX_MAIL_* variables
// and runs it with -tags mailserver.

package email

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

type realMail struct {
	imapAddr, smtpAddr     string
	support, supportPass   string
	customer, customerPass string
}

func realMailEnv(t *testing.T) realMail {
	r := realMail{
		imapAddr: os.Getenv("CAREINBOX_MAIL_IMAP"), smtpAddr: os.Getenv("CAREINBOX_MAIL_SMTP"),
		support: os.Getenv("CAREINBOX_MAIL_SUPPORT"), supportPass: os.Getenv("CAREINBOX_MAIL_SUPPORT_PASS"),
		customer: os.Getenv("CAREINBOX_MAIL_CUSTOMER"), customerPass: os.Getenv("CAREINBOX_MAIL_CUSTOMER_PASS"),
	}
	if r.imapAddr == "" || r.smtpAddr == "" || r.support == "" || r.customer == "" {
		t.Fatal("CAREINBOX_MAIL_* not set: run scripts/test-mail.sh")
	}
	return r
}

// submit sends a mail as the customer through postfix (authenticated
// submission), the way a customer's mail program would.
func (r realMail) submit(t *testing.T, raw string) {
	t.Helper()
	raw = strings.ReplaceAll(strings.ReplaceAll(raw, "\r\n", "\n"), "\n", "\r\n")
	c, err := smtp.Dial(r.smtpAddr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Auth(sasl.NewPlainClient("", r.customer, r.customerPass)); err != nil {
		t.Fatalf("customer SMTP AUTH: %v", err)
	}
	if err := c.SendMail(r.customer, []string{r.support}, strings.NewReader(raw)); err != nil {
		t.Fatalf("customer submission: %v", err)
	}
	_ = c.Quit()
}

func (r realMail) connector(t *testing.T) *Connector {
	ih, ip, _ := net.SplitHostPort(r.imapAddr)
	sh, sp, _ := net.SplitHostPort(r.smtpAddr)
	c, err := New(connector.Config{
		Settings: map[string]string{
			"imap_host": ih, "imap_port": ip, "imap_security": "none",
			"smtp_host": sh, "smtp_port": sp, "smtp_security": "none",
			"username": r.support, "from_name": "Shop Support",
		},
		Secrets: map[string]string{"password": r.supportPass},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// until polls f for up to d.
func until(t *testing.T, d time.Duration, what string, f func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !f() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, d)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestMailServer(t *testing.T) {
	r := realMailEnv(t)
	c := r.connector(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	acct, err := c.Verify(ctx)
	if err != nil {
		t.Fatalf("verify against dovecot + postfix: %v", err)
	}
	t.Logf("verify: %+v", acct)
	if !slices.ContainsFunc(acct.Notes, func(n string) bool { return strings.Contains(n, `filed in "Sent"`) }) {
		t.Errorf("dovecot's \\Sent mailbox not detected: %v", acct.Notes)
	}
	bad := r.connector(t)
	bad.password = "wrong"
	if _, err := bad.Verify(ctx); kind(err) != connector.AuthNeeded {
		t.Errorf("wrong password against dovecot: %v", err)
	}

	first, err := c.Fetch(ctx, "INBOX", "")
	if err != nil {
		t.Fatal(err)
	}
	cur := first.Cursor
	if !strings.Contains(cur, "ms=") {
		t.Errorf("dovecot offers CONDSTORE but the cursor has no HIGHESTMODSEQ: %s", cur)
	}

	// 1. A customer mail sent to the real server shows up within seconds,
	// announced by IDLE.
	woke := make(chan error, 1)
	go func() { woke <- c.Wait(ctx) }()
	time.Sleep(300 * time.Millisecond)
	origID := fmt.Sprintf("order-%d@customer.test", time.Now().UnixNano())
	start := time.Now()
	r.submit(t, fmt.Sprintf(`From: Ann Example <%s>
To: Shop Support <%s>
Subject: Where is my order?
Date: %s
Message-ID: <%s>
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Hello, order 1234 has not arrived. Gr=C3=BC=C3=9Fe, Ann
`, r.customer, r.support, time.Now().Format(time.RFC1123Z), origID))
	select {
	case err := <-woke:
		if err != nil {
			t.Fatalf("IDLE wait: %v", err)
		}
		t.Logf("IDLE woke %s after submission", time.Since(start).Round(time.Millisecond))
	case <-time.After(10 * time.Second):
		t.Fatal("IDLE did not announce the new mail within 10s")
	}
	var conv connector.Conversation
	until(t, 10*time.Second, "customer mail in Fetch", func() bool {
		p, err := c.Fetch(ctx, "INBOX", cur)
		if err != nil {
			t.Fatal(err)
		}
		cur = p.Cursor
		for _, cv := range p.Conversations {
			if cv.RemoteID == origID {
				conv = cv
				return true
			}
		}
		return false
	})
	t.Logf("mail visible through Fetch %s after submission", time.Since(start).Round(time.Millisecond))
	m := conv.Messages[0]
	if conv.Customer.RemoteID != r.customer || conv.Subject != "Where is my order?" || m.Direction != inbox.Inbound ||
		m.Text != "Hello, order 1234 has not arrived. Grüße, Ann" || m.Read {
		t.Errorf("conversation %+v", conv)
	}

	// 2. A reply goes out threaded, lands in the customer's mailbox and in
	// the support account's Sent, and is found by its idempotency key.
	reply := connector.Reply{
		IdempotencyKey: fmt.Sprintf("outbox-%d", time.Now().UnixNano()), ConversationRemoteID: conv.RemoteID,
		Kind: inbox.KindEmail, InReplyTo: m.RemoteID, Customer: conv.Customer, Subject: conv.Subject,
		Text: "Hi Ann, it left our warehouse today.\nShop Support",
	}
	if _, found, err := c.FindSent(ctx, reply); err != nil || found {
		t.Fatalf("FindSent before sending: %v %v", found, err)
	}
	sent, err := c.Reply(ctx, reply)
	if err != nil {
		t.Fatalf("reply via postfix: %v", err)
	}
	var got parsed
	until(t, 10*time.Second, "reply in the customer's INBOX", func() bool {
		for _, raw := range readMailbox(t, r.imapAddr, r.customer, r.customerPass, "INBOX") {
			if p, _ := parseMessage(raw); p.MessageID == sent.RemoteID {
				got = p
				return true
			}
		}
		return false
	})
	if got.InReplyTo != origID || strings.Join(got.References, " ") != origID ||
		got.Subject != "Re: Where is my order?" || got.Text != reply.Text || got.From.Address != r.support {
		t.Errorf("reply as the customer sees it: %+v", got)
	}
	if n := countMessageID(readMailbox(t, r.imapAddr, r.support, r.supportPass, "Sent"), sent.RemoteID); n != 1 {
		t.Errorf("support Sent holds %d copies of the reply", n)
	}
	found, ok, err := c.FindSent(ctx, reply)
	if err != nil || !ok || found.RemoteID != sent.RemoteID {
		t.Fatalf("FindSent after sending: %+v %v %v", found, ok, err)
	}
	// The outbox retrying the same reply must not mail the customer twice.
	if _, err := c.Reply(ctx, reply); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	if n := countMessageID(readMailbox(t, r.imapAddr, r.customer, r.customerPass, "INBOX"), sent.RemoteID); n != 1 {
		t.Errorf("customer received the reply %d times", n)
	}

	// 3. The customer answers our reply: it joins the same conversation.
	answerID := fmt.Sprintf("answer-%d@customer.test", time.Now().UnixNano())
	r.submit(t, fmt.Sprintf("From: %s\nTo: %s\nSubject: Re: Where is my order?\nMessage-ID: <%s>\nIn-Reply-To: <%s>\nReferences: <%s> <%s>\nDate: %s\n\nGreat, thanks!\n\nOn Mon, Shop Support wrote:\n> it left our warehouse today.\n",
		r.customer, r.support, answerID, sent.RemoteID, origID, sent.RemoteID, time.Now().Format(time.RFC1123Z)))
	until(t, 10*time.Second, "customer's answer threaded", func() bool {
		p, err := c.Fetch(ctx, "INBOX", cur)
		if err != nil {
			t.Fatal(err)
		}
		cur = p.Cursor
		for _, cv := range p.Conversations {
			for _, msg := range cv.Messages {
				if msg.RemoteID == answerID {
					if cv.RemoteID != origID || msg.ReplyToRemoteID != sent.RemoteID || msg.Text != "Great, thanks!" {
						t.Errorf("answer not threaded: conv %s msg %+v", cv.RemoteID, msg)
					}
					return true
				}
			}
		}
		return false
	})

	// 4. CONDSTORE: reading the mail elsewhere re-sends it with Read=true.
	markSeen(t, r, origID)
	p, err := c.Fetch(ctx, "INBOX", cur)
	if err != nil {
		t.Fatal(err)
	}
	var read bool
	for _, cv := range p.Conversations {
		for _, msg := range cv.Messages {
			read = read || msg.RemoteID == origID && msg.Read
		}
	}
	if !read {
		t.Errorf("flag change not picked up through CONDSTORE: %+v", p)
	}
}

func countMessageID(raws [][]byte, id string) int {
	n := 0
	for _, raw := range raws {
		if bytes.Contains(raw, []byte("<"+id+">")) {
			if p, _ := parseMessage(raw); p.MessageID == id {
				n++
			}
		}
	}
	return n
}

// markSeen flags a message as read, as another mail program would.
func markSeen(t *testing.T, r realMail, id string) {
	cl, err := imapclient.DialInsecure(r.imapAddr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	if err := cl.Login(r.support, r.supportPass).Wait(); err != nil {
		t.Fatal(err)
	}
	if _, err := cl.Select("INBOX", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	data, err := cl.UIDSearch(&imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: "Message-ID", Value: id}}}, nil).Wait()
	if err != nil || len(data.AllUIDs()) != 1 {
		t.Fatalf("find %s: %v %v", id, data, err)
	}
	if err := cl.Store(imap.UIDSetNum(data.AllUIDs()...), &imap.StoreFlags{Op: imap.StoreFlagsAdd, Flags: []imap.Flag{imap.FlagSeen}}, nil).Close(); err != nil {
		t.Fatal(err)
	}
}
