-- migrate: foreign_keys off
-- (centres is rebuilt; db.ts runs this file with foreign keys off and checks them before it commits.)

-- Units as data: the kind of a unit is a row here, not a CHECK in code, so a city above the county (or a new kind of
-- unit) is an INSERT. A department is stationed at the county centre (常驻/轮驻/随驻) and works like a township.
CREATE TABLE unit_kinds (
  kind TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  name_en TEXT NOT NULL
);
INSERT INTO unit_kinds (kind, name, name_en) VALUES
  ('city', '市', 'City'),
  ('county', '县(市、区)', 'County'),
  ('township', '乡镇(街道)', 'Township'),
  ('village', '村(社区)', 'Village'),
  ('department', '驻中心部门', 'Department');

CREATE TABLE centres_new (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES centres(id),
  level TEXT NOT NULL REFERENCES unit_kinds(kind),
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  boundary TEXT,
  stationing TEXT CHECK (stationing IS NULL OR stationing IN ('resident', 'rotating', 'onCall'))
);
INSERT INTO centres_new (id, parent_id, level, code, name, boundary) SELECT id, parent_id, level, code, name, boundary FROM centres;
DROP TABLE centres;
ALTER TABLE centres_new RENAME TO centres;
CREATE INDEX centres_parent ON centres(parent_id);
CREATE INDEX centres_level ON centres(level);

-- A one-time password (new account, reset by the administrator) must be changed before anything else.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN password_changed_at INTEGER;

-- Failed logins, per account and per address, for the lockout windows (rows, so a restart does not reset a lock).
CREATE TABLE login_failures (
  scope TEXT NOT NULL CHECK (scope IN ('account', 'address')),
  key TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(scope, key, at);

CREATE INDEX sessions_user ON sessions(user_id);
