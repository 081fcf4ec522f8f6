-- Response deadlines (issue 4). Times are Unix milliseconds (UTC); 0 = none.

-- Business calendars: one per client (handle_id NULL), optionally one per
-- handle. spec is the JSON of deadline.CalendarSpec.
CREATE TABLE sla_calendars (
    id         INTEGER PRIMARY KEY,
    client_id  INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    handle_id  INTEGER REFERENCES handles(id) ON DELETE CASCADE,
    spec       TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX sla_calendars_scope ON sla_calendars(client_id, IFNULL(handle_id, 0));

-- Response-time policies per client, optionally narrowed by handle and by
-- channel kind ('' = any kind). spec is the JSON of deadline.PolicySpec.
CREATE TABLE sla_policies (
    id         INTEGER PRIMARY KEY,
    client_id  INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    handle_id  INTEGER REFERENCES handles(id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL DEFAULT '' CHECK (kind IN ('', 'public', 'private', 'email')),
    spec       TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX sla_policies_scope ON sla_policies(client_id, IFNULL(handle_id, 0), kind);

-- Notification switches per client (handle_id NULL) or handle. No row = on.
CREATE TABLE sla_switches (
    client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    handle_id INTEGER REFERENCES handles(id) ON DELETE CASCADE,
    notify    INTEGER NOT NULL
);
CREATE UNIQUE INDEX sla_switches_scope ON sla_switches(client_id, IFNULL(handle_id, 0));

-- Status history, so time spent pending or snoozed can be taken off a
-- response clock. A trigger writes it, so every path that changes a status
-- (triage, a new inbound message re-opening, imports) is recorded without
-- each writer having to remember. Conversations that changed status before
-- this table existed have no history: see deadline.pausesFrom for how that is
-- treated (conservatively: the clock is assumed to have run).
CREATE TABLE conversation_status_changes (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    status          TEXT    NOT NULL,
    at              INTEGER NOT NULL
);
CREATE INDEX conversation_status_changes_conv ON conversation_status_changes(conversation_id, at, id);
CREATE TRIGGER conversations_status_history AFTER UPDATE OF status ON conversations
WHEN old.status <> new.status BEGIN
    INSERT INTO conversation_status_changes(conversation_id, status, at)
    VALUES (new.id, new.status, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;

-- The current deadline of each running clock of a conversation ('response':
-- first or next response; 'resolution'). Recomputed after every relevant
-- change; next_at is the next instant the state changes by itself, so one
-- indexed query tells the notifier what to do next.
CREATE TABLE deadlines (
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    clock           TEXT    NOT NULL CHECK (clock IN ('response', 'resolution')),
    kind            TEXT    NOT NULL,            -- first, next, resolution
    started_at      INTEGER NOT NULL,            -- identifies one cycle of the clock
    warn_at         INTEGER NOT NULL DEFAULT 0,
    internal_at     INTEGER NOT NULL DEFAULT 0,
    promise_warn_at INTEGER NOT NULL DEFAULT 0,
    published_at    INTEGER NOT NULL DEFAULT 0,
    window_at       INTEGER NOT NULL DEFAULT 0,  -- the platform's own reply window closes
    state           TEXT    NOT NULL,            -- on_track, imminent, late, at_risk, breached, paused
    next_at         INTEGER NOT NULL DEFAULT 0,
    computed_at     INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, clock)
) WITHOUT ROWID;
CREATE INDEX deadlines_next ON deadlines(next_at) WHERE next_at > 0;
CREATE INDEX deadlines_internal ON deadlines(internal_at) WHERE internal_at > 0;

-- Append-only: every state change of a deadline, with its time. at is when
-- it happened (the mark); recorded_at when the app noticed (later if it was
-- closed or asleep). The UNIQUE key makes each change of one cycle happen
-- once, whatever restarts; notification dedupe is built on notify_state.
CREATE TABLE deadline_events (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    clock           TEXT    NOT NULL,
    started_at      INTEGER NOT NULL,
    event           TEXT    NOT NULL,  -- imminent, late, at_risk, breached, achieved, missed
    at              INTEGER NOT NULL,
    recorded_at     INTEGER NOT NULL,
    -- pending → sent | grouped | muted | superseded | expired | none (not a notification)
    notify_state    TEXT    NOT NULL,
    notified_at     INTEGER NOT NULL DEFAULT 0,
    UNIQUE (conversation_id, clock, started_at, event)
);
CREATE INDEX deadline_events_pending ON deadline_events(notify_state) WHERE notify_state = 'pending';
CREATE INDEX deadline_events_conv ON deadline_events(conversation_id, at);

-- A handle whose data is stale or failing while deadlines depend on it: one
-- row per episode (keyed by the last good sync), so the blind spot is
-- announced once.
CREATE TABLE sync_blind_spots (
    handle_id    INTEGER NOT NULL REFERENCES handles(id) ON DELETE CASCADE,
    last_sync_at INTEGER NOT NULL,
    at           INTEGER NOT NULL,
    notify_state TEXT    NOT NULL,
    notified_at  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (handle_id, last_sync_at)
) WITHOUT ROWID;
