-- Imports of official archives (careinbox import, "Import archive…"). A row
-- is the resume point of one archive on one handle: units counts the
-- archive's items (conversations and skipped entries, in the archive's own
-- order) whose batch has committed, written in the same transaction as the
-- batch, so a killed import resumes after its last whole batch and never
-- half-writes one. fingerprint (size, modification time, a hash of the
-- first bytes) tells the same file from a changed one; counts are the
-- running totals shown in the summary.
CREATE TABLE imports (
    id           INTEGER PRIMARY KEY,
    handle_id    INTEGER NOT NULL REFERENCES handles(id) ON DELETE CASCADE,
    format       TEXT NOT NULL,
    source       TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed')),
    units        INTEGER NOT NULL DEFAULT 0,
    counts       TEXT NOT NULL DEFAULT '{}',
    error        TEXT NOT NULL DEFAULT '',
    started_at   INTEGER NOT NULL,
    finished_at  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX imports_resume ON imports(handle_id, fingerprint, state);
