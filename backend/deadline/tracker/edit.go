package tracker

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
)

// PolicyEntry is one stored policy of a client.
type PolicyEntry struct {
	HandleID int64
	Kind     inbox.Kind // "" = every kind
	Spec     deadline.PolicySpec
}

// ClientSettings is what the settings screen edits for one client.
type ClientSettings struct {
	ClientID int64
	// Calendar is the client's calendar (the default when CalendarDefault).
	Calendar        deadline.CalendarSpec
	CalendarDefault bool
	HandleCalendars map[int64]deadline.CalendarSpec
	// Policy is the client-wide policy (the default when PolicyDefault).
	Policy        deadline.PolicySpec
	PolicyDefault bool
	Narrowed      []PolicyEntry // per handle and/or kind
	NotifyOn      bool
	HandleNotify  map[int64]bool // handles with their own switch
	// Local is the computer's zone: a calendar without a zone of its own uses it.
	Local *time.Location
}

// Settings reads one client's calendars, policies and switches, with the
// defaults filled in where nothing is stored.
func (s *Service) Settings(ctx context.Context, clientID int64) (ClientSettings, error) {
	set, err := loadSettings(ctx, s.st, s.cfg.Local)
	if err != nil {
		return ClientSettings{}, err
	}
	if _, ok := set.Clients[clientID]; !ok {
		return ClientSettings{}, fmt.Errorf("client %d: %w", clientID, ErrNotFound)
	}
	out := ClientSettings{ClientID: clientID, HandleCalendars: map[int64]deadline.CalendarSpec{}, Local: s.cfg.Local}
	var from string
	out.Calendar, from = set.CalendarSpec(clientID, 0)
	out.CalendarDefault = from == "default"
	out.Calendar.Normalize()
	out.Policy, from = set.PolicySpec(clientID, 0, "")
	out.PolicyDefault = from == "default"
	for k, c := range set.Calendars {
		if k.Client == clientID && k.Handle != 0 {
			c.Normalize()
			out.HandleCalendars[k.Handle] = c
		}
	}
	for k, p := range set.Policies {
		if k.Client == clientID && (k.Handle != 0 || k.Kind != "") {
			out.Narrowed = append(out.Narrowed, PolicyEntry{HandleID: k.Handle, Kind: k.Kind, Spec: p})
		}
	}
	sort.Slice(out.Narrowed, func(i, j int) bool {
		a, b := out.Narrowed[i], out.Narrowed[j]
		return a.HandleID < b.HandleID || a.HandleID == b.HandleID && a.Kind < b.Kind
	})
	out.NotifyOn = set.switches.On(clientID, 0)
	out.HandleNotify = set.switches.OfHandles(clientID)
	return out, nil
}

func validKind(k inbox.Kind) error {
	if k != "" && !k.Valid() && k != deadline.KindProactive {
		return fmt.Errorf("unknown channel kind %q", k)
	}
	return nil
}

// SaveCalendar validates and stores a client's (handleID 0) or a handle's
// calendar, then recomputes that client's deadlines.
func (s *Service) SaveCalendar(ctx context.Context, clientID, handleID int64, spec deadline.CalendarSpec) error {
	spec.Normalize()
	if _, err := spec.Calendar(s.cfg.Local); err != nil {
		return fmt.Errorf("save calendar: %w", err)
	}
	raw, err := json.Marshal(spec)
	if err != nil {
		return fmt.Errorf("save calendar: %w", err)
	}
	if err := s.st.SaveCalendarSpec(ctx, clientID, handleID, string(raw), s.cfg.Now()); err != nil {
		return err
	}
	return s.RecomputeAll(ctx, clientID)
}

// SavePolicy validates and stores a policy, then recomputes the client's deadlines.
func (s *Service) SavePolicy(ctx context.Context, clientID, handleID int64, kind inbox.Kind, spec deadline.PolicySpec) error {
	if err := validKind(kind); err != nil {
		return fmt.Errorf("save policy: %w", err)
	}
	if _, err := spec.Policy(); err != nil {
		return fmt.Errorf("save policy: %w", err)
	}
	raw, err := json.Marshal(spec)
	if err != nil {
		return fmt.Errorf("save policy: %w", err)
	}
	if err := s.st.SavePolicySpec(ctx, clientID, handleID, string(kind), string(raw), s.cfg.Now()); err != nil {
		return err
	}
	return s.RecomputeAll(ctx, clientID)
}

// DeletePolicy removes a narrowed policy, then recomputes the client's deadlines.
func (s *Service) DeletePolicy(ctx context.Context, clientID, handleID int64, kind inbox.Kind) error {
	if err := s.st.DeletePolicySpec(ctx, clientID, handleID, string(kind)); err != nil {
		return err
	}
	return s.RecomputeAll(ctx, clientID)
}

// DeleteCalendar removes a handle's calendar (or a client's, handleID 0), so
// the wider one (or the default) applies again, then recomputes the client's deadlines.
func (s *Service) DeleteCalendar(ctx context.Context, clientID, handleID int64) error {
	if err := s.st.DeleteCalendarSpec(ctx, clientID, handleID); err != nil {
		return err
	}
	return s.RecomputeAll(ctx, clientID)
}

