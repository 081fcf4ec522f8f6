// Package demo generates a sample workspace: several clients, handles on
// several networks and realistic customer-care conversations. The same
// generator builds large archives for benchmarks.
package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

// MetaKey marks a database as generated sample data.
const MetaKey = "demo_generated_at"

// Config sizes a generated workspace.
type Config struct {
	Clients          int // at most len(clientSpecs); extra clients reuse specs with a number
	HandlesPerClient int
	Conversations    int
	// MessagesPerConversation is the average thread length (at least 1).
	MessagesPerConversation int
	Seed                    uint64
	Now                     time.Time
	// Progress, if set, is called after each committed batch.
	Progress func(done, total int)
}

// DemoConfig is the sample workspace `--demo` opens.
func DemoConfig(now time.Time) Config {
	return Config{Clients: 4, HandlesPerClient: 3, Conversations: 3000, MessagesPerConversation: 4, Seed: 42, Now: now}
}

// BenchConfig is the large archive the benchmarks run on: 1 M messages,
// 100 k conversations, 20 handles, 5 clients (scaled by factor).
func BenchConfig(now time.Time, factor float64) Config {
	return Config{Clients: 5, HandlesPerClient: 4, Conversations: int(100000 * factor),
		MessagesPerConversation: 10, Seed: 7, Now: now}
}

type clientSpec struct {
	name, kind, brand string
	networks          []inbox.Network
}

var clientSpecs = []clientSpec{
	{"Brightside Bakery", "bakery", "Brightside", []inbox.Network{inbox.NetworkInstagram, inbox.NetworkFacebook, inbox.NetworkEmail, inbox.NetworkX}},
	{"Northwind Bikes", "bikes", "Northwind", []inbox.Network{inbox.NetworkX, inbox.NetworkMastodon, inbox.NetworkEmail, inbox.NetworkBluesky}},
	{"Lumen Yoga Studio", "yoga", "Lumen Yoga", []inbox.Network{inbox.NetworkInstagram, inbox.NetworkTelegram, inbox.NetworkEmail, inbox.NetworkFacebook}},
	{"Kettle & Bean Coffee", "coffee", "Kettle & Bean", []inbox.Network{inbox.NetworkBluesky, inbox.NetworkX, inbox.NetworkInstagram, inbox.NetworkEmail}},
	{"Harbor Hosting", "hosting", "Harbor", []inbox.Network{inbox.NetworkLinkedIn, inbox.NetworkMastodon, inbox.NetworkEmail, inbox.NetworkX}},
}

