-- The sidebar's counts from indexes (issue 13, item 4): its open count was a
-- scan of every conversation with an OR filter (64–79 ms on the 1 M-message
-- archive, on every start and after every change). A partial index holds only
-- the conversations waiting on a reply, so counting them per handle reads
-- those entries and nothing else; the unread count already has one
-- (conversations_unread, 0004). An index stays right under every write path
-- by construction, which maintained counters would have to earn.
CREATE INDEX conversations_awaiting ON conversations(handle_id) WHERE status = 'open' AND awaiting_since > 0;
