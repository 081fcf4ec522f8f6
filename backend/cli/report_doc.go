package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/mattn/go-isatty"

	"careinbox/backend/clientreport"
	"careinbox/backend/core"
	"careinbox/backend/report"
)

func isDocFormat(f string) bool { return f == "html" || f == "pdf" }

// isTerminal reports whether w is a terminal: a PDF is never written to
// one (it would garble the screen), only to --out or a pipe or file
// (/dev/null included, which a character-device test would refuse).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// writeDoc writes the client report of sc from the first to the last day:
// the same builder, period and figures as the window's export.
func writeDoc(ctx context.Context, ws *core.Workspace, sc report.Scope, first, last, format, outFile string, stdout io.Writer) error {
	b := clientreport.Builder{Reports: ws.Reports, Settings: ws.Store}
	d, err := b.Doc(ctx, sc, first, last)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if format == "pdf" {
		err = clientreport.PDF(&buf, d)
	} else {
		err = clientreport.HTML(&buf, d)
	}
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if outFile == "" {
		_, err = stdout.Write(buf.Bytes())
		return err
	}
	if err := os.WriteFile(outFile, buf.Bytes(), 0o600); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}
