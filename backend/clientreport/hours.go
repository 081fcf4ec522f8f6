package clientreport

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/report"
)

// mondayFirst are the indexes of CalendarSpec.Weekly (Sunday first) in the
// order a week is read.
var mondayFirst = [7]int{1, 2, 3, 4, 5, 6, 0}

// DescribeHours says when a calendar is staffed, one line per run of days
// with the same hours, Monday first: "Monday–Friday: 09:00–17:00",
// "Saturday, Sunday: closed". Holidays and changed days are not weekly and
// are left to the caller (they matter only inside a period).
func DescribeHours(c deadline.CalendarSpec) []string {
	if c.AlwaysOpen {
		return []string{"Open around the clock, every day"}
	}
	type run struct {
		first, last int // positions in mondayFirst
		hours       string
	}
	var runs []run
	for i, wd := range mondayFirst {
		h := describeRanges(c.Weekly[wd])
		if n := len(runs); n > 0 && runs[n-1].hours == h {
			runs[n-1].last = i
			continue
		}
		runs = append(runs, run{i, i, h})
	}
	out := make([]string, 0, len(runs))
	for _, r := range runs {
		a, b := time.Weekday(mondayFirst[r.first]).String(), time.Weekday(mondayFirst[r.last]).String()
		days := a
		switch r.last - r.first {
		case 0:
		case 1:
			days = a + ", " + b
		default:
			days = a + "–" + b
		}
		out = append(out, days+": "+r.hours)
	}
	return out
}

func describeRanges(rs []deadline.RangeSpec) string {
	if len(rs) == 0 {
		return "closed"
	}
	parts := make([]string, 0, len(rs))
	for _, r := range rs {
		s := clock(r.Start) + "–" + clock(r.End)
		if r.End > 24*60 {
			s += " (next day)"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// clock formats minutes from midnight as HH:MM (24:00 stays 24:00; a range
// past midnight wraps).
func clock(min int) string {
	if min > 24*60 {
		min -= 24 * 60
	}
	return fmt.Sprintf("%02d:%02d", min/60, min%60)
}

// closures lists the holidays and changed days of c that fall inside p.
func closures(c deadline.CalendarSpec, p report.Period, loc *time.Location) []string {
	if c.AlwaysOpen {
		return nil
	}
	in := func(date string) (time.Time, bool) {
		t, err := time.ParseInLocation(time.DateOnly, date, loc)
		return t, err == nil && !t.Before(p.From) && t.Before(p.To)
	}
	type day struct {
		at   time.Time
		text string
	}
	var days []day
	for _, h := range c.Holidays {
		if t, ok := in(h.Date); ok {
			s := t.Format("Mon 2 Jan 2006") + ": closed"
			if h.Name != "" {
				s += " (" + h.Name + ")"
			}
			days = append(days, day{t, s})
		}
	}
	for _, o := range c.Overrides {
		if t, ok := in(o.Date); ok {
			days = append(days, day{t, t.Format("Mon 2 Jan 2006") + ": " + describeRanges(o.Ranges)})
		}
	}
	sort.SliceStable(days, func(i, j int) bool { return days[i].at.Before(days[j].at) })
	out := make([]string, 0, len(days))
	for _, d := range days {
		out = append(out, d.text)
	}
	return out
}
