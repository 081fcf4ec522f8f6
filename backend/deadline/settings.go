package deadline

import (
	"encoding/json"
	"fmt"
	"time"

	"careinbox/backend/inbox"
)

// Scope names what a stored calendar or policy applies to: a client
// (Handle 0), a handle, and for policies a channel kind ("" = any).
type Scope struct {
	Client, Handle int64
	Kind           inbox.Kind
}

// Settings are every stored calendar and policy, looked up the one way that
// decides each deadline: the deadline service computes with it, and the
// reports measure business time with it, so the two can never disagree.
// Missing ones fall back to the defaults, which is how a new client gets
// them (lazily: nothing is written until someone edits them).
type Settings struct {
	Local     *time.Location
	Clients   map[int64]inbox.Client
	Calendars map[Scope]CalendarSpec // Kind is always ""
	Policies  map[Scope]PolicySpec

	parsed map[Scope]Calendar
}

// NewSettings reads the stored specs (JSON, as the store keeps them).
func NewSettings(local *time.Location, clients []inbox.Client, calendars, policies []StoredSpec) (*Settings, error) {
	s := &Settings{Local: local, Clients: map[int64]inbox.Client{}, Calendars: map[Scope]CalendarSpec{},
		Policies: map[Scope]PolicySpec{}, parsed: map[Scope]Calendar{}}
	for _, c := range clients {
		s.Clients[c.ID] = c
	}
	for _, c := range calendars {
		var spec CalendarSpec
		if err := json.Unmarshal([]byte(c.Spec), &spec); err != nil {
			return nil, fmt.Errorf("read calendar of client %d: %w", c.ClientID, err)
		}
		s.Calendars[Scope{Client: c.ClientID, Handle: c.HandleID}] = spec
	}
	for _, p := range policies {
		var spec PolicySpec
		if err := json.Unmarshal([]byte(p.Spec), &spec); err != nil {
			return nil, fmt.Errorf("read policy of client %d: %w", p.ClientID, err)
		}
		s.Policies[Scope{p.ClientID, p.HandleID, inbox.Kind(p.Kind)}] = spec
	}
	return s, nil
}

// CalendarSpec is the calendar that applies to a handle: its own, else its
// client's, else Mon–Fri 9–17 in the client's zone (or the computer's); from
// says which ("handle", "client", "default").
func (s *Settings) CalendarSpec(client, handle int64) (spec CalendarSpec, from string) {
	if c, ok := s.Calendars[Scope{Client: client, Handle: handle}]; ok && handle != 0 {
		return c, "handle"
	}
	if c, ok := s.Calendars[Scope{Client: client}]; ok {
		return c, "client"
	}
	return DefaultCalendarSpec(s.Clients[client].TimeZone), "default"
}

// Calendar is CalendarSpec parsed (once per Settings).
func (s *Settings) Calendar(client, handle int64) (Calendar, error) {
	key := Scope{Client: client, Handle: handle}
	if c, ok := s.parsed[key]; ok {
		return c, nil
	}
	spec, _ := s.CalendarSpec(client, handle)
	c, err := spec.Calendar(s.Local)
	if err != nil {
		return c, fmt.Errorf("calendar of client %d: %w", client, err)
	}
	s.parsed[key] = c
	return c, nil
}

// PolicySpec is the most specific policy: handle and kind, handle, client
// and kind, client, then the default; from says which.
func (s *Settings) PolicySpec(client, handle int64, kind inbox.Kind) (spec PolicySpec, from string) {
	for _, k := range []struct {
		sc   Scope
		from string
	}{
		{Scope{client, handle, kind}, "handle+kind"},
		{Scope{client, handle, ""}, "handle"},
		{Scope{client, 0, kind}, "client+kind"},
		{Scope{client, 0, ""}, "client"},
	} {
		if k.sc.Handle == 0 && k.from[:6] == "handle" {
			continue
		}
		if p, ok := s.Policies[k.sc]; ok {
			return p, k.from
		}
	}
	return DefaultPolicySpec(), "default"
}

// KindProactive is the policy kind of conversations started from listening
// (Input.Proactive). It is never a channel kind, so only a policy saved
// under it applies: without one a proactive conversation has no deadline.
const KindProactive inbox.Kind = "proactive"

// ProactivePolicy is the client's (or the handle's) proactive policy; ok
// is false when none is saved, the default.
func (s *Settings) ProactivePolicy(client, handle int64) (p Policy, ok bool, err error) {
	for _, sc := range []Scope{{client, handle, KindProactive}, {client, 0, KindProactive}} {
		if spec, found := s.Policies[sc]; found {
			p, err := spec.Policy()
			if err != nil {
				return p, true, fmt.Errorf("proactive policy of client %d: %w", client, err)
			}
			return p, true, nil
		}
	}
	return Policy{}, false, nil
}

// Policy is PolicySpec parsed.
func (s *Settings) Policy(client, handle int64, kind inbox.Kind) (Policy, error) {
	spec, _ := s.PolicySpec(client, handle, kind)
	p, err := spec.Policy()
	if err != nil {
		return p, fmt.Errorf("policy of client %d: %w", client, err)
	}
	return p, nil
}

// Clone returns a copy whose calendars and policies can be replaced, for previews.
func (s *Settings) Clone() *Settings {
	cp := *s
	cp.Calendars = make(map[Scope]CalendarSpec, len(s.Calendars))
	for k, v := range s.Calendars {
		cp.Calendars[k] = v
	}
	cp.Policies = make(map[Scope]PolicySpec, len(s.Policies))
	for k, v := range s.Policies {
		cp.Policies[k] = v
	}
	cp.parsed = map[Scope]Calendar{}
	return &cp
}
