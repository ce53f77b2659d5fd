-- 先行调解, 分类流转 by the routing table, 跟踪督办 and 回访 of disputes (issue 12 points 4–6). The case's state, holder and
-- handling window stay on `disputes` (0014); this adds the mediation record, the routing table and the routings.

-- 法治化路线图: where a dispute of a type goes at a stage. unit_id NULL (township channel only): the dispute's own township.
CREATE TABLE routing_rules (
  dispute_type TEXT NOT NULL,
  stage TEXT NOT NULL CHECK (stage IN ('intake', 'mediationFailed')),
  channel TEXT NOT NULL CHECK (channel IN ('administrative', 'labourArbitration', 'courtMediation', 'petition', 'legalAid', 'township')),
  unit_id INTEGER REFERENCES centres(id),
  days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 90),
  position INTEGER NOT NULL,
  PRIMARY KEY (dispute_type, stage)
);
-- One row: the table's version (a stale edit is refused) and who changed it last (every change is also in the ledger).
CREATE TABLE routing_table (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL,
  updated_at INTEGER,
  updated_by INTEGER REFERENCES users(id)
);
INSERT INTO routing_table (id, version) VALUES (1, 0);

-- Mediation rooms are data (a county names its own 调解室).
CREATE TABLE mediation_rooms (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
INSERT INTO mediation_rooms (name) VALUES ('人民调解室一'), ('人民调解室二'), ('视频调解室');

CREATE TABLE dispute_mediations (
  dispute_id INTEGER PRIMARY KEY REFERENCES disputes(id),
  mediator_id INTEGER REFERENCES users(id),
  room_id INTEGER REFERENCES mediation_rooms(id),
  assigned_at INTEGER NOT NULL,
  assigned_by INTEGER NOT NULL REFERENCES users(id),
  outcome TEXT CHECK (outcome IN ('agreement', 'none')),
  -- the agreement (人民调解协议书): its number is printed on the document
  agreement_number TEXT UNIQUE,
  facts TEXT,
  terms TEXT,
  performance TEXT,
  signed_at INTEGER,
  recorded_by INTEGER REFERENCES users(id),
  judicial_state TEXT CHECK (judicial_state IN ('applied', 'confirmed', 'rejected')),
  judicial_court TEXT,
  judicial_note TEXT,
  judicial_at INTEGER
);

CREATE TABLE mediation_sessions (
  id INTEGER PRIMARY KEY,
  dispute_id INTEGER NOT NULL REFERENCES disputes(id),
  at INTEGER NOT NULL,
  place TEXT NOT NULL,
  attendees TEXT NOT NULL,
  notes TEXT NOT NULL,
  recorded_by INTEGER NOT NULL REFERENCES users(id),
  recorded_at INTEGER NOT NULL
);
CREATE INDEX mediation_sessions_dispute ON mediation_sessions(dispute_id, at);

-- One row per routing of a case to a unit (a re-route or an insistence is a new row: the returned one stays on record).
-- The 签收 columns are those of `deliveries` (0005), with the same words: pending → signed, due_at never moves, next_at
-- is the ladder's next rung.
CREATE TABLE dispute_routings (
  id INTEGER PRIMARY KEY,
  dispute_id INTEGER NOT NULL REFERENCES disputes(id),
  centre_id INTEGER NOT NULL REFERENCES centres(id),
  channel TEXT NOT NULL CHECK (channel IN ('administrative', 'labourArbitration', 'courtMediation', 'petition', 'legalAid', 'township')),
  stage TEXT NOT NULL CHECK (stage IN ('intake', 'mediationFailed')),
  days INTEGER NOT NULL,
  suggested_centre_id INTEGER REFERENCES centres(id),
  reason TEXT NOT NULL DEFAULT '',
  insisted INTEGER NOT NULL DEFAULT 0 CHECK (insisted IN (0, 1)),
  routed_at INTEGER NOT NULL,
  routed_by INTEGER NOT NULL REFERENCES users(id),
  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'signed', 'answered')),
  -- the seq of the unit's `dispute.flow` that carried it: a receipt at or above it marks it delivered (送达)
  new_seq INTEGER,
  delivered_at INTEGER,
  signed_at INTEGER,
  signed_by INTEGER REFERENCES users(id),
  due_at INTEGER NOT NULL,
  next_at INTEGER,
  rung INTEGER NOT NULL DEFAULT 0 CHECK (rung >= 0),
  reminded_at INTEGER,
  returned_at INTEGER,
  returned_by INTEGER REFERENCES users(id),
  return_reason TEXT
);
CREATE INDEX dispute_routings_dispute ON dispute_routings(dispute_id, id);
CREATE INDEX dispute_routings_centre ON dispute_routings(centre_id, dispute_id);
CREATE INDEX dispute_routings_next ON dispute_routings(next_at) WHERE next_at IS NOT NULL;
CREATE INDEX dispute_routings_pending ON dispute_routings(centre_id, new_seq) WHERE state = 'pending';

-- 三二一 attempts per level, who settled it (mediation or a unit), and the current routing.
ALTER TABLE disputes ADD COLUMN attempts TEXT NOT NULL DEFAULT '{"village":0,"township":0,"county":0}';
ALTER TABLE disputes ADD COLUMN resolved_by TEXT CHECK (resolved_by IN ('mediation', 'unit'));
ALTER TABLE disputes ADD COLUMN routing_id INTEGER REFERENCES dispute_routings(id);
