package deadline

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// This file expands RRULEs (RFC 5545 §3.3.10) to the days they fall on.
// A holiday calendar only needs days, and a day-by-day expansion can be
// bounded exactly: rrule-go (which go-ical uses) loops without yielding
// until the year 9999 on a rule that never matches (FREQ=DAILY;BYMONTH=2;
// BYMONTHDAY=30 took 0.8 s there, whatever its UNTIL), so a hostile feed of
// such rules could hold the import for hours. Here every day looked at is
// counted against a budget.

// errExpansion is a rule that ran out of days to look at.
var errExpansion = errors.New("recurs too often to expand")

type ruleFreq int

const (
	freqDaily ruleFreq = iota
	freqWeekly
	freqMonthly
	freqYearly
)

type nthWeekday struct {
	n   int // 0: every such weekday in the period; 2: the second; -1: the last
	day time.Weekday
}

// icalRule is the date part of an RRULE. Times of day (BYHOUR, BYMINUTE,
// BYSECOND) are dropped: every occurrence of an all-day event is a day.
type icalRule struct {
	freq                                   ruleFreq
	interval, count                        int
	until                                  string // as written; the caller knows the event's zone
	byMonth, byMonthDay, byYearDay, byWeek []int
	byDay                                  []nthWeekday
	bySetPos                               []int
	wkst                                   time.Weekday
}

var weekdayCodes = map[string]time.Weekday{
	"SU": time.Sunday, "MO": time.Monday, "TU": time.Tuesday, "WE": time.Wednesday,
	"TH": time.Thursday, "FR": time.Friday, "SA": time.Saturday,
}

// parseRule reads an RRULE value such as FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25.
func parseRule(s string) (icalRule, error) {
	r := icalRule{interval: 1, wkst: time.Monday}
	freq := false
	for _, part := range strings.Split(s, ";") {
		if part == "" {
			continue
		}
		key, val, ok := strings.Cut(part, "=")
		key = strings.ToUpper(key)
		if !ok || val == "" {
			return r, fmt.Errorf("RRULE part %q has no value", clip(part, 30))
		}
		var err error
		switch key {
		case "FREQ":
			freq = true
			switch strings.ToUpper(val) {
			case "DAILY":
				r.freq = freqDaily
			case "WEEKLY":
				r.freq = freqWeekly
			case "MONTHLY":
				r.freq = freqMonthly
			case "YEARLY":
				r.freq = freqYearly
			case "HOURLY", "MINUTELY", "SECONDLY":
				return r, fmt.Errorf("RRULE repeats %s: not a holiday", strings.ToLower(val))
			default:
				return r, fmt.Errorf("RRULE has an unknown FREQ %q", clip(val, 20))
			}
		case "INTERVAL":
			r.interval, err = ruleInt(key, val, 1, 1000)
		case "COUNT":
			r.count, err = ruleInt(key, val, 1, 1<<30)
		case "UNTIL":
			r.until = val
		case "BYMONTH":
			r.byMonth, err = ruleInts(key, val, 1, 12, false)
		case "BYMONTHDAY":
			r.byMonthDay, err = ruleInts(key, val, 1, 31, true)
		case "BYYEARDAY":
			r.byYearDay, err = ruleInts(key, val, 1, 366, true)
		case "BYWEEKNO":
			r.byWeek, err = ruleInts(key, val, 1, 53, true)
		case "BYSETPOS":
			r.bySetPos, err = ruleInts(key, val, 1, 366, true)
		case "BYDAY":
			for _, v := range strings.Split(val, ",") {
				v = strings.ToUpper(strings.TrimSpace(v))
				if len(v) < 2 {
					return r, fmt.Errorf("RRULE BYDAY %q is not a weekday", clip(v, 10))
				}
				wd, ok := weekdayCodes[v[len(v)-2:]]
				if !ok {
					return r, fmt.Errorf("RRULE BYDAY %q is not a weekday", clip(v, 10))
				}
				n := 0
				if num := v[:len(v)-2]; num != "" {
					if n, err = ruleInt(key, strings.TrimPrefix(num, "+"), -53, 53); err != nil || n == 0 {
						return r, fmt.Errorf("RRULE BYDAY %q has a bad week number", clip(v, 10))
					}
				}
				r.byDay = append(r.byDay, nthWeekday{n, wd})
			}
		case "WKST":
			wd, ok := weekdayCodes[strings.ToUpper(val)]
			if !ok {
				return r, fmt.Errorf("RRULE WKST %q is not a weekday", clip(val, 10))
			}
			r.wkst = wd
		case "RSCALE":
			if !strings.EqualFold(val, "GREGORIAN") {
				return r, fmt.Errorf("RRULE uses the %s calendar, only GREGORIAN is supported", clip(val, 20))
			}
		case "BYHOUR", "BYMINUTE", "BYSECOND", "SKIP":
			// Times of day do not change which days an all-day event is on;
			// SKIP only matters with a non-Gregorian RSCALE.
		default:
			if !strings.HasPrefix(key, "X-") {
				return r, fmt.Errorf("RRULE has an unknown part %q", clip(key, 20))
			}
		}
		if err != nil {
			return r, err
		}
	}
	if !freq {
		return r, fmt.Errorf("RRULE has no FREQ")
	}
	return r, nil
}

