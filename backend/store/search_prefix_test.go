package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"careinbox/backend/inbox"
)

func TestRenderFTSExpandsTheTypedWord(t *testing.T) {
	tests := []struct {
		input       string
		completions []string
		want        string
	}{
		{"thank", nil, `"thank"*`},
		{"thank", []string{"thanks"}, `"thanks"`},
		{"thank", []string{"thanks", "thank"}, `("thanks" OR "thank")`},
		{"please thank", []string{"thanks", "thank"}, `"please" AND ("thanks" OR "thank")`},
		{`"working da`, []string{"days", "day"}, `("working days" OR "working day")`},
		{`refund "working da`, []string{"days"}, `"refund" "working days"`},
		{"refund ", []string{"unused"}, `"refund"`}, // nothing typed: nothing to expand
	}
	for _, tt := range tests {
		if got := renderFTS(parseFTS(tt.input), tt.completions); got != tt.want {
			t.Errorf("renderFTS(%q, %v) = %s, want %s", tt.input, tt.completions, got, tt.want)
		}
	}
}

// prefixFixture stores messages whose words share prefixes: "thanks" in
// many, "thank" in some, "thankful" in one (the rare word), and more than
// PrefixTerms words starting "pre", each as often as its number says.
func prefixFixture(t *testing.T) *Store {
	t.Helper()
	s := openTest(t)
	ctx := context.Background()
	h := fixture(t, s, inbox.NetworkMastodon)
	a := customer("a")
	var convs []IncomingConversation
	add := func(text string) {
		n := len(convs)
		convs = append(convs, thread(fmt.Sprint("t", n), a, in(fmt.Sprint("m", n), a, text, time.Duration(n)*time.Second)))
	}
	for range 8 {
		add("thanks a lot")
	}
	for range 3 {
		add("I thank you")
	}
	add("so thankful for the working days")
	add("Thanksgiving order: working day one")
	add("than ever")
	for i := range PrefixTerms + 4 {
		for range i + 1 {
			add(fmt.Sprintf("pre%02d item", i))
		}
	}
	if _, err := s.Ingest(ctx, h.ID, convs, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddNote(ctx, inbox.Note{ConversationID: 1, Author: "Sam", Text: "thankfully resolved", CreatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSearchExpandsTheTypedWordToWholeWords(t *testing.T) {
	s := prefixFixture(t)
	ctx := context.Background()
	tests := []struct {
		text          string
		want          int // message hits
		prefixBounded bool
	}{
		{"thankf", 1, false},                               // the rare word is still found
		{"thank", 13, false},                               // thanks, thank, thankful, thanksgiving
		{"THANK", 13, false},                               // case folds as the index does
		{"thanks", 9, false},                               // thanks, thanksgiving
		{"than", 14, false},                                // the whole word too
		{"thankx", 0, false},                               // starts no word: nothing, no error
		{`"working da`, 2, false},                          // a phrase being typed
		{"so thank", 1, false},                             // a finished word beside the typed one
		{"pre1", 155, false},                               // pre10 … pre19 (11 … 20 each): 10 completions, all kept
		{"pre", PrefixTerms * (PrefixTerms + 9) / 2, true}, // the most frequent PrefixTerms of 20: pre04 … pre19
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			for _, relevance := range []bool{false, true} {
				res, err := s.SearchPage(ctx, SearchQuery{Text: tt.text, Relevance: relevance, Limit: 200})
				if err != nil {
					t.Fatal(err)
				}
				ids := messageIDs(res.Hits)
				if len(ids) != tt.want || res.PrefixBounded != tt.prefixBounded {
					t.Fatalf("relevance %v: %d message hits, prefix bounded %v; want %d, %v", relevance, len(ids), res.PrefixBounded, tt.want, tt.prefixBounded)
				}
				if tt.prefixBounded {
					continue
				}
				// Not bounded: the same set as the FTS5 prefix query.
				if raw := rawMatchIDs(t, s, FTSQuery(tt.text)); !slices.Equal(ids, raw) {
					t.Errorf("relevance %v: hits %v, the prefix query finds %v", relevance, ids, raw)
				}
			}
		})
	}
}

func TestSearchPrefixBoundedKeepsTheMostFrequentWords(t *testing.T) {
	s := prefixFixture(t)
	res, err := s.SearchPage(context.Background(), SearchQuery{Text: "pre", Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	words := map[string]bool{}
	for _, h := range res.Hits {
		plain := strings.NewReplacer(HighlightStart, "", HighlightEnd, "").Replace(h.Snippet)
		words[strings.Fields(plain)[0]] = true
	}
	for i := range PrefixTerms + 4 {
		w := fmt.Sprintf("pre%02d", i)
		if want := i >= 4; words[w] != want {
			t.Errorf("%s found %v, want %v (the %d most frequent completions)", w, words[w], want, PrefixTerms)
		}
	}
}

func TestSearchExpandsTheTypedWordInSubjectsAndNotes(t *testing.T) {
	s := prefixFixture(t)
	res, err := s.SearchPage(context.Background(), SearchQuery{Text: "thankfu"})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []HitKind
	for _, h := range res.Hits {
		kinds = append(kinds, h.Kind)
	}
	slices.Sort(kinds)
	if want := []HitKind{HitMessage, HitNote}; !slices.Equal(kinds, want) {
		t.Errorf("hits of kinds %v, want %v (thankful in a message, thankfully in a note)", kinds, want)
	}
}

func messageIDs(hits []Hit) []int64 {
	var ids []int64
	for _, h := range hits {
		if h.Kind == HitMessage {
			ids = append(ids, h.MessageID)
		}
	}
	slices.Sort(ids)
	return ids
}

func rawMatchIDs(t *testing.T, s *Store, match string) []int64 {
	t.Helper()
	rows, err := s.r.Query("SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid", match)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}
