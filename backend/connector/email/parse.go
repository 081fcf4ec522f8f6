package email

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"mime"
	"strings"
	"time"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // decode ISO-8859-x, Windows-125x, Shift-JIS… bodies
	"github.com/emersion/go-message/mail"
)

// maxTextBytes bounds the text we keep from one message part.
const maxTextBytes = 256 << 10

// parsed is what we take from one e-mail.
type parsed struct {
	MessageID  string // without angle brackets
	InReplyTo  string
	References []string
	Subject    string
	From       *mail.Address
	To, Cc     []*mail.Address
	Date       time.Time
	Text       string
}

// parseMessage reads a (possibly truncated) RFC 5322 message. It is lenient:
// unknown charsets, truncated multiparts and odd headers still give text.
func parseMessage(raw []byte) (parsed, error) {
	e, err := message.Read(bytes.NewReader(raw))
	if e == nil {
		return parsed{}, err
	}
	h := mail.Header{Header: e.Header}
	var p parsed
	p.MessageID, _ = h.MessageID()
	if ids, err := h.MsgIDList("In-Reply-To"); err == nil && len(ids) > 0 {
		p.InReplyTo = ids[0]
	}
	p.References, _ = h.MsgIDList("References")
	if p.Subject, err = h.Subject(); err != nil {
		p.Subject = h.Get("Subject")
	}
	if from, err := h.AddressList("From"); err == nil && len(from) > 0 {
		p.From = from[0]
	} else if v := h.Get("From"); v != "" {
		p.From = looseAddress(v)
	}
	p.To, _ = h.AddressList("To")
	p.Cc, _ = h.AddressList("Cc")
	p.Date, _ = h.Date()
	plain, html := findText(e)
	switch {
	case strings.TrimSpace(plain) != "":
		p.Text = plain
	case html != "":
		p.Text = htmlToText(html)
	}
	p.Text = stripQuoted(normalizeText(p.Text))
	return p, nil
}

// looseAddress salvages "Name <addr>" that net/mail refuses (bad quoting,
// stray characters): the part in angle brackets is what matters.
func looseAddress(v string) *mail.Address {
	dec := &mime.WordDecoder{}
	if d, err := dec.DecodeHeader(v); err == nil {
		v = d
	}
	if i, j := strings.LastIndex(v, "<"), strings.LastIndex(v, ">"); i >= 0 && j > i {
		return &mail.Address{Name: strings.Trim(strings.TrimSpace(v[:i]), `"`), Address: strings.TrimSpace(v[i+1 : j])}
	}
	return &mail.Address{Address: strings.TrimSpace(v)}
}

// findText walks the MIME tree and returns the first inline text/plain and
// the first inline text/html part. Attachments and forwarded messages are
// skipped: the inbox shows what the customer wrote, not their files.
func findText(e *message.Entity) (plain, html string) {
	var walk func(e *message.Entity, depth int)
	walk = func(e *message.Entity, depth int) {
		if depth > 10 {
			return
		}
		if mr := e.MultipartReader(); mr != nil {
			for {
				part, err := mr.NextPart()
				if err != nil {
					// io.EOF, or a truncated/garbled part: keep what we have.
					return
				}
				walk(part, depth+1)
			}
		}
		disp, _, _ := e.Header.ContentDisposition()
		if disp == "attachment" {
			return
		}
		ct, _, err := e.Header.ContentType()
		if err != nil || ct == "" {
			ct = "text/plain" // RFC 2045 default
		}
		switch ct {
		case "text/plain":
			if plain == "" {
				plain = readText(e.Body)
			}
		case "text/html":
			if html == "" {
				html = readText(e.Body)
			}
		}
	}
	walk(e, 0)
	return plain, html
}

// readText reads a decoded body, keeping what arrived before a decoding
// error (a truncated fetch ends mid-part).
func readText(r io.Reader) string {
	b, err := io.ReadAll(io.LimitReader(r, maxTextBytes))
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && len(b) == 0 {
		return ""
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// normalizeText unifies line endings and trims trailing blanks so the same
// mail always yields the same text.
func normalizeText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := 0
	for _, l := range lines {
		l = strings.TrimRight(l, " \t\u00a0")
		if l == "" {
			blank++
			if blank > 2 {
				continue // collapse runs of empty lines
			}
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// syntheticID makes a stable Message-ID for mail that has none. It hashes
// the message itself rather than its UID, so it survives a UIDVALIDITY reset
// and the store's upsert still sees the same message.
func syntheticID(raw []byte) string {
	sum := sha256.Sum256(raw)
	return "careinbox-" + hex.EncodeToString(sum[:12]) + "@no-message-id.invalid"
}

// threadRoot is the conversation key: the oldest ancestor a message names.
func threadRoot(p parsed) string {
	switch {
	case len(p.References) > 0:
		return p.References[0]
	case p.InReplyTo != "":
		return p.InReplyTo
	default:
		return p.MessageID
	}
}

// baseSubject strips reply and forward prefixes so every message of a
// thread names the conversation the same way.
func baseSubject(s string) string {
	s = strings.TrimSpace(s)
	for {
		lower := strings.ToLower(s)
		cut := false
		for _, pre := range []string{"re:", "fw:", "fwd:", "aw:", "wg:", "sv:", "vs:", "tr:", "r:"} {
			if strings.HasPrefix(lower, pre) {
				s = strings.TrimSpace(s[len(pre):])
				cut = true
				break
			}
		}
		if !cut {
			return s
		}
	}
}
