package email

import (
	"strings"
	"time"

	"careinbox/backend/connector"
)

// ArchivedBytes is how much of one mail Archived reads, as sync does.
const ArchivedBytes = maxFetchBytes

// Archived maps one stored mail — an mbox entry, a Maildir file, an .eml —
// to the one-message conversation a sync of the same mail delivers: the
// same parsing, Message-ID (or the same synthetic one for mail without),
// thread root and direction, so an import and a sync of one mail meet on
// the store's keys. settings are the handle's (its "username" and
// "from_address" say which mail is the business's own); seen is the
// archive's read flag; arrived, when known (a Maildir file's time), stands
// in for a missing or absurd Date header as IMAP's arrival time does.
// raw may be only the mail's first ArchivedBytes (all sync reads of it);
// size is then the whole mail's length.
func Archived(raw []byte, size int64, settings map[string]string, seen bool, arrived time.Time) connector.Conversation {
	c := &Connector{
		username:    strings.TrimSpace(settings["username"]),
		fromAddress: strings.ToLower(strings.TrimSpace(settings["from_address"])),
		now:         func() time.Time { return time.Unix(0, 0).UTC() },
	}
	if c.fromAddress == "" && strings.Contains(c.username, "@") {
		c.fromAddress = strings.ToLower(c.username)
	}
	// Sync downloads at most maxFetchBytes of a mail and keys a mail
	// without Message-ID by a hash of what it downloaded: read the same.
	part := raw[:min(len(raw), maxFetchBytes)]
	p, err := parseMessage(part)
	if err != nil {
		p = parsed{Text: "(This e-mail could not be read; open it in your mail program.)"}
	}
	if p.MessageID == "" {
		p.MessageID = syntheticID(part)
	}
	size = max(size, int64(len(raw)))
	if p.Cut || size > int64(len(part)) && (p.single || p.Text == "") {
		p.Cut, p.Size = true, size
		p.Text = shortened(p.Text, size)
	}
	// No Bounce: an archived report is kept as the mail it is.
	convs, _ := c.group([]fetched{{Seen: seen, Internal: arrived, Parsed: p}})
	return convs[0]
}
