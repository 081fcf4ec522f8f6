package app

import (
	"context"

	"careinbox/backend/inbox"
	"careinbox/backend/insights"
	"careinbox/backend/report"
)

// InsightsAPI serves the insights of the Reports screen: it only translates
// to and from backend/insights, over the same scope and days as ReportsAPI
// (the report service gives the scope's time zone).
type InsightsAPI struct {
	ctx     func() context.Context
	svc     *insights.Service
	reports *report.Service
}

// InsightTermDTO is a word or a two-word phrase customers used in the
// period, and how it rose against the previous period.
type InsightTermDTO struct {
	// Term is the folded form (word stems; a phrase's are space-separated).
	Term string `json:"term"`
	// Display is its most common spelling in the period.
	Display string `json:"display"`
	// Conversations it appears in, in the period and in the previous one.
	Conversations int `json:"conversations"`
	Previous      int `json:"previous"`
	// Score is how much it rose: conversations · log2((cur+1)/(prev'+1)),
	// prev' scaled to the period's volume.
	Score float64 `json:"score"`
	// Query is what to put in the search box to find those conversations.
	Query string `json:"query"`
}

// InsightTagDTO is a tag's conversations in the period and the previous one.
type InsightTagDTO struct {
	Tag           string `json:"tag"`
	Conversations int    `json:"conversations"`
	Previous      int    `json:"previous"`
}

// InsightIssueDTO is a recurring issue: conversations of the period grouped
// by a rising term.
type InsightIssueDTO struct {
	// Label names the issue by its terms.
	Label string `json:"label"`
	// Terms are display forms, the first the one the group was made by.
	Terms []string `json:"terms"`
	// Conversations in the group; ConversationIDs lists at most 50 of them, newest first.
	Conversations   int     `json:"conversations"`
	ConversationIDs []int64 `json:"conversationIds"`
	// Query is what to put in the search box to find them.
	Query string `json:"query"`
}

// InsightCustomerDTO is a customer with the most conversations in the period.
type InsightCustomerDTO struct {
	CustomerID    int64   `json:"customerId"`
	Name          string  `json:"name"`
	Network       Network `json:"network"`
	Conversations int     `json:"conversations"`
}

// InsightsDTO is what customers wrote about in the period against the
// previous one. Lists are capped (30 terms, 30 phrases, 20 tags, 10 issues,
// 20 customers), best first.
type InsightsDTO struct {
	Terms     []InsightTermDTO     `json:"terms"`
	Phrases   []InsightTermDTO     `json:"phrases"`
	Tags      []InsightTagDTO      `json:"tags"`
	Issues    []InsightIssueDTO    `json:"issues"`
	Customers []InsightCustomerDTO `json:"customers"`
	// PrivateIncluded: words of private messages and e-mail were read; when
	// false they appear in no term, phrase or issue (tags and customers
	// count every conversation).
	PrivateIncluded bool `json:"privateIncluded"`
	// MessagesRead counts the customer messages of the period whose words were read.
	MessagesRead int `json:"messagesRead"`
	// Capped: only the newest 50,000 customer messages of the period (or of
	// the previous one) were read, so counts cover those. (Each message is
	// read up to its first 8,192 characters and 400 words.)
	Capped bool `json:"capped"`
}

// Insights computes the insights of one client (0: all), handle (0: any),
// network and channel kind ("": any) from the first to the last day
// (included), "YYYY-MM-DD" in the scope's time zone, as ReportsAPI.Report.
// includePrivate reads private messages' and e-mails' words too.
func (a *InsightsAPI) Insights(clientID int64, handleID int64, network string, kind string, from string, to string, includePrivate bool) (InsightsDTO, error) {
	if a.svc == nil || a.reports == nil {
		return InsightsDTO{}, invalid("insights are not available in this window")
	}
	sc := report.Scope{ClientID: clientID, HandleID: handleID, Network: inbox.Network(network), Kind: inbox.Kind(kind)}
	if sc.Network != "" && !sc.Network.Valid() {
		return InsightsDTO{}, invalid("unknown network " + network)
	}
	if sc.Kind != "" && !sc.Kind.Valid() {
		return InsightsDTO{}, invalid("unknown channel kind " + kind)
	}
	ctx := a.ctx()
	loc, err := a.reports.Location(ctx, sc)
	if err != nil {
		return InsightsDTO{}, toAPIError(err)
	}
	p, err := report.Days(from, to, loc)
	if err != nil {
		return InsightsDTO{}, invalid(err.Error())
	}
	in, err := a.svc.Build(ctx, sc, p, insights.Options{IncludePrivate: includePrivate})
	if err != nil {
		return InsightsDTO{}, toAPIError(err)
	}
	return insightsDTO(in), nil
}

func insightsDTO(in insights.Insights) InsightsDTO {
	d := InsightsDTO{Terms: termsDTO(in.Terms), Phrases: termsDTO(in.Phrases), Tags: make([]InsightTagDTO, 0, len(in.Tags)),
		Issues: make([]InsightIssueDTO, 0, len(in.Issues)), Customers: make([]InsightCustomerDTO, 0, len(in.Customers)),
		PrivateIncluded: in.PrivateIncluded, MessagesRead: in.MessagesRead, Capped: in.Capped}
	for _, t := range in.Tags {
		d.Tags = append(d.Tags, InsightTagDTO(t))
	}
	for _, is := range in.Issues {
		d.Issues = append(d.Issues, InsightIssueDTO{Label: is.Label, Terms: append([]string{}, is.Terms...),
			Conversations: is.Conversations, ConversationIDs: append([]int64{}, is.ConversationIDs...), Query: is.Query})
	}
	for _, c := range in.Customers {
		d.Customers = append(d.Customers, InsightCustomerDTO{CustomerID: c.ID, Name: c.Name, Network: Network(c.Network),
			Conversations: c.Conversations})
	}
	return d
}

func termsDTO(ts []insights.Term) []InsightTermDTO {
	out := make([]InsightTermDTO, 0, len(ts))
	for _, t := range ts {
		out = append(out, InsightTermDTO{Term: t.Key, Display: t.Display, Conversations: t.Conversations,
			Previous: t.Previous, Score: t.Score, Query: t.Query})
	}
	return out
}
