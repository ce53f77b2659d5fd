-- Incidents (事件) and their timeline. State fields mirror app/domain/incidents.ts CaseState.
CREATE TABLE incidents (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  reporter_id INTEGER NOT NULL REFERENCES users(id),
  idempotency_key TEXT NOT NULL,
  category TEXT NOT NULL,
  priority TEXT NOT NULL,
  state TEXT NOT NULL,
  description TEXT NOT NULL,
  lon REAL NOT NULL,
  lat REAL NOT NULL,
  grid_id INTEGER REFERENCES grids(id),
  village_id INTEGER REFERENCES centres(id),
  township_id INTEGER REFERENCES centres(id),
  holder_centre_id INTEGER NOT NULL REFERENCES centres(id),
  assigned_from_id INTEGER REFERENCES centres(id),
  pending_sign INTEGER NOT NULL DEFAULT 0,
  reported_at INTEGER NOT NULL,
  respond_by INTEGER NOT NULL,
  accepted_at INTEGER,
  resolve_by INTEGER,
  extended_days INTEGER NOT NULL DEFAULT 0,
  extension TEXT,
  attempts TEXT NOT NULL,
  urge_due_at INTEGER,
  supervise_due_at INTEGER,
  urged_at INTEGER,
  supervised_at INTEGER,
  result TEXT,
  satisfaction INTEGER,
  merged_into INTEGER REFERENCES incidents(id),
  similar_to INTEGER REFERENCES incidents(id),
  photos TEXT NOT NULL DEFAULT '[]',
  updated_at INTEGER NOT NULL,
  -- bumped on every change, so a console can tell a newer copy from an older one
  version INTEGER NOT NULL DEFAULT 1,
  -- a phone that retries a report with the same key gets the stored case back
  UNIQUE (reporter_id, idempotency_key)
);
CREATE INDEX incidents_urge_due ON incidents(urge_due_at) WHERE urge_due_at IS NOT NULL;
CREATE INDEX incidents_supervise_due ON incidents(supervise_due_at) WHERE supervise_due_at IS NOT NULL;
CREATE INDEX incidents_reported ON incidents(reported_at);
CREATE INDEX incidents_township ON incidents(township_id, reported_at);
CREATE INDEX incidents_village ON incidents(village_id, reported_at);
-- Spatial index for map viewports and near-duplicate checks.
CREATE VIRTUAL TABLE incidents_rtree USING rtree(id, min_lon, max_lon, min_lat, max_lat);

CREATE TABLE incident_events (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  actor_id INTEGER REFERENCES users(id),
  centre_id INTEGER REFERENCES centres(id),
  note TEXT NOT NULL DEFAULT '',
  photos TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX incident_events_incident ON incident_events(incident_id, id);

-- Uploaded photos; the bytes live in <data>/photos/<id> (id = sha256 of the bytes).
CREATE TABLE photos (
  id TEXT PRIMARY KEY,
  mime TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  uploaded_by INTEGER NOT NULL REFERENCES users(id),
  uploaded_at INTEGER NOT NULL
);
