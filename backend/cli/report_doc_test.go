package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"careinbox/backend/core"
	"careinbox/backend/report"
)

// TestReportDocFormats writes the client report of a demo client as HTML and
// PDF: each names the client and shows the figures `--format json` prints.
func TestReportDocFormats(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ws, err := core.Open(ctx, core.Options{DataDir: dir, Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.Deadlines.RecomputeAll(ctx, 0); err != nil {
		t.Fatal(err)
	}
	clients, err := ws.Store.Clients(ctx)
	if err != nil || len(clients) == 0 {
		t.Fatalf("demo clients: %v, %v", clients, err)
	}
	name := clients[0].Name
	ws.Close()
	from := time.Now().AddDate(0, 0, -30).Format(time.DateOnly)
	to := time.Now().Format(time.DateOnly)
	run := func(stdout *bytes.Buffer, args ...string) (int, string) {
		var errb bytes.Buffer
		code := Run(ctx, append([]string{"report", "--demo", "--data-dir", dir, "--client", name, "--from", from, "--to", to}, args...),
			Env{Stdout: stdout, Stderr: &errb})
		return code, errb.String()
	}
	var js bytes.Buffer
	if code, msg := run(&js, "--format", "json"); code != 0 {
		t.Fatalf("json: %d %s", code, msg)
	}
	var r report.Report
	if err := json.Unmarshal(js.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if r.Current.Volume.ConversationsIn == 0 {
		t.Fatal("the demo's last 30 days have no conversations")
	}

	page := filepath.Join(dir, "report.html")
	var out bytes.Buffer
	if code, msg := run(&out, "--format", "html", "--out", page); code != 0 || out.Len() != 0 {
		t.Fatalf("html: code %d, %s, printed %d bytes", code, msg, out.Len())
	}
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	conversationsIn := `<th scope="row">Conversations in</th><td class="n">` + strconv.Itoa(r.Current.Volume.ConversationsIn) + `</td>`
	for _, want := range []string{"<h1><bdi>" + html.EscapeString(name) + "</bdi></h1>", "Content-Security-Policy", conversationsIn,
		strconv.Itoa(len(r.Current.Breaches)) + " response"} {
		if !strings.Contains(s, want) {
			t.Errorf("the HTML report lacks %q", want)
		}
	}

	pdf := filepath.Join(dir, "report.pdf")
	if code, msg := run(&out, "--format", "pdf", "--out", pdf); code != 0 {
		t.Fatalf("pdf: code %d, %s", code, msg)
	}
	data, err = os.ReadFile(pdf)
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("pdf file: %v, starts %q", err, data[:min(8, len(data))])
	}
	// Standard output that is not a terminal (a pipe, a file) takes a PDF.
	var piped bytes.Buffer
	if code, msg := run(&piped, "--format", "pdf"); code != 0 || !bytes.HasPrefix(piped.Bytes(), []byte("%PDF-")) {
		t.Errorf("pdf to a pipe: code %d, %s", code, msg)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil || os.Getenv("CAREINBOX_REQUIRE_POPPLER") != "" {
		text, err := exec.Command("pdftotext", pdf, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		if !strings.Contains(string(text), name) {
			t.Errorf("the PDF's text lacks the client's name %q", name)
		}
	}
	if code, msg := run(&out, "--format", "docx"); code == 0 || !strings.Contains(msg, "unknown format") {
		t.Errorf("unknown format: code %d, %q", code, msg)
	}
}

func TestIsTerminal(t *testing.T) {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	file, err := os.Create(filepath.Join(t.TempDir(), "out.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	for name, w := range map[string]io.Writer{"buffer": &bytes.Buffer{}, "file": file, "/dev/null": null} {
		if isTerminal(w) {
			t.Errorf("%s is taken for a terminal: a PDF could not be written to it", name)
		}
	}
}
