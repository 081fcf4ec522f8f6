package app

import (
	"context"
	"testing"
	"time"

	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

// TestSentimentThroughTheInboxAPI: the list filters on Irate and moods, and
// the DTOs carry the conversation's signal and each message's label.
func TestSentimentThroughTheInboxAPI(t *testing.T) {
	a, s := newTestApp(t)
	calm := publicConversation(t, s)
	ctx := context.Background()
	hs, _ := s.Handles(ctx)
	who := inbox.Participant{Network: inbox.NetworkX, RemoteID: "u2", Username: "@max", DisplayName: "Max Irate"}
	res, err := s.Ingest(ctx, hs[0].ID, []store.IncomingConversation{{RemoteID: "t2", Kind: inbox.KindPublic, Customer: who,
		Messages: []store.IncomingMessage{
			{RemoteID: "i1", Direction: inbox.Inbound, Author: who, Text: "Where is my parcel?", SentAt: time.Now().Add(-2 * time.Hour)},
			{RemoteID: "i2", Direction: inbox.Inbound, Author: who, Text: "Unacceptable. I'm taking this to Trustpilot and cancelling my account.", SentAt: time.Now().Add(-time.Hour)},
		}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	irate := res.Conversations[0]
	// The test app is the demo workspace: other irate customers are there too.
	ids := func(f FilterDTO) map[int64]ConversationDTO {
		page, err := a.Inbox.ListConversations(f, 0, 500)
		if err != nil {
			t.Fatal(err)
		}
		out := map[int64]ConversationDTO{}
		for _, c := range page.Items {
			if f.Irate && !c.Sentiment.Irate {
				t.Errorf("Irate filter lists %d, which is not irate", c.ID)
			}
			out[c.ID] = c
		}
		return out
	}
	got := ids(FilterDTO{Irate: true})
	row, ok := got[irate]
	if _, calmToo := got[calm]; !ok || calmToo {
		t.Fatalf("Irate filter: irate listed %v, calm listed %v", ok, calmToo)
	}
	sig := row.Sentiment
	if !sig.Irate || sig.Label != Mood(inbox.MoodNegative) || sig.Reason == "" || sig.Score == nil {
		t.Errorf("irate row's sentiment = %+v", sig)
	}
	for _, c := range ids(FilterDTO{Moods: []string{"negative"}}) {
		if c.Sentiment.Label != Mood(inbox.MoodNegative) {
			t.Errorf("negative filter lists %d reading %s", c.ID, c.Sentiment.Label)
		}
	}
	if _, ok := ids(FilterDTO{Moods: []string{"negative"}})[irate]; !ok {
		t.Error("negative filter misses the irate conversation")
	}
	if _, err := a.Inbox.ListConversations(FilterDTO{Moods: []string{"livid"}}, 0, 50); err == nil {
		t.Error("an unknown mood was accepted")
	}
	d, err := a.Inbox.GetConversation(irate)
	if err != nil {
		t.Fatal(err)
	}
	if m := d.Messages[1]; m.Sentiment != Mood(inbox.MoodNegative) || m.Score == nil || m.Threat == "" {
		t.Errorf("threatening message = %+v", m)
	}
	if m := d.Messages[0]; m.Sentiment != Mood(inbox.MoodNeutral) || m.Threat != "" {
		t.Errorf("question = %+v", m)
	}
	// A saved view keeps the sentiment filter.
	if _, err := a.Triage.SaveView("Irate customers", FilterDTO{Irate: true, Moods: []string{"negative"}, Statuses: []string{"open"}}); err != nil {
		t.Fatal(err)
	}
	views, err := a.Triage.Views()
	if err != nil {
		t.Fatal(err)
	}
	kept := false
	for _, v := range views {
		kept = kept || (v.Name == "Irate customers" && v.Filter.Irate && len(v.Filter.Moods) == 1 && v.Filter.Moods[0] == "negative")
	}
	if !kept {
		t.Errorf("saved views %+v lost the sentiment filter", views)
	}
	c, _ := a.Inbox.GetConversation(calm)
	if c.Conversation.Sentiment.Irate {
		t.Errorf("calm conversation flagged: %+v", c.Conversation.Sentiment)
	}
}
