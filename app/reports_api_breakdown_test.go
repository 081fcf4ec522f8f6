package app

import (
	"encoding/json"
	"strings"
	"testing"

	"careinbox/backend/report"
)

// checkReportBreakdowns checks the DTO's resolution time, distribution,
// hours of day, per-handle and per-network rows and backlog are the
// report's, and that no list is JSON null (the screen maps over them).
func checkReportBreakdowns(t *testing.T, got ReportDTO, want report.Report) {
	t.Helper()
	for _, f := range []struct {
		name string
		got  ReportFiguresDTO
		want report.Figures
	}{{"current", got.Current, want.Current}, {"previous", got.Previous, want.Prior}} {
		if f.got.Resolution != timesDTO(f.want.Resolution) {
			t.Errorf("%s resolution %+v, want %+v", f.name, f.got.Resolution, f.want.Resolution)
		}
		if len(f.got.FirstResponseDistribution) != len(report.DistributionEdges)+1 || len(f.got.FirstResponseByHour) != 24 {
			t.Fatalf("%s: %d buckets, %d hours", f.name, len(f.got.FirstResponseDistribution), len(f.got.FirstResponseByHour))
		}
		for i, b := range f.want.FirstResponseDistribution {
			if g := f.got.FirstResponseDistribution[i]; g.Label != b.Label || g.UpToSec != b.UpToSec || g.Wall != b.Wall || g.Business != b.Business {
				t.Errorf("%s bucket %+v, want %+v", f.name, g, b)
			}
		}
		for i, h := range f.want.FirstResponseByHour {
			if g := f.got.FirstResponseByHour[i]; g.Hour != h.Hour || g.Count != h.Count || g.WallMedianSec != h.WallMedianSec ||
				g.BusinessMedianSec != h.BusinessMedianSec {
				t.Errorf("%s hour %+v, want %+v", f.name, g, h)
			}
		}
		for _, tbl := range []struct {
			name string
			got  []ReportRowDTO
			want []report.Row
		}{{"per handle", f.got.PerHandle, f.want.PerHandle}, {"per network", f.got.PerNetwork, f.want.PerNetwork}} {
			if len(tbl.got) != len(tbl.want) {
				t.Fatalf("%s %s: %d rows, want %d", f.name, tbl.name, len(tbl.got), len(tbl.want))
			}
			for i, w := range tbl.want {
				g := tbl.got[i]
				if g.Key != w.Key || g.Label != w.Label || g.ConversationsIn != w.ConversationsIn || g.MessagesIn != w.MessagesIn ||
					g.Replied != w.Replied || g.Resolved != w.Resolved || g.StillOpen != w.StillOpen || g.FirstResponse != timesDTO(w.FirstResponse) ||
					g.PromiseKeptPct != w.PromiseKeptPct || g.PromiseBreached != w.PromiseBreached {
					t.Errorf("%s %s row %+v, want %+v", f.name, tbl.name, g, w)
				}
			}
		}
	}
	if got.BacklogStep != want.BacklogStep || len(got.Backlog) != len(want.Backlog) {
		t.Fatalf("backlog %s × %d, want %s × %d", got.BacklogStep, len(got.Backlog), want.BacklogStep, len(want.Backlog))
	}
	for i, b := range want.Backlog {
		if g := got.Backlog[i]; g.At != b.At.UnixMilli() || g.Open != b.Open {
			t.Errorf("backlog point %+v, want %+v", g, b)
		}
	}
	js, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(js), "null") {
		t.Errorf("the report DTO has a null: %s", js)
	}
}

// An empty report still has every list, empty, never null.
func TestReportDTOEmptyListsAreNotNull(t *testing.T) {
	js, err := json.Marshal(reportDTO(report.Report{}))
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"backlog":[]`, `"perHandle":[]`, `"perNetwork":[]`, `"firstResponseDistribution":[]`,
		`"firstResponseByHour":[]`, `"breaches":[]`, `"targets":[]`, `"hourOfWeek":[]`} {
		if !strings.Contains(string(js), key) {
			t.Errorf("no %s in %s", key, js)
		}
	}
	if strings.Contains(string(js), "null") {
		t.Errorf("null in %s", js)
	}
}
