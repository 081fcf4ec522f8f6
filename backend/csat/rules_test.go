package csat

import (
	"strings"
	"testing"
	"time"

	"careinbox/backend/inbox"
)

func TestDecide(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	on := Defaults()
	on.Enabled = true
	dm := on
	dm.PublicMode = PublicDM
	fbOnly := on
	fbOnly.Networks = []inbox.Network{inbox.NetworkFacebook}
	fresh := Facts{Network: inbox.NetworkFacebook, Kind: inbox.KindPrivate, HasCustomer: true, LastInboundAt: now.Add(-time.Hour)}
	with := func(f func(*Facts)) Facts { c := fresh; f(&c); return c }
	cases := []struct {
		name   string
		s      Settings
		f      Facts
		send   bool
		vis    string
		reason string
	}{
		{"messenger DM in the window", on, fresh, true, "private", ""},
		{"off", Defaults(), fresh, false, "", "off"},
		{"opted out", on, with(func(f *Facts) { f.OptedOut = true }), false, "", "opted out"},
		{"asked 10 days ago", on, with(func(f *Facts) { f.LastSurveyed = now.Add(-10 * 24 * time.Hour) }), false, "", "already asked"},
		{"asked 40 days ago", on, with(func(f *Facts) { f.LastSurveyed = now.Add(-40 * 24 * time.Hour) }), true, "private", ""},
		{"24 h window closed", on, with(func(f *Facts) { f.LastInboundAt = now.Add(-25 * time.Hour) }), false, "", "24-hour"},
		{"instagram window closed", on, with(func(f *Facts) {
			f.Network, f.LastInboundAt = inbox.NetworkInstagram, now.Add(-30*time.Hour)
		}), false, "", "24-hour"},
		{"x DM has no window", on, with(func(f *Facts) { f.Network, f.LastInboundAt = inbox.NetworkX, now.Add(-30*time.Hour) }), true, "private", ""},
		{"public reply", on, with(func(f *Facts) { f.Kind, f.LastInboundAt = inbox.KindPublic, now.Add(-30*time.Hour) }), true, "public", ""},
		{"public as DM, window closed", dm, with(func(f *Facts) { f.Kind, f.LastInboundAt = inbox.KindPublic, now.Add(-30*time.Hour) }), false, "", "24-hour"},
		{"public as DM on LinkedIn", dm, with(func(f *Facts) { f.Network, f.Kind = inbox.NetworkLinkedIn, inbox.KindPublic }), false, "", "cannot send"},
		{"network not chosen", fbOnly, with(func(f *Facts) { f.Network = inbox.NetworkX }), false, "", "does not survey"},
		{"no customer", on, with(func(f *Facts) { f.HasCustomer = false }), false, "", "unknown"},
	}
	for _, c := range cases {
		d := Decide(c.s, c.f, now)
		if d.Send != c.send || d.Visibility != c.vis || !strings.Contains(d.Reason, c.reason) {
			t.Errorf("%s: Decide = %+v, want send=%v vis=%q reason~%q", c.name, d, c.send, c.vis, c.reason)
		}
	}
}

func TestNormalize(t *testing.T) {
	cases := []struct {
		s  Settings
		ok bool
	}{
		{Settings{}, true},
		{Settings{Scale: "10"}, false},
		{Settings{Trigger: TriggerDelay}, false},
		{Settings{Trigger: TriggerDelay, DelayMinutes: 60}, true},
		{Settings{QuietDays: -1}, false},
		{Settings{Networks: []inbox.Network{"myspace"}}, false},
		{Settings{Kinds: []inbox.Kind{"dm"}}, false},
		{Settings{Question: strings.Repeat("x", MaxQuestion+1)}, false},
		{Settings{PublicMode: "shout"}, false},
	}
	for i, c := range cases {
		got, err := c.s.Normalize()
		if (err == nil) != c.ok {
			t.Errorf("case %d: Normalize(%+v) err = %v, want ok=%v", i, c.s, err, c.ok)
		}
		if err == nil && (got.Question == "" || got.Scale == "" || got.Trigger == "") {
			t.Errorf("case %d: defaults not filled: %+v", i, got)
		}
	}
}
