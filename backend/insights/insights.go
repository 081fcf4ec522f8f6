// Package insights says what customers are writing about over the scope and
// period of a report (backend/report's Scope and Period): the terms and
// phrases rising against the previous period, the top tags, recurring
// issues (conversations grouped by their rising terms, each with a search
// that finds them) and the customers with the most conversations.
//
// Words. The text read is the customers' (inbound) messages in scope sent
// in the period, newest first, at most Options.MaxMessages of them per
// period (Capped says so), each cut to its first 8,192 characters and 400
// words (MessagesCut counts them). Words are
// split as the search index splits them (letters, digits and combining
// marks; links, @mentions and e-mail addresses are dropped whole), then
// words of one or two letters, numbers and code-like words are dropped, a
// message's language is guessed by which language's stop words it uses most
// (English by default: English, French, Spanish, Russian, Swedish,
// Norwegian, Hungarian), its stop words (and English's) are removed and the
// rest folded to their Snowball stem, so "refund", "refunds" and "refunded"
// are one term. A phrase is two kept words next to each other in the text.
// Scripts written without spaces between words (Chinese, Japanese, Thai)
// are not split into words, as the search index does not split them either.
//
// Counting and rising. A term counts the conversations it appears in (not
// how often): cur in the period, prev in the previous one. As the two
// periods can differ in volume, prev is first scaled to the period's volume
// (prev' = prev · C/P, with C and P the conversations whose text was read
// in each period; prev' = prev when P = 0). Then
//
//	score = cur · log2((cur + 1) / (prev' + 1))
//
// is how much a term rose, weighted by how many conversations it is in, so
// a term in 40 conversations that doubled outranks one that went from 0 to
// 3. Rising terms are those with score > 0 and cur ≥ MinConversations,
// highest score first. A term's display form is its most common spelling in
// the period; its query is the longest prefix all its spellings share (at
// least three letters, else the display form), which the search box matches
// as a prefix, so it finds every conversation counted.
//
// Recurring issues. Going down the rising terms, each term takes the
// conversations containing it that no earlier issue took; with at least
// MinConversations it is an issue, labelled by that term plus the other
// rising terms in at least half of its conversations. Its query is the
// first term's, so searching it finds all of its conversations.
//
// Tags and customers are counted over the conversations of the period (an
// inbound message sent in it), of every channel kind in scope: neither is
// text a customer wrote.
//
// Private words. Private messages and e-mail (inbox.KindPrivate,
// inbox.KindEmail) are not read for words, phrases or issues unless
// Options.IncludePrivate, so nothing made to be shared shows them; the
// result says whether they were included.
package insights

import (
	"context"
	"fmt"
	"time"

	"careinbox/backend/inbox"
	"careinbox/backend/report"
)

// Store is what insights read; *store.Store satisfies it. Every method is
// read-only, so insights work on a read-only workspace.
type Store interface {
	InsightMessages(ctx context.Context, clientID, handleID int64, network inbox.Network, kinds []inbox.Kind,
		from, to time.Time, limit, maxChars int, each func(conversationID int64, text string) error) (int, error)
	InsightTagCounts(ctx context.Context, clientID, handleID int64, network inbox.Network, kind inbox.Kind,
		from, to time.Time) (map[string]int, error)
	InsightCustomers(ctx context.Context, clientID, handleID int64, network inbox.Network, kind inbox.Kind,
		from, to time.Time, limit int) ([]inbox.Participant, []int, error)
}

// Caps: every input and every list is bounded.
const (
	DefaultMaxMessages = 50000 // per period, newest first
	maxChars           = 8192  // characters read of one message
	maxWords           = 400   // words read of one message
	MaxTerms           = 30
	MaxPhrases         = 30
	MaxTags            = 20
	MaxIssues          = 10
	MaxCustomers       = 20
	MaxIssueIDs        = 50 // conversation ids listed per issue
	// MinConversations is the least support of a rising term or an issue.
	MinConversations = 3
)

// Options tune a run; the zero value is the default.
type Options struct {
	// IncludePrivate reads private messages and e-mail for words too.
	IncludePrivate bool
	// MaxMessages caps the messages read per period (0: DefaultMaxMessages).
	MaxMessages int
}

// Term is a word (or a two-word phrase) and how it rose.
type Term struct {
	Key           string  `json:"term"`    // the folded form (stems, space-separated in a phrase)
	Display       string  `json:"display"` // the most common spelling
	Conversations int     `json:"conversations"`
	Previous      int     `json:"previous"` // conversations in the previous period
	Score         float64 `json:"score"`
	Query         string  `json:"query"` // what to type in the search box to find them
}

// Tag is a tag's conversations in the period and the previous one.
type Tag struct {
	Tag           string `json:"tag"`
	Conversations int    `json:"conversations"`
	Previous      int    `json:"previous"`
}

// Issue is a group of the period's conversations sharing rising terms.
type Issue struct {
	Label           string   `json:"label"`
	Terms           []string `json:"terms"` // display forms, the first the one it was grouped by
	Conversations   int      `json:"conversations"`
	ConversationIDs []int64  `json:"conversationIds"` // at most MaxIssueIDs, newest first
	Query           string   `json:"query"`
}

