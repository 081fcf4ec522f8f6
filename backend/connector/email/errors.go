package email

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-smtp"

	"careinbox/backend/connector"
)

// stage says what we were doing, because the same server answer means
// different things: a bare NO to LOGIN is a wrong password, to SELECT a
// missing mailbox.
type stage int

const (
	stageConnect stage = iota
	stageLogin
	stageMailbox
	stageCommand
)

// throttleBackoff is how long we stay away after a server says we are too
// busy; Gmail's connection limits clear within minutes.
const throttleBackoff = 2 * time.Minute

// classify turns an IMAP or network failure into a connector error. ctx
// cancellation is passed through unclassified so errors.Is finds it.
func (c *Connector) classify(ctx context.Context, st stage, err error) error {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		// Closing the connection on cancel surfaces as "use of closed
		// connection"; the real cause is the context.
		return fmt.Errorf("%s: %w", c.imap.Host, context.Cause(ctx))
	}
	var ce *connector.Error
	if errors.As(err, &ce) {
		return err
	}
	var ie *imap.Error
	if errors.As(err, &ie) {
		return c.classifyIMAP(st, ie)
	}
	return classifyNet(c.imap.Host, "incoming mail server", err)
}

func (c *Connector) classifyIMAP(st stage, ie *imap.Error) error {
	text := strings.ToLower(ie.Text)
	err := fmt.Errorf("imap %s: %w", c.imap.Host, (*imap.Error)(ie))
	switch {
	case ie.Code == imap.ResponseCodeLimit || strings.Contains(text, "throttl") ||
		strings.Contains(text, "too many") || strings.Contains(text, "rate limit"):
		at := c.now().Add(throttleBackoff)
		return connector.Limited(at, err, "the mail server %s says we connect too often; trying again at %s",
			c.imap.Host, at.Local().Format("15:04"))
	case ie.Code == imap.ResponseCodeUnavailable || ie.Code == imap.ResponseCodeInUse ||
		ie.Type == imap.StatusResponseTypeBye:
		return connector.Errorf(connector.Temporary, err, "the mail server %s is temporarily unavailable; retrying", c.imap.Host)
	case ie.Code == imap.ResponseCodeAuthenticationFailed || ie.Code == imap.ResponseCodeAuthorizationFailed ||
		ie.Code == imap.ResponseCodeExpired || (st == stageLogin && ie.Type == imap.StatusResponseTypeNo):
		return connector.Errorf(connector.AuthNeeded, err, "%s", c.authHint())
	case ie.Code == imap.ResponseCodePrivacyRequired:
		return connector.Errorf(connector.Permanent, err, "the mail server %s only accepts encrypted sign-in: choose TLS or STARTTLS", c.imap.Host)
	case st == stageMailbox && ie.Type == imap.StatusResponseTypeNo:
		return connector.Errorf(connector.Permanent, err, "the mailbox %q does not exist on %s; check the mailbox name", c.mailbox, c.imap.Host)
	case ie.Code == imap.ResponseCodeServerBug || ie.Code == imap.ResponseCodeContactAdmin:
		return connector.Errorf(connector.Temporary, err, "the mail server %s reported an internal problem; retrying", c.imap.Host)
	case ie.Type == imap.StatusResponseTypeBad:
		return connector.Errorf(connector.Permanent, err, "the mail server %s did not understand a request: %s", c.imap.Host, ie.Text)
	default:
		return connector.Errorf(connector.Temporary, err, "the mail server %s refused a request (%s); retrying", c.imap.Host, ie.Text)
	}
}

// authHint is the plain-words explanation of a rejected sign-in.
func (c *Connector) authHint() string {
	if c.oauthToken != "" {
		return "the mail server no longer accepts the saved sign-in; sign in again"
	}
	return "the server rejected the password: for Gmail/Outlook use an app password or OAuth"
}

