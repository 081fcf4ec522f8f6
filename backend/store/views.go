package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// SavedView is a named inbox filter. Filter is JSON the app owns and
// validates; the store only keeps it.
type SavedView struct {
	ID        int64
	Name      string
	Filter    string
	Position  int
	CreatedAt time.Time
}

// SaveView creates a view, or replaces the filter of the view with that name.
func (s *Store) SaveView(ctx context.Context, name, filter string, now time.Time) (SavedView, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return SavedView{}, fmt.Errorf("save view: the name is empty")
	}
	if strings.TrimSpace(filter) == "" {
		filter = "{}"
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO saved_views(name, filter, position, created_at)
		VALUES (?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM saved_views), ?)
		ON CONFLICT(name) DO UPDATE SET filter = excluded.filter`, name, filter, ms(now))
	if err != nil {
		return SavedView{}, fmt.Errorf("save view %q: %w", name, err)
	}
	var v SavedView
	var at int64
	err = s.w.QueryRowContext(ctx, "SELECT id, name, filter, position, created_at FROM saved_views WHERE name = ?", name).
		Scan(&v.ID, &v.Name, &v.Filter, &v.Position, &at)
	if err != nil {
		return SavedView{}, fmt.Errorf("read view %q: %w", name, err)
	}
	v.CreatedAt = fromMS(at)
	return v, nil
}

// Views lists saved views in their order.
func (s *Store) Views(ctx context.Context) ([]SavedView, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT id, name, filter, position, created_at FROM saved_views ORDER BY position, id")
	if err != nil {
		return nil, fmt.Errorf("list views: %w", err)
	}
	defer rows.Close()
	var out []SavedView
	for rows.Next() {
		var v SavedView
		var at int64
		if err := rows.Scan(&v.ID, &v.Name, &v.Filter, &v.Position, &at); err != nil {
			return nil, fmt.Errorf("scan view: %w", err)
		}
		v.CreatedAt = fromMS(at)
		out = append(out, v)
	}
	return out, rows.Err()
}

// DeleteView removes a saved view.
func (s *Store) DeleteView(ctx context.Context, id int64) error {
	res, err := s.w.ExecContext(ctx, "DELETE FROM saved_views WHERE id = ?", id)
	if err != nil {
		return fmt.Errorf("delete view %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("view %d: %w", id, ErrNotFound)
	}
	return nil
}
