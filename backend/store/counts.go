package store

import (
	"context"
	"fmt"

	"careinbox/backend/inbox"
)

// The sidebar's numbers are totals of list filters, defined once here so that
// a number in the sidebar is exactly the total the list shows when that scope
// is opened with that filter (issue 14: they used to disagree, because the
// sidebar counted "open and waiting on us" and unread conversations of every
// status, while the list's Open tab counts every open conversation).

// OpenCountFilter is the list filter behind an "open" count: the Open tab.
func OpenCountFilter() inbox.ConversationFilter {
	return inbox.ConversationFilter{Statuses: []inbox.Status{inbox.StatusOpen}}
}

// UnreadCountFilter is the list filter behind an "unread" count: the Open tab
// with "Unread only" ticked.
func UnreadCountFilter() inbox.ConversationFilter {
	f := OpenCountFilter()
	f.UnreadOnly = true
	return f
}

// countsPerHandle returns the open and unread counts of every handle that has
// any, through the same WHERE clause the list uses (filterSQL).
func (s *Store) countsPerHandle(ctx context.Context) (map[int64][2]int, error) {
	query, args := sidebarCounts()
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("count conversations per handle: %w", err)
	}
	defer rows.Close()
	out := map[int64][2]int{}
	for rows.Next() {
		var id int64
		var open, unread int
		if err := rows.Scan(&id, &open, &unread); err != nil {
			return nil, fmt.Errorf("scan counts: %w", err)
		}
		out[id] = [2]int{open, unread}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count conversations per handle: %w", err)
	}
	return out, nil
}

// sidebarCounts is the query behind countsPerHandle. It reads the covering
// index of 0011_sidebar_counts.sql, so its cost grows with the open
// conversations, not the archive; INDEXED BY makes a missing index an error
// instead of a silent scan of every conversation.
func sidebarCounts() (string, []any) {
	where, args := filterSQL(OpenCountFilter())
	return `SELECT c.handle_id, COUNT(*), COALESCE(SUM(c.unread > 0), 0)
		FROM conversations c INDEXED BY conversations_open_counts` + where + ` GROUP BY c.handle_id`, args
}
