package listen

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"careinbox/backend/inbox"
	"careinbox/backend/insights"
	"careinbox/backend/notify"
	"careinbox/backend/store"
)

// The spike rule. A last hour is a spike when its volume is at least
// SpikeMinCount and SpikeFactor times its baseline — the mean of the same
// hour of the week over the previous BaselineWeeks weeks (those the search
// or handle existed for; none known: no alert) — or when at least
// SpikeMinNegative of its messages read negative and their share is twice
// the baseline's share and at least SpikeMinShare. The minimum counts keep
// 1 → 3 from being a spike; the same hour of the week keeps Monday
// morning's usual rush from being one.
const (
	BaselineWeeks    = 4
	SpikeMinCount    = 10
	SpikeFactor      = 3.0
	SpikeMinNegative = 5
	SpikeMinShare    = 0.5
)

// Hourly is a series of counts per hour (key: Unix hour, time/3600 s).
type Hourly struct {
	Total, Negative map[int64]int
}

// Spike is one alert the rule raises for an hour.
type Spike struct {
	Metric   string // "volume" or "negative"
	Hour     int64  // Unix hour
	Count    int    // the hour's volume (negative: its negative messages)
	Baseline float64
}

// Detect applies the spike rule to the hour of a series; weeks is how many
// previous weeks of baseline exist (capped at BaselineWeeks).
func Detect(h Hourly, hour int64, weeks int) []Spike {
	weeks = min(weeks, BaselineWeeks)
	if weeks <= 0 {
		return nil
	}
	var base, baseNeg float64
	for w := 1; w <= weeks; w++ {
		base += float64(h.Total[hour-int64(w)*168])
		baseNeg += float64(h.Negative[hour-int64(w)*168])
	}
	base /= float64(weeks)
	baseNeg /= float64(weeks)
	n, neg := h.Total[hour], h.Negative[hour]
	var out []Spike
	if n >= SpikeMinCount && float64(n) >= SpikeFactor*base {
		out = append(out, Spike{Metric: "volume", Hour: hour, Count: n, Baseline: math.Round(base*10) / 10})
	}
	if n > 0 && neg >= SpikeMinNegative {
		share, baseShare := float64(neg)/float64(n), 0.0
		if base > 0 {
			baseShare = baseNeg / base
		}
		if share >= SpikeMinShare && share >= 2*baseShare {
			out = append(out, Spike{Metric: "negative", Hour: hour, Count: neg, Baseline: math.Round(baseShare*100) / 100})
		}
	}
	return out
}

// weeksBefore is how many whole weeks before hour the scope existed.
func weeksBefore(created time.Time, hour int64) int {
	if created.IsZero() {
		return BaselineWeeks
	}
	return int((hour*3600 - created.Unix()) / (168 * 3600))
}

// How often Run checks for spikes: every spikeEvery (a handle's mentions
// come from sync), and spikeAfterResults after a search found something
// new (an hour's volume changes slowly; a spike is announced within
// minutes, and the check reads five hours of every search and handle).
const (
	spikeEvery        = 5 * time.Minute
	spikeAfterResults = time.Minute
)

// checkSpikes looks at the current hour of every search and every handle's
// mentions; each spike is claimed in the store before it is announced, so
// it is announced once, across restarts too.
func (s *Service) checkSpikes(ctx context.Context) {
	since := s.cfg.Now().Sub(s.spikeAt)
	if s.cfg.Notifier == nil || since < spikeEvery && (!s.fresh.Load() || since < spikeAfterResults) {
		return
	}
	s.spikeAt = s.cfg.Now()
	s.resendSpikes(ctx)
	fresh := s.fresh.Swap(false)
	newest, err := s.cfg.Store.NewestMessageID(ctx)
	scope := spikeScope{searches: fresh || !s.checked, handles: err != nil || !s.checked || newest != s.seenMessage}
	if !scope.searches && !scope.handles {
		return
	}
	if err := s.spikesIn(ctx, scope); err != nil {
		if ctx.Err() == nil {
			s.cfg.Logger.Warn("check listening spikes", "err", err)
		}
		s.fresh.Store(fresh || s.fresh.Load()) // the next check reads the searches again
		s.checked = false
		return
	}
	s.checked, s.seenMessage = true, newest
}

// spikeScope says which series a spike check reads.
type spikeScope struct{ searches, handles bool }

// CheckSpikes runs the spike rule over the current hour now and announces
// what it finds (tests call it directly).
func (s *Service) CheckSpikes(ctx context.Context) error {
	return s.spikesIn(ctx, spikeScope{searches: true, handles: true})
}

