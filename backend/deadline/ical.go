package deadline

import (
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/emersion/go-ical"
)

// ICalImport is what an .ics file contributes to a calendar's holidays.
type ICalImport struct {
	Holidays []HolidaySpec
	// Skipped counts events with a time of day: a holiday calendar marks
	// whole days, and a two-hour event is not a closed day.
	Skipped int
}

// maxEventDays bounds one event's span, so a malformed file cannot make the
// import list years of days.
const maxEventDays = 366

// ImportICal reads all-day events from an iCalendar (.ics) stream as
// holidays in [from, to), expanding recurring ones (RRULE, e.g. a yearly
// public holiday). Dates are read in loc, the calendar's zone.
func ImportICal(r io.Reader, loc *time.Location, from, to time.Time) (ICalImport, error) {
	var out ICalImport
	cal, err := ical.NewDecoder(r).Decode()
	if err != nil {
		return out, fmt.Errorf("read iCalendar file: %w", err)
	}
	seen := map[string]bool{}
	add := func(start time.Time, days int, name string) {
		for i := 0; i < days && i < maxEventDays; i++ {
			d := start.AddDate(0, 0, i)
			if d.Before(from) || !d.Before(to) {
				continue
			}
			key := DateOf(d, loc).String()
			if !seen[key] {
				seen[key] = true
				out.Holidays = append(out.Holidays, HolidaySpec{Date: key, Name: name})
			}
		}
	}
	for _, ev := range cal.Events() {
		prop := ev.Props.Get(ical.PropDateTimeStart)
		if prop == nil {
			continue
		}
		if prop.ValueType() != ical.ValueDate {
			out.Skipped++
			continue
		}
		start, err := ev.DateTimeStart(loc)
		if err != nil {
			return out, fmt.Errorf("read event start: %w", err)
		}
		end, err := ev.DateTimeEnd(loc)
		if err != nil {
			return out, fmt.Errorf("read event end: %w", err)
		}
		days := 1
		if end.After(start) {
			// Wall-clock days, so a DST change inside the span does not cut one off.
			days = int(end.Sub(start).Round(24*time.Hour) / (24 * time.Hour))
		}
		name, _ := ev.Props.Text(ical.PropSummary)
		set, err := ev.RecurrenceSet(loc)
		if err != nil {
			return out, fmt.Errorf("read event %q recurrence: %w", name, err)
		}
		if set == nil {
			add(start, days, name)
			continue
		}
		for _, occ := range set.Between(from.AddDate(0, 0, -days), to, true) {
			add(occ, days, name)
		}
	}
	sort.Slice(out.Holidays, func(i, j int) bool { return out.Holidays[i].Date < out.Holidays[j].Date })
	return out, nil
}
