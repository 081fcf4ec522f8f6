package bluesky

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

func publicReply(t *testing.T, c *Connector, key, text string) connector.Reply {
	t.Helper()
	p, err := c.Fetch(context.Background(), StreamNotifications, "")
	if err != nil {
		t.Fatal(err)
	}
	thread := p.Conversations[0]
	return connector.Reply{IdempotencyKey: key, ConversationRemoteID: thread.RemoteID, Visibility: connector.Public,
		InReplyTo: thread.Messages[1].RemoteID, Customer: thread.Customer, Text: text}
}

func TestPostRKeyIsADeterministicTID(t *testing.T) {
	seen := map[string]bool{}
	for i := range 2000 {
		key := fmt.Sprintf("%032x", i)
		k := postRKey(key)
		if err := checkFormat("tid", k); err != nil {
			t.Fatal(err)
		}
		if postRKey(key) != k {
			t.Fatalf("postRKey(%q) is not deterministic", key)
		}
		if seen[k] {
			t.Fatalf("postRKey collided on %q", key)
		}
		seen[k] = true
		// Decode the timestamp: 2023-01-01 … 2025-03, never in the future.
		var v uint64
		for _, ch := range k {
			v = v<<5 | uint64(strings.IndexRune(tidAlphabet, ch))
		}
		ts := time.UnixMicro(int64(v >> 10)).UTC()
		if ts.Year() < 2023 || ts.After(time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("postRKey(%q) = %s has timestamp %s", key, k, ts)
		}
	}
}

