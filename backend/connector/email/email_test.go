package email

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"careinbox/backend/connector"
	"careinbox/backend/connector/connectortest"
	"careinbox/backend/inbox"
)

func TestConformance(t *testing.T) {
	connectortest.Run(t, func(t *testing.T) (connector.Connector, connectortest.Double) {
		m := newMemMail(t)
		m.seed()
		c := m.connector(t, nil)
		c.pageSize = 2 // exercise More=true paging on the seeded mailbox
		return c, m
	})
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// drainPages fetches until More is false and returns all conversations.
func drainPages(t *testing.T, c *Connector, cur string) ([]connector.Conversation, string) {
	t.Helper()
	var all []connector.Conversation
	for i := 0; i < 50; i++ {
		p, err := c.Fetch(ctxT(t), c.mailbox, cur)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, p.Conversations...)
		cur = p.Cursor
		if !p.More {
			return all, cur
		}
	}
	t.Fatal("no end of pages")
	return nil, ""
}

func TestFetchThreadsAndText(t *testing.T) {
	m := newMemMail(t)
	m.seed()
	c := m.connector(t, nil)
	convs, _ := drainPages(t, c, "")
	byID := map[string]connector.Conversation{}
	for _, cv := range convs {
		byID[cv.RemoteID] = cv
	}
	order, ok := byID["order-1@customer.test"]
	if !ok || len(order.Messages) != 2 {
		t.Fatalf("order thread: %+v", convs)
	}
	if order.Subject != "Where is my order?" || order.Kind != inbox.KindEmail {
		t.Errorf("subject/kind %q %q", order.Subject, order.Kind)
	}
	if order.Customer.RemoteID != customerA || order.Customer.DisplayName != "Ann Example" || order.Customer.Network != inbox.NetworkEmail {
		t.Errorf("customer %+v", order.Customer)
	}
	reply := order.Messages[1]
	if reply.RemoteID != "order-3@customer.test" || reply.ReplyToRemoteID != "careinbox.r1@shop.test" || reply.Direction != inbox.Inbound {
		t.Errorf("reply %+v", reply)
	}
	if reply.Text != "Thanks, it just arrived!" {
		t.Errorf("quoted history not stripped: %q", reply.Text)
	}
	bob := byID["bob-1@customer.test"]
	if bob.Subject != "Rückgabe" {
		t.Errorf("encoded subject %q", bob.Subject)
	}
	if got := bob.Messages[0].Text; got != "Hi there & thanks,\n\nI want to return two items.\nBob" {
		t.Errorf("html text %q", got)
	}
	var synthetic bool
	for id, cv := range byID {
		if strings.HasSuffix(id, "@no-message-id.invalid") {
			synthetic = cv.Messages[0].Text == "Parcel delivered."
		}
	}
	if !synthetic {
		t.Error("mail without Message-ID did not get a synthetic id")
	}
}

func TestOutboundDirectionAndCustomer(t *testing.T) {
	m := newMemMail(t)
	m.deliver(supportAddr, "INBOX", `From: Shop Support <SUPPORT@shop.test>
To: Ann <ann@customer.test>
Subject: Your order
Date: Mon, 23 Nov 2026 10:00:00 +0000
Message-ID: <ours-1@shop.test>

We shipped it.
`)
	convs, _ := drainPages(t, m.connector(t, nil), "")
	if len(convs) != 1 || convs[0].Messages[0].Direction != inbox.Outbound || convs[0].Customer.RemoteID != customerA {
		t.Fatalf("outbound mail: %+v", convs)
	}
}

func TestUIDValidityChangeRestarts(t *testing.T) {
	m := newMemMail(t)
	m.seed()
	c := m.connector(t, nil)
	_, cur := drainPages(t, c, "")
	// Re-creating the mailbox gives it a new UIDVALIDITY, as a server
	// migration would.
	u := m.users[supportAddr]
	if err := u.Delete("INBOX"); err != nil {
		t.Fatal(err)
	}
	if err := u.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	m.AddInbound(1)
	convs, next := drainPages(t, c, cur)
	if len(convs) != 1 || convs[0].Messages[0].RemoteID != "added-1@customer.test" {
		t.Fatalf("after UIDVALIDITY change got %+v", convs)
	}
	old, _ := parseCursor(cur)
	now, _ := parseCursor(next)
	if old.UIDValidity == now.UIDValidity {
		t.Errorf("cursor kept UIDVALIDITY %d", old.UIDValidity)
	}
}

