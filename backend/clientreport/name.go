package clientreport

import (
	"strings"
	"unicode"
)

// FileName is a file name to save a client report as, e.g.
// "care-report-acme-söhne-gmbh-2026-11-01-to-2026-11-30.pdf": the letters and
// digits of the client's name in lower case, every other run one "-", at
// most 40 runes: no path separator, dot, control or bidi override survives,
// whatever the name holds.
func FileName(client, first, last, ext string) string {
	return "care-report-" + slug(client, 40, "report") + "-" + slug(first, 10, "from") + "-to-" + slug(last, 10, "to") + "." + slug(ext, 5, "txt")
}

func slug(s string, max int, empty string) string {
	var b strings.Builder
	n, dash := 0, false
	for _, r := range strings.ToLower(s) {
		if n == max {
			break
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) { // no separators, dots, controls or bidi overrides
			dash = b.Len() > 0
			continue
		}
		if dash {
			b.WriteByte('-')
			n++
			dash = false
		}
		b.WriteRune(r)
		n++
	}
	if b.Len() == 0 {
		return empty
	}
	return b.String()
}
