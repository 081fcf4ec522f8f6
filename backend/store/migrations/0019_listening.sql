-- Listening: searches per client for what people say about the brand
-- without addressing a handle. Results live apart from conversations:
-- nothing found here enters the queue or starts a deadline until the user
-- replies (conversations.proactive marks the conversation made that way).

CREATE TABLE listen_searches (
    id               INTEGER PRIMARY KEY,
    client_id        INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    name             TEXT    NOT NULL,
    -- JSON arrays of strings: terms ("#tag" for hashtags), excluded words,
    -- excluded accounts (usernames), feed URLs.
    terms            TEXT    NOT NULL DEFAULT '[]',
    exclude_words    TEXT    NOT NULL DEFAULT '[]',
    exclude_accounts TEXT    NOT NULL DEFAULT '[]',
    feeds            TEXT    NOT NULL DEFAULT '[]',
    language         TEXT    NOT NULL DEFAULT '',
    -- X recent search is billed per read: off until the user switches it on.
    x_enabled        INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL
);
CREATE INDEX listen_searches_client ON listen_searches(client_id);

-- The queue, like sync_streams: one row per (search, source), with its
-- cursor, next run and failures. source is "handle:<id>" or "feed:<url>".
CREATE TABLE listen_sources (
    search_id     INTEGER NOT NULL REFERENCES listen_searches(id) ON DELETE CASCADE,
    source        TEXT    NOT NULL,
    handle_id     INTEGER REFERENCES handles(id) ON DELETE CASCADE,
    feed_url      TEXT    NOT NULL DEFAULT '',
    cursor        TEXT    NOT NULL DEFAULT '',
    etag          TEXT    NOT NULL DEFAULT '',
    last_modified TEXT    NOT NULL DEFAULT '',
    next_run_at   INTEGER NOT NULL DEFAULT 0,
    last_run_at   INTEGER NOT NULL DEFAULT 0,
    errors        INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT    NOT NULL DEFAULT '',
    note          TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (search_id, source)
);
CREATE INDEX listen_sources_due ON listen_sources(next_run_at);

CREATE TABLE listen_results (
    id              INTEGER PRIMARY KEY,
    search_id       INTEGER NOT NULL REFERENCES listen_searches(id) ON DELETE CASCADE,
    -- dedup_key is the post's permalink when it has one, else network:id:
    -- the same post found by two sources (a tag and a word, two servers)
    -- is kept once.
    dedup_key       TEXT    NOT NULL,
    network         TEXT    NOT NULL,
    source          TEXT    NOT NULL,
    handle_id       INTEGER REFERENCES handles(id) ON DELETE SET NULL,
    remote_id       TEXT    NOT NULL DEFAULT '',
    url             TEXT    NOT NULL DEFAULT '',
    author_id       TEXT    NOT NULL DEFAULT '',
    author_username TEXT    NOT NULL DEFAULT '',
    author_name     TEXT    NOT NULL DEFAULT '',
    text            TEXT    NOT NULL DEFAULT '',
    language        TEXT    NOT NULL DEFAULT '',
    sentiment       REAL    NOT NULL DEFAULT 0,
    reach           INTEGER NOT NULL DEFAULT 0,
    posted_at       INTEGER NOT NULL,
    found_at        INTEGER NOT NULL,
    handled         INTEGER NOT NULL DEFAULT 0,
    conversation_id INTEGER REFERENCES conversations(id) ON DELETE SET NULL,
    sample          INTEGER NOT NULL DEFAULT 0,
    UNIQUE (search_id, dedup_key)
);
CREATE INDEX listen_results_posted ON listen_results(search_id, posted_at);

-- Muted authors and words of a client: their results disappear.
CREATE TABLE listen_mutes (
    client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    kind      TEXT    NOT NULL CHECK (kind IN ('author', 'word')),
    value     TEXT    NOT NULL,
    PRIMARY KEY (client_id, kind, value)
);

-- One row per spike announced: a restart never repeats a notification.
CREATE TABLE listen_spikes (
    scope       TEXT    NOT NULL, -- "search:<id>" or "handle:<id>"
    metric      TEXT    NOT NULL, -- "volume" or "negative"
    hour        INTEGER NOT NULL, -- the hour's start, ms
    count       INTEGER NOT NULL,
    baseline    REAL    NOT NULL,
    notified_at INTEGER NOT NULL,
    PRIMARY KEY (scope, metric, hour)
);

ALTER TABLE conversations ADD COLUMN proactive INTEGER NOT NULL DEFAULT 0;

-- The client's policy for proactive replies is a policy of kind
-- 'proactive' (deadline.KindProactive): the kind check grows by one value.
-- No row refers to sla_policies, so the table is rebuilt as SQLite asks.
CREATE TABLE sla_policies_0019 (
    id         INTEGER PRIMARY KEY,
    client_id  INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    handle_id  INTEGER REFERENCES handles(id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL DEFAULT '' CHECK (kind IN ('', 'public', 'private', 'email', 'proactive')),
    spec       TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);
INSERT INTO sla_policies_0019(id, client_id, handle_id, kind, spec, updated_at)
    SELECT id, client_id, handle_id, kind, spec, updated_at FROM sla_policies;
DROP TABLE sla_policies;
ALTER TABLE sla_policies_0019 RENAME TO sla_policies;
CREATE UNIQUE INDEX sla_policies_scope ON sla_policies(client_id, IFNULL(handle_id, 0), kind);
