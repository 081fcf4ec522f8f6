package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"careinbox/backend/core"
	"careinbox/backend/inbox"
	"careinbox/backend/report"
)

// cmdReport prints a service-level report of one client (or all) for a
// period, as JSON or CSV, or writes the client report as HTML or PDF
// (report_doc.go), from the workspace opened read-only: a report never
// changes anything, so it also runs on a backup.
func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data-dir", "", "data directory")
	demoMode := fs.Bool("demo", false, "report on the demo workspace")
	client := fs.String("client", "", "the client's name (empty: all clients)")
	network := fs.String("network", "", "only this network")
	kind := fs.String("kind", "", "only this channel kind: public, private or email")
	fromS := fs.String("from", "", "first day, YYYY-MM-DD, in the client's time zone")
	toS := fs.String("to", "", "last day (included), YYYY-MM-DD")
	format := fs.String("format", "json", "json, csv, html or pdf (the client report; pdf needs --out or a redirect)")
	outFile := fs.String("out", "", "write to this file instead of standard output")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *format != "json" && *format != "csv" && !isDocFormat(*format) {
		return fmt.Errorf("report: unknown format %q (json, csv, html or pdf)", *format)
	}
	if *format == "pdf" && *outFile == "" && isTerminal(stdout) {
		return fmt.Errorf("report: a PDF is binary: pass --out FILE or redirect standard output")
	}
	if *fromS == "" || *toS == "" {
		return fmt.Errorf("report: --from and --to are required")
	}
	sc := report.Scope{Network: inbox.Network(*network), Kind: inbox.Kind(*kind)}
	if sc.Network != "" && !sc.Network.Valid() {
		return fmt.Errorf("report: unknown network %q", *network)
	}
	if sc.Kind != "" && !sc.Kind.Valid() {
		return fmt.Errorf("report: unknown kind %q", *kind)
	}
	ws, err := core.Open(ctx, core.Options{DataDir: *dataDir, Demo: *demoMode, ReadOnly: true})
	if err != nil {
		return err
	}
	defer ws.Close()
	if *client != "" {
		if sc.ClientID, err = clientID(ctx, ws, *client); err != nil {
			return err
		}
	}
	if isDocFormat(*format) {
		return writeDoc(ctx, ws, sc, *fromS, *toS, *format, *outFile, stdout)
	}
	svc := ws.Reports
	loc, err := svc.Location(ctx, sc)
	if err != nil {
		return err
	}
	p, err := report.Days(*fromS, *toS, loc)
	if err != nil {
		return err
	}
	r, err := svc.Build(ctx, sc, p)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if *format == "json" {
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		err = enc.Encode(r)
	} else {
		err = writeCSV(&buf, r)
	}
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if *outFile == "" {
		_, err = stdout.Write(buf.Bytes())
		return err
	}
	if err := os.WriteFile(*outFile, buf.Bytes(), 0o600); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

func clientID(ctx context.Context, ws *core.Workspace, name string) (int64, error) {
	clients, err := ws.Store.Clients(ctx)
	if err != nil {
		return 0, err
	}
	var names []string
	for _, c := range clients {
		if strings.EqualFold(c.Name, name) {
			return c.ID, nil
		}
		names = append(names, c.Name)
	}
	return 0, fmt.Errorf("report: no client named %q (clients: %s)", name, strings.Join(names, ", "))
}

