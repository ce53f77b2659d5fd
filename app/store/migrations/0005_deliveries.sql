-- One 签收 concept (issue 10): every delivery of an item to a centre — an alert, an order — is one row of one table, with
-- the same names the wire and the code use: delivered → signed (签收) → answered (反馈). due_at is the original 签收
-- deadline and never moves; next_at is when the next rung of the reminder ladder fires; rung counts the reminders and
-- reminded_at is when the last one went out.
CREATE TABLE deliveries (
  kind TEXT NOT NULL CHECK (kind IN ('alert', 'order')),
  item_id INTEGER NOT NULL,
  centre_id INTEGER NOT NULL REFERENCES centres(id),
  new_seq INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'signed', 'answered')),
  delivered_at INTEGER,
  signed_at INTEGER,
  signed_by INTEGER REFERENCES users(id),
  due_at INTEGER NOT NULL,
  next_at INTEGER,
  rung INTEGER NOT NULL DEFAULT 0 CHECK (rung >= 0),
  reminded_at INTEGER,
  wants_answer INTEGER NOT NULL DEFAULT 0 CHECK (wants_answer IN (0, 1)),
  answered_at INTEGER,
  answered_by INTEGER REFERENCES users(id),
  answer TEXT,
  PRIMARY KEY (kind, item_id, centre_id)
);
CREATE INDEX deliveries_next ON deliveries(kind, next_at) WHERE next_at IS NOT NULL;
CREATE INDEX deliveries_centre ON deliveries(centre_id, kind, state, new_seq);

-- 需反馈 is the raiser's choice for an alert (orders always take 反馈).
ALTER TABLE alerts ADD COLUMN wants_answer INTEGER NOT NULL DEFAULT 0;

-- Alerts of the previous version. Their original deadline was overwritten by each reminder and cleared by 签收, so it
-- is rebuilt from the level's default deadline when it is no longer known (the deadlines were not stored per alert).
INSERT INTO deliveries (kind, item_id, centre_id, new_seq, state, delivered_at, signed_at, signed_by, due_at, next_at, rung, wants_answer)
SELECT 'alert', r.alert_id, r.centre_id, r.new_seq,
  CASE r.state WHEN 'acknowledged' THEN 'signed' ELSE r.state END,
  r.delivered_at, r.acknowledged_at, r.acknowledged_by,
  CASE WHEN r.escalations = 0 AND r.due_at IS NOT NULL THEN r.due_at
       ELSE a.raised_at + CASE a.level WHEN 'red' THEN 300000 WHEN 'orange' THEN 600000 WHEN 'yellow' THEN 1200000 ELSE 1800000 END END,
  CASE WHEN r.state = 'acknowledged' THEN NULL ELSE r.due_at END,
  r.escalations, 0
FROM alert_recipients r JOIN alerts a ON a.id = r.alert_id;

-- Orders of the previous version: the deadline is the issue time plus the order's own deadline; the report is the 反馈.
INSERT INTO deliveries (kind, item_id, centre_id, new_seq, state, delivered_at, signed_at, signed_by, due_at, next_at, rung, wants_answer,
  answered_at, answered_by, answer)
SELECT 'order', r.order_id, r.centre_id, r.new_seq,
  CASE WHEN r.reported_at IS NOT NULL THEN 'answered' WHEN r.state = 'acknowledged' THEN 'signed' ELSE r.state END,
  r.delivered_at, r.acknowledged_at, r.acknowledged_by, o.issued_at + o.ack_ms,
  CASE WHEN r.state = 'acknowledged' THEN NULL ELSE r.due_at END,
  r.ladder, 1, r.reported_at, r.reported_by, r.report
FROM order_recipients r JOIN orders o ON o.id = r.order_id;

DROP TABLE alert_recipients;
DROP TABLE order_recipients;

-- Period summaries kept as JSON follow the rename (reported → answered).
UPDATE wartime_periods SET summary = json_set(json_remove(summary, '$.reported'), '$.answered', json_extract(summary, '$.reported'))
WHERE summary IS NOT NULL AND json_extract(summary, '$.reported') IS NOT NULL;

-- Envelopes already in the outbox carry the old names. A new stream epoch makes every console take a fresh snapshot
-- (built from the tables above) instead of replaying them.
DELETE FROM settings WHERE key = 'stream_epoch';
