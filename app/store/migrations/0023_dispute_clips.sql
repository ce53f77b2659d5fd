-- Issue 14's gap: an evidence clip may belong to a dispute case itself (a walk-in 来访/来电 dispute has no incident).
-- The clips table is rebuilt (incident_id was NOT NULL) so a clip has exactly one owner; every row is kept with its id
-- (the `clip.export` ledger entries name clips by id).
CREATE TABLE evidence_clips_new (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER REFERENCES incidents(id),
  dispute_id INTEGER REFERENCES disputes(id),
  camera_id INTEGER NOT NULL,
  camera_name TEXT NOT NULL,
  township_id INTEGER NOT NULL,
  from_ms INTEGER NOT NULL,
  to_ms INTEGER NOT NULL,
  file TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by INTEGER NOT NULL REFERENCES users(id),
  CHECK ((incident_id IS NULL) <> (dispute_id IS NULL))
);
INSERT INTO evidence_clips_new (id, incident_id, camera_id, camera_name, township_id, from_ms, to_ms, file, bytes, sha256, created_at, created_by)
  SELECT id, incident_id, camera_id, camera_name, township_id, from_ms, to_ms, file, bytes, sha256, created_at, created_by FROM evidence_clips;
DROP TABLE evidence_clips;
ALTER TABLE evidence_clips_new RENAME TO evidence_clips;
CREATE INDEX evidence_clips_incident ON evidence_clips(incident_id) WHERE incident_id IS NOT NULL;
CREATE INDEX evidence_clips_dispute ON evidence_clips(dispute_id) WHERE dispute_id IS NOT NULL;
