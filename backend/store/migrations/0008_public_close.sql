-- Finishing in public (issue 12, item 2): a public thread taken private or
-- handled offline waits for a public closing reply until it is sent or the
-- user dismisses it with a reason. States and transitions: backend/publicclose.

-- One row per loop; a thread can be taken private again after a loop ended,
-- so at most one loop per public thread is unfinished at a time.
CREATE TABLE public_closes (
    id                      INTEGER PRIMARY KEY,
    conversation_id         INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    via                     TEXT    NOT NULL CHECK (via IN ('private', 'offline')),
    private_conversation_id INTEGER REFERENCES conversations(id) ON DELETE SET NULL,
    offline_channel         TEXT    NOT NULL DEFAULT '',  -- phone, email
    offline_note            TEXT    NOT NULL DEFAULT '',  -- the outcome, as the agent wrote it
    state                   TEXT    NOT NULL CHECK (state IN ('waiting', 'prompt', 'sending', 'done', 'dismissed')),
    started_at              INTEGER NOT NULL,
    private_resolved_at     INTEGER NOT NULL DEFAULT 0,
    due_at                  INTEGER NOT NULL DEFAULT 0,   -- 0: no public-close deadline
    reply_message_id        INTEGER REFERENCES messages(id) ON DELETE SET NULL,
    dismiss_reason          TEXT    NOT NULL DEFAULT '',
    ended_at                INTEGER NOT NULL DEFAULT 0,
    author                  TEXT    NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX public_closes_unfinished ON public_closes(conversation_id)
    WHERE state IN ('waiting', 'prompt', 'sending');
CREATE INDEX public_closes_private ON public_closes(private_conversation_id) WHERE state IN ('waiting', 'prompt');
CREATE INDEX public_closes_reply ON public_closes(reply_message_id) WHERE state = 'sending';
CREATE INDEX public_closes_started ON public_closes(started_at);

-- The loop's history, shown in the thread: every transition with its note.
CREATE TABLE public_close_events (
    id       INTEGER PRIMARY KEY,
    close_id INTEGER NOT NULL REFERENCES public_closes(id) ON DELETE CASCADE,
    event    TEXT    NOT NULL,
    state    TEXT    NOT NULL,  -- the state after the event
    note     TEXT    NOT NULL DEFAULT '',
    at       INTEGER NOT NULL
);
CREATE INDEX public_close_events_close ON public_close_events(close_id, at, id);

-- Per client: the suggested closing reply and the optional deadline, in
-- hours after the private side resolved (0: off). No row: the defaults.
CREATE TABLE public_close_settings (
    client_id  INTEGER PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
    reply      TEXT    NOT NULL,
    due_hours  INTEGER NOT NULL DEFAULT 0 CHECK (due_hours >= 0),
    updated_at INTEGER NOT NULL
);

-- The private side's resolution and reopening, and the closing reply's
-- delivery, are written by many code paths (triage, a new message reopening
-- a conversation, the outbox); triggers advance the loop in the same
-- transaction as each of them, so no writer can forget it and a crash can
-- never separate the two. Like conversation_status_changes they use SQLite's
-- clock. They implement publicclose.Next's PrivateResolved, PrivateReopened
-- and ReplySent; the store tests check both agree.
CREATE TRIGGER public_close_private_resolved AFTER UPDATE OF status ON conversations
WHEN new.kind = 'private' AND new.status = 'resolved' AND old.status <> 'resolved' BEGIN
    INSERT INTO public_close_events(close_id, event, state, at)
    SELECT id, 'private_resolved', 'prompt', CAST(unixepoch('subsec') * 1000 AS INTEGER) FROM public_closes
    WHERE private_conversation_id = new.id AND state = 'waiting';
    UPDATE public_closes SET state = 'prompt',
        private_resolved_at = CAST(unixepoch('subsec') * 1000 AS INTEGER),
        due_at = COALESCE((SELECT CAST(unixepoch('subsec') * 1000 AS INTEGER) + s.due_hours * 3600000
            FROM conversations pc JOIN handles h ON h.id = pc.handle_id
            JOIN public_close_settings s ON s.client_id = h.client_id
            WHERE pc.id = public_closes.conversation_id AND s.due_hours > 0), 0)
    WHERE private_conversation_id = new.id AND state = 'waiting';
END;

CREATE TRIGGER public_close_private_reopened AFTER UPDATE OF status ON conversations
WHEN new.kind = 'private' AND old.status = 'resolved' AND new.status <> 'resolved' BEGIN
    INSERT INTO public_close_events(close_id, event, state, at)
    SELECT id, 'private_reopened', 'waiting', CAST(unixepoch('subsec') * 1000 AS INTEGER) FROM public_closes
    WHERE private_conversation_id = new.id AND state = 'prompt';
    UPDATE public_closes SET state = 'waiting', private_resolved_at = 0, due_at = 0
    WHERE private_conversation_id = new.id AND state = 'prompt';
END;

CREATE TRIGGER public_close_reply_sent AFTER UPDATE OF delivery ON messages
WHEN new.delivery = 'sent' AND old.delivery <> 'sent' BEGIN
    INSERT INTO public_close_events(close_id, event, state, at)
    SELECT id, 'reply_sent', 'done', CAST(unixepoch('subsec') * 1000 AS INTEGER) FROM public_closes
    WHERE reply_message_id = new.id AND state = 'sending';
    UPDATE conversations SET status = 'resolved', snoozed_until = 0
    WHERE id IN (SELECT conversation_id FROM public_closes WHERE reply_message_id = new.id AND state = 'sending');
    UPDATE public_closes SET state = 'done', ended_at = CAST(unixepoch('subsec') * 1000 AS INTEGER)
    WHERE reply_message_id = new.id AND state = 'sending';
END;
