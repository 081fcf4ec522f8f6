package demo

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

func TestGenerate(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	cfg := DemoConfig(now)
	cfg.Conversations = 300
	if err := Generate(ctx, s, cfg); err != nil {
		t.Fatal(err)
	}
	side, err := s.Sidebar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	networks := map[inbox.Network]bool{}
	for _, c := range side {
		for _, h := range c.Handles {
			networks[h.Handle.Network] = true
		}
	}
	if len(side) != cfg.Clients || len(networks) < 5 {
		t.Errorf("clients = %d, networks = %v", len(side), networks)
	}
	page, err := s.Conversations(ctx, inbox.ConversationFilter{}, 0, 5)
	if err != nil {
		t.Fatal(err)
	}
	// Four hand-written stories (the fourth, an irate customer, since issue 12).
	if page.Total != cfg.Conversations+4 {
		t.Errorf("total = %d, want %d", page.Total, cfg.Conversations+4)
	}
	irate, _ := s.Conversations(ctx, inbox.ConversationFilter{Irate: true, Statuses: []inbox.Status{inbox.StatusOpen}}, 0, 50)
	found := false
	for _, c := range irate.Items {
		if c.CustomerName == "Priya Raman" {
			found = c.Kind == inbox.KindPublic && strings.Contains(c.Sentiment.Reason, "cancel my account")
		}
	}
	if !found {
		t.Errorf("the irate story is not an open, public, irate conversation threatening to leave: %+v", irate.Items)
	}
	// The hand-written stories wait longest, so they lead the queue.
	if !strings.Contains(page.Items[0].LastExcerpt, "e-bike battery") || !strings.HasPrefix(page.Items[1].CustomerName, "Mallory") {
		t.Errorf("top of queue = %q / %q", page.Items[0].LastExcerpt, page.Items[1].CustomerName)
	}
	open, _ := s.Conversations(ctx, inbox.ConversationFilter{Statuses: []inbox.Status{inbox.StatusOpen}}, 0, 1)
	resolved, _ := s.Conversations(ctx, inbox.ConversationFilter{Statuses: []inbox.Status{inbox.StatusResolved}}, 0, 1)
	if open.Total < 5 || open.Total > 40 || resolved.Total < 200 {
		t.Errorf("open = %d, resolved = %d", open.Total, resolved.Total)
	}
	if v, _ := s.Meta(ctx, MetaKey); v == "" {
		t.Error("demo database not marked as sample data")
	}
	// A sample surge in the mentions of the handle the Listening view opens
	// on (the first client by name with a Mastodon or Bluesky handle),
	// delivered: no desktop notification for sample data.
	spikes, err := s.ListenSpikes(ctx, 0, now.Add(-24*time.Hour))
	if err != nil || len(spikes) != 1 {
		t.Fatalf("spikes = %+v, %v; want the sample surge", spikes, err)
	}
	var first string
	for _, c := range side {
		for _, h := range c.Handles {
			if first == "" && (h.Handle.Network == inbox.NetworkMastodon || h.Handle.Network == inbox.NetworkBluesky) {
				first = c.Client.Name
			}
		}
	}
	if sp := spikes[0]; !strings.Contains(sp.Title, "(sample)") || sp.DeliveredAt.IsZero() || sp.HandleID == 0 ||
		sp.Name == "" || clientName(side, sp.ClientID) != first {
		t.Errorf("sample surge = %+v, want it labelled, delivered, on a handle of %q", sp, first)
	}
	if err := Generate(ctx, s, cfg); err == nil {
		t.Error("generator wrote into a database that already has data")
	}
}

func clientName(side []store.ClientCounts, id int64) string {
	for _, c := range side {
		if c.Client.ID == id {
			return c.Client.Name
		}
	}
	return ""
}
