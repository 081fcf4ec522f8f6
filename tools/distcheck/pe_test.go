package distcheck

import (
	"debug/pe"
	"os"
	"path/filepath"
	"testing"
)

// TestDistWindows checks the Windows half of `make dist`; scripts/test-dist.sh
// runs it with CAREINBOX_DIST=dist and CAREINBOX_DIST_VERSION=MAJOR.MINOR.PATCH.
func TestDistWindows(t *testing.T) {
	dir, version := os.Getenv("CAREINBOX_DIST"), os.Getenv("CAREINBOX_DIST_VERSION")
	if dir == "" || version == "" {
		t.Skip("CAREINBOX_DIST and CAREINBOX_DIST_VERSION not set: make test-dist runs this after make dist")
	}
	setups, _ := filepath.Glob(filepath.Join(dir, "careinbox-*-windows-amd64-setup.exe"))
	if len(setups) != 1 {
		t.Fatalf("want one Windows setup in %s, found %v", dir, setups)
	}
	cases := []struct {
		name, path  string
		nsis        bool
		description string
	}{
		{"program", filepath.Join(dir, "careinbox.exe"), false, "Care Inbox"},
		{"installer", setups[0], true, "Care Inbox Installer"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ReadPE(c.path)
			if err != nil {
				t.Fatal(err)
			}
			if !got.PE32Plus || got.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
				t.Errorf("want a PE32+ amd64 image, got PE32+=%v machine=%#x", got.PE32Plus, got.Machine)
			}
			if !got.GUI {
				t.Error("want the Windows GUI subsystem (no console window)")
			}
			if got.NSIS != c.nsis {
				t.Errorf("NSIS header: got %v, want %v", got.NSIS, c.nsis)
			}
			if !got.HasIcon {
				t.Error("no icon resource")
			}
			if got.FixedFile != version+".0" {
				t.Errorf("fixed file version %q, want %s.0", got.FixedFile, version)
			}
			want := map[string]string{"ProductName": "Care Inbox", "ProductVersion": version, "FileDescription": c.description, "CompanyName": "Care Inbox"}
			for k, v := range want {
				if got.Strings[k] != v {
					t.Errorf("version resource %s = %q, want %q (all: %v)", k, got.Strings[k], v, got.Strings)
				}
			}
		})
	}
}

func TestReadPERefusesOtherFiles(t *testing.T) {
	cases := map[string][]byte{
		"empty":     nil,
		"text":      []byte("not a program\n"),
		"MZ header": append([]byte("MZ"), make([]byte, 62)...),
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "x.exe")
			if err := os.WriteFile(p, content, 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := ReadPE(p); err == nil {
				t.Fatal("want an error")
			}
		})
	}
}

func TestStringValue(t *testing.T) {
	// A String block: wLength, wValueLength (chars with NUL), wType 1, key, padding, value.
	block := []byte{0, 0, 6, 0, 1, 0}
	block = append(block, utf16le("ProductVersion")...)
	block = append(block, 0, 0)
	for len(block)%4 != 0 {
		block = append(block, 0)
	}
	block = append(block, utf16le("1.2.3")...)
	block = append(block, 0, 0)
	got, ok := stringValue(block, "ProductVersion")
	if !ok || got != "1.2.3" {
		t.Fatalf("got %q %v, want 1.2.3", got, ok)
	}
	if _, ok := stringValue(block, "ProductName"); ok {
		t.Fatal("found a key that is not there")
	}
}
