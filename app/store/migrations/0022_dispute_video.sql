-- Issue 14 point 3 and issue 15 point 3 for disputes: 事件回溯 holds and 视频调解 meetings may belong to a dispute
-- instead of an incident. The holds table is rebuilt (incident_id was NOT NULL); nothing references it.
CREATE TABLE recording_holds_new (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER REFERENCES incidents(id),
  dispute_id INTEGER REFERENCES disputes(id),
  camera_id INTEGER NOT NULL,
  from_ms INTEGER NOT NULL,
  to_ms INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  CHECK ((incident_id IS NULL) <> (dispute_id IS NULL))
);
INSERT INTO recording_holds_new (id, incident_id, camera_id, from_ms, to_ms, created_at)
  SELECT id, incident_id, camera_id, from_ms, to_ms, created_at FROM recording_holds;
DROP TABLE recording_holds;
ALTER TABLE recording_holds_new RENAME TO recording_holds;
CREATE INDEX recording_holds_camera ON recording_holds(camera_id, from_ms);
CREATE UNIQUE INDEX recording_holds_incident ON recording_holds(incident_id, camera_id, from_ms, to_ms) WHERE incident_id IS NOT NULL;
CREATE UNIQUE INDEX recording_holds_dispute ON recording_holds(dispute_id, camera_id, from_ms, to_ms) WHERE dispute_id IS NOT NULL;

-- A 视频调解 attached to a dispute case (a meeting has at most one subject: incident_id or dispute_id).
ALTER TABLE meetings ADD COLUMN dispute_id INTEGER REFERENCES disputes(id);
CREATE INDEX meetings_dispute ON meetings(dispute_id) WHERE dispute_id IS NOT NULL;