func TestBackfillWindow(t *testing.T) {
	m := newMemMail(t)
	m.seed()
	c := m.connector(t, nil)
	c.backfillMax = 2
	convs, cur := drainPages(t, c, "")
	n := 0
	for _, cv := range convs {
		n += len(cv.Messages)
	}
	if n != 2 {
		t.Fatalf("backfill of at most 2 gave %d messages", n)
	}
	// Older mail never trickles in later; new mail does.
	m.AddInbound(1)
	convs, _ = drainPages(t, c, cur)
	if len(convs) != 1 || convs[0].Messages[0].RemoteID != "added-1@customer.test" {
		t.Fatalf("incremental after bounded backfill: %+v", convs)
	}
}

func TestEmptyMailboxCursor(t *testing.T) {
	m := newMemMail(t)
	c := m.connector(t, nil)
	p, err := c.Fetch(ctxT(t), "INBOX", "")
	if err != nil || len(p.Conversations) != 0 || p.More {
		t.Fatalf("empty mailbox: %+v %v", p, err)
	}
	m.AddInbound(1)
	convs, _ := drainPages(t, c, p.Cursor)
	if len(convs) != 1 {
		t.Fatalf("got %d conversations", len(convs))
	}
}

func TestReplyThreadedSentAndFound(t *testing.T) {
	m := newMemMail(t)
	c := m.connector(t, nil)
	r := connector.Reply{
		IdempotencyKey:       "outbox-42",
		ConversationRemoteID: "order-1@customer.test",
		Kind:                 inbox.KindEmail,
		InReplyTo:            "order-3@customer.test",
		References:           []string{"order-1@customer.test", "careinbox.r1@shop.test"},
		Customer:             inbox.Participant{Network: inbox.NetworkEmail, RemoteID: customerA, DisplayName: "Ann Example"},
		Subject:              "Where is my order?",
		Text:                 "Glad to hear it – enjoy!\nThe Shop",
	}
	if _, found, err := c.FindSent(ctxT(t), r); err != nil || found {
		t.Fatalf("before sending: found=%v err=%v", found, err)
	}
	s, err := c.Reply(ctxT(t), r)
	if err != nil {
		t.Fatal(err)
	}
	if s.RemoteID != "careinbox.outbox-42@shop.test" || s.SentAt.IsZero() {
		t.Errorf("sent %+v", s)
	}
	// The customer's copy, read back over IMAP as the customer.
	got := readMailbox(t, m.imapAddr, customerA, testPass, "INBOX")
	if len(got) != 1 {
		t.Fatalf("customer has %d mails", len(got))
	}
	p, err := parseMessage(got[0])
	if err != nil {
		t.Fatal(err)
	}
	if p.MessageID != s.RemoteID || p.InReplyTo != "order-3@customer.test" ||
		strings.Join(p.References, " ") != "order-1@customer.test careinbox.r1@shop.test order-3@customer.test" ||
		p.Subject != "Re: Where is my order?" || p.Text != "Glad to hear it – enjoy!\nThe Shop" ||
		p.From.Address != supportAddr || p.From.Name != "Shop Support" {
		t.Errorf("customer copy: %+v", p)
	}
	if sent := readMailbox(t, m.imapAddr, supportAddr, supportPass, "Sent"); len(sent) != 1 {
		t.Errorf("support Sent has %d mails", len(sent))
	}
	f, found, err := c.FindSent(ctxT(t), r)
	if err != nil || !found || f.RemoteID != s.RemoteID {
		t.Fatalf("FindSent: %+v %v %v", f, found, err)
	}
	// A retry of the same reply (the outbox lost our answer) sends nothing.
	if _, err := c.Reply(ctxT(t), r); err != nil {
		t.Fatal(err)
	}
	if m.sent() != 1 {
		t.Errorf("SMTP accepted %d messages, want 1", m.sent())
	}
}

func TestReplyRejectedPasswordIsAuthNeeded(t *testing.T) {
	m := newMemMail(t)
	c := m.connector(t, nil)
	c.password = "wrong"
	_, err := c.Verify(ctxT(t))
	ce, ok := connector.Classify(err)
	if !ok || ce.Kind != connector.AuthNeeded || !strings.Contains(ce.Message, "app password") {
		t.Fatalf("got %v", err)
	}
}