// Generate fills an empty store with sample data. It refuses a store that
// already has clients, so sample data can never mix with real data.
func Generate(ctx context.Context, s *store.Store, cfg Config) error {
	if existing, err := s.Clients(ctx); err != nil {
		return fmt.Errorf("generate demo: %w", err)
	} else if len(existing) > 0 {
		return fmt.Errorf("generate demo: the database already has data; sample data needs an empty one")
	}
	if cfg.MessagesPerConversation < 1 {
		cfg.MessagesPerConversation = 1
	}
	if cfg.Now.IsZero() {
		cfg.Now = time.Now()
	}
	g := &gen{cfg: cfg, rnd: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15))}
	handles, err := g.createHandles(ctx, s)
	if err != nil {
		return err
	}
	if err := roundTheClock(ctx, s, cfg.Now); err != nil {
		return err
	}
	const batch = 500
	perHandle := make(map[int64][]store.IncomingConversation)
	flush := func() error {
		for hid, convs := range perHandle {
			if _, err := s.Ingest(ctx, hid, convs, nil); err != nil {
				return fmt.Errorf("generate demo: %w", err)
			}
		}
		clear(perHandle)
		return nil
	}
	for i := 0; i < cfg.Conversations; i++ {
		h := handles[g.rnd.IntN(len(handles))]
		perHandle[h.handle.ID] = append(perHandle[h.handle.ID], g.conversation(i, h))
		if (i+1)%batch == 0 {
			if err := flush(); err != nil {
				return err
			}
			if cfg.Progress != nil {
				cfg.Progress(i+1, cfg.Conversations)
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if err := g.stories(ctx, s, handles); err != nil {
		return err
	}
	if err := sampleSurge(ctx, s, handles, cfg.Now); err != nil {
		return err
	}
	if cfg.Progress != nil {
		cfg.Progress(cfg.Conversations, cfg.Conversations)
	}
	return s.SetMeta(ctx, MetaKey, cfg.Now.UTC().Format(time.RFC3339))
}

// roundTheClock gives every sample client a 24/7 policy (30 min internal,
// 60 min promised): the demo's deadlines then move whatever hour it is
// opened, instead of sitting paused outside office hours.
func roundTheClock(ctx context.Context, s *store.Store, now time.Time) error {
	clients, err := s.Clients(ctx)
	if err != nil {
		return fmt.Errorf("generate demo: %w", err)
	}
	pol := deadline.DefaultPolicySpec()
	pol.FirstResponse.BusinessHours, pol.NextResponse.BusinessHours = false, false
	polJSON, err := json.Marshal(pol)
	if err != nil {
		return fmt.Errorf("generate demo: %w", err)
	}
	calJSON, err := json.Marshal(deadline.CalendarSpec{AlwaysOpen: true})
	if err != nil {
		return fmt.Errorf("generate demo: %w", err)
	}
	for _, c := range clients {
		if err := s.SaveCalendarSpec(ctx, c.ID, 0, string(calJSON), now); err != nil {
			return fmt.Errorf("generate demo: %w", err)
		}
		if err := s.SavePolicySpec(ctx, c.ID, 0, "", string(polJSON), now); err != nil {
			return fmt.Errorf("generate demo: %w", err)
		}
	}
	return nil
}

type genHandle struct {
	handle inbox.Handle
	spec   clientSpec
}

type gen struct {
	cfg Config
	rnd *rand.Rand
}

func (g *gen) createHandles(ctx context.Context, s *store.Store) ([]genHandle, error) {
	var out []genHandle
	for ci := 0; ci < g.cfg.Clients; ci++ {
		spec := clientSpecs[ci%len(clientSpecs)]
		name := spec.name
		if ci >= len(clientSpecs) {
			name += " " + strconv.Itoa(ci/len(clientSpecs)+1)
		}
		c, err := s.CreateClient(ctx, inbox.Client{Name: name, CreatedAt: g.cfg.Now.AddDate(-1, 0, 0)})
		if err != nil {
			return nil, fmt.Errorf("generate demo: %w", err)
		}
		for hi := 0; hi < g.cfg.HandlesPerClient; hi++ {
			nw := spec.networks[hi%len(spec.networks)]
			display, user := handleNames(spec.brand, nw)
			if hi >= len(spec.networks) {
				display += " " + strconv.Itoa(hi/len(spec.networks)+1)
			}
			h, err := s.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: nw,
				RemoteAccountID: fmt.Sprintf("demo-%d-%d", ci, hi), DisplayName: display, Username: user,
				SyncState: inbox.SyncOK, CreatedAt: g.cfg.Now.AddDate(-1, 0, 0)})
			if err != nil {
				return nil, fmt.Errorf("generate demo: %w", err)
			}
			if err := s.SetHandleSync(ctx, h.ID, inbox.SyncOK, "", g.cfg.Now.Add(-2*time.Minute)); err != nil {
				return nil, fmt.Errorf("generate demo: %w", err)
			}
			out = append(out, genHandle{h, spec})
		}
	}
	return out, nil
}

func handleNames(brand string, nw inbox.Network) (display, user string) {
	slug := strings.ToLower(strings.NewReplacer(" ", "", "&", "and").Replace(brand))
	switch nw {
	case inbox.NetworkEmail:
		return brand + " Support", "support@" + slug + ".example"
	case inbox.NetworkFacebook, inbox.NetworkLinkedIn:
		return brand, slug
	case inbox.NetworkMastodon:
		return "Ask" + strings.ReplaceAll(brand, " ", ""), "@ask" + slug + "@social.example"
	case inbox.NetworkBluesky:
		return "Ask " + brand, "ask" + slug + ".bsky.social"
	case inbox.NetworkTelegram:
		return brand + " Bot", "@" + slug + "_bot"
	default:
		return "@Ask" + strings.ReplaceAll(brand, " ", ""), "@ask" + slug
	}
}
