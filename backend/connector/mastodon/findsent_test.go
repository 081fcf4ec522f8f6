package mastodon

import (
	"context"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

// FindSent must not take an identical earlier reply ("Thanks!" to the same
// post) for the one it looks for: another reply of the conversation
// (Earlier) is skipped, and so is a post older than the reply (beyond the
// clock allowance). A post the thread merely holds (References) may be
// this very reply, synced before its answer was known: it still counts.
func TestFindSentNotAnEarlierIdenticalReply(t *testing.T) {
	ctx := context.Background()
	reply := func(key string) connector.Reply {
		return connector.Reply{IdempotencyKey: key, ConversationRemoteID: "100001", Kind: inbox.KindPublic,
			Visibility: connector.Public, InReplyTo: "100004", Customer: inbox.Participant{Username: "alice@example.org"},
			Text: "Thanks!"}
	}
	c, _ := setup(t)
	first, err := c.Reply(ctx, reply("k1"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		earlier bool          // the first is another reply of the conversation
		after   time.Duration // QueuedAt after the first reply was posted
		want    bool
	}{
		{"the earlier reply is another of the conversation", true, time.Minute, false},
		{"the earlier reply is older than this one", false, time.Hour, false},
		{"within the clock allowance it may be this one", false, findSentSkew / 2, true},
		{"synced into the thread, it may be this one", false, time.Minute, true},
		{"no queue time: any match counts", false, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := reply("k2")
			r.References = []string{"100004", first.RemoteID}
			if tt.earlier {
				r.Earlier = []string{first.RemoteID}
			}
			if tt.after != 0 {
				r.QueuedAt = first.SentAt.Add(tt.after)
			}
			got, found, err := c.FindSent(ctx, r)
			if err != nil || found != tt.want || found && got.RemoteID != first.RemoteID {
				t.Errorf("FindSent = %+v, %v, %v; want found %v", got, found, err, tt.want)
			}
		})
	}
	// Sent for real, the second one is found, and not the first.
	r := reply("k2")
	r.Earlier, r.QueuedAt = []string{first.RemoteID}, first.SentAt.Add(time.Minute)
	second, err := c.Reply(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if got, found, err := c.FindSent(ctx, r); err != nil || !found || got.RemoteID != second.RemoteID || second.RemoteID == first.RemoteID {
		t.Errorf("after sending: %+v, %v, %v; want %s", got, found, err, second.RemoteID)
	}
}

// The walk back through the account's posts goes as far as the reply's
// queue time; when the account posted more than the walk reads since
// then, FindSent cannot tell and says so instead of "never sent".
func TestFindSentWalksToTheQueueTime(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name  string
		posts int
		tell  bool
	}{
		{"a few posts since", 3, true},
		{"two pages since", findSentPage + 5, true},
		{"more than the walk reads", findSentPage*findSentPages + 1, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, d := setup(t)
			d.mu.Lock()
			queued := d.now
			for i := range tt.posts {
				d.addStatus(own, "public", "", "<p>Update "+strings.Repeat("x", i%7)+"</p>", false)
			}
			d.mu.Unlock()
			r := connector.Reply{IdempotencyKey: "k", ConversationRemoteID: "100001", Kind: inbox.KindPublic,
				Visibility: connector.Public, InReplyTo: "100004", Customer: inbox.Participant{Username: "alice@example.org"},
				Text: "Never sent.", QueuedAt: queued}
			_, found, err := c.FindSent(ctx, r)
			switch {
			case tt.tell && (err != nil || found):
				t.Errorf("found %v, err %v; want not found", found, err)
			case !tt.tell:
				ce, _ := connector.Classify(err)
				if ce == nil || ce.Kind != connector.Permanent || !strings.Contains(ce.Message, "before retrying") {
					t.Errorf("found %v, err %v; want a permanent 'cannot tell'", found, err)
				}
			}
		})
	}
}
