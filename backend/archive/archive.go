// Package archive imports official account archives (X, Facebook Page,
// Instagram, Mastodon, Telegram Desktop, e-mail) into a handle's history.
// This package holds the contract and the runner; each format is a
// subpackage that reads one archive streaming and maps it to the very
// connector.Conversation shapes the network's sync delivers, so the
// store's natural keys make an overlap with sync (or a second import)
// add nothing. formats picks a reader for a file.
package archive

import (
	"context"
	"fmt"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

// Format names an archive format.
type Format string

const (
	FormatAuto      Format = "auto"
	FormatX         Format = "x"
	FormatFacebook  Format = "facebook"
	FormatInstagram Format = "instagram"
	FormatMastodon  Format = "mastodon"
	FormatTelegram  Format = "telegram"
	FormatMbox      Format = "mbox"
	FormatMaildir   Format = "maildir"
	FormatEML       Format = "eml"
)

// Formats lists every format a user may name, auto first.
var Formats = []Format{FormatAuto, FormatX, FormatFacebook, FormatInstagram, FormatMastodon, FormatTelegram, FormatMbox, FormatMaildir, FormatEML}

// ParseFormat reads a format's name ("" is auto).
func ParseFormat(s string) (Format, error) {
	if s == "" {
		return FormatAuto, nil
	}
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown archive format %q (one of auto, x, facebook, instagram, mastodon, telegram, mbox, maildir, eml)", s)
}

// Network is the network whose handle a format's archive belongs to.
func (f Format) Network() inbox.Network {
	switch f {
	case FormatX:
		return inbox.NetworkX
	case FormatFacebook:
		return inbox.NetworkFacebook
	case FormatInstagram:
		return inbox.NetworkInstagram
	case FormatMastodon:
		return inbox.NetworkMastodon
	case FormatTelegram:
		return inbox.NetworkTelegram
	case FormatMbox, FormatMaildir, FormatEML:
		return inbox.NetworkEmail
	}
	return ""
}

// Item is one thing read from an archive, in the archive's own order: a
// whole conversation (or, for e-mail, one mail as the one-message
// conversation sync would deliver), or an entry skipped with its reason.
type Item struct {
	Conv *connector.Conversation
	Skip string // set when Conv is nil: why the entry is not imported
	// Dropped counts messages of Conv left out, by why (service messages).
	Dropped map[string]int
}

// Account is what a reader needs to know of the handle it imports into.
type Account struct {
	Handle inbox.Handle
	// Settings are the handle's non-secret settings (an e-mail handle's
	// user name and from address say which mail is the business's own).
	Settings map[string]string
}

// Reader reads one archive. Read calls yield for every item, always in the
// same order (a resumed import skips the items already committed), holding
// at most one conversation in memory; an error from yield stops it.
type Reader interface {
	Format() Format
	Read(ctx context.Context, yield func(Item) error) error
	// Size is how many bytes of the archive have been read so far and how
	// many there are in all (for the progress bar; total 0: unknown).
	Size() (done, total int64)
	Close() error
}

// Checker is a Reader that can check the whole archive's syntax before
// anything is written (a cheap pass: a JSON token walk, a zip's checksums),
// so a corrupt file is refused with nothing changed.
type Checker interface {
	Check(ctx context.Context) error
}

// Opener opens path as an archive of format f (FormatAuto: detect it) for
// the account.
type Opener func(path string, f Format, acct Account) (Reader, error)

// ErrUnknown wraps a file that is no archive this package reads.
type ErrUnknown struct{ Path, Why string }

func (e *ErrUnknown) Error() string {
	return fmt.Sprintf("%s is not an archive Care Inbox can import: %s", e.Path, e.Why)
}

// Corrupt is an archive that cannot be read to its end.
type Corrupt struct {
	Where string // the file or entry inside the archive
	Err   error
}

func (e *Corrupt) Error() string {
	return fmt.Sprintf("the archive is damaged (%s): %v", e.Where, e.Err)
}
func (e *Corrupt) Unwrap() error { return e.Err }
