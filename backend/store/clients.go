package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"careinbox/backend/events"
	"careinbox/backend/inbox"
)

// CreateClient adds a client and returns it with its id.
func (s *Store) CreateClient(ctx context.Context, c inbox.Client) (inbox.Client, error) {
	c.Name = strings.TrimSpace(c.Name)
	if c.Name == "" {
		return c, fmt.Errorf("create client: a name is required")
	}
	if c.TimeZone != "" {
		if _, err := time.LoadLocation(c.TimeZone); err != nil {
			return c, fmt.Errorf("create client: unknown time zone %q", c.TimeZone)
		}
	}
	if c.CreatedAt.IsZero() {
		c.CreatedAt = time.Now().UTC()
	}
	res, err := s.w.ExecContext(ctx, "INSERT INTO clients(name, time_zone, created_at) VALUES (?, ?, ?)",
		c.Name, c.TimeZone, ms(c.CreatedAt))
	if err != nil {
		return c, fmt.Errorf("create client: %w", err)
	}
	c.ID, _ = res.LastInsertId()
	s.publish(events.Delta{Entity: events.EntityClient, Upserted: []int64{c.ID}})
	return c, nil
}

// Clients lists every client by name.
func (s *Store) Clients(ctx context.Context) ([]inbox.Client, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT id, name, time_zone, created_at FROM clients ORDER BY name COLLATE NOCASE, id")
	if err != nil {
		return nil, fmt.Errorf("list clients: %w", err)
	}
	defer rows.Close()
	var out []inbox.Client
	for rows.Next() {
		var c inbox.Client
		var created int64
		if err := rows.Scan(&c.ID, &c.Name, &c.TimeZone, &created); err != nil {
			return nil, fmt.Errorf("scan client: %w", err)
		}
		c.CreatedAt = fromMS(created)
		out = append(out, c)
	}
	return out, rows.Err()
}

// CreateHandle adds a care handle to a client.
func (s *Store) CreateHandle(ctx context.Context, h inbox.Handle) (inbox.Handle, error) {
	if !h.Network.Valid() {
		return h, fmt.Errorf("create handle: unknown network %q", h.Network)
	}
	if strings.TrimSpace(h.RemoteAccountID) == "" || strings.TrimSpace(h.DisplayName) == "" {
		return h, fmt.Errorf("create handle: account id and display name are required")
	}
	if h.CreatedAt.IsZero() {
		h.CreatedAt = time.Now().UTC()
	}
	if h.SyncState == "" {
		h.SyncState = inbox.SyncIdle
	}
	res, err := s.w.ExecContext(ctx, `INSERT INTO handles(client_id, network, remote_account_id, display_name,
		username, sync_state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		h.ClientID, h.Network, h.RemoteAccountID, h.DisplayName, h.Username, h.SyncState, ms(h.CreatedAt))
	if err != nil {
		return h, fmt.Errorf("create handle %s/%s: %w", h.Network, h.RemoteAccountID, err)
	}
	h.ID, _ = res.LastInsertId()
	s.publish(events.Delta{Entity: events.EntityHandle, Upserted: []int64{h.ID}})
	return h, nil
}

const handleCols = `id, client_id, network, remote_account_id, display_name, username, sync_state,
	sync_error, last_sync_at, created_at, retry_at, backfill`

func scanHandle(sc interface{ Scan(...any) error }) (inbox.Handle, error) {
	var h inbox.Handle
	var last, created, retry int64
	err := sc.Scan(&h.ID, &h.ClientID, &h.Network, &h.RemoteAccountID, &h.DisplayName, &h.Username,
		&h.SyncState, &h.SyncError, &last, &created, &retry, &h.Backfill)
	h.LastSyncAt, h.CreatedAt, h.RetryAt = fromMS(last), fromMS(created), fromMS(retry)
	return h, err
}

// Handles lists every handle, grouped by client.
func (s *Store) Handles(ctx context.Context) ([]inbox.Handle, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT "+handleCols+" FROM handles ORDER BY client_id, display_name COLLATE NOCASE, id")
	if err != nil {
		return nil, fmt.Errorf("list handles: %w", err)
	}
	defer rows.Close()
	var out []inbox.Handle
	for rows.Next() {
		h, err := scanHandle(rows)
		if err != nil {
			return nil, fmt.Errorf("scan handle: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// Handle reads one handle.
func (s *Store) Handle(ctx context.Context, id int64) (inbox.Handle, error) {
	h, err := scanHandle(s.r.QueryRowContext(ctx, "SELECT "+handleCols+" FROM handles WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return h, fmt.Errorf("handle %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return h, fmt.Errorf("read handle %d: %w", id, err)
	}
	return h, nil
}

// DeleteHandle removes a handle and everything synced from it.
func (s *Store) DeleteHandle(ctx context.Context, id int64) error {
	res, err := s.w.ExecContext(ctx, "DELETE FROM handles WHERE id = ?", id)
	if err != nil {
		return fmt.Errorf("delete handle %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("delete handle %d: %w", id, ErrNotFound)
	}
	s.publish(events.Delta{Entity: events.EntityHandle, Removed: []int64{id}})
	return nil
}

// SetHandleSync records a handle's sync health.
func (s *Store) SetHandleSync(ctx context.Context, id int64, state inbox.SyncState, msg string, at time.Time) error {
	_, err := s.w.ExecContext(ctx, `UPDATE handles SET sync_state = ?, sync_error = ?,
		last_sync_at = CASE WHEN ? = 'ok' THEN ? ELSE last_sync_at END WHERE id = ?`,
		state, msg, state, ms(at), id)
	if err != nil {
		return fmt.Errorf("set handle %d sync state: %w", id, err)
	}
	s.publish(events.Delta{Entity: events.EntityHandle, Upserted: []int64{id}})
	return nil
}
