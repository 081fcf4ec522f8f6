-- Tone of voice and who is answering (issue 12, items 4 and 5). A client's
-- tone description stays in client_tone.notes (issue 5); these tables add
-- its humour rule, sign-off, examples and word lists, and the workspace's
-- agent name and best-practices guide.

-- One row per client that has set more than a tone description.
CREATE TABLE client_voice (
    client_id      INTEGER PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
    humour_level   TEXT    NOT NULL DEFAULT 'care' CHECK (humour_level IN ('never', 'care', 'welcome')),
    humour_rule    TEXT    NOT NULL DEFAULT '',
    signoff        TEXT    NOT NULL DEFAULT '',
    append_signoff INTEGER NOT NULL DEFAULT 0 CHECK (append_signoff IN (0, 1)),
    updated_at     INTEGER NOT NULL
);

-- Right and wrong ways to say the same thing, side by side, in order.
CREATE TABLE client_voice_examples (
    id        INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    right_text TEXT   NOT NULL,
    wrong_text TEXT   NOT NULL,
    note      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX client_voice_examples_client ON client_voice_examples(client_id, position);

-- Words and phrases a client avoids (with an optional alternative) or prefers.
CREATE TABLE client_voice_words (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('avoid', 'prefer')),
    phrase      TEXT    NOT NULL,
    alternative TEXT    NOT NULL DEFAULT '',
    UNIQUE (client_id, kind, phrase COLLATE NOCASE)
);

-- Workspace-wide settings of this feature: 'agent_name' and 'guide' (the
-- best-practices guide in Markdown; absent = the starter guide the app ships).
CREATE TABLE workspace_settings (
    key        TEXT    PRIMARY KEY,
    value      TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);
