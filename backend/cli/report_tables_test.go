package cli

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"careinbox/backend/core"
	"careinbox/backend/report"
)

// checkBreakdowns checks the CLI's new tables against its own JSON: the
// per-handle and per-network rows add up to the volume, the distribution to
// the first responses, and the CSV holds the JSON's numbers.
func checkBreakdowns(t *testing.T, r report.Report, tables map[string][][]string) {
	t.Helper()
	for _, f := range []struct {
		name string
		f    report.Figures
	}{{"current", r.Current}, {"previous", r.Prior}} {
		for _, tbl := range []struct {
			name string
			rows []report.Row
		}{{"per handle", f.f.PerHandle}, {"per network", f.f.PerNetwork}} {
			var in, msgs, breached, answered int
			for _, row := range tbl.rows {
				in, msgs, breached, answered = in+row.ConversationsIn, msgs+row.MessagesIn, breached+row.PromiseBreached, answered+row.FirstResponse.Count
			}
			if in != f.f.Volume.ConversationsIn || msgs != f.f.Volume.MessagesIn || breached != len(f.f.Breaches) || answered != f.f.FirstResponse.Count {
				t.Errorf("%s %s: rows add up to %d conversations, %d messages, %d breaches, %d answers; totals %+v, %d breaches, %d answers",
					f.name, tbl.name, in, msgs, breached, answered, f.f.Volume, len(f.f.Breaches), f.f.FirstResponse.Count)
			}
		}
		wall, biz := 0, 0
		for _, b := range f.f.FirstResponseDistribution {
			wall, biz = wall+b.Wall, biz+b.Business
		}
		if wall != f.f.FirstResponse.Count || biz != f.f.FirstResponse.Count || len(f.f.FirstResponseByHour) != 24 {
			t.Errorf("%s distribution holds %d/%d of %d answers; %d hours", f.name, wall, biz, f.f.FirstResponse.Count, len(f.f.FirstResponseByHour))
		}
	}
	if r.Current.Resolution.Count == 0 || len(r.Current.PerHandle) == 0 || len(r.Backlog) == 0 || r.BacklogStep != report.StepHour {
		t.Errorf("the demo's last month: resolution %+v, %d handle rows, %d backlog points (%s)", r.Current.Resolution,
			len(r.Current.PerHandle), len(r.Backlog), r.BacklogStep)
	}
	if rows := tables["per_handle"]; len(rows) > 1 && len(r.Current.PerHandle) > 0 {
		h := r.Current.PerHandle[0]
		if got := rows[1]; got[0] != "current" || got[1] != h.Key || got[3] != strconv.Itoa(h.ConversationsIn) || got[14] != strconv.Itoa(h.PromiseBreached) {
			t.Errorf("per_handle CSV row %v, JSON %+v", got, h)
		}
	}
	if rows := tables["resolution_time"]; len(rows) > 2 && rows[2][1] != strconv.FormatInt(r.Current.Resolution.WallMedianSec, 10) {
		t.Errorf("resolution_time CSV %v, JSON %+v", rows, r.Current.Resolution)
	}
	if rows := tables["backlog"]; len(rows) > 1 && len(r.Backlog) > 0 {
		if at, err := time.Parse(time.RFC3339, rows[1][0]); err != nil || !at.Equal(r.Backlog[0].At) || rows[1][2] != strconv.Itoa(r.Backlog[0].Open) {
			t.Errorf("backlog CSV %v, JSON %+v", rows[1], r.Backlog[0])
		}
	}
}

// checkAgainstService builds the same report with the service the screen
// uses (app.ReportsAPI translates its Build) and compares the figures that
// do not move with the clock.
func checkAgainstService(t *testing.T, ctx context.Context, dir, client, from, to string, got report.Report) {
	t.Helper()
	ws, err := core.Open(ctx, core.Options{DataDir: dir, Demo: true, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	id, err := clientID(ctx, ws, client)
	if err != nil {
		t.Fatal(err)
	}
	sc := report.Scope{ClientID: id}
	loc, err := ws.Reports.Location(ctx, sc)
	if err != nil {
		t.Fatal(err)
	}
	p, err := report.Days(from, to, loc)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ws.Reports.Build(ctx, sc, p)
	if err != nil {
		t.Fatal(err)
	}
	pick := func(r report.Report) string {
		b, err := json.Marshal([]any{r.Current.Volume, r.Current.FirstResponse, r.Current.NextResponse, r.Current.Resolution,
			r.Current.FirstResponseDistribution, r.Current.FirstResponseByHour, r.Current.PerHandle, r.Current.PerNetwork,
			r.Prior.Volume, r.Prior.Resolution, r.Prior.PerHandle, r.Backlog, r.BacklogStep, r.HourOfWeek})
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if g, w := pick(got), pick(want); g != w {
		t.Errorf("careinbox report differs from the service's report:\n%s\n%s", g, w)
	}
}
