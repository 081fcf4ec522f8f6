package tracker

import (
	"context"
	"encoding/json"
	"fmt"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
)

// CalendarEdit is an unsaved calendar of a client (HandleID 0) or a handle.
type CalendarEdit struct {
	HandleID int64
	Spec     deadline.CalendarSpec
}

// PolicyEdit is an unsaved policy of a client, handle and/or channel kind.
type PolicyEdit struct {
	HandleID int64
	Kind     inbox.Kind
	Spec     deadline.PolicySpec
}

// Draft is everything the settings screen has changed but not saved: a
// calendar and/or a policy. It is previewed and saved as one, because a
// policy's business-hours switch means nothing without the calendar beside
// it — previewing either against the other's stored value is what made the
// preview say "no deadline would move" while the screen showed new hours.
type Draft struct {
	Calendar *CalendarEdit
	Policy   *PolicyEdit
}

func (d Draft) validate(s *Service) error {
	if d.Calendar != nil {
		if _, err := d.Calendar.Spec.Calendar(s.cfg.Local); err != nil {
			return fmt.Errorf("calendar: %w", err)
		}
	}
	if d.Policy != nil {
		if err := validKind(d.Policy.Kind); err != nil {
			return fmt.Errorf("policy: %w", err)
		}
		if _, err := d.Policy.Spec.Policy(); err != nil {
			return fmt.Errorf("policy: %w", err)
		}
	}
	return nil
}

func (d Draft) apply(clientID int64, set *settings) {
	if d.Calendar != nil {
		spec := d.Calendar.Spec
		spec.Normalize() // previewed exactly as it would be stored
		set.Calendars[deadline.Scope{Client: clientID, Handle: d.Calendar.HandleID}] = spec
	}
	if d.Policy != nil {
		set.Policies[deadline.Scope{Client: clientID, Handle: d.Policy.HandleID, Kind: d.Policy.Kind}] = d.Policy.Spec
	}
}

// PreviewDraft lists the open conversations whose deadlines would move if the
// whole draft were saved, against the settings stored now (read afresh on
// every call, so a save made a moment ago is the new "before"); nothing is stored.
func (s *Service) PreviewDraft(ctx context.Context, clientID int64, d Draft) (Preview, error) {
	if err := d.validate(s); err != nil {
		return Preview{}, fmt.Errorf("preview: %w", err)
	}
	return s.preview(ctx, clientID, func(set *settings) { d.apply(clientID, set) })
}

// SaveDraft validates the whole draft before storing any of it, stores it and
// recomputes the client's deadlines once.
func (s *Service) SaveDraft(ctx context.Context, clientID int64, d Draft) error {
	if err := d.validate(s); err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	now := s.cfg.Now()
	if d.Calendar != nil {
		spec := d.Calendar.Spec
		spec.Normalize()
		raw, err := json.Marshal(spec)
		if err != nil {
			return fmt.Errorf("save calendar: %w", err)
		}
		if err := s.st.SaveCalendarSpec(ctx, clientID, d.Calendar.HandleID, string(raw), now); err != nil {
			return fmt.Errorf("save calendar: %w", err)
		}
	}
	if d.Policy != nil {
		raw, err := json.Marshal(d.Policy.Spec)
		if err != nil {
			return fmt.Errorf("save policy: %w", err)
		}
		if err := s.st.SavePolicySpec(ctx, clientID, d.Policy.HandleID, string(d.Policy.Kind), string(raw), now); err != nil {
			return fmt.Errorf("save policy: %w", err)
		}
	}
	return s.RecomputeAll(ctx, clientID)
}
