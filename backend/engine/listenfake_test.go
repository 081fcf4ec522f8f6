package engine

import (
	"context"
	"sync"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/store"
)

// fakeListening is the listening lane over the real store's queue rows: a
// run commits an empty page (the source is next due in an hour); hold
// keeps a source's run until its gate receives or closes.
type fakeListening struct {
	st  *store.Store
	due chan struct{}

	mu     sync.Mutex
	hold   map[string]chan struct{}
	panics map[string]bool
	fails  map[string]error // failures RunListen meets (and records) itself
	failed map[string]error // what ListenFailed was told
	marked map[string]bool  // the run's ctx carried connector.WithBackfill
	conns  map[string]connector.Connector
}

func newFakeListening(st *store.Store) *fakeListening {
	return &fakeListening{st: st, due: make(chan struct{}, 1), hold: map[string]chan struct{}{}, panics: map[string]bool{},
		fails: map[string]error{}, failed: map[string]error{}, marked: map[string]bool{}, conns: map[string]connector.Connector{}}
}

func (f *fakeListening) DueListens(ctx context.Context, now time.Time, limit int) ([]store.ListenSource, error) {
	return f.st.DueListenSources(ctx, now, limit)
}

func (f *fakeListening) NextListenRun(ctx context.Context) (time.Time, error) {
	return f.st.NextListenRun(ctx)
}
func (f *fakeListening) ListenDue() <-chan struct{} { return f.due }

func (f *fakeListening) RunListen(ctx context.Context, src store.ListenSource, c connector.Connector) error {
	f.mu.Lock()
	gate, panics, fail := f.hold[src.Source], f.panics[src.Source], f.fails[src.Source]
	f.marked[src.Source], f.conns[src.Source] = connector.IsBackfill(ctx), c
	f.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if panics {
		panic("index out of range [3] with length 2 in " + src.Source)
	}
	now := time.Now()
	if fail != nil {
		return f.st.ListenSourceFailed(ctx, src.SearchID, src.Source, "own: "+fail.Error(), now.Add(time.Hour), now)
	}
	_, err := f.st.CommitListenPage(ctx, store.ListenPage{SearchID: src.SearchID, Source: src.Source, Cursor: "seen"}, now, now.Add(time.Hour))
	return err
}

func (f *fakeListening) ListenFailed(ctx context.Context, src store.ListenSource, err error) {
	f.mu.Lock()
	f.failed[src.Source] = err
	f.mu.Unlock()
	ce, _ := connector.Classify(err)
	now := time.Now()
	_ = f.st.ListenSourceFailed(ctx, src.SearchID, src.Source, ce.Message, now.Add(time.Hour), now)
}

func (f *fakeListening) gate(source string) chan struct{} {
	ch := make(chan struct{})
	f.mu.Lock()
	f.hold[source] = ch
	f.mu.Unlock()
	return ch
}

// gatedNet is a fakeNet whose Fetch waits for its gate (close it to open).
type gatedNet struct {
	*fakeNet
	gate chan struct{}
}

func (g *gatedNet) Fetch(ctx context.Context, stream, cursor string) (connector.Page, error) {
	select {
	case <-g.gate:
	case <-ctx.Done():
		return connector.Page{}, ctx.Err()
	}
	return g.fakeNet.Fetch(ctx, stream, cursor)
}
