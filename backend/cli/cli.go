// Package cli holds the headless commands of the careinbox binary: the same
// workspace as the window (backend/core), printed for scripts and debugging.
package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"careinbox/backend/core"
	"careinbox/backend/demo"
	"careinbox/backend/store"
)

const usage = `Care Inbox — one inbox for every customer-care handle.

Usage:
  careinbox [--demo] [--data-dir DIR] [--read-only]   open the app window
  careinbox version                        print the version
  careinbox inbox [flags]                  print the inbox as JSON
  careinbox sync --once [--handle ID]      sync every handle (or one) now and exit
  careinbox listen --once [--json]         run every listening search once and print what it found
  careinbox demo-gen --out FILE [flags]    write a sample archive (e.g. for benchmarks)
  careinbox report --from DATE --to DATE [--client NAME] [--format json|csv|html|pdf] [--out FILE]
                                           print a service-level report (read-only); html and pdf
                                           write the client report (pdf: to --out or a pipe only)
  careinbox export --conversation ID | --customer ID | --client NAME | --search TEXT
                 [--format csv|json|html] [--notes] [--from DATE --to DATE] [--out FILE]
                                           export conversations (notes only with --notes)
  careinbox backup [--out FILE]            make a verified backup (default: DATA/backups/)
  careinbox restore FILE --yes             restore a backup at the next start (current one kept aside)
  careinbox forget --customer ID --yes     erase one customer's data everywhere (data-protection request)
  careinbox import FILE --handle ID [--format auto|x|facebook|instagram|mastodon|telegram|mbox|maildir|eml]
                                           import an official archive into a handle's history
                                           (streams; resumable; the same archive twice adds nothing)
  careinbox help                           this text

Run "careinbox COMMAND -h" for a command's flags.
`

// Views are the read-only screens a command prints as JSON. The window's
// bound layer provides them (app.NewHeadless), so a script reads exactly what
// the window shows; this package cannot import it (it imports Wails).
type Views interface {
	Inbox(statuses []string, network string, limit int) (any, error)
	Conversation(id int64) (any, error)
}

// Env is what the commands need from main.
type Env struct {
	Version        string
	Stdout, Stderr io.Writer
	// Views builds the printable views over an open workspace.
	Views func(*core.Workspace) Views
}

// IsCommand reports whether args name a command rather than the window's flags.
func IsCommand(args []string) bool {
	return len(args) > 0 && args[0] != "" && args[0][0] != '-'
}

// Run runs the command args[0] with its flags and returns the exit code.
func Run(ctx context.Context, args []string, env Env) int {
	name, args := args[0], args[1:]
	stdout, stderr := env.Stdout, env.Stderr
	var err error
	switch name {
	case "version":
		fmt.Fprintln(stdout, "careinbox", env.Version)
	case "inbox":
		err = cmdInbox(ctx, args, env)
	case "sync":
		err = cmdSync(ctx, args, stdout, stderr)
	case "listen":
		err = cmdListen(ctx, args, stdout, stderr)
	case "demo-gen":
		err = cmdDemoGen(ctx, args, stdout, stderr)
	case "report":
		err = cmdReport(ctx, args, stdout, stderr)
	case "export":
		err = cmdExport(ctx, args, stdout, stderr)
	case "forget":
		err = cmdForget(ctx, args, stdout, stderr)
	case "backup":
		err = cmdBackup(ctx, args, stdout, stderr)
	case "restore":
		err = cmdRestore(ctx, args, stdout, stderr)
	case "import":
		err = cmdImport(ctx, args, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "careinbox: unknown command %q\n\n%s", name, usage)
		return 2
	}
	if err == flag.ErrHelp {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "careinbox:", err)
		return 1
	}
	return 0
}

