package store

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"careinbox/backend/inbox"
)

func TestVoiceRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	c, err := s.CreateClient(ctx, inbox.Client{Name: "Brightside"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := s.CreateClient(ctx, inbox.Client{Name: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

	v, err := s.Voice(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v.Humour != inbox.HumourCare || v.Signoff != "" || v.AppendSignoff || len(v.Examples)+len(v.Avoid)+len(v.Prefer) != 0 {
		t.Fatalf("unset voice = %+v, want the zero voice with humour 'care'", v)
	}

	in := inbox.Voice{
		Tone: "  Warm and brief.  ", Humour: inbox.HumourNever, HumourRule: "No jokes about delays.",
		Examples: []inbox.VoiceExample{{Right: "Sorry about that — I'll check now.", Wrong: "Not our fault lol"}, {Right: " ", Wrong: ""}, {Right: "Thanks!", Wrong: "Thx", Note: "spell it out"}},
		Avoid:    []inbox.VoiceWord{{Phrase: "LOL", Alternative: ""}, {Phrase: " per   our policy ", Alternative: "we usually"}, {Phrase: "lol"}, {Phrase: "  "}},
		Prefer:   []inbox.VoiceWord{{Phrase: "happy to help"}},
		Signoff:  " — {agent} ", AppendSignoff: true,
	}
	if err := s.SaveVoice(ctx, c.ID, in, now); err != nil {
		t.Fatal(err)
	}
	got, err := s.Voice(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := inbox.Voice{
		Tone: "Warm and brief.", Humour: inbox.HumourNever, HumourRule: "No jokes about delays.",
		Examples: []inbox.VoiceExample{{Right: "Sorry about that — I'll check now.", Wrong: "Not our fault lol"}, {Right: "Thanks!", Wrong: "Thx", Note: "spell it out"}},
		Avoid:    []inbox.VoiceWord{{Phrase: "LOL"}, {Phrase: "per our policy", Alternative: "we usually"}},
		Prefer:   []inbox.VoiceWord{{Phrase: "happy to help"}},
		Signoff:  "— {agent}", AppendSignoff: true,
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("voice =\n%+v\nwant\n%+v", got, want)
	}
	// The tone description is the issue-5 tone notes, read by the composer as before.
	if tone, _ := s.Tone(ctx, c.ID); tone != "Warm and brief." {
		t.Fatalf("Tone = %q", tone)
	}
	// Another client is untouched.
	if ov, _ := s.Voice(ctx, other.ID); len(ov.Avoid) != 0 || ov.Signoff != "" {
		t.Fatalf("other client's voice = %+v", ov)
	}

	// Saving again replaces the lists instead of adding to them.
	in2 := inbox.Voice{Humour: inbox.HumourWelcome, Avoid: []inbox.VoiceWord{{Phrase: "ASAP", Alternative: "as soon as we can"}}}
	if err := s.SaveVoice(ctx, c.ID, in2, now); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Voice(ctx, c.ID)
	if got.Tone != "" || got.Humour != inbox.HumourWelcome || len(got.Examples) != 0 || len(got.Prefer) != 0 ||
		!reflect.DeepEqual(got.Avoid, in2.Avoid) || got.AppendSignoff {
		t.Fatalf("after replace: %+v", got)
	}

	// Deleting the client deletes its voice.
	if _, err := s.w.ExecContext(ctx, "DELETE FROM clients WHERE id = ?", c.ID); err != nil {
		t.Fatal(err)
	}
	var n int
	for _, table := range []string{"client_voice", "client_voice_examples", "client_voice_words"} {
		if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table+" WHERE client_id = ?", c.ID).Scan(&n); err != nil || n != 0 {
			t.Fatalf("%s rows left after the client went: %d (%v)", table, n, err)
		}
	}
}

func TestSaveVoiceRefuses(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	c, _ := s.CreateClient(ctx, inbox.Client{Name: "A"})
	many := make([]inbox.VoiceWord, maxVoiceWords+1)
	for i := range many {
		many[i].Phrase = "w" + string(rune('a'+i%26)) + string(rune('a'+i/26))
	}
	for _, tc := range []struct {
		name     string
		clientID int64
		v        inbox.Voice
		notFound bool
	}{
		{name: "unknown humour", clientID: c.ID, v: inbox.Voice{Humour: "always"}},
		{name: "unknown client", clientID: 999, v: inbox.Voice{Signoff: "^SK"}, notFound: true},
		{name: "too many words", clientID: c.ID, v: inbox.Voice{Avoid: many}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := s.SaveVoice(ctx, tc.clientID, tc.v, time.Now())
			if err == nil {
				t.Fatal("saved, want an error")
			}
			if tc.notFound != errors.Is(err, ErrNotFound) {
				t.Fatalf("err = %v, ErrNotFound wanted: %v", err, tc.notFound)
			}
		})
	}
}

func TestAgentNameAndGuide(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if name, err := s.AgentName(ctx); err != nil || name != "" {
		t.Fatalf("AgentName before set = %q, %v", name, err)
	}
	if g, custom, err := s.Guide(ctx); err != nil || custom || g != "" {
		t.Fatalf("Guide before set = %q, %v, %v", g, custom, err)
	}
	now := time.Now()
	if err := s.SetAgentName(ctx, "  Sam   Kim ", now); err != nil {
		t.Fatal(err)
	}
	if err := s.SetGuide(ctx, "# Our guide\n\nBe kind.\n", now); err != nil {
		t.Fatal(err)
	}
	if err := s.SetGuide(ctx, string(make([]byte, MaxGuide+1)), now); err == nil {
		t.Fatal("a guide over MaxGuide was saved")
	}
	s.Close()

	// Both survive a restart.
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if name, _ := s.AgentName(ctx); name != "Sam Kim" {
		t.Fatalf("AgentName = %q", name)
	}
	if g, custom, _ := s.Guide(ctx); !custom || g != "# Our guide\n\nBe kind." {
		t.Fatalf("Guide = %q, custom %v", g, custom)
	}
	// Blank goes back to "not set": the starter guide, no agent name.
	if err := s.SetGuide(ctx, "  \n", now); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAgentName(ctx, " ", now); err != nil {
		t.Fatal(err)
	}
	if _, custom, _ := s.Guide(ctx); custom {
		t.Fatal("blank guide still custom")
	}
	if name, _ := s.AgentName(ctx); name != "" {
		t.Fatalf("AgentName after blank = %q", name)
	}
}
