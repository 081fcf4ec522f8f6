-- Working the inbox (issue 5): saved views, drafts, saved replies, a
-- client's tone of voice, and the indexes the benchmarks asked for.

-- A saved view is a named filter; filter is the JSON the app validates.
CREATE TABLE saved_views (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    filter     TEXT    NOT NULL,
    position   INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);

-- One draft per conversation, so an unfinished reply survives a restart.
CREATE TABLE drafts (
    conversation_id INTEGER PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
    text            TEXT    NOT NULL,
    visibility      TEXT    NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'private')),
    updated_at      INTEGER NOT NULL
);

-- Canned answers; client_id NULL means "for every client".
CREATE TABLE saved_replies (
    id         INTEGER PRIMARY KEY,
    client_id  INTEGER REFERENCES clients(id) ON DELETE CASCADE,
    title      TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX saved_replies_client ON saved_replies(client_id);

-- How a client wants to sound, shown beside the composer.
CREATE TABLE client_tone (
    client_id  INTEGER PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
    notes      TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Waking snoozed conversations looks only at the snoozed ones.
CREATE INDEX conversations_snoozed ON conversations(snoozed_until) WHERE status = 'snoozed';
-- The customer view and the author filter of search read messages by author.
CREATE INDEX messages_author ON messages(author_id, sent_at);
-- Unread counts and the unread filter touch only the (few) unread rows.
CREATE INDEX conversations_unread ON conversations(handle_id, status) WHERE unread > 0;
-- Client/handle + status filters and their counts: one index range per handle.
CREATE INDEX conversations_handle_status_queue ON conversations(handle_id, status, queue_key, id);
