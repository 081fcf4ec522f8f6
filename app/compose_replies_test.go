package app

import (
	"context"
	"errors"
	"testing"
	"time"

	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

// The saved-replies dialog works through Context, SaveReply, DeleteReply and
// SetTone on a real SQLite store; each step is checked against what the
// composer then offers for the conversation's client.
func TestSavedRepliesDialogAPI(t *testing.T) {
	a, s := newTestApp(t)
	id := publicConversation(t, s)
	cctx, err := a.Compose.Context(id)
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.Conversation(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	client := d.Summary.ClientID
	other, err := s.CreateClient(context.Background(), inbox.Client{Name: "Florist"})
	if err != nil {
		t.Fatal(err)
	}
	if len(cctx.Replies) != 0 || cctx.Tone != "" {
		t.Fatalf("fresh context = %+v", cctx)
	}

	var shared, own SavedReplyDTO
	steps := []struct {
		name     string
		do       func() error
		wantCode string   // "" = success
		titles   []string // saved replies offered afterwards, in order
		tone     string
	}{
		{name: "create shared", do: func() (err error) {
			shared, err = a.Compose.SaveReply(SavedReplyDTO{Title: "Thanks", Body: "Thanks {customer_name}! — {agent}"})
			return err
		}, titles: []string{"Thanks"}},
		{name: "create for this client", do: func() (err error) {
			own, err = a.Compose.SaveReply(SavedReplyDTO{ClientID: client, Title: "Refund", Body: "Refund on its way via {handle}"})
			return err
		}, titles: []string{"Refund", "Thanks"}},
		{name: "another client's reply is not offered", do: func() error {
			_, err := a.Compose.SaveReply(SavedReplyDTO{ClientID: other.ID, Title: "Flowers", Body: "Roses!"})
			return err
		}, titles: []string{"Refund", "Thanks"}},
		{name: "blank title refused", do: func() error {
			_, err := a.Compose.SaveReply(SavedReplyDTO{Title: "  ", Body: "x"})
			return err
		}, wantCode: CodeInvalid, titles: []string{"Refund", "Thanks"}},
		{name: "edit renames and makes it shared", do: func() error {
			own.Title, own.ClientID = "Refund sent", 0
			_, err := a.Compose.SaveReply(own)
			return err
		}, titles: []string{"Refund sent", "Thanks"}},
		{name: "edit of a missing reply", do: func() error {
			_, err := a.Compose.SaveReply(SavedReplyDTO{ID: 9999, Title: "x", Body: "y"})
			return err
		}, wantCode: CodeNotFound, titles: []string{"Refund sent", "Thanks"}},
		{name: "delete", do: func() error { return a.Compose.DeleteReply(shared.ID) }, titles: []string{"Refund sent"}},
		{name: "delete twice", do: func() error { return a.Compose.DeleteReply(shared.ID) }, wantCode: CodeNotFound, titles: []string{"Refund sent"}},
		{name: "set tone", do: func() error { return a.Compose.SetTone(client, "  Warm, first names, no emoji. ") },
			titles: []string{"Refund sent"}, tone: "Warm, first names, no emoji."},
		{name: "tone of a missing client", do: func() error { return a.Compose.SetTone(4242, "x") }, wantCode: CodeNotFound,
			titles: []string{"Refund sent"}, tone: "Warm, first names, no emoji."},
		{name: "blank tone clears it", do: func() error { return a.Compose.SetTone(client, " ") }, titles: []string{"Refund sent"}},
	}
	for _, st := range steps {
		err := st.do()
		var ae *APIError
		switch {
		case st.wantCode == "" && err != nil:
			t.Fatalf("%s: %v", st.name, err)
		case st.wantCode != "" && (!errors.As(err, &ae) || ae.Code != st.wantCode):
			t.Fatalf("%s: error %v, want code %s", st.name, err, st.wantCode)
		}
		got, err := a.Compose.Context(id)
		if err != nil {
			t.Fatalf("%s: Context: %v", st.name, err)
		}
		var titles []string
		for _, r := range got.Replies {
			titles = append(titles, r.Title)
		}
		if len(titles) != len(st.titles) {
			t.Fatalf("%s: replies %v, want %v", st.name, titles, st.titles)
		}
		for i := range titles {
			if titles[i] != st.titles[i] {
				t.Fatalf("%s: replies %v, want %v", st.name, titles, st.titles)
			}
		}
		if got.Tone != st.tone {
			t.Fatalf("%s: tone %q, want %q", st.name, got.Tone, st.tone)
		}
	}
}

// The composer's reply-window notice needs the customer's last message time,
// not the last message of either side.
func TestConversationDTOHasLastInboundAt(t *testing.T) {
	a, s := newTestApp(t)
	ctx := context.Background()
	c, err := s.CreateClient(ctx, inbox.Client{Name: "Bakery"})
	if err != nil {
		t.Fatal(err)
	}
	h, err := s.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: inbox.NetworkFacebook, RemoteAccountID: "page1", DisplayName: "Bakery page"})
	if err != nil {
		t.Fatal(err)
	}
	who := inbox.Participant{Network: inbox.NetworkFacebook, RemoteID: "psid1", DisplayName: "Zoë Adler"}
	page := inbox.Participant{Network: inbox.NetworkFacebook, RemoteID: "page1", DisplayName: "Bakery page"}
	in := time.Now().Add(-30 * time.Hour).Truncate(time.Millisecond)
	res, err := s.Ingest(ctx, h.ID, []store.IncomingConversation{{RemoteID: "conv1", Kind: inbox.KindPrivate, Customer: who,
		Messages: []store.IncomingMessage{
			{RemoteID: "m1", Direction: inbox.Inbound, Author: who, Text: "Is my cake ready?", SentAt: in},
			{RemoteID: "m2", Direction: inbox.Outbound, Author: page, Text: "Tomorrow!", SentAt: in.Add(2 * time.Hour)},
		}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d, err := a.Inbox.GetConversation(res.Conversations[0])
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Conversation.LastInboundAt; got != in.UnixMilli() {
		t.Fatalf("lastInboundAt = %d, want %d (lastMessageAt %d)", got, in.UnixMilli(), d.Conversation.LastMessageAt)
	}
}
