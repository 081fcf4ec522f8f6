-- Sync state and the outbox. The database is the scheduler's queue: each
-- (handle, stream) row says when it runs next and how it has been failing.

ALTER TABLE handles ADD COLUMN settings TEXT NOT NULL DEFAULT '{}'; -- non-secret connection settings
ALTER TABLE handles ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;
ALTER TABLE handles ADD COLUMN retry_at INTEGER NOT NULL DEFAULT 0;  -- rate limited / backing off until
ALTER TABLE handles ADD COLUMN backfill REAL NOT NULL DEFAULT 1;     -- 0–1 progress of the history backfill

CREATE TABLE sync_streams (
    handle_id   INTEGER NOT NULL REFERENCES handles(id) ON DELETE CASCADE,
    stream      TEXT    NOT NULL,
    cursor      TEXT    NOT NULL DEFAULT '',
    next_run_at INTEGER NOT NULL DEFAULT 0,
    errors      INTEGER NOT NULL DEFAULT 0,   -- consecutive failures, for back-off
    last_error  TEXT    NOT NULL DEFAULT '',
    last_ok_at  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (handle_id, stream)
) WITHOUT ROWID;
CREATE INDEX sync_streams_due ON sync_streams(next_run_at);

-- A reply is a message row first (visible at once), and an outbox row that a
-- worker drives: queued → sending → sent, or failed (with retry). "sending"
-- that survives a crash is resolved by asking the network (SentFinder), never
-- by sending again blindly.
CREATE TABLE outbox (
    message_id      INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
    handle_id       INTEGER NOT NULL REFERENCES handles(id) ON DELETE CASCADE,
    idempotency_key TEXT    NOT NULL UNIQUE,
    visibility      TEXT    NOT NULL CHECK (visibility IN ('public', 'private')),
    state           TEXT    NOT NULL DEFAULT 'queued'
                    CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT    NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL
);
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
