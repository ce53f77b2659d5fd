-- Issue 14 points 1–4: recording policies, the index of recorded segments, what cases hold, and evidence clips.

-- A camera without a row does not record. mode: none | continuous | events (record always, keep only the segments
-- within before_min/after_min of an alert or incident that concerns the camera).
CREATE TABLE recording_policies (
  camera_id INTEGER PRIMARY KEY REFERENCES cameras(id) ON DELETE CASCADE,
  mode TEXT NOT NULL CHECK (mode IN ('none', 'continuous', 'events')),
  before_min INTEGER NOT NULL,
  after_min INTEGER NOT NULL,
  retention_days INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by INTEGER NOT NULL REFERENCES users(id)
);

-- One row per whole segment on disk (file relative to <data>/media/rec). camera_id is not a foreign key: recordings
-- outlive a deleted camera until retention removes them.
CREATE TABLE recording_segments (
  id INTEGER PRIMARY KEY,
  camera_id INTEGER NOT NULL,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL,
  media_ms INTEGER NOT NULL,       -- the segment's own duration (stream time); start/end are wall-clock
  file TEXT NOT NULL UNIQUE,
  bytes INTEGER NOT NULL
);
CREATE INDEX recording_segments_camera ON recording_segments(camera_id, start_ms);
CREATE INDEX recording_segments_start ON recording_segments(start_ms);

-- A case refers to a stretch of a camera's recording (事件回溯, a clip): retention keeps those segments while the case
-- is open.
CREATE TABLE recording_holds (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  camera_id INTEGER NOT NULL,
  from_ms INTEGER NOT NULL,
  to_ms INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (incident_id, camera_id, from_ms, to_ms)
);
CREATE INDEX recording_holds_camera ON recording_holds(camera_id, from_ms);

-- An MP4 cut from the recording without re-encoding, attached to a case; its hash is also in the chained ledger.
CREATE TABLE evidence_clips (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  camera_id INTEGER NOT NULL,
  camera_name TEXT NOT NULL,
  township_id INTEGER NOT NULL,
  from_ms INTEGER NOT NULL,
  to_ms INTEGER NOT NULL,
  file TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX evidence_clips_incident ON evidence_clips(incident_id);
