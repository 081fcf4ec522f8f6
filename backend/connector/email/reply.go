package email

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-message"
	"github.com/emersion/go-message/mail"

	"careinbox/backend/connector"
)

// maxReferences keeps the References header short on very long threads;
// RFC 5322 §3.6.4 allows dropping middle entries as long as the root stays.
const maxReferences = 20

// Reply files a copy of r in the Sent mailbox, submits it over SMTP and
// then marks the copy sent (see sentcopy.go). The Message-ID comes from the
// idempotency key, so FindSent and a retry find the copy and its flags tell
// "sent" from "never sent" from "the server may have it", even after this
// process was killed half-way. A copy already marked sent means the reply
// is out: nothing is sent again. The outbox only calls Reply for a reply it
// knows was not sent or that the user chose to retry after being told it
// was uncertain, so an older unsent or uncertain copy is replaced.
func (c *Connector) Reply(ctx context.Context, r connector.Reply) (connector.Sent, error) {
	id, to, err := c.composeReply(r)
	if err != nil {
		return connector.Sent{}, err
	}
	s, err := c.openIMAP(ctx, nil)
	if err != nil {
		return connector.Sent{}, err
	}
	defer s.close()
	box, exists, err := c.sentMailboxName(s.c)
	if err != nil {
		return connector.Sent{}, c.classify(ctx, stageCommand, err)
	}
	sel, err := selectSent(s.c, box, exists)
	if err != nil {
		return connector.Sent{}, c.classify(ctx, stageCommand, err)
	}
	earlier, err := sentCopies(s.c, id)
	if err != nil {
		return connector.Sent{}, c.classify(ctx, stageCommand, err)
	}
	if state, at := verdict(earlier); state == copySent {
		c.log.Info("email: reply already in Sent, not sending again", "message_id", id)
		return connector.Sent{RemoteID: id, SentAt: at}, nil
	}
	date := c.now().UTC().Truncate(time.Second)
	raw, err := c.renderReply(r, id, date)
	if err != nil {
		return connector.Sent{}, err
	}
	uid, err := fileUnsent(s.c, box, raw, date, keywordsAllowed(sel), id)
	if err != nil {
		return connector.Sent{}, c.classify(ctx, stageCommand, err)
	}
	stale := make([]imap.UID, 0, len(earlier))
	for _, e := range earlier {
		stale = append(stale, e.uid)
	}
	if err := discard(s.c, stale); err != nil {
		c.log.Warn("email: could not remove an earlier unsent copy from Sent", "mailbox", box, "err", err)
	}
	uncertain, err := c.submit(ctx, c.fromAddress, to, raw, func() error { return markSubmitting(s.c, uid) })
	if err != nil {
		if uncertain {
			// The copy stays "uncertain": FindSent reports it so, and the
			// user decides, because sending again could mail it twice.
			return connector.Sent{}, err
		}
		// The server never took it: the copy must not look sent.
		if derr := discard(s.c, []imap.UID{uid}); derr != nil && ctx.Err() == nil {
			c.log.Warn("email: could not remove the copy of an unsent reply from Sent", "mailbox", box, "err", derr)
		}
		return connector.Sent{}, err
	}
	// The mail is out: from here on a failure must not make the outbox
	// send again, so confirming the copy is best effort (logged, not returned).
	if err := markSent(s.c, uid); err != nil {
		if ctx.Err() == nil {
			c.log.Warn("email: reply sent but its Sent copy not confirmed; retrying on a new connection", "mailbox", box, "err", err)
			if s2, err2 := c.openIMAP(ctx, nil); err2 == nil {
				if _, err = s2.c.Select(box, nil).Wait(); err == nil {
					err = markSent(s2.c, uid)
				}
				s2.close()
			}
		}
		if err != nil {
			c.log.Warn("email: reply sent but its Sent copy not confirmed", "mailbox", box, "err", err)
		}
	}
	return connector.Sent{RemoteID: id, SentAt: date}, nil
}

// FindSent looks the reply up in the Sent mailbox by the Message-ID its
// idempotency key gives: a copy marked sent is found; none, or only one
// filed before the submission started, is "never sent"; one whose
// submission was interrupted is an error asking the user to check, since
// the server may have delivered it.
func (c *Connector) FindSent(ctx context.Context, r connector.Reply) (connector.Sent, bool, error) {
	if r.IdempotencyKey == "" {
		return connector.Sent{}, false, connector.Errorf(connector.Permanent, nil, "a reply without an idempotency key cannot be looked up")
	}
	id := c.replyMessageID(r.IdempotencyKey)
	s, err := c.openIMAP(ctx, nil)
	if err != nil {
		return connector.Sent{}, false, err
	}
	defer s.close()
	box, exists, err := c.sentMailboxName(s.c)
	if err != nil || !exists {
		return connector.Sent{}, false, c.classify(ctx, stageCommand, err)
	}
	if _, err := s.c.Select(box, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		return connector.Sent{}, false, c.classify(ctx, stageCommand, err)
	}
	copies, err := sentCopies(s.c, id)
	if err != nil {
		return connector.Sent{}, false, c.classify(ctx, stageCommand, err)
	}
	switch state, at := verdict(copies); state {
	case copySent:
		return connector.Sent{RemoteID: id, SentAt: at}, true, nil
	case copyUncertain:
		return connector.Sent{}, false, connector.Errorf(connector.Permanent, nil,
			"Care Inbox stopped while %s was taking this reply, so it may or may not have reached the customer; check before retrying", c.smtp.Host)
	default:
		return connector.Sent{}, false, nil
	}
}

