package listen

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"careinbox/backend/inbox"
	"careinbox/backend/notify"
	"careinbox/backend/store"
)

// series builds an hourly series: base(w) is the count at the same hour w
// weeks back (w = 1…4), now the count of the hour checked; noise fills the
// other hours so only the same hour of the week can explain the result.
func series(hour int64, base func(w int) (n, neg int), now, nowNeg int) Hourly {
	h := Hourly{Total: map[int64]int{}, Negative: map[int64]int{}}
	for x := hour - 4*168; x < hour; x++ {
		h.Total[x] = 2
	}
	for w := 1; w <= 4; w++ {
		n, neg := base(w)
		h.Total[hour-int64(w)*168], h.Negative[hour-int64(w)*168] = n, neg
	}
	h.Total[hour], h.Negative[hour] = now, nowNeg
	return h
}

func TestDetect(t *testing.T) {
	const hour = 500000
	flat := func(int) (int, int) { return 10, 1 }
	for _, c := range []struct {
		name  string
		h     Hourly
		weeks int
		want  []string
	}{
		{"flat", series(hour, flat, 12, 1), 4, nil},
		{"slow growth", series(hour, func(w int) (int, int) { return 20 - 2*w, 2 }, 20, 2), 4, nil},
		{"real spike", series(hour, flat, 60, 6), 4, []string{"volume"}},
		{"tiny-volume jump 1 → 3", series(hour, func(int) (int, int) { return 1, 0 }, 3, 2), 4, nil},
		{"tiny-volume jump 0 → 9", series(hour, func(int) (int, int) { return 0, 0 }, 9, 0), 4, nil},
		// Monday 9:00 is always busy: a busy Monday 9:00 is no spike …
		{"weekly pattern, usual rush", series(hour, func(int) (int, int) { return 40, 4 }, 45, 5), 4, nil},
		// … while the same volume at an hour that is usually quiet is.
		{"weekly pattern, quiet hour", series(hour, func(int) (int, int) { return 2, 0 }, 45, 5), 4, []string{"volume"}},
		{"negative share", series(hour, flat, 14, 10), 4, []string{"negative"}},
		{"negative, but the usual share", series(hour, func(int) (int, int) { return 14, 10 }, 14, 10), 4, nil},
		{"no baseline yet", series(hour, flat, 60, 6), 0, nil},
		{"one week of baseline", series(hour, flat, 60, 6), 1, []string{"volume"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, s := range Detect(c.h, hour, c.weeks) {
				got = append(got, s.Metric)
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("Detect = %v, want %v", got, c.want)
			}
		})
	}
}

