// Package email is the e-mail connector: IMAP (emersion/go-imap v2) to read a
// support mailbox, SMTP (emersion/go-smtp) to answer, go-message to turn
// MIME into plain text. See README.md for auth, cursors, limits and quirks.
package email

import (
	"crypto/x509"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

// Security is how a connection to a mail server is protected.
type Security string

const (
	SecurityTLS      Security = "tls"      // implicit TLS (IMAPS 993, SMTPS 465)
	SecurityStartTLS Security = "starttls" // plain connection upgraded with STARTTLS
	SecurityNone     Security = "none"     // no encryption: loopback hosts only
)

// Defaults chosen for a care mailbox: a month (or 500 mails) of history is
// enough context for open conversations without downloading years of mail.
const (
	defaultBackfillDays = 30
	defaultBackfillMax  = 500
	defaultPageSize     = 50
	defaultPoll         = 2 * time.Minute
	// maxFetchBytes bounds how much of one message we download: text parts
	// come first in practice, so big attachments are cut off, not fetched.
	maxFetchBytes = 512 << 10
	dialTimeout   = 30 * time.Second
)

// server is one endpoint (IMAP or SMTP).
type server struct {
	Host     string
	Port     int
	Security Security
}

func (s server) addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// Connector is the e-mail connector for one handle (one mailbox).
type Connector struct {
	imap, smtp  server
	username    string
	fromAddress string
	fromName    string
	mailbox     string
	sentMailbox string // "" = auto-detect \Sent, fallback "Sent"
	password    string
	oauthToken  string
	oauthMech   string // "xoauth2" or "oauthbearer"

	log *slog.Logger
	now func() time.Time
	// rootCAs replaces the system roots; only tests set it (self-signed servers).
	rootCAs *x509.CertPool

	// Tunables; tests shrink them to exercise paging.
	pageSize     int
	backfillDays int
	backfillMax  int
	poll         time.Duration

	// syncedNext is the mailbox's UIDNEXT when a fetch last read it to the
	// end; Wait compares it with its own SELECT, so mail that arrived
	// between that fetch and the IDLE is news and not silently waited past.
	syncedNext atomic.Uint32
}

var (
	_ connector.Connector  = (*Connector)(nil)
	_ connector.Verifier   = (*Connector)(nil)
	_ connector.Replier    = (*Connector)(nil)
	_ connector.SentFinder = (*Connector)(nil)
	_ connector.Waker      = (*Connector)(nil)
)

// New builds an e-mail connector from a handle's settings and secrets. Bad
// settings are a Permanent error, a missing password AuthNeeded.
func New(cfg connector.Config) (*Connector, error) {
	s := func(k string) string { return strings.TrimSpace(cfg.Settings[k]) }
	c := &Connector{
		username:     s("username"),
		fromAddress:  strings.ToLower(s("from_address")),
		fromName:     s("from_name"),
		mailbox:      s("mailbox"),
		sentMailbox:  s("sent_mailbox"),
		password:     cfg.Secrets["password"],
		oauthToken:   cfg.Secrets["oauth_token"],
		log:          cfg.Logger,
		now:          cfg.Now,
		pageSize:     defaultPageSize,
		backfillDays: defaultBackfillDays,
		backfillMax:  defaultBackfillMax,
		poll:         defaultPoll,
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.mailbox == "" {
		c.mailbox = "INBOX"
	}
	bad := func(format string, args ...any) error {
		return connector.Errorf(connector.Permanent, nil, format, args...)
	}
	var err error
	if c.imap, err = parseServer(s("imap_host"), s("imap_port"), s("imap_security"), 993, 143, "incoming (IMAP)"); err != nil {
		return nil, err
	}
	if s("smtp_host") != "" {
		if c.smtp, err = parseServer(s("smtp_host"), s("smtp_port"), s("smtp_security"), 465, 587, "outgoing (SMTP)"); err != nil {
			return nil, err
		}
	}
	if c.username == "" {
		return nil, bad("the user name for the mail server is missing")
	}
	if c.fromAddress == "" && strings.Contains(c.username, "@") {
		c.fromAddress = strings.ToLower(c.username)
	}
	if c.fromAddress != "" {
		if _, err := mail.ParseAddress(c.fromAddress); err != nil {
			return nil, bad("the sender address %q is not a valid e-mail address", c.fromAddress)
		}
	}
	c.oauthMech = strings.ToLower(cfg.Settings["auth"])
	if c.oauthMech == "" {
		c.oauthMech = strings.ToLower(cfg.Secrets["auth"])
	}
	switch {
	case c.oauthToken != "":
		if c.oauthMech == "" {
			c.oauthMech = "xoauth2" // what Gmail and Outlook expect
		}
		if c.oauthMech != "xoauth2" && c.oauthMech != "oauthbearer" {
			return nil, bad("unknown sign-in method %q (use xoauth2 or oauthbearer)", c.oauthMech)
		}
	case c.password == "":
		return nil, connector.Errorf(connector.AuthNeeded, nil, "no password is saved for %s; enter it again", c.username)
	}
	return c, nil
}

// parseServer reads host, port and security with per-protocol default ports.
func parseServer(host, port, security string, tlsPort, plainPort int, what string) (server, error) {
	bad := func(format string, args ...any) error {
		return connector.Errorf(connector.Permanent, nil, format, args...)
	}
	sv := server{Host: host, Security: Security(strings.ToLower(security))}
	if sv.Host == "" {
		return sv, bad("the %s server is missing", what)
	}
	if sv.Security == "" {
		// Guess from the well-known ports, so "smtp.example.org:587" works
		// without the user knowing what STARTTLS is.
		sv.Security = SecurityTLS
		if port == "143" || port == "587" || port == "25" {
			sv.Security = SecurityStartTLS
		}
	}
	switch sv.Security {
	case SecurityTLS:
		sv.Port = tlsPort
	case SecurityStartTLS:
		sv.Port = plainPort
	case SecurityNone:
		// Passwords would cross the network in clear text; only a server on
		// this machine (tests, a local bridge such as Proton Bridge) may do that.
		if !isLoopback(sv.Host) {
			return sv, bad("the %s server %s must use TLS or STARTTLS: unencrypted connections are only allowed to this computer", what, sv.Host)
		}
		sv.Port = plainPort
	default:
		return sv, bad("unknown security %q for the %s server (use tls, starttls or none)", security, what)
	}
	if port != "" {
		p, err := strconv.Atoi(port)
		if err != nil || p <= 0 || p > 65535 {
			return sv, bad("the %s port %q is not a number between 1 and 65535", what, port)
		}
		sv.Port = p
	}
	return sv, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// Network implements connector.Connector.
func (c *Connector) Network() inbox.Network { return inbox.NetworkEmail }

// Streams is the one mailbox this handle reads.
func (c *Connector) Streams() []string { return []string{c.mailbox} }

// PollInterval implements connector.Connector; IDLE (Wait) makes new mail
// arrive sooner, so polling is only the safety net.
func (c *Connector) PollInterval() time.Duration { return c.poll }

// isOurs says whether an address is the business's own.
func (c *Connector) isOurs(addr string) bool {
	addr = strings.ToLower(addr)
	return addr != "" && (addr == c.fromAddress || addr == strings.ToLower(c.username))
}

func (c *Connector) String() string {
	return fmt.Sprintf("email %s@%s", c.username, c.imap.addr())
}