func TestVerify(t *testing.T) {
	m := newMemMail(t)
	acct, err := m.connector(t, nil).Verify(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if acct.RemoteID != supportAddr || acct.DisplayName != "Shop Support" || len(acct.Notes) == 0 {
		t.Errorf("account %+v", acct)
	}
	if _, err := m.connector(t, map[string]string{"mailbox": "Nope"}).Verify(ctxT(t)); err == nil {
		t.Error("missing mailbox verified")
	} else if ce, _ := connector.Classify(err); ce.Kind != connector.Permanent {
		t.Errorf("missing mailbox: %v", err)
	}
}

func TestWaitWakesOnNewMail(t *testing.T) {
	m := newMemMail(t)
	c := m.connector(t, nil)
	// After a fetch, mail that arrives at any moment wakes the wait: before
	// IDLE starts (seen at SELECT) or during it (announced). No sleep decides.
	drainPages(t, c, "")
	done := make(chan error, 1)
	go func() { done <- c.Wait(ctxT(t)) }()
	time.Sleep(300 * time.Millisecond) // usually into IDLE; either way is correct
	m.AddInbound(1)
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("IDLE did not wake on new mail")
	}
	drainPages(t, c, "")
	ctx, cancel := context.WithCancel(context.Background())
	go func() { done <- c.Wait(ctx) }()
	time.Sleep(200 * time.Millisecond) // cancelled while connecting or in IDLE: both must return at once
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled wait: %v", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("cancelled Wait did not return")
	}
}

// TestWaitSeesMailFromBeforeIdle: mail that arrived after the last Fetch
// but before IDLE started announces nothing; Wait must still return at
// once instead of waiting for the next mail (it once waited for good).
func TestWaitSeesMailFromBeforeIdle(t *testing.T) {
	m := newMemMail(t)
	c := m.connector(t, nil)
	drainPages(t, c, "")
	m.AddInbound(1) // between the fetch and the next Wait
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.Wait(ctx); err != nil {
		t.Fatalf("Wait: %v (the mail that came before IDLE was not seen)", err)
	}
	// Nothing new since a fetch: Wait waits.
	drainPages(t, c, "")
	short, cancel2 := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel2()
	if err := c.Wait(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Wait with nothing new: %v", err)
	}
}

func TestConnectionRefusedIsTemporary(t *testing.T) {
	c, err := New(connector.Config{
		Settings: map[string]string{"imap_host": "127.0.0.1", "imap_port": "1", "imap_security": "none", "username": "x@y.test"},
		Secrets:  map[string]string{"password": "p"},
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Fetch(ctxT(t), "INBOX", "")
	if ce, _ := connector.Classify(err); ce == nil || ce.Kind != connector.Temporary || !strings.Contains(ce.Message, "refused") {
		t.Fatalf("got %v", err)
	}
}

func TestTLSToPlainPortIsPermanent(t *testing.T) {
	m := newMemMail(t)
	host, port, _ := strings.Cut(m.imapAddr, ":")
	c, err := New(connector.Config{
		Settings: map[string]string{"imap_host": host, "imap_port": port, "imap_security": "tls", "username": supportAddr},
		Secrets:  map[string]string{"password": supportPass},
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Fetch(ctxT(t), "INBOX", "")
	if ce, _ := connector.Classify(err); ce == nil || ce.Kind != connector.Permanent {
		t.Fatalf("got %v", err)
	}
}

// readMailbox returns the raw messages of a mailbox.
func readMailbox(t *testing.T, addr, user, pass, box string) [][]byte {
	t.Helper()
	cl, err := imapclient.DialInsecure(addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	if err := cl.Login(user, pass).Wait(); err != nil {
		t.Fatal(err)
	}
	sel, err := cl.Select(box, nil).Wait()
	if err != nil {
		t.Fatal(err)
	}
	if sel.NumMessages == 0 {
		return nil
	}
	bufs, err := cl.Fetch(imap.SeqSet{imap.SeqRange{Start: 1, Stop: 0}}, &imap.FetchOptions{BodySection: []*imap.FetchItemBodySection{{Peek: true}}}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, b := range bufs {
		out = append(out, b.BodySection[0].Bytes)
	}
	return out
}
