package app

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"careinbox/backend/core"
	"careinbox/backend/inbox"
	"careinbox/backend/insights"
	"careinbox/backend/report"
	"careinbox/backend/store"
)

// TestInsightsAPI checks on the demo workspace that the screen's insights
// are insights.Service.Build's for the same scope and days, translated,
// with no null anywhere.
func TestInsightsAPI(t *testing.T) {
	ctx := context.Background()
	ws, err := core.Open(ctx, core.Options{DataDir: t.TempDir(), Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	clients, err := ws.Store.Clients(ctx)
	if err != nil || len(clients) == 0 {
		t.Fatalf("demo clients: %v, %v", clients, err)
	}
	a := New(Config{Store: ws.Store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Reports: ws.Reports, Insights: ws.Insights})
	now := time.Now()
	from, to := now.AddDate(0, 0, -60).Format(time.DateOnly), now.Format(time.DateOnly)
	for _, tc := range []struct {
		name     string
		clientID int64
		kind     string
		private  bool
	}{{"all clients", 0, "", false}, {"all clients, private included", 0, "", true}, {"one client", clients[0].ID, "", false},
		{"one client's e-mail", clients[0].ID, "email", false}} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := a.Insights.Insights(tc.clientID, 0, "", tc.kind, from, to, tc.private)
			if err != nil {
				t.Fatal(err)
			}
			sc := report.Scope{ClientID: tc.clientID, Kind: inbox.Kind(tc.kind)}
			loc, err := ws.Reports.Location(ctx, sc)
			if err != nil {
				t.Fatal(err)
			}
			p, err := report.Days(from, to, loc)
			if err != nil {
				t.Fatal(err)
			}
			want, err := ws.Insights.Build(ctx, sc, p, insights.Options{IncludePrivate: tc.private})
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Terms) != len(want.Terms) || len(got.Issues) != len(want.Issues) || len(got.Customers) != len(want.Customers) ||
				got.MessagesRead != want.MessagesRead || got.PrivateIncluded != tc.private {
				t.Errorf("DTO %+v, want %+v", got, want)
			}
			for i, tm := range want.Terms {
				if g := got.Terms[i]; g.Term != tm.Key || g.Display != tm.Display || g.Conversations != tm.Conversations ||
					g.Previous != tm.Previous || g.Score != tm.Score || g.Query != tm.Query {
					t.Errorf("term %d = %+v, want %+v", i, g, tm)
				}
			}
			if tc.kind == "email" && !tc.private && (len(got.Terms) != 0 || got.MessagesRead != 0) {
				t.Errorf("e-mail words read without asking: %+v", got)
			}
			if tc.kind == "" && (len(got.Terms) == 0 || len(got.Customers) == 0) {
				t.Errorf("demo insights are empty: %+v", got)
			}
			blob, _ := json.Marshal(got)
			if strings.Contains(string(blob), "null") {
				t.Errorf("DTO has nulls: %s", blob)
			}
		})
	}
	for _, bad := range [][]string{{"myspace", "", from, to}, {"", "fax", from, to}, {"", "", "yesterday", to}, {"", "", to, from}} {
		if _, err := a.Insights.Insights(0, 0, bad[0], bad[1], bad[2], bad[3], false); err == nil {
			t.Errorf("Insights(%q) accepted", bad)
		}
	}
}

// An empty workspace gives empty lists, not nulls; a window without the
// service says so.
func TestInsightsAPIEmpty(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "empty.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a := New(Config{Store: st, Logger: slog.New(slog.DiscardHandler), Reports: report.New(st, time.UTC, nil), Insights: insights.New(st)})
	got, err := a.Insights.Insights(0, 0, "", "", "2026-11-01", "2026-11-30", false)
	if err != nil {
		t.Fatal(err)
	}
	blob, _ := json.Marshal(got)
	if want := `{"terms":[],"phrases":[],"tags":[],"issues":[],"customers":[],"privateIncluded":false,"messagesRead":0,"capped":false}`; string(blob) != want {
		t.Errorf("empty DTO = %s, want %s", blob, want)
	}
	none := New(Config{Store: st, Logger: slog.New(slog.DiscardHandler)})
	if _, err := none.Insights.Insights(0, 0, "", "", "2026-11-01", "2026-11-30", false); err == nil {
		t.Error("insights without a service")
	}
}
