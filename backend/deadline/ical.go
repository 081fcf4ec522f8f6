package deadline

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// ICalImport is what an .ics file contributes to a calendar's holidays.
type ICalImport struct {
	Holidays []HolidaySpec
	// Skipped counts events with a time of day: a holiday calendar marks
	// whole days, and a two-hour event is not a closed day.
	Skipped int
	// Rejected lists events that could not be read, each with why; the
	// rest of the file is imported without them.
	Rejected []ICalRejected
}

// ICalRejected is an event left out because it could not be read.
type ICalRejected struct {
	Line    int    // where its BEGIN:VEVENT is
	Summary string // its SUMMARY, if that could be read
	Reason  string // names the line at fault, e.g. "line 12: DTSTART value …"
}

func (r ICalRejected) String() string {
	if r.Summary == "" {
		return fmt.Sprintf("event on line %d: %s", r.Line, r.Reason)
	}
	return fmt.Sprintf("event %q on line %d: %s", r.Summary, r.Line, r.Reason)
}

// Limits that keep a hostile or broken feed from exhausting memory or
// time. Real holiday feeds are far below them: a national calendar for a
// century is a few hundred kilobytes and a few thousand events.
const (
	maxICalBytes  = 8 << 20
	maxICalEvents = 20000
	// maxEventDays bounds one event's span, so a malformed file cannot
	// make the import list years of days.
	maxEventDays = 366
	// maxICalExpansion bounds the days looked at while expanding
	// recurrences and spans, over the whole file; maxRuleExpansion bounds
	// one event, so one runaway rule does not use up the others' share.
	maxICalExpansion = 4_000_000
	maxRuleExpansion = 400_000
	maxHolidayName   = 200
)

// ImportICal reads all-day events from an iCalendar (.ics) stream as
// holidays in [from, to), expanding recurring ones (RRULE, RDATE, EXDATE,
// e.g. a yearly public holiday). Dates are read in loc, the calendar's
// zone. All-day events come as DATE values (Google, national calendars) or
// as midnight-to-midnight date-times (Outlook, which also marks them with
// X-MICROSOFT-CDO-ALLDAYEVENT). A file that is not iCalendar, or is broken
// outside its events, is an error naming the line; an event that cannot be
// read is listed in Rejected and the others are still imported.
func ImportICal(r io.Reader, loc *time.Location, from, to time.Time) (ICalImport, error) {
	if loc == nil {
		loc = time.UTC
	}
	data, err := io.ReadAll(io.LimitReader(r, maxICalBytes+1))
	if err != nil {
		return ICalImport{}, fmt.Errorf("read iCalendar file: %w", err)
	}
	if len(data) > maxICalBytes {
		return ICalImport{}, fmt.Errorf("read iCalendar file: larger than %d MB, not a holiday calendar", maxICalBytes>>20)
	}
	cals, err := parseICal(data)
	if err != nil {
		return ICalImport{}, fmt.Errorf("read iCalendar file: %w", err)
	}
	imp := newICalImporter(loc, from, to)
	var events []*icalComponent
	for _, cal := range cals {
		for _, c := range cal.children {
			switch c.name {
			case "VEVENT":
				events = append(events, c)
			case "VTIMEZONE":
				if l, ok := c.prop("TZID"); ok && imp.vtimezones[l.value] == nil {
					imp.vtimezones[l.value] = c
				}
			}
		}
	}
	if len(events) > maxICalEvents {
		return ICalImport{}, fmt.Errorf("read iCalendar file: more than %d events, not a holiday calendar", maxICalEvents)
	}
	for _, c := range events {
		imp.noteOverride(c)
	}
	for _, c := range events {
		timed, err := imp.event(c)
		switch {
		case err != nil:
			name := ""
			if l, ok := c.prop("SUMMARY"); ok {
				name = icalText(l.value)
			}
			imp.out.Rejected = append(imp.out.Rejected, ICalRejected{Line: c.line, Summary: name, Reason: err.Error()})
		case timed:
			imp.out.Skipped++
		}
	}
	out := imp.out
	sort.SliceStable(out.Holidays, func(i, j int) bool { return out.Holidays[i].Date < out.Holidays[j].Date })
	return out, nil
}

type icalImporter struct {
	loc         *time.Location
	first, last time.Time // the window's days, as civil days
	vtimezones  map[string]*icalComponent
	zones       map[string]icalZone
	budget      int
	seen        map[time.Time]bool
	// overrides holds, per UID, the days whose occurrence another VEVENT
	// (with RECURRENCE-ID) moved or cancelled.
	overrides map[string]map[time.Time]bool
	out       ICalImport
}

