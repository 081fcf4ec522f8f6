package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"sort"
	"time"

	"careinbox/backend/archive"
	"careinbox/backend/core"
)

// cmdImport imports an official archive into a handle's history.
func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data-dir", "", "data directory")
	handle := fs.Int64("handle", 0, "the handle whose history the archive is (required)")
	format := fs.String("format", "auto", "auto|x|facebook|instagram|mastodon|telegram|mbox|maildir|eml")
	quiet := fs.Bool("quiet", false, "print only the summary")
	// The file may come before the flags (careinbox import FILE --handle 3).
	var path string
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		path, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if path == "" && fs.NArg() > 0 {
		path = fs.Arg(0)
	}
	if path == "" || *handle == 0 {
		return fmt.Errorf("import: usage: careinbox import FILE --handle ID [--format auto|x|facebook|instagram|mastodon|telegram|mbox|maildir|eml]")
	}
	f, err := archive.ParseFormat(*format)
	if err != nil {
		return err
	}
	ws, err := core.Open(ctx, core.Options{DataDir: *dataDir})
	if err != nil {
		return err
	}
	defer ws.Close()
	last := time.Time{}
	progress := func(p archive.Progress) {
		if *quiet || time.Since(last) < 500*time.Millisecond {
			return
		}
		last = time.Now()
		pct := ""
		if p.Total > 0 {
			pct = fmt.Sprintf("%3.0f%% ", 100*float64(p.Done)/float64(p.Total))
		}
		fmt.Fprintf(stderr, "%s%d conversations, %d messages (%d new)\n", pct, p.Conversations, p.Messages, p.New)
	}
	start := time.Now()
	sum, err := ws.Importer.Import(ctx, archive.Request{Path: path, HandleID: *handle, Format: f}, progress)
	printSummary(stdout, sum, time.Since(start))
	return err
}

func printSummary(w io.Writer, s archive.Summary, took time.Duration) {
	if s.ImportID == 0 {
		return
	}
	resumed := ""
	if s.Resumed {
		resumed = " (resumed an unfinished import)"
	}
	fmt.Fprintf(w, "imported %s archive%s in %s: %d conversations, %d messages — %d new, %d already there\n",
		s.Format, resumed, took.Round(time.Millisecond), s.Conversations, s.Messages, s.New, s.Existing)
	reasons := make([]string, 0, len(s.Skipped))
	for r := range s.Skipped {
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	for _, r := range reasons {
		fmt.Fprintf(w, "skipped %d: %s\n", s.Skipped[r], r)
	}
}
