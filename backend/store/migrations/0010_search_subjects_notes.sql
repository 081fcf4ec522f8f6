-- Search covers e-mail subjects and internal notes (issue 14). Each gets its
-- own external-content FTS5 index kept by triggers, like messages_fts, so any
-- write path (today's ingest or a set-based rewrite of it) keeps them in step
-- inside its own transaction.

-- Every conversation is in the index, an empty subject as an empty document
-- (cheap: no tokens), so the index always mirrors its table exactly — what an
-- external-content 'delete' and FTS5's integrity check rely on.
CREATE VIRTUAL TABLE conversations_fts USING fts5(
    subject,
    content = 'conversations', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO conversations_fts(conversations_fts) VALUES ('rebuild');
CREATE TRIGGER conversations_fts_ai AFTER INSERT ON conversations BEGIN
    INSERT INTO conversations_fts(rowid, subject) VALUES (new.id, new.subject);
END;
CREATE TRIGGER conversations_fts_ad AFTER DELETE ON conversations BEGIN
    INSERT INTO conversations_fts(conversations_fts, rowid, subject) VALUES ('delete', old.id, old.subject);
END;
-- Conversations are updated all the time (status, counters); only a changed
-- subject touches the index.
CREATE TRIGGER conversations_fts_au AFTER UPDATE OF subject ON conversations
WHEN old.subject IS NOT new.subject BEGIN
    INSERT INTO conversations_fts(conversations_fts, rowid, subject) VALUES ('delete', old.id, old.subject);
    INSERT INTO conversations_fts(rowid, subject) VALUES (new.id, new.subject);
END;

-- Notes are the team's own words; a conversation's notes go with it (the
-- foreign key cascades, and the delete trigger fires for cascaded rows).
CREATE VIRTUAL TABLE notes_fts USING fts5(
    text,
    content = 'notes', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO notes_fts(notes_fts) VALUES ('rebuild');
CREATE TRIGGER notes_fts_ai AFTER INSERT ON notes BEGIN
    INSERT INTO notes_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER notes_fts_ad AFTER DELETE ON notes BEGIN
    INSERT INTO notes_fts(notes_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER notes_fts_au AFTER UPDATE OF text ON notes BEGIN
    INSERT INTO notes_fts(notes_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO notes_fts(rowid, text) VALUES (new.id, new.text);
END;
