-- The sidebar's counts from an index (issue 13, item 4): they were a scan of
-- every conversation with an OR filter (64–79 ms on the 1 M-message archive,
-- on every start and after every change). The sidebar counts the list's own
-- totals (store/counts.go: open conversations, and those of them unread), so
-- one covering index ordered by status then handle answers both: the open
-- range is read per handle without touching the table. An index stays right
-- under every write path by construction, which maintained counters would
-- have to earn.
CREATE INDEX conversations_open_counts ON conversations(status, handle_id, unread);
