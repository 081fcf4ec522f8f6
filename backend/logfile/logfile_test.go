package logfile

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// Writing three times the cap leaves at most cap-sized files, no more of
// them than the backups allow, and the newest line in the current file.
func TestRotatesBySize(t *testing.T) {
	cases := []struct {
		name    string
		backups int
	}{{"one backup", 1}, {"two backups", 2}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), Name(false))
			w, err := Open(path, Options{MaxMB: 1, Backups: c.backups})
			if err != nil {
				t.Fatal(err)
			}
			line := append(bytes.Repeat([]byte("x"), 1023), '\n')
			for i := 0; i < 3*1024; i++ {
				if _, err := w.Write(line); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := w.Write([]byte("last line\n")); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			files, err := Files(path)
			if err != nil {
				t.Fatal(err)
			}
			// lumberjack removes old files in the background after a rotation:
			// count what is capped, not what is still being deleted.
			if len(files) < 2 {
				t.Fatalf("want a rotated file beside the current one, got %v", files)
			}
			for _, f := range files {
				st, err := os.Stat(f)
				if err != nil {
					continue // removed meanwhile
				}
				if st.Size() > 1<<20 {
					t.Errorf("%s is %d bytes, over the 1 MB cap", f, st.Size())
				}
				if st.Mode().Perm() != 0o600 {
					t.Errorf("%s mode %v, want 0600", f, st.Mode().Perm())
				}
			}
			if files[len(files)-1] != path {
				t.Errorf("the current file must come last: %v", files)
			}
			cur, err := os.ReadFile(path)
			if err != nil || !bytes.HasSuffix(cur, []byte("last line\n")) {
				t.Errorf("current file does not end with the last line (err %v)", err)
			}
		})
	}
}

func TestOpenFailsAtOnce(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, Name(false))
	if err := os.Mkdir(path, 0o700); err != nil { // a directory where the file should be
		t.Fatal(err)
	}
	if _, err := Open(path, Options{}); err == nil {
		t.Fatal("want an error for a log that cannot be written")
	}
}

func TestNames(t *testing.T) {
	if Name(false) == Name(true) {
		t.Fatal("the demo and the real workspace must write different files")
	}
}
