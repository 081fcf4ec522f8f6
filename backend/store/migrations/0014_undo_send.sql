-- Undo send: a reply waits in the outbox until not_before (ms) so the agent
-- can pull it back. The hold is a column of the outbox row, not a timer in
-- memory: a crash during the delay neither loses the reply (it is still
-- queued and goes out once the time has passed) nor sends it twice (it was
-- never claimed). 0 = no hold (surveys, public closing notes, old rows).
ALTER TABLE outbox ADD COLUMN not_before INTEGER NOT NULL DEFAULT 0;
