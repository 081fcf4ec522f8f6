package store

import (
	"context"
	"fmt"
	"strings"
)

// PrefixTerms bounds how many whole words the word being typed expands to.
// Without a prefix index FTS5 reads and merges the doclist of every word
// starting with a prefix before it can stop at a limit, once per statement
// that mentions it — `"thank"*` on the 1 M-message bench read 260 k
// postings three times per source (the window's edge, the candidates, the
// snippets). Expanded once per search through the index's vocabulary to
// `("thank" OR "thanks")`, each statement reads only as far as it needs. A
// short prefix has hundreds of completions; the most frequent PrefixTerms of
// them are kept and the result says the prefix was bounded.
const PrefixTerms = 16

// ftsTerm is one term of a parsed query: a word, or a quoted phrase of
// words. prefix says its last word is the word being typed.
type ftsTerm struct {
	words  []string
	phrase bool
	prefix bool
}

// parseFTS splits what a person types into words and "quoted phrases"; only
// the last term, when the input does not end with a space or punctuation, is
// a prefix (see FTSQuery).
func parseFTS(input string) []ftsTerm {
	parts := strings.Split(input, `"`)
	var terms []ftsTerm
	for i, part := range parts {
		last := i == len(parts)-1
		words := ftsWords(part)
		if i%2 == 1 { // inside quotes
			if len(words) > 0 {
				terms = append(terms, ftsTerm{words: words, phrase: true, prefix: last && endsInWord(part)})
			}
			continue
		}
		for j, w := range words {
			terms = append(terms, ftsTerm{words: []string{w}, prefix: last && j == len(words)-1 && endsInWord(part)})
		}
	}
	return terms
}

// renderFTS writes terms as an FTS5 expression. With completions (not nil)
// the prefix term matches them as whole words instead: the phrase with its
// last word replaced by each, ORed.
func renderFTS(terms []ftsTerm, completions []string) string {
	out := make([]string, 0, len(terms))
	sep := " " // FTS5 ANDs adjacent phrases, but not a parenthesised group
	for _, t := range terms {
		if !t.prefix {
			out = append(out, quoteFTS(t.words))
			continue
		}
		if completions == nil {
			out = append(out, quoteFTS(t.words)+"*")
			continue
		}
		alts := make([]string, 0, len(completions))
		for _, c := range completions {
			alts = append(alts, quoteFTS(append(t.words[:len(t.words)-1:len(t.words)-1], c)))
		}
		if len(alts) == 1 {
			out = append(out, alts[0])
		} else {
			out = append(out, "("+strings.Join(alts, " OR ")+")")
			sep = " AND "
		}
	}
	return strings.Join(out, sep)
}

func quoteFTS(words []string) string {
	return `"` + strings.ReplaceAll(strings.Join(words, " "), `"`, `""`) + `"`
}

// prefixWord is the typed word of terms as the index stores it, or "" when
// nothing is being typed or the word is not plain ASCII: the tokenizer folds
// case and diacritics, and only ASCII folds here exactly as it does there
// (such a word keeps the prefix query).
func prefixWord(terms []ftsTerm) string {
	if len(terms) == 0 || !terms[len(terms)-1].prefix {
		return ""
	}
	w := terms[len(terms)-1].words
	word := w[len(w)-1]
	for i := 0; i < len(word); i++ {
		if word[i] >= 0x80 {
			return ""
		}
	}
	return strings.ToLower(word)
}

// expandedText is the FTS5 expression for q.Text against one source: the
// word being typed replaced by its most frequent completions in that
// source's index (ok false when it has none there: nothing can match), and
// whether completions were left out.
func (s *Store) expandedText(ctx context.Context, src searchSource, text string) (expr string, ok, bounded bool, err error) {
	terms := parseFTS(text)
	word := prefixWord(terms)
	if word == "" || src.vocab == "" {
		return renderFTS(terms, nil), true, false, nil
	}
	completions, bounded, err := s.completions(ctx, src.vocab, word)
	if err != nil {
		return "", false, false, err
	}
	if len(completions) == 0 {
		return "", false, false, nil
	}
	return renderFTS(terms, completions), true, bounded, nil
}

// completions lists the terms of a vocabulary table that start with word,
// the most documents first, at most PrefixTerms of them; bounded says there
// were more. The vocabulary walks each completion's doclist once to count
// it, which is what one prefix query costs without stopping early.
func (s *Store) completions(ctx context.Context, vocab, word string) ([]string, bool, error) {
	// word is ASCII: every term starting with it sorts before the same word
	// with its last byte incremented.
	upper := word[:len(word)-1] + string(word[len(word)-1]+1)
	rows, err := s.r.QueryContext(ctx, "SELECT term FROM "+vocab+" WHERE term >= ? AND term < ? AND doc > 0 ORDER BY doc DESC, term LIMIT ?",
		word, upper, PrefixTerms+1)
	if err != nil {
		return nil, false, fmt.Errorf("complete %q: %w", word, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, false, fmt.Errorf("scan completion: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("complete %q: %w", word, err)
	}
	if len(out) > PrefixTerms {
		return out[:PrefixTerms], true, nil
	}
	return out, false, nil
}
