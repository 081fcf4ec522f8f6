-- Deep backfill: each (handle, stream) that can walk its history back has a
-- row of its own, apart from the live sync queue (sync_streams), so the
-- backfill has its own cursor and schedule and never stands in live sync's
-- way. The row is the resumable state: a restart continues from cursor.
CREATE TABLE backfills (
    handle_id     INTEGER NOT NULL REFERENCES handles(id) ON DELETE CASCADE,
    stream        TEXT    NOT NULL,
    state         TEXT    NOT NULL DEFAULT 'running'
                  CHECK (state IN ('running', 'paused', 'stopped', 'done')),
    cursor        TEXT    NOT NULL DEFAULT '',
    until_at      INTEGER NOT NULL DEFAULT 0, -- do not go back before (0: as far as the network allows)
    connected_at  INTEGER NOT NULL,           -- what the customer wrote before this is history
    conversations INTEGER NOT NULL DEFAULT 0, -- conversations touched so far
    messages      INTEGER NOT NULL DEFAULT 0, -- new messages stored so far
    total         INTEGER NOT NULL DEFAULT 0, -- items in all when the network says (0: unknown)
    progress      REAL    NOT NULL DEFAULT 0, -- 0–1 when the network lets us know
    oldest_at     INTEGER NOT NULL DEFAULT 0, -- the oldest message reached
    next_run_at   INTEGER NOT NULL DEFAULT 0,
    errors        INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT    NOT NULL DEFAULT '',
    updated_at    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (handle_id, stream)
) WITHOUT ROWID;
CREATE INDEX backfills_due ON backfills(state, next_run_at);

-- A conversation first stored by a backfill carries its handle's connect
-- time: while its newest inbound message is older, it is history and runs
-- no deadline clock (so no notification); a customer writing again later
-- makes it live as usual. 0: a live conversation.
ALTER TABLE conversations ADD COLUMN history_before INTEGER NOT NULL DEFAULT 0;
CREATE INDEX conversations_history ON conversations(handle_id) WHERE history_before > 0;