func newICalImporter(loc *time.Location, from, to time.Time) *icalImporter {
	imp := &icalImporter{
		loc: loc, vtimezones: map[string]*icalComponent{}, zones: map[string]icalZone{},
		budget: maxICalExpansion, seen: map[time.Time]bool{}, overrides: map[string]map[time.Time]bool{},
	}
	// A day is in the window when its midnight in loc is in [from, to).
	imp.first = dayOf(naive(from.In(loc)))
	if time.Date(imp.first.Year(), imp.first.Month(), imp.first.Day(), 0, 0, 0, 0, loc).Before(from) {
		imp.first = imp.first.AddDate(0, 0, 1)
	}
	imp.last = dayOf(naive(to.Add(-time.Nanosecond).In(loc)))
	return imp
}

// zone resolves a TZID: the file's own VTIMEZONE first (as RFC 5545 says),
// then the zone database; a zone neither knows is read as the calendar's,
// which for all-day events can only move a date given in UTC.
func (imp *icalImporter) zone(tzid string) icalZone {
	if z, ok := imp.zones[tzid]; ok {
		return z
	}
	var z icalZone = locZone{imp.loc}
	if c := imp.vtimezones[tzid]; c != nil {
		if vz, err := parseVTimezone(c, imp.first.AddDate(-2, 0, 0), imp.last.AddDate(1, 0, 0), &imp.budget); err == nil {
			z = vz
		}
	} else if zoneName(tzid) {
		if l, err := time.LoadLocation(tzid); err == nil {
			z = locZone{l}
		}
	}
	if len(imp.zones) < 1000 {
		imp.zones[tzid] = z
	}
	return z
}

// eventZone is the zone a DTSTART's wall clock is in.
func (imp *icalImporter) eventZone(w icalWhen) icalZone {
	switch {
	case w.utc:
		return locZone{time.UTC}
	case w.tzid != "" && !w.date:
		return imp.zone(w.tzid)
	default:
		return locZone{imp.loc}
	}
}

// wallIn is w as a wall clock in the zone of start (ez).
func (imp *icalImporter) wallIn(w, start icalWhen, ez icalZone) time.Time {
	switch {
	case w.date:
		return w.wall
	case w.utc:
		return ez.wall(w.wall)
	case w.tzid != "" && w.tzid != start.tzid:
		return ez.wall(imp.zone(w.tzid).instant(w.wall))
	default:
		return w.wall
	}
}

// instantOf is the instant a DATE-TIME names (a floating one read in the
// calendar's zone).
func (imp *icalImporter) instantOf(w icalWhen) time.Time {
	switch {
	case w.utc:
		return w.wall
	case w.tzid != "":
		return imp.zone(w.tzid).instant(w.wall)
	default:
		return locZone{imp.loc}.instant(w.wall)
	}
}

// dayIn is the day an EXDATE, RDATE or RECURRENCE-ID names for an all-day
// event whose start is in ez. Exporters write such a day in UTC two ways:
// the date with T000000Z appended, or (Outlook) the instant the local day
// begins, 20271224T230000Z for 25 December in Berlin. Both are read as the
// day they mean.
func (imp *icalImporter) dayIn(w, start icalWhen, ez icalZone) time.Time {
	if w.utc && w.wall.Equal(dayOf(w.wall)) {
		return w.wall
	}
	return dayOf(imp.wallIn(w, start, ez))
}

func (imp *icalImporter) noteOverride(c *icalComponent) {
	rid, ok := c.prop("RECURRENCE-ID")
	uid, ok2 := c.prop("UID")
	if !ok || !ok2 || c.bad != nil {
		return
	}
	w, err := parseWhen(rid.num, rid.name, rid.value, rid.param("TZID"))
	if err != nil {
		return
	}
	start := w
	if s, ok := c.prop("DTSTART"); ok {
		if sw, err := parseWhen(s.num, s.name, s.value, s.param("TZID")); err == nil {
			start = sw
		}
	}
	if imp.overrides[uid.value] == nil {
		imp.overrides[uid.value] = map[time.Time]bool{}
	}
	imp.overrides[uid.value][imp.dayIn(w, start, imp.eventZone(start))] = true
}

// allDayFlag is how Outlook and Exchange mark an all-day event they write
// as date-times.
func allDayFlag(c *icalComponent) bool {
	for _, name := range []string{"X-MICROSOFT-CDO-ALLDAYEVENT", "X-MICROSOFT-MSNCALENDAR-ALLDAYEVENT"} {
		if l, ok := c.prop(name); ok && strings.EqualFold(strings.TrimSpace(l.value), "TRUE") {
			return true
		}
	}
	return false
}