func TestFindSentPublic(t *testing.T) {
	c, d := setup(t)
	r := publicReply(t, c, "a1b2c3", "It ships today 🚚")
	s, err := c.Reply(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	if want := "at://" + ownDID + "/app.bsky.feed.post/" + postRKey("a1b2c3"); s.RemoteID != want || d.created[0]["rkey"] != postRKey("a1b2c3") {
		t.Fatalf("reply posted as %s; want %s", s.RemoteID, want)
	}
	got, found, err := c.FindSent(context.Background(), r)
	if err != nil || !found || got.RemoteID != s.RemoteID || !got.SentAt.Equal(s.SentAt) {
		t.Fatalf("FindSent = %+v, %v, %v; want %+v", got, found, err, s)
	}
	never := r
	never.IdempotencyKey = "never-sent"
	if got, found, err := c.FindSent(context.Background(), never); err != nil || found {
		t.Fatalf("never-sent reply: %+v, %v, %v", got, found, err)
	}
}

func TestFindSentPublicRefusesAnotherPost(t *testing.T) {
	c, _ := setup(t)
	r := publicReply(t, c, "k-other", "First text")
	if _, err := c.Reply(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	r.Text = "Different text" // same key, not this reply: neither found nor free
	if _, found, err := c.FindSent(context.Background(), r); err == nil || found {
		t.Fatalf("a different post under the key gave found=%v err=%v", found, err)
	}
	if _, err := c.Reply(context.Background(), r); err == nil {
		t.Fatal("a reply over a different post's key was reported sent")
	}
}

// A crash (here: the answer to createRecord lost) leaves the post on
// Bluesky but unconfirmed. FindSent confirms it, and a retried Reply with
// the same key hits the taken record key instead of posting twice.
func TestRetriedPublicReplyDoesNotPostTwice(t *testing.T) {
	c, d := setup(t)
	r := publicReply(t, c, "crash-1", "On its way")
	d.loseAnswer = true
	if _, err := c.Reply(context.Background(), r); err == nil {
		t.Fatal("the lost answer did not fail the reply")
	} else if ce, ok := connector.Classify(err); !ok || ce.Kind != connector.Temporary {
		t.Fatalf("lost answer gave %v", err)
	}
	found, ok, err := c.FindSent(context.Background(), r)
	if err != nil || !ok {
		t.Fatalf("FindSent after the crash: %+v, %v, %v", found, ok, err)
	}
	again, err := c.Reply(context.Background(), r) // a retry without asking first
	if err != nil || again.RemoteID != found.RemoteID || !again.SentAt.Equal(found.SentAt) {
		t.Fatalf("retry = %+v, %v; want the existing post %+v", again, err, found)
	}
	if len(d.created) != 1 || len(d.records) != 1 {
		t.Errorf("%d posts created; want 1", len(d.created))
	}
}

func TestFindSentPrivate(t *testing.T) {
	c, d := setup(t)
	chat, err := c.Fetch(context.Background(), StreamChat, "")
	if err != nil {
		t.Fatal(err)
	}
	conv := chat.Conversations[0]
	inbound := conv.Messages[0] // Ben: "Hi, is the blue one in stock?"; we answered "Yes!" after it
	r := connector.Reply{IdempotencyKey: "p1", ConversationRemoteID: conv.RemoteID, Visibility: connector.Private,
		InReplyTo: inbound.RemoteID, Customer: conv.Customer, Text: " In stock. "}

	if _, found, err := c.FindSent(context.Background(), r); err != nil || found {
		t.Fatalf("before sending: found=%v err=%v", found, err)
	}
	s, err := c.Reply(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	got, found, err := c.FindSent(context.Background(), r)
	if err != nil || !found || got != s {
		t.Fatalf("FindSent = %+v, %v, %v; want %+v", got, found, err, s)
	}

	// Our identical text from before the answered message is not this reply.
	d.mu.Lock()
	d.chatIn("convo-ben", ownDID, "See you soon")
	d.chatIn("convo-ben", "did:plc:ben", "thanks")
	last := d.logs[len(d.logs)-1]["message"].(map[string]any)["id"].(string)
	d.mu.Unlock()
	again := connector.Reply{ConversationRemoteID: conv.RemoteID, Visibility: connector.Private, InReplyTo: "chat:" + last, Text: "See you soon"}
	if _, found, err := c.FindSent(context.Background(), again); err != nil || found {
		t.Fatalf("an older identical message matched: found=%v err=%v", found, err)
	}

	// A lost sendMessage answer: the message is there and FindSent says so.
	d.mu.Lock()
	d.loseAnswer = true
	d.mu.Unlock()
	if _, err := c.Reply(context.Background(), again); err == nil {
		t.Fatal("the lost answer did not fail the reply")
	}
	if got, found, err := c.FindSent(context.Background(), again); err != nil || !found || !strings.HasPrefix(got.RemoteID, "chat:") {
		t.Fatalf("after a lost answer: %+v, %v, %v", got, found, err)
	}
}

func TestFindSentPrivateAnswerToMention(t *testing.T) {
	c, d := setup(t)
	r := connector.Reply{IdempotencyKey: "m1", ConversationRemoteID: "at://did:plc:ana/app.bsky.feed.post/3k1",
		InReplyTo: "at://did:plc:ana/app.bsky.feed.post/3k1", Visibility: connector.Private,
		Customer: inbox.Participant{RemoteID: "did:plc:ana"}, Text: "Sent you the details."}
	// No conversation with Ana yet: nothing was sent, and none is opened.
	if _, found, err := c.FindSent(context.Background(), r); err != nil || found {
		t.Fatalf("before sending: found=%v err=%v", found, err)
	}
	if _, ok := d.convos["did:plc:ana"]; ok {
		t.Fatal("FindSent opened a conversation")
	}
	s, err := c.Reply(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	if got, found, err := c.FindSent(context.Background(), r); err != nil || !found || got != s {
		t.Fatalf("FindSent = %+v, %v, %v; want %+v", got, found, err, s)
	}
}

// Two identical chat messages of ours after the customer's ("On it!" sent
// again later): the earlier one is not the reply being looked for when it
// is another reply of the conversation (Earlier) or older than the reply's
// queue time. Merely stored in the thread (References), it may be this
// reply, synced before its answer was known.
func TestFindSentPrivateNotAnEarlierIdenticalMessage(t *testing.T) {
	for _, tt := range []struct {
		name     string
		refs     bool
		queuedIn time.Duration // after the earlier message
		want     bool
	}{
		{"the earlier message is another reply", true, 0, false},
		{"the earlier message is older than the reply", false, time.Hour, false},
		{"within the clock allowance it may be this one", false, chatSkew / 2, true},
		{"nothing tells them apart", false, 0, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, d := setup(t)
			d.mu.Lock()
			asked := d.chatIn("convo-ben", "did:plc:ben", "Where is my parcel?")
			earlier := d.chatIn("convo-ben", ownDID, "On it!")
			d.mu.Unlock()
			at, err := time.Parse(time.RFC3339Nano, earlier["sentAt"].(string))
			if err != nil {
				t.Fatal(err)
			}
			r := connector.Reply{ConversationRemoteID: "convo:convo-ben", Visibility: connector.Private,
				InReplyTo: "chat:" + asked["id"].(string), Text: "On it!"}
			r.References = []string{"chat:" + asked["id"].(string), "chat:" + earlier["id"].(string)}
			if tt.refs {
				r.Earlier = []string{"chat:" + earlier["id"].(string)}
			}
			if tt.queuedIn != 0 {
				r.QueuedAt = at.Add(tt.queuedIn)
			}
			got, found, err := c.FindSent(context.Background(), r)
			if err != nil || found != tt.want || found && got.RemoteID != "chat:"+earlier["id"].(string) {
				t.Errorf("FindSent = %+v, %v, %v; want found %v", got, found, err, tt.want)
			}
		})
	}
}
