package deadline

import (
	"testing"
	"time"
)

func mustLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestCalendarAdd(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	ny := mustLoc(t, "America/New_York")
	office := Weekdays9to5(berlin)
	withHoliday := Weekdays9to5(berlin)
	withHoliday.Holidays = map[Date]bool{{2026, 12, 24}: true, {2026, 12, 25}: true}
	withOverride := Weekdays9to5(berlin)
	withOverride.Overrides = map[Date][]Range{
		{2026, 11, 21}: {{10 * time.Hour, 12 * time.Hour}}, // a Saturday opened 10–12
		{2026, 11, 23}: {},                                 // a Monday closed
	}
	split := Calendar{Location: berlin}
	split.Weekly[time.Monday] = []Range{{9 * time.Hour, 12 * time.Hour}, {13 * time.Hour, 17 * time.Hour}}
	night := Calendar{Location: berlin}
	for d := range night.Weekly {
		night.Weekly[d] = []Range{{22 * time.Hour, 30 * time.Hour}} // 22:00–06:00
	}
	nyOffice := Weekdays9to5(ny)
	always := Calendar{Location: berlin, AlwaysOpen: true}

	tests := []struct {
		name  string
		cal   Calendar
		start time.Time
		add   time.Duration
		want  time.Time
	}{
		{"within hours", office, time.Date(2026, 11, 18, 10, 0, 0, 0, berlin), time.Hour, time.Date(2026, 11, 18, 11, 0, 0, 0, berlin)},
		{"Friday 16:30 + 1h → Monday 09:30", office, time.Date(2026, 11, 20, 16, 30, 0, 0, berlin), time.Hour, time.Date(2026, 11, 23, 9, 30, 0, 0, berlin)},
		{"before opening starts at opening", office, time.Date(2026, 11, 18, 7, 0, 0, 0, berlin), 30 * time.Minute, time.Date(2026, 11, 18, 9, 30, 0, 0, berlin)},
		{"weekend message waits for Monday", office, time.Date(2026, 11, 21, 14, 0, 0, 0, berlin), time.Hour, time.Date(2026, 11, 23, 10, 0, 0, 0, berlin)},
		{"exactly at closing ends at closing", office, time.Date(2026, 11, 18, 16, 0, 0, 0, berlin), time.Hour, time.Date(2026, 11, 18, 17, 0, 0, 0, berlin)},
		{"lunch break pauses the clock", split, time.Date(2026, 11, 23, 11, 30, 0, 0, berlin), time.Hour, time.Date(2026, 11, 23, 13, 30, 0, 0, berlin)},
		{"holidays are skipped", withHoliday, time.Date(2026, 12, 23, 16, 30, 0, 0, berlin), time.Hour, time.Date(2026, 12, 28, 9, 30, 0, 0, berlin)},
		{"override opens a Saturday", withOverride, time.Date(2026, 11, 20, 16, 30, 0, 0, berlin), time.Hour, time.Date(2026, 11, 21, 10, 30, 0, 0, berlin)},
		{"override closes a Monday", withOverride, time.Date(2026, 11, 21, 11, 30, 0, 0, berlin), time.Hour, time.Date(2026, 11, 24, 9, 30, 0, 0, berlin)},
		{"range across midnight", night, time.Date(2026, 11, 18, 23, 0, 0, 0, berlin), 2 * time.Hour, time.Date(2026, 11, 19, 1, 0, 0, 0, berlin)},
		{"inside yesterday's overnight range", night, time.Date(2026, 11, 19, 5, 0, 0, 0, berlin), 2 * time.Hour, time.Date(2026, 11, 19, 23, 0, 0, 0, berlin)},
		// 2026-03-29 02:00 → 03:00 in Berlin: the night of 28/29 March has 7 open hours.
		{"spring forward shortens the night", night, time.Date(2026, 3, 28, 22, 0, 0, 0, berlin), 7*time.Hour + 30*time.Minute, time.Date(2026, 3, 29, 22, 30, 0, 0, berlin)},
		// 2026-10-25 03:00 → 02:00 in Berlin: that night has 9 open hours.
		{"fall back lengthens the night", night, time.Date(2026, 10, 24, 22, 0, 0, 0, berlin), 9 * time.Hour, time.Date(2026, 10, 25, 6, 0, 0, 0, berlin)},
		{"24/7 across spring forward is real time", always, time.Date(2026, 3, 29, 1, 30, 0, 0, berlin), time.Hour, time.Date(2026, 3, 29, 3, 30, 0, 0, berlin)},
		{"office hours keep wall clock after DST (New York)", nyOffice, time.Date(2026, 3, 6, 16, 30, 0, 0, ny), time.Hour, time.Date(2026, 3, 9, 9, 30, 0, 0, ny)},
		{"multi-day duration", office, time.Date(2026, 11, 18, 9, 0, 0, 0, berlin), 20 * time.Hour, time.Date(2026, 11, 20, 13, 0, 0, 0, berlin)},
		{"zero duration", office, time.Date(2026, 11, 21, 9, 0, 0, 0, berlin), 0, time.Date(2026, 11, 21, 9, 0, 0, 0, berlin)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.cal.Add(tt.start, tt.add)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(tt.want) {
				t.Errorf("Add(%s, %s) = %s, want %s", tt.start, tt.add, got.In(tt.want.Location()), tt.want)
			}
			if tt.add > 0 {
				if el := tt.cal.Elapsed(tt.start, got); el != tt.add {
					t.Errorf("Elapsed back = %s, want %s", el, tt.add)
				}
			}
		})
	}
}

func TestCalendarNeverOpen(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	closed := Calendar{Location: berlin}
	if err := closed.Validate(); err == nil {
		t.Error("a calendar with no hours validated")
	}
	if _, err := closed.Add(time.Date(2026, 1, 1, 0, 0, 0, 0, berlin), time.Hour); err == nil {
		t.Error("Add on a never-open calendar did not fail")
	}
	bad := Weekdays9to5(berlin)
	bad.Weekly[time.Monday] = []Range{{17 * time.Hour, 9 * time.Hour}}
	if err := bad.Validate(); err == nil {
		t.Error("an inverted range validated")
	}
	if err := Weekdays9to5(berlin).Validate(); err != nil {
		t.Errorf("default calendar invalid: %v", err)
	}
}

func TestIsOpen(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	office := Weekdays9to5(berlin)
	for _, tt := range []struct {
		at   time.Time
		want bool
	}{
		{time.Date(2026, 11, 23, 9, 0, 0, 0, berlin), true},
		{time.Date(2026, 11, 23, 17, 0, 0, 0, berlin), false},
		{time.Date(2026, 11, 22, 12, 0, 0, 0, berlin), false},
	} {
		if got := office.IsOpen(tt.at); got != tt.want {
			t.Errorf("IsOpen(%s) = %v", tt.at, got)
		}
	}
}
