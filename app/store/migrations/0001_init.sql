-- Centres form the county → township → village tree. Boundaries are GeoJSON polygon rings (WGS-84).
CREATE TABLE centres (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES centres(id),
  level TEXT NOT NULL CHECK (level IN ('county', 'township', 'village')),
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  boundary TEXT
);
CREATE INDEX centres_parent ON centres(parent_id);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  centre_id INTEGER NOT NULL REFERENCES centres(id),
  password_hash TEXT NOT NULL,
  phone TEXT,
  active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE grids (
  id INTEGER PRIMARY KEY,
  village_id INTEGER NOT NULL REFERENCES centres(id),
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  boundary TEXT NOT NULL,
  member_id INTEGER REFERENCES users(id)
);
CREATE INDEX grids_village ON grids(village_id);

-- Only the hash of a session token is stored; expired rows are kept a while so "expired" differs from "invalid".
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);

CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  level TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  raised_at INTEGER NOT NULL,
  raised_by INTEGER NOT NULL REFERENCES users(id)
);

-- One row per (alert, recipient centre). due_at is the escalation timer: a row, not a setTimeout, so it survives restarts.
CREATE TABLE alert_recipients (
  alert_id INTEGER NOT NULL REFERENCES alerts(id),
  centre_id INTEGER NOT NULL REFERENCES centres(id),
  new_seq INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'acknowledged')),
  delivered_at INTEGER,
  acknowledged_at INTEGER,
  acknowledged_by INTEGER REFERENCES users(id),
  due_at INTEGER,
  escalations INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (alert_id, centre_id)
);
CREATE INDEX alert_recipients_due ON alert_recipients(due_at) WHERE due_at IS NOT NULL;
CREATE INDEX alert_recipients_centre ON alert_recipients(centre_id, state, new_seq);

-- The per-centre event stream: every envelope a console must apply, numbered per centre.
CREATE TABLE streams (
  centre_id INTEGER PRIMARY KEY REFERENCES centres(id),
  head_seq INTEGER NOT NULL
);
CREATE TABLE outbox (
  centre_id INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  event TEXT NOT NULL,
  PRIMARY KEY (centre_id, seq)
) WITHOUT ROWID;

-- The audit ledger (台账): append-only, each entry carries the hash of the one before.
CREATE TABLE ledger (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_id INTEGER,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
