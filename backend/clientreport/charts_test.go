package clientreport

import (
	"strings"
	"testing"

	"careinbox/backend/report"
)

func outlines(d drawing) int {
	n := 0
	for _, s := range d.Shapes {
		if s.rect != nil && s.rect.Stroke != nil {
			n++
		}
	}
	return n
}

func TestHeatMapOutlinesStaffedHours(t *testing.T) {
	week := func(staffed func(wd, h int) bool) []report.HourBucket {
		var out []report.HourBucket
		for wd := range 7 {
			for h := range 24 {
				out = append(out, report.HourBucket{Weekday: wd, Hour: h, MessagesIn: h, Staffed: staffed(wd, h)})
			}
		}
		return out
	}
	for _, tc := range []struct {
		name     string
		hw       []report.HourBucket
		outlines int // the legend's swatch included
		legend   string
	}{
		{"office hours", week(func(wd, h int) bool { return wd < 5 && h >= 9 && h < 17 }), 5*8 + 1, "staffed hour"},
		{"always open", week(func(int, int) bool { return true }), 0, "every hour is staffed"},
		{"never", week(func(int, int) bool { return false }), 1, "staffed hour"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := heatMap(tc.hw, "Europe/Berlin")
			if n := outlines(c.Drawing); n != tc.outlines {
				t.Errorf("%d outlined cells, want %d", n, tc.outlines)
			}
			if svg := c.Drawing.svg(c.ID, c.Title, c.Desc); !strings.Contains(svg, tc.legend) {
				t.Errorf("legend lacks %q", tc.legend)
			}
			if len(c.Table.Rows) != 7 || len(c.Table.Rows[0]) != 25 || c.Table.Rows[0][10] != "9" && c.Table.Rows[0][10] != "9*" {
				t.Errorf("table rows %v", c.Table.Rows)
			}
		})
	}
}

func TestTargetsChartSkipsTargetsWithoutOutcome(t *testing.T) {
	c := targetsChart([]report.TargetFigures{
		{Target: report.TargetFirst, WithDeadline: 10, PromiseKept: 9, PromiseKeptPct: 90, InternalKept: 5, InternalMissed: 5, InternalKeptPct: 50},
		{Target: report.TargetNext},
		{Target: report.TargetResolution, InternalKept: 1, InternalKeptPct: 100},
	})
	want := [][]string{{"First response", "90.0 %", "50.0 %"}, {"Resolution", "no outcome", "100.0 %"}}
	if len(c.Table.Rows) != len(want) {
		t.Fatalf("rows %v, want %v", c.Table.Rows, want)
	}
	for i := range want {
		if strings.Join(c.Table.Rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %v, want %v", i, c.Table.Rows[i], want[i])
		}
	}
	bars := 0
	for _, s := range c.Drawing.Shapes {
		if s.rect != nil && s.rect.Fill != nil && s.rect.H > 0 && s.rect.W > 20 {
			bars++
		}
	}
	if bars != 3 {
		t.Errorf("%d bars drawn, want 3 (no bar for an unknown outcome)", bars)
	}
}

func TestNiceAxisTops(t *testing.T) {
	for _, tc := range []struct {
		f        func(float64) float64
		in, want float64
	}{
		{niceMax, 0, 1}, {niceMax, 7, 10}, {niceMax, 36, 50}, {niceMax, 101, 200}, {niceMax, 100, 100},
		{niceDuration, 50, 60}, {niceDuration, 9960, 4 * 3600}, {niceDuration, 3600, 3600}, {niceDuration, 100 * 86400, 100 * 86400},
		{niceDuration, 30 * 86400, 40 * 86400},
	} {
		if got := tc.f(tc.in); got != tc.want {
			t.Errorf("nice(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
	for _, sec := range []float64{60, 1200, 2400, 3600, 7200, 14400, 43200, 86400, 172800} {
		for q := 1; q <= 4; q++ {
			if s := durTick(sec * float64(q) / 4); strings.Contains(s, " s") && sec >= 1200 {
				t.Errorf("tick %d/4 of %v s reads %q", q, sec, s)
			}
		}
	}
}
