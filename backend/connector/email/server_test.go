package email

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"careinbox/backend/connector"
	"careinbox/backend/connector/connectortest"
)

// Test accounts of the in-process servers.
const (
	supportAddr = "support@shop.test"
	supportPass = "support-secret"
	customerA   = "ann@customer.test"
	customerB   = "bob@customer.test"
	testPass    = "customer-secret"
)

// memMail is an in-process mail system: go-imap's memory server behind a
// fault-injecting listener and session, plus a go-smtp server that delivers
// into it. It is the connector's conformance double.
type memMail struct {
	t        *testing.T
	mem      *imapmemserver.Server
	users    map[string]*imapmemserver.User
	imapAddr string
	smtpAddr string

	mu      sync.Mutex
	faults  []connectortest.Fault
	counter int
	smtpLog [][]byte // every message the SMTP server accepted
	// onData, when set, runs as a message's final dot arrives, before the
	// reply: it can refuse the message or drop the connection.
	onData func(conn net.Conn, msg []byte) error
}

func newMemMail(t *testing.T) *memMail {
	t.Helper()
	m := &memMail{t: t, mem: imapmemserver.New(), users: map[string]*imapmemserver.User{}}
	for _, u := range []struct{ name, pass string }{{supportAddr, supportPass}, {customerA, testPass}, {customerB, testPass}} {
		user := imapmemserver.NewUser(u.name, u.pass)
		for _, box := range []string{"INBOX", "Sent"} {
			if err := user.Create(box, nil); err != nil {
				t.Fatal(err)
			}
		}
		m.mem.AddUser(user)
		m.users[u.name] = user
	}

	imapLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return &faultySession{Session: m.mem.NewSession(), m: m}, nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIdle: {}, imap.CapUIDPlus: {}},
		InsecureAuth: true,
		Logger:       log.New(io.Discard, "", 0),
	})
	go srv.Serve(&faultyListener{Listener: imapLn, m: m})
	m.imapAddr = imapLn.Addr().String()

	smtpLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ss := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &smtpSession{m: m, conn: c.Conn()}, nil }))
	ss.Domain = "localhost"
	ss.AllowInsecureAuth = true
	ss.ErrorLog = log.New(io.Discard, "", 0)
	go ss.Serve(smtpLn)
	m.smtpAddr = smtpLn.Addr().String()

	t.Cleanup(func() {
		srv.Close()
		ss.Close()
	})
	return m
}

