package insights

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"careinbox/backend/report"
)

// stat is one term's count in a period: the conversations it is in and how
// often each spelling was written.
type stat struct {
	n        int
	surfaces map[string]int
}

type termConv struct {
	key  string
	conv int64
}

// period is what one period's text says.
type period struct {
	messages int
	capped   bool           // MaxMessages was reached
	cut      int            // messages read only in part (maxChars or maxWords)
	convs    map[int64]bool // conversations whose text was read
	order    []int64        // the same, by their newest message first
	terms    map[string]*stat
	phrases  map[string]*stat
	seen     map[termConv]bool // a term (or phrase) already counted for a conversation
	fold     *folder
}

func newPeriod(fold *folder) *period {
	return &period{convs: map[int64]bool{}, terms: map[string]*stat{}, phrases: map[string]*stat{}, seen: map[termConv]bool{}, fold: fold}
}

func (s *Service) read(ctx context.Context, sc report.Scope, p report.Period, opt Options, fold *folder) (*period, error) {
	out := newPeriod(fold)
	ks := kinds(sc, opt.IncludePrivate)
	if len(ks) == 0 {
		return out, nil // only private text in scope, and it is not to be read
	}
	n, err := s.st.InsightMessages(ctx, sc.ClientID, sc.HandleID, sc.Network, ks, p.From, p.To, opt.MaxMessages, maxChars,
		func(conv int64, text string) error {
			out.add(conv, text)
			return nil
		})
	if err != nil {
		return nil, err
	}
	out.messages = n
	out.capped = n >= opt.MaxMessages
	return out, nil
}

// add counts one message of conversation conv.
func (p *period) add(conv int64, text string) {
	if !p.convs[conv] {
		p.convs[conv] = true
		p.order = append(p.order, conv)
	}
	toks, capped := p.fold.tokens(text, maxWords)
	if capped || utf8.RuneCountInString(text) >= maxChars {
		p.cut++
	}
	for i, t := range toks {
		p.count(p.terms, conv, t.key, t.surface)
		if i > 0 && !t.brk && toks[i-1].pos == t.pos-1 && toks[i-1].key != t.key {
			p.count(p.phrases, conv, toks[i-1].key+" "+t.key, toks[i-1].surface+" "+t.surface)
		}
	}
}

func (p *period) count(m map[string]*stat, conv int64, key, surface string) {
	st := m[key]
	if st == nil {
		st = &stat{surfaces: map[string]int{}}
		m[key] = st
	}
	st.surfaces[surface]++
	if k := (termConv{key, conv}); !p.seen[k] {
		p.seen[k] = true
		st.n++
	}
}

// rising ranks the period's terms by how much they rose (see the package
// comment for the formula), at most limit of them.
func rising(cur, old map[string]*stat, curConvs, oldConvs, limit int) []Term {
	scale := 1.0
	if oldConvs > 0 {
		scale = float64(curConvs) / float64(oldConvs)
	}
	out := []Term{}
	for key, st := range cur {
		if st.n < MinConversations {
			continue
		}
		prev := 0
		if o := old[key]; o != nil {
			prev = o.n
		}
		score := float64(st.n) * math.Log2((float64(st.n)+1)/(float64(prev)*scale+1))
		if score <= 0 {
			continue
		}
		display := mostCommon(st.surfaces)
		out = append(out, Term{Key: key, Display: display, Conversations: st.n, Previous: prev,
			Score: math.Round(score*1000) / 1000, Query: query(st.surfaces, display)})
	}
	slices.SortFunc(out, func(a, b Term) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Conversations, a.Conversations); c != 0 {
			return c
		}
		return strings.Compare(a.Key, b.Key)
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// mostCommon is the spelling written most (ties: the first in order).
func mostCommon(surfaces map[string]int) string {
	best, bestN := "", 0
	for s, n := range surfaces {
		if n > bestN || (n == bestN && s < best) {
			best, bestN = s, n
		}
	}
	return best
}

// query is what to search for to find every spelling: per word of the
// term, the longest prefix all its spellings share when it has at least
// minRunes letters, else that word of the display form.
func query(surfaces map[string]int, display string) string {
	shown := strings.Fields(display)
	parts := make([]string, len(shown))
	for i := range shown {
		var prefix []rune
		first := true
		for s := range surfaces {
			ws := strings.Fields(s)
			if len(ws) != len(shown) {
				continue
			}
			r := []rune(ws[i])
			if first {
				prefix, first = r, false
				continue
			}
			n := 0
			for n < len(prefix) && n < len(r) && prefix[n] == r[n] {
				n++
			}
			prefix = prefix[:n]
		}
		parts[i] = shown[i]
		if len(prefix) >= minRunes {
			parts[i] = string(prefix)
		}
	}
	return strings.Join(parts, " ")
}

// issues groups the period's conversations by the rising terms, in rank
// order: each term takes the conversations with it that no earlier term took.
func issues(cur *period, terms []Term) []Issue {
	out := []Issue{}
	taken := map[int64]bool{}
	for _, t := range terms {
		if len(out) == MaxIssues {
			break
		}
		var members []int64
		for _, c := range cur.order {
			if !taken[c] && cur.seen[termConv{t.Key, c}] {
				members = append(members, c)
			}
		}
		if len(members) < MinConversations {
			continue
		}
		for _, c := range members {
			taken[c] = true
		}
		labels := []string{t.Display}
		for _, o := range terms {
			if o.Key == t.Key || len(labels) == 4 {
				continue
			}
			n := 0
			for _, c := range members {
				if cur.seen[termConv{o.Key, c}] {
					n++
				}
			}
			if 2*n >= len(members) {
				labels = append(labels, o.Display)
			}
		}
		ids := slices.Clone(members[:min(len(members), MaxIssueIDs)])
		out = append(out, Issue{Label: strings.Join(labels, ", "), Terms: labels, Conversations: len(members),
			ConversationIDs: ids, Query: t.Query})
	}
	return out
}

func sortTags(ts []Tag) {
	slices.SortFunc(ts, func(a, b Tag) int {
		if c := cmp.Compare(b.Conversations, a.Conversations); c != 0 {
			return c
		}
		return strings.Compare(a.Tag, b.Tag)
	})
}
