package demo

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

func (g *gen) pick(xs []string) string { return xs[g.rnd.IntN(len(xs))] }

// customer picks from a pool smaller than the number of conversations, so a
// customer writes more than once and on several handles of the same network.
func (g *gen) customer(nw inbox.Network) inbox.Participant {
	pool := max(50, g.cfg.Conversations/3)
	n := g.rnd.IntN(pool)
	first := firstNames[n%len(firstNames)]
	last := lastNames[(n/len(firstNames))%len(lastNames)]
	name := first + " " + last
	slug := strings.ToLower(strings.NewReplacer(" ", ".", "'", "", "é", "e", "ë", "e", "á", "a", "í", "i", "ü", "u", "è", "e", "ö", "o").Replace(name))
	user := slug + strconv.Itoa(n)
	switch nw {
	case inbox.NetworkEmail:
		user = slug + strconv.Itoa(n) + "@mail.example"
	case inbox.NetworkMastodon:
		user = "@" + slug + strconv.Itoa(n) + "@social.example"
	case inbox.NetworkBluesky:
		user = slug + strconv.Itoa(n) + ".bsky.social"
	case inbox.NetworkX, inbox.NetworkTelegram, inbox.NetworkInstagram:
		user = "@" + strings.ReplaceAll(slug, ".", "_") + strconv.Itoa(n)
	}
	return inbox.Participant{Network: nw, RemoteID: "cust-" + strconv.Itoa(n), Username: user, DisplayName: name}
}

func kindFor(nw inbox.Network, publicShare float64, r float64) inbox.Kind {
	switch nw {
	case inbox.NetworkEmail:
		return inbox.KindEmail
	case inbox.NetworkTelegram:
		return inbox.KindPrivate
	case inbox.NetworkLinkedIn: // LinkedIn pages have no message API
		return inbox.KindPublic
	}
	if r < publicShare {
		return inbox.KindPublic
	}
	return inbox.KindPrivate
}

