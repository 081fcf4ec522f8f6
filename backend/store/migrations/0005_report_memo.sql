-- Reports keep what they read of each conversation in memory (issue 11:
-- backend/report/memo.go) and reload only the conversations that changed.
-- report_version is stamped on every write a report reads, by triggers, so
-- no writer can forget (edits, deletes, late-arriving messages, imports, the
-- deadline service). Versions come from one counter (report_clock), so "what
-- changed since the last report" is an index range (report_version > last
-- counter seen), a conversation deleted and created again under the same id
-- never shows an older version, and deleted conversations leave a row in
-- report_deleted with theirs. report_first_at / report_last_at are the
-- earliest and latest sent_at of the conversation's messages (NULL: none),
-- so the conversations a period touches are known without reading messages.
CREATE TABLE report_clock (n INTEGER NOT NULL);
INSERT INTO report_clock(n) VALUES (1);
CREATE TABLE report_deleted (conversation_id INTEGER NOT NULL, version INTEGER NOT NULL);
CREATE INDEX report_deleted_version ON report_deleted(version);

ALTER TABLE conversations ADD COLUMN report_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN report_first_at INTEGER;
ALTER TABLE conversations ADD COLUMN report_last_at INTEGER;
ALTER TABLE conversations ADD COLUMN report_first_in_at INTEGER;
ALTER TABLE conversations ADD COLUMN report_status_at INTEGER;
UPDATE conversations SET report_version = 1,
    report_first_at = (SELECT MIN(sent_at) FROM messages m WHERE m.conversation_id = conversations.id),
    report_last_at = (SELECT MAX(sent_at) FROM messages m WHERE m.conversation_id = conversations.id),
    report_first_in_at = (SELECT MIN(sent_at) FROM messages m WHERE m.conversation_id = conversations.id AND m.direction = 'in'),
    report_status_at = (SELECT MAX(at) FROM conversation_status_changes s WHERE s.conversation_id = conversations.id);
CREATE INDEX conversations_report_version ON conversations(report_version);

CREATE TRIGGER conversations_report_ai AFTER INSERT ON conversations BEGIN
    UPDATE report_clock SET n = n + 1;
    UPDATE conversations SET report_version = (SELECT n FROM report_clock) WHERE id = new.id;
END;
CREATE TRIGGER conversations_report_ad AFTER DELETE ON conversations BEGIN
    UPDATE report_clock SET n = n + 1;
    INSERT INTO report_deleted(conversation_id, version) VALUES (old.id, (SELECT n FROM report_clock));
END;
-- The columns of deadline.Input (the status history trigger adds a row too).
CREATE TRIGGER conversations_report_au AFTER UPDATE OF handle_id, kind, status, snoozed_until, customer_id,
    awaiting_since, last_inbound_at, last_outbound_at, last_message_at ON conversations BEGIN
    UPDATE report_clock SET n = n + 1;
    UPDATE conversations SET report_version = (SELECT n FROM report_clock) WHERE id = new.id;
END;

CREATE TRIGGER messages_report_ai AFTER INSERT ON messages BEGIN
    UPDATE report_clock SET n = n + 1;
    UPDATE conversations SET report_version = (SELECT n FROM report_clock),
        report_first_at = COALESCE(MIN(report_first_at, new.sent_at), new.sent_at),
        report_last_at = COALESCE(MAX(report_last_at, new.sent_at), new.sent_at),
        report_first_in_at = CASE WHEN new.direction = 'in'
            THEN COALESCE(MIN(report_first_in_at, new.sent_at), new.sent_at) ELSE report_first_in_at END
    WHERE id = new.conversation_id;
END;
CREATE TRIGGER messages_report_ad AFTER DELETE ON messages BEGIN
    UPDATE report_clock SET n = n + 1;
    UPDATE conversations SET report_version = (SELECT n FROM report_clock),
        report_first_at = (SELECT MIN(sent_at) FROM messages m WHERE m.conversation_id = old.conversation_id),
        report_last_at = (SELECT MAX(sent_at) FROM messages m WHERE m.conversation_id = old.conversation_id),
        report_first_in_at = (SELECT MIN(sent_at) FROM messages m WHERE m.conversation_id = old.conversation_id AND m.direction = 'in')
    WHERE id = old.conversation_id;
