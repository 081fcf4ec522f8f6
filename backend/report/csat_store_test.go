package report_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"careinbox/backend/csat"
	"careinbox/backend/inbox"
	"careinbox/backend/report"
	"careinbox/backend/store"
)

// Four Messenger DMs surveyed on resolve: answered 5, 4 and 2, one silent.
// Score = 2 of 3 ratings are 4–5; response rate = 3 of 4 answered.
func TestReportCSATOnAFixture(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, err := st.CreateClient(ctx, inbox.Client{Name: "Bakery"})
	if err != nil {
		t.Fatal(err)
	}
	h, err := st.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: inbox.NetworkFacebook, RemoteAccountID: "page", DisplayName: "Bakery"})
	if err != nil {
		t.Fatal(err)
	}
	set := csat.Defaults()
	set.Enabled, set.QuietDays = true, 0
	if _, err := st.SetCSATSettings(ctx, c.ID, set, time.Now()); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	answers := []string{"5", "4 stars", "2", ""}
	for i, a := range answers {
		cust := inbox.Participant{Network: inbox.NetworkFacebook, RemoteID: string(rune('a' + i))}
		conv := func(msgs ...store.IncomingMessage) []store.IncomingConversation {
			return []store.IncomingConversation{{RemoteID: "t" + cust.RemoteID, Kind: inbox.KindPrivate, Customer: cust, Messages: msgs}}
		}
		res, err := st.Ingest(ctx, h.ID, conv(store.IncomingMessage{RemoteID: "q" + cust.RemoteID, Direction: inbox.Inbound, Author: cust,
			Text: "where is my cake", SentAt: now.Add(-time.Hour)}), nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SetStatus(ctx, res.Conversations, inbox.StatusResolved, time.Time{}); err != nil {
			t.Fatal(err)
		}
		if _, err := st.SendDueSurveys(ctx, now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if a == "" {
			continue
		}
		if _, err := st.Ingest(ctx, h.ID, conv(store.IncomingMessage{RemoteID: "a" + cust.RemoteID, Direction: inbox.Inbound, Author: cust,
			Text: a, SentAt: now.Add(2 * time.Minute)}), nil); err != nil {
			t.Fatal(err)
		}
	}
	svc := report.New(st, time.UTC, func() time.Time { return now.Add(time.Hour) })
	r, err := svc.Build(ctx, report.Scope{ClientID: c.ID}, report.Period{From: now.Add(-24 * time.Hour), To: now.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	f := r.CSAT
	if f.Asked != 4 || f.Answered != 3 || f.Rated != 3 || f.Positive != 2 || f.ResponseRate != 75 || f.Score < 66.6 || f.Score > 66.7 {
		t.Fatalf("CSAT figure %+v, want 4 asked, 3 answered, 2 of 3 positive", f)
	}
	other, err := svc.Build(ctx, report.Scope{Network: inbox.NetworkX}, report.Period{From: now.Add(-24 * time.Hour), To: now.Add(time.Hour)})
	if err != nil || other.CSAT.Asked != 0 || other.CSAT.Score != -1 {
		t.Fatalf("another network's figure: %+v %v", other.CSAT, err)
	}
}
