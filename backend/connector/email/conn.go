package email

import (
	"context"
	"crypto/tls"
	"fmt"
	"mime"
	"net"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-message/charset"
	"github.com/emersion/go-sasl"

	"careinbox/backend/connector"
)

// session is one signed-in IMAP connection. It is closed when the caller's
// context is done, which is what makes a blocked read return promptly.
type session struct {
	c    *imapclient.Client
	conn net.Conn
	stop func() bool
	ctx  context.Context
}

// dial opens a TCP connection with the right TLS mode; the returned
// connection is already encrypted for SecurityTLS.
func dial(ctx context.Context, sv server, cfg *tls.Config) (net.Conn, error) {
	d := net.Dialer{Timeout: dialTimeout}
	raw, err := d.DialContext(ctx, "tcp", sv.addr())
	if err != nil {
		return nil, err
	}
	if sv.Security != SecurityTLS {
		return raw, nil
	}
	tc := tls.Client(raw, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		raw.Close()
		return nil, err
	}
	return tc, nil
}

func (c *Connector) tlsConfig(sv server) *tls.Config {
	return &tls.Config{ServerName: sv.Host, MinVersion: tls.VersionTLS12, RootCAs: c.rootCAs}
}

// openIMAP connects and signs in. handler receives unilateral data (IDLE).
func (c *Connector) openIMAP(ctx context.Context, handler *imapclient.UnilateralDataHandler) (*session, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("connect to %s: %w", c.imap.Host, err)
	}
	conn, err := dial(ctx, c.imap, c.tlsConfig(c.imap))
	if err != nil {
		return nil, c.classify(ctx, stageConnect, err)
	}
	// A cancelled context closes the socket: every blocked read or write in
	// imapclient then fails at once instead of waiting for its timeout.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	opts := &imapclient.Options{
		UnilateralDataHandler: handler,
		WordDecoder:           &mime.WordDecoder{CharsetReader: charset.Reader},
		TLSConfig:             c.tlsConfig(c.imap),
	}
	var cl *imapclient.Client
	if c.imap.Security == SecurityStartTLS {
		cl, err = imapclient.NewStartTLS(conn, opts)
	} else {
		cl = imapclient.New(conn, opts)
		err = cl.WaitGreeting()
	}
	s := &session{c: cl, conn: conn, stop: stop, ctx: ctx}
	if err != nil {
		s.close()
		return nil, c.classify(ctx, stageConnect, err)
	}
	if err := c.login(cl); err != nil {
		s.close()
		return nil, c.classify(ctx, stageLogin, err)
	}
	return s, nil
}

func (c *Connector) login(cl *imapclient.Client) error {
	if c.oauthToken == "" {
		if cl.Caps().Has(imap.CapLoginDisabled) {
			return connector.Errorf(connector.Permanent, nil,
				"the mail server %s does not accept passwords on this connection; choose TLS or STARTTLS", c.imap.Host)
		}
		return cl.Login(c.username, c.password).Wait()
	}
	return cl.Authenticate(c.oauthClient(c.imap))
}

// oauthClient builds the SASL client for the configured OAuth mechanism.
func (c *Connector) oauthClient(sv server) sasl.Client {
	if c.oauthMech == "oauthbearer" {
		return sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{
			Username: c.username, Token: c.oauthToken, Host: sv.Host, Port: sv.Port,
		})
	}
	return &xoauth2{user: c.username, token: c.oauthToken}
}

// xoauth2 is Google's and Microsoft's pre-standard OAuth SASL mechanism;
// go-sasl dropped it, and it is only a one-line initial response.
type xoauth2 struct{ user, token string }

func (x *xoauth2) Start() (string, []byte, error) {
	return "XOAUTH2", []byte("user=" + x.user + "\x01auth=Bearer " + x.token + "\x01\x01"), nil
}

// Next answers the server's error challenge (a JSON status) with an empty
// response, as the protocol asks, so the server sends its final NO.
func (x *xoauth2) Next(challenge []byte) ([]byte, error) { return []byte{}, nil }

// close logs out politely but never waits long for a dying server.
func (s *session) close() {
	// Checked both ways: a context is marked done a moment before its
	// AfterFunc runs, so stop may still win the race after cancellation.
	if !s.stop() || s.ctx.Err() != nil {
		// The context ended: close at once. A polite LOGOUT would only wait
		// out its deadline (during IDLE the server does not answer it), so a
		// cancelled Wait would take seconds to return.
		_ = s.conn.Close()
		return
	}
	_ = s.conn.SetDeadline(time.Now().Add(3 * time.Second))
	if s.c != nil {
		if s.c.State() != imap.ConnStateLogout {
			_ = s.c.Logout().Wait()
		}
		_ = s.c.Close()
	}
	_ = s.conn.Close()
}
