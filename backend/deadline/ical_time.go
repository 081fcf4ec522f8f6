package deadline

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// This file reads DATE, DATE-TIME, PERIOD and DURATION values and the
// zones they are written in (TZID, with or without a VTIMEZONE).

// icalWhen is a DATE or DATE-TIME as written: wall holds its digits as a
// UTC time (for a UTC value, that is the instant itself).
type icalWhen struct {
	wall time.Time
	date bool
	utc  bool
	tzid string
}

// parseWhen reads one DATE (20261225) or DATE-TIME (20261225T000000,
// optionally with Z) value. The digits decide, not the VALUE parameter:
// exporters leave VALUE=DATE off dates, and some put it on date-times.
func parseWhen(num int, prop, s, tzid string) (icalWhen, error) {
	s = strings.TrimSpace(s)
	w := icalWhen{tzid: tzid}
	var err error
	switch {
	case len(s) == 8:
		w.date = true
		w.wall, err = time.Parse("20060102", s)
	case len(s) == 15:
		w.wall, err = time.Parse("20060102T150405", s)
	case len(s) == 16 && (s[15] == 'Z' || s[15] == 'z'):
		w.utc, w.tzid = true, ""
		w.wall, err = time.Parse("20060102T150405", s[:15])
	default:
		err = fmt.Errorf("bad length")
	}
	if err != nil {
		return w, errAt(num, "%s value %q is not a date (YYYYMMDD) or date-time (YYYYMMDDThhmmss)", prop, clip(s, 30))
	}
	return w, nil
}

// parseWhenList reads a comma-separated list of DATE or DATE-TIME values
// (EXDATE and RDATE allow several per line).
func parseWhenList(l icalLine) ([]icalWhen, error) {
	var out []icalWhen
	for _, v := range strings.Split(l.value, ",") {
		if strings.TrimSpace(v) == "" {
			continue
		}
		w, err := parseWhen(l.num, l.name, v, l.param("TZID"))
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, nil
}

// parseDuration reads a DURATION (§3.3.6) such as P1D, P2W or PT24H as
// whole days plus a time.
func parseDuration(num int, s string) (days int, rest time.Duration, err error) {
	orig := s
	bad := errAt(num, "DURATION %q is not a duration such as P1D", clip(orig, 30))
	s = strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(s)), "+")
	if strings.HasPrefix(s, "-") || !strings.HasPrefix(s, "P") {
		return 0, 0, bad
	}
	s = s[1:]
	inTime := false
	seen := false
	for s != "" {
		if s[0] == 'T' {
			inTime, s = true, s[1:]
			continue
		}
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 || i == len(s) || i > 6 {
			return 0, 0, bad
		}
		n, _ := strconv.Atoi(s[:i])
		unit := s[i]
		s = s[i+1:]
		seen = true
		switch {
		case unit == 'W' && !inTime:
			days += 7 * n
		case unit == 'D' && !inTime:
			days += n
		case unit == 'H' && inTime:
			rest += time.Duration(n) * time.Hour
		case unit == 'M' && inTime:
			rest += time.Duration(n) * time.Minute
		case unit == 'S' && inTime:
			rest += time.Duration(n) * time.Second
		default:
			return 0, 0, bad
		}
	}
	if !seen {
		return 0, 0, bad
	}
	return days, rest, nil
}

// icalZone turns instants into wall clocks of one zone and back.
type icalZone interface {
	wall(instant time.Time) time.Time
	instant(wall time.Time) time.Time
}

// naive is t's wall clock as a UTC time.
func naive(t time.Time) time.Time {
	y, m, d := t.Date()
	h, mi, s := t.Clock()
	return time.Date(y, m, d, h, mi, s, 0, time.UTC)
}

type locZone struct{ loc *time.Location }

func (z locZone) wall(t time.Time) time.Time { return naive(t.In(z.loc)) }

func (z locZone) instant(w time.Time) time.Time {
	y, m, d := w.Date()
	h, mi, s := w.Clock()
	return time.Date(y, m, d, h, mi, s, 0, z.loc).UTC()
}

// vtzZone is a VTIMEZONE: offsets that change at listed instants. Outlook
// names its zones "W. Europe Standard Time", which the zone database does
// not know, so the file's own definition is the one to use.
type vtzZone struct {
	changes []vtzChange // sorted by at
	first   time.Duration
}

type vtzChange struct {
	at     time.Time // UTC
	offset time.Duration
}

func (z *vtzZone) offset(t time.Time) time.Duration {
	i := sort.Search(len(z.changes), func(i int) bool { return z.changes[i].at.After(t) })
	if i == 0 {
		return z.first
	}
	return z.changes[i-1].offset
}

