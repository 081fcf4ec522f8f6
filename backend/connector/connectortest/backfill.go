package connectortest

import (
	"context"
	"testing"
	"time"

	"careinbox/backend/connector"
)

// BackfillWalk is what walking a stream's history to its end delivered.
type BackfillWalk struct {
	Seen  map[string]int // message remote id → times delivered
	Order []string       // message ids in the order the pages brought them
	Pages int
	Last  connector.Page
}

// WalkBackfill walks a Backfiller's stream from cursor "" to its end. After
// restartAt pages (0: never) it builds a new connector with mk and goes on
// from the cursor alone, as after a restart: nothing may depend on memory.
func WalkBackfill(t *testing.T, mk func() connector.Backfiller, stream string, restartAt int) BackfillWalk {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	w := BackfillWalk{Seen: map[string]int{}}
	bf := mk()
	cursor := ""
	for {
		if w.Pages > 10_000 {
			t.Fatal("the backfill never ends")
		}
		p, err := bf.Backfill(ctx, stream, cursor)
		if err != nil {
			t.Fatalf("backfill page %d of %s: %v", w.Pages+1, stream, err)
		}
		w.Pages++
		for _, c := range p.Conversations {
			for _, m := range c.Messages {
				w.Seen[m.RemoteID]++
				w.Order = append(w.Order, m.RemoteID)
			}
		}
		if p.Progress < 0 || p.Progress > 1 {
			t.Fatalf("page %d: progress %v out of 0–1", w.Pages, p.Progress)
		}
		w.Last, cursor = p, p.Cursor
		if !p.More {
			return w
		}
		if w.Pages == restartAt {
			bf = mk()
		}
	}
}

// ExactlyOnce fails the test unless want messages arrived, each once.
func (w BackfillWalk) ExactlyOnce(t *testing.T, want int) {
	t.Helper()
	for id, n := range w.Seen {
		if n != 1 {
			t.Errorf("message %s arrived %d times", id, n)
		}
	}
	if len(w.Seen) != want {
		t.Errorf("backfill brought %d distinct messages, want %d", len(w.Seen), want)
	}
}
