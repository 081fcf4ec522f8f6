package guard

import (
	"strings"
	"testing"
)

func TestScan(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []Kind
	}{
		{"visa with spaces", "my card is 4111 1111 1111 1111 thanks", []Kind{KindCard}},
		{"card with dashes", "4242-4242-4242-4242", []Kind{KindCard}},
		{"amex 15 digits", "3782 822463 10005", []Kind{KindCard}},
		{"failing luhn is no card", "4111 1111 1111 1112", nil},
		{"a timestamp passing luhn is no card", "Thanks for your patience — e2e 1795461510475", nil},
		{"an order number passing luhn is no card", "order 1234567812345670 shipped", nil},
		{"amex", "3782 822463 10005", []Kind{KindCard}},
		{"mastercard 2-series", "2223000048400011", []Kind{KindCard}},
		{"visa too short for its scheme", "411111111111", nil},
		{"order number", "order 48213 is late", nil},
		{"german iban", "IBAN: DE89 3704 0044 0532 0130 00 please refund", []Kind{KindIBAN}},
		{"iban lower case no spaces", "gb82west12345698765432", []Kind{KindIBAN}},
		{"bad iban checksum", "DE89370400440532013001", nil},
		{"email", "write to jane.doe+shop@example.co.uk", []Kind{KindEmail}},
		{"international phone", "call me on +49 151 2345 6789", []Kind{KindPhone}},
		{"national phone", "ring 030 1234 5678 after 5", []Kind{KindPhone}},
		{"dates are not phones", "since 2026-11-23 nothing", nil},
		{"amount is not a phone", "I paid 1200.50 EUR", nil},
		{"ssn", "SSN 078-05-1120", []Kind{KindSSN}},
		{"several", "card 4111111111111111 mail a@b.io", []Kind{KindCard, KindEmail}},
		{"nothing", "Hi, where is my parcel?", nil},
		{"accents and unicode untouched", "Chloé dit merci — à bientôt", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Kinds(Scan(tt.text))
			if len(got) != len(tt.want) {
				t.Fatalf("Scan(%q) kinds = %v, want %v", tt.text, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("Scan(%q) kinds = %v, want %v", tt.text, got, tt.want)
				}
			}
		})
	}
}

func TestRedactNeverShowsFullCard(t *testing.T) {
	tests := []struct {
		text    string
		secret  string
		keeps   string
		visible string
	}{
		{"pay with 4111 1111 1111 1111 now", "4111 1111 1111 1111", "pay with", "1111"},
		{"card 5500-0000-0000-0004.", "5500-0000-0000-0004", "card", "0004"},
		{"DE89370400440532013000", "DE89370400440532013000", "", "3000"},
		{"mail jane@example.com", "jane@example.com", "mail", "@example.com"},
	}
	for _, tt := range tests {
		got := Redact(tt.text)
		if strings.Contains(got, tt.secret) {
			t.Errorf("Redact(%q) = %q still contains the secret", tt.text, got)
		}
		if !strings.Contains(got, tt.keeps) || !strings.Contains(got, tt.visible) {
			t.Errorf("Redact(%q) = %q, want it to keep %q and %q", tt.text, got, tt.keeps, tt.visible)
		}
		if d := digits(got); strings.Contains(d, "411111111111") || strings.Contains(d, "550000000000") {
			t.Errorf("Redact(%q) = %q leaks card digits", tt.text, got)
		}
	}
	if got := Redact("nothing here"); got != "nothing here" {
		t.Errorf("Redact changed clean text: %q", got)
	}
}

func TestLuhnAndIBAN(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{{"79927398713", true}, {"79927398710", false}, {"", false}, {"12a4", false}} {
		if got := Luhn(tt.in); got != tt.want {
			t.Errorf("Luhn(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	for _, tt := range []struct {
		in   string
		want bool
	}{{"GB82WEST12345698765432", true}, {"NL91ABNA0417164300", true}, {"NL91ABNA0417164301", false}, {"XX00", false}} {
		if got := ValidIBAN(tt.in); got != tt.want {
			t.Errorf("ValidIBAN(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestFindingOffsets(t *testing.T) {
	text := "x 4111 1111 1111 1111 y"
	fs := Scan(text)
	if len(fs) != 1 || text[fs[0].Start:fs[0].End] != "4111 1111 1111 1111" {
		t.Fatalf("offsets wrong: %+v", fs)
	}
	if fs[0].Masked != "•••• •••• •••• 1111" || fs[0].Kind.Label() != "card number" {
		t.Fatalf("masked/label wrong: %+v", fs[0])
	}
}