func (s *Service) spikesIn(ctx context.Context, scope spikeScope) error {
	now := s.cfg.Now()
	hour := now.Unix() / 3600
	var searches []store.ListenSearch
	if scope.searches {
		var err error
		if searches, err = s.cfg.Store.ListenSearches(ctx, 0); err != nil {
			return err
		}
	}
	for _, ls := range searches {
		total, neg, err := hoursOf(hour, func(from, to time.Time) (map[int64]int, map[int64]int, error) {
			return s.cfg.Store.ListenHourly(ctx, ls.ID, from, to)
		})
		if err != nil {
			return err
		}
		for _, sp := range Detect(Hourly{total, neg}, hour, weeksBefore(ls.CreatedAt, hour)) {
			words := func() []string { return s.topWords(ctx, ls, time.Unix(sp.Hour*3600, 0)) }
			if err := s.announce(ctx, "search:"+strconv.FormatInt(ls.ID, 10), ls.Name, ls, sp, words, now); err != nil {
				return err
			}
		}
	}
	if !scope.handles {
		return nil
	}
	handles, err := s.cfg.Store.Handles(ctx)
	if err != nil {
		return err
	}
	for _, h := range handles {
		total, neg, err := hoursOf(hour, func(from, to time.Time) (map[int64]int, map[int64]int, error) {
			return s.cfg.Store.MentionHourly(ctx, h.ID, from, to)
		})
		if err != nil {
			return err
		}
		for _, sp := range Detect(Hourly{total, neg}, hour, weeksBefore(h.CreatedAt, hour)) {
			name := h.DisplayName
			if name == "" {
				name = h.Username
			}
			words := func() []string { return s.mentionWords(ctx, h, time.Unix(sp.Hour*3600, 0)) }
			if err := s.announce(ctx, "handle:"+strconv.FormatInt(h.ID, 10), name, store.ListenSearch{}, sp, words, now); err != nil {
				return err
			}
		}
	}
	return nil
}

// spikeMinAny is the least volume of an hour any spike needs: below it
// Detect finds nothing whatever the baseline, so the baseline is not read.
const spikeMinAny = min(SpikeMinCount, SpikeMinNegative)

// hoursOf reads only what the rule needs: the hour and the same hour of
// each of the previous BaselineWeeks weeks.
func hoursOf(hour int64, read func(from, to time.Time) (map[int64]int, map[int64]int, error)) (total, negative map[int64]int, err error) {
	total, negative = map[int64]int{}, map[int64]int{}
	for w := 0; w <= BaselineWeeks; w++ {
		if w == 1 && total[hour] < spikeMinAny {
			break // no spike whatever the baseline
		}
		h := hour - int64(w)*168
		t, n, err := read(time.Unix(h*3600, 0), time.Unix((h+1)*3600, 0))
		if err != nil {
			return nil, nil, err
		}
		total[h], negative[h] = t[h], n[h]
	}
	return total, negative, nil
}

// announce claims a spike and, the first time, notifies it with the hour's
// top words (read only then: words is not called for a spike announced before).
func (s *Service) announce(ctx context.Context, scope, name string, ls store.ListenSearch, sp Spike, words func() []string, now time.Time) error {
	claimed, err := s.cfg.Store.ClaimListenSpike(ctx, scope, sp.Metric, time.Unix(sp.Hour*3600, 0), sp.Count, sp.Baseline, now)
	if err != nil || !claimed {
		return err
	}
	title, body := s.spikeText(name, ls.ID != 0, sp.Metric, sp.Count, sp.Baseline, time.Unix(sp.Hour*3600, 0))
	if top := words(); len(top) > 0 {
		body += " Top words: " + strings.Join(top, ", ") + "."
	}
	sent := store.ListenSpike{Scope: scope, Metric: sp.Metric, Hour: time.Unix(sp.Hour*3600, 0), Title: title, Body: body}
	if ls.ID != 0 {
		// A click opens the Listening view; a handle's mentions are in the
		// inbox, which a click opens by default.
		sent.View = "listening"
	}
	// Held back, it is kept undelivered and sent when notifications show
	// again (resendSpikes), as one that failed is.
	if held, err := s.held(ctx, now); err == nil && !held {
		if err := s.cfg.Notifier.Notify(ctx, spikeNotification(sent)); err != nil {
			s.cfg.Logger.Warn("announce spike: not shown; sent again at the next check", "scope", scope, "err", err)
		} else {
			sent.DeliveredAt = now
		}
	}
	return s.cfg.Store.ListenSpikeSent(ctx, sent)
}

// held reports whether notifications are held back now (the pause, quiet
// hours): a surge then waits, like a deadline's notification, and is sent
// when they end if it is still recent (spikeResendFor).
func (s *Service) held(ctx context.Context, now time.Time) (bool, error) {
	if s.cfg.Hold == nil {
		return false, nil
	}
	until, err := s.cfg.Hold.HeldUntil(ctx, now)
	if err != nil {
		s.cfg.Logger.Warn("read whether notifications are held", "err", err)
		return false, err
	}
	return !until.IsZero(), nil
}

// spikeNotification is a spike's desktop notification; its key is one per
// series and metric, so a notification sent again replaces its first try
// where the desktop still has it.
func spikeNotification(sp store.ListenSpike) notify.Notification {
	n := notify.Notification{Title: sp.Title, Body: sp.Body, View: sp.View, Key: "listen/" + sp.Scope + "/" + sp.Metric}
	if sp.View == "listening" {
		n.Body += " Open Care Inbox → Listening."
	}
	return n
}

