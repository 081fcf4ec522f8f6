package deadline

import (
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"
)

func importWindow(t *testing.T, body string) (ICalImport, error) {
	t.Helper()
	berlin := mustLoc(t, "Europe/Berlin")
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, berlin)
	return ImportICal(strings.NewReader(body), berlin, from, from.AddDate(2, 0, 0))
}

// TestImportICalFileErrors: a file that is not iCalendar, or is broken
// outside its events, is refused with the line at fault.
func TestImportICalFileErrors(t *testing.T) {
	good := vevent("DTSTART;VALUE=DATE:20261225", "SUMMARY:Christmas")
	cases := []struct{ name, body, want string }{
		{"plain text", "not a calendar", "line 1: NOT has no ':' before its value"},
		{"empty", "", "not an iCalendar file: no BEGIN:VCALENDAR"},
		{"blank lines only", "\r\n\r\n", "not an iCalendar file: no BEGIN:VCALENDAR"},
		{"an HTML error page", "<!DOCTYPE html>\n<html><body>Sign in</body></html>\n", `line 1: expected a property name, got "<!DOCTYPE html>"`},
		{"a vCard", "BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n", "line 1: not an iCalendar file: expected BEGIN:VCALENDAR, got BEGIN:VCARD"},
		{"cut off inside an event", strings.TrimSuffix(ics(good...), "END:VEVENT\r\nEND:VCALENDAR\r\n"),
			"file ends inside VEVENT begun on line 4 (cut off?)"},
		{"cut off after the events", strings.TrimSuffix(ics(good...), "END:VCALENDAR\r\n"),
			"file ends inside VCALENDAR begun on line 1 (cut off?)"},
		{"mismatched END", ics("BEGIN:VEVENT", "DTSTART;VALUE=DATE:20261225", "END:VTODO"),
			"line 6: END:VTODO, but the open component is VEVENT (begun on line 4)"},
		{"END without BEGIN", ics(good...) + "END:VEVENT\r\n", "line 11: END:VEVENT without a BEGIN"},
		{"a broken calendar property", ics(append([]string{"X-WR-CALNAME;X-BAD:Holidays"}, good...)...),
			"line 4: X-WR-CALNAME has a malformed parameter"},
		{"text after the calendar", ics(good...) + "<p>trailing</p>\r\n", `line 11: expected a property name, got "<p>trailing</p>"`},
		{"nested too deep", ics(strings.Split(strings.Repeat("BEGIN:X\n", 9)+strings.Repeat("END:X\n", 9), "\n")...),
			"line 11: components nested more than 8 deep"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := importWindow(t, c.body)
			if err == nil {
				t.Fatalf("imported %+v without an error", got)
			}
			if want := "read iCalendar file: " + c.want; err.Error() != want {
				t.Errorf("error = %q\nwant    %q", err, want)
			}
		})
	}
}

