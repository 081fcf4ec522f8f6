package email

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-message"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

func crlf(s string) []byte {
	return []byte(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n"))
}

func TestParseMIME(t *testing.T) {
	tests := []struct {
		name, raw, want string
	}{
		{"plain", "Subject: x\n\nHello\nworld\n", "Hello\nworld"},
		{"multipart/alternative prefers text/plain", `Content-Type: multipart/alternative; boundary=b

--b
Content-Type: text/plain; charset=utf-8

Plain version
--b
Content-Type: text/html; charset=utf-8

<p>HTML version</p>
--b--
`, "Plain version"},
		{"html only", `Content-Type: text/html; charset=utf-8

<html><head><title>T</title><style>.x{}</style></head><body><h1>Order&nbsp;#12</h1><div>Line&#32;one<br/>Line two</div><ul><li>a</li><li>b &lt;c&gt;</li></ul><img alt="logo" src="cid:x"><script>evil()</script></body></html>
`, "Order #12\n\nLine one\nLine two\n- a\n- b <c>\n[logo]"},
		{"quoted-printable", `Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Gr=C3=BC=C3=9Fe aus K=C3=B6ln, a very long line that is soft=
 wrapped.
`, "Grüße aus Köln, a very long line that is soft wrapped."},
		{"iso-8859-1", "Content-Type: text/plain; charset=ISO-8859-1\nContent-Transfer-Encoding: quoted-printable\n\nCh=E8re cliente, =E0 bient=F4t\n", "Chère cliente, à bientôt"},
		{"windows-1252 base64", "Content-Type: text/plain; charset=windows-1252\nContent-Transfer-Encoding: base64\n\nk0dyZWF0lCDWbA==\n", "“Great” Öl"},
		{"attachments ignored", `Content-Type: multipart/mixed; boundary=m

--m
Content-Type: multipart/alternative; boundary=a

--a
Content-Type: text/plain

See attached invoice.
--a
Content-Type: text/html

<p>See attached <b>invoice</b>.</p>
--a--
--m
Content-Type: text/plain; name=notes.txt
Content-Disposition: attachment; filename=notes.txt

SECRET ATTACHMENT TEXT
--m
Content-Type: application/pdf
Content-Disposition: attachment; filename=invoice.pdf
Content-Transfer-Encoding: base64

JVBERi0xLjQK
--m--
`, "See attached invoice."},
		{"truncated multipart keeps text", "Content-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: text/plain\n\nFirst part survives\n--m\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQKJVBERi0x", "First part survives"},
		{"unknown charset still readable", "Content-Type: text/plain; charset=x-unknown-42\n\nplain ascii words\n", "plain ascii words"},
		{"gmail html quote stripped", `Content-Type: text/html; charset=utf-8

<div>Yes please!</div><br><div class="gmail_quote"><div>On Mon, 23 Nov 2026 at 10:00, Shop &lt;support@shop.test&gt; wrote:<br></div><blockquote class="gmail_quote">Shall we refund?<br>Shop</blockquote></div>
`, "Yes please!"},
		{"outlook separator stripped", "\nThat works.\n\n-----Original Message-----\nFrom: Shop\nSent: Monday\n\nOld text\n", "That works."},
		{"wrapped attribution stripped", "\nNew answer.\n\nOn Mon, 23 Nov 2026 at 10:00, Shop Support <support@shop.test>\nwrote:\n> old\n> older\n", "New answer."},
		{"inline answers kept", "\n> Do you ship to Norway?\nYes.\n> And Iceland?\nAlso yes.\n", "> Do you ship to Norway?\nYes.\n> And Iceland?\nAlso yes."},
		{"quote only kept whole", "\n> forwarded words\n", "> forwarded words"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := parseMessage(crlf(tt.raw))
			if err != nil {
				t.Fatal(err)
			}
			if p.Text != tt.want {
				t.Errorf("got  %q\nwant %q", p.Text, tt.want)
			}
			if strings.ContainsAny(p.Text, "<>") && !strings.Contains(tt.want, "<") && !strings.Contains(tt.want, ">") {
				t.Errorf("markup leaked: %q", p.Text)
			}
		})
	}
}

func TestParseHeaders(t *testing.T) {
	p, err := parseMessage(crlf(`From: =?iso-8859-1?q?Ren=E9e?= <RENEE@Example.org>
To: support@shop.test, "Other" <o@x.test>
Subject: =?utf-8?b?UmU6IEJlc3RlbGx1bmcg4pyT?=
Date: Sun, 22 Nov 2026 09:30:00 +0100
Message-ID: <abc@example.org>
In-Reply-To: <parent@shop.test>
References: <root@example.org>
 <parent@shop.test>

Hi
`))
	if err != nil {
		t.Fatal(err)
	}
	if p.From.Name != "Renée" || p.From.Address != "RENEE@Example.org" {
		t.Errorf("from %+v", p.From)
	}
	if p.Subject != "Re: Bestellung ✓" || baseSubject(p.Subject) != "Bestellung ✓" {
		t.Errorf("subject %q", p.Subject)
	}
	if p.MessageID != "abc@example.org" || p.InReplyTo != "parent@shop.test" || len(p.References) != 2 {
		t.Errorf("ids %+v", p)
	}
	if !p.Date.Equal(time.Date(2026, 11, 22, 8, 30, 0, 0, time.UTC)) {
		t.Errorf("date %v", p.Date)
	}
	// A From that net/mail refuses is still salvaged.
	p, _ = parseMessage(crlf("From: Broken \"Quote <b@x.test>\n\nx\n"))
	if p.From == nil || p.From.Address != "b@x.test" {
		t.Errorf("loose from %+v", p.From)
	}
}

