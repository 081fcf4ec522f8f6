package archive

import (
	"archive/zip"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Tree is an archive's files: a zip read entry by entry through its
// central directory, or an unpacked folder. It counts the bytes read for
// the progress bar.
type Tree struct {
	FS    fs.FS
	zip   *zip.ReadCloser
	total int64
	done  int64
}

// OpenTree opens a zip file or a folder.
func OpenTree(path string) (*Tree, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("open archive: %w", err)
	}
	if st.IsDir() {
		return &Tree{FS: os.DirFS(path)}, nil
	}
	z, err := zip.OpenReader(path)
	if err != nil {
		return nil, &ErrUnknown{Path: path, Why: "it is neither a zip file nor a folder (" + err.Error() + ")"}
	}
	return &Tree{FS: z, zip: z}, nil
}

// Has reports whether the tree holds name.
func (t *Tree) Has(name string) bool {
	st, err := fs.Stat(t.FS, name)
	return err == nil && !st.IsDir()
}

// Count adds the sizes of names to the total the progress bar shows.
func (t *Tree) Count(names []string) {
	for _, n := range names {
		if st, err := fs.Stat(t.FS, n); err == nil {
			t.total += st.Size()
		}
	}
}

// Open opens one file of the tree; what is read from it counts as done.
func (t *Tree) Open(name string) (io.ReadCloser, error) {
	f, err := OpenIn(t.FS, name)
	if err != nil {
		return nil, err
	}
	return &counted{f: f, n: &t.done}, nil
}

// Size is the bytes read (each file may be read twice: check, then import).
func (t *Tree) Size() (done, total int64) { return min(t.done, t.total), t.total }

// ResetDone restarts the count after a checking pass.
func (t *Tree) ResetDone() { t.done = 0 }

func (t *Tree) Close() error {
	if t.zip != nil {
		return t.zip.Close()
	}
	return nil
}

type counted struct {
	f fs.File
	n *int64
}

func (c *counted) Read(p []byte) (int, error) {
	n, err := c.f.Read(p)
	*c.n += int64(n)
	return n, err
}

func (c *counted) Close() error { return c.f.Close() }