func (z *vtzZone) wall(t time.Time) time.Time { return naive(t.UTC()).Add(z.offset(t)) }

func (z *vtzZone) instant(w time.Time) time.Time {
	guess := w.Add(-z.offset(w))
	return w.Add(-z.offset(guess))
}

func parseOffset(num int, s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if (len(s) != 5 && len(s) != 7) || (s[0] != '+' && s[0] != '-') {
		return 0, errAt(num, "UTC offset %q is not ±hhmm", clip(s, 20))
	}
	var parts [3]int
	for i := 0; i*2+1 < len(s); i++ {
		n, err := strconv.Atoi(s[1+2*i : 3+2*i])
		if err != nil {
			return 0, errAt(num, "UTC offset %q is not ±hhmm", s)
		}
		parts[i] = n
	}
	d := time.Duration(parts[0])*time.Hour + time.Duration(parts[1])*time.Minute + time.Duration(parts[2])*time.Second
	if d > 24*time.Hour {
		return 0, errAt(num, "UTC offset %q is out of range", s)
	}
	if s[0] == '-' {
		d = -d
	}
	return d, nil
}

// parseVTimezone reads the offset changes of a VTIMEZONE between lo and hi
// (the import window, widened): outside it an hour's error cannot move a
// holiday that matters.
func parseVTimezone(c *icalComponent, lo, hi time.Time, budget *int) (*vtzZone, error) {
	if c.bad != nil {
		return nil, c.bad
	}
	z := &vtzZone{}
	earliest := time.Time{}
	for _, ob := range c.children {
		if ob.name != "STANDARD" && ob.name != "DAYLIGHT" {
			continue
		}
		if ob.bad != nil {
			return nil, ob.bad
		}
		fromL, ok1 := ob.prop("TZOFFSETFROM")
		toL, ok2 := ob.prop("TZOFFSETTO")
		startL, ok3 := ob.prop("DTSTART")
		if !ok1 || !ok2 || !ok3 {
			return nil, errAt(ob.line, "%s needs DTSTART, TZOFFSETFROM and TZOFFSETTO", ob.name)
		}
		from, err := parseOffset(fromL.num, fromL.value)
		if err != nil {
			return nil, err
		}
		to, err := parseOffset(toL.num, toL.value)
		if err != nil {
			return nil, err
		}
		start, err := parseWhen(startL.num, "DTSTART", startL.value, "")
		if err != nil {
			return nil, err
		}
		if earliest.IsZero() || start.wall.Before(earliest) {
			earliest, z.first = start.wall, from
		}
		// Onsets are wall clocks in the offset before the change.
		tod := start.wall.Sub(dayOf(start.wall))
		add := func(wall time.Time) {
			z.changes = append(z.changes, vtzChange{wall.Add(-from), to})
		}
		add(start.wall)
		for _, rl := range ob.all("RDATE") {
			ws, err := parseWhenList(rl)
			if err != nil {
				return nil, err
			}
			for _, w := range ws {
				if w.utc {
					add(w.wall.Add(from))
				} else {
					add(w.wall)
				}
			}
		}
		for _, rl := range ob.all("RRULE") {
			rule, err := parseRule(rl.value)
			if err != nil {
				return nil, errAt(rl.num, "%v", err)
			}
			last := hi
			if rule.until != "" {
				u, err := parseWhen(rl.num, "UNTIL", rule.until, "")
				if err != nil {
					return nil, err
				}
				if u.utc {
					u.wall = u.wall.Add(from)
				}
				if u.wall.Before(last) {
					last = u.wall
				}
			}
			// A year before lo, so the change in force at lo is known.
			if err := rule.expand(start.wall, last, lo.AddDate(-1, 0, 0), budget, func(d time.Time) {
				if d.After(start.wall) {
					add(d.Add(tod))
				}
			}); err != nil {
				return nil, errAt(rl.num, "%v", err)
			}
		}
	}
	if len(z.changes) == 0 {
		return nil, errAt(c.line, "VTIMEZONE has no STANDARD or DAYLIGHT part")
	}
	sort.SliceStable(z.changes, func(i, j int) bool { return z.changes[i].at.Before(z.changes[j].at) })
	return z, nil
}

// zoneName is a name the zone database could hold ("Europe/Berlin"); other
// names are not looked up on disk.
func zoneName(s string) bool {
	if s == "" || len(s) > 64 || strings.Contains(s, "..") || strings.HasPrefix(s, "/") {
		return false
	}
	for _, r := range s {
		if !(r == '/' || r == '_' || r == '-' || r == '+' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
			return false
		}
	}
	return true
}
