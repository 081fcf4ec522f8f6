package report

import (
	"fmt"
	"time"
)

// Days is the period from the first day's midnight to the midnight after the
// last day (included), both "YYYY-MM-DD" read in loc (the scope's zone, see
// Service.Location), so the CLI and the screen cut a period the same way.
func Days(first, last string, loc *time.Location) (Period, error) {
	from, err := day(first, loc)
	if err != nil {
		return Period{}, err
	}
	end, err := day(last, loc)
	if err != nil {
		return Period{}, err
	}
	p := Period{From: from, To: end.AddDate(0, 0, 1)}
	if !p.To.After(p.From) {
		return Period{}, fmt.Errorf("report: last day %s is before first day %s", last, first)
	}
	return p, nil
}

func day(s string, loc *time.Location) (time.Time, error) {
	t, err := time.ParseInLocation(time.DateOnly, s, loc)
	if err != nil {
		return t, fmt.Errorf("report: date %q is not YYYY-MM-DD", s)
	}
	return t, nil
}
