//go:build mailserver

package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"io"
	"net"
	"os"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

// TestMailServerBounce: a reply the mail system accepts and later returns
// (real postfix relays it to the customer's mail server, which refuses the
// address; postfix writes a delivery status notification to our support
// address, which it delivers into the mailbox dovecot serves) shows as not delivered with postfix's words,
// the conversation waits for an answer again, and the report itself is not
// a customer conversation.
func TestMailServerBounce(t *testing.T) {
	env := mailEnv(t)
	mx := os.Getenv("CAREINBOX_MAIL_REMOTE_MX")
	if mx == "" {
		t.Skip("CAREINBOX_MAIL_REMOTE_MX not set: run scripts/test-mail.sh")
	}
	refused := refuseRecipients(t, mx)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "bounce.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cl, _ := st.CreateClient(ctx, inbox.Client{Name: "Shop"})
	h, err := st.CreateHandle(ctx, inbox.Handle{ClientID: cl.ID, Network: inbox.NetworkEmail, RemoteAccountID: env["SUPPORT"], DisplayName: "Shop Support"})
	if err != nil {
		t.Fatal(err)
	}
	ih, ip, _ := strings.Cut(env["IMAP"], ":")
	sh, sp, _ := strings.Cut(env["SMTP"], ":")
	if err := st.SetHandleSettings(ctx, h.ID, map[string]string{"imap_host": ih, "imap_port": ip, "imap_security": "none",
		"smtp_host": sh, "smtp_port": sp, "smtp_security": "none", "username": env["SUPPORT"]}); err != nil {
		t.Fatal(err)
	}
	eng, err := mailEngine(st, h.ID, env["SUPPORT_PASS"])
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.SyncOnce(ctx, 0); err != nil {
		t.Fatal(err)
	}

	// A customer writes from an address whose domain cannot be reached.
	token := fmt.Sprintf("bounce-%d", time.Now().UnixNano())
	gone := "gone-" + token + "@elsewhere.test"
	raw := "From: Gone Customer <" + gone + ">\r\nTo: " + env["SUPPORT"] + "\r\nSubject: Parcel " + token +
		"\r\nMessage-ID: <" + token + "@elsewhere.test>\r\nDate: " + time.Now().Format(time.RFC1123Z) +
		"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nWhere is my parcel?\r\n"
	sc, err := smtp.Dial(env["SMTP"])
	if err != nil {
		t.Fatal(err)
	}
	if err := sc.Auth(sasl.NewPlainClient("", env["CUSTOMER"], env["CUSTOMER_PASS"])); err != nil {
		t.Fatal(err)
	}
	if err := sc.SendMail(gone, []string{env["SUPPORT"]}, strings.NewReader(raw)); err != nil {
		t.Fatal(err)
	}
	_ = sc.Quit()
	var conv inbox.ConversationSummary
	until(t, 30*time.Second, "the customer's mail synced", func() bool {
		_ = eng.SyncOnce(ctx, 0)
		page, _ := st.Conversations(ctx, inbox.ConversationFilter{}, 0, 100)
		for _, it := range page.Items {
			if strings.Contains(it.Subject, token) {
				conv = it
				return true
			}
		}
		return false
	})
	asked := conv.AwaitingSince
	reply, err := st.QueueReply(ctx, conv.ID, "Your parcel ships today. "+token, "private", "Sam", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	eng.sendDueWait(ctx)
	if d, e := deliveryOf(t, st, conv.ID, reply.ID); d != inbox.DeliverySent {
		t.Fatalf("reply %s (%s); postfix should accept it for later delivery", d, e)
	}
	if d, _ := st.Conversation(ctx, conv.ID); !d.Summary.AwaitingSince.IsZero() {
		t.Fatalf("answered conversation still waiting since %v", d.Summary.AwaitingSince)
	}

	// Postfix cannot deliver it and returns it; the next syncs read that.
	var why string
	until(t, 60*time.Second, "the returned reply marked", func() bool {
		_ = eng.SyncOnce(ctx, 0)
		var d inbox.Delivery
		d, why = deliveryOf(t, st, conv.ID, reply.ID)
		return d == inbox.DeliveryFailed
	})
	t.Logf("shown on the reply: %s", why)
	if !strings.Contains(why, gone) || !strings.Contains(why, "550 5.1.1") || !strings.Contains(why, "User unknown") {
		t.Errorf("reason %q does not name the address and postfix's words", why)
	}
	d, err := st.Conversation(ctx, conv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Summary.AwaitingSince.Equal(asked) || d.Summary.Status != inbox.StatusOpen {
		t.Errorf("conversation %s waiting since %v; want open, waiting since %v again", d.Summary.Status, d.Summary.AwaitingSince, asked)
	}
	page, err := st.Conversations(ctx, inbox.ConversationFilter{}, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range page.Items {
		if strings.Contains(strings.ToLower(it.Subject), "undelivered") || strings.Contains(strings.ToLower(it.CustomerUser+it.CustomerName), "mailer-daemon") {
			t.Errorf("the report became a conversation: %+v", it)
		}
	}

	// Retried, it is a new mail to the customer's server (not "already
	// sent" by the returned copy), and it comes back again.
	if got := refused.Load(); got != 1 {
		t.Fatalf("the customer's server was asked %d times before the retry; want once", got)
	}
	if err := st.RetrySend(ctx, reply.ID); err != nil {
		t.Fatal(err)
	}
	eng.sendDueWait(ctx)
	if d, e := deliveryOf(t, st, conv.ID, reply.ID); d != inbox.DeliverySent {
		t.Fatalf("retried reply %s (%s)", d, e)
	}
	until(t, 60*time.Second, "the retried reply returned too", func() bool {
		_ = eng.SyncOnce(ctx, 0)
		d, _ := deliveryOf(t, st, conv.ID, reply.ID)
		return d == inbox.DeliveryFailed
	})
	if got := refused.Load(); got != 2 {
		t.Errorf("the customer's server was asked %d times; want twice", got)
	}
}

// refuseRecipients runs the customer's mail server on addr for the test: it
// refuses every recipient as a real one refuses an unknown mailbox.
func refuseRecipients(t *testing.T, addr string) *atomic.Int32 {
	t.Helper()
	var n atomic.Int32
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("customer's mail server on %s: %v", addr, err)
	}
	srv := smtp.NewServer(refusingBackend{&n})
	srv.Domain = "mx.elsewhere.test"
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return &n
}

type refusingBackend struct{ n *atomic.Int32 }

func (b refusingBackend) NewSession(*smtp.Conn) (smtp.Session, error) { return refusingSession(b), nil }

type refusingSession struct{ n *atomic.Int32 }

func (refusingSession) Reset()                               {}
func (refusingSession) Logout() error                        { return nil }
func (refusingSession) Mail(string, *smtp.MailOptions) error { return nil }
func (refusingSession) Data(io.Reader) error                 { return nil }
func (s refusingSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.n.Add(1)
	return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1},
		Message: "<" + to + ">: Recipient address rejected: User unknown in virtual mailbox table"}
}
