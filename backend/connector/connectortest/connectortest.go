// Package connectortest is the conformance suite every connector passes:
// cursors only move forward, a re-fetch changes nothing, errors are
// classified, cancellation is honoured.
package connectortest

import (
	"context"
	"errors"
	"testing"
	"time"

	"careinbox/backend/connector"
)

// Fault is a failure a test double can inject into its next response(s).
type Fault int

const (
	Unauthorized Fault = iota // a revoked or expired token
	RateLimited               // 429 or the network's own throttling signal
	ServerError               // 5xx
	Garbage                   // a 200 whose body is not what the API promises
)

// Double is what a connector's test double offers the suite.
type Double interface {
	// AddInbound makes n new inbound messages appear on the network.
	AddInbound(n int)
	// Fail makes the next request fail with f.
	Fail(f Fault)
}

// Setup builds a connector against a fresh double holding some inbound messages.
type Setup func(t *testing.T) (connector.Connector, Double)

// Run runs the conformance suite.
func Run(t *testing.T, setup Setup) {
	t.Run("cursors move forward", func(t *testing.T) { cursorsMoveForward(t, setup) })
	t.Run("refetch changes nothing", func(t *testing.T) { refetchSame(t, setup) })
	t.Run("errors are classified", func(t *testing.T) { classified(t, setup) })
	t.Run("cancellation is honoured", func(t *testing.T) { cancellation(t, setup) })
}

// drain fetches a stream until it has no more pages; it returns every
// message id seen and the final cursor.
func drain(t *testing.T, c connector.Connector, stream, cursor string) (map[string]bool, string) {
	t.Helper()
	seen := map[string]bool{}
	for i := 0; ; i++ {
		if i > 200 {
			t.Fatalf("stream %s: more than 200 pages; cursor is not advancing", stream)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		page, err := c.Fetch(ctx, stream, cursor)
		cancel()
		if err != nil {
			t.Fatalf("stream %s: fetch from %q: %v", stream, cursor, err)
		}
		for _, conv := range page.Conversations {
			if conv.RemoteID == "" || !conv.Kind.Valid() {
				t.Errorf("stream %s: conversation without id or kind: %+v", stream, conv)
			}
			for _, m := range conv.Messages {
				if m.RemoteID == "" || m.SentAt.IsZero() {
					t.Errorf("stream %s: message without id or time: %+v", stream, m)
				}
				seen[m.RemoteID] = true
			}
		}
		cursor = page.Cursor
		if !page.More {
			return seen, cursor
		}
	}
}

func drainAll(t *testing.T, c connector.Connector, cursors map[string]string) (map[string]bool, map[string]string) {
	all := map[string]bool{}
	next := map[string]string{}
	for _, s := range c.Streams() {
		seen, cur := drain(t, c, s, cursors[s])
		for id := range seen {
			all[id] = true
		}
		next[s] = cur
	}
	return all, next
}

func cursorsMoveForward(t *testing.T, setup Setup) {
	c, d := setup(t)
	if len(c.Streams()) == 0 {
		t.Fatal("connector has no streams")
	}
	first, cursors := drainAll(t, c, map[string]string{})
	if len(first) == 0 {
		t.Fatal("first sync found no messages; seed the double with some")
	}
	again, cursors2 := drainAll(t, c, cursors)
	for id := range again {
		if !first[id] {
			t.Errorf("an idle re-sync from the stored cursor invented message %s", id)
		}
	}
	d.AddInbound(2)
	fresh, _ := drainAll(t, c, cursors2)
	var added int
	for id := range fresh {
		if !first[id] {
			added++
		}
	}
	if added != 2 {
		t.Errorf("after 2 new inbound messages, a sync from the stored cursor found %d new ones", added)
	}
}

func refetchSame(t *testing.T, setup Setup) {
	c, _ := setup(t)
	for _, s := range c.Streams() {
		ctx := context.Background()
		a, err := c.Fetch(ctx, s, "")
		if err != nil {
			t.Fatal(err)
		}
		b, err := c.Fetch(ctx, s, "")
		if err != nil {
			t.Fatal(err)
		}
		ids := func(p connector.Page) map[string]string {
			m := map[string]string{}
			for _, conv := range p.Conversations {
				for _, msg := range conv.Messages {
					m[msg.RemoteID] = conv.RemoteID + "\x00" + msg.Text
				}
			}
			return m
		}
		ia, ib := ids(a), ids(b)
		if len(ia) != len(ib) {
			t.Errorf("stream %s: the same cursor gave %d then %d messages", s, len(ia), len(ib))
		}
		for k, v := range ia {
			if ib[k] != v {
				t.Errorf("stream %s: message %s differs between two fetches of the same cursor", s, k)
			}
		}
	}
}

func classified(t *testing.T, setup Setup) {
	tests := []struct {
		fault Fault
		want  connector.Kind
	}{
		{Unauthorized, connector.AuthNeeded},
		{RateLimited, connector.RateLimited},
		{ServerError, connector.Temporary},
		{Garbage, connector.Temporary},
	}
	for _, tt := range tests {
		c, d := setup(t)
		d.Fail(tt.fault)
		_, err := c.Fetch(context.Background(), c.Streams()[0], "")
		ce, ok := connector.Classify(err)
		if err == nil || !ok {
			t.Errorf("fault %d: fetch returned %v", tt.fault, err)
			continue
		}
		if ce.Kind != tt.want {
			t.Errorf("fault %d: classified %s, want %s (%v)", tt.fault, ce.Kind, tt.want, err)
		}
		if ce.Message == "" {
			t.Errorf("fault %d: no plain-words message", tt.fault)
		}
		if tt.want == connector.RateLimited && !ce.RetryAt.After(time.Now().Add(-time.Second)) {
			t.Errorf("rate limit without a time to retry: %v", ce.RetryAt)
		}
	}
}

func cancellation(t *testing.T, setup Setup) {
	c, _ := setup(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	_, err := c.Fetch(ctx, c.Streams()[0], "")
	if err == nil {
		t.Fatal("fetch with a cancelled context succeeded")
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled fetch returned %v, want context.Canceled in the chain", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Errorf("cancelled fetch took %s", time.Since(start))
	}
}
