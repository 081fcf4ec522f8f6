package app

import (
	"context"
	"time"

	"careinbox/backend/notify"
)

// Notifications that lead somewhere (issue 14): a click on one opens the app
// at its conversation (EventOpenConversation), and the user can pause them.

// EventOpenConversation asks the front end to show a conversation (payload:
// its id; 0: just the app), sent when the user clicks a notification.
const EventOpenConversation = "conversation:open"

// openConversation is what a click on a notification does: bring the window
// forward and tell the front end which conversation to show.
func openConversation(emit func(name string, data any), show func()) func(conversationID int64) {
	return func(conversationID int64) {
		show()
		emit(EventOpenConversation, conversationID)
	}
}

// NotificationPauseDTO says whether deadline notifications are paused, and
// whether they reach the desktop at all.
type NotificationPauseDTO struct {
	PausedUntil int64 `json:"pausedUntil"` // Unix ms; 0: not paused
	// Failing: the last notification did not reach the desktop (no
	// notification service, or one not answering). Since is the first
	// failure of this run (Unix ms), RetryAt the next try, Failure the
	// technical reason (for a tooltip).
	Failing bool   `json:"failing"`
	Since   int64  `json:"since"`
	RetryAt int64  `json:"retryAt"`
	Failure string `json:"failure"`
}

// maxPause bounds a pause, so a mistyped one cannot silence deadlines for good.
const maxPause = 24 * time.Hour

// NotificationPause says until when notifications are paused.
func (a *DeadlinesAPI) NotificationPause() (NotificationPauseDTO, error) {
	if err := a.ready(); err != nil {
		return NotificationPauseDTO{}, err
	}
	until, err := a.notices.PausedUntil(a.ctx())
	if err != nil {
		return NotificationPauseDTO{}, toAPIError(err)
	}
	return pauseDTO(until, time.Now(), a.notices.Health()), nil
}

// PauseNotifications holds deadline notifications back for the next minutes
// (1 to 1440); what falls due meanwhile is shown as one digest afterwards.
func (a *DeadlinesAPI) PauseNotifications(minutes int) (NotificationPauseDTO, error) {
	if err := a.ready(); err != nil {
		return NotificationPauseDTO{}, err
	}
	d := time.Duration(minutes) * time.Minute
	if d <= 0 || d > maxPause {
		return NotificationPauseDTO{}, invalid("a pause lasts from 1 minute to 24 hours")
	}
	now := time.Now()
	until := now.Add(d)
	if err := a.notices.Pause(a.ctx(), until); err != nil {
		return NotificationPauseDTO{}, toAPIError(err)
	}
	a.pauseChange()
	return pauseDTO(until, now, a.notices.Health()), nil
}

// ResumeNotifications ends a pause; what was held is shown at once.
func (a *DeadlinesAPI) ResumeNotifications() (NotificationPauseDTO, error) {
	if err := a.ready(); err != nil {
		return NotificationPauseDTO{}, err
	}
	if err := a.notices.Pause(a.ctx(), time.Time{}); err != nil {
		return NotificationPauseDTO{}, toAPIError(err)
	}
	a.pauseChange()
	return pauseDTO(time.Time{}, time.Now(), a.notices.Health()), nil
}

func (a *DeadlinesAPI) pauseChange() {
	if a.pauseChanged != nil {
		a.pauseChanged()
	}
}

func pauseDTO(until, now time.Time, h notify.Health) NotificationPauseDTO {
	var d NotificationPauseDTO
	if until.After(now) {
		d.PausedUntil = until.UnixMilli()
	}
	if h.Failing {
		d.Failing, d.Since, d.RetryAt, d.Failure = true, h.Since.UnixMilli(), h.RetryAt.UnixMilli(), h.Err
	}
	return d
}

// emitNotificationState tells the window the pause and health as they are
// now (the tray paused, or notifications started or stopped failing).
func emitNotificationState(ctx context.Context, notices *notify.Announcer, emit func(name string, data any)) {
	now := time.Now()
	until, err := notices.PausedUntil(ctx)
	if err != nil {
		return // the window keeps what it shows; its next fetch corrects it
	}
	emit(EventNotificationPause, pauseDTO(until, now, notices.Health()))
}

// EventOpenView asks the front end to show a screen (payload: its name,
// "listening"), after a click on a notification about it (a spike alert).
const EventOpenView = "view:open"

// viewSubscriber is the notifier's clicks that open a screen (notify.Opens).
type viewSubscriber interface {
	SubscribeViews(fn func(view string)) (cancel func())
}

// opensSubscriber is what the window needs of the notifier's clicks.
type opensSubscriber interface {
	Subscribe(fn func(conversationID int64)) (cancel func())
}

var _ opensSubscriber = (*notify.Opens)(nil)
