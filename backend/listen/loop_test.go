package listen

import (
	"context"
	"sync"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/store"
)

// gatedSearcher blocks every search until released and records how many
// run at once.
type gatedSearcher struct {
	fakeSearcher
	mu      sync.Mutex
	now     int
	most    int
	started chan struct{}
	release chan struct{}
}

func (g *gatedSearcher) Search(ctx context.Context, q connector.SearchQuery, cursor string) (connector.SearchPage, error) {
	g.mu.Lock()
	g.now++
	g.most = max(g.most, g.now)
	g.mu.Unlock()
	g.started <- struct{}{}
	<-g.release
	g.mu.Lock()
	g.now--
	g.mu.Unlock()
	return g.fakeSearcher.Search(ctx, q, cursor)
}

// The loop runs a new search at once (SaveSearch wakes it), in its own pool
// of Workers, and commits what it found.
func TestLoopRunsSearchesInItsOwnPool(t *testing.T) {
	f := newFixture(t)
	g := &gatedSearcher{fakeSearcher: fakeSearcher{network: f.fake.network}, started: make(chan struct{}, 8), release: make(chan struct{})}
	g.add(f.post("1", "ana", "acme and zorb"))
	f.conns[f.masto.ID] = g
	done := make(chan error, 8)
	f.svc = New(Config{Store: f.st, Connectors: f.conns, Now: func() time.Time { return f.now }, Workers: 1,
		OnRun: func(_ store.ListenSource, err error) { done <- err }})
	ctx, cancel := context.WithCancel(f.ctx)
	stopped := make(chan struct{})
	go func() { _ = f.svc.Run(ctx); close(stopped) }()
	defer func() { cancel(); close(g.release); <-stopped }()

	f.search(t, store.ListenSearch{Name: "a", Terms: []string{"acme"}})
	f.search(t, store.ListenSearch{Name: "z", Terms: []string{"zorb"}})
	for range 2 {
		<-g.started
		g.release <- struct{}{}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	g.mu.Lock()
	most := g.most
	g.mu.Unlock()
	if most != 1 {
		t.Errorf("%d searches ran at once with Workers 1", most)
	}
	rs, err := f.st.ListenResults(f.ctx, store.ListenFilter{ClientID: f.client.ID})
	if err != nil || len(rs) != 2 {
		t.Fatalf("results = %d, %v: want the post once per search", len(rs), err)
	}
}
