package tray

import (
	"slices"
	"testing"
	"time"
)

func TestStateLine(t *testing.T) {
	tests := []struct {
		name string
		s    State
		want string
	}{
		{"nothing", State{}, "Nothing due within the hour"},
		{"due only", State{DueSoon: 3}, "3 due within the hour"},
		{"overdue only", State{Overdue: 1}, "1 overdue"},
		{"both", State{DueSoon: 3, Overdue: 1}, "3 due within the hour · 1 overdue"},
		{"one due", State{DueSoon: 1, Overdue: 12}, "1 due within the hour · 12 overdue"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := StateLine(tt.s); got != tt.want {
				t.Errorf("StateLine(%+v) = %q, want %q", tt.s, got, tt.want)
			}
		})
	}
}

func TestPauseLabel(t *testing.T) {
	loc := time.FixedZone("CET", 3600)
	now := time.Date(2026, 3, 2, 14, 5, 0, 0, loc)
	tests := []struct {
		name  string
		until time.Time
		want  string
	}{
		{"not paused", time.Time{}, "Pause notifications for 1 hour"},
		{"pause over", now.Add(-time.Minute), "Pause notifications for 1 hour"},
		{"paused", now.Add(time.Hour), "Resume notifications (paused until 15:05)"},
		{"in another zone", now.Add(time.Hour).UTC(), "Resume notifications (paused until 15:05)"},
		{"past midnight", now.Add(12 * time.Hour), "Resume notifications (paused until tomorrow 02:05)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PauseLabel(State{PausedUntil: tt.until}, now); got != tt.want {
				t.Errorf("PauseLabel = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMenu(t *testing.T) {
	now := time.Date(2026, 3, 2, 14, 5, 0, 0, time.UTC)
	tests := []struct {
		name  string
		s     State
		pause bool
		want  []Item
	}{
		{"with pause", State{DueSoon: 2}, true, []Item{
			{ActionOpen, "Open Care Inbox", true},
			{ActionState, "2 due within the hour", false},
			{ActionPause, "Pause notifications for 1 hour", true},
			{ActionQuit, "Quit Care Inbox", true},
		}},
		{"paused", State{Overdue: 1, PausedUntil: now.Add(30 * time.Minute)}, true, []Item{
			{ActionOpen, "Open Care Inbox", true},
			{ActionState, "1 overdue", false},
			{ActionPause, "Resume notifications (paused until 14:35)", true},
			{ActionQuit, "Quit Care Inbox", true},
		}},
		{"no pause offered", State{}, false, []Item{
			{ActionOpen, "Open Care Inbox", true},
			{ActionState, "Nothing due within the hour", false},
			{ActionQuit, "Quit Care Inbox", true},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Menu(tt.s, tt.pause, now); !slices.Equal(got, tt.want) {
				t.Errorf("Menu =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestTooltip(t *testing.T) {
	if got, want := Tooltip("Care Inbox", State{DueSoon: 1}), "Care Inbox — 1 due within the hour"; got != want {
		t.Errorf("Tooltip = %q, want %q", got, want)
	}
}

func TestIconIsSmallPNG(t *testing.T) {
	w, h, err := iconSize(Icon)
	if err != nil {
		t.Fatal(err)
	}
	// The panel gets the pixels over D-Bus on every property read: the
	// 1024-pixel app icon would be 4 MB each time.
	if w != iconPixels || h != iconPixels {
		t.Errorf("icon is %dx%d, want %dx%d", w, h, iconPixels, iconPixels)
	}
}
