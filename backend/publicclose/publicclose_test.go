package publicclose

import (
	"errors"
	"testing"
	"time"
)

func TestNextPaths(t *testing.T) {
	type step struct {
		e    Event
		want State
		bad  bool
	}
	cases := []struct {
		name  string
		via   Via
		steps []step
	}{
		{"private: resolved, prompt, sent, done", ViaPrivate, []step{{PrivateResolved, Prompt, false}, {SendReply, Sending, false}, {ReplySent, Done, false}}},
		{"dismissed with a reason while waiting", ViaPrivate, []step{{Dismiss, Dismissed, false}}},
		{"dismissed at the prompt", ViaPrivate, []step{{PrivateResolved, Prompt, false}, {Dismiss, Dismissed, false}}},
		{"offline handled", ViaOffline, []step{{OfflineDone, Prompt, false}, {SendReply, Sending, false}, {ReplySent, Done, false}}},
		{"offline loop ignores a private resolution", ViaOffline, []step{{PrivateResolved, Waiting, true}}},
		{"private loop ignores offline done", ViaPrivate, []step{{OfflineDone, Waiting, true}}},
		{"private reopened before the close", ViaPrivate, []step{{PrivateResolved, Prompt, false}, {PrivateReopened, Waiting, false},
			{SendReply, Waiting, true}, {PrivateResolved, Prompt, false}, {SendReply, Sending, false}, {ReplySent, Done, false}}},
		{"a failed send keeps the state", ViaPrivate, []step{{PrivateResolved, Prompt, false}, {SendReply, Sending, false},
			{SendFailed, Sending, false}, {SendReply, Sending, true}, {ReplySent, Done, false}}},
		{"no send before the private side is done", ViaPrivate, []step{{SendReply, Waiting, true}}},
		{"no dismiss once the reply is on its way", ViaPrivate, []step{{PrivateResolved, Prompt, false}, {SendReply, Sending, false}, {Dismiss, Sending, true}}},
		{"done is final", ViaPrivate, []step{{PrivateResolved, Prompt, false}, {SendReply, Sending, false}, {ReplySent, Done, false},
			{PrivateReopened, Done, true}, {Dismiss, Done, true}, {ReplySent, Done, true}}},
		{"dismissed is final", ViaPrivate, []step{{Dismiss, Dismissed, false}, {PrivateResolved, Dismissed, true}, {SendReply, Dismissed, true}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := Waiting
			for i, st := range c.steps {
				got, err := Next(c.via, s, st.e)
				var te ErrTransition
				if st.bad != errors.As(err, &te) {
					t.Fatalf("step %d %s from %s: err = %v, want error %v", i, st.e, s, err, st.bad)
				}
				if got != st.want {
					t.Fatalf("step %d %s from %s: got %s, want %s", i, st.e, s, got, st.want)
				}
				s = got
			}
		})
	}
}

func TestOpenValid(t *testing.T) {
	for _, c := range []struct {
		s           State
		open, valid bool
	}{{Waiting, true, true}, {Prompt, true, true}, {Sending, true, true}, {Done, false, true}, {Dismissed, false, true}, {"x", false, false}} {
		if c.s.Open() != c.open || c.s.Valid() != c.valid {
			t.Errorf("%q: open %v valid %v", c.s, c.s.Open(), c.s.Valid())
		}
	}
}

func TestSettingsSuggestionDue(t *testing.T) {
	for _, c := range []struct {
		s  Settings
		ok bool
	}{{Settings{"Thanks!", 0}, true}, {Settings{"Thanks!", 24}, true}, {Settings{"  ", 4}, false}, {Settings{"x", -1}, false}, {Settings{"x", MaxDueHours + 1}, false}} {
		if err := c.s.Validate(); (err == nil) != c.ok {
			t.Errorf("%+v: %v", c.s, err)
		}
	}
	if Suggestion("  ", ViaPrivate) != DefaultReply || Suggestion("", ViaOffline) != DefaultOfflineReply || Suggestion(" Mine ", ViaPrivate) != "Mine" {
		t.Error("suggestion")
	}
	at := time.Date(2026, 1, 2, 3, 0, 0, 0, time.UTC)
	if !Due(at, 0).IsZero() || !Due(time.Time{}, 3).IsZero() || !Due(at, 3).Equal(at.Add(3*time.Hour)) {
		t.Error("due")
	}
}
