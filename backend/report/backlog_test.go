package report_test

import (
	"testing"
	"time"

	"careinbox/backend/inbox"
	"careinbox/backend/report"
)

// The backlog is counted at each real hour start of a period up to 31
// days (so a DST day has 23 or 25 points), else at each local midnight.
func TestBacklogPoints(t *testing.T) {
	f := newFixture(t)
	// A conversation open since September: no message in the period or the
	// one before it, still in the backlog.
	f.msg("OLD", inbox.Inbound, time.Date(2026, 9, 1, 10, 0, 0, 0, berlin))
	svc := report.New(f.st, berlin, func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, berlin) })
	for _, c := range []struct {
		name        string
		first, last string
		step        string
		points      int
		gap         time.Duration // between the last two points
	}{
		{"the day summer time ends", "2026-10-25", "2026-10-25", report.StepHour, 25, time.Hour},
		{"the day summer time starts", "2026-03-29", "2026-03-29", report.StepHour, 23, time.Hour},
		{"an ordinary day", "2026-10-26", "2026-10-26", report.StepHour, 24, time.Hour},
		{"31 days across the change: hourly", "2026-10-01", "2026-10-31", report.StepHour, 31*24 + 1, time.Hour},
		{"32 days: daily", "2026-10-01", "2026-11-01", report.StepDay, 32, 24 * time.Hour},
		{"30 days across the change", "2026-09-26", "2026-10-25", report.StepHour, 30*24 + 1, time.Hour},
		{"daily across the change", "2026-09-01", "2026-10-26", report.StepDay, 56, 25 * time.Hour},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := report.Days(c.first, c.last, berlin)
			if err != nil {
				t.Fatal(err)
			}
			r, err := svc.Build(f.ctx, report.Scope{}, p)
			if err != nil {
				t.Fatal(err)
			}
			if r.BacklogStep != c.step || len(r.Backlog) != c.points {
				t.Fatalf("step %q, %d points; want %q, %d", r.BacklogStep, len(r.Backlog), c.step, c.points)
			}
			if !r.Backlog[0].At.Equal(p.From) {
				t.Errorf("first point %v, want %v", r.Backlog[0].At, p.From)
			}
			n := len(r.Backlog)
			if gap := r.Backlog[n-1].At.Sub(r.Backlog[n-2].At); gap != c.gap {
				t.Errorf("last gap %v, want %v", gap, c.gap)
			}
			for _, b := range r.Backlog {
				if c.step == report.StepDay && (b.At.In(berlin).Hour() != 0 || b.At.In(berlin).Minute() != 0) {
					t.Errorf("daily point %v is not a midnight", b.At)
				}
				if want := 0; b.At.After(time.Date(2026, 9, 1, 10, 0, 0, 0, berlin)) {
					want = 1
					if b.Open != want {
						t.Errorf("%v: %d open, want %d", b.At, b.Open, want)
					}
				}
			}
		})
	}
}