// spikeText is what a spike's notification says: what surged (a search,
// its name in quotes, or a handle's mentions), by how much, in which hour. The hour is
// named, not "the last hour": a notification sent again later (see
// resendSpikes) still says which hour surged.
func (s *Service) spikeText(name string, search bool, metric string, count int, baseline float64, hour time.Time) (title, body string) {
	what := name
	if search {
		what = "“" + name + "”"
	}
	from := hour.In(s.cfg.Local).Format("15:04")
	if metric == "negative" {
		return fmt.Sprintf("Negative talk about %s", what),
			fmt.Sprintf("%d negative posts in the hour from %s (usually %.0f%% of them are).", count, from, baseline*100)
	}
	title = fmt.Sprintf("Talk about %s is surging", what)
	if !search {
		title = fmt.Sprintf("Mentions of %s are surging", what)
	}
	return title, fmt.Sprintf("%d in the hour from %s, usually about %.0f.", count, from, baseline)
}

// Spikes lists a client's (0: every client's) spikes of the last day,
// newest first, each with what its notification said (composed now for
// one whose notification was never composed) and whether that reached
// the desktop: the Listening view shows them whatever the desktop did.
func (s *Service) Spikes(ctx context.Context, clientID int64) ([]store.ListenSpike, error) {
	spikes, err := s.cfg.Store.ListenSpikes(ctx, clientID, s.cfg.Now().Add(-24*time.Hour))
	if err != nil {
		return nil, err
	}
	for i, sp := range spikes {
		if sp.Title == "" {
			spikes[i].Title, spikes[i].Body = s.spikeText(sp.Name, sp.SearchID != 0, sp.Metric, sp.Count, sp.Baseline, sp.Hour)
		}
	}
	return spikes, nil
}

// spikeResendFor is how long after its hour began a spike whose
// notification did not reach the desktop is sent again: a surge is news
// for a while, not for a day. The Listening view shows it either way.
const spikeResendFor = 3 * time.Hour

// resendSpikes sends again the spike notifications that did not reach the
// desktop (no notification service, one not answering) or were held back
// (the pause, quiet hours), at most once a check. The first failure ends
// the round: the rest wait for the next.
func (s *Service) resendSpikes(ctx context.Context) {
	now := s.cfg.Now()
	due, err := s.cfg.Store.UndeliveredListenSpikes(ctx, now.Add(-spikeResendFor))
	if err != nil {
		s.cfg.Logger.Warn("read spikes to send again", "err", err)
		return
	}
	if len(due) == 0 {
		return
	}
	if held, err := s.held(ctx, now); err != nil || held {
		return
	}
	for _, sp := range due {
		if err := s.cfg.Notifier.Notify(ctx, spikeNotification(sp)); err != nil {
			s.cfg.Logger.Warn("send a spike again: tried again at the next check", "scope", sp.Scope, "err", err)
			return
		}
		sp.DeliveredAt = now
		if err := s.cfg.Store.ListenSpikeSent(ctx, sp); err != nil {
			s.cfg.Logger.Warn("record a spike sent again", "scope", sp.Scope, "err", err)
			return
		}
	}
}

// topWords are the hour's most frequent words of a search's results, its
// own terms left out.
func (s *Service) topWords(ctx context.Context, ls store.ListenSearch, since time.Time) []string {
	rs, err := s.cfg.Store.ListenResults(ctx, store.ListenFilter{SearchID: ls.ID, Since: since, IncludeHandled: true, Limit: 500})
	if err != nil {
		return nil
	}
	texts := make([]insights.Text, 0, len(rs))
	for _, r := range rs {
		texts = append(texts, insights.Text{ID: r.ID, Text: r.Text})
	}
	return top3(texts, ls.Terms)
}

// mentionWords are the hour's most frequent words of a handle's mentions,
// its own names left out (every mention carries them).
func (s *Service) mentionWords(ctx context.Context, h inbox.Handle, since time.Time) []string {
	ms, err := s.cfg.Store.MentionTexts(ctx, h.ID, since, since.Add(time.Hour), 500)
	if err != nil {
		s.cfg.Logger.Warn("read mentions for a spike", "handle", h.ID, "err", err)
		return nil
	}
	texts := make([]insights.Text, 0, len(ms))
	for _, m := range ms {
		texts = append(texts, insights.Text{ID: m.ID, Text: m.Text})
	}
	var names []string
	for _, n := range []string{h.Username, h.DisplayName} {
		names = append(names, strings.Fields(strings.TrimPrefix(n, "@"))...)
	}
	return top3(texts, names)
}

// top3 are the three most frequent words of texts (by the reports' rules),
// those matching a term of skip left out.
func top3(texts []insights.Text, skip []string) []string {
	var out []string
	for _, t := range insights.Rising(texts, nil, 10) {
		if matches(skip, t.Display) {
			continue
		}
		out = append(out, t.Display)
		if len(out) == 3 {
			break
		}
	}
	return out
}
