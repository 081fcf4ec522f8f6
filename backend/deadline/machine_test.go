package deadline

import (
	"testing"
	"time"

	"careinbox/backend/inbox"
)

var berlin = func() *time.Location {
	l, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return l
}()

// bat is a time on Monday 23 November 2026 (or day d) in Berlin.
func bat(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, berlin) }

func TestPausesFrom(t *testing.T) {
	start := bat(23, 10, 0)
	tests := []struct {
		name string
		in   Input
		want []Pause
	}{
		{"open, no history", Input{Status: inbox.StatusOpen}, nil},
		{"pending then open", Input{Status: inbox.StatusOpen, History: []StatusChange{
			{Status: inbox.StatusPending, At: bat(23, 10, 10)}, {Status: inbox.StatusOpen, At: bat(23, 11, 0)}}},
			[]Pause{{Start: bat(23, 10, 10), End: bat(23, 11, 0)}}},
		{"still pending", Input{Status: inbox.StatusPending, History: []StatusChange{
			{Status: inbox.StatusPending, At: bat(23, 10, 10)}}}, []Pause{{Start: bat(23, 10, 10)}}},
		{"pending without history starts at the last message", Input{Status: inbox.StatusPending,
			LastMessageAt: bat(23, 10, 5)}, []Pause{{Start: bat(23, 10, 5)}}},
		{"snoozed ends by itself", Input{Status: inbox.StatusSnoozed, SnoozedUntil: bat(23, 12, 0),
			History: []StatusChange{{Status: inbox.StatusSnoozed, At: bat(23, 10, 10)}}},
			[]Pause{{Start: bat(23, 10, 10), End: bat(23, 12, 0)}}},
		{"pending then snoozed is one pause", Input{Status: inbox.StatusOpen, History: []StatusChange{
			{Status: inbox.StatusPending, At: bat(23, 10, 10)}, {Status: inbox.StatusSnoozed, At: bat(23, 10, 20)}, {Status: inbox.StatusOpen, At: bat(23, 10, 40)}}},
			[]Pause{{Start: bat(23, 10, 10), End: bat(23, 10, 40)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pausesFrom(tt.in, start)
			if len(got) != len(tt.want) {
				t.Fatalf("pauses = %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if !got[i].Start.Equal(tt.want[i].Start) || !got[i].End.Equal(tt.want[i].End) {
					t.Errorf("pause %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}
