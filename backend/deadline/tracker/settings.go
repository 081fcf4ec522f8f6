package tracker

import (
	"context"
	"time"

	"careinbox/backend/deadline"
)

// settings is every calendar, policy and switch, read once per pass.
type settings struct {
	*deadline.Settings
	switches deadline.Switches
}

func loadSettings(ctx context.Context, st Store, local *time.Location) (*settings, error) {
	clients, err := st.Clients(ctx)
	if err != nil {
		return nil, err
	}
	cals, err := st.CalendarSpecs(ctx)
	if err != nil {
		return nil, err
	}
	pols, err := st.PolicySpecs(ctx)
	if err != nil {
		return nil, err
	}
	set, err := deadline.NewSettings(local, clients, cals, pols)
	if err != nil {
		return nil, err
	}
	sws, err := st.NotifySwitches(ctx)
	if err != nil {
		return nil, err
	}
	return &settings{Settings: set, switches: deadline.NewSwitches(sws)}, nil
}

// clone returns a copy whose calendars and policies can be replaced, for previews.
func (s *settings) clone() *settings {
	return &settings{Settings: s.Settings.Clone(), switches: s.switches}
}

// compute recomputes one conversation under the calendar and policy that
// apply to it. An idle conversation needs neither, so a broken calendar
// cannot hold up its inbox order.
func compute(in deadline.Input, set *settings, now time.Time) (deadline.Update, error) {
	if in.Idle() {
		return deadline.Recompute(in, deadline.Calendar{}, deadline.Policy{}, now) // needs neither
	}
	cal, err := set.Calendar(in.ClientID, in.HandleID)
	if err != nil {
		return deadline.Update{}, err
	}
	if in.Proactive {
		// Started by the business from a listening result: a deadline only
		// when the client's proactive policy says so (none by default).
		pol, _, err := set.ProactivePolicy(in.ClientID, in.HandleID)
		if err != nil {
			return deadline.Update{}, err
		}
		return deadline.Recompute(in, cal, pol, now)
	}
	pol, err := set.Policy(in.ClientID, in.HandleID, in.Kind)
	if err != nil {
		return deadline.Update{}, err
	}
	return deadline.Recompute(in, cal, pol, now)
}
