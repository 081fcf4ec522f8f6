package deadline

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzParseICal feeds the importer arbitrary files: it must not panic, and
// what it returns must stay within the window and the size caps. `go test`
// runs the seeds (the fixtures and the hostile cases below); `go test
// -run '^$' -fuzz FuzzParseICal ./backend/deadline` explores further.
func FuzzParseICal(f *testing.F) {
	files, err := filepath.Glob("testdata/*.ics")
	if err != nil || len(files) == 0 {
		f.Fatalf("no seed fixtures: %v", err)
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		ics(vevent("DTSTART;VALUE=DATE:20251225", "RRULE:FREQ=YEARLY;UNTIL=20271225", "EXDATE:20261225,20281225T000000Z")...),
		ics(vevent("DTSTART:20261224T000000", "DURATION:P3D", "RDATE;VALUE=PERIOD:20271224T000000/P1W", "SUMMARY:a\\,b\\n")...),
		ics(append(vtzNZ, vevent("DTSTART;TZID=New Zealand Standard Time:20251225T000000",
			"DTEND;TZID=New Zealand Standard Time:20251226T000000", "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE",
			"RRULE:FREQ=MONTHLY;BYDAY=-1FR;BYSETPOS=1,-1;COUNT=40")...)...),
		ics(vevent("DTSTART;VALUE=DATE:00010101", "RRULE:FREQ=DAILY;COUNT=5;BYMONTH=2;BYMONTHDAY=30")...),
		ics(vevent("DTSTART;VALUE=DATE:20260101", "RRULE:FREQ=YEARLY;BYWEEKNO=-1,53;BYDAY=SU;WKST=SU")...),
		ics("BEGIN:VEVENT", `DTSTART;TZID="a:b";X=1,"2":20260101`, "END:VEVENT"),
		"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:2026",
		"\xef\xbb\xbfBEGIN:VCALENDAR\r\n END:VCALENDAR\r\n",
	} {
		f.Add([]byte(s))
	}
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		f.Fatal(err)
	}
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, la)
	to := from.AddDate(2, 0, 0)
	first, last := "2026-01-01", "2027-12-31"
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ImportICal(bytes.NewReader(data), la, from, to)
		if err != nil {
			if len(got.Holidays) != 0 || got.Skipped != 0 || len(got.Rejected) != 0 {
				t.Fatalf("an error (%v) came with results %+v", err, got)
			}
			if len(err.Error()) > 400 {
				t.Fatalf("error of %d bytes", len(err.Error()))
			}
			return
		}
		if len(got.Holidays) > 730 {
			t.Fatalf("%d holidays in a 730-day window", len(got.Holidays))
		}
		seen := map[string]bool{}
		for i, h := range got.Holidays {
			if _, err := time.Parse("2006-01-02", h.Date); err != nil || h.Date < first || h.Date > last {
				t.Fatalf("holiday %q outside the window", h.Date)
			}
			if seen[h.Date] || (i > 0 && h.Date < got.Holidays[i-1].Date) {
				t.Fatalf("holidays not sorted and unique at %q", h.Date)
			}
			seen[h.Date] = true
			if !utf8.ValidString(h.Name) || utf8.RuneCountInString(h.Name) > maxHolidayName || strings.ContainsAny(h.Name, "\r\n\t\x00") {
				t.Fatalf("unsafe name %q", h.Name)
			}
		}
		if n := got.Skipped + len(got.Rejected); n > maxICalEvents {
			t.Fatalf("%d events reported", n)
		}
		for _, r := range got.Rejected {
			if r.Line < 1 || r.Reason == "" || len(r.Reason) > 400 || utf8.RuneCountInString(r.Summary) > maxHolidayName {
				t.Fatalf("rejection %+v", r)
			}
		}
	})
}
