package notify

import (
	"context"
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

// HeldUntil is what other notifications than deadlines ask: the later end
// of the pause and of quiet hours, zero when neither holds.
func TestHeldUntilIsThePauseOrQuietHours(t *testing.T) {
	st := &memStore{states: map[int64]string{}, meta: map[string]string{}}
	a := NewAnnouncer(AnnouncerConfig{Store: st, Notifier: &Recorder{}, Local: time.UTC})
	ctx := context.Background()
	noon := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	held := func(now time.Time) time.Time {
		t.Helper()
		until, err := a.HeldUntil(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		return until
	}
	if until := held(noon); !until.IsZero() {
		t.Errorf("nothing set: held until %s", until)
	}
	if err := a.Pause(ctx, noon.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if until := held(noon); !until.Equal(noon.Add(time.Hour)) {
		t.Errorf("paused: held until %s, want the pause's end", until)
	}
	if until := held(noon.Add(2 * time.Hour)); !until.IsZero() {
		t.Errorf("after the pause: held until %s", until)
	}
	if err := a.SetQuietHours(ctx, QuietHours{Enabled: true, StartMin: 12*60 + 30, EndMin: 14 * 60}); err != nil {
		t.Fatal(err)
	}
	if until := held(noon.Add(45 * time.Minute)); !until.Equal(noon.Add(2 * time.Hour)) {
		t.Errorf("in quiet hours, the pause over: held until %s, want 14:00", until)
	}
	if err := a.Pause(ctx, noon.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if until := held(noon.Add(45 * time.Minute)); !until.Equal(noon.Add(3 * time.Hour)) {
		t.Errorf("paused past quiet hours: held until %s, want the pause's end", until)
	}
}
