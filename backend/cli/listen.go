package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"careinbox/backend/core"
	"careinbox/backend/listen"
)

// cmdListen runs every listening search once and prints what it found:
// per search a line with its new results, errors and notes, then its newest
// results (tab-separated, or JSON with --json).
func cmdListen(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("listen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data-dir", "", "data directory")
	demoMode := fs.Bool("demo", false, "the demo workspace (its networks find sample posts)")
	once := fs.Bool("once", false, "run every search once, print what it found, and exit")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !*once {
		return fmt.Errorf("listen: only --once is supported here; the app listens continuously")
	}
	ws, err := core.Open(ctx, core.Options{DataDir: *dataDir, Demo: *demoMode, Log: stderr})
	if err != nil {
		return err
	}
	defer ws.Close()
	if ws.ReadOnly {
		return fmt.Errorf("listen: the workspace is read-only")
	}
	found, err := ws.Listening.RunOnce(ctx, ws.Engine)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(found)
	}
	printFound(stdout, found)
	return nil
}

func printFound(w io.Writer, found []listen.Found) {
	if len(found) == 0 {
		fmt.Fprintln(w, "no listening searches yet: add one in the Listening view")
		return
	}
	for _, f := range found {
		fmt.Fprintf(w, "%d\t%s\t%d new\n", f.Search.ID, oneLine(f.Search.Name), f.New)
		for _, e := range f.Errors {
			fmt.Fprintln(w, "  error\t"+oneLine(e))
		}
		for _, n := range f.Notes {
			fmt.Fprintln(w, "  note\t"+oneLine(n))
		}
		for _, r := range f.Results {
			who := r.Author.Username
			if who == "" {
				who = r.Author.DisplayName
			}
			fmt.Fprintf(w, "  %s\t%s\t%s\t%.2f\t%s\t%s\n", r.PostedAt.Format("2006-01-02 15:04"), r.Network, oneLine(who),
				r.Sentiment, oneLine(clip(r.Text, 120)), r.URL)
		}
	}
}

// oneLine keeps a line of output one line: untrusted text may carry tabs,
// newlines and terminal control characters.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
}

func clip(s string, most int) string {
	r := []rune(s)
	if len(r) <= most {
		return s
	}
	return string(r[:most]) + "…"
}
