package app

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"careinbox/backend/core"
	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

// TestListenAPI runs the Listening view's calls on the demo workspace:
// a search is saved, its sample posts found, one is answered (a
// conversation on the handle that found it), a word is muted.
func TestListenAPI(t *testing.T) {
	ctx := context.Background()
	ws, a := listenApp(t)
	handles, _ := ws.Store.Handles(ctx)
	var client int64
	for _, h := range handles {
		if h.Network == inbox.NetworkMastodon {
			client = h.ClientID
		}
	}
	if _, err := a.Listen.SaveSearch(ListenSearchInput{ClientID: client, Terms: []string{}}); !isCode(err, CodeInvalid) {
		t.Fatalf("a search without terms: %v, want invalid", err)
	}
	if _, err := a.Listen.SaveSearch(ListenSearchInput{ClientID: client, Terms: []string{"Acme"}, Feeds: []string{"javascript:x"}}); !isCode(err, CodeInvalid) {
		t.Fatalf("a javascript: feed: %v, want invalid", err)
	}
	s, err := a.Listen.SaveSearch(ListenSearchInput{ClientID: client, Terms: []string{"Acme"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ws.Listening.RunOnce(ctx, ws.Engine); err != nil {
		t.Fatal(err)
	}
	list, err := a.Listen.Searches(client)
	if err != nil || len(list) != 1 || len(list[0].Sources) == 0 || len(list[0].Hourly) != 24 {
		t.Fatalf("searches = %+v, %v", list, err)
	}
	rs, err := a.Listen.Results(client, s.ID, "reach", false, 50)
	if err != nil || len(rs) == 0 {
		t.Fatalf("results = %+v, %v", rs, err)
	}
	if rs[0].Reach < rs[len(rs)-1].Reach || !rs[0].Sample {
		t.Errorf("by reach, sample-labelled: %+v", rs)
	}
	var zipper ListenResultDTO
	for _, r := range rs {
		if r.SentimentLabel == "negative" && r.CanReply && r.Network == string(inbox.NetworkMastodon) {
			zipper = r
		}
	}
	if zipper.ID == 0 {
		t.Fatalf("no negative Mastodon result among %+v", rs)
	}
	conv, err := a.Listen.Reply(zipper.ID)
	if err != nil {
		t.Fatal(err)
	}
	d, err := ws.Store.Conversation(ctx, conv)
	if err != nil || d.Summary.HandleID != zipper.HandleID || d.Summary.Network != inbox.NetworkMastodon {
		t.Fatalf("conversation %d = %+v, %v: want it on the Mastodon handle", conv, d.Summary, err)
	}
	if err := a.Listen.MuteWord(client, "backpack"); err != nil {
		t.Fatal(err)
	}
	after, _ := a.Listen.Results(client, s.ID, "newest", false, 50)
	for _, r := range after {
		if r.ID == zipper.ID {
			t.Error("a replied result is still unhandled")
		}
		if strings.Contains(strings.ToLower(r.Text), "backpack") {
			t.Errorf("muted word still shown: %q", r.Text)
		}
	}
	if len(after) >= len(rs) {
		t.Errorf("%d results after reply and mute, %d before", len(after), len(rs))
	}
	mutes, _ := a.Listen.Mutes(client)
	if len(mutes) != 1 || mutes[0] != (ListenMuteDTO{Kind: "word", Value: "backpack"}) {
		t.Errorf("mutes = %+v", mutes)
	}
}

// The Listening view lists the last day's surges of a client, each with
// what its notification said (composed now for one claimed but never
// sent) and whether it reached the desktop.
func TestListenSpikesAPI(t *testing.T) {
	ctx := context.Background()
	ws, a := listenApp(t)
	handles, _ := ws.Store.Handles(ctx)
	client := handles[0].ClientID
	s, err := a.Listen.SaveSearch(ListenSearchInput{ClientID: client, Name: "Acme watch", Terms: []string{"Acme"}})
	if err != nil {
		t.Fatal(err)
	}
	hour := time.Now().Truncate(time.Hour)
	scope := "search:" + strconv.FormatInt(s.ID, 10)
	if ok, err := ws.Store.ClaimListenSpike(ctx, scope, "volume", hour, 42, 6, time.Now()); err != nil || !ok {
		t.Fatalf("claim: %v, %v", ok, err)
	}
	find := func() ListenSpikeDTO {
		t.Helper()
		spikes, err := a.Listen.Spikes(client)
		if err != nil {
			t.Fatal(err)
		}
		for _, sp := range spikes {
			if sp.SearchID == s.ID {
				return sp
			}
		}
		t.Fatalf("spikes = %+v: the search's is missing", spikes)
		return ListenSpikeDTO{}
	}
	sp := find()
	if sp.Title != "Talk about “Acme watch” is surging" || !strings.Contains(sp.Body, "42 in the hour from") ||
		sp.Delivered || sp.Hour != hour.UnixMilli() || sp.Name != "Acme watch" || sp.Metric != "volume" {
		t.Errorf("claimed, never sent: %+v", sp)
	}
	if err := ws.Store.ListenSpikeSent(ctx, store.ListenSpike{Scope: scope, Metric: "volume", Hour: hour,
		Title: "Talk about “Acme watch” is surging", Body: "42 in the hour. Top words: zipper.", View: "listening",
		DeliveredAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if sp := find(); !sp.Delivered || !strings.Contains(sp.Body, "zipper") {
		t.Errorf("sent: %+v", sp)
	}
	if other, err := a.Listen.Spikes(client + 1000); err != nil || len(other) != 0 {
		t.Errorf("another client's spikes = %+v, %v", other, err)
	}
}

// listenApp opens the demo workspace with its listening service, and the
// bound layer over it.
func listenApp(t *testing.T) (*core.Workspace, *App) {
	t.Helper()
	ws, err := core.Open(context.Background(), core.Options{DataDir: t.TempDir(), Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	return ws, New(Config{Store: ws.Store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Listening: ws.Listening})
}

func isCode(err error, code string) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.Code == code
}

// The Listening view's switch saves the client's proactive policy through
// DeadlinesAPI, and the settings list it back.
func TestProactivePolicyThroughDeadlinesAPI(t *testing.T) {
	ctx := context.Background()
	ws, err := core.Open(ctx, core.Options{DataDir: t.TempDir(), Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	a := New(Config{Store: ws.Store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Deadlines: ws.Deadlines, Notices: ws.Notices})
	clients, _ := ws.Store.Clients(ctx)
	four := TargetDTO{InternalMin: 240, PublishedMin: 240, BusinessHours: true}
	if err := a.Deadlines.SavePolicy(clients[0].ID, 0, "proactive", PolicyDTO{FirstResponse: four, NextResponse: four}); err != nil {
		t.Fatal(err)
	}
	s, err := a.Deadlines.Settings(clients[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, n := range s.Narrowed {
		found = found || (n.HandleID == 0 && n.Kind == "proactive" && n.Policy.FirstResponse.PublishedMin == 240)
	}
	if !found {
		t.Fatalf("narrowed = %+v: want the proactive policy", s.Narrowed)
	}
	if err := a.Deadlines.DeletePolicy(clients[0].ID, 0, "proactive"); err != nil {
		t.Fatal(err)
	}
	if err := a.Deadlines.SavePolicy(clients[0].ID, 0, "sideways", PolicyDTO{FirstResponse: four}); err == nil {
		t.Error("an unknown kind was accepted")
	}
}
