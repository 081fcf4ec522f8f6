package deadline

import (
	"fmt"
	"sort"
	"time"
)

// Target is one response-time promise.
type Target struct {
	// Internal is what the team aims for; Published is what the business
	// promises customers. Zero Published turns the target off.
	Internal, Published time.Duration
	// BusinessHours counts only the calendar's open time; otherwise 24/7.
	BusinessHours bool
	// WarnLead warns this long before the internal target. When zero,
	// WarnShare (0–1) of the internal window is used instead.
	WarnLead  time.Duration
	WarnShare float64
}

// Policy holds the targets for one client, handle or channel kind.
type Policy struct {
	FirstResponse, NextResponse, Resolution Target
}

// DefaultPolicy is what a new client gets: first and next response within
// 30 minutes internally, 60 minutes promised, in business hours, warned
// 10 minutes ahead; no resolution target.
func DefaultPolicy() Policy {
	t := Target{Internal: 30 * time.Minute, Published: 60 * time.Minute, BusinessHours: true, WarnLead: 10 * time.Minute}
	return Policy{FirstResponse: t, NextResponse: t}
}

// Validate rejects targets that cannot be met in order.
func (t Target) Validate() error {
	if t.Published == 0 {
		return nil
	}
	if t.Internal <= 0 || t.Internal > t.Published {
		return fmt.Errorf("the internal target (%s) must be positive and no later than the published promise (%s)", t.Internal, t.Published)
	}
	if t.WarnShare < 0 || t.WarnShare >= 1 {
		return fmt.Errorf("the warning share must be between 0 and 1")
	}
	return nil
}

func (t Target) warnLead() time.Duration {
	if t.WarnLead > 0 {
		return t.WarnLead
	}
	return time.Duration(float64(t.Internal) * t.WarnShare)
}

// Pause is a period in which the clock stops: the conversation was pending
// (waiting on the customer) or snoozed. A zero End means it is still paused.
type Pause struct{ Start, End time.Time }

// Due is a computed deadline.
type Due struct {
	Warn, Internal, Published time.Time
}

// Compute returns when a target started at start falls due, counting only
// business time (if the target says so) and skipping pauses. ok is false when
// the target is off or the clock is stopped by an open pause.
func Compute(cal Calendar, t Target, start time.Time, pauses []Pause) (Due, bool, error) {
	if t.Published == 0 {
		return Due{}, false, nil
	}
	if !t.BusinessHours {
		cal = Calendar{Location: cal.Location, AlwaysOpen: true}
		if cal.Location == nil {
			cal.Location = time.UTC
		}
	}
	ps := append([]Pause(nil), pauses...)
	sort.Slice(ps, func(i, j int) bool { return ps[i].Start.Before(ps[j].Start) })
	at := func(d time.Duration) (time.Time, bool, error) {
		cursor, remaining := start, d
		for _, p := range ps {
			if !p.End.IsZero() && !p.End.After(cursor) {
				continue
			}
			due, err := cal.Add(cursor, remaining)
			if err != nil {
				return time.Time{}, false, err
			}
			if !due.After(p.Start) {
				return due, true, nil
			}
			if p.Start.After(cursor) {
				remaining -= cal.Elapsed(cursor, p.Start)
			}
			if p.End.IsZero() {
				return time.Time{}, false, nil
			}
			cursor = p.End
		}
		due, err := cal.Add(cursor, remaining)
		return due, err == nil, err
	}
	var d Due
	var ok bool
	var err error
	if d.Internal, ok, err = at(t.Internal); err != nil || !ok {
		return Due{}, false, err
	}
	if d.Published, _, err = at(t.Published); err != nil {
		return Due{}, false, err
	}
	if d.Warn, _, err = at(t.Internal - t.warnLead()); err != nil {
		return Due{}, false, err
	}
	return d, true, nil
}
