package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"careinbox/backend/inbox"
)

func TestFTSQueryPrefixOnlyForTheWordBeingTyped(t *testing.T) {
	tests := []struct{ input, want string }{
		{"refund", `"refund"*`},
		{"refund ", `"refund"`},
		{"refund par", `"refund" "par"*`},
		{"refund parcel\t", `"refund" "parcel"`},
		{"refund,", `"refund"`},
		{`"order number"`, `"order number"`},
		{`"order num`, `"order num"*`},
		{`"order number" `, `"order number"`},
		{`refund "late delivery" par`, `"refund" "late delivery" "par"*`},
		{`"late delivery" refund `, `"late delivery" "refund"`},
		{"parcel OR NOT(", `"parcel" "OR" "NOT"`},
		{"crème brûl", `"crème" "brûl"*`},
		{"*)(^", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := FTSQuery(tt.input); got != tt.want {
			t.Errorf("FTSQuery(%q) = %s, want %s", tt.input, got, tt.want)
		}
	}
}

func TestSearchWholeWordsAndPhrases(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	h := fixture(t, s, inbox.NetworkMastodon)
	a := customer("a")
	if _, err := s.Ingest(ctx, h.ID, []IncomingConversation{
		thread("t1", a, in("1", a, "I was refunded twice for order 12", 0)),
		thread("t2", a, in("2", a, "refund please, the order never came", time.Minute)),
		thread("t3", a, in("3", a, "please send the order number", 2*time.Minute)),
	}, nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query string
		want  int
	}{
		{"refund", 2},           // being typed: refund, refunded
		{"refund ", 1},          // finished: the whole word only
		{"refund ple", 1},       // refund whole, ple a prefix
		{"refunde", 1},          // the typed prefix
		{"refunde order ", 0},   // refunde is finished now, and no such word
		{`"order number"`, 1},   // phrase
		{`"order num`, 1},       // a phrase being typed
		{`"order never" `, 1},   // phrase order
		{`"never order"`, 0},    // phrase order matters
		{"order ", 3},           // a common word
		{"ORDER REFUND ", 1},    // case
		{`refund OR order`, 0},  // OR is a word, in no message
		{`"unbalanced`, 0},      // no syntax error
		{"please refund", 1},    // order of words does not matter
		{"please refun", 1},     // …nor for the prefix
		{"please refund x", 0},  // every word must match
		{"zoë ", 3},             // author names
		{"refunded twice ", 1},  // words before the typed one
		{"for orde", 1},         // "for" whole, orde* prefix
		{"*)(^ refund ", 1},     // punctuation is no syntax
		{"refund*", 1},          // a typed star is punctuation: the word is finished
		{"refund, order ", 1},   // punctuation ends a word
		{"refunded, twice ", 1}, // …anywhere
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			hits, err := s.SearchHits(ctx, SearchQuery{Text: tt.query})
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) != tt.want {
				t.Errorf("%d hits, want %d (%s)", len(hits), tt.want, FTSQuery(tt.query))
			}
		})
	}
}

