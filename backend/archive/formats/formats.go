// Package formats picks the reader for an archive: the format named, or
// the one its contents show (auto). It is the one list of formats, as
// connector/registry is of networks.
package formats

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"

	"careinbox/backend/archive"
	"careinbox/backend/archive/mail"
	"careinbox/backend/archive/mastodon"
	"careinbox/backend/archive/meta"
	"careinbox/backend/archive/telegram"
	"careinbox/backend/archive/x"
	"careinbox/backend/inbox"
)

var _ archive.Opener = Open

// Open opens path as an archive of format f for acct's handle.
func Open(path string, f archive.Format, acct archive.Account) (archive.Reader, error) {
	if f == archive.FormatAuto || f == "" {
		var err error
		if f, err = Detect(path, acct.Handle.Network); err != nil {
			return nil, err
		}
	}
	switch f {
	case archive.FormatMbox:
		return mail.OpenMbox(path, acct)
	case archive.FormatMaildir:
		return mail.OpenMaildir(path, acct)
	case archive.FormatEML:
		return mail.OpenEML(path, acct)
	case archive.FormatTelegram:
		return telegram.Open(path, acct)
	}
	dir := path
	if f == archive.FormatMastodon && strings.EqualFold(filepath.Base(path), "outbox.json") {
		dir = filepath.Dir(path)
	}
	tree, err := archive.OpenTree(dir)
	if err != nil {
		return nil, err
	}
	var r archive.Reader
	switch f {
	case archive.FormatX:
		r, err = x.Open(tree, acct)
	case archive.FormatMastodon:
		r, err = mastodon.Open(tree, acct)
	case archive.FormatFacebook, archive.FormatInstagram:
		r, err = meta.Open(tree, f, acct)
	default:
		err = &archive.ErrUnknown{Path: path, Why: "unknown format " + string(f)}
	}
	if err != nil {
		tree.Close()
		return nil, err
	}
	return r, nil
}

// Detect names the format of the archive at path; network (the handle's)
// tells a Facebook export from an Instagram one when both could be.
func Detect(path string, network inbox.Network) (archive.Format, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", &archive.ErrUnknown{Path: path, Why: err.Error()}
	}
	if st.IsDir() {
		if mail.IsMaildir(path) {
			return archive.FormatMaildir, nil
		}
		if _, err := os.Stat(filepath.Join(path, "result.json")); err == nil {
			return archive.FormatTelegram, nil
		}
		if f, ok := treeFormat(path, network); ok {
			return f, nil
		}
		if _, err := mail.OpenEML(path, archive.Account{}); err == nil {
			return archive.FormatEML, nil
		}
		return "", &archive.ErrUnknown{Path: path, Why: "the folder holds no archive Care Inbox knows (X, Facebook, Instagram, Mastodon, Telegram, Maildir, .eml)"}
	}
	name := strings.ToLower(filepath.Base(path))
	head := make([]byte, 512)
	fh, err := os.Open(path)
	if err != nil {
		return "", &archive.ErrUnknown{Path: path, Why: err.Error()}
	}
	n, _ := io.ReadFull(fh, head)
	fh.Close()
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		if f, ok := treeFormat(path, network); ok {
			return f, nil
		}
		return "", &archive.ErrUnknown{Path: path, Why: "the zip holds no archive Care Inbox knows (X, Facebook, Instagram, Mastodon)"}
	case bytes.HasPrefix(head, []byte("From ")):
		return archive.FormatMbox, nil
	case strings.HasSuffix(name, ".eml"):
		return archive.FormatEML, nil
	case name == "outbox.json":
		return archive.FormatMastodon, nil
	case strings.HasSuffix(name, ".json") && bytes.HasPrefix(bytes.TrimSpace(head), []byte("{")):
		return archive.FormatTelegram, nil
	}
	return "", &archive.ErrUnknown{Path: path, Why: "it is not a zip, mbox, .eml or Telegram result.json"}
}

func treeFormat(path string, network inbox.Network) (archive.Format, bool) {
	tree, err := archive.OpenTree(path)
	if err != nil {
		return "", false
	}
	defer tree.Close()
	switch {
	case x.Is(tree):
		return archive.FormatX, true
	case mastodon.Is(tree):
		return archive.FormatMastodon, true
	case meta.Is(tree):
		if network == inbox.NetworkInstagram || network != inbox.NetworkFacebook && meta.LooksInstagram(tree) {
			return archive.FormatInstagram, true
		}
		return archive.FormatFacebook, true
	}
	return "", false
}
