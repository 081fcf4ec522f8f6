package app

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"careinbox/backend/clientreport"
	"careinbox/backend/inbox"
	"careinbox/backend/report"
)

// reportDocStore is what the client report reads besides the figures: the
// clients, handles, calendars and policies it describes (read-only).
type reportDocStore interface {
	clientreport.Settings
}

// reportExport is what ClientReport and SaveExport need beyond the figures.
type reportExport struct {
	settings clientreport.Settings
	now      func() time.Time
	// saveDialog asks where to save a file ("" when the user cancels):
	// Wails' native dialog, set by Startup (nil before the window exists).
	saveDialog func(runtime.SaveDialogOptions) (string, error)
}

// maxExportBytes caps what SaveExport writes: a client report is far
// smaller (a busy month's PDF is well under 2 MB).
const maxExportBytes = 20 << 20

// ExportFileDTO is a file made for the user to save: its suggested name, its
// MIME type and its bytes in standard base64.
type ExportFileDTO struct {
	FileName string `json:"fileName"`
	Mime     string `json:"mime"`
	Base64   string `json:"base64"`
}

// ClientReport makes the client report of a scope (as Report takes it) from
// the first to the last day (included) as a self-contained HTML page
// (format "html") or an A4 PDF ("pdf"): the same figures as Report.
func (a *ReportsAPI) ClientReport(clientID int64, handleID int64, network string, kind string, from string, to string, format string) (ExportFileDTO, error) {
	if a.svc == nil || a.export.settings == nil {
		return ExportFileDTO{}, invalid("reports are not available in this window")
	}
	if format != "html" && format != "pdf" {
		return ExportFileDTO{}, invalid("unknown report format " + format + " (html or pdf)")
	}
	sc := report.Scope{ClientID: clientID, HandleID: handleID, Network: inbox.Network(network), Kind: inbox.Kind(kind)}
	if sc.Network != "" && !sc.Network.Valid() {
		return ExportFileDTO{}, invalid("unknown network " + network)
	}
	if sc.Kind != "" && !sc.Kind.Valid() {
		return ExportFileDTO{}, invalid("unknown channel kind " + kind)
	}
	if _, err := report.Days(from, to, time.UTC); err != nil {
		return ExportFileDTO{}, invalid(err.Error())
	}
	b := clientreport.Builder{Reports: a.svc, Settings: a.export.settings, Now: a.export.now}
	d, err := b.Doc(a.ctx(), sc, from, to)
	if err != nil {
		return ExportFileDTO{}, toAPIError(err)
	}
	var buf bytes.Buffer
	mime := "text/html; charset=utf-8"
	if format == "pdf" {
		mime = "application/pdf"
		err = clientreport.PDF(&buf, d)
	} else {
		err = clientreport.HTML(&buf, d)
	}
	if err != nil {
		return ExportFileDTO{}, toAPIError(err)
	}
	return ExportFileDTO{FileName: clientreport.FileName(d.Client, from, to, format), Mime: mime,
		Base64: base64.StdEncoding.EncodeToString(buf.Bytes())}, nil
}

// SaveExport asks where to save a file the front end holds (an export it was
// given, or a CSV it made) with the system's save dialog, suggesting
// fileName, and writes it there. It returns the path, or "" when the user
// cancelled.
func (a *ReportsAPI) SaveExport(fileName string, data string) (string, error) {
	if len(data) > base64.StdEncoding.EncodedLen(maxExportBytes) {
		return "", invalid(fmt.Sprintf("the file is larger than %d MB", maxExportBytes>>20))
	}
	raw, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		return "", invalid("the file is not valid base64")
	}
	if a.export.saveDialog == nil {
		return "", invalid("saving a file needs the app window")
	}
	name := exportName(fileName)
	opts := runtime.SaveDialogOptions{Title: "Save " + name, DefaultFilename: name, CanCreateDirectories: true}
	if f, ok := exportFilters[strings.ToLower(filepath.Ext(name))]; ok {
		opts.Filters = []runtime.FileFilter{f}
	}
	path, err := a.export.saveDialog(opts)
	if err != nil {
		return "", fmt.Errorf("save dialog: %w", err)
	}
	if path == "" {
		return "", nil
	}
	if err := writeFileAtomic(path, raw); err != nil {
		return "", err
	}
	return path, nil
}

var exportFilters = map[string]runtime.FileFilter{
	".pdf":  {DisplayName: "PDF document (*.pdf)", Pattern: "*.pdf"},
	".html": {DisplayName: "Web page (*.html)", Pattern: "*.html"},
	".csv":  {DisplayName: "CSV table (*.csv)", Pattern: "*.csv"},
}

// exportName is the base name a suggestion may carry: no directory, no
// control or bidi formatting character, at most 120 runes.
func exportName(s string) string {
	if i := strings.LastIndexAny(s, `/\`); i >= 0 {
		s = s[i+1:]
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || strings.ContainsRune(`<>:"|?*`, r) {
			return -1
		}
		return r
	}, s)
	s = strings.TrimLeft(strings.TrimSpace(s), ".")
	if rs := []rune(s); len(rs) > 120 {
		s = string(rs[len(rs)-120:]) // keep the extension
	}
	if s == "" {
		return "care-report"
	}
	return s
}

// writeFileAtomic writes data beside path and renames it into place, so a
// failed write never leaves half a file under the chosen name.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".careinbox-export-*")
	if err != nil {
		return fmt.Errorf("save %s: %w", filepath.Base(path), err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("save %s: %w", filepath.Base(path), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save %s: %w", filepath.Base(path), err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("save %s: %w", filepath.Base(path), err)
	}
	return nil
}
