package deadline

import (
	"fmt"
	"sort"
	"time"
)

// CalendarSpec is a Calendar as stored and edited: JSON-friendly, times as
// minutes from local midnight, dates as "YYYY-MM-DD".
type CalendarSpec struct {
	// TimeZone is an IANA name; empty means the computer's zone.
	TimeZone   string `json:"timeZone"`
	AlwaysOpen bool   `json:"alwaysOpen"`
	// Weekly holds open ranges per weekday, Sunday first.
	Weekly    [7][]RangeSpec `json:"weekly"`
	Holidays  []HolidaySpec  `json:"holidays"`
	Overrides []OverrideSpec `json:"overrides"`
}

// RangeSpec is an opening in minutes from midnight; End may pass 1440 for a
// range across midnight (22:00–02:00 is 1320–1560).
type RangeSpec struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// HolidaySpec is a closed day.
type HolidaySpec struct {
	Date string `json:"date"`
	Name string `json:"name"`
}

// OverrideSpec replaces a date's weekly hours; no ranges closes it.
type OverrideSpec struct {
	Date   string      `json:"date"`
	Ranges []RangeSpec `json:"ranges"`
}

// TargetSpec is a Target in whole minutes.
type TargetSpec struct {
	InternalMin   int     `json:"internalMin"`
	PublishedMin  int     `json:"publishedMin"`
	BusinessHours bool    `json:"businessHours"`
	WarnLeadMin   int     `json:"warnLeadMin"`
	WarnShare     float64 `json:"warnShare"`
}

// PolicySpec is a Policy as stored and edited.
type PolicySpec struct {
	FirstResponse TargetSpec `json:"firstResponse"`
	NextResponse  TargetSpec `json:"nextResponse"`
	Resolution    TargetSpec `json:"resolution"`
}

// DefaultCalendarSpec is what a new client gets: Monday–Friday 09:00–17:00
// in zone ("" = the computer's zone).
func DefaultCalendarSpec(zone string) CalendarSpec {
	c := CalendarSpec{TimeZone: zone}
	for d := time.Monday; d <= time.Friday; d++ {
		c.Weekly[d] = []RangeSpec{{9 * 60, 17 * 60}}
	}
	return c
}

// DefaultPolicySpec is DefaultPolicy as a spec.
func DefaultPolicySpec() PolicySpec { return SpecOfPolicy(DefaultPolicy()) }

// ParseDate reads "YYYY-MM-DD".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q is not YYYY-MM-DD", s)
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

func ranges(rs []RangeSpec) []Range {
	out := make([]Range, 0, len(rs))
	for _, r := range rs {
		out = append(out, Range{time.Duration(r.Start) * time.Minute, time.Duration(r.End) * time.Minute})
	}
	return out
}

// Calendar turns the spec into a validated Calendar. local is the zone used
// when the spec names none (the computer's zone).
func (s CalendarSpec) Calendar(local *time.Location) (Calendar, error) {
	loc := local
	if s.TimeZone != "" {
		l, err := time.LoadLocation(s.TimeZone)
		if err != nil {
			return Calendar{}, fmt.Errorf("unknown time zone %q", s.TimeZone)
		}
		loc = l
	}
	if loc == nil {
		loc = time.UTC
	}
	c := Calendar{Location: loc, AlwaysOpen: s.AlwaysOpen}
	for d := range s.Weekly {
		c.Weekly[d] = ranges(s.Weekly[d])
	}
	if len(s.Holidays) > 0 {
		c.Holidays = map[Date]bool{}
	}
	for _, h := range s.Holidays {
		d, err := ParseDate(h.Date)
		if err != nil {
			return Calendar{}, fmt.Errorf("holiday: %w", err)
		}
		c.Holidays[d] = true
	}
	if len(s.Overrides) > 0 {
		c.Overrides = map[Date][]Range{}
	}
	for _, o := range s.Overrides {
		d, err := ParseDate(o.Date)
		if err != nil {
			return Calendar{}, fmt.Errorf("override: %w", err)
		}
		c.Overrides[d] = ranges(o.Ranges)
	}
	if err := c.Validate(); err != nil {
		return Calendar{}, err
	}
	return c, nil
}

// Normalize sorts holidays and overrides by date and drops duplicate
// holidays, so stored specs compare equal when they mean the same.
func (s *CalendarSpec) Normalize() {
	sort.SliceStable(s.Holidays, func(i, j int) bool { return s.Holidays[i].Date < s.Holidays[j].Date })
	out := s.Holidays[:0]
	for i, h := range s.Holidays {
		if i > 0 && h.Date == s.Holidays[i-1].Date {
			continue
		}
		out = append(out, h)
	}
	s.Holidays = out
	sort.SliceStable(s.Overrides, func(i, j int) bool { return s.Overrides[i].Date < s.Overrides[j].Date })
	for d := range s.Weekly {
		if s.Weekly[d] == nil {
			s.Weekly[d] = []RangeSpec{}
		}
	}
	if s.Holidays == nil {
		s.Holidays = []HolidaySpec{}
	}
	if s.Overrides == nil {
		s.Overrides = []OverrideSpec{}
	}
}

// Target turns the spec into a Target.
func (t TargetSpec) Target() Target {
	return Target{Internal: time.Duration(t.InternalMin) * time.Minute, Published: time.Duration(t.PublishedMin) * time.Minute,
		BusinessHours: t.BusinessHours, WarnLead: time.Duration(t.WarnLeadMin) * time.Minute, WarnShare: t.WarnShare}
}

// Policy turns the spec into a validated Policy.
func (p PolicySpec) Policy() (Policy, error) {
	out := Policy{FirstResponse: p.FirstResponse.Target(), NextResponse: p.NextResponse.Target(), Resolution: p.Resolution.Target()}
	for name, t := range map[string]Target{"first response": out.FirstResponse, "next response": out.NextResponse, "resolution": out.Resolution} {
		if err := t.Validate(); err != nil {
			return Policy{}, fmt.Errorf("%s: %w", name, err)
		}
	}
	return out, nil
}

func specOfTarget(t Target) TargetSpec {
	return TargetSpec{InternalMin: int(t.Internal / time.Minute), PublishedMin: int(t.Published / time.Minute),
		BusinessHours: t.BusinessHours, WarnLeadMin: int(t.WarnLead / time.Minute), WarnShare: t.WarnShare}
}

// SpecOfPolicy is the inverse of PolicySpec.Policy (to the minute).
func SpecOfPolicy(p Policy) PolicySpec {
	return PolicySpec{FirstResponse: specOfTarget(p.FirstResponse), NextResponse: specOfTarget(p.NextResponse),
		Resolution: specOfTarget(p.Resolution)}
}
