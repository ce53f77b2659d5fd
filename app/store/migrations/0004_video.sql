-- Video wall (issue 5): the camera registry with its last known health, the wall of each centre (one JSON document,
-- versioned: the latest state wins), saved presets, and snapshots attached to incidents or orders.

-- source_url may hold credentials: it is read only by the media service and never sent to a console.
CREATE TABLE cameras (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  gb_code TEXT UNIQUE,
  township_id INTEGER NOT NULL REFERENCES centres(id),
  lat REAL NOT NULL,
  lng REAL NOT NULL,
  source_url TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'unknown' CHECK (status IN ('unknown', 'online', 'offline', 'error')),
  status_reason TEXT,
  status_since INTEGER,
  last_seen_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX cameras_township ON cameras(township_id);

CREATE TABLE walls (
  centre_id INTEGER PRIMARY KEY REFERENCES centres(id),
  version INTEGER NOT NULL,
  screens TEXT NOT NULL,          -- JSON WallScreen[]
  updated_at INTEGER NOT NULL,
  updated_by INTEGER REFERENCES users(id)
);

CREATE TABLE wall_presets (
  id INTEGER PRIMARY KEY,
  centre_id INTEGER NOT NULL REFERENCES centres(id),
  name TEXT NOT NULL,
  layout TEXT NOT NULL,
  tiles TEXT NOT NULL,            -- JSON (camera id | null)[]
  created_at INTEGER NOT NULL,
  created_by INTEGER NOT NULL REFERENCES users(id),
  UNIQUE (centre_id, name)
);

-- A frame grabbed from a camera's stream, attached to an incident or an order (subject ids are not foreign keys:
-- those tables belong to other features). The camera's name and township are copied so the record outlives the camera.
CREATE TABLE snapshots (
  id INTEGER PRIMARY KEY,
  subject_type TEXT NOT NULL CHECK (subject_type IN ('incident', 'order')),
  subject_id INTEGER NOT NULL,
  camera_id INTEGER NOT NULL,
  camera_name TEXT NOT NULL,
  township_id INTEGER NOT NULL,
  taken_at INTEGER NOT NULL,
  taken_by INTEGER NOT NULL REFERENCES users(id),
  jpeg BLOB NOT NULL
);
CREATE INDEX snapshots_subject ON snapshots(subject_type, subject_id);
