// Package mail reads e-mail archives — an mbox file, a Maildir folder, .eml
// files — one mail at a time, each mapped by the e-mail connector's own
// rules (email.Archived) so imported and synced mail share Message-IDs and
// threads.
package mail

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"careinbox/backend/archive"
	"careinbox/backend/connector/email"
)

// maxLine bounds one line of an mbox (a base64 body has short lines; a
// longer line is read in pieces all the same).
const maxLine = 64 << 10

// Mbox reads an mbox file (mboxo and mboxrd: ">From " lines are unquoted).
type Mbox struct {
	f        *os.File
	cr       *countReader
	total    int64
	settings map[string]string
}

// OpenMbox opens path as an mbox; a file that does not start with a
// "From " line is refused.
func OpenMbox(path string, acct archive.Account) (*Mbox, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open mbox: %w", err)
	}
	head := make([]byte, 5)
	if _, err := io.ReadFull(f, head); err != nil || string(head) != "From " {
		f.Close()
		return nil, &archive.ErrUnknown{Path: path, Why: `an mbox file starts with a "From " line`}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, fmt.Errorf("open mbox: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open mbox: %w", err)
	}
	return &Mbox{f: f, cr: &countReader{r: f}, total: st.Size(), settings: acct.Settings}, nil
}

func (m *Mbox) Format() archive.Format    { return archive.FormatMbox }
func (m *Mbox) Size() (done, total int64) { return m.cr.n, m.total }
func (m *Mbox) Close() error              { return m.f.Close() }

// Read yields every mail of the mbox in file order. Only the first
// email.ArchivedBytes of a mail are kept (what sync reads of it), so one
// huge attachment never has to fit in memory.
func (m *Mbox) Read(ctx context.Context, yield func(archive.Item) error) error {
	br := bufio.NewReaderSize(m.cr, maxLine)
	var buf bytes.Buffer
	var size int64
	started, blank := false, true
	emit := func() error {
		if !started {
			return nil
		}
		c := email.Archived(buf.Bytes(), size, m.settings, true, time.Time{})
		buf.Reset()
		size = 0
		return yield(archive.Item{Conv: &c})
	}
	atLineStart := true
	for {
		line, err := br.ReadSlice('\n')
		if len(line) > 0 {
			whole := atLineStart
			atLineStart = line[len(line)-1] == '\n'
			if whole && blank && bytes.HasPrefix(line, []byte("From ")) {
				if err := ctx.Err(); err != nil {
					return err
				}
				if err := emit(); err != nil {
					return err
				}
				started, blank = true, false
				if !atLineStart {
					// An overlong envelope line: drop the rest of it.
					for err == bufio.ErrBufferFull {
						line, err = br.ReadSlice('\n')
						atLineStart = len(line) > 0 && line[len(line)-1] == '\n'
					}
				}
				continue
			}
			if whole && quotedFrom(line) {
				line = line[1:] // mboxrd: one level of ">From " quoting
			}
			if whole {
				blank = len(bytes.TrimRight(line, "\r\n")) == 0
			}
			size += int64(len(line))
			if room := email.ArchivedBytes - buf.Len(); room > 0 {
				buf.Write(line[:min(len(line), room)])
			}
		}
		switch {
		case err == nil, errors.Is(err, bufio.ErrBufferFull):
		case errors.Is(err, io.EOF):
			return emit()
		default:
			return &archive.Corrupt{Where: "mbox", Err: err}
		}
	}
}

func quotedFrom(line []byte) bool {
	i := 0
	for i < len(line) && line[i] == '>' {
		i++
	}
	return i > 0 && bytes.HasPrefix(line[i:], []byte("From "))
}

// Files reads a Maildir folder (cur/ and new/ of it and of its Maildir++
// subfolders) or a folder of .eml files, or one .eml file: one mail a file,
// in path order.
type Files struct {
	format   archive.Format
	paths    []string
	done     int64
	total    int64
	settings map[string]string
}

// OpenMaildir lists the mails of a Maildir folder.
func OpenMaildir(dir string, acct archive.Account) (*Files, error) {
	fl := &Files{format: archive.FormatMaildir, settings: acct.Settings}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		if parent := filepath.Base(filepath.Dir(p)); parent == "cur" || parent == "new" {
			fl.add(p, d)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read maildir: %w", err)
	}
	if len(fl.paths) == 0 && !IsMaildir(dir) {
		return nil, &archive.ErrUnknown{Path: dir, Why: "a Maildir folder has cur and new folders"}
	}
	return fl, nil
}

// OpenEML lists one .eml file, or the .eml files of a folder.
func OpenEML(path string, acct archive.Account) (*Files, error) {
	fl := &Files{format: archive.FormatEML, settings: acct.Settings}
	err := filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && (p == path || strings.EqualFold(filepath.Ext(p), ".eml")) {
			fl.add(p, d)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read .eml files: %w", err)
	}
	if len(fl.paths) == 0 {
		return nil, &archive.ErrUnknown{Path: path, Why: "no .eml files in it"}
	}
	return fl, nil
}

// IsMaildir says whether dir looks like a Maildir (it has cur and new).
func IsMaildir(dir string) bool {
	for _, sub := range []string{"cur", "new"} {
		if st, err := os.Stat(filepath.Join(dir, sub)); err != nil || !st.IsDir() {
			return false
		}
	}
	return true
}

func (fl *Files) add(p string, d fs.DirEntry) {
	fl.paths = append(fl.paths, p)
	if info, err := d.Info(); err == nil {
		fl.total += info.Size()
	}
}

func (fl *Files) Format() archive.Format    { return fl.format }
func (fl *Files) Size() (done, total int64) { return fl.done, fl.total }
func (fl *Files) Close() error              { return nil }

func (fl *Files) Read(ctx context.Context, yield func(archive.Item) error) error {
	slices.Sort(fl.paths) // WalkDir's order already; sorted so a resume sees the same
	buf := make([]byte, email.ArchivedBytes)
	for _, p := range fl.paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			if err := yield(archive.Item{Skip: "a mail file that could not be opened"}); err != nil {
				return err
			}
			continue
		}
		n, rerr := io.ReadFull(f, buf)
		st, serr := f.Stat()
		f.Close()
		if rerr != nil && !errors.Is(rerr, io.ErrUnexpectedEOF) && !errors.Is(rerr, io.EOF) || serr != nil {
			if err := yield(archive.Item{Skip: "a mail file that could not be read"}); err != nil {
				return err
			}
			continue
		}
		fl.done += st.Size()
		if n == 0 {
			if err := yield(archive.Item{Skip: "an empty mail file"}); err != nil {
				return err
			}
			continue
		}
		c := email.Archived(buf[:n], st.Size(), fl.settings, fl.seen(p), st.ModTime().UTC())
		if err := yield(archive.Item{Conv: &c}); err != nil {
			return err
		}
	}
	return nil
}

// seen reads a Maildir file's S flag (":2,S" after the unique name); .eml
// files and new/ mail are unread (an import stores them read anyway).
func (fl *Files) seen(p string) bool {
	_, info, ok := strings.Cut(filepath.Base(p), ":2,")
	return ok && strings.Contains(info, "S")
}

type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
