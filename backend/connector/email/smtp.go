package email

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"careinbox/backend/connector"
)

// smtpCommandTimeout bounds one SMTP command; the context bounds the whole.
const smtpCommandTimeout = time.Minute

// openSMTP connects to the outgoing server and signs in. The caller must
// call the returned close function.
func (c *Connector) openSMTP(ctx context.Context) (*smtp.Client, func(), error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, fmt.Errorf("connect to outgoing server: %w", err)
	}
	if c.smtp.Host == "" {
		return nil, nil, connector.Errorf(connector.Permanent, nil,
			"no outgoing (SMTP) server is set up for %s, so replies cannot be sent", c.username)
	}
	conn, err := dial(ctx, c.smtp, c.tlsConfig(c.smtp))
	if err != nil {
		return nil, nil, c.classifySMTP(ctx, err)
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	var cl *smtp.Client
	if c.smtp.Security == SecurityStartTLS {
		cl, err = smtp.NewClientStartTLS(conn, c.tlsConfig(c.smtp))
	} else {
		cl = smtp.NewClient(conn)
	}
	closeAll := func() {
		stop()
		if cl != nil {
			_ = conn.SetDeadline(time.Now().Add(3 * time.Second))
			_ = cl.Quit()
			_ = cl.Close()
		}
		_ = conn.Close()
	}
	if err != nil {
		closeAll()
		return nil, nil, c.classifySMTP(ctx, err)
	}
	cl.CommandTimeout = smtpCommandTimeout
	if err := cl.Hello(heloName(conn)); err != nil {
		closeAll()
		return nil, nil, c.classifySMTP(ctx, err)
	}
	if err := c.smtpAuth(cl); err != nil {
		closeAll()
		return nil, nil, c.classifySMTP(ctx, err)
	}
	return cl, closeAll, nil
}

// heloName is an address literal of our side of the connection: we have no
// public host name, and "localhost" is refused by some servers.
func heloName(conn net.Conn) string {
	if a, ok := conn.LocalAddr().(*net.TCPAddr); ok {
		if a.IP.To4() != nil {
			return "[" + a.IP.String() + "]"
		}
		return "[IPv6:" + a.IP.String() + "]"
	}
	return "localhost"
}

func (c *Connector) smtpAuth(cl *smtp.Client) error {
	if ok, _ := cl.Extension("AUTH"); !ok {
		// Relays that trust the network (a local bridge) offer no AUTH; if
		// they do want it, MAIL FROM answers 530 and is classified then.
		return nil
	}
	if c.oauthToken != "" {
		return cl.Auth(c.oauthClient(c.smtp))
	}
	switch {
	case cl.SupportsAuth("PLAIN"):
		return cl.Auth(sasl.NewPlainClient("", c.username, c.password))
	case cl.SupportsAuth("LOGIN"):
		return cl.Auth(sasl.NewLoginClient(c.username, c.password))
	default:
		return connector.Errorf(connector.Permanent, nil,
			"the outgoing mail server %s offers no password sign-in we support (PLAIN or LOGIN)", c.smtp.Host)
	}
}

// submit sends one message. beforeData runs after the envelope was
// accepted and before DATA: up to then a failure proves the server does not
// have the mail. uncertain reports a failure after the message's final dot
// may have reached the server without its answer coming back: the server
// may have queued it, so the caller must not send it again on its own.
func (c *Connector) submit(ctx context.Context, from string, to []string, raw []byte, beforeData func() error) (uncertain bool, err error) {
	cl, closeAll, err := c.openSMTP(ctx)
	if err != nil {
		return false, err
	}
	defer closeAll()
	if err := cl.Mail(from, nil); err != nil {
		return false, c.classifySMTP(ctx, err)
	}
	for _, rcpt := range to {
		if err := cl.Rcpt(rcpt, nil); err != nil {
			return false, c.classifySMTP(ctx, err)
		}
	}
	if err := beforeData(); err != nil {
		return false, c.classify(ctx, stageCommand, err)
	}
	w, err := cl.Data()
	if err != nil {
		return false, c.classifySMTP(ctx, err)
	}
	if _, err := w.Write(raw); err != nil {
		return false, c.classifySMTP(ctx, err) // no final dot: the server discards it
	}
	if err := w.Close(); err != nil {
		var se *smtp.SMTPError
		if errors.As(err, &se) {
			return false, c.classifySMTP(ctx, err) // a clear refusal
		}
		if ctx.Err() != nil {
			// Shutting down: the reply stays "sending" and the next start
			// asks FindSent, which reports the copy as uncertain.
			return true, c.classifySMTP(ctx, err)
		}
		return true, connector.Errorf(connector.Permanent, err,
			"the connection to %s broke while it was taking this reply, so it may or may not have reached the customer; check before retrying", c.smtp.Host)
	}
	return false, nil
}