// SetNotify turns notifications for a client (handleID 0) or a handle on or off.
func (s *Service) SetNotify(ctx context.Context, clientID, handleID int64, on bool) error {
	return s.st.SetNotifySwitch(ctx, clientID, handleID, on)
}

// Move is how one open conversation's deadline would change.
type Move struct {
	ConversationID int64
	CustomerName   string // the display name, else the user name
	HandleName     string
	Clock          string
	OldInternal    time.Time // zero: no deadline before
	NewInternal    time.Time // zero: no deadline after
	OldPublished   time.Time
	NewPublished   time.Time
}

// PreviewLimit is how many moves a Preview names.
const PreviewLimit = 50

// Preview is what an edit would change: how many deadlines would move, and
// the first PreviewLimit of them (by conversation) with the names to show.
type Preview struct {
	Total int
	Moves []Move
}

// PreviewCalendar lists the open conversations whose deadlines would move if
// the calendar were saved; nothing is stored.
func (s *Service) PreviewCalendar(ctx context.Context, clientID, handleID int64, spec deadline.CalendarSpec) (Preview, error) {
	if _, err := spec.Calendar(s.cfg.Local); err != nil {
		return Preview{}, fmt.Errorf("preview calendar: %w", err)
	}
	return s.preview(ctx, clientID, func(set *settings) { set.Calendars[deadline.Scope{Client: clientID, Handle: handleID}] = spec })
}

// PreviewPolicy lists the open conversations whose deadlines would move if
// the policy were saved; nothing is stored.
func (s *Service) PreviewPolicy(ctx context.Context, clientID, handleID int64, kind inbox.Kind, spec deadline.PolicySpec) (Preview, error) {
	if err := validKind(kind); err != nil {
		return Preview{}, fmt.Errorf("preview policy: %w", err)
	}
	if _, err := spec.Policy(); err != nil {
		return Preview{}, fmt.Errorf("preview policy: %w", err)
	}
	return s.preview(ctx, clientID, func(set *settings) {
		set.Policies[deadline.Scope{Client: clientID, Handle: handleID, Kind: kind}] = spec
	})
}

func (s *Service) preview(ctx context.Context, clientID int64, change func(*settings)) (Preview, error) {
	moves, err := s.moves(ctx, clientID, change)
	if err != nil {
		return Preview{}, err
	}
	out := Preview{Total: len(moves), Moves: moves[:min(len(moves), PreviewLimit)]}
	ids := make([]int64, len(out.Moves))
	for i, m := range out.Moves {
		ids[i] = m.ConversationID
	}
	sums, err := s.st.Summaries(ctx, ids)
	if err != nil {
		return Preview{}, err
	}
	byID := map[int64]inbox.ConversationSummary{}
	for _, c := range sums {
		byID[c.ID] = c
	}
	for i, m := range out.Moves {
		c := byID[m.ConversationID]
		out.Moves[i].CustomerName, out.Moves[i].HandleName = c.CustomerName, c.HandleName
		if c.CustomerName == "" {
			out.Moves[i].CustomerName = c.CustomerUser
		}
	}
	return out, nil
}

func (s *Service) moves(ctx context.Context, clientID int64, change func(*settings)) ([]Move, error) {
	base, err := loadSettings(ctx, s.st, s.cfg.Local)
	if err != nil {
		return nil, err
	}
	set := base.clone()
	change(set)
	ids, err := s.st.DeadlineCandidates(ctx, clientID)
	if err != nil {
		return nil, err
	}
	now := s.cfg.Now()
	var out []Move
	for start := 0; start < len(ids); start += 500 {
		inputs, err := s.st.DeadlineInputs(ctx, ids[start:min(start+500, len(ids))])
		if err != nil {
			return nil, err
		}
		for _, in := range inputs {
			if in.Status == inbox.StatusResolved {
				continue
			}
			before, err := compute(in, base, now)
			if err != nil {
				continue
			}
			after, err := compute(in, set, now)
			if err != nil {
				return nil, fmt.Errorf("preview: %w", err)
			}
			for _, clock := range []string{deadline.ClockResponse, deadline.ClockResolution} {
				b, a := deadline.FindClock(before.Deadlines, clock), deadline.FindClock(after.Deadlines, clock)
				var m Move
				m.ConversationID, m.Clock = in.ConversationID, clock
				if b != nil {
					m.OldInternal, m.OldPublished = b.InternalAt, b.PublishedAt
				}
				if a != nil {
					m.NewInternal, m.NewPublished = a.InternalAt, a.PublishedAt
				}
				if !m.OldInternal.Equal(m.NewInternal) || !m.OldPublished.Equal(m.NewPublished) {
					out = append(out, m)
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ConversationID < out[j].ConversationID })
	return out, nil
}

// ImportICal reads holidays (all-day events, for the next two years from
// today) from the text of an .ics file, in timeZone ("" = the computer's);
// nothing is saved until the calendar is.
func (s *Service) ImportICal(timeZone, ics string) (deadline.ICalImport, error) {
	loc := s.cfg.Local
	if timeZone != "" {
		l, err := time.LoadLocation(timeZone)
		if err != nil {
			return deadline.ICalImport{}, fmt.Errorf("unknown time zone %s", timeZone)
		}
		loc = l
	}
	now := s.cfg.Now().In(loc)
	from := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	return deadline.ImportICal(strings.NewReader(ics), loc, from, from.AddDate(2, 0, 0))
}
