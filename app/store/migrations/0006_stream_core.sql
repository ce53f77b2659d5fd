-- The durable stream core (issue 10): every per-unit fact lives here, not in a server's memory, so a second centre
-- server behind the same address is configuration later, not a rewrite.
-- pruned_seq: every envelope up to it was pruned (a cursor older than that gets a snapshot).
-- received_seq: the highest seq an operator console of the unit confirmed (delivery receipts).
ALTER TABLE streams ADD COLUMN pruned_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE streams ADD COLUMN received_seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbox_at ON outbox(at);

-- Leases: a due timer is fired by one server only — whoever holds the lease row until it lapses.
CREATE TABLE leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  until INTEGER NOT NULL
);
