package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// ListenSpike is a surge the listening service found and claimed
// (ClaimListenSpike), with what its notification said and whether that
// reached the desktop.
type ListenSpike struct {
	Scope, Metric string // "search:<id>" or "handle:<id>"; "volume" or "negative"
	Hour          time.Time
	Count         int
	Baseline      float64
	// SearchID or HandleID is the series it is in; Name is that search's or
	// handle's name now, ClientID its client.
	SearchID, HandleID, ClientID int64
	Name                         string
	Title, Body, View            string // "" until the notification was composed
	NotifiedAt                   time.Time
	DeliveredAt                  time.Time // zero: not delivered yet
}

const spikeCols = `sp.scope, sp.metric, sp.hour, sp.count, sp.baseline, sp.title, sp.body, sp.view, sp.notified_at,
	sp.delivered_at, COALESCE(ls.id, 0), COALESCE(h.id, 0), COALESCE(ls.client_id, h.client_id, 0),
	COALESCE(ls.name, NULLIF(h.display_name, ''), h.username, '')`

// Spikes are few (at most two a series an hour): joining their scope's
// text to the searches and handles reads small tables.
const spikeFrom = ` FROM listen_spikes sp
	LEFT JOIN listen_searches ls ON sp.scope = 'search:' || ls.id
	LEFT JOIN handles h ON sp.scope = 'handle:' || h.id`

func scanSpike(r *sql.Rows) (ListenSpike, error) {
	var sp ListenSpike
	var hour, notified, delivered int64
	err := r.Scan(&sp.Scope, &sp.Metric, &hour, &sp.Count, &sp.Baseline, &sp.Title, &sp.Body, &sp.View, &notified,
		&delivered, &sp.SearchID, &sp.HandleID, &sp.ClientID, &sp.Name)
	sp.Hour, sp.NotifiedAt, sp.DeliveredAt = fromMS(hour), fromMS(notified), fromMS(delivered)
	return sp, err
}

func (s *Store) spikes(ctx context.Context, where string, args ...any) ([]ListenSpike, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT "+spikeCols+spikeFrom+" WHERE (ls.id IS NOT NULL OR h.id IS NOT NULL) AND "+
		where+" ORDER BY sp.hour DESC, sp.scope, sp.metric LIMIT 200", args...)
	if err != nil {
		return nil, fmt.Errorf("read spikes: %w", err)
	}
	defer rows.Close()
	var out []ListenSpike
	for rows.Next() {
		sp, err := scanSpike(rows)
		if err != nil {
			return nil, fmt.Errorf("scan spike: %w", err)
		}
		out = append(out, sp)
	}
	return out, rows.Err()
}

// ListenSpikes lists the spikes of hours from since on, newest first, of
// one client (0: all) whose search or handle still exists.
func (s *Store) ListenSpikes(ctx context.Context, clientID int64, since time.Time) ([]ListenSpike, error) {
	return s.spikes(ctx, "sp.hour >= ? AND (? = 0 OR COALESCE(ls.client_id, h.client_id) = ?)", ms(since), clientID, clientID)
}

// UndeliveredListenSpikes lists composed spikes of hours from since on
// whose notification has not reached the desktop yet.
func (s *Store) UndeliveredListenSpikes(ctx context.Context, since time.Time) ([]ListenSpike, error) {
	return s.spikes(ctx, "sp.hour >= ? AND sp.delivered_at = 0 AND sp.title <> ''", ms(since))
}

// ListenSpikeSent keeps what a claimed spike's notification said, and when
// it reached the desktop (zero: it did not; it is sent again).
func (s *Store) ListenSpikeSent(ctx context.Context, sp ListenSpike) error {
	_, err := s.w.ExecContext(ctx, `UPDATE listen_spikes SET title = ?, body = ?, view = ?, delivered_at = ?
		WHERE scope = ? AND metric = ? AND hour = ?`,
		capField(sp.Title), capText(sp.Body), sp.View, ms(sp.DeliveredAt), sp.Scope, sp.Metric, ms(sp.Hour))
	if err != nil {
		return fmt.Errorf("record spike %s %s: %w", sp.Scope, sp.Metric, err)
	}
	return nil
}
