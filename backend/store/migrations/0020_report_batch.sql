-- Report versions stamped per statement instead of per row (issue 13 item 1,
-- issue 15's import speed). The triggers of 0005 stamp a conversation's
-- report_version once per message inserted, per conversation inserted or
-- updated, per deadline row deleted or inserted and per deadline event: each
-- stamp an UPDATE of report_clock and of the conversation (its row and the
-- report_version index), so a page of 100 messages stamped its
-- conversations a hundred times or more.
--
-- The set-wise writers (store.Ingest, store.SaveDeadlines) stamp instead:
-- they move report_clock on once per transaction and write each touched
-- conversation's report columns in the statements that write it anyway
-- (the new conversation's insert, its refresh) or in one statement for all
-- (the deadlines' conversations). While their statements run,
-- report_clock.batch is 1 and the per-row triggers below skip. It is set
-- and cleared inside the writer's own transaction (set with the clock's one
-- move, so on the page the transaction writes anyway): 1 is never
-- committed, so no other writer (they all go through the one writer
-- connection) and no reader ever sees it; a failed write rolls it back with
-- the rest. Every other writer, and any row of these tables written outside
-- those statements, is stamped by the triggers as before.
ALTER TABLE report_clock ADD COLUMN batch INTEGER NOT NULL DEFAULT 0;

DROP TRIGGER conversations_report_ai;
CREATE TRIGGER conversations_report_ai AFTER INSERT ON conversations
WHEN (SELECT batch FROM report_clock) = 0 BEGIN
    UPDATE report_clock SET n = n + 1;
    UPDATE conversations SET report_version = (SELECT n FROM report_clock) WHERE id = new.id;
END;

DROP TRIGGER conversations_report_au;
CREATE TRIGGER conversations_report_au AFTER UPDATE OF handle_id, kind, status, snoozed_until, customer_id,
    awaiting_since, last_inbound_at, last_outbound_at, last_message_at ON conversations
WHEN (SELECT batch FROM report_clock) = 0 BEGIN
    UPDATE report_clock SET n = n + 1;
    UPDATE conversations SET report_version = (SELECT n FROM report_clock) WHERE id = new.id;
END;

DROP TRIGGER messages_report_ai;
CREATE TRIGGER messages_report_ai AFTER INSERT ON messages
WHEN (SELECT batch FROM report_clock) = 0 BEGIN
    UPDATE report_clock SET n = n + 1;
    UPDATE conversations SET report_version = (SELECT n FROM report_clock),
        report_first_at = COALESCE(MIN(report_first_at, new.sent_at), new.sent_at),
        report_last_at = COALESCE(MAX(report_last_at, new.sent_at), new.sent_at),
        report_first_in_at = CASE WHEN new.direction = 'in'
            THEN COALESCE(MIN(report_first_in_at, new.sent_at), new.sent_at) ELSE report_first_in_at END
    WHERE id = new.conversation_id;
END;

DROP TRIGGER deadline_events_report_ai;
CREATE TRIGGER deadline_events_report_ai AFTER INSERT ON deadline_events
WHEN (SELECT batch FROM report_clock) = 0 BEGIN
    UPDATE report_clock SET n = n + 1;
    UPDATE conversations SET report_version = (SELECT n FROM report_clock) WHERE id = new.conversation_id;
END;

DROP TRIGGER deadlines_report_ai;
CREATE TRIGGER deadlines_report_ai AFTER INSERT ON deadlines
WHEN (SELECT batch FROM report_clock) = 0 BEGIN
    UPDATE report_clock SET n = n + 1;
    UPDATE conversations SET report_version = (SELECT n FROM report_clock) WHERE id = new.conversation_id;
END;
DROP TRIGGER deadlines_report_ad;
CREATE TRIGGER deadlines_report_ad AFTER DELETE ON deadlines
WHEN (SELECT batch FROM report_clock) = 0 BEGIN
    UPDATE report_clock SET n = n + 1;
    UPDATE conversations SET report_version = (SELECT n FROM report_clock) WHERE id = old.conversation_id;
END;
DROP TRIGGER deadlines_report_au;
CREATE TRIGGER deadlines_report_au AFTER UPDATE ON deadlines
WHEN (SELECT batch FROM report_clock) = 0 BEGIN
    UPDATE report_clock SET n = n + 1;
    UPDATE conversations SET report_version = (SELECT n FROM report_clock) WHERE id IN (old.conversation_id, new.conversation_id);
END;