func TestThreadRoot(t *testing.T) {
	tests := []struct {
		p    parsed
		want string
	}{
		{parsed{MessageID: "m"}, "m"},
		{parsed{MessageID: "m", InReplyTo: "p"}, "p"},
		{parsed{MessageID: "m", InReplyTo: "p", References: []string{"r", "p"}}, "r"},
	}
	for _, tt := range tests {
		if got := threadRoot(tt.p); got != tt.want {
			t.Errorf("threadRoot(%+v) = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestGroupThreads(t *testing.T) {
	c := &Connector{fromAddress: supportAddr, username: supportAddr, now: time.Now}
	at := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	msg := func(uid int, id, from, to, subject string, refs ...string) fetched {
		p, err := parseMessage(crlf("From: " + from + "\nTo: " + to + "\nSubject: " + subject +
			"\nMessage-ID: <" + id + ">\n" + refHeaders(refs) + "\nbody " + id + "\n"))
		if err != nil {
			t.Fatal(err)
		}
		return fetched{UID: imap.UID(uid), Internal: at.Add(time.Duration(uid) * time.Minute), Parsed: p}
	}
	convs, _ := c.group([]fetched{
		// Our own first mail to a customer, then the customer's answer,
		// then an answer to an answer, and an unrelated thread.
		msg(1, "o1@shop.test", "Shop <support@shop.test>", "Ann <ann@customer.test>", "Your parcel"),
		msg(2, "a1@customer.test", "Ann <ann@customer.test>", "support@shop.test", "RE: Your parcel", "o1@shop.test"),
		msg(3, "b1@customer.test", "bob@customer.test", "support@shop.test", "Hello"),
		msg(4, "a2@customer.test", "Ann Other <ann@customer.test>", "support@shop.test", "Re: Re: Your parcel", "o1@shop.test", "a1@customer.test"),
	})
	if len(convs) != 2 {
		t.Fatalf("got %d conversations", len(convs))
	}
	ann := convs[0]
	if ann.RemoteID != "o1@shop.test" || ann.Subject != "Your parcel" || len(ann.Messages) != 3 {
		t.Errorf("ann thread %+v", ann)
	}
	if ann.Customer.RemoteID != customerA || ann.Customer.DisplayName != "Ann" {
		t.Errorf("customer %+v", ann.Customer)
	}
	dirs := []inbox.Direction{ann.Messages[0].Direction, ann.Messages[1].Direction, ann.Messages[2].Direction}
	if dirs[0] != inbox.Outbound || dirs[1] != inbox.Inbound || dirs[2] != inbox.Inbound {
		t.Errorf("directions %v", dirs)
	}
	if ann.Messages[2].ReplyToRemoteID != "a1@customer.test" || ann.Messages[0].Author != (inbox.Participant{}) {
		t.Errorf("messages %+v", ann.Messages)
	}
	if convs[1].RemoteID != "b1@customer.test" || convs[1].Customer.RemoteID != customerB {
		t.Errorf("bob %+v", convs[1])
	}
}

func refHeaders(refs []string) string {
	if len(refs) == 0 {
		return ""
	}
	h := "In-Reply-To: <" + refs[len(refs)-1] + ">\nReferences:"
	for _, r := range refs {
		h += " <" + r + ">"
	}
	return h + "\n"
}

func TestReplyHeaders(t *testing.T) {
	c := &Connector{fromAddress: supportAddr, fromName: "Shop Support", username: supportAddr, now: time.Now}
	long := make([]string, 30)
	for i := range long {
		long[i] = "m" + string(rune('a'+i%26)) + strings.Repeat("x", i) + "@x.test"
	}
	r := connector.Reply{
		IdempotencyKey: "k1", InReplyTo: "<last@x.test>", References: append([]string{"root@x.test"}, long...),
		Customer: inbox.Participant{RemoteID: "ann@customer.test", DisplayName: "Ann, \"the\" customer"},
		Subject:  "Delivery", Text: "Line one\nLine two with ünïcödé and a very long line " + strings.Repeat("word ", 30),
	}
	raw, err := c.renderReply(r, c.replyMessageID(r.IdempotencyKey), time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	p, err := parseMessage(raw)
	if err != nil {
		t.Fatal(err)
	}
	if p.MessageID != "careinbox.k1@shop.test" || p.InReplyTo != "last@x.test" || p.Subject != "Re: Delivery" {
		t.Errorf("headers %+v", p)
	}
	if len(p.References) != maxReferences || p.References[0] != "root@x.test" || p.References[maxReferences-1] != "last@x.test" {
		t.Errorf("references %v", p.References)
	}
	if p.Text != strings.TrimSpace(r.Text) || p.To[0].Name != "Ann, \"the\" customer" {
		t.Errorf("body/to %q %+v", p.Text, p.To[0])
	}
	for _, l := range strings.Split(string(raw), "\r\n") {
		if len(l) > 998 {
			t.Errorf("line longer than RFC 5322 allows: %d", len(l))
		}
	}
	if !strings.Contains(strings.ToLower(string(raw)), "mime-version: 1.0") || !strings.Contains(string(raw), "Date: Mon, 23 Nov 2026 12:00:00 +0000") {
		t.Errorf("missing MIME-Version or Date:\n%s", raw)
	}
	// Keys that are not safe in a Message-ID are hashed, stably.
	a, b := c.replyMessageID("reply 7/ü"), c.replyMessageID("reply 7/ü")
	if a != b || strings.ContainsAny(a, " /ü") {
		t.Errorf("unsafe key gave %q / %q", a, b)
	}
	for in, want := range map[string]string{"Hello": "Re: Hello", "Re: Hello": "Re: Hello", "RE: x": "RE: x", "": "Re: your message"} {
		if got := replySubject(in); got != want {
			t.Errorf("replySubject(%q) = %q", in, got)
		}
	}
}

// A satisfaction survey is sent by Care Inbox on its own: it says so
// (Auto-Submitted, RFC 3834) so responders leave it alone; a person's reply
// does not, or the customer's own filters could treat it as a robot's.
func TestAutoSubmitted(t *testing.T) {
	c := &Connector{fromAddress: supportAddr, now: time.Now}
	for _, automated := range []bool{false, true} {
		r := connector.Reply{IdempotencyKey: "k", Customer: inbox.Participant{RemoteID: "ann@customer.test"}, Text: "How did we do?", Automated: automated}
		raw, err := c.renderReply(r, c.replyMessageID(r.IdempotencyKey), time.Now())
		if err != nil {
			t.Fatal(err)
		}
		e, err := message.Read(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		want := map[bool]string{true: "auto-generated"}[automated]
		if got := e.Header.Get("Auto-Submitted"); got != want {
			t.Errorf("automated %v: Auto-Submitted %q, want %q", automated, got, want)
		}
	}
}

func TestConfig(t *testing.T) {
	base := func() map[string]string {
		return map[string]string{"imap_host": "imap.example.org", "smtp_host": "smtp.example.org", "username": "help@example.org"}
	}
	c, err := New(connector.Config{Settings: base(), Secrets: map[string]string{"password": "p"}})
	if err != nil {
		t.Fatal(err)
	}
	if c.imap.Port != 993 || c.smtp.Port != 465 || c.mailbox != "INBOX" || c.fromAddress != "help@example.org" {
		t.Errorf("defaults %+v", c)
	}
	s := base()
	s["imap_security"], s["smtp_security"] = "starttls", "starttls"
	if c, _ = New(connector.Config{Settings: s, Secrets: map[string]string{"password": "p"}}); c.imap.Port != 143 || c.smtp.Port != 587 {
		t.Errorf("starttls ports %d %d", c.imap.Port, c.smtp.Port)
	}
	s = base()
	s["smtp_port"] = "587"
	if c, _ = New(connector.Config{Settings: s, Secrets: map[string]string{"password": "p"}}); c.smtp.Security != SecurityStartTLS || c.imap.Security != SecurityTLS {
		t.Errorf("security from port 587: %s / %s", c.smtp.Security, c.imap.Security)
	}
	s = base()
	s["imap_security"] = "none"
	if _, err := New(connector.Config{Settings: s, Secrets: map[string]string{"password": "p"}}); kind(err) != connector.Permanent {
		t.Errorf("plaintext to a remote host allowed: %v", err)
	}
	if _, err := New(connector.Config{Settings: base()}); kind(err) != connector.AuthNeeded {
		t.Errorf("no password: %v", err)
	}
	c, err = New(connector.Config{Settings: base(), Secrets: map[string]string{"oauth_token": "tok", "auth": "oauthbearer"}})
	if err != nil || c.oauthMech != "oauthbearer" {
		t.Errorf("oauth: %v", err)
	}
	mech, ir, _ := (&xoauth2{user: "u@x", token: "t"}).Start()
	if mech != "XOAUTH2" || string(ir) != "user=u@x\x01auth=Bearer t\x01\x01" {
		t.Errorf("xoauth2 %q %q", mech, ir)
	}
}

func kind(err error) connector.Kind {
	ce, ok := connector.Classify(err)
	if !ok {
		return -1
	}
	return ce.Kind
}
