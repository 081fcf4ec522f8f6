package listen

import (
	"testing"

	"careinbox/backend/store"
)

func TestMatches(t *testing.T) {
	for _, c := range []struct {
		terms []string
		text  string
		want  bool
	}{
		{[]string{"Acme"}, "my acme bag broke", true},
		{[]string{"Acme"}, "acmeville is nice", false},
		{[]string{"acme bags"}, "Love my Acme\n bags", true}, // any space between
		{[]string{"acme bags"}, "Love my Acme bags!", true},
		{[]string{"#acmebags"}, "so #AcmeBags", true},
		{[]string{"#acmebags"}, "acmebags rock", true},
		{[]string{"acmee", "acme"}, "ACMEE misspelt", true},
		{[]string{"café"}, "le café est froid", true},
	} {
		if got := matches(c.terms, c.text); got != c.want {
			t.Errorf("matches(%q, %q) = %v, want %v", c.terms, c.text, got, c.want)
		}
	}
}

func TestExcluded(t *testing.T) {
	ls := store.ListenSearch{ExcludeWords: []string{"giveaway"}, ExcludeAccounts: []string{"acmebot"}, Language: "en"}
	for _, c := range []struct {
		text, user, lang string
		want             bool
	}{
		{"acme GIVEAWAY now", "ana", "en", true},
		{"acme is late", "acmebot", "en", true},
		{"acme is late", "acmebot@example.org", "en", true},
		{"acme is late", "acmebotany", "en", false},
		{"acme ist spät", "ana", "de", true},
		{"acme is late", "ana", "en-GB", false},
		{"acme is late", "ana", "", false},
	} {
		if got := excluded(ls, c.text, c.user, c.lang); got != c.want {
			t.Errorf("excluded(%q by %q in %q) = %v, want %v", c.text, c.user, c.lang, got, c.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	ls, err := Normalize(store.ListenSearch{Terms: []string{" Acme ", "acme", "#acme"}, ExcludeAccounts: []string{"@bot"},
		Feeds: []string{"https://example.org/feed"}, Language: "EN"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ls.Terms) != 2 || ls.Name != "Acme" || ls.ExcludeAccounts[0] != "bot" || ls.Language != "en" {
		t.Fatalf("normalized = %+v", ls)
	}
	for _, bad := range []store.ListenSearch{
		{},
		{Terms: []string{"a"}, Feeds: []string{"javascript:alert(1)"}},
		{Terms: []string{"a"}, Feeds: []string{"file:///etc/passwd"}},
		{Terms: []string{"a"}, Language: "english"},
	} {
		if _, err := Normalize(bad); err == nil {
			t.Errorf("Normalize(%+v) accepted", bad)
		}
	}
}
