-- Search covers e-mail subjects and internal notes (issue 14). Each gets its
-- own external-content FTS5 index kept by triggers, like messages_fts, so any
-- write path (today's ingest or a set-based rewrite of it) keeps them in step
-- inside its own transaction.

-- Only conversations with a subject are indexed (a quarter of a typical
-- archive): the guards on every trigger match, because an external-content
-- 'delete' must name exactly what was inserted.
CREATE VIRTUAL TABLE conversations_fts USING fts5(
    subject,
    content = 'conversations', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO conversations_fts(rowid, subject) SELECT id, subject FROM conversations WHERE subject <> '';
CREATE TRIGGER conversations_fts_ai AFTER INSERT ON conversations WHEN new.subject <> '' BEGIN
    INSERT INTO conversations_fts(rowid, subject) VALUES (new.id, new.subject);
END;
CREATE TRIGGER conversations_fts_ad AFTER DELETE ON conversations WHEN old.subject <> '' BEGIN
    INSERT INTO conversations_fts(conversations_fts, rowid, subject) VALUES ('delete', old.id, old.subject);
END;
CREATE TRIGGER conversations_fts_au AFTER UPDATE OF subject ON conversations
WHEN old.subject IS NOT new.subject BEGIN
    INSERT INTO conversations_fts(conversations_fts, rowid, subject)
    SELECT 'delete', old.id, old.subject WHERE old.subject <> '';
    INSERT INTO conversations_fts(rowid, subject) SELECT new.id, new.subject WHERE new.subject <> '';
END;

-- Notes are the team's own words; a conversation's notes go with it (the
-- foreign key cascades, and the delete trigger fires for cascaded rows).
CREATE VIRTUAL TABLE notes_fts USING fts5(
    text,
    content = 'notes', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO notes_fts(rowid, text) SELECT id, text FROM notes;
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
