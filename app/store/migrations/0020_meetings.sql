-- 一键通 calls, 视频会商 meetings and recorded 视频调解 (issue 15). A call is a meeting of kind 'call' with one invitee;
-- a ringing call has a due time (ring_until) fired by the ticker like every other timer.
CREATE TABLE meetings (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('call', 'meeting', 'mediation')),
  title TEXT NOT NULL,
  host_centre_id INTEGER NOT NULL REFERENCES centres(id),
  opened_by INTEGER NOT NULL REFERENCES users(id),
  opened_at INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('ringing', 'open', 'ended', 'missed')),
  ring_until INTEGER,
  answered_at INTEGER,
  ended_at INTEGER,
  incident_id INTEGER REFERENCES incidents(id),
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX meetings_ringing ON meetings(ring_until) WHERE state = 'ringing';
CREATE INDEX meetings_incident ON meetings(incident_id) WHERE incident_id IS NOT NULL;

CREATE TABLE meeting_invitees (
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  centre_id INTEGER NOT NULL REFERENCES centres(id),
  state TEXT NOT NULL CHECK (state IN ('ringing', 'answered', 'missed', 'declined', 'invited')),
  by_user INTEGER REFERENCES users(id),
  at INTEGER,
  seen INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (meeting_id, centre_id)
);
CREATE INDEX meeting_invitees_centre ON meeting_invitees(centre_id, meeting_id);

-- A recorded 视频调解: everyone's consent first, then Janus records, then the MP4 is attached with its hash.
CREATE TABLE meeting_recordings (
  meeting_id INTEGER PRIMARY KEY REFERENCES meetings(id),
  state TEXT NOT NULL CHECK (state IN ('consent', 'on', 'converting', 'done', 'failed')),
  file TEXT,
  sha256 TEXT,
  bytes INTEGER
);
CREATE TABLE meeting_consents (
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  centre_id INTEGER NOT NULL REFERENCES centres(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  at INTEGER NOT NULL,
  PRIMARY KEY (meeting_id, centre_id)
);
