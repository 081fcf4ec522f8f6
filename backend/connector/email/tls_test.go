package email

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"log"
	"math/big"
	"net"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-smtp"

	"careinbox/backend/connector"
)

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test mail server"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

// tlsServers serves m's mailboxes over implicit TLS and STARTTLS (IMAP) and
// STARTTLS (SMTP).
func (m *memMail) tlsServers(t *testing.T, cert tls.Certificate) (imapsAddr, imapStartAddr, smtpStartAddr string) {
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}}
	newIMAP := func(startTLS bool) *imapserver.Server {
		opts := &imapserver.Options{
			NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
				return &faultySession{Session: m.mem.NewSession(), m: m}, nil, nil
			},
			Caps:   imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIdle: {}},
			Logger: log.New(io.Discard, "", 0),
		}
		if startTLS {
			opts.TLSConfig = cfg
		}
		return imapserver.New(opts)
	}
	listen := func(tlsCfg *tls.Config) net.Listener {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		if tlsCfg != nil {
			ln = tls.NewListener(ln, tlsCfg)
		}
		return ln
	}
	implicit, start := newIMAP(false), newIMAP(true)
	ln1, ln2, ln3 := listen(cfg), listen(nil), listen(nil)
	go implicit.Serve(ln1)
	go start.Serve(ln2)
	ss := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &smtpSession{m: m}, nil }))
	ss.Domain, ss.TLSConfig = "localhost", cfg
	ss.ErrorLog = log.New(io.Discard, "", 0)
	go ss.Serve(ln3)
	t.Cleanup(func() { implicit.Close(); start.Close(); ss.Close() })
	return ln1.Addr().String(), ln2.Addr().String(), ln3.Addr().String()
}

func TestTLSModes(t *testing.T) {
	m := newMemMail(t)
	m.seed()
	cert, pool := selfSigned(t)
	imaps, imapStart, smtpStart := m.tlsServers(t, cert)
	build := func(imapAddr, imapSec string, trusted bool) *Connector {
		ih, ip, _ := net.SplitHostPort(imapAddr)
		sh, sp, _ := net.SplitHostPort(smtpStart)
		c, err := New(connector.Config{
			Settings: map[string]string{"imap_host": ih, "imap_port": ip, "imap_security": imapSec,
				"smtp_host": sh, "smtp_port": sp, "smtp_security": "starttls", "username": supportAddr},
			Secrets: map[string]string{"password": supportPass},
		})
		if err != nil {
			t.Fatal(err)
		}
		if trusted {
			c.rootCAs = pool
		}
		return c
	}
	for _, tc := range []struct{ name, addr, sec string }{{"implicit TLS", imaps, "tls"}, {"STARTTLS", imapStart, "starttls"}} {
		t.Run(tc.name, func(t *testing.T) {
			c := build(tc.addr, tc.sec, true)
			if _, err := c.Verify(ctxT(t)); err != nil { // IMAP and SMTP STARTTLS + AUTH
				t.Fatal(err)
			}
			if p, err := c.Fetch(ctxT(t), "INBOX", ""); err != nil || len(p.Conversations) == 0 {
				t.Fatalf("fetch over %s: %v", tc.name, err)
			}
			_, err := build(tc.addr, tc.sec, false).Fetch(ctxT(t), "INBOX", "")
			if ce, _ := connector.Classify(err); ce == nil || ce.Kind != connector.Permanent {
				t.Fatalf("untrusted certificate: %v", err)
			}
			t.Logf("untrusted: %v", err)
		})
	}
}

func TestClassifyServerAnswers(t *testing.T) {
	c := &Connector{imap: server{Host: "imap.x"}, smtp: server{Host: "smtp.x"}, now: time.Now}
	ctx := ctxT(t)
	imapErr := func(code imap.ResponseCode, text string) error {
		return &imap.Error{Type: imap.StatusResponseTypeNo, Code: code, Text: text}
	}
	smtpErr := func(code int, enh smtp.EnhancedCode, msg string) error {
		return &smtp.SMTPError{Code: code, EnhancedCode: enh, Message: msg}
	}
	tests := []struct {
		err  error
		want connector.Kind
	}{
		{c.classify(ctx, stageLogin, imapErr("", "LOGIN failed")), connector.AuthNeeded},
		{c.classify(ctx, stageCommand, imapErr(imap.ResponseCodeLimit, "Too many connections")), connector.RateLimited},
		{c.classify(ctx, stageLogin, imapErr(imap.ResponseCodeAlert, "[THROTTLED] try later")), connector.RateLimited},
		{c.classify(ctx, stageMailbox, imapErr(imap.ResponseCodeNonExistent, "Mailbox doesn't exist")), connector.Permanent},
		{c.classify(ctx, stageCommand, imapErr(imap.ResponseCodeServerBug, "oops")), connector.Temporary},
		{c.classifySMTP(ctx, smtpErr(535, smtp.EnhancedCode{5, 7, 8}, "Username and Password not accepted")), connector.AuthNeeded},
		{c.classifySMTP(ctx, smtpErr(534, smtp.EnhancedCode{5, 7, 9}, "Application-specific password required")), connector.AuthNeeded},
		{c.classifySMTP(ctx, smtpErr(421, smtp.EnhancedCode{4, 7, 0}, "Too many concurrent SMTP connections")), connector.RateLimited},
		{c.classifySMTP(ctx, smtpErr(550, smtp.EnhancedCode{5, 4, 5}, "Daily user sending limit exceeded")), connector.RateLimited},
		{c.classifySMTP(ctx, smtpErr(451, smtp.EnhancedCode{4, 3, 0}, "Temporary local problem")), connector.Temporary},
		{c.classifySMTP(ctx, smtpErr(550, smtp.EnhancedCode{5, 1, 1}, "No such user")), connector.Permanent},
	}
	for i, tt := range tests {
		ce, ok := connector.Classify(tt.err)
		if !ok || ce.Kind != tt.want || ce.Message == "" {
			t.Errorf("%d: %v classified %v, want %s", i, tt.err, ce, tt.want)
		}
		if tt.want == connector.RateLimited && !ce.RetryAt.After(time.Now()) {
			t.Errorf("%d: no retry time", i)
		}
	}
}