func (g *gen) fill(s string, vars map[string]string) string {
	for k, v := range vars {
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	return s
}

// conversation builds one thread. About a quarter wait on a reply, a tenth
// wait on the customer, a few are snoozed and the rest are resolved history.
func (g *gen) conversation(i int, h genHandle) store.IncomingConversation {
	nw := h.handle.Network
	cust := g.customer(nw)
	t := topics[g.rnd.IntN(len(topics))]
	vars := map[string]string{
		"order": strconv.Itoa(10000 + g.rnd.IntN(90000)), "product": g.pick(products[h.spec.kind]),
		"city": g.pick(cities), "name": strings.Fields(cust.DisplayName)[0], "brand": h.spec.brand,
		"minutes": strconv.Itoa(5 + g.rnd.IntN(50)), "code": fmt.Sprintf("CI-%05d", g.rnd.IntN(100000)),
	}
	state := g.rnd.Float64()
	var status inbox.Status
	var start time.Time
	n := 1 + g.rnd.IntN(2*g.cfg.MessagesPerConversation-1)
	// A small business's queue: a few dozen waiting, most of them recent,
	// some waiting on the customer or snoozed, and a long resolved history.
	switch {
	case state < 0.04: // waiting on us, last message inbound
		status = inbox.StatusOpen
		r := g.rnd.Float64()
		start = g.cfg.Now.Add(-time.Duration(2+int(100*r*r)) * time.Minute)
		if n%2 == 0 {
			n++
		}
	case state < 0.10:
		status = inbox.StatusPending
		start = g.cfg.Now.Add(-time.Duration(1+g.rnd.IntN(72)) * time.Hour)
		if n%2 == 1 {
			n++
		}
	case state < 0.12:
		status = inbox.StatusSnoozed
		start = g.cfg.Now.Add(-time.Duration(2+g.rnd.IntN(48)) * time.Hour)
	default:
		status = inbox.StatusResolved
		start = g.cfg.Now.Add(-time.Duration(1+g.rnd.IntN(365*24)) * time.Hour)
	}
	kind := kindFor(nw, 0.6, g.rnd.Float64())
	c := store.IncomingConversation{RemoteID: "conv-" + strconv.Itoa(i), Kind: kind, Customer: cust, Status: status}
	if status == inbox.StatusSnoozed {
		c.SnoozedUntil = g.cfg.Now.Add(time.Duration(1+g.rnd.IntN(48)) * time.Hour)
	}
	if kind == inbox.KindEmail {
		c.Subject = g.fill(map[string]string{"order": "Order #{order}", "refund": "Refund for order {order}",
			"outage": "Can't log in", "praise": "Thank you!", "complaint": "Damaged {product}",
			"question": "Question about {product}"}[t.name], vars)
	}
	// Gaps between messages, scaled to fit between start and now so the
	// thread keeps its order (a reply never lands on the same instant as
	// the message after it).
	gaps := make([]time.Duration, n)
	var total time.Duration
	for m := 1; m < n; m++ {
		gaps[m] = time.Duration(1+g.rnd.IntN(25)) * time.Minute
		total += gaps[m]
	}
	if span := g.cfg.Now.Sub(start) - time.Minute; total > span && total > 0 {
		for m := range gaps {
			gaps[m] = max(time.Second, time.Duration(float64(gaps[m])*float64(span)/float64(total)))
		}
	}
	at := start
	for m := 0; m < n; m++ {
		at = at.Add(gaps[m])
		var text string
		dir := inbox.Inbound
		switch {
		case m == 0:
			text = g.pick(t.opening)
		case m%2 == 1:
			dir = inbox.Outbound
			text = g.pick(t.replies)
		case status == inbox.StatusResolved && m == n-1:
			text = g.pick(t.closing)
		default:
			text = g.pick(t.follow)
		}
		msg := store.IncomingMessage{RemoteID: fmt.Sprintf("%s-m%d", c.RemoteID, m), Direction: dir,
			Text: g.fill(text, vars), SentAt: at, Read: status != inbox.StatusOpen || g.rnd.IntN(3) == 0}
		if dir == inbox.Inbound {
			msg.Author = cust
		} else {
			msg.AuthorName = h.handle.DisplayName
		}
		c.Messages = append(c.Messages, msg)
	}
	return c
}

// stories adds a few hand-written conversations at the top of the queue that
// show what the app is for, including one from a stranger who tries to
// inject markup: the inbox must show it as plain text.
func (g *gen) stories(ctx context.Context, s *store.Store, handles []genHandle) error {
	now := g.cfg.Now
	type story struct {
		network  inbox.Network
		kind     inbox.Kind
		who      inbox.Participant
		ago      time.Duration
		subject  string
		messages []string
	}
	stories := []story{
		{inbox.NetworkX, inbox.KindPublic, inbox.Participant{RemoteID: "story-1", Username: "@jonas_k", DisplayName: "Jonas Kowalski"},
			400 * time.Minute, "", []string{"@AskNorthwind my e-bike battery died on day 3 and your shop in Utrecht says it's not their problem. Seriously?"}},
		{inbox.NetworkInstagram, inbox.KindPrivate, inbox.Participant{RemoteID: "story-2", Username: "@mallory.script", DisplayName: "Mallory <b>Script</b>"},
			395 * time.Minute, "", []string{`Hi! Quick question <img src=x onerror=alert(1)> about my order <script>alert("pwned")</script> — see https://example.com/order?id=1 and javascript:alert(2)`}},
		{inbox.NetworkEmail, inbox.KindEmail, inbox.Participant{RemoteID: "story-3", Username: "chloe.dubois@mail.example", DisplayName: "Chloé Dubois"},
			390 * time.Minute, "Double charge on order 48213", []string{"Bonjour,\n\nI was charged twice for order 48213 (two × €42,50). Could you refund the duplicate?\n\nMerci,\nChloé"}},
		// An irate customer in public (issue 12): anger rising across three
		// messages, ending in threats to leave and to go public. Recent, so
		// it waits below the top of the queue that other tests work on.
		{inbox.NetworkX, inbox.KindPublic, inbox.Participant{RemoteID: "story-4", Username: "@priya_rides", DisplayName: "Priya Raman"},
			25 * time.Minute, "", []string{
				"@AskNorthwind Hi! I ordered a cargo bike six weeks ago. Any news on when it ships?",
				"@AskNorthwind Three emails and still no answer. Not impressed.",
				"@AskNorthwind Unbelievable. Refund me today or I cancel my account and post this on Trustpilot. Never again.",
			}},
	}
	for i, st := range stories {
		var h *genHandle
		for j := range handles {
			if handles[j].handle.Network == st.network {
				h = &handles[j]
				break
			}
		}
		if h == nil {
			continue
		}
		st.who.Network = st.network
		c := store.IncomingConversation{RemoteID: "story-" + strconv.Itoa(i), Kind: st.kind, Customer: st.who, Subject: st.subject}
		for k, text := range st.messages {
			c.Messages = append(c.Messages, store.IncomingMessage{RemoteID: fmt.Sprintf("story-%d-%d", i, k),
				Direction: inbox.Inbound, Author: st.who, Text: text, SentAt: now.Add(-st.ago + time.Duration(k)*time.Minute)})
		}
		if _, err := s.Ingest(ctx, h.handle.ID, []store.IncomingConversation{c}, nil); err != nil {
			return fmt.Errorf("generate demo stories: %w", err)
		}
	}
	return nil
}
