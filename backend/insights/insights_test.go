package insights_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"careinbox/backend/demo"
	"careinbox/backend/inbox"
	"careinbox/backend/insights"
	"careinbox/backend/report"
	"careinbox/backend/store"
)

var _ insights.Store = (*store.Store)(nil)

type fixture struct {
	t      *testing.T
	ctx    context.Context
	st     *store.Store
	client inbox.Client
	handle inbox.Handle
	other  inbox.Handle // another client's handle
	seq    int
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{t: t, ctx: context.Background()}
	st, err := store.Open(f.ctx, filepath.Join(t.TempDir(), "insights.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f.st = st
	if f.client, err = st.CreateClient(f.ctx, inbox.Client{Name: "Brightside Bakery", TimeZone: "UTC"}); err != nil {
		t.Fatal(err)
	}
	if f.handle, err = st.CreateHandle(f.ctx, inbox.Handle{ClientID: f.client.ID, Network: inbox.NetworkBluesky,
		RemoteAccountID: "acct", DisplayName: "@brightside", SyncState: inbox.SyncOK}); err != nil {
		t.Fatal(err)
	}
	other, err := st.CreateClient(f.ctx, inbox.Client{Name: "Northwind Bikes", TimeZone: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	if f.other, err = st.CreateHandle(f.ctx, inbox.Handle{ClientID: other.ID, Network: inbox.NetworkX,
		RemoteAccountID: "acct2", DisplayName: "@northwind", SyncState: inbox.SyncOK}); err != nil {
		t.Fatal(err)
	}
	return f
}

// conv ingests a conversation on h of the given kind from customer cust:
// texts alternate customer message, our reply, customer message …, an
// hour apart from at.
func (f *fixture) conv(h inbox.Handle, kind inbox.Kind, cust string, at time.Time, texts ...string) int64 {
	f.t.Helper()
	f.seq++
	remote := "c" + strconv.Itoa(f.seq)
	p := inbox.Participant{Network: h.Network, RemoteID: cust, DisplayName: "Customer " + cust}
	var ms []store.IncomingMessage
	for i, text := range texts {
		m := store.IncomingMessage{RemoteID: remote + "-" + strconv.Itoa(i), Direction: inbox.Inbound, Author: p, Text: text,
			SentAt: at.Add(time.Duration(i) * time.Hour)}
		if i%2 == 1 {
			m.Direction, m.Author = inbox.Outbound, inbox.Participant{}
		}
		ms = append(ms, m)
	}
	res, err := f.st.Ingest(f.ctx, h.ID, []store.IncomingConversation{{RemoteID: remote, Kind: kind, Customer: p, Messages: ms}}, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	return res.Conversations[0]
}

func day(d int) time.Time { return time.Date(2026, 11, d, 10, 0, 0, 0, time.UTC) }

// november is the period; October before it is the previous one.
var november = report.Period{From: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}

func terms(ts []insights.Term) []string {
	out := []string{}
	for _, t := range ts {
		out = append(out, t.Key)
	}
	return out
}

func find(ts []insights.Term, key string) (insights.Term, bool) {
	for _, t := range ts {
		if t.Key == key {
			return t, true
		}
	}
	return insights.Term{}, false
}

// world is a month of a bakery: refunds rising, deliveries steady, a
// private complaint, other clients' words, our own replies' words.
type world struct {
	refunds, deliveries, lawsuits []int64
}

func (f *fixture) world() world {
	var w world
	oct := func(d int) time.Time { return day(d).AddDate(0, -1, 0) }
	for i := range 5 { // October: deliveries only
		f.conv(f.handle, inbox.KindPublic, "old"+strconv.Itoa(i), oct(3+i), "My delivery is late again", "Sorry! Checking the courier now.")
	}
	for i := range 5 { // November: the same deliveries…
		w.deliveries = append(w.deliveries, f.conv(f.handle, inbox.KindPublic, "d"+strconv.Itoa(i), day(2+i),
			"The delivery is late", "Sorry, the courier is delayed; voucher attached."))
	}
	texts := []string{"Where is my refund? Order #4411", "Still no refund for the cake", "I was promised refunds last week",
		"Refunded? Nothing on my card", "Refunds take forever here", "Any news on the refund @brightside?"}
	for i, text := range texts { // … and refunds, new this month
		w.refunds = append(w.refunds, f.conv(f.handle, inbox.KindPublic, "r"+strconv.Itoa(i), day(10+i), text, "We'll check the voucher."))
	}
	for i := range 3 { // a private word, in direct messages and e-mail
		kind := inbox.KindPrivate
		if i == 2 {
			kind = inbox.KindEmail
		}
		w.lawsuits = append(w.lawsuits, f.conv(f.handle, kind, "p"+strconv.Itoa(i), day(20+i), "Considering a lawsuit about the burnt croissants"))
	}
	for i := range 4 { // another client's customers
		f.conv(f.other, inbox.KindPublic, "o"+strconv.Itoa(i), day(3+i), "Bicycle chain snapped on the trail")
	}
	return w
}

func TestRisingTermsAndPhrases(t *testing.T) {
	f := newFixture(t)
	w := f.world()
	svc := insights.New(f.st)
	got, err := svc.Build(f.ctx, report.Scope{ClientID: f.client.ID}, november, insights.Options{})
	if err != nil {
		t.Fatal(err)
	}
	refund, ok := find(got.Terms, "refund")
	if !ok || got.Terms[0].Key != "refund" {
		t.Fatalf("terms = %v, want refund first", terms(got.Terms))
	}
	if refund.Conversations != len(w.refunds) || refund.Previous != 0 || refund.Display != "refund" || refund.Query != "refund" || refund.Score <= 0 {
		t.Errorf("refund = %+v", refund)
	}
	// 5 conversations a month before and after in twice the volume: not rising.
	for _, key := range []string{"deliveri", "late", "courier", "voucher", "lawsuit", "bicycl", "chain", "sorri"} {
		if _, ok := find(got.Terms, key); ok {
			t.Errorf("%q is among the rising terms %v", key, terms(got.Terms))
		}
	}
	if got.PrivateIncluded || got.MessagesRead != 11 || got.PreviousMessagesRead != 5 || got.Capped {
		t.Errorf("private %v, read %d/%d, capped %v", got.PrivateIncluded, got.MessagesRead, got.PreviousMessagesRead, got.Capped)
	}

	// A phrase rises when both words are new together.
	for i := range 3 {
		f.conv(f.handle, inbox.KindPublic, "b"+strconv.Itoa(i), day(25+i), "Burnt croissants again! Burnt croissants and a burnt croissant.")
	}
	got, err = svc.Build(f.ctx, report.Scope{ClientID: f.client.ID}, november, insights.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ph, ok := find(got.Phrases, "burnt croissant")
	if !ok || ph.Conversations != 3 || ph.Display != "burnt croissants" || ph.Query != "burnt croissant" {
		t.Errorf("phrases = %+v", got.Phrases)
	}
}

func TestPrivateWords(t *testing.T) {
	f := newFixture(t)
	w := f.world()
	svc := insights.New(f.st)
	cases := []struct {
		name    string
		scope   report.Scope
		opt     insights.Options
		lawsuit bool
	}{
		{"default: not read", report.Scope{ClientID: f.client.ID}, insights.Options{}, false},
		{"private scope, default: not read", report.Scope{ClientID: f.client.ID, Kind: inbox.KindPrivate}, insights.Options{}, false},
		{"included", report.Scope{ClientID: f.client.ID}, insights.Options{IncludePrivate: true}, true},
		{"included, e-mail only: one conversation is too few", report.Scope{Kind: inbox.KindEmail}, insights.Options{IncludePrivate: true}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := svc.Build(f.ctx, c.scope, november, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			if got.PrivateIncluded != c.opt.IncludePrivate {
				t.Errorf("privateIncluded = %v", got.PrivateIncluded)
			}
			blob, _ := json.Marshal(got)
			if has := strings.Contains(string(blob), "lawsuit") || strings.Contains(string(blob), "croissant"); has != c.lawsuit {
				t.Errorf("private words shown = %v, want %v: %s", has, c.lawsuit, blob)
			}
			if c.lawsuit {
				is := got.Issues[slices.IndexFunc(got.Issues, func(i insights.Issue) bool { return slices.Contains(i.Terms, "lawsuit") })]
				if !slices.Equal(sorted(is.ConversationIDs), w.lawsuits) {
					t.Errorf("lawsuit issue = %+v, want %v", is, w.lawsuits)
				}
			}
		})
	}
	// Customers and tags are not words: private conversations count.
	got, _ := svc.Build(f.ctx, report.Scope{ClientID: f.client.ID, Kind: inbox.KindPrivate}, november, insights.Options{})
	if len(got.Customers) != 2 || got.MessagesRead != 0 {
		t.Errorf("private scope: customers %+v, read %d", got.Customers, got.MessagesRead)
	}
}

func sorted(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// Every issue's and term's query, typed in the search box over the period,
// finds each conversation it names.
func TestQueriesFindTheirConversations(t *testing.T) {
	f := newFixture(t)
	w := f.world()
	for i := range 4 {
		f.conv(f.handle, inbox.KindPublic, "x"+strconv.Itoa(i), day(15+i), "Café crème was served cold", "Sorry!", "The crèmes were cold too")
	}
	got, err := insights.New(f.st).Build(f.ctx, report.Scope{}, november, insights.Options{IncludePrivate: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Issues) < 3 {
		t.Fatalf("issues = %+v", got.Issues)
	}
	found := func(q string) map[int64]bool {
		hits, err := f.st.SearchHits(f.ctx, store.SearchQuery{Text: q, From: november.From, To: november.To, Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		out := map[int64]bool{}
		for _, h := range hits {
			out[h.ConversationID] = true
		}
		return out
	}
	seen := map[int64]bool{}
	for _, is := range got.Issues {
		if is.Conversations != len(is.ConversationIDs) || is.Label == "" || len(is.Terms) == 0 || is.Query == "" {
			t.Errorf("issue %+v", is)
		}
		hits := found(is.Query)
		for _, id := range is.ConversationIDs {
			if !hits[id] {
				t.Errorf("issue %q: query %q does not find conversation %d", is.Label, is.Query, id)
			}
			if seen[id] {
				t.Errorf("conversation %d in two issues", id)
			}
			seen[id] = true
		}
	}
	if is := got.Issues[0]; is.Terms[0] != "refund" || !slices.Equal(sorted(is.ConversationIDs), w.refunds) {
		t.Errorf("first issue = %+v, want the refunds %v", is, w.refunds)
	}
	cold, ok := find(got.Terms, "cold")
	if !ok || cold.Conversations != 4 {
		t.Errorf("terms = %+v", got.Terms)
	}
	crem, ok := find(got.Terms, "crème")
	if !ok || crem.Query != "crème" || len(found(crem.Query)) != 4 {
		t.Errorf("crème = %+v (terms %v)", crem, terms(got.Terms))
	}
}

func TestTagsAndCustomers(t *testing.T) {
	f := newFixture(t)
	octo := day(5).AddDate(0, -1, 0)
	a := f.conv(f.handle, inbox.KindPublic, "ann", day(2), "hello")
	b := f.conv(f.handle, inbox.KindPrivate, "ann", day(3), "hello")
	c := f.conv(f.handle, inbox.KindEmail, "ann", day(4), "hello")
	d := f.conv(f.handle, inbox.KindPublic, "bob", day(5), "hello")
	e := f.conv(f.handle, inbox.KindPublic, "bob", octo, "hello")
	x := f.conv(f.other, inbox.KindPublic, "cy", day(5), "hello")
	tag := func(id int64, names ...string) {
		for _, n := range names {
			if err := f.st.TagConversation(f.ctx, id, n); err != nil {
				t.Fatal(err)
			}
		}
	}
	tag(a, "billing", "urgent")
	tag(b, "billing")
	tag(c, "billing")
	tag(d, "urgent")
	tag(e, "billing", "urgent", "praise")
	tag(x, "billing")
	got, err := insights.New(f.st).Build(f.ctx, report.Scope{ClientID: f.client.ID}, november, insights.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []insights.Tag{{Tag: "billing", Conversations: 3, Previous: 1}, {Tag: "urgent", Conversations: 2, Previous: 1}}
	if !slices.Equal(got.Tags, want) {
		t.Errorf("tags = %+v, want %+v", got.Tags, want)
	}
	if len(got.Customers) != 2 || got.Customers[0].Name != "Customer ann" || got.Customers[0].Conversations != 3 ||
		got.Customers[0].Network != inbox.NetworkBluesky || got.Customers[1].Conversations != 1 || got.Customers[0].ID == 0 {
		t.Errorf("customers = %+v", got.Customers)
	}
}

func TestCaps(t *testing.T) {
	f := newFixture(t)
	for i := range 8 {
		f.conv(f.handle, inbox.KindPublic, "c"+strconv.Itoa(i), day(1+i), "refund please", "ok", "refund again")
	}
	long := strings.Repeat("refund ", 2000)
	svc := insights.New(f.st)
	cases := []struct {
		name     string
		opt      insights.Options
		read     int
		capped   bool
		extra    string
		refundIn int
	}{
		{"under the caps", insights.Options{}, 16, false, "", 8},
		{"at most 6 messages: the newest", insights.Options{MaxMessages: 6}, 6, true, "", 3},
		{"a long message is cut, not capped", insights.Options{}, 17, false, long, 9},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.extra != "" {
				f.conv(f.handle, inbox.KindPublic, "long", day(20), c.extra)
			}
			got, err := svc.Build(f.ctx, report.Scope{}, november, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			r, _ := find(got.Terms, "refund")
			if cut := got.MessagesCut; (cut == 1) != (c.extra != "") {
				t.Errorf("%d messages cut", cut)
			}
			if got.MessagesRead != c.read || got.Capped != c.capped || r.Conversations != c.refundIn {
				t.Errorf("read %d, capped %v, refund in %d; want %d, %v, %d", got.MessagesRead, got.Capped, r.Conversations,
					c.read, c.capped, c.refundIn)
			}
		})
	}
	// Lists are capped.
	for i := range insights.MaxTerms + 5 {
		w := "zq" + strings.Repeat(string(rune('a'+i%26)), 2+i/26) + "x"
		for j := range 3 {
			f.conv(f.handle, inbox.KindPublic, w+strconv.Itoa(j), day(22), w)
		}
	}
	got, err := svc.Build(f.ctx, report.Scope{}, november, insights.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Terms) != insights.MaxTerms || len(got.Issues) != insights.MaxIssues {
		t.Errorf("terms %d, issues %d", len(got.Terms), len(got.Issues))
	}
}

func TestEmptyAndInvalid(t *testing.T) {
	f := newFixture(t)
	svc := insights.New(f.st)
	got, err := svc.Build(f.ctx, report.Scope{}, november, insights.Options{})
	if err != nil {
		t.Fatal(err)
	}
	blob, _ := json.Marshal(got)
	if strings.Contains(string(blob), "null") {
		t.Errorf("empty insights have nulls: %s", blob)
	}
	if _, err := svc.Build(f.ctx, report.Scope{}, report.Period{From: november.To, To: november.From}, insights.Options{}); err == nil {
		t.Error("a period ending before it starts was accepted")
	}
}

// The sample workspace says something: its last month has rising terms,
// issues whose queries find them, and customers.
func TestDemoWorkspace(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	cfg := demo.DemoConfig(now)
	cfg.Conversations = 1000
	if err := demo.Generate(ctx, st, cfg); err != nil {
		t.Fatal(err)
	}
	p := report.Period{From: now.AddDate(0, -2, 0), To: now}
	got, err := insights.New(st).Build(ctx, report.Scope{}, p, insights.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Terms) == 0 || len(got.Customers) == 0 || got.MessagesRead == 0 {
		t.Fatalf("demo insights: %d terms, %d customers, %d messages", len(got.Terms), len(got.Customers), got.MessagesRead)
	}
	for _, tm := range got.Terms {
		if tm.Conversations < insights.MinConversations || tm.Score <= 0 || tm.Display == "" || tm.Query == "" {
			t.Errorf("term %+v", tm)
		}
	}
	t.Logf("terms %v", terms(got.Terms))
	t.Logf("phrases %v", terms(got.Phrases))
	for _, is := range got.Issues {
		t.Logf("issue %q: %d", is.Label, is.Conversations)
	}
}
