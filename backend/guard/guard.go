// Package guard finds personal data in message text — payment card numbers,
// IBANs, e-mail addresses, phone numbers, US social security numbers — so
// the UI can warn before it is posted publicly and notifications never show
// it. It is pure: no I/O, no state.
package guard

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Kind names a type of personal data.
type Kind string

const (
	KindCard  Kind = "card"
	KindIBAN  Kind = "iban"
	KindEmail Kind = "email"
	KindPhone Kind = "phone"
	KindSSN   Kind = "ssn"
)

// Label is a short human name for a kind, for warnings.
func (k Kind) Label() string {
	switch k {
	case KindCard:
		return "card number"
	case KindIBAN:
		return "bank account (IBAN)"
	case KindEmail:
		return "e-mail address"
	case KindPhone:
		return "phone number"
	case KindSSN:
		return "social security number"
	}
	return string(k)
}

// Finding is one piece of personal data in a text. Start and End are byte
// offsets; Masked is safe to show anywhere (never the full value).
type Finding struct {
	Kind   Kind
	Start  int
	End    int
	Masked string
}

var (
	// Digits in groups separated by single spaces or dashes; the issuer
	// prefix and the Luhn check decide whether it is a card, so order
	// numbers are not flagged.
	cardRe = regexp.MustCompile(`\b\d(?:[ -]?\d){12,18}\b`)
	// IBANs are written either unbroken or in groups of four.
	ibanRe = regexp.MustCompile(`(?i)\b[a-z]{2}\d{2}(?:[a-z0-9]{11,30}|(?: [a-z0-9]{4}){2,7}(?: [a-z0-9]{1,4})?)\b`)
	mailRe = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`)
	// A phone number starts with +, 00 or a trunk 0 — requiring that keeps
	// order numbers, amounts and dates out.
	phoneRe = regexp.MustCompile(`(?:\+|\b0)\d?[\d ()./-]{6,20}\d\b`)
	ssnRe   = regexp.MustCompile(`\b\d{3}-\d{2}-\d{4}\b`)
)

// Scan returns the personal data found in text, in order of appearance.
// Overlaps resolve to the first, most specific match (card, IBAN, SSN,
// e-mail, then phone).
func Scan(text string) []Finding {
	var out []Finding
	taken := func(s, e int) bool {
		for _, f := range out {
			if s < f.End && e > f.Start {
				return true
			}
		}
		return false
	}
	add := func(k Kind, s, e int, masked string) {
		if !taken(s, e) {
			out = append(out, Finding{Kind: k, Start: s, End: e, Masked: masked})
		}
	}
	for _, m := range cardRe.FindAllStringIndex(text, -1) {
		d := digits(text[m[0]:m[1]])
		if IssuedCard(d) && Luhn(d) {
			add(KindCard, m[0], m[1], MaskCard(d))
		}
	}
	for _, m := range ibanRe.FindAllStringIndex(text, -1) {
		v := strings.ToUpper(strings.ReplaceAll(text[m[0]:m[1]], " ", ""))
		if ValidIBAN(v) {
			add(KindIBAN, m[0], m[1], v[:2]+"•• •••• "+v[len(v)-4:])
		}
	}
	for _, m := range ssnRe.FindAllStringIndex(text, -1) {
		add(KindSSN, m[0], m[1], "•••-••-"+text[m[1]-4:m[1]])
	}
	for _, m := range mailRe.FindAllStringIndex(text, -1) {
		add(KindEmail, m[0], m[1], maskEmail(text[m[0]:m[1]]))
	}
	for _, m := range phoneRe.FindAllStringIndex(text, -1) {
		s := strings.TrimRight(text[m[0]:m[1]], " ")
		d := digits(s)
		if len(d) >= 9 && len(d) <= 15 && !looksLikeDate(s) {
			add(KindPhone, m[0], m[0]+len(s), "••• "+d[len(d)-2:])
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// Kinds lists the distinct kinds in findings, in order of first appearance.
func Kinds(fs []Finding) []Kind {
	var out []Kind
	seen := map[Kind]bool{}
	for _, f := range fs {
		if !seen[f.Kind] {
			seen[f.Kind] = true
			out = append(out, f.Kind)
		}
	}
	return out
}

// Redact replaces every finding with its masked form. Notifications and
// logs use it, so a full card number never leaves the thread view.
func Redact(text string) string {
	fs := Scan(text)
	if len(fs) == 0 {
		return text
	}
	var b strings.Builder
	last := 0
	for _, f := range fs {
		b.WriteString(text[last:f.Start])
		b.WriteString(f.Masked)
		last = f.End
	}
	b.WriteString(text[last:])
	return b.String()
}

// cardRanges are the issuer prefixes (IIN ranges) and lengths of the card
// schemes in use. A number must start with one: a tenth of all digit runs
// pass Luhn by chance, and customer care is full of order, tracking and
// reference numbers (and timestamps) of card-like length.
var cardRanges = []struct {
	lo, hi   int // prefix range, inclusive, compared on len(digits of lo) digits
	min, max int // allowed lengths
}{
	{4, 4, 13, 19},       // Visa
	{51, 55, 16, 16},     // Mastercard
	{2221, 2720, 16, 16}, // Mastercard 2-series
	{34, 34, 15, 15},     // American Express
	{37, 37, 15, 15},     // American Express
	{6011, 6011, 16, 19}, // Discover
	{644, 649, 16, 19},   // Discover
	{65, 65, 16, 19},     // Discover
	{3528, 3589, 16, 19}, // JCB
	{300, 305, 14, 19},   // Diners Club
	{36, 36, 14, 19},     // Diners Club
	{38, 39, 16, 19},     // Diners Club
	{62, 62, 16, 19},     // UnionPay
	{50, 50, 12, 19},     // Maestro
	{56, 69, 12, 19},     // Maestro and others
	{2200, 2204, 16, 16}, // Mir
}

// IssuedCard reports whether digits have the prefix and length of a real
// card scheme (the Luhn check is separate).
func IssuedCard(d string) bool {
	for _, r := range cardRanges {
		n := len(strconv.Itoa(r.lo))
		if len(d) < r.min || len(d) > r.max || len(d) < n {
			continue
		}
		p, err := strconv.Atoi(d[:n])
		if err == nil && p >= r.lo && p <= r.hi {
			return true
		}
	}
	return false
}

// Luhn reports whether a string of digits passes the Luhn checksum.
func Luhn(d string) bool {
	if d == "" {
		return false
	}
	sum, double := 0, false
	for i := len(d) - 1; i >= 0; i-- {
		c := d[i]
		if c < '0' || c > '9' {
			return false
		}
		n := int(c - '0')
		if double {
			n *= 2
			if n > 9 {
				n -= 9
			}
		}
		sum += n
		double = !double
	}
	return sum%10 == 0
}

// ValidIBAN checks an IBAN without spaces (upper case) by ISO 13616 mod-97.
func ValidIBAN(v string) bool {
	if len(v) < 15 || len(v) > 34 {
		return false
	}
	rearranged := v[4:] + v[:4]
	rem := 0
	for _, r := range rearranged {
		switch {
		case r >= '0' && r <= '9':
			rem = (rem*10 + int(r-'0')) % 97
		case r >= 'A' && r <= 'Z':
			rem = (rem*100 + int(r-'A'+10)) % 97
		default:
			return false
		}
	}
	return rem == 1
}

// MaskCard shows only the last four digits of a card number.
func MaskCard(d string) string {
	if len(d) < 4 {
		return "••••"
	}
	return "•••• •••• •••• " + d[len(d)-4:]
}

func maskEmail(e string) string {
	at := strings.LastIndexByte(e, '@')
	if at <= 0 {
		return "•••"
	}
	return e[:1] + "•••" + e[at:]
}

func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var dateRe = regexp.MustCompile(`^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{4}$`)

func looksLikeDate(s string) bool { return dateRe.MatchString(strings.TrimSpace(s)) }