// TestImportICalRejectsOneEvent: an event that cannot be read is reported
// with its line and why, and the events around it are still imported.
func TestImportICalRejectsOneEvent(t *testing.T) {
	body := ics(events(
		vevent("DTSTART;VALUE=DATE:20260101", "SUMMARY:New Year"), // lines 4–9
		vevent("DTSTART;VALUE=DATE 20260106", "SUMMARY:Epiphany"), // lines 10–15, 13 is bad
		vevent("DTSTART;VALUE=DATE:2026-04-03", "SUMMARY:Good Friday"),
		vevent("DTSTART;VALUE=DATE:20260406", "SUMMARY:Easter Monday"),
		vevent("DTSTART;VALUE=DATE:20260501", "SUMMARY:Labour Day", "RRULE:FREQ=FORTNIGHTLY"),
		vevent("SUMMARY:No start"),
		vevent("DTSTART;VALUE=DATE:20261003", "SUMMARY:Unity Day", "EXDATE;VALUE=DATE:2026103"),
		vevent(`DTSTART;TZID="Europe/Berlin:20261224T000000`, "SUMMARY:Christmas Eve"),
		vevent("DTSTART;VALUE=DATE:20261225", "DURATION:1D", "SUMMARY:Christmas"),
		vevent("DTSTART;VALUE=DATE:20261226", "SUMMARY:Boxing Day", "RRULE:FREQ=YEARLY;BYMONTH=13"),
		vevent("DTSTART;VALUE=DATE:20261231", "SUMMARY:New Year's Eve", "RDATE;VALUE=PERIOD:20271231T000000/20271230T000000"),
		vevent("DTSTART;VALUE=DATE:20270101", "SUMMARY:New Year"),
	)...)
	got, err := importWindow(t, body)
	if err != nil {
		t.Fatal(err)
	}
	if d := dates(got.Holidays); !reflect.DeepEqual(d, []string{"2026-01-01", "2026-04-06", "2027-01-01"}) {
		t.Errorf("holidays = %v", d)
	}
	want := []ICalRejected{
		{10, "Epiphany", "line 13: DTSTART has no ':' before its value"},
		{16, "Good Friday", `line 19: DTSTART value "2026-04-03" is not a date (YYYYMMDD) or date-time (YYYYMMDDThhmmss)`},
		{28, "Labour Day", `line 33: RRULE has an unknown FREQ "FORTNIGHTLY"`},
		{35, "No start", "line 35: event has no DTSTART"},
		{40, "Unity Day", `line 45: EXDATE value "2026103" is not a date (YYYYMMDD) or date-time (YYYYMMDDThhmmss)`},
		{47, "Christmas Eve", "line 50: DTSTART: parameter TZID has an unclosed quote"},
		{53, "Christmas", `line 57: DURATION "1D" is not a duration such as P1D`},
		{60, "Boxing Day", "line 65: RRULE BYMONTH=13 is out of range"},
		{67, "New Year's Eve", `line 72: RDATE period "20271231T000000/20271230T000000" ends before it starts`},
	}
	if !reflect.DeepEqual(got.Rejected, want) {
		t.Errorf("rejected:\n%s\nwant:\n%s", rejectedList(got.Rejected), rejectedList(want))
	}
	if s := got.Rejected[0].String(); s != `event "Epiphany" on line 10: line 13: DTSTART has no ':' before its value` {
		t.Errorf("String() = %q", s)
	}
}

func rejectedList(rs []ICalRejected) string {
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "  %d %q %q\n", r.Line, r.Summary, r.Reason)
	}
	return b.String()
}

// endless is a stream that never ends, like a server that keeps sending.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'A'
	}
	e.n += int64(len(p))
	return len(p), nil
}