// cmdInbox prints the inbox through the same bound method the window uses.
func cmdInbox(ctx context.Context, args []string, env Env) error {
	fs := flag.NewFlagSet("inbox", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	dataDir := fs.String("data-dir", "", "data directory")
	demoMode := fs.Bool("demo", false, "read the demo workspace")
	status := fs.String("status", "", "comma-separated statuses (open,pending,resolved,snoozed); empty = all")
	network := fs.String("network", "", "only this network")
	limit := fs.Int("limit", 50, "how many conversations (max 500)")
	withThread := fs.Int64("conversation", 0, "print this conversation with its whole thread instead")
	readOnly := fs.Bool("read-only", false, "read a copy without changing it (a backup, read-only media)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ws, err := core.Open(ctx, core.Options{DataDir: *dataDir, Demo: *demoMode, ReadOnly: *readOnly})
	if err != nil {
		return err
	}
	defer ws.Close()
	views := env.Views(ws)
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	if *withThread != 0 {
		d, err := views.Conversation(*withThread)
		if err != nil {
			return err
		}
		return enc.Encode(d)
	}
	var statuses []string
	if *status != "" {
		statuses = strings.Split(*status, ",")
	}
	page, err := views.Inbox(statuses, *network, *limit)
	if err != nil {
		return err
	}
	return enc.Encode(page)
}

func cmdDemoGen(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo-gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "database file to create (must not exist)")
	size := fs.String("size", "demo", `"demo" (≈3 000 conversations) or "bench" (100 000 conversations, 1 M messages)`)
	scale := fs.Float64("scale", 1, "multiply the bench size (e.g. 0.1 for a quick run)")
	// An archive written as of a past time has every deadline mark behind it,
	// so an idle benchmark measures the app at rest, not marks falling due.
	ago := fs.Duration("ago", 0, "write the sample as it stood this long ago (e.g. 72h)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("demo-gen: --out is required")
	}
	if _, err := os.Stat(*out); err == nil {
		return fmt.Errorf("demo-gen: %s already exists; sample data is only written to a new file", *out)
	}
	if *ago < 0 {
		return fmt.Errorf("demo-gen: --ago must not be negative")
	}
	asOf := time.Now().Add(-*ago)
	var cfg demo.Config
	switch *size {
	case "demo":
		cfg = demo.DemoConfig(asOf)
	case "bench":
		cfg = demo.BenchConfig(asOf, *scale)
	default:
		return fmt.Errorf("demo-gen: unknown size %q", *size)
	}
	start := time.Now()
	cfg.Progress = func(done, total int) {
		if done%10000 == 0 || done == total {
			fmt.Fprintf(stderr, "\r%d / %d conversations", done, total)
		}
	}
	s, err := store.Open(ctx, *out)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := demo.Generate(ctx, s, cfg); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "\n")
	fmt.Fprintf(stdout, "wrote %s in %s\n", *out, time.Since(start).Round(time.Millisecond))
	return nil
}

// cmdSync runs one sync pass with the real keychain and connectors, for
// scripts and debugging; the window need not be open.
func cmdSync(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("sync", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data-dir", "", "data directory")
	demoMode := fs.Bool("demo", false, "sync the demo workspace (a pretend network)")
	once := fs.Bool("once", false, "sync until every stream is caught up, then exit")
	handle := fs.Int64("handle", 0, "only this handle id")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !*once {
		return fmt.Errorf("sync: only --once is supported here; the app syncs continuously")
	}
	ws, err := core.Open(ctx, core.Options{DataDir: *dataDir, Demo: *demoMode, Log: stderr})
	if err != nil {
		return err
	}
	defer ws.Close()
	start := time.Now()
	syncErr := ws.Engine.SyncOnce(ctx, *handle)
	handles, err := ws.Store.Handles(ctx)
	if err != nil {
		return err
	}
	for _, h := range handles {
		if *handle != 0 && h.ID != *handle {
			continue
		}
		line := fmt.Sprintf("%d\t%s\t%s\t%s", h.ID, h.Network, h.DisplayName, h.SyncState)
		if h.SyncError != "" {
			line += "\t" + h.SyncError
		}
		fmt.Fprintln(stdout, line)
	}
	fmt.Fprintf(stderr, "synced in %s\n", time.Since(start).Round(time.Millisecond))
	return syncErr
}
