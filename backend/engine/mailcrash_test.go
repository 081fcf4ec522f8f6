//go:build mailserver

package engine

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"careinbox/backend/connector"
	"careinbox/backend/connector/email"
	"careinbox/backend/inbox"
	"careinbox/backend/secrets"
	"careinbox/backend/store"
)

// tapConn is one proxied connection; its flags follow the protocol far
// enough to recognise the moment a step names.
type tapConn struct {
	mu        sync.Mutex
	appended  bool // IMAP: this session filed a message
	inData    bool // SMTP: DATA was sent
	dataEnded bool // SMTP: the final dot was sent
}

// trigger decides, for each line before it is forwarded, whether the
// process under test dies now (the line is then never delivered).
type trigger func(c *tapConn, fromClient bool, line string) bool

// tap is a line-forwarding TCP proxy in front of the real dovecot or
// postfix. When its trigger fires it SIGKILLs the engine's process before
// forwarding the line: a crash at an exact protocol step, with nothing
// timed.
type tap struct {
	ln       net.Listener
	upstream string

	mu    sync.Mutex
	arm   trigger
	kill  func()
	fired chan string
}

func newTap(t *testing.T, upstream string) *tap {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tp := &tap{ln: ln, upstream: upstream}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go tp.serve(c)
		}
	}()
	return tp
}

func (tp *tap) port() string { return strconv.Itoa(tp.ln.Addr().(*net.TCPAddr).Port) }

// set arms the tap: at the first line f accepts, kill runs and the step's
// name is sent on fired.
func (tp *tap) set(f trigger, kill func(), fired chan string) {
	tp.mu.Lock()
	tp.arm, tp.kill, tp.fired = f, kill, fired
	tp.mu.Unlock()
}

func (tp *tap) serve(client net.Conn) {
	defer client.Close()
	server, err := net.Dial("tcp", tp.upstream)
	if err != nil {
		return
	}
	defer server.Close()
	st := &tapConn{}
	done := make(chan struct{}, 2)
	pipe := func(dst, src net.Conn, fromClient bool) {
		defer func() { done <- struct{}{} }()
		r := bufio.NewReader(src)
		for {
			line, err := r.ReadString('\n')
			if line != "" {
				if tp.check(st, fromClient, line) {
					client.Close()
					server.Close()
					return
				}
				if _, werr := io.WriteString(dst, line); werr != nil {
					return
				}
			}
			if err != nil {
				return
			}
		}
	}
	go pipe(server, client, true)
	go pipe(client, server, false)
	<-done
}

func (tp *tap) check(st *tapConn, fromClient bool, line string) bool {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	if tp.arm == nil {
		return false
	}
	st.mu.Lock()
	hit := tp.arm(st, fromClient, line)
	st.mu.Unlock()
	if !hit {
		return false
	}
	tp.fired <- strings.TrimSpace(line) // first, so the test never sees the exit alone
	tp.kill()
	tp.arm = nil
	return true
}

// imapWord is the command of an IMAP client line ("a12 APPEND ..." → APPEND).
func imapWord(line string) string {
	f := strings.Fields(line)
	if len(f) < 2 {
		return ""
	}
	if strings.EqualFold(f[1], "UID") && len(f) > 2 {
		return "UID " + strings.ToUpper(f[2])
	}
	return strings.ToUpper(f[1])
}

// trackIMAP / trackSMTP update a connection's protocol state.
func trackIMAP(c *tapConn, fromClient bool, line string) {
	if fromClient && imapWord(line) == "APPEND" {
		c.appended = true
	}
}

func trackSMTP(c *tapConn, fromClient bool, line string) {
	switch {
	case fromClient && strings.EqualFold(strings.TrimSpace(line), "DATA"):
		c.inData = true
	case fromClient && c.inData && line == ".\r\n":
		c.dataEnded = true
	}
}

// mailEnv reads the variables scripts/test-mail.sh sets.
func mailEnv(t *testing.T) map[string]string {
	out := map[string]string{}
	for _, k := range []string{"IMAP", "SMTP", "SUPPORT", "SUPPORT_PASS", "CUSTOMER", "CUSTOMER_PASS"} {
		v := os.Getenv("CAREINBOX_MAIL_" + k)
		if v == "" {
			t.Skip("CAREINBOX_MAIL_* not set: run scripts/test-mail.sh")
		}
		out[k] = v
	}
	return out
}

func mailEngine(st *store.Store, handleID int64, pass string) (*Engine, error) {
	sec := secrets.NewMemory()
	if err := SaveSecrets(context.Background(), sec, handleID, map[string]string{"password": pass}); err != nil {
		return nil, err
	}
	reg := connector.Registry{inbox.NetworkEmail: func(cfg connector.Config) (connector.Connector, error) { return email.New(cfg) }}
	return New(Config{Store: st, Secrets: sec, Registry: reg, Idle: 500 * time.Millisecond}), nil
}

