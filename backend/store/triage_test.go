package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"careinbox/backend/inbox"
	"careinbox/backend/publicclose"
)

// triageFixture: one handle, three public conversations from two customers.
func triageFixture(t *testing.T) (*Store, inbox.Handle, []int64) {
	t.Helper()
	s := openTest(t)
	h := fixture(t, s, inbox.NetworkMastodon)
	a, b := customer("a"), customer("b")
	res, err := s.Ingest(context.Background(), h.ID, []IncomingConversation{
		thread("t1", a, in("m1", a, "where is my parcel", 0)),
		thread("t2", b, in("m2", b, "refund please", time.Minute)),
		thread("t3", a, in("m3", a, "thanks for the cake", 2*time.Minute), out("m4", "you're welcome", 3*time.Minute)),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s, h, res.Conversations
}

func listIDs(t *testing.T, s *Store, f inbox.ConversationFilter) ([]int64, int) {
	t.Helper()
	page, err := s.Conversations(context.Background(), f, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, c := range page.Items {
		ids = append(ids, c.ID)
	}
	slices.Sort(ids)
	return ids, page.Total
}

func TestWakeSnoozed(t *testing.T) {
	s, _, ids := triageFixture(t)
	ctx := context.Background()
	if err := s.SetStatus(ctx, ids[:1], inbox.StatusSnoozed, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(ctx, ids[1:2], inbox.StatusSnoozed, t0.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if next, err := s.NextWake(ctx); err != nil || !next.Equal(t0.Add(time.Hour)) {
		t.Fatalf("NextWake = %v, %v", next, err)
	}
	tests := []struct {
		now  time.Time
		woke []int64
	}{
		{t0.Add(30 * time.Minute), nil},
		{t0.Add(time.Hour), ids[:1]},
		{t0.Add(2 * time.Hour), nil},
		{t0.Add(4 * time.Hour), ids[1:2]},
	}
	for _, tt := range tests {
		got, err := s.WakeSnoozed(ctx, tt.now)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, tt.woke) {
			t.Fatalf("WakeSnoozed(%v) = %v, want %v", tt.now, got, tt.woke)
		}
	}
	d, _ := s.Conversation(ctx, ids[0])
	if d.Summary.Status != inbox.StatusOpen || !d.Summary.SnoozedUntil.IsZero() {
		t.Fatalf("woken conversation = %s until %v", d.Summary.Status, d.Summary.SnoozedUntil)
	}
	// Open ones are in the queue again, ordered by how long they waited.
	open, _ := s.Conversations(ctx, inbox.ConversationFilter{Statuses: []inbox.Status{inbox.StatusOpen}}, 0, 10)
	if len(open.Items) != 3 || open.Items[0].ID != ids[0] || open.Items[1].ID != ids[1] {
		t.Fatalf("queue after wake = %+v", open.Items)
	}
}

func TestBulkTagsUnreadAndFilters(t *testing.T) {
	s, h, ids := triageFixture(t)
	ctx := context.Background()
	if err := s.TagMany(ctx, ids[:2], "Refund"); err != nil {
		t.Fatal(err)
	}
	if err := s.TagMany(ctx, ids[:2], "refund"); err != nil { // case-insensitive, idempotent
		t.Fatal(err)
	}
	if err := s.TagMany(ctx, ids[2:], "praise"); err != nil {
		t.Fatal(err)
	}
	if err := s.TagMany(ctx, ids, "  "); err == nil {
		t.Fatal("an empty tag name was accepted")
	}
	if err := s.SetUnread(ctx, ids, false); err != nil {
		t.Fatal(err)
	}
	if err := s.SetUnread(ctx, ids[1:2], true); err != nil {
		t.Fatal(err)
	}
	if err := s.UntagMany(ctx, ids[1:2], "Refund"); err != nil {
		t.Fatal(err)
	}
	var a int64
	d, _ := s.Conversation(ctx, ids[0])
	a = d.Summary.CustomerID
	tests := []struct {
		name string
		f    inbox.ConversationFilter
		want []int64
	}{
		{"tag", inbox.ConversationFilter{Tags: []string{"Refund"}}, ids[:1]},
		{"any of two tags", inbox.ConversationFilter{Tags: []string{"Refund", "praise"}}, []int64{ids[0], ids[2]}},
		{"unread", inbox.ConversationFilter{UnreadOnly: true}, ids[1:2]},
		{"customer across threads", inbox.ConversationFilter{CustomerID: a}, []int64{ids[0], ids[2]}},
		{"handle and tag", inbox.ConversationFilter{HandleID: h.ID, Tags: []string{"praise"}}, ids[2:]},
		{"deadline state with none stored", inbox.ConversationFilter{DeadlineStates: []string{"breached"}}, nil},
		{"unknown tag", inbox.ConversationFilter{Tags: []string{"nope"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total := listIDs(t, s, tt.f)
			if !slices.Equal(got, tt.want) || total != len(tt.want) {
				t.Fatalf("ids = %v (total %d), want %v", got, total, tt.want)
			}
		})
	}
	tags, err := s.TagCounts(ctx)
	if err != nil || len(tags) != 2 || tags[0].Name != "praise" || tags[1].Conversations != 1 {
		t.Fatalf("TagCounts = %+v, %v", tags, err)
	}
}

func TestDraftsSurviveReopen(t *testing.T) {
	s, _, ids := triageFixture(t)
	ctx := context.Background()
	if err := s.SaveDraft(ctx, Draft{ConversationID: ids[0], Text: "Hi Zoë, ", Visibility: "public", UpdatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveDraft(ctx, Draft{ConversationID: ids[0], Text: "Hi Zoë, sorry!", Visibility: "private", UpdatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveDraft(ctx, Draft{ConversationID: ids[0], Text: "x", Visibility: "shout"}); err == nil {
		t.Fatal("unknown visibility accepted")
	}
	if err := s.SaveDraft(ctx, Draft{ConversationID: 9999, Text: "x"}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("draft of a missing conversation: %v", err)
	}
	path := s.Path()
	s.Close()
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	d, ok, err := s2.Draft(ctx, ids[0])
	if err != nil || !ok || d.Text != "Hi Zoë, sorry!" || d.Visibility != "private" {
		t.Fatalf("draft after reopen = %+v %v %v", d, ok, err)
	}
	if got, _ := s2.DraftIDs(ctx); !slices.Equal(got, ids[:1]) {
		t.Fatalf("DraftIDs = %v", got)
	}
	if err := s2.SaveDraft(ctx, Draft{ConversationID: ids[0], Text: "  "}); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s2.Draft(ctx, ids[0]); ok {
		t.Fatal("a blank draft was kept")
	}
}

func TestSavedViewsRepliesAndTone(t *testing.T) {
	s, h, _ := triageFixture(t)
	ctx := context.Background()
	v1, err := s.SaveView(ctx, "Refunds", `{"tags":["refund"]}`, t0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveView(ctx, "Unread", `{"unreadOnly":true}`, t0); err != nil {
		t.Fatal(err)
	}
	if v, err := s.SaveView(ctx, "refunds", `{"tags":["refund","vip"]}`, t0); err != nil || v.ID != v1.ID {
		t.Fatalf("same name (any case) should update: %+v %v", v, err)
	}
	if _, err := s.SaveView(ctx, " ", "{}", t0); err == nil {
		t.Fatal("a nameless view was accepted")
	}
	views, _ := s.Views(ctx)
	if len(views) != 2 || views[0].Filter != `{"tags":["refund","vip"]}` || views[1].Name != "Unread" {
		t.Fatalf("views = %+v", views)
	}
	if err := s.DeleteView(ctx, v1.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteView(ctx, v1.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}

	shared, err := s.SaveReply(ctx, SavedReply{Title: "Thanks", Body: "Thanks {customer_name}!"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	own, err := s.SaveReply(ctx, SavedReply{ClientID: h.ClientID, Title: "Refund", Body: "Refund on its way — {agent}"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveReply(ctx, SavedReply{Title: "", Body: "x"}, t0); err == nil {
		t.Fatal("untitled reply accepted")
	}
	got, _ := s.Replies(ctx, h.ClientID)
	if len(got) != 2 || got[0].ID != own.ID || got[1].ID != shared.ID {
		t.Fatalf("replies for client = %+v", got)
	}
	if got, _ := s.Replies(ctx, 0); len(got) != 1 {
		t.Fatalf("shared replies = %+v", got)
	}
	own.Body = "Refund sent"
	if _, err := s.SaveReply(ctx, own, t0); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteReply(ctx, shared.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Replies(ctx, h.ClientID); len(got) != 1 || got[0].Body != "Refund sent" {
		t.Fatalf("after edit/delete = %+v", got)
	}

	if err := s.SetTone(ctx, h.ClientID, "Warm, first names, no emoji.", t0); err != nil {
		t.Fatal(err)
	}
	if tone, _ := s.Tone(ctx, h.ClientID); tone != "Warm, first names, no emoji." {
		t.Fatalf("tone = %q", tone)
	}
	if err := s.SetTone(ctx, 777, "x", t0); !errors.Is(err, ErrNotFound) {
		t.Fatalf("tone of a missing client: %v", err)
	}
}

func TestCustomerAcrossHandles(t *testing.T) {
	s, h, ids := triageFixture(t)
	ctx := context.Background()
	// The same Mastodon account writes privately to a second handle of another client.
	c2, _ := s.CreateClient(ctx, inbox.Client{Name: "Other"})
	h2, err := s.CreateHandle(ctx, inbox.Handle{ClientID: c2.ID, Network: inbox.NetworkMastodon, RemoteAccountID: "acct-2", DisplayName: "@Other"})
	if err != nil {
		t.Fatal(err)
	}
	a := customer("a")
	dm := IncomingConversation{RemoteID: "dm1", Kind: inbox.KindPrivate, Customer: a,
		Messages: []IncomingMessage{in("p1", a, "private hello", 10*time.Minute)}}
	res, err := s.Ingest(ctx, h2.ID, []IncomingConversation{dm}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := s.Conversation(ctx, ids[0])
	cust, err := s.Customer(ctx, d.Summary.CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	if len(cust.Conversations) != 3 || cust.Conversations[0].ID != res.Conversations[0] || cust.Messages != 4 {
		t.Fatalf("customer = %d conversations (first %d), %d messages", len(cust.Conversations), cust.Conversations[0].ID, cust.Messages)
	}
	if cust.Conversations[0].HandleID != h2.ID || cust.Conversations[1].HandleID != h.ID {
		t.Fatal("customer view should span both handles")
	}
	tl, err := s.CustomerTimeline(ctx, d.Summary.CustomerID, 10)
	if err != nil || len(tl) != 4 || tl[0].Text != "private hello" || tl[0].Kind != inbox.KindPrivate {
		t.Fatalf("timeline = %+v, %v", tl, err)
	}
	if _, err := s.Customer(ctx, 4242); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing customer: %v", err)
	}
}

func TestMoveToPrivate(t *testing.T) {
	s, _, ids := triageFixture(t)
	ctx := context.Background()
	if err := s.SaveDraft(ctx, Draft{ConversationID: ids[0], Text: "card 4111…"}); err != nil {
		t.Fatal(err)
	}
	now := t0.Add(time.Hour)
	r, err := s.MoveToPrivate(ctx, ids[0], "We've sent you a DM 💬", "Hi! Please send your order number here.", "Sam", now)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Created || r.PublicMessage.ID == 0 || r.PrivateMessage.ID == 0 {
		t.Fatalf("result = %+v", r)
	}
	pub, _ := s.Conversation(ctx, ids[0])
	last := pub.Messages[len(pub.Messages)-1]
	// Issue 12: the public thread is no longer resolved at once; it waits
	// for a public close, linked to the private conversation.
	if pub.Summary.Status == inbox.StatusResolved || last.Delivery != inbox.DeliveryQueued || last.Text != "We've sent you a DM 💬" {
		t.Fatalf("public side = %s, last %+v", pub.Summary.Status, last)
	}
	if loop, err := s.PublicCloseOf(ctx, ids[0]); err != nil || loop == nil || loop.State != publicclose.Waiting ||
		loop.PrivateConversationID != r.PrivateConversationID {
		t.Fatalf("public close = %+v, %v", loop, err)
	}
	priv, _ := s.Conversation(ctx, r.PrivateConversationID)
	if priv.Summary.Kind != inbox.KindPrivate || priv.Summary.CustomerID != pub.Summary.CustomerID || len(priv.Messages) != 1 {
		t.Fatalf("private side = %+v", priv.Summary)
	}
	if _, ok, _ := s.Draft(ctx, ids[0]); ok {
		t.Fatal("the public draft should be gone")
	}
	var vis []string
	rows, _ := s.r.QueryContext(ctx, "SELECT visibility FROM outbox ORDER BY message_id")
	for rows.Next() {
		var v string
		_ = rows.Scan(&v)
		vis = append(vis, v)
	}
	rows.Close()
	if !slices.Equal(vis, []string{"public", "private"}) {
		t.Fatalf("outbox = %v", vis)
	}
	// The same customer's other public thread continues the same private conversation.
	r2, err := s.MoveToPrivate(ctx, ids[2], "", "About the cake too", "Sam", now)
	if err != nil || r2.Created || r2.PrivateConversationID != r.PrivateConversationID || r2.PublicMessage.ID != 0 {
		t.Fatalf("second move = %+v, %v", r2, err)
	}
	// The network later shows the DM under its own id: the local
	// conversation is adopted, not duplicated.
	cust := pub.Summary.CustomerID
	var custP inbox.Participant
	if err := s.r.QueryRowContext(ctx, "SELECT network, remote_id FROM participants WHERE id = ?", cust).Scan(&custP.Network, &custP.RemoteID); err != nil {
		t.Fatal(err)
	}
	before, _ := s.Conversations(ctx, inbox.ConversationFilter{}, 0, 100)
	if _, err := s.Ingest(ctx, pub.Summary.HandleID, []IncomingConversation{{RemoteID: "dm:network-77", Kind: inbox.KindPrivate,
		Customer: custP, Messages: []IncomingMessage{{RemoteID: "net-reply-1", Direction: inbox.Inbound, Author: custP,
			Text: "Here is my order number", SentAt: now.Add(time.Minute)}}}}, nil); err != nil {
		t.Fatal(err)
	}
	after, _ := s.Conversations(ctx, inbox.ConversationFilter{}, 0, 100)
	adopted, _ := s.Conversation(ctx, r.PrivateConversationID)
	if after.Total != before.Total || adopted.Summary.RemoteID != "dm:network-77" || len(adopted.Messages) != 3 {
		t.Fatalf("network DM not adopted: %d → %d conversations, remote %q, %d messages",
			before.Total, after.Total, adopted.Summary.RemoteID, len(adopted.Messages))
	}
	if _, err := s.MoveToPrivate(ctx, r.PrivateConversationID, "x", "y", "Sam", now); !errors.Is(err, ErrNotPublic) {
		t.Fatalf("moving a private conversation: %v", err)
	}
	if _, err := s.MoveToPrivate(ctx, ids[1], "x", " ", "Sam", now); err == nil {
		t.Fatal("an empty private message was accepted")
	}
}

func TestSearchHitsWithFilters(t *testing.T) {
	s, h, ids := triageFixture(t)
	ctx := context.Background()
	other := fixture(t, s, inbox.NetworkBluesky)
	bc := inbox.Participant{Network: inbox.NetworkBluesky, RemoteID: "did:x", Username: "x.bsky.social", DisplayName: "Renée"}
	if _, err := s.Ingest(ctx, other.ID, []IncomingConversation{{RemoteID: "b1", Kind: inbox.KindPublic, Customer: bc,
		Messages: []IncomingMessage{in("b1m", bc, "my parcel never arrived, refund?", 5*time.Minute)}}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.TagMany(ctx, ids[1:2], "billing"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(ctx, ids[:1], inbox.StatusResolved, time.Time{}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		q    SearchQuery
		want int
	}{
		{"words everywhere", SearchQuery{Text: "parcel"}, 2},
		{"accents ignored", SearchQuery{Text: "renee"}, 1},
		{"network", SearchQuery{Text: "parcel", Network: inbox.NetworkBluesky}, 1},
		{"handle", SearchQuery{Text: "parcel", HandleID: h.ID}, 1},
		{"client", SearchQuery{Text: "parcel", ClientID: other.ClientID}, 1},
		{"status", SearchQuery{Text: "parcel", Statuses: []inbox.Status{inbox.StatusOpen}}, 1},
		{"tag", SearchQuery{Text: "refund", Tag: "billing"}, 1},
		{"author only", SearchQuery{Author: "renée"}, 1},
		{"author and words", SearchQuery{Text: "refund", Author: "zoë"}, 1},
		{"dates", SearchQuery{Text: "parcel", From: t0.Add(time.Minute), To: t0.Add(time.Hour)}, 1},
		{"relevance", SearchQuery{Text: "parcel", Relevance: true}, 2},
		{"phrase", SearchQuery{Text: `"never arrived"`}, 1},
		{"operators are text", SearchQuery{Text: `parcel OR NEAR(`}, 0},
		{"no words", SearchQuery{ClientID: other.ClientID}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := s.SearchHits(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) != tt.want {
				t.Fatalf("%d hits, want %d: %+v", len(hits), tt.want, hits)
			}
		})
	}
	hits, _ := s.SearchHits(ctx, SearchQuery{Text: "parc", Network: inbox.NetworkBluesky})
	if len(hits) != 1 || hits[0].Snippet == "" || hits[0].ClientName == "" || hits[0].CustomerName != "Renée" {
		t.Fatalf("hit = %+v", hits)
	}
	if _, err := s.SearchHits(ctx, SearchQuery{Text: "x", Network: "myspace"}); err == nil {
		t.Fatal("unknown network accepted")
	}
}
