-- Escalation signals (issue 12, item 3). A customer's message carries
-- VADER's compound score (-1 … 1; NULL when not scored: not English, or
-- written by the business) and the threat phrase it contains, if any.
ALTER TABLE messages ADD COLUMN sentiment REAL;
ALTER TABLE messages ADD COLUMN threat TEXT NOT NULL DEFAULT '';

-- A conversation's reading from its customer's latest messages
-- (sentiment.Summarize): weighted score, label, trend, and whether the
-- customer is irate and why. Stored, so the list filters on an index.
ALTER TABLE conversations ADD COLUMN sentiment REAL;
ALTER TABLE conversations ADD COLUMN mood TEXT NOT NULL DEFAULT 'unknown';
ALTER TABLE conversations ADD COLUMN mood_trend TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN irate INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN irate_reason TEXT NOT NULL DEFAULT '';

-- The Irate and mood filters, with the status the inbox always sets, walk
-- only the matching rows in queue order (docs/BENCHMARKS.md).
CREATE INDEX conversations_irate ON conversations(status, queue_key, id) WHERE irate = 1;
CREATE INDEX conversations_irate_all ON conversations(queue_key, id) WHERE irate = 1; -- status "All"
CREATE INDEX conversations_mood_queue ON conversations(mood, status, queue_key, id);

-- Messages stored before this migration are scored once, in the background
-- (Store.BackfillSentiment), from the lowest id up to this mark; new ones
-- are scored as they are ingested.
INSERT INTO meta(key, value) SELECT 'sentiment_backfill_to', CAST(COALESCE(MAX(id), 0) AS TEXT) FROM messages
    WHERE true ON CONFLICT(key) DO UPDATE SET value = excluded.value;
INSERT INTO meta(key, value) VALUES ('sentiment_backfill_from', '0')
    ON CONFLICT(key) DO UPDATE SET value = excluded.value;
