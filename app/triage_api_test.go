package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

// publicConversation ingests one public thread whose customer posted a card number.
func publicConversation(t *testing.T, s *store.Store) int64 {
	t.Helper()
	ctx := context.Background()
	c, err := s.CreateClient(ctx, inbox.Client{Name: "Bakery"})
	if err != nil {
		t.Fatal(err)
	}
	h, err := s.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: inbox.NetworkX, RemoteAccountID: "x1", DisplayName: "@AskBakery"})
	if err != nil {
		t.Fatal(err)
	}
	who := inbox.Participant{Network: inbox.NetworkX, RemoteID: "u1", Username: "@zoe", DisplayName: "Zoë Adler"}
	res, err := s.Ingest(ctx, h.ID, []store.IncomingConversation{{RemoteID: "t1", Kind: inbox.KindPublic, Customer: who,
		Messages: []store.IncomingMessage{{RemoteID: "m1", Direction: inbox.Inbound, Author: who,
			Text: "charged twice on 4111 1111 1111 1111, refund?", SentAt: time.Now().Add(-time.Hour)}}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res.Conversations[0]
}

func TestComposeAndTriageAPIs(t *testing.T) {
	a, s := newTestApp(t)
	id := publicConversation(t, s)

	sens, err := a.Compose.SensitiveInThread(id)
	if err != nil || len(sens) != 1 || sens[0].Findings[0].Kind != "card" || strings.Contains(sens[0].Findings[0].Masked, "4111") {
		t.Fatalf("SensitiveInThread = %+v, %v", sens, err)
	}
	if got := a.Compose.Check("call +49 151 2345 6789"); len(got) != 1 || got[0].Kind != "phone" {
		t.Fatalf("Check = %+v", got)
	}
	if err := a.Compose.SaveDraft(id, "Hi {customer_name}", "public"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Compose.SaveReply(SavedReplyDTO{Title: "Thanks", Body: "Thanks {customer_name}!"}); err != nil {
		t.Fatal(err)
	}
	cctx, err := a.Compose.Context(id)
	if err != nil || cctx.Draft == nil || cctx.Draft.Text != "Hi {customer_name}" || len(cctx.Replies) != 1 || cctx.Agent != "Sam" {
		t.Fatalf("Context = %+v, %v", cctx, err)
	}

	if err := a.Triage.Tag([]int64{id}, "billing"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Triage.SaveView("Billing", FilterDTO{Tags: []string{"billing"}, Statuses: []string{"open"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Triage.SaveView("Bad", FilterDTO{Network: "myspace"}); err == nil {
		t.Fatal("a view with an unknown network was saved")
	}
	views, _ := a.Triage.Views()
	if len(views) != 1 || views[0].Filter.Tags[0] != "billing" {
		t.Fatalf("Views = %+v", views)
	}
	page, err := a.Inbox.ListConversations(views[0].Filter, 0, 10)
	if err != nil || page.Total != 1 || page.Items[0].CustomerID == 0 {
		t.Fatalf("list by saved view = %+v, %v", page, err)
	}

	res, err := a.Search.Search(SearchQueryDTO{Text: "refund", Network: "x", Tag: "billing"})
	hits := res.Hits
	if err != nil || len(hits) != 1 || hits[0].ClientName != "Bakery" {
		t.Fatalf("Search = %+v, %v", hits, err)
	}
	if _, err := a.Search.Search(SearchQueryDTO{Text: "refund", Statuses: []string{"nope"}}); err == nil {
		t.Fatal("unknown status accepted")
	}
	cust, err := a.Search.Customer(page.Items[0].CustomerID)
	if err != nil || cust.DisplayName != "Zoë Adler" || len(cust.Conversations) != 1 || len(cust.Timeline) != 1 {
		t.Fatalf("Customer = %+v, %v", cust, err)
	}

	mv, err := a.Compose.MoveToPrivate(id, "We've sent you a DM", "Hi Zoë, let's sort this out here.")
	if err != nil || !mv.Created || mv.PrivateConversationID == id {
		t.Fatalf("MoveToPrivate = %+v, %v", mv, err)
	}
	if _, err := a.Compose.MoveToPrivate(mv.PrivateConversationID, "", "again"); err == nil || !strings.Contains(FormatError(err).(string), CodeInvalid) {
		t.Fatalf("moving a private conversation: %v", err)
	}
	if err := a.Inbox.SetStatus([]int64{mv.PrivateConversationID}, "snoozed", time.Now().Add(-time.Minute).UnixMilli()); err != nil {
		t.Fatal(err)
	}
	if n, err := a.Triage.WakeSnoozed(); err != nil || n != 1 {
		t.Fatalf("WakeSnoozed = %d, %v", n, err)
	}
}