END;
-- Reports read direction, delivery (only replies that reached the network
-- count) and sent_at; text edits do not change a report.
CREATE TRIGGER messages_report_au AFTER UPDATE OF conversation_id, direction, sent_at, delivery ON messages BEGIN
    UPDATE report_clock SET n = n + 1;
    UPDATE conversations SET report_version = (SELECT n FROM report_clock),
        report_first_at = (SELECT MIN(sent_at) FROM messages m WHERE m.conversation_id = conversations.id),
        report_last_at = (SELECT MAX(sent_at) FROM messages m WHERE m.conversation_id = conversations.id),
        report_first_in_at = (SELECT MIN(sent_at) FROM messages m WHERE m.conversation_id = conversations.id AND m.direction = 'in')
    WHERE id IN (old.conversation_id, new.conversation_id);
END;

CREATE TRIGGER status_changes_report_ai AFTER INSERT ON conversation_status_changes BEGIN
    UPDATE report_clock SET n = n + 1;
    UPDATE conversations SET report_version = (SELECT n FROM report_clock),
        report_status_at = COALESCE(MAX(report_status_at, new.at), new.at)
    WHERE id = new.conversation_id;
END;
CREATE TRIGGER status_changes_report_ad AFTER DELETE ON conversation_status_changes BEGIN
    UPDATE report_clock SET n = n + 1;
    UPDATE conversations SET report_version = (SELECT n FROM report_clock),
        report_status_at = (SELECT MAX(at) FROM conversation_status_changes s WHERE s.conversation_id = old.conversation_id)
    WHERE id = old.conversation_id;
END;
CREATE TRIGGER status_changes_report_au AFTER UPDATE ON conversation_status_changes BEGIN
    UPDATE report_clock SET n = n + 1;
    UPDATE conversations SET report_version = (SELECT n FROM report_clock),
        report_status_at = (SELECT MAX(at) FROM conversation_status_changes s WHERE s.conversation_id = conversations.id)
    WHERE id IN (old.conversation_id, new.conversation_id);
END;

CREATE TRIGGER deadline_events_report_ai AFTER INSERT ON deadline_events BEGIN
    UPDATE report_clock SET n = n + 1;
    UPDATE conversations SET report_version = (SELECT n FROM report_clock) WHERE id = new.conversation_id;
END;
CREATE TRIGGER deadline_events_report_ad AFTER DELETE ON deadline_events BEGIN
    UPDATE report_clock SET n = n + 1;
    UPDATE conversations SET report_version = (SELECT n FROM report_clock) WHERE id = old.conversation_id;
END;
-- Notification bookkeeping (notify_state, notified_at) is not report data.
CREATE TRIGGER deadline_events_report_au AFTER UPDATE OF conversation_id, clock, started_at, event, at ON deadline_events BEGIN
    UPDATE report_clock SET n = n + 1;
    UPDATE conversations SET report_version = (SELECT n FROM report_clock) WHERE id IN (old.conversation_id, new.conversation_id);
END;

CREATE TRIGGER deadlines_report_ai AFTER INSERT ON deadlines BEGIN
    UPDATE report_clock SET n = n + 1;
    UPDATE conversations SET report_version = (SELECT n FROM report_clock) WHERE id = new.conversation_id;
END;
CREATE TRIGGER deadlines_report_ad AFTER DELETE ON deadlines BEGIN
    UPDATE report_clock SET n = n + 1;
    UPDATE conversations SET report_version = (SELECT n FROM report_clock) WHERE id = old.conversation_id;
END;
CREATE TRIGGER deadlines_report_au AFTER UPDATE ON deadlines BEGIN
    UPDATE report_clock SET n = n + 1;
    UPDATE conversations SET report_version = (SELECT n FROM report_clock) WHERE id IN (old.conversation_id, new.conversation_id);
END;

-- A breach names its customer.
CREATE TRIGGER participants_report_au AFTER UPDATE OF display_name ON participants BEGIN
    UPDATE report_clock SET n = n + 1;
    UPDATE conversations SET report_version = (SELECT n FROM report_clock) WHERE customer_id = new.id;
END;