func ruleInt(key, v string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("RRULE %s=%s is not a number from %d to %d", key, clip(v, 20), lo, hi)
	}
	return n, nil
}

func ruleInts(key, v string, lo, hi int, negative bool) ([]int, error) {
	var out []int
	for _, s := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(s), "+"))
		if negative && n < 0 {
			n = -n
			if err == nil && n >= lo && n <= hi {
				out = append(out, -n)
				continue
			}
		}
		if err != nil || n < lo || n > hi {
			return nil, fmt.Errorf("RRULE %s=%s is out of range", key, clip(v, 30))
		}
		out = append(out, n)
	}
	return out, nil
}

// civil days are time.Time values at midnight UTC, so adding days never
// meets a DST change.
func civil(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func dayOf(t time.Time) time.Time { return civil(t.Date()) }

func daysBetween(a, b time.Time) int { return int(b.Sub(a).Hours() / 24) }

// weekStart is the first day of the week holding d, for weeks starting on wkst.
func weekStart(d time.Time, wkst time.Weekday) time.Time {
	return d.AddDate(0, 0, -((int(d.Weekday()) - int(wkst) + 7) % 7))
}

// week1 is the start of week 1 of year y: the first week with at least
// four days in y (§3.3.10, BYWEEKNO).
func week1(y int, wkst time.Weekday) time.Time {
	jan1 := civil(y, 1, 1)
	s := weekStart(jan1, wkst)
	if daysBetween(s, jan1) >= 4 {
		s = s.AddDate(0, 0, 7)
	}
	return s
}

// expand calls emit for each day of the rule from start (the first
// occurrence) up to last (inclusive) that is not before lo. budget is the
// number of days the caller lets it look at; it returns an error when
// that runs out.
func (r icalRule) expand(start, last, lo time.Time, budget *int, emit func(day time.Time)) error {
	start, last, lo = dayOf(start), dayOf(last), dayOf(lo)
	if len(r.byWeek) == 0 && len(r.byYearDay) == 0 && len(r.byMonthDay) == 0 && len(r.byDay) == 0 {
		// The start's own date fills in what the rule leaves out:
		// FREQ=YEARLY alone is the start's month and day every year.
		switch r.freq {
		case freqYearly:
			if len(r.byMonth) == 0 {
				r.byMonth = []int{int(start.Month())}
			}
			r.byMonthDay = []int{start.Day()}
		case freqMonthly:
			r.byMonthDay = []int{start.Day()}
		case freqWeekly:
			r.byDay = []nthWeekday{{0, start.Weekday()}}
		}
	}
	// p is the period (a day, week, month or year) being looked at, as an
	// index from the start's period, so stepping by INTERVAL is exact.
	p := 0
	if r.count == 0 {
		// Without COUNT the periods before lo cannot change what follows:
		// jump over them in whole intervals instead of walking them.
		if skip := r.periodsBetween(start, lo) - 1; skip > 0 {
			p = skip / r.interval * r.interval
		}
	}
	n := 0
	var days []time.Time
	for {
		from, to := r.period(start, p)
		if from.After(last) {
			return nil
		}
		size := daysBetween(from, to)
		if *budget -= size; *budget < 0 {
			return errExpansion
		}
		days = days[:0]
		for d := from; d.Before(to); d = d.Add(24 * time.Hour) { // UTC: every day has 24 hours
			if r.match(d) {
				days = append(days, d)
			}
		}
		days = r.setPos(days)
		for _, d := range days {
			if d.Before(start) {
				continue
			}
			if d.After(last) {
				return nil
			}
			if !d.Before(lo) {
				emit(d)
			}
			if n++; r.count > 0 && n >= r.count {
				return nil
			}
		}
		p += r.interval
	}
}

// periodsBetween counts whole periods from a's to b's.
func (r icalRule) periodsBetween(a, b time.Time) int {
	switch r.freq {
	case freqDaily:
		return daysBetween(a, b)
	case freqWeekly:
		return daysBetween(weekStart(a, r.wkst), weekStart(b, r.wkst)) / 7
	case freqMonthly:
		return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	default:
		return b.Year() - a.Year()
	}
}

// period is the span of days [from, to) of the p-th period after start's.
func (r icalRule) period(start time.Time, p int) (from, to time.Time) {
	switch r.freq {
	case freqDaily:
		from = start.AddDate(0, 0, p)
		return from, from.AddDate(0, 0, 1)
	case freqWeekly:
		from = weekStart(start, r.wkst).AddDate(0, 0, 7*p)
		return from, from.AddDate(0, 0, 7)
	case freqMonthly:
		from = civil(start.Year(), start.Month()+time.Month(p), 1)
		return from, from.AddDate(0, 1, 0)
	default:
		y := start.Year() + p
		if len(r.byWeek) > 0 {
			// Week 1 can begin in December and the last week end in January.
			return week1(y, r.wkst), week1(y+1, r.wkst)
		}
		return civil(y, 1, 1), civil(y+1, 1, 1)
	}
}

func (r icalRule) match(d time.Time) bool {
	y, m, md := d.Date()
	if len(r.byMonth) > 0 && !hasInt(r.byMonth, int(m)) {
		return false
	}
	dim := daysIn(y, m)
	if len(r.byMonthDay) > 0 && !hasInt(r.byMonthDay, md) && !hasInt(r.byMonthDay, md-dim-1) {
		return false
	}
	yd, ylen := 0, 365
	if len(r.byYearDay) > 0 || len(r.byDay) > 0 {
		yd = d.YearDay()
		if daysIn(y, 2) == 29 {
			ylen = 366
		}
	}
	if len(r.byYearDay) > 0 && !hasInt(r.byYearDay, yd) && !hasInt(r.byYearDay, yd-ylen-1) {
		return false
	}
	if len(r.byWeek) > 0 {
		wy := y // the week-numbering year d belongs to
		if !d.Before(week1(y+1, r.wkst)) {
			wy = y + 1
		} else if d.Before(week1(y, r.wkst)) {
			wy = y - 1
		}
		w1, w1next := week1(wy, r.wkst), week1(wy+1, r.wkst)
		wn, total := daysBetween(w1, d)/7+1, daysBetween(w1, w1next)/7
		if !hasInt(r.byWeek, wn) && !hasInt(r.byWeek, wn-total-1) {
			return false
		}
	}
	if len(r.byDay) > 0 {
		ok := false
		for _, w := range r.byDay {
			if w.day != d.Weekday() {
				continue
			}
			if w.n == 0 || r.freq == freqDaily || r.freq == freqWeekly || len(r.byWeek) > 0 {
				ok = true // a week number on a day only counts within a month or year
				break
			}
			pos, size := md, dim // within the month
			if r.freq == freqYearly && len(r.byMonth) == 0 {
				pos, size = yd, ylen // within the year
			}
			if (w.n > 0 && (pos-1)/7+1 == w.n) || (w.n < 0 && (size-pos)/7+1 == -w.n) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// setPos keeps the BYSETPOS-th days of one period's set, in order.
func (r icalRule) setPos(days []time.Time) []time.Time {
	if len(r.bySetPos) == 0 || len(days) == 0 {
		return days
	}
	var out []time.Time
	for _, pos := range r.bySetPos {
		i := pos - 1
		if pos < 0 {
			i = len(days) + pos
		}
		if i >= 0 && i < len(days) {
			out = append(out, days[i])
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	uniq := out[:0]
	for i, d := range out {
		if i == 0 || !d.Equal(out[i-1]) {
			uniq = append(uniq, d)
		}
	}
	return uniq
}

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

func hasInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
