package store

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Caps on what a network hands the store. Connectors cap their own data
// (e-mail at 128 KiB of text); these hold for every connector, present or
// future, so no stranger's message can grow the file — or the JSON sent to
// the screen — without bound.
const (
	// MaxStoredText is the longest message text kept, in bytes.
	MaxStoredText = 256 << 10
	// maxField bounds names and other one-line fields.
	maxField = 1024
)

// capText cuts text to MaxStoredText on a character boundary, valid UTF-8,
// and says so in the text itself, so the cut is visible where it is read.
func capText(text string) string {
	text = validUTF8(text)
	if len(text) <= MaxStoredText {
		return text
	}
	note := fmt.Sprintf("\n\n[Message shortened — the full original is %s.]", size(len(text)))
	return cut(text, MaxStoredText-len(note)) + note
}

func capField(s string) string {
	return cut(validUTF8(s), maxField)
}

// validUTF8 replaces invalid bytes; valid text (nearly all of it) is checked
// without the copy ToValidUTF8 always makes, as this runs for every message
// ingested.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// cut is the longest prefix of s of at most n bytes ending on a rune boundary.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func size(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", (n+1023)/1024)
}