// writeCSV writes one table per section: a "# section" line, a header row,
// the rows, then a blank line (read it with csv.Reader's Comment = '#' and
// FieldsPerRecord = -1).
func writeCSV(w io.Writer, r report.Report) error {
	cw := csv.NewWriter(w)
	i, ts := strconv.Itoa, func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.RFC3339)
	}
	i64 := func(n int64) string { return strconv.FormatInt(n, 10) }
	pct := func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }
	table := func(name string, header []string, rows [][]string) error {
		if _, err := io.WriteString(w, "# "+name+"\n"); err != nil {
			return err
		}
		if err := cw.Write(header); err != nil {
			return err
		}
		if err := cw.WriteAll(rows); err != nil { // WriteAll flushes
			return err
		}
		_, err := io.WriteString(w, "\n")
		return err
	}
	cur, prev := r.Current, r.Prior
	steps := []func() error{
		func() error {
			return table("period", []string{"from", "to", "previous_from", "previous_to", "zone"},
				[][]string{{ts(r.Period.From), ts(r.Period.To), ts(r.Previous.From), ts(r.Previous.To), r.Zone}})
		},
		func() error {
			v, pv := cur.Volume, prev.Volume
			return table("volume", []string{"metric", "current", "previous"}, [][]string{
				{"conversations_in", i(v.ConversationsIn), i(pv.ConversationsIn)},
				{"messages_in", i(v.MessagesIn), i(pv.MessagesIn)},
				{"messages_out", i(v.MessagesOut), i(pv.MessagesOut)},
				{"replied", i(v.Replied), i(pv.Replied)},
				{"resolved", i(v.Resolved), i(pv.Resolved)},
				{"still_open", i(v.StillOpen), i(pv.StillOpen)},
			})
		},
		func() error {
			var rows [][]string
			for _, t := range []struct {
				name      string
				cur, prev report.Times
			}{{"first", cur.FirstResponse, prev.FirstResponse}, {"next", cur.NextResponse, prev.NextResponse}} {
				rows = append(rows,
					[]string{t.name, "count", i(t.cur.Count), i(t.prev.Count)},
					[]string{t.name, "wall_median_sec", i64(t.cur.WallMedianSec), i64(t.prev.WallMedianSec)},
					[]string{t.name, "wall_p90_sec", i64(t.cur.WallP90Sec), i64(t.prev.WallP90Sec)},
					[]string{t.name, "business_median_sec", i64(t.cur.BusinessMedSec), i64(t.prev.BusinessMedSec)},
					[]string{t.name, "business_p90_sec", i64(t.cur.BusinessP90Sec), i64(t.prev.BusinessP90Sec)})
			}
			return table("response_times", []string{"target", "measure", "current", "previous"}, rows)
		},
		func() error {
			var rows [][]string
			for _, set := range []struct {
				name string
				f    report.Figures
			}{{"current", cur}, {"previous", prev}} {
				for _, t := range set.f.Targets {
					rows = append(rows, []string{t.Target, set.name, i(t.WithDeadline), i(t.PromiseKept), i(t.PromiseBreached),
						pct(t.PromiseKeptPct), i(t.InternalKept), i(t.InternalMissed), pct(t.InternalKeptPct), i(t.Open)})
				}
			}
			return table("targets", []string{"target", "period", "with_deadline", "promise_kept", "promise_breached",
				"promise_kept_pct", "internal_kept", "internal_missed", "internal_kept_pct", "open"}, rows)
		},
		func() error {
			rows := [][]string{}
			for _, b := range cur.Breaches {
				rows = append(rows, []string{i64(b.ConversationID), b.Customer, b.Client, b.Handle, b.Target,
					ts(b.StartedAt), ts(b.DueAt), ts(b.DoneAt), i64(b.BySec)})
			}
			return table("breaches", []string{"conversation_id", "customer", "client", "handle", "target",
				"started_at", "due_at", "done_at", "by_sec"}, rows)
		},
		func() error {
			days := []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
			rows := make([][]string, 0, len(r.HourOfWeek))
			for _, h := range r.HourOfWeek {
				rows = append(rows, []string{days[h.Weekday], i(h.Hour), i(h.MessagesIn), strconv.FormatBool(h.Staffed)})
			}
			return table("hour_of_week", []string{"weekday", "hour", "messages_in", "staffed"}, rows)
		},
	}
	steps = append(steps, breakdownTables(r, table)...)
	steps = append(steps, func() error { return table("loops_left_open", loopsHeader, loopsRows(cur.Loops, prev.Loops)) })
	steps = append(steps, func() error { return table("satisfaction", loopsHeader, csatRows(r.CSAT, r.PriorCSAT)) })
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}
