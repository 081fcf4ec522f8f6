package deadline

import (
	"fmt"
	"hash/fnv"
	"reflect"
	"strings"
	"testing"
	"time"
)

// ics wraps VEVENT (and VTIMEZONE) lines in a calendar, joined with CRLF as
// RFC 5545 writes them.
func ics(lines ...string) string {
	all := append([]string{"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Care Inbox test//EN"}, lines...)
	all = append(all, "END:VCALENDAR")
	return strings.Join(all, "\r\n") + "\r\n"
}

// vevent is one event with a UID and DTSTAMP around the given properties.
func vevent(props ...string) []string {
	h := fnv.New64a()
	h.Write([]byte(strings.Join(props, "\n")))
	out := []string{"BEGIN:VEVENT", fmt.Sprintf("UID:%x@test", h.Sum64()), "DTSTAMP:20250101T000000Z"}
	out = append(out, props...)
	return append(out, "END:VEVENT")
}

func events(evs ...[]string) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e...)
	}
	return out
}

func dates(hs []HolidaySpec) []string {
	out := []string{}
	for _, h := range hs {
		out = append(out, h.Date)
	}
	return out
}

// vtzNZ is Outlook's definition of New Zealand time, under Outlook's name
// for it, which the zone database does not know.
var vtzNZ = []string{
	"BEGIN:VTIMEZONE", "TZID:New Zealand Standard Time",
	"BEGIN:STANDARD", "DTSTART:16010401T030000", "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4",
	"TZOFFSETFROM:+1300", "TZOFFSETTO:+1200", "END:STANDARD",
	"BEGIN:DAYLIGHT", "DTSTART:16010930T020000", "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=9",
	"TZOFFSETFROM:+1200", "TZOFFSETTO:+1300", "END:DAYLIGHT",
	"END:VTIMEZONE",
}

