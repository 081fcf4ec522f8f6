package tracker

import (
	"context"
	"fmt"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
	"careinbox/backend/wakeup"
)

// When the loop wakes: at the next mark, or when a write signals a change
// (Kick). Everything a pass does is indexed and touches only what is due or
// changed, so an idle workspace costs one timer per mark and nothing between.

// retryAfter is the least wait after a failed pass (a busy database, no
// notification server); the most is MaxSleep, as before a sweep was removed.
const retryAfter = time.Second

func (s *Service) loop(ctx context.Context) {
	defer close(s.done)
	first := true
	for {
		passAt := s.cfg.Now()
		err := s.pass(ctx, first)
		if err == nil {
			first = false
		} else if ctx.Err() == nil {
			s.log.Warn("deadlines: pass failed", "err", err)
		}
		next, nerr := s.nextAfterPass(ctx, passAt)
		if err != nil || nerr != nil {
			// Retried at the next mark, or after MaxSleep: a notifier that keeps
			// failing is not called every second.
			now := s.cfg.Now()
			next = later(earliest(next, now.Add(s.cfg.MaxSleep)), now.Add(retryAfter))
		}
		if !s.sleep(ctx, next) {
			return
		}
	}
}

// pass recomputes what changed (everything on the first pass: that is how
// events missed while the app was closed are found), then runs Tick.
func (s *Service) pass(ctx context.Context, first bool) error {
	var err error
	if first {
		s.takeDirty()
		err = s.RecomputeAll(ctx, 0)
	} else if s.hasDirty() {
		s.settle(ctx)
		err = s.Recompute(ctx, s.takeDirty())
	}
	if err != nil {
		return err
	}
	return s.Tick(ctx)
}

// settle waits until no change has come for Settle (real time, not the
// configured clock: it paces the writer, it is not a deadline), at most
// settleMax, so that the changes of a burst of pages are recomputed together
// and the last page's deadlines follow it by about Settle — or at once when
// the writer says the burst has ended (EndBurst).
func (s *Service) settle(ctx context.Context) {
	if s.settleWait != nil {
		s.settleWait(ctx)
		return
	}
	if s.cfg.Settle <= 0 {
		return
	}
	until := time.Now().Add(s.settleMax)
	for {
		wait := min(s.cfg.Settle, time.Until(until))
		if wait <= 0 {
			return
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-s.kick: // another change of the burst: it is in dirty already
			t.Stop()
		case <-s.burstEnd: // no more are coming
			t.Stop()
			return
		case <-t.C:
			return
		}
	}
}

// settleMax bounds settle under a sync that never pauses, so deadlines are
// at most this late.
const settleMax = time.Second

// nextAfterPass is the next wake-up after a pass that ran at passAt. Marks
// at or before passAt that are still stored belong to conversations the pass
// could not compute (a broken calendar, logged): they are retried after
// MaxSleep instead of spinning the loop, while later marks keep their time.
func (s *Service) nextAfterPass(ctx context.Context, passAt time.Time) (time.Time, error) {
	next, err := s.NextWake(ctx)
	if err != nil || next.IsZero() || next.After(passAt) {
		return next, err
	}
	later, err := s.st.NextDeadlineAfter(ctx, passAt)
	if err != nil {
		return time.Time{}, err
	}
	held, err := s.nextOther(ctx, passAt)
	return earliest(later, held, passAt.Add(s.cfg.MaxSleep)), err
}

// sleep waits until next (zero: no mark), a kick or the end of ctx, and
// reports false when ctx ended. A mark that fell due during the pass is
// after passAt, so the next pass handles it at once; nextAfterPass keeps the
// ones a pass could not handle from spinning the loop.
func (s *Service) sleep(ctx context.Context, next time.Time) bool {
	return wakeup.Sleep(ctx, s.cfg.Now, next, s.cfg.MaxSleep, s.kick)
}

// NextWake is when the service next has work of its own: the earliest
// stored mark of any deadline (its warning, internal target, promise warning
// or promise: next_at, computed under the deadline's calendar), the moment a
// handle's data turns stale, or when the Announcer's held notifications fall
// due. Zero: nothing is scheduled, only a change wakes the service.
func (s *Service) NextWake(ctx context.Context) (time.Time, error) {
	mark, err := s.st.NextDeadlineAt(ctx)
	if err != nil {
		return time.Time{}, fmt.Errorf("next deadline wake-up: %w", err)
	}
	other, err := s.nextOther(ctx, s.cfg.Now())
	return earliest(mark, other), err
}

// nextOther is the earliest wake-up after now that is not a deadline mark.
func (s *Service) nextOther(ctx context.Context, now time.Time) (time.Time, error) {
	var next time.Time
	if w, ok := s.cfg.Announcer.(AnnounceWaker); ok {
		next = w.NextAnnounce()
	}
	if s.cfg.StaleAfter <= 0 {
		return next, nil
	}
	handles, err := s.st.Handles(ctx)
	if err != nil {
		return next, fmt.Errorf("next deadline wake-up: %w", err)
	}
	for _, h := range handles {
		if at := staleAt(h, s.cfg.StaleAfter); at.After(now) {
			next = earliest(next, at)
		}
	}
	return next, nil
}

// staleAt is the first instant deadline.Uncertain calls the handle's data
// stale (it compares with >, and times are stored in milliseconds); zero when
// age is not checked, the handle never synced, or it is failing already.
func staleAt(h inbox.Handle, staleAfter time.Duration) time.Time {
	if staleAfter <= 0 || h.LastSyncAt.IsZero() {
		return time.Time{}
	}
	if bad, _ := deadline.Uncertain(h, h.LastSyncAt, staleAfter); bad {
		return time.Time{} // failing: uncertain whatever its age
	}
	return h.LastSyncAt.Add(staleAfter + time.Millisecond)
}

// earliest is the earliest of the times that are set; zero when none is.
func earliest(ts ...time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if !t.IsZero() && (out.IsZero() || t.Before(out)) {
			out = t
		}
	}
	return out
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
