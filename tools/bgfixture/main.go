// Command bgfixture prepares the workspace scripts/test-background.sh opens:
// one client whose hours are always open and one customer message whose
// deadline warning falls due -warn-in from now, so a real deadline
// notification arrives while the window is closed. It prints the
// conversation's id.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

func main() {
	db := flag.String("db", "", "the workspace database to create")
	warnIn := flag.Duration("warn-in", time.Minute, "when the deadline warning falls due, from now")
	flag.Parse()
	id, err := prepare(context.Background(), *db, *warnIn, time.Now())
	if err != nil {
		fmt.Fprintln(os.Stderr, "bgfixture:", err)
		os.Exit(1)
	}
	fmt.Println(id)
}

func prepare(ctx context.Context, path string, warnIn time.Duration, now time.Time) (int64, error) {
	if path == "" {
		return 0, fmt.Errorf("-db is required")
	}
	st, err := store.Open(ctx, path)
	if err != nil {
		return 0, err
	}
	defer st.Close()
	c, err := st.CreateClient(ctx, inbox.Client{Name: "Brightside Bakery", TimeZone: "UTC"})
	if err != nil {
		return 0, err
	}
	spec, err := json.Marshal(deadline.CalendarSpec{TimeZone: "UTC", AlwaysOpen: true})
	if err != nil {
		return 0, err
	}
	if err := st.SaveCalendarSpec(ctx, c.ID, 0, string(spec), now); err != nil {
		return 0, fmt.Errorf("save the always-open calendar: %w", err)
	}
	// No secret is stored for the handle: its sync stops at "sign in again"
	// and never reaches a network.
	h, err := st.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: inbox.NetworkEmail, RemoteAccountID: "care@bakery.invalid",
		DisplayName: "care@bakery.invalid"})
	if err != nil {
		return 0, err
	}
	// The default policy warns WarnLead before the internal target.
	t := deadline.DefaultPolicy().FirstResponse
	sent := now.Add(warnIn - (t.Internal - t.WarnLead))
	cust := inbox.Participant{Network: inbox.NetworkEmail, RemoteID: "jonas@example.invalid", DisplayName: "Jonas Kowalski"}
	res, err := st.Ingest(ctx, h.ID, []store.IncomingConversation{{RemoteID: "t1", Kind: inbox.KindEmail, Subject: "Order",
		Customer: cust, Messages: []store.IncomingMessage{{RemoteID: "m1", Direction: inbox.Inbound, Author: cust,
			Text: "Where is my order?", SentAt: sent}}}}, nil)
	if err != nil {
		return 0, err
	}
	if len(res.Conversations) != 1 {
		return 0, fmt.Errorf("ingest made %d conversations", len(res.Conversations))
	}
	return res.Conversations[0], nil
}
