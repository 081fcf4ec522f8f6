package email

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/textproto"
	"strings"

	"github.com/emersion/go-message"
)

// maxDSNPart bounds what is read of one part of a delivery report: the
// status fields and the original's headers are small; anything past this
// is not a report a mail server wrote.
const maxDSNPart = 64 << 10

// maxDSNRecipients bounds the per-recipient blocks read from one report.
const maxDSNRecipients = 20

// bounce is what a delivery status notification (RFC 3464) says about one
// of our replies: the mail system accepted it and later gave it back.
type bounce struct {
	Original string // the returned mail's Message-ID, without brackets
	Failed   bool   // Action: failed for a recipient (not delayed, relayed…)
	Reason   string // in plain words
}

// ourBounce is the delivery report raw is about one of our own replies
// (its Message-ID is one replyMessageID makes), nil for any other mail:
// a report on mail sent from elsewhere stays a message like any other.
func ourBounce(raw []byte) *bounce {
	b, ok := parseBounce(raw)
	if !ok || !strings.HasPrefix(b.Original, "careinbox.") {
		return nil
	}
	return &b
}

// parseBounce reads raw as a delivery report. ok is false for anything
// else: a human's mail, or a report that names no original Message-ID
// (nothing it could be matched with). Reports are multipart/report with
// report-type=delivery-status and a message/delivery-status part (RFC
// 3462/3464), or their internationalised forms (RFC 6533); the original
// comes as message/rfc822 or text/rfc822-headers.
func parseBounce(raw []byte) (b bounce, ok bool) {
	e, _ := message.Read(bytes.NewReader(raw)) // an odd header still leaves the parts
	if e == nil {
		return bounce{}, false
	}
	mt, params, err := e.Header.ContentType()
	if err != nil || mt != "multipart/report" || !strings.EqualFold(params["report-type"], "delivery-status") {
		return bounce{}, false
	}
	mr := e.MultipartReader()
	if mr == nil {
		return bounce{}, false
	}
	var status []textproto.MIMEHeader
	for range 10 { // a report has three parts; more is not one
		part, err := mr.NextPart()
		if err != nil {
			break
		}
		ct, _, _ := part.Header.ContentType()
		body := io.LimitReader(part.Body, maxDSNPart)
		switch ct {
		case "message/delivery-status", "message/global-delivery-status":
			status = statusBlocks(body)
		case "message/rfc822", "text/rfc822-headers", "message/global", "message/global-headers":
			if h, err := headerOf(body); err == nil || len(h) > 0 {
				b.Original = originalID(h.Get("Message-Id"))
			}
		}
	}
	if b.Original == "" || len(status) == 0 {
		return bounce{}, false
	}
	// The first block holds the per-message fields; recipients follow.
	for _, rcpt := range status[1:] {
		if !strings.EqualFold(strings.TrimSpace(rcpt.Get("Action")), "failed") {
			continue
		}
		b.Failed = true
		b.Reason = cleanHeader(bounceReason(rcpt))
		break
	}
	return b, true
}

// statusBlocks splits a message/delivery-status body into its field
// blocks: the per-message fields, then one block per recipient.
func statusBlocks(r io.Reader) []textproto.MIMEHeader {
	tp := textproto.NewReader(bufio.NewReader(r))
	var out []textproto.MIMEHeader
	for len(out) <= maxDSNRecipients {
		h, err := tp.ReadMIMEHeader()
		if len(h) > 0 {
			out = append(out, h)
		}
		if err != nil {
			break
		}
	}
	return out
}

// headerOf reads the original's header fields (all there is of a
// text/rfc822-headers part, the head of a message/rfc822 one).
func headerOf(r io.Reader) (textproto.MIMEHeader, error) {
	return textproto.NewReader(bufio.NewReader(r)).ReadMIMEHeader()
}

// originalID is a Message-ID field's id without brackets.
func originalID(v string) string {
	v = strings.TrimSpace(v)
	if i := strings.IndexByte(v, '<'); i >= 0 {
		if j := strings.IndexByte(v[i:], '>'); j > 0 {
			v = v[i+1 : i+j]
		}
	}
	return cleanHeader(v)
}

// bounceReason says why a recipient failed: the remote server's own words
// (Diagnostic-Code, without its "smtp;" type), else what the status code
// means.
func bounceReason(rcpt textproto.MIMEHeader) string {
	who := addressOf(rcpt.Get("Final-Recipient"))
	if who == "" {
		who = addressOf(rcpt.Get("Original-Recipient"))
	}
	status := strings.TrimSpace(rcpt.Get("Status"))
	why := rcpt.Get("Diagnostic-Code")
	if _, after, ok := strings.Cut(why, ";"); ok {
		why = after
	}
	why = strings.Join(strings.Fields(why), " ")
	if why == "" {
		why = statusWords(status)
	}
	if len(why) > 300 {
		why = truncateUTF8(why, 300) + "…"
	}
	to := "the customer"
	if who != "" {
		to = who
	}
	msg := fmt.Sprintf("the mail system returned this reply: it could not be delivered to %s", to)
	if why != "" {
		msg += " (" + why + ")"
	}
	// Not "check … before retrying": that asks whether it arrived, and
	// here it is known that it did not.
	return msg + ". Retry sends it to the same address again"
}

// addressOf is the address of an "rfc822; ann@example.org" field.
func addressOf(v string) string {
	if _, after, ok := strings.Cut(v, ";"); ok {
		v = after
	}
	return strings.Trim(strings.TrimSpace(v), "<>")
}

var statusMeaning = map[string]string{
	"5.1.1": "no such mailbox", "5.1.2": "no such domain", "5.1.10": "no such domain",
	"5.2.1": "the mailbox is disabled", "5.2.2": "the mailbox is full", "5.2.3": "the message is too large",
	"5.3.4": "the message is too large", "5.4.4": "no such domain", "5.4.7": "delivery took too long",
	"4.4.7": "delivery took too long", "5.7.1": "refused by the receiving server's policy",
}

// statusWords says what an enhanced status code (RFC 3463) means, for
// reports without the remote server's own words.
func statusWords(code string) string {
	if w, ok := statusMeaning[code]; ok {
		return w + ", " + code
	}
	return code
}
