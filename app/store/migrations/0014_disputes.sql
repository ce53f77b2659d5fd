-- Disputes (矛盾纠纷): one case model for every way a dispute comes in (来访, 来电, 网格上报, 上级交办, 部门移交), with its
-- parties as people records (重复访 is found through them), a risk grade with its reasons, and a timeline. State fields
-- mirror app/domain/disputes.ts DisputeCase; mediation and routing (issue 12 points 4–6) add their tables in 0015.

-- A person as the centre knows them across cases: matched by ID number first, then by phone.
CREATE TABLE people (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  phone TEXT,
  id_type TEXT,
  id_number TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX people_id_number ON people(id_type, id_number) WHERE id_number IS NOT NULL;
CREATE INDEX people_phone ON people(phone) WHERE phone IS NOT NULL;
CREATE INDEX people_name ON people(name);

CREATE TABLE disputes (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  channel TEXT NOT NULL CHECK (channel IN ('walk_in', 'phone', 'grid_report', 'assigned', 'transferred')),
  -- 12345 热线 work-order number (phone), or the 交办/移交 document number
  hotline_ref TEXT,
  -- 上级交办: the issuing body; 部门移交: the department that handed it over (free text: they need not be units here)
  source_unit TEXT,
  -- 网格上报: the grid report this case was made from (one case per report)
  incident_id INTEGER UNIQUE REFERENCES incidents(id),
  type TEXT NOT NULL,
  amount_fen INTEGER,
  summary TEXT NOT NULL,
  people_count INTEGER NOT NULL DEFAULT 1,
  extreme_threat INTEGER NOT NULL DEFAULT 0,
  risk_grade TEXT NOT NULL CHECK (risk_grade IN ('low', 'medium', 'high')),
  risk_reasons TEXT NOT NULL DEFAULT '[]',
  -- earlier cases of the same parties when registered (重复访)
  repeat_of TEXT NOT NULL DEFAULT '[]',
  state TEXT NOT NULL,
  holder_centre_id INTEGER NOT NULL REFERENCES centres(id),
  assigned_from_id INTEGER REFERENCES centres(id),
  pending_sign INTEGER NOT NULL DEFAULT 0,
  -- where the dispute arose (scope: that township sees it)
  township_id INTEGER REFERENCES centres(id),
  registered_by INTEGER NOT NULL REFERENCES users(id),
  registered_centre_id INTEGER NOT NULL REFERENCES centres(id),
  idempotency_key TEXT NOT NULL,
  -- 来访: the window's queue ticket, sequential per local day
  queue_day TEXT,
  queue_ticket INTEGER,
  registered_at INTEGER NOT NULL,
  resolve_by INTEGER,
  urge_due_at INTEGER,
  supervise_due_at INTEGER,
  urged_at INTEGER,
  supervised_at INTEGER,
  result TEXT,
  satisfaction INTEGER,
  closed_at INTEGER,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (registered_by, idempotency_key),
  UNIQUE (registered_centre_id, queue_day, queue_ticket)
);
CREATE INDEX disputes_registered ON disputes(registered_at);
CREATE INDEX disputes_holder ON disputes(holder_centre_id, state);
CREATE INDEX disputes_township ON disputes(township_id, registered_at);
CREATE INDEX disputes_urge_due ON disputes(urge_due_at) WHERE urge_due_at IS NOT NULL;
CREATE INDEX disputes_supervise_due ON disputes(supervise_due_at) WHERE supervise_due_at IS NOT NULL;

CREATE TABLE dispute_parties (
  id INTEGER PRIMARY KEY,
  dispute_id INTEGER NOT NULL REFERENCES disputes(id),
  person_id INTEGER NOT NULL REFERENCES people(id),
  role TEXT NOT NULL CHECK (role IN ('applicant', 'respondent')),
  position INTEGER NOT NULL,
  -- as given for this case (a person's phone may change; the case keeps what was said then)
  name TEXT NOT NULL,
  phone TEXT,
  id_type TEXT,
  id_number TEXT
);
CREATE INDEX dispute_parties_dispute ON dispute_parties(dispute_id, position);
CREATE INDEX dispute_parties_person ON dispute_parties(person_id);
CREATE INDEX dispute_parties_name ON dispute_parties(name);

CREATE TABLE dispute_events (
  id INTEGER PRIMARY KEY,
  dispute_id INTEGER NOT NULL REFERENCES disputes(id),
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  actor_id INTEGER REFERENCES users(id),
  actor_centre_id INTEGER REFERENCES centres(id),
  centre_id INTEGER REFERENCES centres(id),
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dispute_events_dispute ON dispute_events(dispute_id, id);

-- Who saw whose full ID number or phone, and when (the ledger holds the same entry, hash-chained; this is its index).
CREATE TABLE dispute_reveals (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users(id),
  dispute_id INTEGER NOT NULL REFERENCES disputes(id),
  party_id INTEGER NOT NULL REFERENCES dispute_parties(id),
  field TEXT NOT NULL CHECK (field IN ('phone', 'idNumber'))
);
CREATE INDEX dispute_reveals_dispute ON dispute_reveals(dispute_id, at);

-- Search: trigram FTS5 finds any substring of three or more characters (Chinese names and text, phone and ID digits).
-- One row per dispute (rowid = disputes.id), rewritten by app/store/disputes.ts whenever the case or its parties change.
CREATE VIRTUAL TABLE disputes_fts USING fts5(code, names, phones, id_numbers, summary, tokenize = 'trigram');
