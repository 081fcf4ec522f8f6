// Package deadline is the deadline feature's pure core: business calendars
// (weekly hours, holidays, date overrides, in the client's time zone),
// policies and their arithmetic, the state machine of a conversation's
// clocks, and the feature's own types (Deadline, Input, Event …), which the
// store persists. It does no I/O; the service that loads, recomputes and
// stores deadlines is the tracker sub-package.
package deadline

import (
	"fmt"
	"sort"
	"time"
)

// Range is an open period within a day as offsets from local midnight.
// End may pass 24h for a range that runs across midnight (22:00–02:00 is
// {22h, 26h}).
type Range struct {
	Start, End time.Duration
}

// Date is a calendar day in the calendar's zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf is t's day in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return Date{y, m, d}
}

func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// Calendar says when a business is staffed.
type Calendar struct {
	Location *time.Location
	// AlwaysOpen ignores everything else: 24/7.
	AlwaysOpen bool
	// Weekly holds the open ranges for each weekday (index time.Sunday…time.Saturday).
	Weekly [7][]Range
	// Holidays are closed all day (ranges that start on them do not open).
	Holidays map[Date]bool
	// Overrides replace the weekly ranges on a date; an empty slice closes it.
	Overrides map[Date][]Range
}

// Weekdays9to5 is Monday–Friday 09:00–17:00 in loc.
func Weekdays9to5(loc *time.Location) Calendar {
	c := Calendar{Location: loc}
	for d := time.Monday; d <= time.Friday; d++ {
		c.Weekly[d] = []Range{{9 * time.Hour, 17 * time.Hour}}
	}
	return c
}

// Validate rejects calendars that can never open or have impossible ranges.
func (c Calendar) Validate() error {
	if c.Location == nil {
		return fmt.Errorf("calendar has no time zone")
	}
	if c.AlwaysOpen {
		return nil
	}
	open := false
	check := func(where string, rs []Range) error {
		for _, r := range rs {
			if r.Start < 0 || r.Start >= 24*time.Hour || r.End <= r.Start || r.End > r.Start+24*time.Hour {
				return fmt.Errorf("%s: range %s–%s is not a valid opening", where, r.Start, r.End)
			}
		}
		return nil
	}
	for d, rs := range c.Weekly {
		if err := check(time.Weekday(d).String(), rs); err != nil {
			return err
		}
		open = open || len(rs) > 0
	}
	for d, rs := range c.Overrides {
		if err := check(d.String(), rs); err != nil {
			return err
		}
	}
	if !open {
		return fmt.Errorf("calendar is never open: add opening hours or make it 24/7")
	}
	return nil
}

type interval struct{ start, end time.Time }

// at is the instant at offset off from midnight of day d, by wall clock, so
// 09:00 stays 09:00 across DST changes.
func at(d Date, off time.Duration, loc *time.Location) time.Time {
	days := int(off / (24 * time.Hour))
	off -= time.Duration(days) * 24 * time.Hour
	h, m, s := int(off/time.Hour), int(off%time.Hour/time.Minute), int(off%time.Minute/time.Second)
	return time.Date(d.Year, d.Month, d.Day+days, h, m, s, 0, loc)
}

// dayIntervals lists the open intervals that start on day d.
func (c Calendar) dayIntervals(d Date) []interval {
	if c.Holidays[d] {
		return nil
	}
	rs, ok := c.Overrides[d]
	if !ok {
		rs = c.Weekly[time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, c.Location).Weekday()]
	}
	out := make([]interval, 0, len(rs))
	for _, r := range rs {
		s, e := at(d, r.Start, c.Location), at(d, r.End, c.Location)
		if e.After(s) {
			out = append(out, interval{s, e})
		}
	}
	return out
}

// maxScan bounds the search for open time, so a calendar closed for a long
// stretch (say, a year of holidays) ends in an error, not a hang.
const maxScan = 3 * 366

// intervals calls fn with merged open intervals in time order, starting with
// any that contains from, until fn returns false.
func (c Calendar) intervals(from time.Time, fn func(interval) bool) error {
	if c.AlwaysOpen {
		fn(interval{from, from.Add(1 << 62)})
		return nil
	}
	day := DateOf(from, c.Location)
	// Start a day early: yesterday's overnight range may still be open.
	t := time.Date(day.Year, day.Month, day.Day-1, 12, 0, 0, 0, c.Location)
	var pending *interval
	for i := 0; i < maxScan; i++ {
		ivs := c.dayIntervals(DateOf(t.AddDate(0, 0, i), c.Location))
		sort.Slice(ivs, func(a, b int) bool { return ivs[a].start.Before(ivs[b].start) })
		for _, iv := range ivs {
			if !iv.end.After(from) {
				continue
			}
			if pending != nil && !iv.start.After(pending.end) {
				if iv.end.After(pending.end) {
					pending.end = iv.end
				}
				continue
			}
			if pending != nil && !fn(*pending) {
				return nil
			}
			cp := iv
			pending = &cp
		}
		// Flush when the next day's ranges cannot touch it: ranges start
		// within their own day, so anything ending before the next midnight
		// is final.
		if pending != nil {
			next := time.Date(t.Year(), t.Month(), t.Day()+i+1, 0, 0, 0, 0, c.Location)
			if pending.end.Before(next) {
				if !fn(*pending) {
					return nil
				}
				pending = nil
			}
		}
	}
	if pending != nil {
		fn(*pending)
		return nil
	}
	return fmt.Errorf("calendar has no open time in the %d days after %s", maxScan, from.Format(time.DateOnly))
}

// Add returns the instant when d of business time has passed since start.
func (c Calendar) Add(start time.Time, d time.Duration) (time.Time, error) {
	if d <= 0 {
		return start, nil
	}
	remaining := d
	var result time.Time
	err := c.intervals(start, func(iv interval) bool {
		s := iv.start
		if s.Before(start) {
			s = start
		}
		if avail := iv.end.Sub(s); remaining <= avail {
			result = s.Add(remaining)
			return false
		} else {
			remaining -= avail
		}
		return true
	})
	if err == nil && result.IsZero() {
		err = fmt.Errorf("calendar has too little open time to add %s after %s", d, start.Format(time.DateOnly))
	}
	return result, err
}

// Elapsed returns the business time between from and to (0 if to is not after from).
func (c Calendar) Elapsed(from, to time.Time) time.Duration {
	if !to.After(from) {
		return 0
	}
	var total time.Duration
	_ = c.intervals(from, func(iv interval) bool {
		if !iv.start.Before(to) {
			return false
		}
		s, e := iv.start, iv.end
		if s.Before(from) {
			s = from
		}
		if e.After(to) {
			e = to
		}
		total += e.Sub(s)
		return e.Before(to)
	})
	return total
}

// IsOpen reports whether the business is staffed at t.
func (c Calendar) IsOpen(t time.Time) bool {
	open := false
	_ = c.intervals(t, func(iv interval) bool {
		open = !iv.start.After(t) && iv.end.After(t)
		return false
	})
	return open
}
