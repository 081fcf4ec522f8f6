package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"careinbox/backend/deadline"
)

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// SaveCalendarSpec stores the calendar of a client (handleID 0) or a handle.
func (s *Store) SaveCalendarSpec(ctx context.Context, clientID, handleID int64, spec string, at time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM sla_calendars WHERE client_id = ? AND IFNULL(handle_id, 0) = ?", clientID, handleID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO sla_calendars(client_id, handle_id, spec, updated_at) VALUES (?, ?, ?, ?)",
			clientID, nullID(handleID), spec, ms(at))
		return err
	})
	if err != nil {
		return fmt.Errorf("save calendar of client %d handle %d: %w", clientID, handleID, err)
	}
	return nil
}

// DeleteCalendarSpec removes a calendar, so the wider one (or the default) applies.
func (s *Store) DeleteCalendarSpec(ctx context.Context, clientID, handleID int64) error {
	if _, err := s.w.ExecContext(ctx, "DELETE FROM sla_calendars WHERE client_id = ? AND IFNULL(handle_id, 0) = ?", clientID, handleID); err != nil {
		return fmt.Errorf("delete calendar of client %d handle %d: %w", clientID, handleID, err)
	}
	return nil
}

// SavePolicySpec stores a policy for a client, optionally narrowed to a handle and a channel kind.
func (s *Store) SavePolicySpec(ctx context.Context, clientID, handleID int64, kind, spec string, at time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM sla_policies WHERE client_id = ? AND IFNULL(handle_id, 0) = ? AND kind = ?",
			clientID, handleID, kind); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO sla_policies(client_id, handle_id, kind, spec, updated_at) VALUES (?, ?, ?, ?, ?)",
			clientID, nullID(handleID), kind, spec, ms(at))
		return err
	})
	if err != nil {
		return fmt.Errorf("save policy of client %d handle %d kind %q: %w", clientID, handleID, kind, err)
	}
	return nil
}

// DeletePolicySpec removes a narrowed policy, so the wider one applies.
func (s *Store) DeletePolicySpec(ctx context.Context, clientID, handleID int64, kind string) error {
	if _, err := s.w.ExecContext(ctx, "DELETE FROM sla_policies WHERE client_id = ? AND IFNULL(handle_id, 0) = ? AND kind = ?",
		clientID, handleID, kind); err != nil {
		return fmt.Errorf("delete policy of client %d handle %d kind %q: %w", clientID, handleID, kind, err)
	}
	return nil
}

func (s *Store) specs(ctx context.Context, q string) ([]deadline.StoredSpec, error) {
	rows, err := s.r.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("list deadline settings: %w", err)
	}
	defer rows.Close()
	var out []deadline.StoredSpec
	for rows.Next() {
		var sp deadline.StoredSpec
		var at int64
		if err := rows.Scan(&sp.ClientID, &sp.HandleID, &sp.Kind, &sp.Spec, &at); err != nil {
			return nil, fmt.Errorf("scan deadline setting: %w", err)
		}
		sp.UpdatedAt = fromMS(at)
		out = append(out, sp)
	}
	return out, rows.Err()
}

// CalendarSpecs lists every stored calendar.
func (s *Store) CalendarSpecs(ctx context.Context) ([]deadline.StoredSpec, error) {
	return s.specs(ctx, "SELECT client_id, IFNULL(handle_id, 0), '', spec, updated_at FROM sla_calendars ORDER BY client_id, 2")
}

// PolicySpecs lists every stored policy.
func (s *Store) PolicySpecs(ctx context.Context) ([]deadline.StoredSpec, error) {
	return s.specs(ctx, "SELECT client_id, IFNULL(handle_id, 0), kind, spec, updated_at FROM sla_policies ORDER BY client_id, 2, kind")
}

// SetNotifySwitch turns deadline notifications for a client or a handle on or off.
func (s *Store) SetNotifySwitch(ctx context.Context, clientID, handleID int64, on bool) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM sla_switches WHERE client_id = ? AND IFNULL(handle_id, 0) = ?", clientID, handleID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO sla_switches(client_id, handle_id, notify) VALUES (?, ?, ?)", clientID, nullID(handleID), on)
		return err
	})
	if err != nil {
		return fmt.Errorf("set notification switch of client %d handle %d: %w", clientID, handleID, err)
	}
	return nil
}

// NotifySwitches lists every stored switch (no row means on).
func (s *Store) NotifySwitches(ctx context.Context) ([]deadline.NotifySwitch, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT client_id, IFNULL(handle_id, 0), notify FROM sla_switches")
	if err != nil {
		return nil, fmt.Errorf("list notification switches: %w", err)
	}
	defer rows.Close()
	var out []deadline.NotifySwitch
	for rows.Next() {
		var sw deadline.NotifySwitch
		if err := rows.Scan(&sw.ClientID, &sw.HandleID, &sw.On); err != nil {
			return nil, fmt.Errorf("scan notification switch: %w", err)
		}
		out = append(out, sw)
	}
	return out, rows.Err()
}
