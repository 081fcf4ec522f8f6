package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// QuietHours holds notifications back during a daily period in the
// computer's time zone; they are shown (grouped) when it ends, not dropped.
type QuietHours struct {
	Enabled  bool `json:"enabled"`
	StartMin int  `json:"startMin"` // minutes from midnight
	EndMin   int  `json:"endMin"`   // may be before StartMin: 22:00–07:00
}

// metaQuietHours is where quiet hours are kept (store meta, JSON). The key
// predates this package; it stays so saved settings keep working.
const metaQuietHours = "sla.quiet_hours"

// Active reports whether t falls inside the quiet period, and when it ends.
func (q QuietHours) Active(t time.Time) (bool, time.Time) {
	if !q.Enabled || q.StartMin == q.EndMin {
		return false, time.Time{}
	}
	y, m, d := t.Date()
	for _, day := range []int{d - 1, d} {
		start := time.Date(y, m, day, 0, q.StartMin, 0, 0, t.Location())
		endDay := day
		if q.EndMin < q.StartMin {
			endDay++
		}
		end := time.Date(y, m, endDay, 0, q.EndMin, 0, 0, t.Location())
		if !t.Before(start) && t.Before(end) {
			return true, end
		}
	}
	return false, time.Time{}
}

// QuietHours reads the quiet hours.
func (a *Announcer) QuietHours(ctx context.Context) (QuietHours, error) {
	var q QuietHours
	raw, err := a.st.Meta(ctx, metaQuietHours)
	if err != nil {
		return q, err
	}
	if raw != "" {
		if err := json.Unmarshal([]byte(raw), &q); err != nil {
			return q, fmt.Errorf("read quiet hours: %w", err)
		}
	}
	return q, nil
}

// SetQuietHours stores the quiet hours.
func (a *Announcer) SetQuietHours(ctx context.Context, q QuietHours) error {
	if q.StartMin < 0 || q.StartMin >= 1440 || q.EndMin < 0 || q.EndMin >= 1440 {
		return fmt.Errorf("quiet hours must be times of day")
	}
	raw, err := json.Marshal(q)
	if err != nil {
		return fmt.Errorf("save quiet hours: %w", err)
	}
	if err := a.st.SetMeta(ctx, metaQuietHours, string(raw)); err != nil {
		return err
	}
	if a.cfg.Wake != nil {
		a.cfg.Wake() // held notifications may be due now
	}
	return nil
}