// classifyNet handles failures below the mail protocols: DNS, TCP, TLS and
// unparseable answers.
func classifyNet(host, what string, err error) error {
	var (
		unknownCA   x509.UnknownAuthorityError
		hostErr     x509.HostnameError
		certInvalid x509.CertificateInvalidError
		recErr      tls.RecordHeaderError
		alert       tls.AlertError
		verifyErr   *tls.CertificateVerificationError
		dnsErr      *net.DNSError
		netErr      net.Error
	)
	switch {
	case errors.As(err, &unknownCA), errors.As(err, &verifyErr):
		return connector.Errorf(connector.Permanent, err, "the %s %s has a certificate this computer does not trust", what, host)
	case errors.As(err, &hostErr):
		return connector.Errorf(connector.Permanent, err, "the certificate of the %s does not belong to %s; check the server name", what, host)
	case errors.As(err, &certInvalid):
		return connector.Errorf(connector.Permanent, err, "the certificate of the %s %s is invalid or expired", what, host)
	case errors.As(err, &recErr):
		return connector.Errorf(connector.Permanent, err, "the %s %s does not speak TLS on this port; check the port and security setting", what, host)
	case errors.As(err, &alert):
		return connector.Errorf(connector.Permanent, err, "the %s %s refused the encrypted connection", what, host)
	case errors.As(err, &dnsErr):
		return connector.Errorf(connector.Temporary, err, "the %s %s could not be found; check the name or the internet connection", what, host)
	case errors.Is(err, syscall.ECONNREFUSED):
		return connector.Errorf(connector.Temporary, err, "the %s %s refused the connection; check the port or try again later", what, host)
	case errors.As(err, &netErr) && netErr.Timeout():
		return connector.Errorf(connector.Temporary, err, "the %s %s did not answer in time", what, host)
	case errors.Is(err, net.ErrClosed), errors.Is(err, syscall.ECONNRESET), isEOF(err):
		return connector.Errorf(connector.Temporary, err, "the %s %s closed the connection; retrying", what, host)
	default:
		return connector.Errorf(connector.Temporary, err, "the %s %s sent an answer we could not understand; retrying", what, host)
	}
}

func isEOF(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "EOF") || strings.Contains(err.Error(), "unexpected EOF"))
}

// classifySMTP turns an SMTP failure into a connector error.
func (c *Connector) classifySMTP(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return fmt.Errorf("%s: %w", c.smtp.Host, context.Cause(ctx))
	}
	var ce *connector.Error
	if errors.As(err, &ce) {
		return err
	}
	var se *smtp.SMTPError
	if !errors.As(err, &se) {
		return classifyNet(c.smtp.Host, "outgoing mail server", err)
	}
	host := c.smtp.Host
	msg := strings.ToLower(se.Message)
	wrapped := fmt.Errorf("smtp %s: %w", host, err)
	limited := func(d time.Duration) error {
		at := c.now().Add(d)
		return connector.Limited(at, wrapped, "the outgoing mail server %s asked us to slow down until %s", host, at.Local().Format("15:04"))
	}
	switch {
	case se.Code == 535 || se.Code == 534 || se.Code == 530 && strings.Contains(msg, "auth"):
		return connector.Errorf(connector.AuthNeeded, wrapped, "%s", c.authHint())
	case strings.Contains(msg, "quota") || strings.Contains(msg, "sending limit") || se.EnhancedCode == smtp.EnhancedCode{5, 4, 5}:
		return limited(time.Hour) // daily sending quotas (Gmail 5.4.5) reset slowly
	case se.Code == 421 || se.Code == 454 || se.Code == 450 || se.Code == 451 || se.Code == 452:
		if strings.Contains(msg, "too many") || strings.Contains(msg, "rate") || strings.Contains(msg, "throttl") {
			return limited(throttleBackoff)
		}
		return connector.Errorf(connector.Temporary, wrapped, "the outgoing mail server %s is busy (%d); retrying", host, se.Code)
	case se.Code >= 500:
		return connector.Errorf(connector.Permanent, wrapped, "the outgoing mail server %s refused the reply: %s", host, se.Message)
	default:
		return connector.Errorf(connector.Temporary, wrapped, "the outgoing mail server %s answered %d; retrying", host, se.Code)
	}
}