// TestImportICalCases covers each way a real feed writes holidays that the
// go-ical based import lost or rejected (issue 10, item 12).
func TestImportICalCases(t *testing.T) {
	xmasYearly := func(until string) []string {
		return vevent("DTSTART;VALUE=DATE:20251225", "DTEND;VALUE=DATE:20251226", "SUMMARY:Christmas",
			"RRULE:FREQ=YEARLY;UNTIL="+until)
	}
	cases := []struct {
		name    string
		zone    string
		body    string
		want    []string
		skipped int
	}{
		// UNTIL includes its date (RFC 5545 §3.3.10), in every zone.
		{"until date west of UTC", "America/Los_Angeles", ics(xmasYearly("20271225")...),
			[]string{"2026-12-25", "2027-12-25"}, 0},
		{"until date east of UTC", "Pacific/Auckland", ics(xmasYearly("20271225")...),
			[]string{"2026-12-25", "2027-12-25"}, 0},
		{"until date is the last", "America/Los_Angeles", ics(xmasYearly("20271224")...),
			[]string{"2026-12-25"}, 0},
		{"until UTC midnight west of UTC", "America/Los_Angeles", ics(xmasYearly("20271225T000000Z")...),
			[]string{"2026-12-25", "2027-12-25"}, 0},
		{"until UTC midnight east of UTC", "Pacific/Auckland", ics(xmasYearly("20271225T000000Z")...),
			[]string{"2026-12-25", "2027-12-25"}, 0},
		{"until UTC end of day", "America/Los_Angeles", ics(xmasYearly("20271225T235959Z")...),
			[]string{"2026-12-25", "2027-12-25"}, 0},
		{"until UTC instant, Outlook in Auckland", "Pacific/Auckland", ics(vevent(
			"DTSTART;TZID=Pacific/Auckland:20251225T000000", "DTEND;TZID=Pacific/Auckland:20251226T000000",
			"SUMMARY:Christmas", "RRULE:FREQ=YEARLY;UNTIL=20271224T110000Z;BYMONTHDAY=25;BYMONTH=12",
			"X-MICROSOFT-CDO-ALLDAYEVENT:TRUE")...),
			[]string{"2026-12-25", "2027-12-25"}, 0},
		{"until UTC instant, Outlook in Los Angeles", "America/Los_Angeles", ics(vevent(
			"DTSTART;TZID=America/Los_Angeles:20251225T000000", "DTEND;TZID=America/Los_Angeles:20251226T000000",
			"SUMMARY:Christmas", "RRULE:FREQ=YEARLY;UNTIL=20271225T080000Z")...),
			[]string{"2026-12-25", "2027-12-25"}, 0},
		{"until UTC instant before the last", "America/Los_Angeles", ics(vevent(
			"DTSTART;TZID=America/Los_Angeles:20251225T000000", "DTEND;TZID=America/Los_Angeles:20251226T000000",
			"SUMMARY:Christmas", "RRULE:FREQ=YEARLY;UNTIL=20271225T075959Z")...),
			[]string{"2026-12-25"}, 0},
		// EXDATE: lists, several lines, VALUE=DATE, TZID, UTC.
		{"exdate comma list", "Europe/Berlin", ics(vevent("DTSTART;VALUE=DATE:20251225", "SUMMARY:Christmas",
			"RRULE:FREQ=YEARLY;COUNT=6", "EXDATE;VALUE=DATE:20261225,20281225")...),
			[]string{"2027-12-25", "2029-12-25"}, 0},
		{"exdate several lines", "Europe/Berlin", ics(vevent("DTSTART;VALUE=DATE:20251225", "SUMMARY:Christmas",
			"RRULE:FREQ=YEARLY", "EXDATE;VALUE=DATE:20261225", "EXDATE:20281225,20291225")...),
			[]string{"2027-12-25"}, 0},
		{"exdate with TZID", "Europe/Berlin", ics(vevent("DTSTART;TZID=Europe/Berlin:20251225T000000",
			"DTEND;TZID=Europe/Berlin:20251226T000000", "SUMMARY:Christmas", "RRULE:FREQ=YEARLY",
			"EXDATE;TZID=Europe/Berlin:20261225T000000,20281225T000000")...),
			[]string{"2027-12-25", "2029-12-25"}, 0},
		{"exdate as the UTC instant the day begins", "Europe/Berlin", ics(vevent("DTSTART;VALUE=DATE:20251225",
			"SUMMARY:Christmas", "RRULE:FREQ=YEARLY", "EXDATE:20261224T230000Z")...),
			[]string{"2027-12-25", "2028-12-25", "2029-12-25"}, 0},
		{"exdate with a date in UTC", "America/Los_Angeles", ics(vevent("DTSTART;VALUE=DATE:20251225",
			"SUMMARY:Christmas", "RRULE:FREQ=YEARLY", "EXDATE:20261225T000000Z")...),
			[]string{"2027-12-25", "2028-12-25", "2029-12-25"}, 0},
		// RDATE: dates and periods.
		{"rdate dates", "Europe/Berlin", ics(vevent("DTSTART;VALUE=DATE:20260406", "SUMMARY:Easter Monday",
			"RDATE;VALUE=DATE:20270329,20280417", "RDATE;VALUE=DATE:20290402")...),
			[]string{"2026-04-06", "2027-03-29", "2028-04-17", "2029-04-02"}, 0},
		{"rdate periods", "Europe/Berlin", ics(vevent("DTSTART;VALUE=DATE:20260101", "SUMMARY:Closed",
			"RDATE;VALUE=PERIOD:20261224T000000/20261227T000000,20270101T000000/P2D")...),
			[]string{"2026-01-01", "2026-12-24", "2026-12-25", "2026-12-26", "2027-01-01", "2027-01-02"}, 0},
		{"rdate with exdate", "Europe/Berlin", ics(vevent("DTSTART;VALUE=DATE:20260406", "SUMMARY:Easter Monday",
			"RDATE;VALUE=DATE:20270329,20280417", "EXDATE;VALUE=DATE:20270329")...),
			[]string{"2026-04-06", "2028-04-17"}, 0},
		// All-day events however they are written.
		{"all-day as DATE", "Europe/Berlin", ics(vevent("DTSTART;VALUE=DATE:20261225", "SUMMARY:Christmas")...),
			[]string{"2026-12-25"}, 0},
		{"all-day as DATE without VALUE", "Europe/Berlin", ics(vevent("DTSTART:20261225", "DTEND:20261226", "SUMMARY:Christmas")...),
			[]string{"2026-12-25"}, 0},
		{"all-day as midnight-to-midnight date-times", "Europe/Berlin", ics(vevent("DTSTART:20261225T000000",
			"DTEND:20261226T000000", "SUMMARY:Christmas")...),
			[]string{"2026-12-25"}, 0},
		{"all-day as UTC midnights", "America/Los_Angeles", ics(vevent("DTSTART:20261225T000000Z",
			"DTEND:20261226T000000Z", "SUMMARY:Christmas")...),
			[]string{"2026-12-25"}, 0},
		{"all-day in UTC from the calendar's zone", "Europe/Berlin", ics(vevent("DTSTART:20261224T230000Z",
			"DTEND:20261225T230000Z", "SUMMARY:Christmas")...),
			[]string{"2026-12-25"}, 0},
		{"all-day in UTC across a DST change", "Europe/Berlin", ics(vevent("DTSTART:20261023T220000Z",
			"DURATION:P3D", "SUMMARY:Autumn break")...),
			[]string{"2026-10-24", "2026-10-25", "2026-10-26"}, 0},
		{"all-day in UTC marked by Outlook", "America/Los_Angeles", ics(vevent("DTSTART:20261225T080000Z",
			"DTEND:20261226T080000Z", "SUMMARY:Christmas", "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE",
			"RRULE:FREQ=YEARLY;COUNT=2", "EXDATE:20261225T080000Z")...),
			[]string{"2027-12-25"}, 0},
		{"a day in UTC that is not a whole day here", "Europe/Berlin", ics(vevent("DTSTART:20261225T050000Z",
			"DTEND:20261226T050000Z", "SUMMARY:Shift")...),
			[]string{}, 1},
		{"all-day marked by Outlook", "Europe/Berlin", ics(vevent("DTSTART;TZID=Europe/Berlin:20261225T000000",
			"DTEND;TZID=Europe/Berlin:20261226T000000", "SUMMARY:Christmas", "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE")...),
			[]string{"2026-12-25"}, 0},
		{"all-day in the event's zone, not the calendar's", "America/Los_Angeles", ics(vevent(
			"DTSTART;TZID=Pacific/Auckland:20261225T000000", "DTEND;TZID=Pacific/Auckland:20261226T000000",
			"SUMMARY:Christmas", "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE")...),
			[]string{"2026-12-25"}, 0},
		{"multi-day DATE, DTEND exclusive", "Europe/Berlin", ics(vevent("DTSTART;VALUE=DATE:20261224",
			"DTEND;VALUE=DATE:20261227", "SUMMARY:Closed")...),
			[]string{"2026-12-24", "2026-12-25", "2026-12-26"}, 0},
		{"multi-day by DURATION", "Europe/Berlin", ics(vevent("DTSTART;VALUE=DATE:20261224", "DURATION:P3D", "SUMMARY:Closed")...),
			[]string{"2026-12-24", "2026-12-25", "2026-12-26"}, 0},
		{"multi-day Outlook date-times", "Europe/Berlin", ics(vevent("DTSTART;TZID=Europe/Berlin:20261224T000000",
			"DTEND;TZID=Europe/Berlin:20261227T000000", "SUMMARY:Closed", "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE")...),
			[]string{"2026-12-24", "2026-12-25", "2026-12-26"}, 0},
		{"multi-day across a DST change", "Europe/Berlin", ics(vevent("DTSTART:20261024T000000",
			"DTEND:20261027T000000", "SUMMARY:Autumn break")...),
			[]string{"2026-10-24", "2026-10-25", "2026-10-26"}, 0},
		{"recurring multi-day", "Europe/Berlin", ics(vevent("DTSTART;VALUE=DATE:20251224",
			"DTEND;VALUE=DATE:20251227", "SUMMARY:Closed", "RRULE:FREQ=YEARLY;COUNT=3")...),
			[]string{"2026-12-24", "2026-12-25", "2026-12-26", "2027-12-24", "2027-12-25", "2027-12-26"}, 0},
		{"timed events are skipped", "Europe/Berlin", ics(events(
			vevent("DTSTART:20261130T100000Z", "DTEND:20261130T110000Z", "SUMMARY:Meeting"),
			vevent("DTSTART:20261201T000000", "DTEND:20261201T120000", "SUMMARY:Half day"),
			vevent("DTSTART:20261202T000000", "SUMMARY:No end"),
			vevent("DTSTART;VALUE=DATE:20261225", "SUMMARY:Christmas"))...),
			[]string{"2026-12-25"}, 3},
		{"cancelled events are not holidays", "Europe/Berlin", ics(vevent("DTSTART;VALUE=DATE:20261225",
			"SUMMARY:Christmas", "STATUS:CANCELLED")...),
			[]string{}, 0},
		{"a moved occurrence", "Europe/Berlin", ics(events(
			[]string{"BEGIN:VEVENT", "UID:x@test", "DTSTART;VALUE=DATE:20251225", "SUMMARY:Party", "RRULE:FREQ=YEARLY", "END:VEVENT"},
			[]string{"BEGIN:VEVENT", "UID:x@test", "RECURRENCE-ID;VALUE=DATE:20271225", "DTSTART;VALUE=DATE:20271227", "SUMMARY:Party", "END:VEVENT"})...),
			[]string{"2026-12-25", "2027-12-27", "2028-12-25", "2029-12-25"}, 0},
		// Syntax: folding, line ends, zones defined in the file.
		{"folded lines", "Europe/Berlin", ics("BEGIN:VEVENT", "UID:f@test", "DTSTART;VALUE=DA", " TE:20261225",
			"SUMMARY:Christ", "\tmas", "END:VEVENT"),
			[]string{"2026-12-25"}, 0},
		{"LF line ends", "Europe/Berlin", strings.ReplaceAll(ics(xmasYearly("20271225")...), "\r\n", "\n"),
			[]string{"2026-12-25", "2027-12-25"}, 0},
		{"TZID defined by a VTIMEZONE", "UTC", ics(append(vtzNZ, vevent(
			"DTSTART;TZID=New Zealand Standard Time:20251225T000000", "DTEND;TZID=New Zealand Standard Time:20251226T000000",
			"SUMMARY:Christmas", "RRULE:FREQ=YEARLY;UNTIL=20281224T110000Z", "EXDATE:20261224T110000Z",
			"X-MICROSOFT-CDO-ALLDAYEVENT:TRUE")...)...),
			[]string{"2027-12-25", "2028-12-25"}, 0},
		{"TZID quoted", "Europe/Berlin", ics(vevent(`DTSTART;TZID="Europe/Berlin":20261225T000000`,
			`DTEND;TZID="Europe/Berlin":20261226T000000`, "SUMMARY:Christmas")...),
			[]string{"2026-12-25"}, 0},
		// Rules holiday feeds use.
		{"nth weekday of a month", "America/New_York", ics(vevent("DTSTART;VALUE=DATE:20251127", "SUMMARY:Thanksgiving",
			"RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH")...),
			[]string{"2026-11-26", "2027-11-25", "2028-11-23", "2029-11-22"}, 0},
		{"last weekday of a month", "America/New_York", ics(vevent("DTSTART;VALUE=DATE:20250526", "SUMMARY:Memorial Day",
			"RRULE:FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO")...),
			[]string{"2026-05-25", "2027-05-31", "2028-05-29", "2029-05-28"}, 0},
		{"monthly last workday by BYSETPOS", "Europe/Berlin", ics(vevent("DTSTART;VALUE=DATE:20260130", "SUMMARY:Stocktake",
			"RRULE:FREQ=MONTHLY;COUNT=4;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1")...),
			[]string{"2026-01-30", "2026-02-27", "2026-03-31", "2026-04-30"}, 0},
		{"every other week", "Europe/Berlin", ics(vevent("DTSTART;VALUE=DATE:20260102", "SUMMARY:Off",
			"RRULE:FREQ=WEEKLY;INTERVAL=2;UNTIL=20260201")...),
			[]string{"2026-01-02", "2026-01-16", "2026-01-30"}, 0},
		{"last day of the month", "Europe/Berlin", ics(vevent("DTSTART;VALUE=DATE:20260131", "SUMMARY:Close",
			"RRULE:FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3")...),
			[]string{"2026-01-31", "2026-02-28", "2026-03-31"}, 0},
		{"29 February only in leap years", "Europe/Berlin", ics(vevent("DTSTART;VALUE=DATE:20240229", "SUMMARY:Leap",
			"RRULE:FREQ=YEARLY")...),
			[]string{"2028-02-29"}, 0},
		{"ISO week number", "Europe/Berlin", ics(vevent("DTSTART;VALUE=DATE:20251229", "SUMMARY:Week 1 Monday",
			"RRULE:FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO")...),
			[]string{"2027-01-04", "2028-01-03", "2029-01-01", "2029-12-31"}, 0},
		{"a rule starting long ago", "Europe/Berlin", ics(vevent("DTSTART;VALUE=DATE:19000501", "SUMMARY:Labour Day",
			"RRULE:FREQ=YEARLY")...),
			[]string{"2026-05-01", "2027-05-01", "2028-05-01", "2029-05-01"}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			loc := mustLoc(t, c.zone)
			from := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
			got, err := ImportICal(strings.NewReader(c.body), loc, from, from.AddDate(4, 0, 0))
			if err != nil {
				t.Fatal(err)
			}
			if d := dates(got.Holidays); !reflect.DeepEqual(d, c.want) {
				t.Errorf("holidays = %v\nwant       %v", d, c.want)
			}
			if got.Skipped != c.skipped || len(got.Rejected) != 0 {
				t.Errorf("skipped = %d, rejected = %v; want %d skipped, none rejected", got.Skipped, got.Rejected, c.skipped)
			}
		})
	}
}

// TestImportICalNames checks names are unescaped and safe to store.
func TestImportICalNames(t *testing.T) {
	body := ics(vevent("DTSTART;VALUE=DATE:20261225", `SUMMARY;LANGUAGE=de:1. Weihnachtstag\, Feiertag\nganztägig`)...)
	_, err := ImportICal(strings.NewReader(body+"\xff"), time.UTC, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	if err == nil {
		t.Fatal("a stray byte after END:VCALENDAR was accepted")
	}
	got, err := ImportICal(strings.NewReader(strings.Replace(body, "Feiertag", "Feier\xfftag", 1)), time.UTC,
		time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	want := []HolidaySpec{{"2026-12-25", "1. Weihnachtstag, Feier\uFFFDtag ganztägig"}}
	if !reflect.DeepEqual(got.Holidays, want) {
		t.Errorf("holidays = %q, want %q", got.Holidays, want)
	}
}
