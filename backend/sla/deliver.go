package sla

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"careinbox/backend/inbox"
	"careinbox/backend/notify"
	"careinbox/backend/store"
)

// deliver announces pending events. For each clock cycle only the most
// severe pending event is shown (the others are recorded as superseded);
// everything shown in one pass is grouped into one notification. An event is
// claimed (marked sent) before the notifier is called, so a crash can never
// make it fire twice; if the notifier fails, the claim is undone and the next
// pass tries again.
func (s *Service) deliver(ctx context.Context, set *settings, now time.Time) error {
	pend, err := s.st.PendingDeadlineEvents(ctx)
	if err != nil {
		return err
	}
	type cycle struct {
		conv    int64
		clock   string
		started int64
	}
	best := map[cycle]int{}
	var order []cycle
	var muted, expired, superseded []int64
	for i, p := range pend {
		switch {
		case !set.notifyOn(p.ClientID, p.HandleID):
			muted = append(muted, p.ID)
		case p.Current == nil || !p.Current.StartedAt.Equal(p.StartedAt) || p.Current.State == StatePaused:
			// Answered, resolved or waiting on the customer: it no longer matters.
			expired = append(expired, p.ID)
		default:
			k := cycle{p.ConversationID, p.Clock, p.StartedAt.UnixMilli()}
			j, seen := best[k]
			switch {
			case !seen:
				best[k] = i
				order = append(order, k)
			case rankOf(p.Event) > rankOf(pend[j].Event):
				superseded = append(superseded, pend[j].ID)
				best[k] = i
			default:
				superseded = append(superseded, p.ID)
			}
		}
	}
	for state, ids := range map[string][]int64{store.NotifyMuted: muted, store.NotifyExpired: expired, store.NotifySuperseded: superseded} {
		if len(ids) > 0 {
			if _, err := s.st.MarkDeadlineEvents(ctx, ids, state, now); err != nil {
				return err
			}
		}
	}
	if quiet, _ := set.quiet.Active(now.In(s.cfg.Local)); quiet {
		return nil // held, not dropped: shown when quiet hours end
	}
	var show []store.PendingDeadlineEvent
	for _, k := range order {
		show = append(show, pend[best[k]])
	}
	if err := s.announce(ctx, show, now); err != nil {
		return err
	}
	return s.announceBlindSpots(ctx, set, now)
}

func (s *Service) announce(ctx context.Context, show []store.PendingDeadlineEvent, now time.Time) error {
	if len(show) == 0 {
		return nil
	}
	ids := make([]int64, len(show))
	for i, p := range show {
		ids[i] = p.ID
	}
	n, err := s.st.MarkDeadlineEvents(ctx, ids, store.NotifySent, now)
	if err != nil || n == 0 {
		return err
	}
	note := s.compose(show, now)
	if err := s.cfg.Notifier.Notify(ctx, note); err != nil {
		if uerr := s.st.UnmarkDeadlineEvents(context.WithoutCancel(ctx), ids); uerr != nil {
			return fmt.Errorf("notify: %w (and could not retry later: %v)", err, uerr)
		}
		return fmt.Errorf("notify about %d deadlines: %w", len(show), err)
	}
	s.log.Info("deadlines: notified", "events", len(show))
	return nil
}

func (s *Service) announceBlindSpots(ctx context.Context, set *settings, now time.Time) error {
	spots, err := s.st.PendingBlindSpots(ctx)
	if err != nil || len(spots) == 0 {
		return err
	}
	counts, err := s.st.OpenDeadlinesPerHandle(ctx)
	if err != nil {
		return err
	}
	for _, b := range spots {
		h, err := s.st.Handle(ctx, b.HandleID)
		if err != nil {
			return err
		}
		bad, reason := Uncertain(h, now, s.cfg.StaleAfter)
		state := store.NotifySent
		switch {
		case !bad || !h.LastSyncAt.Equal(b.LastSyncAt) || counts[h.ID] == 0:
			state = store.NotifyExpired // sync recovered meanwhile
		case !set.notifyOn(h.ClientID, h.ID):
			state = store.NotifyMuted
		}
		if err := s.st.MarkBlindSpot(ctx, b.HandleID, b.LastSyncAt, state, now); err != nil || state != store.NotifySent {
			if err != nil {
				return err
			}
			continue
		}
		asOf := "never synced"
		if !b.LastSyncAt.IsZero() {
			asOf = "data as of " + s.clock(b.LastSyncAt, now)
		}
		note := notify.Notification{
			Title: "Deadlines uncertain: " + plain(h.DisplayName) + " — " + reason,
			Body: fmt.Sprintf("%s; %d open %s may already be late without Care Inbox knowing.",
				asOf, counts[h.ID], plural(counts[h.ID], "deadline", "deadlines")),
			Key: fmt.Sprintf("blindspot/%d/%d", b.HandleID, b.LastSyncAt.UnixMilli()),
		}
		if err := s.cfg.Notifier.Notify(ctx, note); err != nil {
			_ = s.st.UnmarkBlindSpot(context.WithoutCancel(ctx), b.HandleID, b.LastSyncAt)
			return fmt.Errorf("notify about blind spot: %w", err)
		}
	}
	return nil
}

