package tracker

import (
	"testing"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
)

// TestPreviewDraft pins the preview to the whole unsaved screen, measured
// against what is stored at the moment of the call.
func TestPreviewDraft(t *testing.T) {
	// Saturday 28 November, 10:00 in Berlin: closed under Mon–Fri 9–17.
	f := newFixture(t, inbox.NetworkX, at(28, 10, 0))
	conv := f.ingest("c", inbox.KindPublic, in(at(28, 10, 0)))
	open247 := deadline.DefaultCalendarSpec("Europe/Berlin")
	open247.AlwaysOpen = true
	if err := f.svc.SaveCalendar(f.ctx, f.client.ID, 0, open247); err != nil {
		t.Fatal(err)
	}
	f.tick(at(28, 10, 1))
	if d := f.deadline(conv, deadline.ClockResponse); !d.InternalAt.Equal(at(28, 10, 30)) {
		t.Fatalf("24/7 internal = %s", d.InternalAt.In(berlin))
	}
	weekdays := deadline.DefaultCalendarSpec("Europe/Berlin") // Mon–Fri 9–17
	slower := deadline.DefaultPolicySpec()
	slower.FirstResponse.InternalMin = 60
	slower.FirstResponse.PublishedMin = 90
	fast := deadline.DefaultPolicySpec()
	fast.FirstResponse.InternalMin = 45

	for _, tc := range []struct {
		name    string
		draft   Draft
		moves   int
		newDue  time.Time
		oldDue  time.Time
		wantErr bool
	}{
		{name: "nothing changed", draft: Draft{Calendar: &CalendarEdit{Spec: open247}}, moves: 0},
		{name: "hours only", draft: Draft{Calendar: &CalendarEdit{Spec: weekdays}}, moves: 1, oldDue: at(28, 10, 30), newDue: at(30, 9, 30)},
		// The policy is read together with the unsaved hours, not the stored 24/7.
		{name: "hours and policy together", draft: Draft{Calendar: &CalendarEdit{Spec: weekdays}, Policy: &PolicyEdit{Spec: slower}},
			moves: 1, oldDue: at(28, 10, 30), newDue: at(30, 10, 0)},
		{name: "policy only, stored 24/7", draft: Draft{Policy: &PolicyEdit{Spec: slower}}, moves: 1, oldDue: at(28, 10, 30), newDue: at(28, 11, 0)},
		{name: "other handle's calendar", draft: Draft{Calendar: &CalendarEdit{HandleID: f.handle.ID + 99, Spec: weekdays}}, moves: 0},
		{name: "invalid policy", draft: Draft{Calendar: &CalendarEdit{Spec: weekdays},
			Policy: &PolicyEdit{Spec: deadline.PolicySpec{FirstResponse: deadline.TargetSpec{InternalMin: 90, PublishedMin: 60}}}}, wantErr: true},
		{name: "unknown kind", draft: Draft{Policy: &PolicyEdit{Kind: "fax", Spec: fast}}, wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pv, err := f.svc.PreviewDraft(f.ctx, f.client.ID, tc.draft)
			if tc.wantErr {
				if err == nil {
					t.Fatalf("previewed: %+v", pv)
				}
				return
			}
			if err != nil || pv.Total != tc.moves {
				t.Fatalf("preview = %+v, %v; want %d moves", pv, err, tc.moves)
			}
			if tc.moves > 0 {
				m := pv.Moves[0]
				if m.Clock != deadline.ClockResponse || !m.OldInternal.Equal(tc.oldDue) || !m.NewInternal.Equal(tc.newDue) {
					t.Errorf("move %s → %s, want %s → %s", m.OldInternal.In(berlin), m.NewInternal.In(berlin), tc.oldDue.In(berlin), tc.newDue.In(berlin))
				}
			}
		})
	}

	// A draft that fails validation stores none of its parts.
	bad := Draft{Calendar: &CalendarEdit{Spec: weekdays}, Policy: &PolicyEdit{Spec: deadline.PolicySpec{FirstResponse: deadline.TargetSpec{InternalMin: 90, PublishedMin: 60}}}}
	if err := f.svc.SaveDraft(f.ctx, f.client.ID, bad); err == nil {
		t.Fatal("an invalid draft saved")
	}
	if cs, _ := f.svc.Settings(f.ctx, f.client.ID); !cs.Calendar.AlwaysOpen {
		t.Fatal("the calendar of a rejected draft was stored")
	}

	// Save the hours, then preview a policy: the new "before" is the saved
	// hours (Monday 09:30), so 30 → 45 minutes moves it by 15, not from Saturday.
	if err := f.svc.SaveDraft(f.ctx, f.client.ID, Draft{Calendar: &CalendarEdit{Spec: weekdays}}); err != nil {
		t.Fatal(err)
	}
	if d := f.deadline(conv, deadline.ClockResponse); !d.InternalAt.Equal(at(30, 9, 30)) {
		t.Fatalf("saved hours: internal = %s", d.InternalAt.In(berlin))
	}
	pv, err := f.svc.PreviewDraft(f.ctx, f.client.ID, Draft{Policy: &PolicyEdit{Spec: fast}})
	if err != nil || pv.Total != 1 || !pv.Moves[0].OldInternal.Equal(at(30, 9, 30)) || !pv.Moves[0].NewInternal.Equal(at(30, 9, 45)) {
		t.Fatalf("preview after save = %+v, %v", pv, err)
	}
	// The same draft as what is now stored moves nothing.
	if pv, err := f.svc.PreviewDraft(f.ctx, f.client.ID, Draft{Calendar: &CalendarEdit{Spec: weekdays}, Policy: &PolicyEdit{Spec: deadline.DefaultPolicySpec()}}); err != nil || pv.Total != 0 {
		t.Fatalf("preview of the stored settings = %+v, %v", pv, err)
	}
	if err := f.svc.SaveDraft(f.ctx, f.client.ID, Draft{Calendar: &CalendarEdit{Spec: weekdays}, Policy: &PolicyEdit{Spec: slower}}); err != nil {
		t.Fatal(err)
	}
	if d := f.deadline(conv, deadline.ClockResponse); !d.InternalAt.Equal(at(30, 10, 0)) {
		t.Errorf("saved hours and policy: internal = %s", d.InternalAt.In(berlin))
	}
}