// TestImportICalLimits: a hostile feed cannot make the import read,
// keep or expand without bound.
func TestImportICalLimits(t *testing.T) {
	t.Run("bytes", func(t *testing.T) {
		r := &endless{}
		berlin := mustLoc(t, "Europe/Berlin")
		from := time.Date(2026, 1, 1, 0, 0, 0, 0, berlin)
		_, err := ImportICal(io.Reader(r), berlin, from, from.AddDate(2, 0, 0))
		if err == nil || !strings.Contains(err.Error(), "larger than 8 MB") {
			t.Errorf("err = %v", err)
		}
		if r.n > maxICalBytes+64<<10 {
			t.Errorf("read %d bytes of an endless stream", r.n)
		}
	})
	t.Run("events", func(t *testing.T) {
		ev := strings.Join(vevent("DTSTART;VALUE=DATE:20261225", "SUMMARY:x"), "\r\n")
		body := ics(strings.Split(strings.Repeat(ev+"\r\n", maxICalEvents+1), "\r\n")...)
		if _, err := importWindow(t, body); err == nil || !strings.Contains(err.Error(), "more than 20000 events") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("rules that never match", func(t *testing.T) {
		// rrule-go needs 0.8 s for each of these; here they cost the window.
		var evs []string
		for i := 0; i < 2000; i++ {
			evs = append(evs, vevent(fmt.Sprintf("DTSTART;VALUE=DATE:19%02d0101", i%100), "SUMMARY:Never",
				fmt.Sprintf("RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;X-N=%d", i))...)
		}
		evs = append(evs, vevent("DTSTART;VALUE=DATE:20261225", "SUMMARY:Christmas")...)
		got, err := importWindow(t, ics(evs...))
		if err != nil {
			t.Fatal(err)
		}
		if d := dates(got.Holidays); !reflect.DeepEqual(d, []string{"2026-12-25"}) || len(got.Rejected) != 0 {
			t.Errorf("holidays = %v, rejected = %v", d, got.Rejected)
		}
	})
	t.Run("a COUNT rule from the year 1", func(t *testing.T) {
		got, err := importWindow(t, ics(events(
			vevent("DTSTART;VALUE=DATE:00010101", "SUMMARY:Ancient", "RRULE:FREQ=DAILY;COUNT=5;BYMONTH=2;BYMONTHDAY=30"),
			vevent("DTSTART;VALUE=DATE:20261225", "SUMMARY:Christmas"))...))
		if err != nil {
			t.Fatal(err)
		}
		want := []ICalRejected{{4, "Ancient", "line 9: recurs too often to expand (more than 400000 days to look at)"}}
		if d := dates(got.Holidays); !reflect.DeepEqual(d, []string{"2026-12-25"}) || !reflect.DeepEqual(got.Rejected, want) {
			t.Errorf("holidays = %v, rejected = %v", d, got.Rejected)
		}
	})
	t.Run("the whole file's expansion", func(t *testing.T) {
		// Each rule walks the ~193,000 days from 1500 to the window's end
		// (a COUNT rule cannot skip ahead) and never matches; after about
		// 20 of them the file's budget is spent and the rest are refused.
		evs := vevent("DTSTART;VALUE=DATE:20261225", "SUMMARY:Christmas")
		const n = 30
		for i := 0; i < n; i++ {
			evs = append(evs, vevent("DTSTART;VALUE=DATE:15000101", "SUMMARY:Never",
				fmt.Sprintf("RRULE:FREQ=DAILY;COUNT=%d;BYMONTH=2;BYMONTHDAY=30", 1+i))...)
		}
		got, err := importWindow(t, ics(evs...))
		if err != nil {
			t.Fatal(err)
		}
		if d := dates(got.Holidays); !reflect.DeepEqual(d, []string{"2026-12-25"}) {
			t.Errorf("holidays = %v", d)
		}
		if len(got.Rejected) < 5 || len(got.Rejected) > n-15 {
			t.Fatalf("rejected %d of %d rules", len(got.Rejected), n)
		}
		for _, r := range got.Rejected {
			if !strings.Contains(r.Reason, "the file's recurring events need more than 4000000 days of expansion in all") {
				t.Errorf("reason = %q", r.Reason)
			}
		}
	})
	t.Run("long spans", func(t *testing.T) {
		got, err := importWindow(t, ics(vevent("DTSTART;VALUE=DATE:20200101", "DTEND;VALUE=DATE:20400101",
			"SUMMARY:Closed for good", "RRULE:FREQ=DAILY")...))
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Holidays) != 730 || len(got.Rejected) != 0 {
			t.Errorf("%d holidays, rejected %v; want the 730 days of the window", len(got.Holidays), got.Rejected)
		}
	})
	t.Run("names", func(t *testing.T) {
		got, err := importWindow(t, ics(vevent("DTSTART;VALUE=DATE:20261225", "SUMMARY:"+strings.Repeat("ä", 5000))...))
		if err != nil {
			t.Fatal(err)
		}
		if n := len([]rune(got.Holidays[0].Name)); n != maxHolidayName {
			t.Errorf("name of %d runes kept", n)
		}
	})
}
