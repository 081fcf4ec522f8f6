package bluesky

import (
	"encoding/json"
	"regexp"
	"strconv"
	"time"
)

// datetimeSyntax is the lexicon's datetime format
// (atproto.com/specs/lexicon#datetime): RFC 3339 with an upper-case T,
// whole seconds and a time zone. It is a syntax, not a calendar check.
var datetimeSyntax = regexp.MustCompile(`^([0-9]{4})-([01][0-9])-([0-3][0-9])T([0-2][0-9]):([0-6][0-9]):([0-6][0-9])(\.[0-9]{1,20})?(Z|([+-])([0-2][0-9]):([0-5][0-9]))$`)

// parseDatetime reads a record's datetime; zero when it is none. The
// syntax lets through days no calendar has ("2026-02-30"), which the
// AppView indexes, rolling them over as JavaScript's Date does
// (normalizeDatetime in @atproto/syntax). time.Parse refuses them;
// time.Date rolls them over alike.
func parseDatetime(s string) time.Time {
	m := datetimeSyntax.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}
	}
	n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
	if n(4) > 23 || n(5) > 59 || n(6) > 60 || n(2) < 1 || n(2) > 12 || n(3) < 1 {
		return time.Time{} // JavaScript's Date refuses these too
	}
	var frac time.Duration
	if m[7] != "" {
		digits := (m[7][1:] + "000000000")[:9]
		ns, _ := strconv.Atoi(digits)
		frac = time.Duration(ns)
	}
	t := time.Date(n(1), time.Month(n(2)), n(3), n(4), n(5), n(6), 0, time.UTC).Add(frac)
	if m[8] != "Z" {
		off := time.Duration(n(10))*time.Hour + time.Duration(n(11))*time.Minute
		if m[9] == "-" {
			off = -off
		}
		t = t.Add(-off)
	}
	return t
}

// datetime is a datetime in a record someone else wrote. It never fails
// to decode: a createdAt Go cannot read must not drop the customer's post
// (or a whole page with it); it reads as zero and the caller falls back to
// the time the AppView indexed the post.
type datetime struct{ time.Time }

func (d *datetime) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		d.Time = parseDatetime(s)
	} else {
		d.Time = time.Time{}
	}
	return nil
}

func (d datetime) MarshalJSON() ([]byte, error) { return json.Marshal(d.Time) }