// spanDays is how many days an all-day event from start to end (wall
// clocks) covers: the end is exclusive at midnight, so 25 Dec 00:00 to
// 26 Dec 00:00 is one day.
func spanDays(start, end time.Time) int {
	endDay := dayOf(end)
	if !end.Equal(endDay) {
		endDay = endDay.AddDate(0, 0, 1)
	}
	return max(1, daysBetween(dayOf(start), endDay))
}

// event adds one VEVENT's days; timed reports an event with a time of day.
func (imp *icalImporter) event(c *icalComponent) (timed bool, err error) {
	if c.bad != nil {
		return false, c.bad
	}
	if l, ok := c.prop("STATUS"); ok && strings.EqualFold(strings.TrimSpace(l.value), "CANCELLED") {
		return false, nil
	}
	sl, ok := c.prop("DTSTART")
	if !ok {
		return false, errAt(c.line, "event has no DTSTART")
	}
	start, err := parseWhen(sl.num, sl.name, sl.value, sl.param("TZID"))
	if err != nil {
		return false, err
	}
	ez := imp.eventZone(start)
	var (
		dtend          *icalWhen
		durDays        int
		durRest        time.Duration
		hasEnd, hasDur bool
	)
	if el, ok := c.prop("DTEND"); ok {
		ew, err := parseWhen(el.num, el.name, el.value, el.param("TZID"))
		if err != nil {
			return false, err
		}
		dtend, hasEnd = &ew, true
	} else if dl, ok := c.prop("DURATION"); ok {
		if durDays, durRest, err = parseDuration(dl.num, dl.value); err != nil {
			return false, err
		}
		durDays, hasEnd, hasDur = min(durDays, 10*maxEventDays), true, true
	}
	endIn := func(start icalWhen, ez icalZone) time.Time {
		switch {
		case dtend != nil:
			return imp.wallIn(*dtend, start, ez)
		case hasDur: // days are nominal: a day across a DST change is still a day
			return start.wall.AddDate(0, 0, durDays).Add(durRest)
		}
		return start.wall
	}
	end := endIn(start, ez)
	if start.utc && !start.wall.Equal(dayOf(start.wall)) {
		// Some exporters write all-day events in UTC: 20261224T230000Z
		// is midnight on 25 December in Berlin. Read such an event in the
		// calendar's zone when that makes it whole days.
		lz := locZone{imp.loc}
		ls := icalWhen{wall: lz.wall(start.wall)}
		le := endIn(ls, lz)
		if dtend != nil {
			le = lz.wall(imp.instantOf(*dtend))
		}
		if ls.wall.Equal(dayOf(ls.wall)) && (allDayFlag(c) || hasEnd && le.After(ls.wall) && le.Equal(dayOf(le))) {
			start, ez, end = ls, lz, le
		}
	}
	days := 1
	switch {
	case start.date || allDayFlag(c):
		if hasEnd && end.After(start.wall) {
			days = spanDays(start.wall, end)
		}
	case start.wall.Equal(dayOf(start.wall)) && hasEnd && end.After(start.wall) && end.Equal(dayOf(end)):
		days = daysBetween(start.wall, end) // midnight to midnight: whole days
	default:
		return true, nil
	}
	days = min(days, maxEventDays)
	name := ""
	if l, ok := c.prop("SUMMARY"); ok {
		name = icalText(l.value)
	}
	except := map[time.Time]bool{}
	for _, l := range c.all("EXDATE") {
		ws, err := parseWhenList(l)
		if err != nil {
			return false, err
		}
		for _, w := range ws {
			except[imp.dayIn(w, start, ez)] = true
		}
	}
	if _, own := c.prop("RECURRENCE-ID"); !own {
		if uid, ok := c.prop("UID"); ok {
			for d := range imp.overrides[uid.value] {
				except[d] = true
			}
		}
	}
	granted := min(imp.budget, maxRuleExpansion)
	eventBudget := granted
	defer func() { imp.budget -= granted - eventBudget }()
	// The event's days are gathered first and kept only if all of it
	// could be read: a rejected event adds nothing.
	var got []time.Time
	gotSet := map[time.Time]bool{}
	occur := func(d time.Time, span int) {
		if !except[d] {
			imp.span(d, span, &eventBudget, func(day time.Time) {
				if !gotSet[day] {
					gotSet[day] = true
					got = append(got, day)
				}
			})
		}
	}
	startDay := dayOf(start.wall)
	occur(startDay, days)
	for _, l := range c.all("RRULE") {
		rule, err := parseRule(l.value)
		if err != nil {
			return false, errAt(l.num, "%v", err)
		}
		last := imp.last
		if rule.until != "" {
			u, err := imp.untilDay(l.num, rule.until, start, ez)
			if err != nil {
				return false, err
			}
			if u.Before(last) {
				last = u
			}
		}
		lo := imp.first.AddDate(0, 0, 1-days)
		if err := rule.expand(startDay, last, lo, &eventBudget, func(d time.Time) { occur(d, days) }); err != nil {
			return false, errAt(l.num, "%v", budgetError(err, granted))
		}
	}
	for _, l := range c.all("RDATE") {
		if err := imp.rdates(l, start, ez, days, occur); err != nil {
			return false, err
		}
	}
	if eventBudget < 0 {
		return false, errAt(c.line, "%v", budgetError(errExpansion, granted))
	}
	for _, d := range got {
		if !imp.seen[d] {
			imp.seen[d] = true
			imp.out.Holidays = append(imp.out.Holidays, HolidaySpec{Date: Date{d.Year(), d.Month(), d.Day()}.String(), Name: name})
		}
	}
	return false, nil
}

