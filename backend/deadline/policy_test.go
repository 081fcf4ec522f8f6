package deadline

import (
	"testing"
	"time"
)

func TestCompute(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	office := Weekdays9to5(berlin)
	def := DefaultPolicy().FirstResponse
	allDay := def
	allDay.BusinessHours = false
	share := Target{Internal: 40 * time.Minute, Published: 60 * time.Minute, BusinessHours: true, WarnShare: 0.25}
	at := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, berlin) }
	tests := []struct {
		name   string
		target Target
		start  time.Time
		pauses []Pause
		want   Due
		ok     bool
	}{
		{"default in hours", def, at(18, 10, 0), nil, Due{at(18, 10, 20), at(18, 10, 30), at(18, 11, 0)}, true},
		{"Friday late rolls to Monday", def, at(20, 16, 45), nil, Due{at(23, 9, 5), at(23, 9, 15), at(23, 9, 45)}, true},
		{"24/7 ignores the calendar", allDay, at(20, 16, 45), nil, Due{at(20, 17, 5), at(20, 17, 15), at(20, 17, 45)}, true},
		{"warn as a share of the window", share, at(18, 10, 0), nil, Due{at(18, 10, 30), at(18, 10, 40), at(18, 11, 0)}, true},
		{"pending pause stops the clock", def, at(18, 10, 0), []Pause{{at(18, 10, 10), at(18, 11, 10)}},
			Due{at(18, 11, 20), at(18, 11, 30), at(18, 12, 0)}, true},
		{"pause that is still running", def, at(18, 10, 0), []Pause{{Start: at(18, 10, 10)}}, Due{}, false},
		{"pause after the deadline does not matter", def, at(18, 10, 0), []Pause{{at(18, 12, 0), at(18, 13, 0)}},
			Due{at(18, 10, 20), at(18, 10, 30), at(18, 11, 0)}, true},
		{"target off", Target{}, at(18, 10, 0), nil, Due{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := Compute(office, tt.target, tt.start, tt.pauses)
			if err != nil {
				t.Fatal(err)
			}
			if ok != tt.ok || !got.Warn.Equal(tt.want.Warn) || !got.Internal.Equal(tt.want.Internal) || !got.Published.Equal(tt.want.Published) {
				t.Errorf("Compute = %+v (ok %v), want %+v (ok %v)", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestTargetValidate(t *testing.T) {
	if err := (Target{Internal: 90 * time.Minute, Published: time.Hour}).Validate(); err == nil {
		t.Error("internal target later than the promise validated")
	}
	if err := DefaultPolicy().FirstResponse.Validate(); err != nil {
		t.Error(err)
	}
}