// A spike is announced once, however often the check runs and across restarts.
func TestSpikeNotifiedOnceAcrossRestarts(t *testing.T) {
	f := newFixture(t)
	surge(t, f)
	for range 3 {
		if err := f.svc.CheckSpikes(f.ctx); err != nil {
			t.Fatal(err)
		}
		f.restart()
	}
	got := f.notes.All()
	if len(got) != 2 {
		t.Fatalf("notifications = %+v: want one volume and one negative alert, once each", got)
	}
	if got[0].Title != "Talk about “acme” is surging" {
		t.Errorf("first = %+v", got[0])
	}
	for _, n := range got {
		if !containsWord(n.Body, "zipper") || !containsWord(n.Body, "Listening") || n.View != "listening" {
			t.Errorf("notification %q: want the top words and the way to the view", n.Body)
		}
	}
	// The next hour is another hour: quiet, nothing new.
	f.now = f.now.Add(time.Hour)
	f.restart()
	if err := f.svc.CheckSpikes(f.ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(f.notes.All()); n != 2 {
		t.Fatalf("%d notifications after a quiet hour, want still 2", n)
	}
}

// A handle's own mentions surge too: one alert with the hour's top words
// (the handle's own name left out), which opens the inbox.
func TestMentionSpike(t *testing.T) {
	f := newFixture(t)
	if _, err := f.st.DB().ExecContext(f.ctx, "UPDATE handles SET created_at = ?", f.now.AddDate(0, 0, -60).UnixMilli()); err != nil {
		t.Fatal(err)
	}
	var convs []store.IncomingConversation
	add := func(id string, at time.Time) {
		who := inbox.Participant{Network: inbox.NetworkMastodon, RemoteID: "c-" + id, Username: "c" + id}
		convs = append(convs, store.IncomingConversation{RemoteID: id, Kind: inbox.KindPublic, Customer: who,
			Messages: []store.IncomingMessage{{RemoteID: id, Direction: inbox.Inbound, Author: who, Text: "Acme care, where is my order? The zipper broke", SentAt: at}}})
	}
	for w := 1; w <= 4; w++ {
		add(fmt.Sprintf("old-%d", w), f.now.Add(-time.Duration(w)*168*time.Hour))
	}
	for i := range 15 {
		add(fmt.Sprintf("new-%d", i), f.now.Add(-time.Duration(i)*time.Minute))
	}
	if _, err := f.st.Ingest(f.ctx, f.masto.ID, convs, nil); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.CheckSpikes(f.ctx); err != nil {
		t.Fatal(err)
	}
	got := f.notes.All()
	if len(got) != 1 || got[0].Title != "Mentions of Acme care are surging" || got[0].View != "" {
		t.Fatalf("notifications = %+v: want one volume alert on the handle's mentions", got)
	}
	body := got[0].Body
	if !strings.Contains(body, "Top words: ") || !containsWord(body, "order") || !containsWord(body, "zipper") {
		t.Errorf("body %q: want the hour's top words", body)
	}
	if words := body[strings.Index(body, "Top words: "):]; containsWord(strings.ToLower(words), "acme") || containsWord(words, "care") {
		t.Errorf("top words %q: want the handle's own name left out", words)
	}
	// Checked again (and after a restart): no second alert.
	f.restart()
	if err := f.svc.CheckSpikes(f.ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(f.notes.All()); n != 1 {
		t.Errorf("%d notifications after a second check, want 1", n)
	}
}

// surge gives the fixture a search that has existed for five weeks, with two
// posts at this hour in each earlier week and 25 now, negative, about a
// broken zipper: a volume and a negative spike.
func surge(t *testing.T, f *fixture) store.ListenSearch {
	t.Helper()
	f.now = time.Date(2026, 12, 1, 10, 30, 0, 0, time.UTC)
	ls := f.search(t, store.ListenSearch{Terms: []string{"acme"}})
	if _, err := f.st.DB().ExecContext(f.ctx, "UPDATE listen_searches SET created_at = ?", f.now.AddDate(0, 0, -35).UnixMilli()); err != nil {
		t.Fatal(err)
	}
	var results []store.ListenResult
	for w := 1; w <= 4; w++ {
		for i := range 2 {
			results = append(results, store.ListenResult{DedupKey: fmt.Sprintf("old-%d-%d", w, i), Network: inbox.NetworkMastodon,
				Text: "acme is ok", PostedAt: f.now.Add(-time.Duration(w) * 168 * time.Hour)})
		}
	}
	for i := range 25 {
		results = append(results, store.ListenResult{DedupKey: fmt.Sprintf("new-%d", i), Network: inbox.NetworkMastodon,
			Text: "acme zipper broke, terrible zipper", Sentiment: -0.6, PostedAt: f.now.Add(-time.Duration(i) * time.Minute)})
	}
	if _, err := f.st.CommitListenPage(f.ctx, store.ListenPage{SearchID: ls.ID, Source: "handle:1", Results: results}, f.now, f.now); err != nil {
		t.Fatal(err)
	}
	return ls
}

// A spike whose notification did not reach the desktop (no notification
// service) is sent again at a later check once one answers, once, with
// what it said the first time; one older than spikeResendFor is not.
func TestSpikeSentAgainWhenTheDesktopMissedIt(t *testing.T) {
	f := newFixture(t)
	surge(t, f)
	f.notes.FailWith(errors.New("no notification service"))
	if err := f.svc.CheckSpikes(f.ctx); err != nil {
		t.Fatal(err)
	}
	f.restart() // a restart does not claim them again, nor lose them
	f.svc.checkSpikes(f.ctx)
	if n := len(f.notes.All()); n != 0 {
		t.Fatalf("%d notifications while the service fails", n)
	}
	spikes, err := f.st.ListenSpikes(f.ctx, f.client.ID, f.now.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(spikes) != 2 || !spikes[0].DeliveredAt.IsZero() || !containsWord(spikes[0].Body, "zipper") {
		t.Fatalf("stored spikes = %+v, want both, composed, not delivered", spikes)
	}

	f.notes.FailWith(nil)
	f.now = f.now.Add(spikeEvery)
	f.svc.checkSpikes(f.ctx)
	got := f.notes.All()
	if len(got) != 2 {
		t.Fatalf("sent again: %+v, want both spikes", got)
	}
	for _, n := range got {
		if !containsWord(n.Body, "zipper") || n.View != "listening" || !strings.HasPrefix(n.Key, "listen/search:") {
			t.Errorf("sent again: %+v, want the first try's text, view and key", n)
		}
	}
	f.now = f.now.Add(spikeEvery)
	f.restart()
	f.svc.checkSpikes(f.ctx)
	if n := len(f.notes.All()); n != 2 {
		t.Errorf("%d notifications after a later check, want still 2", n)
	}

	// Missed, and found working only after spikeResendFor: too late to say.
	g := newFixture(t)
	surge(t, g)
	g.notes.FailWith(errors.New("no notification service"))
	if err := g.svc.CheckSpikes(g.ctx); err != nil {
		t.Fatal(err)
	}
	g.notes.FailWith(nil)
	g.now = g.now.Add(spikeResendFor + time.Hour)
	g.svc.checkSpikes(g.ctx)
	if n := len(g.notes.All()); n != 0 {
		t.Errorf("%d notifications for a spike hours old, want none", n)
	}
}

// A surge found while notifications are paused waits with the deadlines'
// notifications (the app's one pause switch) and is shown once the pause
// ends; the Listening view lists it meanwhile.
func TestSpikeWaitsForThePause(t *testing.T) {
	f := newFixture(t)
	surge(t, f)
	notices := notify.NewAnnouncer(notify.AnnouncerConfig{Store: f.st, Notifier: f.notes, Local: time.UTC})
	if err := notices.Pause(f.ctx, f.now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	f.svc = New(Config{Store: f.st, Notifier: f.notes, Hold: notices, Now: func() time.Time { return f.now }})
	if err := f.svc.CheckSpikes(f.ctx); err != nil {
		t.Fatal(err)
	}
	f.now = f.now.Add(30 * time.Minute)
	f.svc.checkSpikes(f.ctx)
	if n := len(f.notes.All()); n != 0 {
		t.Fatalf("%d notifications while paused", n)
	}
	if spikes, err := f.st.ListenSpikes(f.ctx, f.client.ID, f.now.Add(-2*time.Hour)); err != nil || len(spikes) != 2 {
		t.Fatalf("spikes listed while paused = %+v, %v", spikes, err)
	}
	f.now = f.now.Add(35 * time.Minute) // the pause is over
	f.svc.checkSpikes(f.ctx)
	if got := f.notes.All(); len(got) != 2 || !containsWord(got[0].Body, "zipper") {
		t.Fatalf("after the pause: %+v, want both surges", got)
	}
}
