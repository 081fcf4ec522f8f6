package bluesky

import (
	"context"
	"strings"
	"testing"

	"careinbox/backend/connector"
)

// Facet offsets are bytes of the text as sent. Before the mention, letters
// whose UTF-8 length changes with case (İ is 2 bytes, its lower case i̇ 3;
// the Kelvin sign K is 3 bytes, k 1) must not shift them.
func TestMentionFacetBytesMixedScripts(t *testing.T) {
	tests := []struct {
		name, text, want string
		start            int
	}{
		// "İstanbul'dan " is 14 bytes (İ is 2); lower-cased it is 15.
		{"dotted capital I", "İstanbul'dan @ana.bsky.social selam", "İstanbul'dan @ana.bsky.social selam", 14},
		// "300 \u212a: " is 9 bytes (the Kelvin sign is 3); lower-cased (k) 7.
		{"Kelvin sign", "300 \u212a: @Ana.Bsky.Social", "300 \u212a: @Ana.Bsky.Social", 9},
		{"Greek and Cyrillic", "Σας ευχαριστώ, спасибо @ana.bsky.social!", "Σας ευχαριστώ, спасибо @ana.bsky.social!", len("Σας ευχαριστώ, спасибо ")},
		{"Arabic and emoji", "شكرا 👍🏽 @ana.bsky.social.", "شكرا 👍🏽 @ana.bsky.social.", len("شكرا 👍🏽 ")},
		{"a Kelvin sign is not a k", "@ana.bs\u212ay.social hi", "@ana.bsky.social @ana.bs\u212ay.social hi", 0},
		{"e-mail address is not a mention", "write to x@ana.bsky.social", "@ana.bsky.social write to x@ana.bsky.social", 0},
		{"longer handle is not a mention", "ask @ana.bsky.social.uk", "@ana.bsky.social ask @ana.bsky.social.uk", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, fs := withMention(tt.text, "ana.bsky.social", "did:plc:ana")
			if got != tt.want {
				t.Fatalf("text = %q; want %q", got, tt.want)
			}
			s, e := fs[0].Index.ByteStart, fs[0].Index.ByteEnd
			if s != tt.start || !strings.EqualFold(got[s:e], "@ana.bsky.social") {
				t.Errorf("facet %d..%d = %q; want from %d", s, e, got[s:e], tt.start)
			}
		})
	}
}

// Bluesky counts graphemes of the text as posted, "@handle " included.
func TestReplyLength(t *testing.T) {
	family := "👨‍👩‍👧‍👦" // one grapheme, seven runes
	tests := []struct {
		name, text, handle string
		want               int
	}{
		{"plain", "thanks", "", 6},
		{"prefix counted", "thanks", "ana.bsky.social", 23},
		{"mention already there", "thanks @ana.bsky.social", "ana.bsky.social", 23},
		{"emoji ZWJ sequence is one", strings.Repeat(family, 3), "", 3},
		{"flag and skin tone", "🇩🇪👍🏽", "", 2},
		{"combining accent", "e\u0301", "", 1},
	}
	for _, tt := range tests {
		if got := ReplyLength(tt.text, tt.handle); got != tt.want {
			t.Errorf("%s: ReplyLength = %d; want %d", tt.name, got, tt.want)
		}
	}
	if Spec().MaxLength != MaxGraphemes {
		t.Errorf("Spec().MaxLength = %d; want MaxGraphemes", Spec().MaxLength)
	}
}

// A reply that fits in 300 runes but not once "@handle " is added is
// refused here, in plain words, not by the PDS; 300 graphemes of emoji
// (many more runes) with the prefix inside the limit are sent.
func TestReplyGraphemeLimit(t *testing.T) {
	tests := []struct {
		name string
		text string
		ok   bool
	}{
		{"300 letters plus the prefix", strings.Repeat("a", 300), false},
		{"exactly 300 with the prefix", strings.Repeat("a", 300-len("@ana.bsky.social ")), true},
		{"283 thumbs with skin tone (566 runes)", strings.Repeat("👍🏽", 283), true},
		{"284 thumbs with skin tone", strings.Repeat("👍🏽", 284), false},
		{"283 family emoji: over 3000 bytes", strings.Repeat("👨‍👩‍👧‍👦", 283), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, d := setup(t)
			r := publicReply(t, c, "len-"+tt.name, tt.text)
			_, err := c.Reply(context.Background(), r)
			if tt.ok != (err == nil) {
				t.Fatalf("Reply = %v; want ok=%v", err, tt.ok)
			}
			if err != nil {
				ce, _ := connector.Classify(err)
				if ce.Kind != connector.Permanent || !strings.Contains(ce.Message, "300") && !strings.Contains(ce.Message, "3000") || len(d.created) != 0 {
					t.Errorf("refusal = %v (%d posts created)", err, len(d.created))
				}
			}
		})
	}
}

// A real PDS answers a create on a taken record key with 500: a retry of a
// reply whose first answer was lost is confirmed as sent, not "trouble,
// retrying".
func TestRetryOnTakenKeyAnswered500(t *testing.T) {
	c, d := setup(t)
	d.takenStatus = 500
	r := publicReply(t, c, "crash-500", "On its way İ K")
	d.loseAnswer = true
	if _, err := c.Reply(context.Background(), r); err == nil {
		t.Fatal("the lost answer did not fail the reply")
	}
	again, err := c.Reply(context.Background(), r)
	if err != nil || !strings.HasSuffix(again.RemoteID, postRKey("crash-500")) {
		t.Fatalf("retry = %+v, %v; want the existing post", again, err)
	}
	if len(d.created) != 1 {
		t.Errorf("%d posts created; want 1", len(d.created))
	}
}

// A chat message is limited to 1000 graphemes and 10000 bytes
// (chat.bsky.convo.defs#messageInput): a longer private reply is refused
// here in plain words, before any request.
func TestPrivateReplyLimit(t *testing.T) {
	tests := []struct {
		name, text string
		ok         bool
	}{
		{"1000 graphemes", strings.Repeat("é", 1000), true},
		{"1000 thumbs with skin tone (8000 bytes)", strings.Repeat("👍🏽", 1000), true},
		{"1001 graphemes", strings.Repeat("é", 1001), false},
		{"400 family emoji: 10000 bytes", strings.Repeat("👨‍👩‍👧‍👦", 400), true},
		{"401 family emoji: over 10000 bytes", strings.Repeat("👨‍👩‍👧‍👦", 401), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, d := setup(t)
			_, err := c.Reply(context.Background(), connector.Reply{ConversationRemoteID: "convo:convo-ben", Visibility: connector.Private, Text: tt.text})
			if tt.ok != (err == nil) {
				t.Fatalf("Reply = %v; want ok=%v", err, tt.ok)
			}
			if err != nil {
				ce, _ := connector.Classify(err)
				if ce.Kind != connector.Permanent || !strings.Contains(ce.Message, "1000") && !strings.Contains(ce.Message, "10000") || len(d.sentChat) != 0 {
					t.Errorf("refusal = %v (%d messages sent)", err, len(d.sentChat))
				}
			}
		})
	}
}
