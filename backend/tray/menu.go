// Package tray is Care Inbox's icon in the desktop's panel (issue 17): a
// click opens the window; its menu opens the window, says how the queue
// stands, pauses notifications and quits. On Linux it is a
// StatusNotifierItem with a com.canonical.dbusmenu menu on the session bus
// (fyne.io/systray's Linux backend: plain D-Bus, no GTK of its own, so it
// lives beside Wails' GTK main loop). Elsewhere it is not offered (see
// tray_other.go). It imports no Wails: app/ hands it plain callbacks.
//
// This file is the menu as data, so its wording is tested without a bus.
package tray

import (
	"fmt"
	"strings"
	"time"
)

// Action names a menu item.
type Action string

// The menu's items, top to bottom.
const (
	ActionOpen  Action = "open"
	ActionState Action = "state" // the queue's state: a line to read, not to click
	ActionPause Action = "pause" // pause or resume deadline notifications
	ActionQuit  Action = "quit"
)

// Labels of the fixed items, as the panel shows them.
const (
	LabelOpen  = "Open Care Inbox"
	LabelPause = "Pause notifications for 1 hour"
	LabelQuit  = "Quit Care Inbox"
)

// PauseFor is how long "Pause notifications for 1 hour" pauses them, the
// same hour as the sidebar's button.
const PauseFor = time.Hour

// State is what the menu shows of the workspace.
type State struct {
	// DueSoon counts conversations due within the hour that are not
	// overdue yet; Overdue those whose internal target (or the network's
	// reply window) has passed.
	DueSoon, Overdue int
	// PausedUntil: deadline notifications are held until then (zero or
	// past: not paused).
	PausedUntil time.Time
}

// Item is one line of the menu.
type Item struct {
	Action  Action
	Label   string
	Enabled bool
}

// Menu is the menu for state s at now, top to bottom; the pause item only
// when pause is offered (a workspace without the notifier has none).
func Menu(s State, pause bool, now time.Time) []Item {
	items := []Item{
		{Action: ActionOpen, Label: LabelOpen, Enabled: true},
		{Action: ActionState, Label: StateLine(s), Enabled: false},
	}
	if pause {
		items = append(items, Item{Action: ActionPause, Label: PauseLabel(s, now), Enabled: true})
	}
	return append(items, Item{Action: ActionQuit, Label: LabelQuit, Enabled: true})
}

// StateLine says how the queue stands: "3 due within the hour · 1
// overdue", "1 overdue", "Nothing due within the hour".
func StateLine(s State) string {
	var parts []string
	if s.DueSoon > 0 {
		parts = append(parts, fmt.Sprintf("%d due within the hour", s.DueSoon))
	}
	if s.Overdue > 0 {
		parts = append(parts, fmt.Sprintf("%d overdue", s.Overdue))
	}
	if len(parts) == 0 {
		return "Nothing due within the hour"
	}
	return strings.Join(parts, " · ")
}

// Paused says whether notifications are paused at now.
func (s State) Paused(now time.Time) bool { return s.PausedUntil.After(now) }

// PauseLabel is the pause item's label: what a click does.
func PauseLabel(s State, now time.Time) string {
	if !s.Paused(now) {
		return LabelPause
	}
	until := s.PausedUntil.In(now.Location())
	at := until.Format("15:04")
	if y, m, d := until.Date(); y != now.Year() || m != now.Month() || d != now.Day() {
		at = "tomorrow " + at // a pause lasts at most a day (app's maxPause)
	}
	return "Resume notifications (paused until " + at + ")"
}

// Tooltip is what the icon says on hover: the window's name and the queue.
func Tooltip(title string, s State) string {
	return title + " — " + StateLine(s)
}
