package report

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
)

// settings are the stored calendars and policies, looked up the way the
// deadline service looks them up (deadline/tracker settings.go): a handle's
// calendar, else its client's, else Monday–Friday 9–17 in the client's zone;
// the policy of handle and kind, handle, client and kind, client, else the
// default. Keep the two in step.
type settings struct {
	local     *time.Location
	clients   map[int64]inbox.Client
	handles   map[int64]inbox.Handle
	calendars map[[2]int64]deadline.CalendarSpec
	policies  map[policyKey]deadline.PolicySpec
	parsed    map[[2]int64]deadline.Calendar
}

type policyKey struct {
	client, handle int64
	kind           inbox.Kind
}

func (s *Service) settings(ctx context.Context) (*settings, error) {
	set := &settings{local: s.local, clients: map[int64]inbox.Client{}, handles: map[int64]inbox.Handle{},
		calendars: map[[2]int64]deadline.CalendarSpec{}, policies: map[policyKey]deadline.PolicySpec{},
		parsed: map[[2]int64]deadline.Calendar{}}
	clients, err := s.st.Clients(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range clients {
		set.clients[c.ID] = c
	}
	handles, err := s.st.Handles(ctx)
	if err != nil {
		return nil, err
	}
	for _, h := range handles {
		set.handles[h.ID] = h
	}
	cals, err := s.st.CalendarSpecs(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range cals {
		var spec deadline.CalendarSpec
		if err := json.Unmarshal([]byte(c.Spec), &spec); err != nil {
			return nil, fmt.Errorf("read calendar of client %d: %w", c.ClientID, err)
		}
		set.calendars[[2]int64{c.ClientID, c.HandleID}] = spec
	}
	pols, err := s.st.PolicySpecs(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range pols {
		var spec deadline.PolicySpec
		if err := json.Unmarshal([]byte(p.Spec), &spec); err != nil {
			return nil, fmt.Errorf("read policy of client %d: %w", p.ClientID, err)
		}
		set.policies[policyKey{p.ClientID, p.HandleID, inbox.Kind(p.Kind)}] = spec
	}
	return set, nil
}

// calendar is the calendar that applies to a handle (0: the client's own).
func (s *settings) calendar(client, handle int64) (deadline.Calendar, error) {
	key := [2]int64{client, handle}
	if c, ok := s.parsed[key]; ok {
		return c, nil
	}
	spec, ok := s.calendars[key]
	if !ok || handle == 0 {
		if spec, ok = s.calendars[[2]int64{client, 0}]; !ok {
			spec = deadline.DefaultCalendarSpec(s.clients[client].TimeZone)
		}
	}
	c, err := spec.Calendar(s.local)
	if err != nil {
		return c, fmt.Errorf("calendar of client %d: %w", client, err)
	}
	s.parsed[key] = c
	return c, nil
}

func (s *settings) policy(client, handle int64, kind inbox.Kind) (deadline.Policy, error) {
	spec := deadline.DefaultPolicySpec()
	for _, k := range []policyKey{{client, handle, kind}, {client, handle, ""}, {client, 0, kind}, {client, 0, ""}} {
		if p, ok := s.policies[k]; ok {
			spec = p
			break
		}
	}
	p, err := spec.Policy()
	if err != nil {
		return p, fmt.Errorf("policy of client %d: %w", client, err)
	}
	return p, nil
}

// scopeCalendar is the calendar of a scope that has one: a handle's, or a
// client's (or the only client's); ok is false for several clients.
func (s *settings) scopeCalendar(sc Scope) (deadline.Calendar, bool, error) {
	client, handle := sc.ClientID, sc.HandleID
	if handle != 0 {
		h, ok := s.handles[handle]
		if !ok {
			return deadline.Calendar{}, false, fmt.Errorf("handle %d not found", handle)
		}
		client = h.ClientID
	}
	if client == 0 && len(s.clients) == 1 {
		for id := range s.clients {
			client = id
		}
	}
	if client == 0 {
		return deadline.Calendar{}, false, nil
	}
	if _, ok := s.clients[client]; !ok {
		return deadline.Calendar{}, false, fmt.Errorf("client %d not found", client)
	}
	c, err := s.calendar(client, handle)
	return c, err == nil, err
}
