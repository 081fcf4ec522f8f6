-- Satisfaction follow-up (issue 12, item 1).

-- One row per client that set up surveys; no row = off.
CREATE TABLE client_csat (
    client_id     INTEGER PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
    enabled       INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
    question      TEXT    NOT NULL DEFAULT '',
    scale         TEXT    NOT NULL DEFAULT '1-5' CHECK (scale IN ('1-5', 'thumbs')),
    trigger_on    TEXT    NOT NULL DEFAULT 'resolve' CHECK (trigger_on IN ('resolve', 'delay', 'button')),
    delay_minutes INTEGER NOT NULL DEFAULT 0,
    networks      TEXT    NOT NULL DEFAULT '',  -- comma-separated; empty = all
    kinds         TEXT    NOT NULL DEFAULT '',  -- comma-separated; empty = all
    public_mode   TEXT    NOT NULL DEFAULT 'reply' CHECK (public_mode IN ('reply', 'dm', 'skip')),
    quiet_days    INTEGER NOT NULL DEFAULT 30,
    updated_at    INTEGER NOT NULL
);

-- At most one survey per conversation: the primary key is the guarantee,
-- across restarts and crashes. The survey message and its outbox row are
-- written in the same transaction that moves the row to 'asked'.
--   scheduled  due at due_at (on resolve, after a delay, or by the button)
--   asked      the survey message is in the outbox (message_id)
--   answered   the customer's next message carried a rating (or an opt-out)
--   unanswered the customer's next message was no answer
--   blocked    not sent; reason says why (shown on the conversation)
--   cancelled  the conversation reopened before a delayed survey was due
CREATE TABLE csat_surveys (
    conversation_id INTEGER PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
    client_id       INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    customer_id     INTEGER REFERENCES participants(id),
    state           TEXT    NOT NULL CHECK (state IN ('scheduled', 'asked', 'answered', 'unanswered', 'blocked', 'cancelled')),
    source          TEXT    NOT NULL DEFAULT 'resolve' CHECK (source IN ('resolve', 'button')),
    scale           TEXT    NOT NULL DEFAULT '1-5',
    due_at          INTEGER NOT NULL DEFAULT 0,
    asked_at        INTEGER NOT NULL DEFAULT 0,
    message_id      INTEGER REFERENCES messages(id) ON DELETE SET NULL,
    reason          TEXT    NOT NULL DEFAULT '',
    score           INTEGER NOT NULL DEFAULT 0,  -- 1–5 (👍 = 5, 👎 = 1); 0 = none
    comment         TEXT    NOT NULL DEFAULT '',
    answer_message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
    answered_at     INTEGER NOT NULL DEFAULT 0,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX csat_surveys_due ON csat_surveys(state, due_at);
CREATE INDEX csat_surveys_customer ON csat_surveys(customer_id, asked_at);
CREATE INDEX csat_surveys_client ON csat_surveys(client_id, asked_at);

-- Customers who asked never to be surveyed (a toggle, or "stop").
CREATE TABLE csat_optouts (
    participant_id INTEGER PRIMARY KEY REFERENCES participants(id) ON DELETE CASCADE,
    source         TEXT    NOT NULL DEFAULT 'agent',  -- 'agent' or 'answer'
    created_at     INTEGER NOT NULL
);