// TestMailServerCrashChild is the engine process the crash test kills; it
// only runs when that test starts it.
func TestMailServerCrashChild(t *testing.T) {
	db := os.Getenv("CAREINBOX_MAILCRASH_DB")
	if db == "" {
		t.Skip("run by TestMailServerCrashMidSend")
	}
	handleID, _ := strconv.ParseInt(os.Getenv("CAREINBOX_MAILCRASH_HANDLE"), 10, 64)
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := mailEngine(st, handleID, os.Getenv("CAREINBOX_MAIL_SUPPORT_PASS"))
	if err != nil {
		t.Fatal(err)
	}
	_ = eng.Run(context.Background()) // runs until killed
	t.Fatal("the engine stopped before the crash")
}

// TestMailServerCrashMidSend kills the sending engine (SIGKILL) at each step
// of an e-mail reply against real dovecot + postfix, restarts it on the same
// database and checks the promise: the customer gets the reply exactly once,
// and a send whose outcome cannot be known is shown to the user as "check
// before retrying", never sent again on its own. The user's check is played
// by the test, which knows whether the server had the mail when the process
// died.
func TestMailServerCrashMidSend(t *testing.T) {
	env := mailEnv(t)
	imapTap, smtpTap := newTap(t, env["IMAP"]), newTap(t, env["SMTP"])
	steps := []struct {
		name     string
		imap     bool // which tap watches
		accepted bool // whether postfix has the mail when the process dies
		hit      func(c *tapConn, fromClient bool, line string) bool
	}{
		{"filing the Sent copy", true, false, func(c *tapConn, fromClient bool, line string) bool {
			return fromClient && imapWord(line) == "APPEND"
		}},
		{"before the request (MAIL FROM)", false, false, func(c *tapConn, fromClient bool, line string) bool {
			return fromClient && strings.HasPrefix(strings.ToUpper(line), "MAIL FROM:")
		}},
		{"starting DATA", false, false, func(c *tapConn, fromClient bool, line string) bool {
			return fromClient && strings.EqualFold(strings.TrimSpace(line), "DATA")
		}},
		{"after the server's 250", false, true, func(c *tapConn, fromClient bool, line string) bool {
			return !fromClient && c.dataEnded && strings.HasPrefix(line, "250")
		}},
		{"before the local commit", true, true, func(c *tapConn, fromClient bool, line string) bool {
			// The reply's IMAP session logs out once the server has the
			// mail and the copy; Reply returns and the outbox commits next.
			return fromClient && c.appended && imapWord(line) == "LOGOUT"
		}},
	}

	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	dbPath := filepath.Join(t.TempDir(), "crash.db")
	st, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	cl, _ := st.CreateClient(ctx, inbox.Client{Name: "Shop"})
	h, err := st.CreateHandle(ctx, inbox.Handle{ClientID: cl.ID, Network: inbox.NetworkEmail, RemoteAccountID: env["SUPPORT"], DisplayName: "Shop Support"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetHandleSettings(ctx, h.ID, map[string]string{
		"imap_host": "127.0.0.1", "imap_port": imapTap.port(), "imap_security": "none",
		"smtp_host": "127.0.0.1", "smtp_port": smtpTap.port(), "smtp_security": "none", "username": env["SUPPORT"]}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	run := fmt.Sprintf("%d", time.Now().UnixNano())
	for i, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			token := fmt.Sprintf("crash-%s-%d", run, i)
			// A customer writes; the engine syncs it in and a reply is queued.
			st, eng := openMailEngine(t, dbPath, h.ID, env["SUPPORT_PASS"])
			subject := "Parcel question " + token
			customerSends(t, env, subject, "<"+token+"@customer.test>")
			var convID int64
			until(t, 30*time.Second, "customer mail synced", func() bool {
				_ = eng.SyncOnce(ctx, 0)
				page, _ := st.Conversations(ctx, inbox.ConversationFilter{}, 0, 100)
				for _, it := range page.Items {
					if it.Subject == subject {
						convID = it.ID
						return true
					}
				}
				return false
			})
			reply, err := st.QueueReply(ctx, convID, "Your parcel ships today. ref "+token, "private", "Sam", time.Now())
			if err != nil {
				t.Fatal(err)
			}
			st.Close()

			// The engine process sends it and is killed at the step.
			cmd := exec.Command(os.Args[0], "-test.run=^TestMailServerCrashChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), "CAREINBOX_MAILCRASH_DB="+dbPath, fmt.Sprintf("CAREINBOX_MAILCRASH_HANDLE=%d", h.ID))
			var childOut bytes.Buffer // shown if the step is never reached
			cmd.Stdout, cmd.Stderr = &childOut, &childOut
			fired := make(chan string, 1)
			watch, track := smtpTap, trackSMTP
			if step.imap {
				watch, track = imapTap, trackIMAP
			}
			watch.set(func(c *tapConn, fromClient bool, line string) bool {
				if step.hit(c, fromClient, line) {
					return true
				}
				track(c, fromClient, line)
				return false
			}, func() { _ = cmd.Process.Kill() }, fired)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			select {
			case line := <-fired:
				<-exited
				t.Logf("killed at %q", line)
			case err := <-exited:
				select {
				case line := <-fired: // killed: both were ready
					t.Logf("killed at %q", line)
				default:
					watch.set(nil, nil, nil)
					t.Fatalf("the engine process ended before the step (%v):\n%s", err, childOut.String())
				}
			case <-time.After(90 * time.Second):
				watch.set(nil, nil, nil)
				_ = cmd.Process.Kill()
				<-exited
				t.Fatalf("the step was never reached:\n%s", childOut.String())
			}

			// Restart on the same file: reconcile, then a few outbox passes.
			st, eng = openMailEngine(t, dbPath, h.ID, env["SUPPORT_PASS"])
			eng.reconcileSending(ctx)
			for range 3 {
				eng.sendDueWait(ctx)
			}
			delivery, lastErr := deliveryOf(t, st, convID, reply.ID)
			switch {
			case delivery == inbox.DeliverySent:
			case delivery == inbox.DeliveryFailed && strings.Contains(lastErr, "check before retrying"):
				t.Logf("shown to the user: %s", lastErr)
				// The user checks the conversation: retry only if the
				// customer did not get it.
				if !step.accepted {
					if err := st.RetrySend(ctx, reply.ID); err != nil {
						t.Fatal(err)
					}
					eng.sendDueWait(ctx)
					if d, e := deliveryOf(t, st, convID, reply.ID); d != inbox.DeliverySent {
						t.Fatalf("after the user's retry: %s (%s)", d, e)
					}
				}
			default:
				t.Fatalf("after restart the reply is %q (%q): neither sent nor shown as uncertain", delivery, lastErr)
			}
			until(t, 20*time.Second, "reply in the customer's mailbox", func() bool { return customerCopies(t, env, token) >= 1 })
			time.Sleep(2 * time.Second) // a duplicate would be queued behind the first
			if n := customerCopies(t, env, token); n != 1 {
				t.Errorf("the customer received the reply %d times, want exactly once", n)
			}
			st.Close()
		})
	}
}

func openMailEngine(t *testing.T, path string, handleID int64, pass string) (*store.Store, *Engine) {
	t.Helper()
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := mailEngine(st, handleID, pass)
	if err != nil {
		t.Fatal(err)
	}
	return st, eng
}

func deliveryOf(t *testing.T, st *store.Store, convID, msgID int64) (inbox.Delivery, string) {
	t.Helper()
	d, err := st.Conversation(context.Background(), convID)
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := st.OutboxError(context.Background(), msgID)
	for _, m := range d.Messages {
		if m.ID == msgID {
			return m.Delivery, msg
		}
	}
	t.Fatalf("reply %d not in conversation %d", msgID, convID)
	return "", ""
}

// customerSends submits a mail from the customer to support through postfix.
func customerSends(t *testing.T, env map[string]string, subject, msgID string) {
	t.Helper()
	raw := "From: Ana Customer <" + env["CUSTOMER"] + ">\r\nTo: " + env["SUPPORT"] + "\r\nSubject: " + subject +
		"\r\nMessage-ID: " + msgID + "\r\nDate: " + time.Now().Format(time.RFC1123Z) +
		"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nWhere is my parcel?\r\n"
	sc, err := smtp.Dial(env["SMTP"])
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	if err := sc.Auth(sasl.NewPlainClient("", env["CUSTOMER"], env["CUSTOMER_PASS"])); err != nil {
		t.Fatal(err)
	}
	if err := sc.SendMail(env["CUSTOMER"], []string{env["SUPPORT"]}, strings.NewReader(raw)); err != nil {
		t.Fatal(err)
	}
	_ = sc.Quit()
}

// customerCopies counts the mails in the customer's INBOX (the maildir
// postfix delivered into, read through dovecot) whose body has token.
func customerCopies(t *testing.T, env map[string]string, token string) int {
	t.Helper()
	c, err := imapclient.DialInsecure(env["IMAP"], nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(env["CUSTOMER"], env["CUSTOMER_PASS"]).Wait(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		t.Fatal(err)
	}
	data, err := c.UIDSearch(&imap.SearchCriteria{Body: []string{token}}, nil).Wait()
	if err != nil {
		t.Fatal(err)
	}
	return len(data.AllUIDs())
}
