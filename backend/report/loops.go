package report

import (
	"context"
	"time"

	"careinbox/backend/inbox"
)

// Loops count the public threads taken private or handled offline whose
// loop started in the period (the move or the offline log), by how their
// public close stands when the report runs (issue 12: finish in public).
// A loop left open is Pending (no public closing reply delivered yet) or
// Dismissed (someone chose not to close in public, with a reason).
type Loops struct {
	Started   int `json:"started"`
	Pending   int `json:"pending"`
	Dismissed int `json:"dismissed"`
	LeftOpen  int `json:"leftOpen"` // Pending + Dismissed
}

// loopStore is the part of the store loops read. It is asserted, not part
// of Store, so a Store without public closes (a test double) reports none.
type loopStore interface {
	ReportLoops(ctx context.Context, clientID, handleID int64, network inbox.Network, from, to time.Time) (started, pending, dismissed int, err error)
}

// addLoops fills the loop counts of both periods of r.
func (s *Service) addLoops(ctx context.Context, sc Scope, r *Report) error {
	ls, ok := s.st.(loopStore)
	if !ok || (sc.Kind != "" && sc.Kind != inbox.KindPublic) {
		return nil // loops exist on public threads only
	}
	for _, f := range []struct {
		p   Period
		out *Loops
	}{{r.Period, &r.Current.Loops}, {r.Previous, &r.Prior.Loops}} {
		started, pending, dismissed, err := ls.ReportLoops(ctx, sc.ClientID, sc.HandleID, sc.Network, f.p.From, f.p.To)
		if err != nil {
			return err
		}
		*f.out = Loops{Started: started, Pending: pending, Dismissed: dismissed, LeftOpen: pending + dismissed}
	}
	return nil
}
