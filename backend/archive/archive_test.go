package archive

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDemojibake(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain ascii", "plain ascii"},
		{"Zo\u00c3\u00ab", "Zoë"},                    // Meta's "Zoë"
		{"\u00f0\u009f\u00a5\u0090", "🥐"},            // a 4-byte emoji
		{"Caf\u00e9", "Café"},                        // real Latin-1 text: not valid UTF-8 as bytes, kept
		{"Zoë already fine ✓", "Zoë already fine ✓"}, // a rune above U+00FF: not mojibake
		{"\u00d0\u009e\u00d0\u00bb\u00d1\u008c\u00d0\u00b3\u00d0\u00b0", "Ольга"},
	}
	for _, c := range cases {
		if got := Demojibake(c.in); got != c.want {
			t.Errorf("Demojibake(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func FuzzDemojibake(f *testing.F) {
	for _, s := range []string{"Zo\u00c3\u00ab", "Café", "🥐", "\u00c3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Demojibake(s)
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("Demojibake(%q) = %q: not UTF-8", s, got)
		}
		if got != s && utf8.RuneCountInString(got) >= utf8.RuneCountInString(s) {
			t.Fatalf("Demojibake(%q) = %q: a fix only ever joins bytes into fewer runes", s, got)
		}
	})
}

func TestEachElementStreams(t *testing.T) {
	var got []string
	err := EachElement(strings.NewReader(` [ {"a":1}, [2], "x" ] `), func(raw json.RawMessage) error {
		got = append(got, string(raw))
		return nil
	})
	if err != nil || strings.Join(got, "|") != `{"a":1}|[2]|"x"` {
		t.Fatalf("got %q, %v", got, err)
	}
	if err := EachElement(strings.NewReader(`[{"a":1}, {"b":`), func(json.RawMessage) error { return nil }); err == nil {
		t.Fatal("a cut-off array must fail")
	}
	if err := CheckJSON(strings.NewReader(`{"a":[1,2,{"b":null}]} {}`)); err == nil {
		t.Fatal("data after the value must fail")
	}
}
