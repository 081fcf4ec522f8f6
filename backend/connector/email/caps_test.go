package email

import (
	"encoding/base64"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/emersion/go-imap/v2"
)

// nestedQuotes is the shape that once turned a small mail into hundreds of
// megabytes: every line of text sits under depth <blockquote>s.
func nestedQuotes(depth, lines int) string {
	var b strings.Builder
	b.WriteString("From: Stranger <x@spam.test>\r\nSubject: hi\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>")
	b.WriteString(strings.Repeat("<blockquote>", depth))
	b.WriteString(strings.Repeat("x<br>", lines))
	b.WriteString("</body></html>\r\n")
	return b.String()
}

func hugeBase64(n int) string {
	body := base64.StdEncoding.EncodeToString([]byte(strings.Repeat("All work and no play. ", n/22+1)))
	var b strings.Builder
	b.WriteString("From: a@b.test\r\nSubject: big\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	for len(body) > 76 {
		b.WriteString(body[:76] + "\r\n")
		body = body[76:]
	}
	b.WriteString(body + "\r\n")
	return b.String()
}

// TestPathologicalMailBounded: whatever the mail, the text is capped, quote
// markers stay shallow and parsing allocates a bounded amount.
func TestPathologicalMailBounded(t *testing.T) {
	tests := []struct {
		name    string
		raw     string
		cut     bool
		maxHeap uint64 // bytes allocated by one parse
	}{
		{"nested blockquotes", nestedQuotes(3000, 6000), false, 32 << 20},
		{"deep and long nested blockquotes", nestedQuotes(20000, 40000), true, 48 << 20},
		{"huge base64 part", hugeBase64(5 << 20), true, 48 << 20},
		{"deep plain-text quotes", "Subject: q\r\n\r\nHi\r\n" + strings.Repeat(strings.Repeat("> ", 400)+"old\r\n", 300), false, 16 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p parsed
			heap := allocated(func() { p, _ = parseMessage([]byte(tt.raw)) })
			if heap > tt.maxHeap && !raceEnabled {
				t.Errorf("parsing a %d KB mail allocated %d MB, want at most %d MB", len(tt.raw)>>10, heap>>20, tt.maxHeap>>20)
			}
			if len(p.Text) > maxStoredText {
				t.Errorf("text is %d bytes, cap %d", len(p.Text), maxStoredText)
			}
			if p.Cut != tt.cut {
				t.Errorf("cut = %v, want %v", p.Cut, tt.cut)
			}
			if !utf8.ValidString(p.Text) {
				t.Error("text is not valid UTF-8")
			}
			for _, l := range strings.Split(p.Text, "\n") {
				if d := strings.Count(l[:len(l)-len(strings.TrimLeft(l, "> "))], ">"); d > maxQuoteDepth {
					t.Fatalf("a line quoted %d deep: %.60q", d, l)
				}
			}
		})
	}
}

func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestFetchMarksShortenedMail: a mail larger than what is downloaded says
// so in its text and its extra, with the original size; one whose text is
// whole before a big attachment does not.
func TestFetchMarksShortenedMail(t *testing.T) {
	m := newMemMail(t)
	c := m.connector(t, nil)
	big := strings.Replace(hugeBase64(2<<20), "Subject: big", "Message-ID: <big@b.test>\r\nSubject: big", 1)
	attach := "From: a@b.test\r\nMessage-ID: <att@b.test>\r\nSubject: invoice\r\nContent-Type: multipart/mixed; boundary=m\r\n\r\n" +
		"--m\r\nContent-Type: text/plain\r\n\r\nInvoice attached.\r\n--m\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\n" + strings.Repeat(strings.Repeat("A", 76)+"\r\n", 20000) + "--m--\r\n"
	appendRaw(t, m.imapAddr, "INBOX", []imap.Flag{}, big)
	appendRaw(t, m.imapAddr, "INBOX", []imap.Flag{}, attach)
	convs, _ := drainPages(t, c, "")
	got := map[string]string{}
	extra := map[string]map[string]any{}
	for _, cv := range convs {
		for _, msg := range cv.Messages {
			got[msg.RemoteID], extra[msg.RemoteID] = msg.Text, msg.Extra
		}
	}
	want := fmt.Sprintf("[Message shortened — the full original is %s;", humanSize(int64(len(big))))
	if !strings.Contains(got["big@b.test"], want) || extra["big@b.test"]["shortened"] != true ||
		extra["big@b.test"]["original_bytes"] != int64(len(big)) {
		t.Errorf("big mail: %q… extra %v", tail(got["big@b.test"], 120), extra["big@b.test"])
	}
	if len(got["big@b.test"]) > maxStoredText+200 {
		t.Errorf("big mail text is %d bytes", len(got["big@b.test"]))
	}
	if got["att@b.test"] != "Invoice attached." || extra["att@b.test"]["shortened"] != nil {
		t.Errorf("mail with a big attachment: %q %v", got["att@b.test"], extra["att@b.test"])
	}
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}

// TestHeadersAreValidUTF8: broken or raw 8-bit Subject and From headers
// are decoded where they can be and never reach the store as invalid UTF-8.
func TestHeadersAreValidUTF8(t *testing.T) {
	tests := []struct {
		name, from, subject string
		wantName, wantSubj  string
	}{
		{"RFC 2047 Latin-1", "=?iso-8859-1?q?Ren=E9e?= <r@x.test>", "=?iso-8859-1?q?Caf=E9_cr=E8me?=", "Renée", "Café crème"},
		{"RFC 2047 UTF-8 split word", "Ann <a@x.test>", "=?utf-8?b?R3LDvMOf?= =?utf-8?q?e_aus_K=C3=B6ln?=", "Ann", "Grüße aus Köln"},
		{"raw Latin-1 bytes", "Ren\xe9e <r@x.test>", "Caf\xe9 \xff\xfe", "Ren\uFFFDe", "Caf\uFFFD \uFFFD"}, // a run of bad bytes is one U+FFFD
		{"UTF-8 word with invalid bytes", "=?utf-8?q?Bad_=FF_name?= <b@x.test>", "=?utf-8?q?Order_=C3_12?=", "Bad \uFFFD name", "Order \uFFFD 12"},
		{"unknown charset", "Ann <a@x.test>", "=?x-unknown?q?Hello?=", "Ann", "=?x-unknown?q?Hello?="},
		{"control characters", "Ann\x01 <a@x.test>", "Hi\x1b[31m there\x7f", "Ann", "Hi[31m there"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := parseMessage([]byte("From: " + tt.from + "\r\nSubject: " + tt.subject + "\r\nMessage-ID: <m\xff@x.test>\r\n\r\nbody\r\n"))
			if err != nil {
				t.Fatal(err)
			}
			if p.From == nil || p.From.Name != tt.wantName || p.Subject != tt.wantSubj {
				t.Errorf("from %+v subject %q", p.From, p.Subject)
			}
			for _, s := range []string{p.Subject, p.From.Name, p.From.Address, p.MessageID, p.Text} {
				if !utf8.ValidString(s) {
					t.Errorf("invalid UTF-8: %q", s)
				}
			}
		})
	}
}
