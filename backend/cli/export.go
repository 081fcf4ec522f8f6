package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"careinbox/backend/core"
	"careinbox/backend/export"
)

// cmdExport writes conversations out: one, a customer's, a client's or a
// search's, as CSV, JSON or an HTML transcript (read-only).
func cmdExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data-dir", "", "data directory")
	demoMode := fs.Bool("demo", false, "export from the demo workspace")
	conv := fs.Int64("conversation", 0, "export this conversation")
	cust := fs.Int64("customer", 0, "export every conversation of this customer (participant id)")
	client := fs.String("client", "", "export every conversation of this client's handles")
	search := fs.String("search", "", "export the conversations this search finds")
	format := fs.String("format", "json", "csv, json or html")
	notes := fs.Bool("notes", false, "include internal notes")
	from := fs.String("from", "", "only messages sent on or after this day (YYYY-MM-DD, local time)")
	to := fs.String("to", "", "only messages sent on or before this day (YYYY-MM-DD, local time)")
	out := fs.String("out", "", "file to write (default: standard output)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	f, err := export.ParseFormat(*format)
	if err != nil {
		return err
	}
	sc := export.Scope{ConversationID: *conv, CustomerID: *cust, Client: *client, Search: *search}
	if sc.From, err = day(*from, false); err != nil {
		return err
	}
	if sc.To, err = day(*to, true); err != nil {
		return err
	}
	ws, err := core.Open(ctx, core.Options{DataDir: *dataDir, Demo: *demoMode, Log: io.Discard})
	if err != nil {
		return err
	}
	defer ws.Close()
	ex := export.Exporter{Store: ws.Store}
	opts := export.Options{Scope: sc, Format: f, Notes: *notes}
	var sum export.Summary
	if *out == "" {
		sum, err = ex.Write(ctx, stdout, opts)
	} else {
		sum, err = ex.WriteFile(ctx, *out, opts)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "exported %d conversations, %d messages, %d notes\n", sum.Conversations, sum.Messages, sum.Notes)
	return nil
}

// day reads YYYY-MM-DD in local time; end: the end of that day (exclusive
// bound: the next midnight).
func day(s string, end bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation("2006-01-02", s, time.Local)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	if end {
		t = t.AddDate(0, 0, 1)
	}
	return t, nil
}

// cmdForget erases one customer everywhere in the local data (a
// data-protection request) once --yes confirms it.
func cmdForget(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("forget", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data-dir", "", "data directory")
	demoMode := fs.Bool("demo", false, "the demo workspace")
	cust := fs.Int64("customer", 0, "the customer (participant id) to forget")
	yes := fs.Bool("yes", false, "confirm: erase their messages, notes and drafts for good")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *cust == 0 {
		return errors.New("forget: --customer ID is required")
	}
	ws, err := core.Open(ctx, core.Options{DataDir: *dataDir, Demo: *demoMode, Log: stderr})
	if err != nil {
		return err
	}
	defer ws.Close()
	c, err := ws.Store.Customer(ctx, *cust)
	if err != nil {
		return err
	}
	if !*yes {
		return fmt.Errorf("forget: this erases every conversation, message, note and draft of customer %d (%d messages) for good; add --yes to confirm", *cust, c.Messages)
	}
	e, err := ws.Store.ForgetCustomer(ctx, *cust, time.Now())
	if err != nil {
		return err
	}
	complete, err := ws.Store.Compact(ctx)
	if err != nil {
		return fmt.Errorf("forget: erased, but the file was not compacted: %w", err)
	}
	fmt.Fprintf(stdout, "forgot customer %d: %d conversations, %d messages erased\n", *cust, e.Conversations, e.Messages)
	if !complete {
		fmt.Fprintln(stderr, "note: another reader held the database; the write-ahead log is emptied at the next checkpoint")
	}
	fmt.Fprintln(stderr, "note: backups made before now still hold this customer's data")
	return nil
}

// cmdBackup makes one verified backup (into the backups folder, or --out).
func cmdBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data-dir", "", "data directory")
	out := fs.String("out", "", "backup file (default: a new file in the data folder's backups/)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ws, err := core.Open(ctx, core.Options{DataDir: *dataDir, Log: io.Discard})
	if err != nil {
		return err
	}
	defer ws.Close()
	info, err := ws.Backups.Backup(ctx, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\t%d bytes\n", info.Path, info.Size)
	return nil
}

// cmdRestore stages a backup to replace the workspace at the next start.
func cmdRestore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data-dir", "", "data directory")
	yes := fs.Bool("yes", false, "confirm: replace the workspace (the current one is kept aside)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("restore: give one backup FILE")
	}
	if _, err := os.Stat(fs.Arg(0)); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if !*yes {
		return errors.New("restore: this replaces the workspace with the backup at the next start (the current one is kept aside); add --yes to confirm")
	}
	ws, err := core.Open(ctx, core.Options{DataDir: *dataDir, Log: io.Discard})
	if err != nil {
		return err
	}
	defer ws.Close()
	st, err := ws.StageRestore(ctx, fs.Arg(0))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "staged %s: it replaces the workspace when Care Inbox next starts\n", st.Path)
	for _, h := range st.NeedSignIn {
		fmt.Fprintf(stdout, "needs sign-in again: %d\t%s\t%s\t%s\n", h.ID, h.Network, h.DisplayName, h.ClientName)
	}
	return nil
}
