package clientreport

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"careinbox/backend/report"
)

// requirePoppler skips without pdftoppm and pdftotext unless
// CAREINBOX_REQUIRE_POPPLER is set (make test-go sets it, so CI never skips).
func requirePoppler(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"pdftoppm", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CAREINBOX_REQUIRE_POPPLER") != "" {
				t.Fatalf("%s not found (poppler-utils; scripts/setup.sh test installs it): %v", tool, err)
			}
			t.Skipf("%s not found: install poppler-utils to check the PDF", tool)
		}
	}
}

func renderPDF(t *testing.T, d Doc) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := PDF(&buf, d); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestPDFRenders draws each PDF with poppler: every page has ink, and its
// text holds the client's name and the headline figures.
func TestPDFRenders(t *testing.T) {
	requirePoppler(t)
	empty := busyDoc("Brightside Bakery", 0)
	nothing := Doc{Client: "Quiet Co", Report: report.Report{Period: empty.Report.Period, Previous: empty.Report.Previous, Zone: "UTC"}}
	for _, tc := range []struct {
		name     string
		doc      Doc
		minPages int
		contains []string
	}{
		{"busy month", busyDoc("Acme & Söhne GmbH", 600), 5, []string{
			"Acme & Söhne GmbH", "1–30 November 2026", "Europe/Berlin", "The promise and the hours", "within 1 h",
			"Monday–Friday: 09:00–17:00", "Headline figures", "Conversations in", "1234", "+134", "23 min", "1 h 11 min",
			"83.3 % (1000 of 1200)", "−6.7 pts", "66.7 % (800 of 1200)", "Targets kept", "Messages in by hour of the week",
			"600 responses missed", "<img src=x onerror=alert(1)>", "Customer 199", "and 400 more", "Page 1 of",
			"Resolution time", "How long first responses took", "First response by hour of day", "Open conversations over time",
			"By handle", "@askacme", "By network", "Mastodon", "E-mail", "84.1 %",
		}},
		{"no breaches", empty, 1, []string{"Brightside Bakery", "No response missed the published promise"}},
		{"nothing at all", nothing, 1, []string{"Quiet Co", "No response missed the published promise", "Targets are set per client"}},
		{"hostile client", busyDoc(`(x) \\ ) `+hostile, 3), 1, []string{`(x) \\ ) <img src=x onerror=alert(1)>`, "3 responses missed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := renderPDF(t, tc.doc)
			if len(data) > 2<<20 {
				t.Errorf("PDF is %d bytes, want under 2 MB", len(data))
			}
			dir := t.TempDir()
			file := filepath.Join(dir, "report.pdf")
			if err := os.WriteFile(file, data, 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command("pdftotext", "-layout", file, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			text := string(out)
			for _, s := range tc.contains {
				if !strings.Contains(text, s) {
					t.Errorf("PDF text lacks %q", s)
				}
			}
			// Every headline figure of the layout the page shows too.
			for _, sec := range newView(tc.doc).Sections {
				for _, r := range sec.Rows {
					for _, v := range []string{r.Label, r.Current, r.Previous, r.Change} {
						// pdftotext may drop a narrow space ("3 h" reads "3h").
						if squeeze := func(s string) string { return strings.ReplaceAll(s, " ", "") }; !strings.Contains(squeeze(text), squeeze(v)) {
							t.Errorf("PDF text lacks %s %q", sec.Title, v)
						}
					}
				}
			}
			if strings.Contains(text, "Customer 202") { // the 203rd breach
				t.Error("the PDF lists more breaches than MaxBreaches")
			}
			if err := exec.Command("pdftoppm", "-r", "30", "-png", file, filepath.Join(dir, "page")).Run(); err != nil {
				t.Fatalf("pdftoppm: %v", err)
			}
			pages, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
			if len(pages) < tc.minPages {
				t.Errorf("%d pages, want at least %d", len(pages), tc.minPages)
			}
			for _, p := range pages {
				if share := inkShare(t, p); share < 0.01 {
					t.Errorf("%s: %.2f%% of the page has ink: blank", filepath.Base(p), share*100)
				}
			}
		})
	}
}

// inkShare is the share of a PNG's pixels that are not white.
func inkShare(t *testing.T, file string) float64 {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	ink := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < 0xf000 || g < 0xf000 || bl < 0xf000 {
				ink++
			}
		}
	}
	return float64(ink) / float64(b.Dx()*b.Dy())
}

// TestPDFIsReproducible: the same document gives the same bytes, and text
// the fonts cannot draw neither fails nor vanishes.
func TestPDFIsReproducible(t *testing.T) {
	d := busyDoc("Acme", 30)
	a, b := renderPDF(t, d), renderPDF(t, d)
	if !bytes.Equal(a, b) {
		t.Error("two renderings of one document differ")
	}
	p := &pdfDoc{}
	var err error
	if p.glyphs, err = parseRegular(); err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"Acme & Söhne": "Acme & Söhne", "a\u202eb\u200fc": "abc", "line\nbreak": "line break", rtlName: "???? ?????", "日本": "??",
	} {
		if got := p.safe(in); got != want {
			t.Errorf("safe(%q) = %q, want %q", in, got, want)
		}
	}
}

// A PDF whose text uses characters its fonts lack says so under its header;
// one that can draw everything does not.
func TestPDFSaysWhatItCannotShow(t *testing.T) {
	requirePoppler(t)
	quiet := busyDoc("Brightside Bakery", 0)
	latin := Doc{Client: "Quiet Co", Report: report.Report{Period: quiet.Report.Period, Previous: quiet.Report.Previous, Zone: "UTC"}}
	with := func(client string) Doc { d := latin; d.Client = client; return d }
	for _, tc := range []struct {
		name   string
		doc    Doc
		notice bool
	}{
		{"latin and accents", with("Acme & Söhne — Café"), false},
		{"hebrew client", with(rtlName), true},
		{"arabic client", with("مخبز الشمس"), true},
		{"chinese client", with("日本橋ベーカリー"), true},
		{"emoji client", with("Bakery 🍞"), true},
		{"a handle row in hebrew", busyDoc("Acme", 3), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "report.pdf")
			if err := os.WriteFile(file, renderPDF(t, tc.doc), 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command("pdftotext", file, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			text := strings.Join(strings.Fields(string(out)), " ")
			if got := strings.Contains(text, "Some characters could not be shown in this PDF"); got != tc.notice {
				t.Errorf("notice shown %v, want %v:\n%s", got, tc.notice, text)
			}
			if tc.notice && !strings.Contains(text, "The HTML version of this report shows all text as written") {
				t.Errorf("the notice does not point to the HTML version:\n%s", text)
			}
		})
	}
}
