package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"careinbox/backend/core"
	"careinbox/backend/report"
)

// TestReportCommand reports on the demo workspace after its deadlines were
// computed (as the running app does), and checks the figures add up.
func TestReportCommand(t *testing.T) {
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
	run := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if code := Run(ctx, append([]string{"report", "--demo", "--data-dir", dir, "--client", strings.ToUpper(name),
			"--from", from, "--to", to}, args...), Env{Stdout: &out, Stderr: &errb}); code != 0 {
			t.Fatalf("report %v: code %d, %s", args, code, errb.String())
		}
		return out.String()
	}

	var r report.Report
	if err := json.Unmarshal([]byte(run("--format", "json")), &r); err != nil {
		t.Fatalf("report JSON: %v", err)
	}
	if r.Current.Volume.ConversationsIn == 0 {
		t.Fatal("the demo's last 30 days have no conversations")
	}
	for _, f := range []struct {
		name string
		f    report.Figures
	}{{"current", r.Current}, {"previous", r.Prior}} {
		v := f.f.Volume
		if v.Resolved+v.StillOpen != v.ConversationsIn || v.Replied > v.ConversationsIn {
			t.Errorf("%s volume does not add up: %+v", f.name, v)
		}
		breached := 0
		for _, tf := range f.f.Targets {
			if tf.PromiseKept+tf.PromiseBreached != tf.WithDeadline {
				t.Errorf("%s %s: kept %d + breached %d != with deadline %d", f.name, tf.Target, tf.PromiseKept, tf.PromiseBreached, tf.WithDeadline)
			}
			breached += tf.PromiseBreached
		}
		if breached != len(f.f.Breaches) {
			t.Errorf("%s: %d breached, %d listed", f.name, breached, len(f.f.Breaches))
		}
	}
	withDeadline, in := 0, 0
	for _, tf := range r.Current.Targets {
		withDeadline += tf.WithDeadline
	}
	for _, h := range r.HourOfWeek {
		in += h.MessagesIn
	}
	if withDeadline == 0 || len(r.HourOfWeek) != 168 || in != r.Current.Volume.MessagesIn {
		t.Errorf("with deadline %d, %d hour buckets holding %d of %d messages", withDeadline, len(r.HourOfWeek), in, r.Current.Volume.MessagesIn)
	}

	// CSV to a file: one table per section, each with its header row.
	file := filepath.Join(dir, "report.csv")
	if out := run("--format", "csv", "--out", file); out != "" {
		t.Errorf("--out also printed %q", out)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	tables := map[string][][]string{}
	section := ""
	for _, block := range strings.Split(strings.TrimSpace(string(data)), "\n\n") {
		head, body, _ := strings.Cut(block, "\n")
		section = strings.TrimPrefix(head, "# ")
		cr := csv.NewReader(strings.NewReader(body))
		rows, err := cr.ReadAll()
		if err != nil && err != io.EOF {
			t.Fatalf("table %s: %v", section, err)
		}
		tables[section] = rows
	}
	for name, want := range map[string]struct {
		header string
		rows   int
	}{
		"period":                      {"from,to,previous_from,previous_to,zone", 1},
		"volume":                      {"metric,current,previous", 6},
		"response_times":              {"target,measure,current,previous", 10},
		"targets":                     {"target,period,with_deadline,promise_kept,promise_breached,promise_kept_pct,internal_kept,internal_missed,internal_kept_pct,open", 6},
		"breaches":                    {"conversation_id,customer,client,handle,target,started_at,due_at,done_at,by_sec", len(r.Current.Breaches)},
		"hour_of_week":                {"weekday,hour,messages_in,staffed", 168},
		"resolution_time":             {"measure,current,previous", 5},
		"first_response_distribution": {"bucket,up_to_sec,period,wall,business", 2*len(report.DistributionEdges) + 2},
		"first_response_by_hour":      {"hour,period,count,wall_median_sec,business_median_sec", 48},
		"per_handle": {"period,handle_id,label,conversations_in,messages_in,replied,resolved,still_open,first_response_count," +
			"first_response_wall_median_sec,first_response_wall_p90_sec,first_response_business_median_sec,first_response_business_p90_sec," +
			"promise_kept_pct,promise_breached", len(r.Current.PerHandle) + len(r.Prior.PerHandle)},
		"per_network": {"period,network,label,conversations_in,messages_in,replied,resolved,still_open,first_response_count," +
			"first_response_wall_median_sec,first_response_wall_p90_sec,first_response_business_median_sec,first_response_business_p90_sec," +
			"promise_kept_pct,promise_breached", len(r.Current.PerNetwork) + len(r.Prior.PerNetwork)},
		"backlog":         {"at,step,open", len(r.Backlog)},
		"loops_left_open": {"metric,current,previous", 4},
		"satisfaction":    {"metric,current,previous", 6},
	} {
		rows := tables[name]
		if len(rows) == 0 || strings.Join(rows[0], ",") != want.header || len(rows)-1 != want.rows {
			t.Errorf("table %s: %d rows, header %v; want %q and %d rows", name, len(rows)-1, rows, want.header, want.rows)
		}
	}

	checkBreakdowns(t, r, tables)
	checkAgainstService(t, ctx, dir, name, from, to, r)

	var out, errb bytes.Buffer
	if code := Run(ctx, []string{"report", "--demo", "--data-dir", dir, "--client", "Nobody", "--from", from, "--to", to},
		Env{Stdout: &out, Stderr: &errb}); code != 1 || !strings.Contains(errb.String(), "no client named") {
		t.Errorf("unknown client: code %d, %q", code, errb.String())
	}
	if code := Run(ctx, []string{"report", "--demo", "--data-dir", dir, "--from", to, "--to", from},
		Env{Stdout: &out, Stderr: &errb}); code != 1 {
		t.Errorf("backwards period: code %d", code)
	}
}
