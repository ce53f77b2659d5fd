-- The duty desk (值班): each unit's duty phone, its roster (排班) per day and shift, the shift handovers (交接班) and the
-- duty log (值班日志). Shift times are configuration (config.json → duty.shifts); a roster row names its shift by code.

CREATE TABLE duty_phones (
  centre_id INTEGER PRIMARY KEY REFERENCES centres(id),
  phone TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

-- One row per person on a shift: the leader on duty (带班领导) and the duty officers (值班员). A day's roster of a unit
-- is replaced as a whole; who changed it last is in duty_roster_days and the ledger.
CREATE TABLE duty_roster (
  id INTEGER PRIMARY KEY,
  centre_id INTEGER NOT NULL REFERENCES centres(id),
  day TEXT NOT NULL,
  shift TEXT NOT NULL,
  position TEXT NOT NULL CHECK (position IN ('leader', 'officer')),
  name TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '',
  user_id INTEGER REFERENCES users(id),
  ord INTEGER NOT NULL
);
CREATE INDEX duty_roster_unit_day ON duty_roster(centre_id, day);

CREATE TABLE duty_roster_days (
  centre_id INTEGER NOT NULL REFERENCES centres(id),
  day TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by INTEGER NOT NULL REFERENCES users(id),
  PRIMARY KEY (centre_id, day)
);

-- A handover: the note the server computed from the stored state when it was handed over (JSON), the outgoing officer's
-- remarks, and the incoming officer's acceptance. At most one handover of a unit waits for acceptance at a time.
CREATE TABLE duty_handovers (
  id INTEGER PRIMARY KEY,
  centre_id INTEGER NOT NULL REFERENCES centres(id),
  shift_day TEXT NOT NULL,
  shift TEXT NOT NULL,
  from_user INTEGER NOT NULL REFERENCES users(id),
  handed_at INTEGER NOT NULL,
  note TEXT NOT NULL,
  remarks TEXT NOT NULL DEFAULT '',
  to_user INTEGER REFERENCES users(id),
  accepted_at INTEGER,
  accept_remarks TEXT NOT NULL DEFAULT ''
);
CREATE INDEX duty_handovers_unit ON duty_handovers(centre_id, handed_at);
CREATE UNIQUE INDEX duty_handovers_one_waiting ON duty_handovers(centre_id) WHERE accepted_at IS NULL;

CREATE TABLE duty_log (
  id INTEGER PRIMARY KEY,
  centre_id INTEGER NOT NULL REFERENCES centres(id),
  at INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('call', 'visit', 'action', 'other')),
  text TEXT NOT NULL,
  by_user INTEGER NOT NULL REFERENCES users(id),
  recorded_at INTEGER NOT NULL
);
CREATE INDEX duty_log_unit_at ON duty_log(centre_id, at);

-- History views page alerts and orders by time.
CREATE INDEX alerts_raised_at ON alerts(raised_at);
CREATE INDEX deliveries_centre_item ON deliveries(centre_id, kind, item_id);
-- The handover note's overdue cases: only open cases are looked at (the same IN list as app/store/dutySources.ts).
CREATE INDEX incidents_open ON incidents(id) WHERE state IN ('reported', 'accepted', 'assigned', 'handling', 'returned');