// Customer is a customer with the most conversations in the period.
type Customer struct {
	ID            int64         `json:"customerId"`
	Name          string        `json:"name"`
	Network       inbox.Network `json:"network"`
	Conversations int           `json:"conversations"`
}

// Insights are one period's insights against the previous period.
type Insights struct {
	Scope           report.Scope  `json:"scope"`
	Period          report.Period `json:"period"`
	Previous        report.Period `json:"previousPeriod"`
	Terms           []Term        `json:"terms"`
	Phrases         []Term        `json:"phrases"`
	Tags            []Tag         `json:"tags"`
	Issues          []Issue       `json:"issues"`
	Customers       []Customer    `json:"customers"`
	PrivateIncluded bool          `json:"privateIncluded"`
	// MessagesRead and PreviousMessagesRead count the messages whose text was read.
	MessagesRead         int `json:"messagesRead"`
	PreviousMessagesRead int `json:"previousMessagesRead"`
	// Capped: MaxMessages was reached in the period or the previous one, so
	// the counts cover the newest messages only.
	Capped bool `json:"capped"`
	// MessagesCut counts messages of the period read only in part (their
	// first 8,192 characters or 400 words): a long e-mail, a pasted log.
	MessagesCut int `json:"messagesCut"`
}

// Service computes insights.
type Service struct {
	st Store
}

// New returns an insights service over st.
func New(st Store) *Service { return &Service{st: st} }

// Build computes the insights of p (against p.Previous()) for scope sc.
func (s *Service) Build(ctx context.Context, sc report.Scope, p report.Period, opt Options) (Insights, error) {
	if !p.To.After(p.From) {
		return Insights{}, fmt.Errorf("insights period must end after it starts")
	}
	if opt.MaxMessages <= 0 {
		opt.MaxMessages = DefaultMaxMessages
	}
	prev := p.Previous()
	out := Insights{Scope: sc, Period: p, Previous: prev, PrivateIncluded: opt.IncludePrivate,
		Terms: []Term{}, Phrases: []Term{}, Tags: []Tag{}, Issues: []Issue{}, Customers: []Customer{}}
	fold := newFolder()
	cur, err := s.read(ctx, sc, p, opt, fold)
	if err != nil {
		return Insights{}, err
	}
	old, err := s.read(ctx, sc, prev, opt, fold)
	if err != nil {
		return Insights{}, err
	}
	out.MessagesRead, out.PreviousMessagesRead = cur.messages, old.messages
	out.Capped, out.MessagesCut = cur.capped || old.capped, cur.cut
	out.Terms = rising(cur.terms, old.terms, len(cur.convs), len(old.convs), MaxTerms)
	out.Phrases = rising(cur.phrases, old.phrases, len(cur.convs), len(old.convs), MaxPhrases)
	out.Issues = issues(cur, out.Terms)
	if out.Tags, err = s.tags(ctx, sc, p, prev); err != nil {
		return Insights{}, err
	}
	if out.Customers, err = s.customers(ctx, sc, p); err != nil {
		return Insights{}, err
	}
	return out, nil
}

// kinds are the conversation kinds whose text may be read (nil: none).
func kinds(sc report.Scope, includePrivate bool) []inbox.Kind {
	all := []inbox.Kind{inbox.KindPublic, inbox.KindPrivate, inbox.KindEmail}
	var out []inbox.Kind
	for _, k := range all {
		if (sc.Kind == "" || sc.Kind == k) && (includePrivate || !private(k)) {
			out = append(out, k)
		}
	}
	return out
}

// private: the kinds whose words are not shared unless asked.
func private(k inbox.Kind) bool { return k == inbox.KindPrivate || k == inbox.KindEmail }

func (s *Service) tags(ctx context.Context, sc report.Scope, p, prev report.Period) ([]Tag, error) {
	cur, err := s.st.InsightTagCounts(ctx, sc.ClientID, sc.HandleID, sc.Network, sc.Kind, p.From, p.To)
	if err != nil {
		return nil, err
	}
	old, err := s.st.InsightTagCounts(ctx, sc.ClientID, sc.HandleID, sc.Network, sc.Kind, prev.From, prev.To)
	if err != nil {
		return nil, err
	}
	out := make([]Tag, 0, len(cur))
	for name, n := range cur {
		out = append(out, Tag{Tag: name, Conversations: n, Previous: old[name]})
	}
	sortTags(out)
	if len(out) > MaxTags {
		out = out[:MaxTags]
	}
	return out, nil
}

func (s *Service) customers(ctx context.Context, sc report.Scope, p report.Period) ([]Customer, error) {
	ps, counts, err := s.st.InsightCustomers(ctx, sc.ClientID, sc.HandleID, sc.Network, sc.Kind, p.From, p.To, MaxCustomers)
	if err != nil {
		return nil, err
	}
	out := make([]Customer, 0, len(ps))
	for i, c := range ps {
		out = append(out, Customer{ID: c.ID, Name: c.Name(), Network: c.Network, Conversations: counts[i]})
	}
	return out, nil
}
