package clientreport

import (
	"reflect"
	"testing"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/report"
)

func TestDescribeHours(t *testing.T) {
	split := deadline.CalendarSpec{}
	for d := time.Monday; d <= time.Thursday; d++ {
		split.Weekly[d] = []deadline.RangeSpec{{Start: 9 * 60, End: 12 * 60}, {Start: 13 * 60, End: 17*60 + 30}}
	}
	split.Weekly[time.Friday] = []deadline.RangeSpec{{Start: 9 * 60, End: 15 * 60}}
	split.Weekly[time.Saturday] = []deadline.RangeSpec{{Start: 22 * 60, End: 26 * 60}}
	weekend := deadline.CalendarSpec{}
	weekend.Weekly[time.Sunday] = []deadline.RangeSpec{{Start: 10 * 60, End: 14 * 60}}
	for _, tc := range []struct {
		name string
		spec deadline.CalendarSpec
		want []string
	}{
		{"default", deadline.DefaultCalendarSpec("Europe/Berlin"), []string{"Monday–Friday: 09:00–17:00", "Saturday, Sunday: closed"}},
		{"always open", deadline.CalendarSpec{AlwaysOpen: true}, []string{"Open around the clock, every day"}},
		{"split days and a night", split, []string{"Monday–Thursday: 09:00–12:00, 13:00–17:30", "Friday: 09:00–15:00",
			"Saturday: 22:00–02:00 (next day)", "Sunday: closed"}},
		{"Sunday only", weekend, []string{"Monday–Saturday: closed", "Sunday: 10:00–14:00"}},
		{"never", deadline.CalendarSpec{}, []string{"Monday–Sunday: closed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := DescribeHours(tc.spec); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("DescribeHours = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestClosuresInsideThePeriod(t *testing.T) {
	spec := deadline.DefaultCalendarSpec("Europe/Berlin")
	spec.Holidays = []deadline.HolidaySpec{{Date: "2026-12-25", Name: "Christmas"}, {Date: "2026-11-30"}, {Date: "2026-11-01", Name: "All Saints"}, {Date: "2026-10-31"}}
	spec.Overrides = []deadline.OverrideSpec{{Date: "2026-11-27", Ranges: []deadline.RangeSpec{{Start: 9 * 60, End: 12 * 60}}}}
	p := report.Period{From: time.Date(2026, 11, 1, 0, 0, 0, 0, berlin), To: time.Date(2026, 12, 1, 0, 0, 0, 0, berlin)}
	want := []string{"Sun 1 Nov 2026: closed (All Saints)", "Fri 27 Nov 2026: 09:00–12:00", "Mon 30 Nov 2026: closed"}
	if got := closures(spec, p, berlin); !reflect.DeepEqual(got, want) {
		t.Errorf("closures = %q, want %q", got, want)
	}
	spec.AlwaysOpen = true
	if got := closures(spec, p, berlin); len(got) != 0 {
		t.Errorf("an always-open calendar has closures %q", got)
	}
}

func TestPeriodText(t *testing.T) {
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, berlin) }
	for _, tc := range []struct {
		p    report.Period
		want string
	}{
		{report.Period{From: d(2026, 11, 1), To: d(2026, 12, 1)}, "1–30 November 2026"},
		{report.Period{From: d(2026, 11, 3), To: d(2026, 11, 4)}, "3 November 2026"},
		{report.Period{From: d(2026, 10, 26), To: d(2026, 11, 2)}, "26 October – 1 November 2026"},
		{report.Period{From: d(2026, 12, 28), To: d(2027, 1, 4)}, "28 December 2026 – 3 January 2027"},
	} {
		if got := periodText(tc.p); got != tc.want {
			t.Errorf("periodText(%v) = %q, want %q", tc.p, got, tc.want)
		}
	}
}
