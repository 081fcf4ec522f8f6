package app

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"html"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"careinbox/backend/core"
	"careinbox/backend/report"
)

// TestClientReportExport makes the demo client's report as HTML and PDF
// through the bound API: the figures are the screen's (Report's).
func TestClientReportExport(t *testing.T) {
	ctx := context.Background()
	ws, err := core.Open(ctx, core.Options{DataDir: t.TempDir(), Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if err := ws.Deadlines.RecomputeAll(ctx, 0); err != nil {
		t.Fatal(err)
	}
	clients, err := ws.Store.Clients(ctx)
	if err != nil || len(clients) == 0 {
		t.Fatalf("demo clients: %v, %v", clients, err)
	}
	now := time.Now()
	svc := report.New(ws.Store, time.Local, func() time.Time { return now })
	a := New(Config{Store: ws.Store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Reports: svc})
	from, to := now.AddDate(0, 0, -30).Format(time.DateOnly), now.Format(time.DateOnly)
	c := clients[0]
	screen, err := a.Reports.Report(c.ID, 0, "", "", from, to)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ format, mime, magic string }{
		{"html", "text/html; charset=utf-8", "<!DOCTYPE html>"},
		{"pdf", "application/pdf", "%PDF-"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			f, err := a.Reports.ClientReport(c.ID, 0, "", "", from, to, tc.format)
			if err != nil {
				t.Fatal(err)
			}
			data, err := base64.StdEncoding.DecodeString(f.Base64)
			if err != nil {
				t.Fatal(err)
			}
			if f.Mime != tc.mime || !bytes.HasPrefix(data, []byte(tc.magic)) {
				t.Errorf("mime %q, starts %q", f.Mime, data[:min(16, len(data))])
			}
			if !strings.HasPrefix(f.FileName, "care-report-") || !strings.HasSuffix(f.FileName, "-"+from+"-to-"+to+"."+tc.format) ||
				strings.ContainsAny(f.FileName, `/\ `) {
				t.Errorf("file name %q", f.FileName)
			}
			if tc.format == "html" {
				s := string(data)
				want := `<th scope="row">Conversations in</th><td class="n">` + strconv.Itoa(screen.Current.Volume.ConversationsIn) + `</td>`
				if !strings.Contains(s, "<bdi>"+html.EscapeString(c.Name)+"</bdi>") || !strings.Contains(s, want) {
					t.Errorf("the page lacks the client's name or the screen's %d conversations in", screen.Current.Volume.ConversationsIn)
				}
			}
		})
	}
	var ae *APIError
	for _, bad := range [][3]string{{"docx", "", ""}, {"pdf", "nowhere", ""}, {"pdf", "", "secret"}} {
		_, err := a.Reports.ClientReport(c.ID, 0, bad[1], bad[2], from, to, bad[0])
		if !errors.As(err, &ae) || ae.Code != CodeInvalid {
			t.Errorf("ClientReport(%q) = %v, want invalid", bad, err)
		}
	}
	if _, err := a.Reports.ClientReport(c.ID, 0, "", "", to, from, "pdf"); err == nil {
		t.Error("a backwards period was accepted")
	}
}

func TestSaveExport(t *testing.T) {
	dir := t.TempDir()
	content := []byte("%PDF-1.3 a report")
	enc := base64.StdEncoding.EncodeToString(content)
	for _, tc := range []struct {
		name, fileName, data string
		answer               string // the path the dialog returns ("" = cancelled)
		dialogErr            error
		noDialog             bool
		wantName, wantFilter string
		wantErr              bool
	}{
		{name: "saved", fileName: "care-report-acme-2026-11-01-to-2026-11-30.pdf", data: enc, answer: "a.pdf",
			wantName: "care-report-acme-2026-11-01-to-2026-11-30.pdf", wantFilter: "*.pdf"},
		{name: "a path in the name", fileName: "../../etc/\u202ecode.html", data: enc, answer: "b.html", wantName: "code.html", wantFilter: "*.html"},
		{name: "cancelled", fileName: "x.csv", data: enc, wantName: "x.csv", wantFilter: "*.csv"},
		{name: "dialog fails", fileName: "x.pdf", data: enc, dialogErr: errors.New("no display"), wantName: "x.pdf", wantFilter: "*.pdf", wantErr: true},
		{name: "no window", fileName: "x.pdf", data: enc, noDialog: true, wantErr: true},
		{name: "not base64", fileName: "x.pdf", data: "%%%", wantErr: true},
		{name: "too large", fileName: "x.pdf", data: strings.Repeat("A", base64.StdEncoding.EncodedLen(maxExportBytes)+4), wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var asked *runtime.SaveDialogOptions
			api := &ReportsAPI{ctx: context.Background}
			if !tc.noDialog {
				api.export.saveDialog = func(o runtime.SaveDialogOptions) (string, error) {
					asked = &o
					if tc.answer == "" {
						return "", tc.dialogErr
					}
					return filepath.Join(dir, tc.answer), nil
				}
			}
			path, err := api.SaveExport(tc.fileName, tc.data)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if tc.wantName != "" {
				if asked == nil || asked.DefaultFilename != tc.wantName || len(asked.Filters) != 1 || asked.Filters[0].Pattern != tc.wantFilter {
					t.Errorf("dialog asked with %+v, want name %q, filter %q", asked, tc.wantName, tc.wantFilter)
				}
			} else if asked != nil {
				t.Error("the dialog opened for a file that cannot be saved")
			}
			if tc.answer == "" || tc.wantErr {
				if path != "" {
					t.Errorf("path %q, want none", path)
				}
				return
			}
			got, err := os.ReadFile(path)
			if err != nil || !bytes.Equal(got, content) {
				t.Errorf("saved %q: %q, %v", path, got, err)
			}
		})
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".careinbox-export-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
