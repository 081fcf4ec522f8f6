package deadline

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestCalendarSpecRoundTrip(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	spec := DefaultCalendarSpec("Europe/Berlin")
	spec.Weekly[time.Saturday] = []RangeSpec{{22 * 60, 26 * 60}} // overnight 22:00–02:00
	spec.Holidays = []HolidaySpec{{Date: "2026-12-25", Name: "Christmas"}, {Date: "2026-12-24"}, {Date: "2026-12-25"}}
	spec.Overrides = []OverrideSpec{{Date: "2026-11-28", Ranges: []RangeSpec{{10 * 60, 12 * 60}}}}
	spec.Normalize()
	if len(spec.Holidays) != 2 || spec.Holidays[0].Date != "2026-12-24" {
		t.Fatalf("Normalize holidays = %+v", spec.Holidays)
	}
	cal, err := spec.Calendar(time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if cal.Location.String() != berlin.String() {
		t.Errorf("zone = %s", cal.Location)
	}
	for _, tt := range []struct {
		start time.Time
		add   time.Duration
		want  time.Time
	}{
		{time.Date(2026, 11, 20, 16, 30, 0, 0, berlin), time.Hour, time.Date(2026, 11, 21, 22, 30, 0, 0, berlin)}, // Saturday night opens
		{time.Date(2026, 12, 23, 16, 30, 0, 0, berlin), time.Hour, time.Date(2026, 12, 26, 22, 30, 0, 0, berlin)},
		{time.Date(2026, 11, 27, 16, 30, 0, 0, berlin), time.Hour, time.Date(2026, 11, 28, 10, 30, 0, 0, berlin)},
	} {
		got, err := cal.Add(tt.start, tt.add)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("Add(%s, %s) = %s, %v; want %s", tt.start, tt.add, got, err, tt.want)
		}
	}
	if _, err := (CalendarSpec{TimeZone: "Mars/Olympus"}).Calendar(time.UTC); err == nil {
		t.Error("an unknown zone was accepted")
	}
	if _, err := (CalendarSpec{}).Calendar(time.UTC); err == nil {
		t.Error("a calendar that never opens was accepted")
	}
	if _, err := (CalendarSpec{AlwaysOpen: true, Holidays: []HolidaySpec{{Date: "24.12.2026"}}}).Calendar(time.UTC); err == nil {
		t.Error("a malformed holiday date was accepted")
	}
	local, err := DefaultCalendarSpec("").Calendar(berlin)
	if err != nil || local.Location != berlin {
		t.Errorf("empty zone should mean the computer's zone, got %v %v", local.Location, err)
	}
}

func TestPolicySpec(t *testing.T) {
	p, err := DefaultPolicySpec().Policy()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p, DefaultPolicy()) {
		t.Errorf("default spec → %+v, want %+v", p, DefaultPolicy())
	}
	bad := DefaultPolicySpec()
	bad.NextResponse.InternalMin = 90
	if _, err := bad.Policy(); err == nil {
		t.Error("an internal target after the promise was accepted")
	}
}

func TestImportICal(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	f, err := os.Open("testdata/holidays.ics")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, berlin)
	got, err := ImportICal(f, berlin, from, from.AddDate(2, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	want := []HolidaySpec{
		{"2026-01-01", "New Year's Day"},
		{"2026-12-24", "Christmas closure"},
		{"2026-12-25", "Christmas closure"},
		{"2026-12-26", "Christmas closure"},
		{"2027-01-01", "New Year's Day"},
		{"2027-04-06", "A very long holiday name that is folded across two lines of the file"},
	}
	if !reflect.DeepEqual(got.Holidays, want) {
		t.Errorf("holidays = %+v\nwant %+v", got.Holidays, want)
	}
	if got.Skipped != 1 {
		t.Errorf("skipped = %d, want 1 (the timed meeting)", got.Skipped)
	}
	if _, err := ImportICal(strings.NewReader("not a calendar"), berlin, from, from.AddDate(1, 0, 0)); err == nil {
		t.Error("garbage imported without an error")
	}
}
