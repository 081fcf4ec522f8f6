package tracker

import (
	"testing"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
)

func TestShownAndDueSoon(t *testing.T) {
	f := newFixture(t, inbox.NetworkX, at(23, 10, 0))
	f.svc = New(Config{Store: f.st, Announcer: f.ann, Now: f.clock.Now, Local: berlin, StaleAfter: deadline.StaleSyncAfter})
	conv := f.ingest("c", inbox.KindPublic, in(at(23, 10, 0)))
	answered := f.ingest("d", inbox.KindPublic, in(at(23, 9, 0)), out(at(23, 9, 5)))
	if err := f.st.SetHandleSync(f.ctx, f.handle.ID, inbox.SyncOK, "", at(23, 10, 0)); err != nil {
		t.Fatal(err)
	}
	f.tick(at(23, 10, 5))
	tests := []struct {
		name      string
		now       time.Time
		stale     time.Duration
		uncertain bool
	}{
		{"fresh data", at(23, 10, 5), deadline.StaleSyncAfter, false},
		{"data older than the threshold", at(23, 10, 20), deadline.StaleSyncAfter, true},
		{"age not checked", at(23, 10, 20), 0, false},
	}
	rows := []Row{{ConversationID: conv, HandleID: f.handle.ID}, {ConversationID: answered, HandleID: f.handle.ID}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shown, err := ShownAt(f.ctx, f.st, rows, tt.now, tt.stale)
			if err != nil {
				t.Fatal(err)
			}
			sh, ok := shown[conv]
			if !ok || len(shown) != 1 || sh.Clock != deadline.ClockResponse || !sh.InternalAt.Equal(at(23, 10, 30)) {
				t.Fatalf("shown = %+v, want the open conversation's response clock only", shown)
			}
			if sh.Uncertain != tt.uncertain || !sh.DataAsOf.Equal(at(23, 10, 0)) {
				t.Errorf("uncertain %v (%s) as of %s, want %v as of 10:00", sh.Uncertain, sh.UncertainReason, sh.DataAsOf, tt.uncertain)
			}
		})
	}
	f.clock.Set(at(23, 10, 20))
	due, err := f.svc.DueSoon(f.ctx, 15*time.Minute)
	if err != nil || len(due) != 1 || due[0].ID != conv || due[0].Deadline == nil || !due[0].Deadline.Uncertain {
		t.Fatalf("due soon = %+v, %v", due, err)
	}
	if due, _ := f.svc.DueSoon(f.ctx, 5*time.Minute); len(due) != 0 {
		t.Errorf("due within 5 min at 10:20 = %+v, want none (due 10:30)", due)
	}
	f.tick(at(23, 10, 20))
	evs, err := f.svc.Events(f.ctx, conv)
	if err != nil || len(evs) != 1 || evs[0].Name != deadline.EventImminent {
		t.Errorf("events = %+v, %v; want imminent", evs, err)
	}
}
