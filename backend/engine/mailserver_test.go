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

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"careinbox/backend/connector"
	"careinbox/backend/connector/email"
	"careinbox/backend/inbox"
	"careinbox/backend/secrets"
	"careinbox/backend/store"
)

// TestMailServerEndToEnd runs the real engine against real dovecot + postfix
// (scripts/test-mail.sh starts them): a customer's mail shows up in the
// inbox within seconds, and a reply written in the app arrives threaded in
// the customer's mailbox.
func TestMailServerEndToEnd(t *testing.T) {
	env := func(k string) string {
		v := os.Getenv(k)
		if v == "" {
			t.Skip("CAREINBOX_MAIL_* not set: run scripts/test-mail.sh")
		}
		return v
	}
	imapAddr, smtpAddr := env("CAREINBOX_MAIL_IMAP"), env("CAREINBOX_MAIL_SMTP")
	support, supportPass := env("CAREINBOX_MAIL_SUPPORT"), env("CAREINBOX_MAIL_SUPPORT_PASS")
	customer, customerPass := env("CAREINBOX_MAIL_CUSTOMER"), env("CAREINBOX_MAIL_CUSTOMER_PASS")
	ih, ip, _ := net.SplitHostPort(imapAddr)
	sh, sp, _ := net.SplitHostPort(smtpAddr)
	settings := func(user string) map[string]string {
		return map[string]string{"imap_host": ih, "imap_port": ip, "imap_security": "none",
			"smtp_host": sh, "smtp_port": sp, "smtp_security": "none", "username": user}
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
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
	if err := st.SetHandleSettings(ctx, h.ID, settings(support)); err != nil {
		t.Fatal(err)
	}
	sec := secrets.NewMemory()
	if err := SaveSecrets(ctx, sec, h.ID, map[string]string{"password": supportPass}); err != nil {
		t.Fatal(err)
	}
	reg := connector.Registry{inbox.NetworkEmail: func(cfg connector.Config) (connector.Connector, error) { return email.New(cfg) }}
	eng := New(Config{Store: st, Secrets: sec, Registry: reg, Idle: 500 * time.Millisecond})
	done := make(chan error, 1)
	go func() { done <- eng.Run(ctx) }()
	defer func() { cancel(); <-done }()

	// Let the first sync finish so the mail below is news, then send it.
	until(t, 20*time.Second, "first sync", func() bool {
		hh, _ := st.Handle(ctx, h.ID)
		return hh.SyncState == inbox.SyncOK
	})
	subject := fmt.Sprintf("Order %d never arrived", time.Now().UnixNano()%100000)
	msgID := fmt.Sprintf("<engine-e2e-%d@customer.test>", time.Now().UnixNano())
	raw := "From: Ana Customer <" + customer + ">\r\nTo: " + support + "\r\nSubject: " + subject +
		"\r\nMessage-ID: " + msgID + "\r\nDate: " + time.Now().Format(time.RFC1123Z) +
		"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello, my parcel is late. Can you check?\r\n"
	sc, err := smtp.Dial(smtpAddr)
	if err != nil {
		t.Fatal(err)
	}
	if err := sc.Auth(sasl.NewPlainClient("", customer, customerPass)); err != nil {
		t.Fatal(err)
	}
	sent := time.Now()
	if err := sc.SendMail(customer, []string{support}, strings.NewReader(raw)); err != nil {
		t.Fatal(err)
	}
	_ = sc.Quit()

	var conv inbox.ConversationSummary
	until(t, 15*time.Second, "customer mail in the inbox", func() bool {
		page, _ := st.Conversations(ctx, inbox.ConversationFilter{}, 0, 50)
		for _, it := range page.Items {
			if it.Subject == subject {
				conv = it
				return true
			}
		}
		return false
	})
	t.Logf("mail visible in the inbox %s after submission", time.Since(sent).Round(time.Millisecond))
	if conv.Kind != inbox.KindEmail || conv.AwaitingSince.IsZero() || !strings.Contains(conv.LastExcerpt, "parcel is late") {
		t.Errorf("conversation = %+v", conv)
	}

	reply, err := st.QueueReply(ctx, conv.ID, "Sorry Ana, it ships today with tracking.", "private", "Sam", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	eng.Wake()
	until(t, 15*time.Second, "reply sent", func() bool {
		d, _ := st.Conversation(ctx, conv.ID)
		for _, m := range d.Messages {
			if m.ID == reply.ID {
				return m.Delivery == inbox.DeliverySent
			}
		}
		return false
	})

	// The customer's own mailbox, read with the same connector, has the
	// reply threaded under the original message.
	cust, err := email.New(connector.Config{Settings: settings(customer), Secrets: map[string]string{"password": customerPass}})
	if err != nil {
		t.Fatal(err)
	}
	rootID := strings.Trim(msgID, "<>") // the connector keys messages by bare Message-ID
	var threaded bool
	until(t, 15*time.Second, "reply threaded in the customer's inbox", func() bool {
		page, err := cust.Fetch(ctx, cust.Streams()[0], "")
		if err != nil {
			return false
		}
		for _, cv := range page.Conversations {
			for _, m := range cv.Messages {
				if strings.Contains(m.Text, "it ships today") {
					threaded = m.ReplyToRemoteID == rootID && cv.RemoteID == rootID && strings.HasSuffix(cv.Subject, subject)
					if !threaded {
						t.Logf("reply found: conversation %q subject %q in-reply-to %q", cv.RemoteID, cv.Subject, m.ReplyToRemoteID)
					}
					return true
				}
			}
		}
		return false
	})
	if !threaded {
		t.Error("the reply arrived but not in the original thread")
	}
}

func until(t *testing.T, d time.Duration, what string, f func() bool) {
	t.Helper()
	for end := time.Now().Add(d); !f(); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("%s: not within %s", what, d)
		}
	}
}