// connector builds the connector under test against this server.
func (m *memMail) connector(t *testing.T, settings map[string]string) *Connector {
	t.Helper()
	ih, ip, _ := net.SplitHostPort(m.imapAddr)
	sh, sp, _ := net.SplitHostPort(m.smtpAddr)
	s := map[string]string{
		"imap_host": ih, "imap_port": ip, "imap_security": "none",
		"smtp_host": sh, "smtp_port": sp, "smtp_security": "none",
		"username": supportAddr, "from_name": "Shop Support",
	}
	for k, v := range settings {
		s[k] = v
	}
	c, err := New(connector.Config{Settings: s, Secrets: map[string]string{"password": supportPass}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// deliver puts a raw message in a user's mailbox as if it had arrived.
func (m *memMail) deliver(user, box string, raw string) {
	m.t.Helper()
	raw = strings.ReplaceAll(strings.ReplaceAll(raw, "\r\n", "\n"), "\n", "\r\n")
	r := bytes.NewReader([]byte(raw))
	if _, err := m.users[user].Append(box, r, &imap.AppendOptions{Time: time.Now()}); err != nil {
		m.t.Fatalf("deliver to %s/%s: %v", user, box, err)
	}
}

// AddInbound implements connectortest.Double: n new customer mails, each
// opening a new thread.
func (m *memMail) AddInbound(n int) {
	for i := 0; i < n; i++ {
		m.mu.Lock()
		m.counter++
		k := m.counter
		m.mu.Unlock()
		m.deliver(supportAddr, "INBOX", fmt.Sprintf(`From: Customer %d <c%d@customer.test>
To: Shop Support <support@shop.test>
Subject: Question number %d
Date: %s
Message-ID: <added-%d@customer.test>
Content-Type: text/plain; charset=utf-8

Hello, this is question %d.
`, k, k, k, time.Now().Format(time.RFC1123Z), k, k))
	}
}

// Fail implements connectortest.Double: the next connection fails with f.
func (m *memMail) Fail(f connectortest.Fault) {
	m.mu.Lock()
	m.faults = append(m.faults, f)
	m.mu.Unlock()
}

// take removes and returns a pending fault that matches one of kinds.
func (m *memMail) take(kinds ...connectortest.Fault) (connectortest.Fault, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, f := range m.faults {
		for _, k := range kinds {
			if f == k {
				m.faults = append(m.faults[:i], m.faults[i+1:]...)
				return f, true
			}
		}
	}
	return 0, false
}

// seed is the mailbox every conformance run starts with: a two-message
// thread from Ann (the second a reply to our answer), an HTML-only mail
// from Bob and a mail without Message-ID.
func (m *memMail) seed() {
	day := time.Now().Add(-48 * time.Hour)
	date := func(h int) string { return day.Add(time.Duration(h) * time.Hour).Format(time.RFC1123Z) }
	m.deliver(supportAddr, "INBOX", `From: Ann Example <Ann@Customer.test>
To: support@shop.test
Subject: Where is my order?
Date: `+date(0)+`
Message-ID: <order-1@customer.test>

My order 1234 has not arrived.
`)
	m.deliver(supportAddr, "INBOX", `From: Bob <bob@customer.test>
To: support@shop.test
Subject: =?utf-8?q?R=C3=BCckgabe?=
Date: `+date(1)+`
Message-ID: <bob-1@customer.test>
Content-Type: text/html; charset=utf-8

<html><head><style>p{color:red}</style></head><body><p>Hi&nbsp;there &amp; thanks,</p><p>I want to return <b>two</b> items.<br>Bob</p><script>alert(1)</script></body></html>
`)
	m.deliver(supportAddr, "INBOX", `From: Ann Example <ann@customer.test>
To: support@shop.test
Subject: Re: Where is my order?
Date: `+date(3)+`
Message-ID: <order-3@customer.test>
In-Reply-To: <careinbox.r1@shop.test>
References: <order-1@customer.test> <careinbox.r1@shop.test>

Thanks, it just arrived!

On Tue, 1 Dec 2026 at 10:00, Shop Support <support@shop.test> wrote:
> It is on its way.
`)
	m.deliver(supportAddr, "INBOX", `From: noreply@carrier.test
To: support@shop.test
Subject: Delivery notice
Date: `+date(4)+`

Parcel delivered.
`)
}

// faultyListener injects connection-level faults: a BYE greeting for
// ServerError and non-IMAP bytes for Garbage.
type faultyListener struct {
	net.Listener
	m *memMail
}

func (l *faultyListener) Accept() (net.Conn, error) {
	for {
		conn, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		f, ok := l.m.take(connectortest.ServerError, connectortest.Garbage)
		if !ok {
			return conn, nil
		}
		if f == connectortest.ServerError {
			io.WriteString(conn, "* BYE [UNAVAILABLE] Temporary System Error\r\n")
			conn.Close()
			continue
		}
		io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>\x00\x01\r\n")
		go func() { io.Copy(io.Discard, conn); conn.Close() }()
	}
}

// faultySession injects protocol faults at LOGIN: a rejected password for
// Unauthorized and Gmail-style throttling for RateLimited.
type faultySession struct {
	imapserver.Session
	m *memMail
}

func (s *faultySession) Login(user, pass string) error {
	if f, ok := s.m.take(connectortest.Unauthorized, connectortest.RateLimited); ok {
		if f == connectortest.Unauthorized {
			return imapserver.ErrAuthFailed
		}
		return &imap.Error{Type: imap.StatusResponseTypeNo, Text: "[THROTTLED] Too many simultaneous connections"}
	}
	return s.Session.Login(user, pass)
}

// smtpSession delivers accepted mail into the memory server's INBOXes.
type smtpSession struct {
	m      *memMail
	conn   net.Conn
	authed bool
	from   string
	rcpts  []string
}

func (s *smtpSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *smtpSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		u := s.m.users[user]
		if u == nil || u.Login(user, pass) != nil {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Authentication credentials invalid"}
		}
		s.authed = true
		return nil
	}), nil
}

func (s *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	if !s.authed {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.m.users[strings.ToLower(to)] == nil {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"}
	}
	s.rcpts = append(s.rcpts, strings.ToLower(to))
	return nil
}

func (s *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	// The mail is recorded before the hook runs, as a server that has it:
	// a hook that drops the connection then races nothing. A hook that
	// refuses the mail takes it back.
	s.m.mu.Lock()
	onData := s.m.onData
	s.m.smtpLog = append(s.m.smtpLog, b)
	at := len(s.m.smtpLog) - 1
	s.m.mu.Unlock()
	if onData != nil {
		if err := onData(s.conn, b); err != nil {
			s.m.mu.Lock()
			s.m.smtpLog = append(s.m.smtpLog[:at], s.m.smtpLog[at+1:]...)
			s.m.mu.Unlock()
			return err
		}
	}
	for _, to := range s.rcpts {
		if _, err := s.m.users[to].Append("INBOX", bytes.NewReader(b), &imap.AppendOptions{Time: time.Now()}); err != nil {
			return err
		}
	}
	return nil
}

func (s *smtpSession) Reset()        { s.from, s.rcpts = "", nil }
func (s *smtpSession) Logout() error { return nil }

// sent returns how many messages the SMTP server accepted.
func (m *memMail) sent() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.smtpLog)
}
