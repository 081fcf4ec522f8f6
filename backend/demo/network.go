package demo

import (
	"context"
	"fmt"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

// Network is the pretend network behind every demo handle: it has nothing
// new to sync and accepts replies after a short, realistic delay, so a
// newcomer sees a reply go from "sending" to "sent" without any account.
type Network struct {
	network inbox.Network
	delay   time.Duration
	now     func() time.Time
}

// Registry maps every network to the demo network.
func Registry(delay time.Duration) connector.Registry {
	r := connector.Registry{}
	for _, n := range inbox.Networks {
		r[n] = func(cfg connector.Config) (connector.Connector, error) {
			now := cfg.Now
			if now == nil {
				now = time.Now
			}
			return &Network{network: n, delay: delay, now: now}, nil
		}
	}
	return r
}

func (d *Network) Network() inbox.Network      { return d.network }
func (d *Network) Streams() []string           { return []string{"demo"} }
func (d *Network) PollInterval() time.Duration { return 10 * time.Minute }

// Fetch has nothing new: the demo data was written by Generate.
func (d *Network) Fetch(ctx context.Context, stream, cursor string) (connector.Page, error) {
	if err := ctx.Err(); err != nil {
		return connector.Page{}, err
	}
	return connector.Page{Cursor: cursor}, nil
}

// Reply pretends to post, after a delay.
func (d *Network) Reply(ctx context.Context, r connector.Reply) (connector.Sent, error) {
	select {
	case <-ctx.Done():
		return connector.Sent{}, ctx.Err()
	case <-time.After(d.delay):
	}
	return connector.Sent{RemoteID: fmt.Sprintf("demo-sent-%s", r.IdempotencyKey), SentAt: d.now()}, nil
}

// FindSent: the demo network forgets nothing it never had.
func (d *Network) FindSent(ctx context.Context, r connector.Reply) (connector.Sent, bool, error) {
	return connector.Sent{}, false, nil
}

// BackfillStreams: the demo's history walk, so the sidebar shows one.
func (d *Network) BackfillStreams() []string { return []string{"demo"} }

// Backfill pretends to walk the history back in two slow pages that bring
// nothing: the sample data already holds the whole history, and a walk
// that added conversations would change the sample the tour describes.
func (d *Network) Backfill(ctx context.Context, stream, cursor string) (connector.Page, error) {
	select {
	case <-ctx.Done():
		return connector.Page{}, ctx.Err()
	case <-time.After(d.delay):
	}
	if cursor == "" {
		return connector.Page{Cursor: "1", More: true}, nil
	}
	return connector.Page{Cursor: cursor}, nil
}
