-- Vocabularies of the three full-text indexes (issue 13, item 3): the word
-- being typed is expanded to its most frequent whole words through them
-- (search_prefix.go) instead of being queried as an FTS5 prefix, which reads
-- and merges the doclist of every word it starts once per statement. An
-- fts5vocab table stores nothing: it reads its index when queried.
CREATE VIRTUAL TABLE messages_fts_vocab USING fts5vocab(messages_fts, row);
CREATE VIRTUAL TABLE conversations_fts_vocab USING fts5vocab(conversations_fts, row);
CREATE VIRTUAL TABLE notes_fts_vocab USING fts5vocab(notes_fts, row);