// searchFixture is an e-mail conversation whose subject names the problem
// its text does not, with a note, beside a social one.
func searchFixture(t *testing.T) (*Store, inbox.Handle, int64, int64) {
	t.Helper()
	s := openTest(t)
	ctx := context.Background()
	mail := fixture(t, s, inbox.NetworkEmail)
	social := fixture(t, s, inbox.NetworkMastodon)
	a := customer("a")
	res, err := s.Ingest(ctx, mail.ID, []IncomingConversation{{RemoteID: "e1", Kind: inbox.KindEmail,
		Subject: "Double charge on invoice 7", Customer: a,
		Messages: []IncomingMessage{in("e1m", a, "Please look at my card statement", 0)}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	convID := res.Conversations[0]
	if _, err := s.Ingest(ctx, social.ID, []IncomingConversation{
		thread("s1", a, in("s1m", a, "my card was charged once", time.Minute)),
	}, nil); err != nil {
		t.Fatal(err)
	}
	n, err := s.AddNote(ctx, inbox.Note{ConversationID: convID, Author: "Sam", Text: "Called the bank: it is a double charge, refund due",
		CreatedAt: t0.Add(2 * time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	return s, mail, convID, n.ID
}

func TestSearchFindsSubjectsAndNotes(t *testing.T) {
	s, mail, convID, noteID := searchFixture(t)
	ctx := context.Background()
	resolved := []inbox.Status{inbox.StatusResolved}
	tests := []struct {
		name  string
		q     SearchQuery
		kinds string // kinds of the hits, newest or best first
	}{
		{"subject and note", SearchQuery{Text: "double charge"}, "note,subject"},
		{"subject phrase", SearchQuery{Text: `"double charge" invoice `}, "subject"},
		{"note only", SearchQuery{Text: "bank "}, "note"},
		{"message and subject", SearchQuery{Text: "card"}, "message,message"},
		{"subject by prefix", SearchQuery{Text: "invoi"}, "subject"},
		{"handle filter", SearchQuery{Text: "double charge", HandleID: mail.ID}, "note,subject"},
		{"client filter", SearchQuery{Text: "double charge", ClientID: mail.ClientID}, "note,subject"},
		{"network filter", SearchQuery{Text: "double charge", Network: inbox.NetworkMastodon}, ""},
		{"status filter", SearchQuery{Text: "double charge", Statuses: resolved}, ""},
		{"dates", SearchQuery{Text: "double charge", From: t0.Add(time.Minute)}, "note"},
		{"author searches messages only", SearchQuery{Text: "double", Author: "zoë"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.SearchPage(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var kinds []string
			for _, h := range res.Hits {
				kinds = append(kinds, string(h.Kind))
			}
			if got := strings.Join(kinds, ","); got != tt.kinds {
				t.Fatalf("kinds = %q, want %q: %+v", got, tt.kinds, res.Hits)
			}
			if res.Matches != len(res.Hits) || res.MoreMatches || res.Bounded {
				t.Errorf("matches = %d (more %v, bounded %v) for %d hits", res.Matches, res.MoreMatches, res.Bounded, len(res.Hits))
			}
		})
	}
	res, _ := s.SearchPage(ctx, SearchQuery{Text: "double charge"})
	note, subj := res.Hits[0], res.Hits[1]
	if note.NoteID != noteID || note.MessageID != 0 || note.ConversationID != convID || note.AuthorName != "Sam" ||
		!strings.Contains(note.Snippet, HighlightStart+"double"+HighlightEnd) || note.ClientName == "" {
		t.Errorf("note hit = %+v", note)
	}
	if subj.MessageID != 0 || subj.NoteID != 0 || subj.ConversationID != convID || subj.Network != inbox.NetworkEmail ||
		subj.Snippet != HighlightStart+"Double"+HighlightEnd+" "+HighlightStart+"charge"+HighlightEnd+" on invoice 7" {
		t.Errorf("subject hit = %+v", subj)
	}
	if err := s.TagMany(ctx, []int64{convID}, "billing"); err != nil {
		t.Fatal(err)
	}
	if hits, _ := s.SearchHits(ctx, SearchQuery{Text: "double charge", Tag: "billing"}); len(hits) != 2 {
		t.Errorf("tag filter: %d hits, want 2", len(hits))
	}
	if hits, _ := s.SearchHits(ctx, SearchQuery{Text: "double charge", Tag: "other"}); len(hits) != 0 {
		t.Errorf("other tag: %d hits, want 0", len(hits))
	}
}

// ftsIntact runs FTS5's integrity check of each external-content index
// against its table: a trigger that indexed or deleted the wrong text fails it.
func ftsIntact(t *testing.T, s *Store) {
	t.Helper()
	for _, fts := range []string{"messages_fts", "conversations_fts", "notes_fts"} {
		if _, err := s.w.Exec("INSERT INTO " + fts + "(" + fts + ", rank) VALUES ('integrity-check', 1)"); err != nil {
			t.Errorf("%s: %v", fts, err)
		}
	}
}

func TestSearchForgetsNotesAndSubjectsOfDeletedConversations(t *testing.T) {
	s, mail, convID, _ := searchFixture(t)
	ctx := context.Background()
	if _, err := s.AddNote(ctx, inbox.Note{ConversationID: convID, Author: "Sam", Text: "second double charge note", CreatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.Exec("UPDATE notes SET text = 'a typo fixed' WHERE text LIKE 'second%'"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.Exec("UPDATE conversations SET subject = 'Refund for invoice 7' WHERE id = ?", convID); err != nil {
		t.Fatal(err)
	}
	ftsIntact(t, s)
	for q, want := range map[string]int{"double charge": 1, "typo": 1, "refund invoice": 1, "refund": 2} {
		if hits, _ := s.SearchHits(ctx, SearchQuery{Text: q}); len(hits) != want {
			t.Errorf("%q after edits: %d hits, want %d", q, len(hits), want)
		}
	}
	if err := s.DeleteHandle(ctx, mail.ID); err != nil {
		t.Fatal(err)
	}
	ftsIntact(t, s)
	for _, q := range []string{"double charge", "typo", "invoice", "bank"} {
		if res, err := s.SearchPage(ctx, SearchQuery{Text: q}); err != nil || len(res.Hits) != 0 || res.Matches != 0 {
			t.Errorf("%q after the handle's conversations were erased: %+v, %v", q, res, err)
		}
	}
	if hits, _ := s.SearchHits(ctx, SearchQuery{Text: "card"}); len(hits) != 1 {
		t.Errorf("the other handle's message: %d hits, want 1", len(hits))
	}
}

func TestSearchMigrationIndexesExistingSubjectsAndNotes(t *testing.T) {
	s, _, _, _ := searchFixture(t)
	ctx := context.Background()
	// Undo migration 0010 as if the rows had been written before it.
	for _, stmt := range []string{
		"DROP TRIGGER conversations_fts_ai", "DROP TRIGGER conversations_fts_ad", "DROP TRIGGER conversations_fts_au",
		"DROP TRIGGER notes_fts_ai", "DROP TRIGGER notes_fts_ad", "DROP TRIGGER notes_fts_au",
		"DROP TABLE conversations_fts", "DROP TABLE notes_fts", "DELETE FROM schema_migrations WHERE version = 10",
	} {
		if _, err := s.w.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	if err := s.migrate(ctx); err != nil {
		t.Fatal(err)
	}
	ftsIntact(t, s)
	if hits, _ := s.SearchHits(ctx, SearchQuery{Text: "double charge"}); len(hits) != 2 {
		t.Errorf("after the migration's backfill: %d hits, want the subject and the note", len(hits))
	}
}

func TestSearchBoundsRelevanceToTheNewestMatches(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	h := fixture(t, s, inbox.NetworkMastodon)
	other := fixture(t, s, inbox.NetworkBluesky)
	a := customer("a")
	// The oldest match is the best one; the bound leaves it out.
	var convs []IncomingConversation
	convs = append(convs, thread("best", a, in("best", a, "parcel parcel parcel", 0)))
	for i := range SearchCandidates + 10 {
		convs = append(convs, thread(fmt.Sprint("c", i), a,
			in(fmt.Sprint("m", i), a, "where is my parcel, it is late and I want it today please", time.Duration(i+1)*time.Second)))
	}
	if _, err := s.Ingest(ctx, h.ID, convs, nil); err != nil {
		t.Fatal(err)
	}
	b := inbox.Participant{Network: inbox.NetworkBluesky, RemoteID: "did:b", Username: "b.bsky.social"}
	if _, err := s.Ingest(ctx, other.ID, []IncomingConversation{{RemoteID: "b1", Kind: inbox.KindPublic, Customer: b,
		Messages: []IncomingMessage{in("b1", b, "parcel parcel", time.Hour), in("b2", b, "a parcel", 2*time.Hour)}}}, nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name          string
		q             SearchQuery
		matches       int
		more, bounded bool
		first         string // the first hit's text, by its snippet without marks
	}{
		{"newest first, more than the bound", SearchQuery{Text: "parcel "}, SearchCandidates, true, false, "a parcel"},
		{"best match, bounded", SearchQuery{Text: "parcel ", Relevance: true}, SearchCandidates, true, true, "parcel parcel"},
		{"best match within a filter, all ranked", SearchQuery{Text: "parcel ", Relevance: true, HandleID: other.ID}, 2, false, false, "parcel parcel"},
		{"a rare word, all ranked", SearchQuery{Text: "parcel parcel", Relevance: true, From: t0, To: t0.Add(time.Second)}, 1, false, false, "parcel parcel parcel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.SearchPage(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if res.Matches != tt.matches || res.MoreMatches != tt.more || res.Bounded != tt.bounded {
				t.Fatalf("matches %d more %v bounded %v, want %d %v %v", res.Matches, res.MoreMatches, res.Bounded, tt.matches, tt.more, tt.bounded)
			}
			first := strings.NewReplacer(HighlightStart, "", HighlightEnd, "").Replace(res.Hits[0].Snippet)
			if first != tt.first {
				t.Errorf("first hit %q, want %q", first, tt.first)
			}
			if len(res.Hits) != min(50, tt.matches) {
				t.Errorf("%d hits", len(res.Hits))
			}
		})
	}
}
