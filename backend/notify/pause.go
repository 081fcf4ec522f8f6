package notify

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// Pausing holds every deadline notification back until a time (the "pause
// notifications for 1 h" switch). Like quiet hours it holds, never drops:
// what fell due meanwhile is shown as one digest when the pause ends.

// metaPausedUntil is where the pause's end is kept (Unix ms; "" or 0: none).
const metaPausedUntil = "notify.paused_until"

// PausedUntil is when the current pause ends (zero: not paused; a pause that
// has ended reads as its end, which is in the past).
func (a *Announcer) PausedUntil(ctx context.Context) (time.Time, error) {
	raw, err := a.st.Meta(ctx, metaPausedUntil)
	if err != nil || raw == "" {
		return time.Time{}, err
	}
	ms, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("read notification pause: %w", err)
	}
	if ms == 0 {
		return time.Time{}, nil
	}
	return time.UnixMilli(ms), nil
}

// Pause holds notifications back until until; a zero until resumes them at
// once (held ones are shown on the next pass).
func (a *Announcer) Pause(ctx context.Context, until time.Time) error {
	v := "0"
	if !until.IsZero() {
		v = strconv.FormatInt(until.UnixMilli(), 10)
	}
	if err := a.st.SetMeta(ctx, metaPausedUntil, v); err != nil {
		return fmt.Errorf("pause notifications: %w", err)
	}
	if a.cfg.Wake != nil {
		a.cfg.Wake() // a resume shows what was held; a pause is timed
	}
	return nil
}

// HeldUntil is when notifications held back now (the pause, quiet hours)
// may be shown again; zero when nothing holds them. Notifications of other
// kinds than deadlines (a listening surge) ask it, so that one switch and
// one set of hours keep every notification of the app away.
func (a *Announcer) HeldUntil(ctx context.Context, now time.Time) (time.Time, error) {
	paused, err := a.PausedUntil(ctx)
	if err != nil {
		return time.Time{}, err
	}
	quiet, err := a.QuietHours(ctx)
	if err != nil {
		return time.Time{}, err
	}
	return a.heldUntil(quiet, paused, now), nil
}

// heldUntil is the later end of the pause and of quiet hours that hold
// notifications at now; zero when neither does.
func (a *Announcer) heldUntil(quiet QuietHours, paused, now time.Time) time.Time {
	var until time.Time
	if now.Before(paused) {
		until = paused
	}
	if held, end := quiet.Active(now.In(a.cfg.Local)); held && end.After(until) {
		until = end
	}
	return until
}
