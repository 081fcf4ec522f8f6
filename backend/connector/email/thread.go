package email

import (
	"strings"
	"time"

	"github.com/emersion/go-message/mail"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

// group turns fetched mail into conversations keyed by thread root, in the
// order their first message appears (UID order).
func (c *Connector) group(msgs []fetched) ([]connector.Conversation, []connector.Undelivered) {
	var convs []connector.Conversation
	var undelivered []connector.Undelivered
	index := map[string]int{}
	for _, f := range msgs {
		if b := f.Bounce; b != nil {
			// The mail system's report on our own reply is not the
			// customer writing: it marks that reply undelivered (when it
			// failed), and is left in the mailbox, not the queue.
			if b.Failed {
				undelivered = append(undelivered, connector.Undelivered{RemoteID: b.Original, Reason: b.Reason})
			}
			continue
		}
		m, other := c.toMessage(f)
		root := threadRoot(f.Parsed)
		i, ok := index[root]
		if !ok {
			i = len(convs)
			index[root] = i
			convs = append(convs, connector.Conversation{
				RemoteID: root,
				Kind:     inbox.KindEmail,
				Subject:  baseSubject(f.Parsed.Subject),
			})
		}
		conv := &convs[i]
		// The customer is the other party; an inbound author wins over the
		// recipient of one of our own mails.
		if other.RemoteID != "" && (conv.Customer.RemoteID == "" || m.Direction == inbox.Inbound && !c.hasInbound(conv)) {
			conv.Customer = other
		}
		if conv.Subject == "" {
			conv.Subject = baseSubject(f.Parsed.Subject)
		}
		conv.Messages = append(conv.Messages, m)
	}
	return convs, undelivered
}

func (c *Connector) hasInbound(conv *connector.Conversation) bool {
	for _, m := range conv.Messages {
		if m.Direction == inbox.Inbound {
			return true
		}
	}
	return false
}

// toMessage maps one mail and returns the other party of it.
func (c *Connector) toMessage(f fetched) (connector.Message, inbox.Participant) {
	p := f.Parsed
	sent := p.Date
	if sent.IsZero() || !f.Internal.IsZero() && sent.After(f.Internal.Add(24*time.Hour)) {
		// No or absurd Date header (clock set to next year): the server's
		// arrival time is the better truth.
		sent = f.Internal
	}
	if sent.IsZero() {
		sent = c.now()
	}
	m := connector.Message{
		RemoteID:        p.MessageID,
		Text:            p.Text,
		SentAt:          sent.UTC(),
		ReplyToRemoteID: p.InReplyTo,
		Read:            f.Seen,
	}
	if len(p.References) > 0 || p.Cut {
		m.Extra = map[string]any{}
	}
	if len(p.References) > 0 {
		m.Extra["references"] = p.References
	}
	if p.Cut {
		m.Extra["shortened"] = true
		m.Extra["original_bytes"] = p.Size
	}
	var from string
	if p.From != nil {
		from = p.From.Address
	}
	if c.isOurs(from) {
		m.Direction = inbox.Outbound
		m.AuthorName = nameOr(p.From)
		return m, c.firstOther(append(append([]*mail.Address{}, p.To...), p.Cc...))
	}
	m.Direction = inbox.Inbound
	m.Author = participant(p.From)
	m.AuthorName = nameOr(p.From)
	return m, m.Author
}

// firstOther is the first address that is not the business's own.
func (c *Connector) firstOther(addrs []*mail.Address) inbox.Participant {
	for _, a := range addrs {
		if a != nil && !c.isOurs(a.Address) {
			return participant(a)
		}
	}
	return inbox.Participant{}
}

func participant(a *mail.Address) inbox.Participant {
	if a == nil || a.Address == "" {
		return inbox.Participant{}
	}
	return inbox.Participant{
		Network:     inbox.NetworkEmail,
		RemoteID:    strings.ToLower(a.Address),
		DisplayName: a.Name,
	}
}

func nameOr(a *mail.Address) string {
	if a == nil {
		return ""
	}
	if a.Name != "" {
		return a.Name
	}
	return a.Address
}
