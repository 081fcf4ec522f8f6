package email

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"
	"time"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/charset" // also registers ISO-8859-x, Windows-125x, Shift-JIS… for bodies
	"github.com/emersion/go-message/mail"
)

const (
	// maxTextBytes bounds the decoded text we read from one message part.
	maxTextBytes = 256 << 10
	// maxStoredText bounds a message's text as stored and shown.
	maxStoredText = maxRenderedBytes
	// maxHeaderText bounds a subject or name.
	maxHeaderText = 1000
)

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
	// Cut is set when a size cap dropped part of the text; Size is then
	// the whole message's size in bytes.
	Cut  bool
	Size int64
	// single is a message without MIME parts: a cut download then always
	// cuts its text.
	single bool
	// report is a multipart/report: maybe the mail system's delivery
	// report on one of our replies (see ourBounce).
	report bool
}

// shortened appends the note that tells the user the text is not all of
// the mail, with the original's size.
func shortened(text string, size int64) string {
	note := fmt.Sprintf("[Message shortened — the full original is %s; open it in your mail program to read all of it.]", humanSize(size))
	if text == "" {
		return note
	}
	return text + "\n\n" + note
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
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
		p.Subject = decodeLoose(h.Get("Subject"))
	}
	if from, err := h.AddressList("From"); err == nil && len(from) > 0 {
		p.From = from[0]
	} else if v := h.Get("From"); v != "" {
		p.From = looseAddress(v)
	}
	p.To, _ = h.AddressList("To")
	p.Cc, _ = h.AddressList("Cc")
	p.Date, _ = h.Date()
	mt, _, err := e.Header.ContentType()
	if err != nil || !strings.HasPrefix(mt, "multipart/") {
		p.single = true
	}
	p.report = mt == "multipart/report"
	plain, html, cut := findText(e)
	switch {
	case strings.TrimSpace(plain) != "":
		p.Text = plain
	case html != "":
		var hcut bool
		p.Text, hcut = htmlToText(html)
		cut = cut || hcut
	}
	p.Text = stripQuoted(normalizeText(p.Text))
	if len(p.Text) > maxStoredText {
		p.Text, cut = truncateUTF8(p.Text, maxStoredText), true
	}
	p.Cut = cut
	sanitize(&p)
	return p, nil
}

// sanitize makes every header-derived field valid UTF-8 without control
// characters, and bounded: raw 8-bit headers (Latin-1 sent without
// RFC 2047), broken encoded words and stray bytes must not reach the
// database or the screen.
func sanitize(p *parsed) {
	p.MessageID = cleanHeader(p.MessageID)
	p.InReplyTo = cleanHeader(p.InReplyTo)
	for i, r := range p.References {
		p.References[i] = cleanHeader(r)
	}
	p.Subject = cleanHeader(p.Subject)
	for _, a := range append(append([]*mail.Address{p.From}, p.To...), p.Cc...) {
		if a != nil {
			a.Name, a.Address = cleanHeader(a.Name), cleanHeader(a.Address)
		}
	}
}

func cleanHeader(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return -1
		}
		return r
	}, s)
	return truncateUTF8(strings.TrimSpace(s), maxHeaderText)
}

// looseAddress salvages "Name <addr>" that net/mail refuses (bad quoting,
// stray characters): the part in angle brackets is what matters.
func looseAddress(v string) *mail.Address {
	v = decodeLoose(v)
	if i, j := strings.LastIndex(v, "<"), strings.LastIndex(v, ">"); i >= 0 && j > i {
		return &mail.Address{Name: strings.Trim(strings.TrimSpace(v[:i]), `"`), Address: strings.TrimSpace(v[i+1 : j])}
	}
	return &mail.Address{Address: strings.TrimSpace(v)}
}

// decodeLoose decodes the RFC 2047 words of a header the strict parser
// refused, one word at a time: a word in an unknown charset or with bad
// encoding stays as written instead of taking the whole header with it.
func decodeLoose(v string) string {
	dec := &mime.WordDecoder{CharsetReader: charset.Reader}
	if d, err := dec.DecodeHeader(v); err == nil {
		return d
	}
	return v
}

// findText walks the MIME tree and returns the first inline text/plain and
// the first inline text/html part. Attachments and forwarded messages are
// skipped: the inbox shows what the customer wrote, not their files.
func findText(e *message.Entity) (plain, html string, cut bool) {
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
				var c bool
				plain, c = readText(e.Body)
				cut = cut || c
			}
		case "text/html":
			if html == "" {
				var c bool
				html, c = readText(e.Body)
				cut = cut || c
			}
		}
	}
	walk(e, 0)
	return plain, html, cut
}

// readText reads a decoded body, keeping what arrived before a decoding
// error (a truncated fetch ends mid-part).
// At most maxTextBytes are kept; cut reports that there was more.
func readText(r io.Reader) (text string, cut bool) {
	b, err := io.ReadAll(io.LimitReader(r, maxTextBytes+1))
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && len(b) == 0 {
		return "", false
	}
	if len(b) > maxTextBytes {
		b, cut = b[:maxTextBytes], true
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		cut = true // the part ends early: the download was cut inside it
	}
	return strings.ToValidUTF8(string(b), "\uFFFD"), cut
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
		l = strings.TrimRight(collapseQuotes(l), " \t\u00a0")
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
