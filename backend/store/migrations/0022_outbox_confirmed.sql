-- A reply marked "check before retrying" is retried by the user only after
-- they checked the conversation: that retry is a confirmation, and a lookup
-- that still cannot tell whether the earlier attempt arrived must not block
-- it. The confirmation covers one attempt (the next one claimed), so an
-- automatic retry after it is as careful as any other.
ALTER TABLE outbox ADD COLUMN confirmed_attempt INTEGER NOT NULL DEFAULT 0;