// plain keeps untrusted text (customer and handle names) from being read as
// markup by notification servers that support a subset of HTML in bodies.
func plain(s string) string {
	return strings.NewReplacer("<", "‹", ">", "›", "&", "+").Replace(strings.TrimSpace(s))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// clock formats t for a notification: "10:42" today, else "Mon 10:42".
func (s *Service) clock(t, now time.Time) string {
	t, now = t.In(s.cfg.Local), now.In(s.cfg.Local)
	if y, m, d := t.Date(); y == now.Year() && m == now.Month() && d == now.Day() {
		return t.Format("15:04")
	}
	return t.Format("Mon 15:04")
}

func minutesUntil(t, now time.Time) int {
	return int(math.Ceil(t.Sub(now).Minutes()))
}

func kindLabel(k inbox.Kind) string {
	switch k {
	case inbox.KindPrivate:
		return "private message"
	case inbox.KindEmail:
		return "e-mail"
	}
	return "public"
}

func (s *Service) compose(show []store.PendingDeadlineEvent, now time.Time) notify.Notification {
	late := 0
	for _, p := range show {
		if now.Sub(p.At) > s.cfg.LateAfter {
			late++
		}
	}
	lateNote := ""
	if late > 0 {
		lateNote = " Noticed late: Care Inbox was closed, the computer was asleep, or the messages only just arrived."
	}
	if len(show) == 1 {
		return s.composeOne(show[0], now, late > 0, lateNote)
	}
	counts := map[string]int{}
	latestDue := now
	for _, p := range show {
		counts[p.Event]++
		if p.Current != nil && p.Current.InternalAt.After(latestDue) {
			latestDue = p.Current.InternalAt
		}
	}
	var title string
	switch {
	case counts[EventImminent] == len(show):
		title = fmt.Sprintf("%d conversations due in the next %d minutes", len(show), max(1, minutesUntil(latestDue, now)))
	case counts[EventBreached] == len(show):
		title = fmt.Sprintf("%d promises missed", len(show))
	default:
		title = fmt.Sprintf("%d deadlines need attention", len(show))
	}
	if late == len(show) {
		title = "Overdue: " + title
	}
	var parts []string
	for _, k := range []struct{ ev, one, many string }{
		{EventImminent, "due soon", "due soon"},
		{EventLate, "past the internal target", "past the internal target"},
		{EventAtRisk, "promise about to be missed", "promises about to be missed"},
		{EventBreached, "promise missed", "promises missed"},
	} {
		if n := counts[k.ev]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, plural(n, k.one, k.many)))
		}
	}
	var names []string
	for i, p := range show {
		if i == 3 {
			names = append(names, fmt.Sprintf("and %d more", len(show)-3))
			break
		}
		names = append(names, fmt.Sprintf("%s (%s)", plain(customer(p)), plain(p.ClientName)))
	}
	return notify.Notification{Title: title, Body: strings.Join(parts, " · ") + ". " + strings.Join(names, ", ") + "." + lateNote,
		Key: fmt.Sprintf("deadlines/%d", show[0].ID)}
}

func customer(p store.PendingDeadlineEvent) string {
	if strings.TrimSpace(p.CustomerName) != "" {
		return p.CustomerName
	}
	return "a customer"
}

func (s *Service) composeOne(p store.PendingDeadlineEvent, now time.Time, late bool, lateNote string) notify.Notification {
	d := *p.Current
	who := plain(customer(p))
	var title string
	switch p.Event {
	case EventImminent:
		title = fmt.Sprintf("Reply due in %d min — %s", max(1, minutesUntil(d.InternalAt, now)), who)
	case EventLate:
		title = "Internal target missed — " + who
	case EventAtRisk:
		title = fmt.Sprintf("Promise due in %d min — %s", max(1, minutesUntil(d.PublishedAt, now)), who)
	default:
		title = "Promise missed — " + who
	}
	if p.Clock == store.ClockResolution {
		title = strings.Replace(title, "Reply", "Resolution", 1)
	}
	if late {
		title = "Overdue: " + title
	}
	body := fmt.Sprintf("%s · %s (%s). Internal target %s, promised by %s.", plain(p.ClientName), plain(p.HandleName),
		kindLabel(p.Kind), s.clock(d.InternalAt, now), s.clock(d.PublishedAt, now))
	if !d.WindowAt.IsZero() {
		body += " The platform's reply window closes " + s.clock(d.WindowAt, now) + "."
	}
	return notify.Notification{Title: title, Body: body + lateNote, Key: fmt.Sprintf("deadline/%d/%s", p.ConversationID, p.Event)}
}
