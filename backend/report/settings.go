package report

import (
	"context"
	"fmt"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
)

// settings are the stored calendars and policies, looked up exactly as the
// deadline service looks them up (deadline.Settings: one implementation),
// and the handles, to find a scope's client.
type settings struct {
	*deadline.Settings
	handles map[int64]inbox.Handle
	// fp fingerprints what of the above a report reads (see memo.go): a
	// change to a calendar, a policy, a client or a handle drops the memo.
	fp string
	// what the settings were made of, for clone
	local      *time.Location
	clients    []inbox.Client
	cals, pols []deadline.StoredSpec
}

func (s *Service) settings(ctx context.Context) (*settings, error) {
	clients, err := s.st.Clients(ctx)
	if err != nil {
		return nil, err
	}
	handles, err := s.st.Handles(ctx)
	if err != nil {
		return nil, err
	}
	cals, err := s.st.CalendarSpecs(ctx)
	if err != nil {
		return nil, err
	}
	pols, err := s.st.PolicySpecs(ctx)
	if err != nil {
		return nil, err
	}
	base, err := deadline.NewSettings(s.local, clients, cals, pols)
	if err != nil {
		return nil, err
	}
	set := &settings{Settings: base, handles: map[int64]inbox.Handle{}, fp: fingerprint(clients, handles, cals, pols),
		local: s.local, clients: clients, cals: cals, pols: pols}
	for _, h := range handles {
		set.handles[h.ID] = h
	}
	return set, nil
}

// clone is a copy for another goroutine: deadline.Settings parses calendars
// lazily into a map, so two reports' figures must not share one.
func (s *settings) clone() (*settings, error) {
	base, err := deadline.NewSettings(s.local, s.clients, s.cals, s.pols)
	if err != nil {
		return nil, err
	}
	c := *s
	c.Settings = base
	return &c, nil
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
	if client == 0 && len(s.Clients) == 1 {
		for id := range s.Clients {
			client = id
		}
	}
	if client == 0 {
		return deadline.Calendar{}, false, nil
	}
	if _, ok := s.Clients[client]; !ok {
		return deadline.Calendar{}, false, fmt.Errorf("client %d not found", client)
	}
	c, err := s.Calendar(client, handle)
	return c, err == nil, err
}
