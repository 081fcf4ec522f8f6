package notify

import (
	"testing"
	"time"
)

// bat is a time on day d of November 2026 in Berlin.
func bat(d, h, m int) time.Time {
	l, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return time.Date(2026, 11, d, h, m, 0, 0, l)
}

func TestQuietHoursAcrossMidnight(t *testing.T) {
	q := QuietHours{Enabled: true, StartMin: 22 * 60, EndMin: 7 * 60}
	for _, tt := range []struct {
		t    time.Time
		want bool
		end  time.Time
	}{
		{bat(23, 23, 0), true, bat(24, 7, 0)},
		{bat(24, 6, 59), true, bat(24, 7, 0)},
		{bat(24, 7, 0), false, time.Time{}},
		{bat(24, 12, 0), false, time.Time{}},
	} {
		got, end := q.Active(tt.t)
		if got != tt.want || !end.Equal(tt.end) {
			t.Errorf("Active(%s) = %v %s, want %v %s", tt.t, got, end, tt.want, tt.end)
		}
	}
}
