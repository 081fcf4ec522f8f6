package deadline

import (
	"testing"
	"time"

	"careinbox/backend/inbox"
)

var berlin = func() *time.Location {
	l, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return l
}()

// bat is a time on Monday 23 November 2026 (or day d) in Berlin.
func bat(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, berlin) }

func TestPausesFrom(t *testing.T) {
	start := bat(23, 10, 0)
	tests := []struct {
		name string
		in   Input
		want []Pause
	}{
		{"open, no history", Input{Status: inbox.StatusOpen}, nil},
		{"pending then open", Input{Status: inbox.StatusOpen, History: []StatusChange{
			{Status: inbox.StatusPending, At: bat(23, 10, 10)}, {Status: inbox.StatusOpen, At: bat(23, 11, 0)}}},
			[]Pause{{Start: bat(23, 10, 10), End: bat(23, 11, 0)}}},
		{"still pending", Input{Status: inbox.StatusPending, History: []StatusChange{
			{Status: inbox.StatusPending, At: bat(23, 10, 10)}}}, []Pause{{Start: bat(23, 10, 10)}}},
		{"pending without history starts at the last message", Input{Status: inbox.StatusPending,
			LastMessageAt: bat(23, 10, 5)}, []Pause{{Start: bat(23, 10, 5)}}},
		{"snoozed ends by itself", Input{Status: inbox.StatusSnoozed, SnoozedUntil: bat(23, 12, 0),
			History: []StatusChange{{Status: inbox.StatusSnoozed, At: bat(23, 10, 10)}}},
			[]Pause{{Start: bat(23, 10, 10), End: bat(23, 12, 0)}}},
		{"pending then snoozed is one pause", Input{Status: inbox.StatusOpen, History: []StatusChange{
			{Status: inbox.StatusPending, At: bat(23, 10, 10)}, {Status: inbox.StatusSnoozed, At: bat(23, 10, 20)}, {Status: inbox.StatusOpen, At: bat(23, 10, 40)}}},
			[]Pause{{Start: bat(23, 10, 10), End: bat(23, 10, 40)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pausesFrom(tt.in, start)
			if len(got) != len(tt.want) {
				t.Fatalf("pauses = %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if !got[i].Start.Equal(tt.want[i].Start) || !got[i].End.Equal(tt.want[i].End) {
					t.Errorf("pause %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestRecompute(t *testing.T) {
	cal := Calendar{AlwaysOpen: true}
	pol := DefaultPolicy()
	start := bat(23, 10, 0)
	tests := []struct {
		name      string
		in        Input
		now       time.Time
		clocks    int
		state     string
		events    []string
		wantQueue bool // queue key follows the internal due time
	}{
		{"resolved with nothing stored is idle", Input{ConversationID: 1, Status: inbox.StatusResolved}, start, 0, "", nil, false},
		{"a fresh question runs the response clock (the default has no resolution target)", Input{ConversationID: 1, Status: inbox.StatusOpen, AwaitingSince: start,
			FirstInboundAt: start, LastInboundAt: start, LastMessageAt: start}, start.Add(5 * time.Minute), 1, StateOnTrack, nil, true},
		{"past the warning lead records imminent", Input{ConversationID: 1, Status: inbox.StatusOpen, AwaitingSince: start,
			FirstInboundAt: start, LastInboundAt: start, LastMessageAt: start}, start.Add(21 * time.Minute), 1, StateImminent,
			[]string{EventImminent}, true},
		{"pending pauses the response clock", Input{ConversationID: 1, Status: inbox.StatusPending, AwaitingSince: start,
			FirstInboundAt: start, LastInboundAt: start, LastMessageAt: start}, start.Add(40 * time.Minute), 1, StatePaused, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			up, err := Recompute(tt.in, cal, pol, tt.now)
			if err != nil {
				t.Fatal(err)
			}
			if len(up.Deadlines) != tt.clocks {
				t.Fatalf("clocks = %+v, want %d", up.Deadlines, tt.clocks)
			}
			var evs []string
			for _, e := range up.Events {
				evs = append(evs, e.Name)
			}
			if len(evs) != len(tt.events) || (len(evs) > 0 && evs[0] != tt.events[0]) {
				t.Errorf("events = %v, want %v", evs, tt.events)
			}
			if tt.clocks == 0 {
				return
			}
			d := FindClock(up.Deadlines, ClockResponse)
			if d == nil || d.State != tt.state {
				t.Fatalf("response clock = %+v, want state %s", d, tt.state)
			}
			if got := up.QueueKey <= d.InternalAt.UnixMilli() && up.QueueKey > d.InternalAt.UnixMilli()-1000; got != tt.wantQueue {
				t.Errorf("queue key %d vs due %d: follows due = %v, want %v", up.QueueKey, d.InternalAt.UnixMilli(), got, tt.wantQueue)
			}
			if !Unchanged(Input{ConversationID: 1, QueueKey: up.QueueKey, Current: up.Deadlines}, Update{QueueKey: up.QueueKey, Deadlines: up.Deadlines}) {
				t.Error("an update compared with itself is not unchanged")
			}
		})
	}
}

// Marks that pass together (a backfill, a computer waking after hours) are
// recorded at once; only the most severe may be shown, the rest are recorded
// superseded, as the announcer would, so they never reach its pending queue.
func TestRecomputeSupersedesMarksPassedTogether(t *testing.T) {
	cal := Calendar{AlwaysOpen: true}
	pol := DefaultPolicy()
	start := bat(23, 10, 0)
	in := Input{ConversationID: 1, Status: inbox.StatusOpen, AwaitingSince: start,
		FirstInboundAt: start, LastInboundAt: start, LastMessageAt: start}
	first, err := Recompute(in, cal, pol, start.Add(25*time.Minute)) // past the warning only
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		current []Deadline
		want    map[string]string // event → notify state
	}{
		{"nothing stored: every mark passed at once", nil, map[string]string{
			EventImminent: NotifySuperseded, StateLate: NotifySuperseded, StateAtRisk: NotifySuperseded, EventBreached: NotifyPending}},
		{"imminent stored: the marks since", first.Deadlines, map[string]string{
			StateLate: NotifySuperseded, StateAtRisk: NotifySuperseded, EventBreached: NotifyPending}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := in
			in.Current = tt.current
			up, err := Recompute(in, cal, pol, start.Add(3*time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, e := range up.Events {
				got[e.Name] = e.NotifyState
			}
			if len(got) != len(tt.want) {
				t.Fatalf("events = %v, want %v", got, tt.want)
			}
			for name, state := range tt.want {
				if got[name] != state {
					t.Errorf("%s recorded %q, want %q (all: %v)", name, got[name], state, got)
				}
			}
		})
	}
	if len(first.Events) != 1 || first.Events[0].NotifyState != NotifyPending {
		t.Errorf("a single passed mark: events = %+v, want one pending", first.Events)
	}
}
