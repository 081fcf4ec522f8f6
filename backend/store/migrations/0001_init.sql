-- Care Inbox schema v1. Times are Unix milliseconds (UTC); 0 or NULL means "never".
-- Network-specific extras live in JSON columns named extra.

CREATE TABLE clients (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    time_zone  TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);

CREATE TABLE handles (
    id                INTEGER PRIMARY KEY,
    client_id         INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    network           TEXT    NOT NULL,
    remote_account_id TEXT    NOT NULL,
    display_name      TEXT    NOT NULL,
    username          TEXT    NOT NULL DEFAULT '',
    sync_state        TEXT    NOT NULL DEFAULT 'idle',
    sync_error        TEXT    NOT NULL DEFAULT '',
    last_sync_at      INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL,
    extra             TEXT    NOT NULL DEFAULT '{}',
    UNIQUE (network, remote_account_id)
);
CREATE INDEX handles_client ON handles(client_id);

-- A participant is keyed by its network's own id, so one customer's public
-- mentions and private messages on different handles link to the same row.
CREATE TABLE participants (
    id           INTEGER PRIMARY KEY,
    network      TEXT NOT NULL,
    remote_id    TEXT NOT NULL,
    username     TEXT NOT NULL DEFAULT '',
    display_name TEXT NOT NULL DEFAULT '',
    extra        TEXT NOT NULL DEFAULT '{}',
    UNIQUE (network, remote_id)
);

CREATE TABLE conversations (
    id               INTEGER PRIMARY KEY,
    handle_id        INTEGER NOT NULL REFERENCES handles(id) ON DELETE CASCADE,
    remote_id        TEXT    NOT NULL,
    kind             TEXT    NOT NULL CHECK (kind IN ('public', 'private', 'email')),
    customer_id      INTEGER REFERENCES participants(id),
    subject          TEXT    NOT NULL DEFAULT '',
    status           TEXT    NOT NULL DEFAULT 'open'
                     CHECK (status IN ('open', 'pending', 'resolved', 'snoozed')),
    snoozed_until    INTEGER NOT NULL DEFAULT 0,
    last_inbound_at  INTEGER NOT NULL DEFAULT 0,
    last_outbound_at INTEGER NOT NULL DEFAULT 0,
    last_message_at  INTEGER NOT NULL DEFAULT 0,
    awaiting_since   INTEGER NOT NULL DEFAULT 0,
    last_excerpt     TEXT    NOT NULL DEFAULT '',
    last_direction   TEXT    NOT NULL DEFAULT 'in',
    unread           INTEGER NOT NULL DEFAULT 0,
    message_count    INTEGER NOT NULL DEFAULT 0,
    -- queue_key orders the inbox: conversations waiting on us first, the
    -- longest-waiting first (their response clock started earliest), then the
    -- rest by newest activity. Stored so one index serves the list.
    queue_key        INTEGER NOT NULL DEFAULT 0,
    extra            TEXT    NOT NULL DEFAULT '{}',
    UNIQUE (handle_id, remote_id)
);
CREATE INDEX conversations_queue ON conversations(queue_key, id);
CREATE INDEX conversations_status_queue ON conversations(status, queue_key, id);
CREATE INDEX conversations_handle_queue ON conversations(handle_id, queue_key, id);
CREATE INDEX conversations_customer ON conversations(customer_id);

CREATE TABLE messages (
    id                 INTEGER PRIMARY KEY,
    conversation_id    INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    handle_id          INTEGER NOT NULL REFERENCES handles(id) ON DELETE CASCADE,
    remote_id          TEXT    NOT NULL,
    direction          TEXT    NOT NULL CHECK (direction IN ('in', 'out')),
    author_id          INTEGER REFERENCES participants(id),
    author_name        TEXT    NOT NULL DEFAULT '',
    text               TEXT    NOT NULL,
    sent_at            INTEGER NOT NULL,
    reply_to_remote_id TEXT    NOT NULL DEFAULT '',
    delivery           TEXT    NOT NULL DEFAULT 'received',
    extra              TEXT    NOT NULL DEFAULT '{}',
    UNIQUE (handle_id, remote_id)
);
CREATE INDEX messages_conversation ON messages(conversation_id, sent_at, id);

CREATE TABLE tags (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL UNIQUE COLLATE NOCASE,
    color TEXT NOT NULL DEFAULT ''
);

CREATE TABLE conversation_tags (
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    tag_id          INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (conversation_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX conversation_tags_tag ON conversation_tags(tag_id, conversation_id);

CREATE TABLE notes (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    author          TEXT    NOT NULL DEFAULT '',
    text            TEXT    NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX notes_conversation ON notes(conversation_id, created_at);

-- Full-text index over message text and author names. External content keeps
-- one copy of the text; the triggers keep the index in step inside the same
-- transaction as the row change.
CREATE VIRTUAL TABLE messages_fts USING fts5(
    text, author_name,
    content = 'messages', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts(rowid, text, author_name) VALUES (new.id, new.text, new.author_name);
END;
CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, text, author_name)
    VALUES ('delete', old.id, old.text, old.author_name);
END;
CREATE TRIGGER messages_fts_au AFTER UPDATE OF text, author_name ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, text, author_name)
    VALUES ('delete', old.id, old.text, old.author_name);
    INSERT INTO messages_fts(rowid, text, author_name) VALUES (new.id, new.text, new.author_name);
END;

-- Participant names are searchable too, so a customer is found by name even
-- in messages they did not author.
CREATE VIRTUAL TABLE participants_fts USING fts5(
    username, display_name,
    content = 'participants', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER participants_fts_ai AFTER INSERT ON participants BEGIN
    INSERT INTO participants_fts(rowid, username, display_name) VALUES (new.id, new.username, new.display_name);
END;
CREATE TRIGGER participants_fts_ad AFTER DELETE ON participants BEGIN
    INSERT INTO participants_fts(participants_fts, rowid, username, display_name)
    VALUES ('delete', old.id, old.username, old.display_name);
END;
CREATE TRIGGER participants_fts_au AFTER UPDATE OF username, display_name ON participants BEGIN
    INSERT INTO participants_fts(participants_fts, rowid, username, display_name)
    VALUES ('delete', old.id, old.username, old.display_name);
    INSERT INTO participants_fts(rowid, username, display_name) VALUES (new.id, new.username, new.display_name);
END;

-- Marks a database as generated sample data, so demo and real data never mix.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
