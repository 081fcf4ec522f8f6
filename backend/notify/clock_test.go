package notify

import (
	"regexp"
	"testing"
	"time"
)

// A notification says a clock mark the way the app's window does (issue 14:
// one date format): the time alone today, else day, month and time, with the
// year only when it differs — never a bare weekday ("Tue 14:05").
func TestClockSaysMarksLikeTheApp(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no tzdata:", err)
	}
	a := NewAnnouncer(AnnouncerConfig{Local: berlin})
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, berlin)
	for _, tc := range []struct {
		name string
		at   time.Time
		want string
	}{
		{"later today", time.Date(2026, 12, 1, 14, 5, 0, 0, berlin), "14:05"},
		{"today in another zone", time.Date(2026, 12, 1, 8, 5, 0, 0, time.UTC), "09:05"},
		{"tomorrow", time.Date(2026, 12, 2, 9, 27, 0, 0, berlin), "2 Dec, 09:27"},
		{"yesterday", time.Date(2026, 11, 30, 17, 0, 0, 0, berlin), "30 Nov, 17:00"},
		{"next year", time.Date(2027, 1, 4, 9, 0, 0, 0, berlin), "4 Jan 2027, 09:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := a.clock(tc.at, now)
			if got != tc.want {
				t.Fatalf("clock(%v) = %q, want %q", tc.at, got, tc.want)
			}
			if regexp.MustCompile(`^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b`).MatchString(got) {
				t.Fatalf("clock(%v) = %q starts with a weekday", tc.at, got)
			}
		})
	}
}
