package cli

import (
	"strconv"
	"time"

	"careinbox/backend/report"
)

// breakdownTables are the CSV sections after the hour of the week:
// resolution time, the first-response distribution and by hour of day,
// the per-handle and per-network tables (current and previous period rows,
// as the targets table), and the current period's backlog.
func breakdownTables(r report.Report, table func(name string, header []string, rows [][]string) error) []func() error {
	i, i64 := strconv.Itoa, func(n int64) string { return strconv.FormatInt(n, 10) }
	pct := func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }
	periods := []struct {
		name string
		f    report.Figures
	}{{"current", r.Current}, {"previous", r.Prior}}
	rowTable := func(name, key string, rows func(report.Figures) []report.Row) func() error {
		return func() error {
			out := [][]string{}
			for _, set := range periods {
				for _, row := range rows(set.f) {
					t := row.FirstResponse
					out = append(out, []string{set.name, row.Key, row.Label, i(row.ConversationsIn), i(row.MessagesIn), i(row.Replied),
						i(row.Resolved), i(row.StillOpen), i(t.Count), i64(t.WallMedianSec), i64(t.WallP90Sec), i64(t.BusinessMedSec),
						i64(t.BusinessP90Sec), pct(row.PromiseKeptPct), i(row.PromiseBreached)})
				}
			}
			return table(name, []string{"period", key, "label", "conversations_in", "messages_in", "replied", "resolved", "still_open",
				"first_response_count", "first_response_wall_median_sec", "first_response_wall_p90_sec",
				"first_response_business_median_sec", "first_response_business_p90_sec", "promise_kept_pct", "promise_breached"}, out)
		}
	}
	return []func() error{
		func() error {
			c, p := r.Current.Resolution, r.Prior.Resolution
			return table("resolution_time", []string{"measure", "current", "previous"}, [][]string{
				{"count", i(c.Count), i(p.Count)},
				{"wall_median_sec", i64(c.WallMedianSec), i64(p.WallMedianSec)},
				{"wall_p90_sec", i64(c.WallP90Sec), i64(p.WallP90Sec)},
				{"business_median_sec", i64(c.BusinessMedSec), i64(p.BusinessMedSec)},
				{"business_p90_sec", i64(c.BusinessP90Sec), i64(p.BusinessP90Sec)},
			})
		},
		func() error {
			out := [][]string{}
			for _, set := range periods {
				for _, b := range set.f.FirstResponseDistribution {
					out = append(out, []string{b.Label, i64(b.UpToSec), set.name, i(b.Wall), i(b.Business)})
				}
			}
			return table("first_response_distribution", []string{"bucket", "up_to_sec", "period", "wall", "business"}, out)
		},
		func() error {
			out := [][]string{}
			for _, set := range periods {
				for _, h := range set.f.FirstResponseByHour {
					out = append(out, []string{i(h.Hour), set.name, i(h.Count), i64(h.WallMedianSec), i64(h.BusinessMedianSec)})
				}
			}
			return table("first_response_by_hour", []string{"hour", "period", "count", "wall_median_sec", "business_median_sec"}, out)
		},
		rowTable("per_handle", "handle_id", func(f report.Figures) []report.Row { return f.PerHandle }),
		rowTable("per_network", "network", func(f report.Figures) []report.Row { return f.PerNetwork }),
		func() error {
			out := make([][]string, 0, len(r.Backlog))
			for _, b := range r.Backlog {
				out = append(out, []string{b.At.Format(time.RFC3339), r.BacklogStep, i(b.Open)})
			}
			return table("backlog", []string{"at", "step", "open"}, out)
		},
	}
}
