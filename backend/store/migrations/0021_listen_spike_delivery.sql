-- A spike's desktop notification can fail (no notification service, one
-- not answering): the spike keeps what it said and whether it reached the
-- desktop, so it is sent again while it still matters and the Listening
-- view shows it either way. Spikes claimed before this migration were
-- notified once as before: they count as delivered.
ALTER TABLE listen_spikes ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE listen_spikes ADD COLUMN body TEXT NOT NULL DEFAULT '';
ALTER TABLE listen_spikes ADD COLUMN view TEXT NOT NULL DEFAULT '';
ALTER TABLE listen_spikes ADD COLUMN delivered_at INTEGER NOT NULL DEFAULT 0;
UPDATE listen_spikes SET delivered_at = notified_at;
CREATE INDEX listen_spikes_hour ON listen_spikes(hour);
