-- Backups and erasures (issue 15, items 4 and 5).

-- The scheduled backup: one row. daily 1 = a backup a day into the data
-- folder's backups/ directory, keeping the newest keep files; last_at is the
-- last scheduled backup's time (ms), so a restart does not back up again.
CREATE TABLE backup_settings (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    daily   INTEGER NOT NULL DEFAULT 1 CHECK (daily IN (0, 1)),
    keep    INTEGER NOT NULL DEFAULT 7 CHECK (keep BETWEEN 1 AND 365),
    last_at INTEGER NOT NULL DEFAULT 0
);
INSERT INTO backup_settings(id) VALUES (1);

-- A record that a customer was forgotten (a data-protection request): when,
-- which participant id and which handles held their conversations, and how
-- many rows went. Never what was erased: no name, no text.
CREATE TABLE erasures (
    id             INTEGER PRIMARY KEY,
    at             INTEGER NOT NULL,
    customer_id    INTEGER NOT NULL,
    handle_ids     TEXT    NOT NULL DEFAULT '',  -- comma-separated
    conversations  INTEGER NOT NULL DEFAULT 0,
    messages       INTEGER NOT NULL DEFAULT 0
);
