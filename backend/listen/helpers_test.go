package listen

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
	"careinbox/backend/notify"
	"careinbox/backend/store"
)

// fakeSearcher is a network whose search answers from a list of posts:
// every post containing the term, after the cursor (an index).
type fakeSearcher struct {
	mu      sync.Mutex
	network inbox.Network
	posts   []connector.Post
	calls   []connector.SearchQuery
	fail    error
}

func (f *fakeSearcher) Network() inbox.Network      { return f.network }
func (f *fakeSearcher) Streams() []string           { return []string{"x"} }
func (f *fakeSearcher) PollInterval() time.Duration { return time.Minute }
func (f *fakeSearcher) Fetch(context.Context, string, string) (connector.Page, error) {
	return connector.Page{}, nil
}

func (f *fakeSearcher) Search(_ context.Context, q connector.SearchQuery, cursor string) (connector.SearchPage, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, q)
	if f.fail != nil {
		return connector.SearchPage{}, f.fail
	}
	start := len(cursor) // the cursor is one 'x' per post already seen
	var out connector.SearchPage
	for i := start; i < len(f.posts); i++ {
		p := f.posts[i]
		term := q.Term
		if q.Hashtag {
			term = "#" + term
		}
		if strings.Contains(strings.ToLower(p.Text), strings.ToLower(term)) {
			out.Posts = append(out.Posts, p)
		}
	}
	out.Cursor = strings.Repeat("x", len(f.posts))
	return out, nil
}

func (f *fakeSearcher) add(p connector.Post) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.posts = append(f.posts, p)
}

type fakeConnectors map[int64]connector.Connector

func (f fakeConnectors) Connector(_ context.Context, id int64) (connector.Connector, error) {
	if c, ok := f[id]; ok {
		return c, nil
	}
	return nil, connector.Errorf(connector.AuthNeeded, nil, "no sign-in")
}

type fixture struct {
	ctx    context.Context
	st     *store.Store
	client inbox.Client
	masto  inbox.Handle
	fake   *fakeSearcher
	notes  *notify.Recorder
	now    time.Time
	svc    *Service
	conns  fakeConnectors
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	client, err := st.CreateClient(ctx, inbox.Client{Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	h, err := st.CreateHandle(ctx, inbox.Handle{ClientID: client.ID, Network: inbox.NetworkMastodon, RemoteAccountID: "1", DisplayName: "Acme care"})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{ctx: ctx, st: st, client: client, masto: h, fake: &fakeSearcher{network: inbox.NetworkMastodon},
		notes: &notify.Recorder{}, now: time.Date(2026, 12, 1, 10, 30, 0, 0, time.UTC)}
	f.conns = fakeConnectors{h.ID: f.fake}
	f.restart()
	return f
}

// restart builds a new service over the same database, as a new run of the app does.
func (f *fixture) restart() {
	f.svc = New(Config{Store: f.st, Notifier: f.notes, Now: func() time.Time { return f.now }})
}

func (f *fixture) post(id, author, text string) connector.Post {
	return connector.Post{RemoteID: id, URL: "https://example.org/@" + author + "/" + id, Text: text, Language: "en",
		Author: inbox.Participant{Network: inbox.NetworkMastodon, RemoteID: "a-" + author, Username: author}, AuthorName: author,
		SentAt: f.now.Add(-time.Minute)}
}

func (f *fixture) search(t *testing.T, ls store.ListenSearch) store.ListenSearch {
	t.Helper()
	ls.ClientID = f.client.ID
	saved, err := f.svc.SaveSearch(f.ctx, ls)
	if err != nil {
		t.Fatal(err)
	}
	return saved
}

func texts(rs []store.ListenResult) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, r.Text)
	}
	return out
}

var errTest = connector.Errorf(connector.Temporary, nil, "the network is down")
