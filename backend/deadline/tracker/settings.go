package tracker

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
)

type scope struct {
	client, handle int64
	kind           inbox.Kind
}

// settings is every calendar, policy and switch, read once per pass. Missing
// ones fall back to the defaults, which is how a new client gets them
// (lazily: nothing is written until someone edits them).
type settings struct {
	local     *time.Location
	clients   map[int64]inbox.Client
	calendars map[scope]deadline.CalendarSpec
	policies  map[scope]deadline.PolicySpec
	switches  deadline.Switches

	parsedCal map[scope]deadline.Calendar
}

func loadSettings(ctx context.Context, st Store, local *time.Location) (*settings, error) {
	s := &settings{local: local, clients: map[int64]inbox.Client{}, calendars: map[scope]deadline.CalendarSpec{},
		policies: map[scope]deadline.PolicySpec{}, parsedCal: map[scope]deadline.Calendar{}}
	clients, err := st.Clients(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range clients {
		s.clients[c.ID] = c
	}
	cals, err := st.CalendarSpecs(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range cals {
		var spec deadline.CalendarSpec
		if err := json.Unmarshal([]byte(c.Spec), &spec); err != nil {
			return nil, fmt.Errorf("read calendar of client %d: %w", c.ClientID, err)
		}
		s.calendars[scope{client: c.ClientID, handle: c.HandleID}] = spec
	}
	pols, err := st.PolicySpecs(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range pols {
		var spec deadline.PolicySpec
		if err := json.Unmarshal([]byte(p.Spec), &spec); err != nil {
			return nil, fmt.Errorf("read policy of client %d: %w", p.ClientID, err)
		}
		s.policies[scope{p.ClientID, p.HandleID, inbox.Kind(p.Kind)}] = spec
	}
	sws, err := st.NotifySwitches(ctx)
	if err != nil {
		return nil, err
	}
	s.switches = deadline.NewSwitches(sws)
	return s, nil
}

// calendarSpec is the calendar that applies to a handle: its own, else its
// client's, else Mon–Fri 9–17 in the client's zone (or the computer's).
func (s *settings) calendarSpec(client, handle int64) (deadline.CalendarSpec, string) {
	if c, ok := s.calendars[scope{client: client, handle: handle}]; ok && handle != 0 {
		return c, "handle"
	}
	if c, ok := s.calendars[scope{client: client}]; ok {
		return c, "client"
	}
	return deadline.DefaultCalendarSpec(s.clients[client].TimeZone), "default"
}

func (s *settings) calendar(client, handle int64) (deadline.Calendar, error) {
	key := scope{client: client, handle: handle}
	if c, ok := s.parsedCal[key]; ok {
		return c, nil
	}
	spec, _ := s.calendarSpec(client, handle)
	c, err := spec.Calendar(s.local)
	if err != nil {
		return c, fmt.Errorf("calendar of client %d: %w", client, err)
	}
	s.parsedCal[key] = c
	return c, nil
}

// policySpec is the most specific policy: handle and kind, handle, client
// and kind, client, then the default.
func (s *settings) policySpec(client, handle int64, kind inbox.Kind) (deadline.PolicySpec, string) {
	for _, k := range []struct {
		sc   scope
		from string
	}{
		{scope{client, handle, kind}, "handle+kind"},
		{scope{client, handle, ""}, "handle"},
		{scope{client, 0, kind}, "client+kind"},
		{scope{client, 0, ""}, "client"},
	} {
		if k.sc.handle == 0 && k.from[:6] == "handle" {
			continue
		}
		if p, ok := s.policies[k.sc]; ok {
			return p, k.from
		}
	}
	return deadline.DefaultPolicySpec(), "default"
}

func (s *settings) policy(client, handle int64, kind inbox.Kind) (deadline.Policy, error) {
	spec, _ := s.policySpec(client, handle, kind)
	p, err := spec.Policy()
	if err != nil {
		return p, fmt.Errorf("policy of client %d: %w", client, err)
	}
	return p, nil
}

// clone returns a copy whose calendars and policies can be replaced, for previews.
func (s *settings) clone() *settings {
	cp := *s
	cp.calendars = make(map[scope]deadline.CalendarSpec, len(s.calendars))
	for k, v := range s.calendars {
		cp.calendars[k] = v
	}
	cp.policies = make(map[scope]deadline.PolicySpec, len(s.policies))
	for k, v := range s.policies {
		cp.policies[k] = v
	}
	cp.parsedCal = map[scope]deadline.Calendar{}
	return &cp
}

// compute recomputes one conversation under the calendar and policy that
// apply to it. An idle conversation needs neither, so a broken calendar
// cannot hold up its inbox order.
func compute(in deadline.Input, set *settings, now time.Time) (deadline.Update, error) {
	if in.Idle() {
		return deadline.Recompute(in, deadline.Calendar{}, deadline.Policy{}, now) // needs neither
	}
	cal, err := set.calendar(in.ClientID, in.HandleID)
	if err != nil {
		return deadline.Update{}, err
	}
	pol, err := set.policy(in.ClientID, in.HandleID, in.Kind)
	if err != nil {
		return deadline.Update{}, err
	}
	return deadline.Recompute(in, cal, pol, now)
}
