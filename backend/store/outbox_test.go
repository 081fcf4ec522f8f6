package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"careinbox/backend/inbox"
)

// A handle still sending keeps its later replies queued: one handle's
// replies go out one at a time, in order, while others' are claimed.
func TestClaimOutboxSkipsBusyHandles(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	var handles []int64
	for _, nw := range []inbox.Network{inbox.NetworkMastodon, inbox.NetworkBluesky} {
		h := fixture(t, s, nw)
		res, err := s.Ingest(ctx, h.ID, []IncomingConversation{thread("t-"+string(nw), customer("a"), in("m-"+string(nw), customer("a"), "hi", 0))}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.QueueReply(ctx, res.Conversations[0], "hello", "public", "Sam", t0); err != nil {
			t.Fatal(err)
		}
		handles = append(handles, h.ID)
	}
	tests := []struct {
		name string
		busy []int64
		want []int64 // handles whose reply is claimed
	}{
		{"first handle busy", handles[:1], handles[1:]},
		{"nothing busy", nil, handles[:1]}, // the second's was claimed above
		{"all claimed", nil, nil},
	}
	for _, tt := range tests {
		items, err := s.ClaimOutbox(ctx, t0.Add(time.Minute), 10, tt.busy...)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, it := range items {
			got = append(got, it.HandleID)
			// The queue time travels with the item: a network's lookup
			// rules out posts older than the reply by it.
			if !it.QueuedAt.Equal(t0) {
				t.Errorf("%s: queued at %v, want %v", tt.name, it.QueuedAt, t0)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: claimed handles %v, want %v", tt.name, got, tt.want)
		}
	}
}

// A claimed reply knows which of its conversation's messages are other
// replies confirmed sent (Earlier): a network's lookup skips those however
// alike. The account's own messages that sync stored are References only:
// one may be this very reply.
func TestClaimOutboxEarlierReplies(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	h := fixture(t, s, inbox.NetworkMastodon)
	res, err := s.Ingest(ctx, h.ID, []IncomingConversation{thread("t1", customer("a"),
		in("m1", customer("a"), "hi", 0), out("synced-own", "On it!", time.Minute))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	conv := res.Conversations[0]
	first, err := s.QueueReply(ctx, conv, "On it!", "public", "Sam", t0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ClaimOutbox(ctx, t0.Add(time.Minute), 10); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkSent(ctx, first.ID, "sent-1", t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.QueueReply(ctx, conv, "On it!", "public", "Sam", t0.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	items, err := s.ClaimOutbox(ctx, t0.Add(3*time.Minute), 10)
	if err != nil || len(items) != 1 {
		t.Fatalf("claimed %d (%v)", len(items), err)
	}
	it := items[0]
	if !slices.Equal(it.Earlier, []string{"sent-1"}) || !slices.Contains(it.References, "synced-own") || !slices.Contains(it.References, "sent-1") {
		t.Errorf("earlier %v, references %v; want [sent-1] and both in the references", it.Earlier, it.References)
	}
}
