package insights

import "unicode/utf8"

// Text is one document for Rising: an id (a conversation, a listening
// result) and what it says.
type Text struct {
	ID   int64
	Text string
}

// Rising ranks the words of cur that rose against prev with the reports'
// rules (stop words, stems, support of at least MinConversations
// documents), at most limit of them. The listening view's trending terms
// and a spike's top words are these.
func Rising(cur, prev []Text, limit int) []Term {
	fold := newFolder()
	c, o := newPeriod(fold), newPeriod(fold)
	for _, t := range cur {
		c.add(t.ID, clipText(t.Text))
	}
	for _, t := range prev {
		o.add(t.ID, clipText(t.Text))
	}
	return rising(c.terms, o.terms, len(c.convs), len(o.convs), limit)
}

func clipText(s string) string {
	if len(s) <= maxChars {
		return s
	}
	cut := maxChars
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}
