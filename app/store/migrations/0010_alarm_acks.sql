-- Alarms acknowledged per unit: a takeover acknowledged on one console stays acknowledged on every console of the
-- unit, across reloads and restarts. One row per (unit, alarm kind, item); the ledger keeps who and when as well.
CREATE TABLE alarm_acks (
  centre_id INTEGER NOT NULL REFERENCES centres(id),
  kind TEXT NOT NULL,
  item_id INTEGER NOT NULL,
  at INTEGER NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users(id),
  PRIMARY KEY (centre_id, kind, item_id)
);
CREATE INDEX alarm_acks_recent ON alarm_acks(centre_id, at);