// budgetError says which limit an expansion ran into: this event's own,
// or what the events before it left of the file's.
func budgetError(err error, granted int) error {
	if !errors.Is(err, errExpansion) {
		return err
	}
	if granted < maxRuleExpansion {
		return fmt.Errorf("not imported: the file's recurring events need more than %d days of expansion in all", maxICalExpansion)
	}
	return fmt.Errorf("%w (more than %d days to look at)", err, maxRuleExpansion)
}

// untilDay is the last day an RRULE's UNTIL lets an occurrence start on.
// RFC 5545 includes UNTIL itself: UNTIL=20271225 keeps 25 December 2027 in
// every zone. A date-time UNTIL is read like an EXDATE (see dayIn).
func (imp *icalImporter) untilDay(num int, s string, start icalWhen, ez icalZone) (time.Time, error) {
	u, err := parseWhen(num, "UNTIL", s, start.tzid)
	if err != nil {
		return time.Time{}, err
	}
	if u.date || (u.utc && u.wall.Equal(dayOf(u.wall))) {
		return dayOf(u.wall), nil
	}
	w := imp.wallIn(u, start, ez)
	d := dayOf(w)
	if w.Sub(d) < start.wall.Sub(dayOf(start.wall)) {
		d = d.AddDate(0, 0, -1) // that day's occurrence would start after UNTIL
	}
	return d, nil
}

// rdates adds the occurrences one RDATE line lists: dates, date-times or
// periods (start/end or start/duration), comma-separated.
func (imp *icalImporter) rdates(l icalLine, start icalWhen, ez icalZone, days int, occur func(time.Time, int)) error {
	for _, v := range strings.Split(l.value, ",") {
		if strings.TrimSpace(v) == "" {
			continue
		}
		a, b, period := strings.Cut(v, "/")
		w, err := parseWhen(l.num, l.name, a, l.param("TZID"))
		if err != nil {
			return err
		}
		d, span := imp.dayIn(w, start, ez), days
		if period {
			ws := imp.wallIn(w, start, ez)
			var we time.Time
			if strings.HasPrefix(strings.TrimSpace(strings.ToUpper(b)), "P") || strings.HasPrefix(strings.TrimSpace(b), "+") {
				n, rest, err := parseDuration(l.num, b)
				if err != nil {
					return err
				}
				we = ws.AddDate(0, 0, min(n, 10*maxEventDays)).Add(rest)
			} else {
				e, err := parseWhen(l.num, l.name, b, l.param("TZID"))
				if err != nil {
					return err
				}
				we = imp.wallIn(e, start, ez)
			}
			if !we.After(ws) {
				return errAt(l.num, "RDATE period %q ends before it starts", clip(v, 40))
			}
			span = min(spanDays(ws, we), maxEventDays)
			if !w.utc {
				d = dayOf(ws)
			}
		}
		occur(d, span)
	}
	return nil
}

// span calls fn for each of the span days from d that fall in the window.
func (imp *icalImporter) span(d time.Time, span int, budget *int, fn func(time.Time)) {
	end := d.AddDate(0, 0, span-1)
	if end.Before(imp.first) || d.After(imp.last) {
		*budget--
		return
	}
	if d.Before(imp.first) {
		d = imp.first
	}
	if end.After(imp.last) {
		end = imp.last
	}
	for ; !d.After(end); d = d.AddDate(0, 0, 1) {
		if *budget--; *budget < 0 {
			return
		}
		fn(d)
	}
}