// composeReply validates r and works out its Message-ID and recipients.
func (c *Connector) composeReply(r connector.Reply) (id string, to []string, err error) {
	bad := func(format string, args ...any) error {
		return connector.Errorf(connector.Permanent, nil, format, args...)
	}
	switch {
	case r.IdempotencyKey == "":
		return "", nil, bad("a reply needs an idempotency key so it is never sent twice")
	case c.fromAddress == "":
		return "", nil, bad("set the sender address of this handle before replying")
	case !strings.Contains(r.Customer.RemoteID, "@"):
		return "", nil, bad("the customer has no e-mail address to reply to")
	case strings.TrimSpace(r.Text) == "":
		return "", nil, bad("the reply is empty")
	}
	return c.replyMessageID(r.IdempotencyKey), []string{r.Customer.RemoteID}, nil
}

// replyMessageID is the Message-ID (without brackets) of the reply with this
// idempotency key: the same key always gives the same id.
func (c *Connector) replyMessageID(key string) string {
	local := key
	if len(local) > 64 || strings.IndexFunc(local, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '_')
	}) >= 0 || local == "" {
		sum := sha256.Sum256([]byte(key))
		local = hex.EncodeToString(sum[:16])
	}
	domain := "careinbox.local"
	if _, d, ok := strings.Cut(c.fromAddress, "@"); ok && d != "" {
		domain = d
	}
	return "careinbox." + local + "@" + domain
}

// renderReply writes the MIME message: plain text, UTF-8, quoted-printable,
// threaded with In-Reply-To and References.
func (c *Connector) renderReply(r connector.Reply, id string, date time.Time) ([]byte, error) {
	var h mail.Header
	h.SetDate(date)
	h.SetAddressList("From", []*mail.Address{{Name: c.fromName, Address: c.fromAddress}})
	h.SetAddressList("To", []*mail.Address{{Name: r.Customer.DisplayName, Address: r.Customer.RemoteID}})
	h.SetSubject(replySubject(r.Subject))
	h.SetMessageID(id)
	if ir := strings.Trim(strings.TrimSpace(r.InReplyTo), "<>"); ir != "" {
		h.SetMsgIDList("In-Reply-To", []string{ir})
	}
	if refs := references(r.References, r.InReplyTo); len(refs) > 0 {
		h.SetMsgIDList("References", refs)
	}
	if r.Automated {
		// RFC 3834 §5: responders must not answer it, so an out-of-office
		// reply neither reaches the queue nor counts as the survey's answer.
		h.Set("Auto-Submitted", "auto-generated")
	}
	h.Set("MIME-Version", "1.0")
	h.SetContentType("text/plain", map[string]string{"charset": "utf-8"})
	h.Set("Content-Transfer-Encoding", "quoted-printable")
	var buf bytes.Buffer
	w, err := message.CreateWriter(&buf, h.Header)
	if err != nil {
		return nil, fmt.Errorf("write reply header: %w", err)
	}
	if _, err := w.Write([]byte(strings.ReplaceAll(r.Text, "\r\n", "\n"))); err != nil {
		return nil, fmt.Errorf("write reply body: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("finish reply: %w", err)
	}
	return buf.Bytes(), nil
}

// replySubject adds one "Re: " unless the subject already is a reply.
func replySubject(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(strings.ToLower(s), "re:") {
		return s
	}
	if s == "" {
		return "Re: your message"
	}
	return "Re: " + s
}

// references is the thread's ancestry ending with the message answered,
// trimmed in the middle (keeping the root) when long.
func references(refs []string, inReplyTo string) []string {
	out := make([]string, 0, len(refs)+1)
	seen := map[string]bool{}
	for _, r := range refs {
		r = strings.Trim(strings.TrimSpace(r), "<>")
		if r != "" && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	if ir := strings.Trim(inReplyTo, "<> "); ir != "" {
		if seen[ir] {
			// Move it to the end: the last reference must be the parent.
			out = removeString(out, ir)
		}
		out = append(out, ir)
	}
	if len(out) > maxReferences {
		out = append(out[:1], out[len(out)-(maxReferences-1):]...)
	}
	return out
}

func removeString(s []string, v string) []string {
	out := s[:0]
	for _, x := range s {
		if x != v {
			out = append(out, x)
		}
	}
	return out
}

// sentMailboxName finds where sent mail goes: the configured mailbox, else
// the one marked \Sent (RFC 6154), else a conventionally named one, else
// "Sent" (exists=false: created on first append).
func (c *Connector) sentMailboxName(cl *imapclient.Client) (name string, exists bool, err error) {
	if c.sentMailbox != "" {
		return c.sentMailbox, true, nil
	}
	opts := &imap.ListOptions{}
	caps := cl.Caps()
	if caps.Has(imap.CapSpecialUse) && (caps.Has(imap.CapListExtended) || caps.Has(imap.CapIMAP4rev2)) {
		opts.ReturnSpecialUse = true
	}
	boxes, err := cl.List("", "*", opts).Collect()
	if err != nil {
		return "", false, err
	}
	for _, b := range boxes {
		for _, a := range b.Attrs {
			if strings.EqualFold(string(a), string(imap.MailboxAttrSent)) {
				return b.Mailbox, true, nil
			}
		}
	}
	for _, want := range []string{"Sent", "Sent Items", "Sent Messages", "Sent Mail", "INBOX.Sent", "INBOX/Sent"} {
		for _, b := range boxes {
			if strings.EqualFold(b.Mailbox, want) {
				return b.Mailbox, true, nil
			}
		}
	}
	return "Sent", false, nil
}
