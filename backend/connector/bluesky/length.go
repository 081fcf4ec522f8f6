package bluesky

import (
	"strings"

	"github.com/rivo/uniseg"
)

// MaxGraphemes is Bluesky's limit for a post's text: 300 graphemes
// (user-perceived characters: an emoji with skin tone or a flag is one),
// counted in the text as posted — after Reply has put "@handle " in front.
// Spec().MaxLength is this number in the same unit; a composer counts a
// Bluesky reply with ReplyLength, not the typed text's length.
const MaxGraphemes = 300

// MaxBytes is the post text's other limit: 3000 bytes of UTF-8, which only
// long runs of multi-codepoint emoji reach before MaxGraphemes.
const MaxBytes = 3000

// ReplyLength is the length Bluesky counts for a public reply to the
// customer with the given handle: the graphemes of the text as posted,
// including the "@handle " Reply adds when the text does not mention the
// customer already. The app's composer must count the same way, or a reply
// it accepts is refused ("grapheme too big (maximum 300, got 306)").
func ReplyLength(text, customerHandle string) int {
	text = strings.TrimSpace(text)
	if customerHandle != "" {
		text, _ = withMention(text, customerHandle, "did:placeholder")
	}
	return uniseg.GraphemeClusterCount(text)
}

// MaxChatGraphemes and MaxChatBytes are a chat message's limits
// (chat.bsky.convo.defs#messageInput: maxGraphemes 1000, maxLength 10000).
const (
	MaxChatGraphemes = 1000
	MaxChatBytes     = 10000
)
