package email

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Seeds for the parsers of untrusted mail; `go test` runs them, `go test
// -fuzz=FuzzParseMessage` (make fuzz) explores from them.
var mailSeeds = []string{
	"Subject: x\r\n\r\nHello\r\n",
	"From: =?iso-8859-1?q?Ren=E9e?= <r@x.test>\r\nSubject: =?utf-8?b?R3LDvMOf?=\r\n\r\nHi\r\n",
	"From: Ren\xe9e <r@x.test>\r\nSubject: Caf\xe9\r\nMessage-ID: <\xff@x>\r\n\r\n\xff\xfe body\r\n",
	"Content-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nPlain\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>HTML</p>\r\n--b--\r\n",
	"Content-Type: multipart/mixed; boundary=m\r\n\r\n--m\r\nContent-Type: multipart/alternative; boundary=a\r\n\r\n--a\r\nContent-Type: text/html\r\n\r\n<blockquote><blockquote>x</blockquote></blockquote>\r\n--a--\r\n--m\r\nContent-Disposition: attachment\r\n\r\nfile\r\n",
	"Content-Type: text/html; charset=utf-8\r\n\r\n" + strings.Repeat("<blockquote>", 50) + strings.Repeat("x<br>", 50),
	"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\nSGVsbG8gd29ybGQ=\r\n",
	"Content-Type: text/plain; charset=x-unknown\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nCaf=E9=\r\n",
	"Content-Type: multipart/mixed; boundary=\"\"\r\n\r\n--\r\n",
	"Subject: q\r\n\r\nHi\r\n\r\nOn Mon, Ann wrote:\r\n" + strings.Repeat(">", 40) + " old\r\n",
}

func FuzzParseMessage(f *testing.F) {
	for _, s := range mailSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		p, err := parseMessage(raw)
		if err != nil {
			return
		}
		fields := []string{p.Subject, p.MessageID, p.InReplyTo, p.Text}
		fields = append(fields, p.References...)
		if p.From != nil {
			fields = append(fields, p.From.Name, p.From.Address)
		}
		for _, s := range fields {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 in %q", s)
			}
		}
		if len(p.Text) > maxStoredText || len(p.Subject) > maxHeaderText {
			t.Fatalf("text %d bytes, subject %d bytes", len(p.Text), len(p.Subject))
		}
		for _, l := range strings.Split(p.Text, "\n") {
			if d := strings.Count(l[:len(l)-len(strings.TrimLeft(l, "> "))], ">"); d > maxQuoteDepth {
				t.Fatalf("line quoted %d deep", d)
			}
		}
	})
}

func FuzzHTMLToText(f *testing.F) {
	for _, s := range []string{
		"<p>Hello <b>world</b></p>",
		"<blockquote><blockquote><p>old</p></blockquote></blockquote><br>new",
		strings.Repeat("<blockquote>", 200) + strings.Repeat("x<br>", 200),
		"<pre>  keep\n  this</pre><script>evil()</script><img alt=\"logo\">",
		"<table><tr><td>a</td><td>b</td></tr></table><ul><li>1<li>2</ul>",
		"&amp;&lt;&#x1F600;&nbsp;<",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if !utf8.ValidString(src) {
			return // readText hands htmlToText valid UTF-8 only
		}
		out, _ := htmlToText(src)
		if len(out) > maxRenderedBytes {
			t.Fatalf("%d bytes rendered", len(out))
		}
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out: %q", out)
		}
	})
}
