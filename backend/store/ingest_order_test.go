package store

import (
	"context"
	"testing"
	"time"

	"careinbox/backend/inbox"
)

// A conversation still waiting since the same customer message keeps the
// order the deadline service gave it when more messages arrive; anything
// that moves its clock (a reply, a new wait, a status change) orders it
// afresh, and the deadline service orders it again from there.
func TestIngestKeepsTheDeadlineOrderOfAWaitingConversation(t *testing.T) {
	ctx := context.Background()
	const serviceKey = 42 // what the deadline service stored: its due time
	cust := customer("k")
	first := in("k1", cust, "my parcel is late", 0)
	cases := []struct {
		name string
		next IncomingMessage
		keep bool
	}{
		{"another customer message", in("k2", cust, "hello??", 5*time.Minute), true},
		{"the same message again", first, true},
		{"a reply", IncomingMessage{RemoteID: "k2", Direction: inbox.Outbound, AuthorName: "Bakery", Text: "on it", SentAt: t0.Add(5 * time.Minute)}, false},
		{"an earlier customer message", in("k0", cust, "are you there", -5*time.Minute), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := openTest(t)
			h := fixture(t, s, inbox.NetworkMastodon)
			res, err := s.Ingest(ctx, h.ID, []IncomingConversation{thread("t", cust, first)}, nil)
			if err != nil {
				t.Fatal(err)
			}
			id := res.Conversations[0]
			if _, err := s.w.Exec("UPDATE conversations SET queue_key = ? WHERE id = ?", serviceKey, id); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Ingest(ctx, h.ID, []IncomingConversation{thread("t", cust, c.next)}, nil); err != nil {
				t.Fatal(err)
			}
			var key, awaiting, last int64
			var status inbox.Status
			if err := s.r.QueryRow("SELECT queue_key, awaiting_since, last_message_at, status FROM conversations WHERE id = ?", id).
				Scan(&key, &awaiting, &last, &status); err != nil {
				t.Fatal(err)
			}
			want := inbox.QueueKey(status, fromMS(awaiting), fromMS(last))
			if c.keep {
				want = serviceKey
			}
			if key != want {
				t.Errorf("queue key %d, want %d", key, want)
			}
		})
	}
}
