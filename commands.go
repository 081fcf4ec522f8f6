package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"careinbox/app"
	"careinbox/backend/demo"
	"careinbox/backend/store"
)

const usage = `Care Inbox — one inbox for every customer-care handle.

Usage:
  careinbox [--demo] [--data-dir DIR]      open the app window
  careinbox version                        print the version
  careinbox inbox [flags]                  print the inbox as JSON
  careinbox sync --once [--handle ID]      sync every handle (or one) now and exit
  careinbox demo-gen --out FILE [flags]    write a sample archive (e.g. for benchmarks)
  careinbox help                           this text

Run "careinbox COMMAND -h" for a command's flags.
`

func runCommand(ctx context.Context, name string, args []string, stdout, stderr io.Writer) int {
	var err error
	switch name {
	case "version":
		fmt.Fprintln(stdout, "careinbox", version)
	case "inbox":
		err = cmdInbox(ctx, args, stdout, stderr)
	case "sync":
		err = cmdSync(ctx, args, stdout, stderr)
	case "demo-gen":
		err = cmdDemoGen(ctx, args, stdout, stderr)
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
func cmdInbox(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("inbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data-dir", "", "data directory")
	demoMode := fs.Bool("demo", false, "read the demo workspace")
	status := fs.String("status", "", "comma-separated statuses (open,pending,resolved,snoozed); empty = all")
	network := fs.String("network", "", "only this network")
	limit := fs.Int("limit", 50, "how many conversations (max 500)")
	withThread := fs.Int64("conversation", 0, "print this conversation with its whole thread instead")
	if err := fs.Parse(args); err != nil {
		return err
	}
	_, _, st, closeAll, err := openWorkspace(ctx, *dataDir, *demoMode, io.Discard)
	if err != nil {
		return err
	}
	defer closeAll()
	a := app.New(app.Config{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: version, Demo: *demoMode})
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if *withThread != 0 {
		d, err := a.Inbox.GetConversation(*withThread)
		if err != nil {
			return err
		}
		return enc.Encode(d)
	}
	f := app.FilterDTO{Network: *network}
	if *status != "" {
		f.Statuses = strings.Split(*status, ",")
	}
	page, err := a.Inbox.ListConversations(f, 0, *limit)
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
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("demo-gen: --out is required")
	}
	if _, err := os.Stat(*out); err == nil {
		return fmt.Errorf("demo-gen: %s already exists; sample data is only written to a new file", *out)
	}
	var cfg demo.Config
	switch *size {
	case "demo":
		cfg = demo.DemoConfig(time.Now())
	case "bench":
		cfg = demo.BenchConfig(time.Now(), *scale)
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
	_, logger, st, closeAll, err := openWorkspace(ctx, *dataDir, *demoMode, stderr)
	if err != nil {
		return err
	}
	defer closeAll()
	parts, err := newSync(ctx, st, logger, *demoMode)
	if err != nil {
		return err
	}
	start := time.Now()
	syncErr := parts.engine.SyncOnce(ctx, *handle)
	handles, err := st.Handles(ctx)
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
