package deadline

import (
	"os"
	"reflect"
	"testing"
	"time"
)

// TestImportICalFeeds imports holiday feeds as the common exporters write
// them (testdata/*.ics, written by hand after RFC 5545 and those exporters'
// output) and checks every holiday arrives, on its day, for 2026 and 2027.
func TestImportICalFeeds(t *testing.T) {
	cases := []struct {
		file, zone string
		want       []string
		names      map[string]string // a few days' names
		skipped    int
	}{
		{
			// Google Calendar's public "Holidays in United States": one event
			// per holiday and year, DATE values, folded descriptions.
			file: "google-us.ics", zone: "America/New_York",
			want: []string{
				"2026-01-01", "2026-01-19", "2026-02-14", "2026-02-16", "2026-03-08", "2026-03-17", "2026-04-05",
				"2026-04-15", "2026-05-10", "2026-05-25", "2026-06-19", "2026-06-21", "2026-07-03", "2026-07-04",
				"2026-09-07", "2026-10-12", "2026-10-31", "2026-11-01", "2026-11-11", "2026-11-26", "2026-12-24",
				"2026-12-25", "2026-12-31",
				"2027-01-01", "2027-01-18", "2027-02-14", "2027-02-15", "2027-03-14", "2027-03-17", "2027-03-28",
				"2027-04-15", "2027-05-09", "2027-05-31", "2027-06-18", "2027-06-19", "2027-06-20", "2027-07-04",
				"2027-07-05", "2027-09-06", "2027-10-11", "2027-10-31", "2027-11-07", "2027-11-11", "2027-11-25",
				"2027-12-24", "2027-12-25", "2027-12-31",
			},
			names: map[string]string{"2026-01-19": "Martin Luther King Jr. Day", "2027-12-24": "Christmas Eve",
				"2026-11-26": "Thanksgiving Day"},
		},
		{
			// gov.uk's bank holidays for England and Wales, with LF line ends.
			file: "national-uk.ics", zone: "Europe/London",
			want: []string{
				"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25",
				"2026-12-28",
				"2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27",
				"2027-12-28",
			},
			names: map[string]string{"2026-01-01": "New Year’s Day", "2026-12-28": "Boxing Day (substitute day)"},
		},
		{
			// A generated national calendar: yearly RRULEs since 1970,
			// movable feasts as RDATE lists, LF line ends.
			file: "national-de.ics", zone: "Europe/Berlin",
			want: []string{
				"2026-01-01", "2026-03-08", "2026-04-03", "2026-04-06", "2026-05-01", "2026-05-14", "2026-05-25",
				"2026-10-03", "2026-12-24", "2026-12-25", "2026-12-26",
				"2027-01-01", "2027-03-08", "2027-03-26", "2027-03-29", "2027-05-01", "2027-05-06", "2027-05-17",
				"2027-10-03", "2027-12-24", "2027-12-25", "2027-12-26",
			},
			names: map[string]string{"2027-05-06": "Christi Himmelfahrt", "2026-10-03": "Tag der Deutschen Einheit"},
		},
		{
			// Outlook 16 "Save Calendar": DATE values marked
			// X-MICROSOFT-CDO-ALLDAYEVENT, a VTIMEZONE under a Windows name,
			// reminders, a yearly closure with an EXDATE, a weekly meeting.
			file: "outlook-desktop-de.ics", zone: "Europe/Berlin",
			want: []string{
				"2026-01-01", "2026-04-03", "2026-04-05", "2026-04-06", "2026-05-01", "2026-05-14", "2026-05-15",
				"2026-05-25", "2026-06-24", "2026-10-03", "2026-12-25", "2026-12-26",
				"2027-01-01", "2027-03-26", "2027-03-28", "2027-03-29", "2027-05-01", "2027-05-06", "2027-05-17",
				"2027-06-24", "2027-10-03", "2027-12-25", "2027-12-26", "2027-12-27", "2027-12-28", "2027-12-29",
				"2027-12-30", "2027-12-31",
			},
			names:   map[string]string{"2026-05-15": "Brückentag nach Christi Himmelfahrt", "2027-12-29": "Betriebsferien zwischen den Jahren"},
			skipped: 1,
		},
		{
			// Outlook on the web / Exchange: all-day events as
			// midnight-to-midnight date-times in "Pacific Standard Time",
			// UNTIL as the UTC instant of the last day, EXDATE lists, a
			// moved occurrence (RECURRENCE-ID), two timed events.
			file: "outlook-web-us.ics", zone: "America/Los_Angeles",
			want: []string{
				"2026-01-01", "2026-05-25", "2026-07-03", "2026-09-07", "2026-11-26", "2026-11-27",
				"2026-12-21", "2026-12-22", "2026-12-23", "2026-12-24", "2026-12-25", "2026-12-26", "2026-12-27",
				"2026-12-28", "2026-12-29",
				"2027-01-01", "2027-05-31", "2027-07-04", "2027-09-06", "2027-10-11", "2027-11-25", "2027-11-26",
				"2027-12-24", "2027-12-25", "2027-12-26", "2027-12-27", "2027-12-28", "2027-12-29", "2027-12-30",
				"2027-12-31",
			},
			names:   map[string]string{"2026-01-01": "New Year's Day", "2026-12-21": "Winter shutdown", "2027-05-31": "Memorial Day"},
			skipped: 2,
		},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			loc := mustLoc(t, c.zone)
			f, err := os.Open("testdata/" + c.file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			from := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
			got, err := ImportICal(f, loc, from, from.AddDate(2, 0, 0))
			if err != nil {
				t.Fatal(err)
			}
			if d := dates(got.Holidays); !reflect.DeepEqual(d, c.want) {
				t.Errorf("holidays = %v\nwant       %v", d, c.want)
			}
			for _, h := range got.Holidays {
				if want, ok := c.names[h.Date]; ok && h.Name != want {
					t.Errorf("%s is named %q, want %q", h.Date, h.Name, want)
				}
			}
			if got.Skipped != c.skipped || len(got.Rejected) != 0 {
				t.Errorf("skipped = %d, rejected = %v; want %d skipped, none rejected", got.Skipped, got.Rejected, c.skipped)
			}
		})
	}
}
