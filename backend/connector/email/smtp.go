package email

import (
	"bytes"
	"context"
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

// sendSMTP submits one message.
func (c *Connector) sendSMTP(ctx context.Context, from string, to []string, raw []byte) error {
	cl, closeAll, err := c.openSMTP(ctx)
	if err != nil {
		return err
	}
	defer closeAll()
	if err := cl.SendMail(from, to, bytes.NewReader(raw)); err != nil {
		return c.classifySMTP(ctx, err)
	}
	return nil
}
