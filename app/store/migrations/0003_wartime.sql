-- Wartime command (issue 4): command periods with their command roles, dispatch orders and their recipients (the
-- escalation ladder's due_at is a row, not a setTimeout), the daily cycle, the risk list and console presence.

-- One row per wartime period. The running one has ended_at NULL; at most one runs (partial unique index).
CREATE TABLE wartime_periods (
  id INTEGER PRIMARY KEY,
  started_at INTEGER NOT NULL,
  started_by INTEGER NOT NULL REFERENCES users(id),
  reason TEXT NOT NULL,
  scope TEXT NOT NULL,            -- JSON WartimeScope
  township_ids TEXT NOT NULL,     -- JSON array, the scope resolved at the start
  planned_end_at INTEGER,
  commander_id INTEGER NOT NULL REFERENCES users(id),
  executive_id INTEGER REFERENCES users(id),
  deputy_id INTEGER REFERENCES users(id),
  next_chase_at INTEGER,          -- the daily-report chase timer
  ended_at INTEGER,
  ended_by INTEGER REFERENCES users(id),
  end_reason TEXT,
  summary TEXT                    -- JSON PeriodSummary, written when the period ends
);
CREATE UNIQUE INDEX wartime_one_running ON wartime_periods((1)) WHERE ended_at IS NULL;

CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL,
  period_id INTEGER REFERENCES wartime_periods(id),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  priority TEXT NOT NULL,
  complete_by INTEGER,
  issued_at INTEGER NOT NULL,
  issued_by INTEGER NOT NULL REFERENCES users(id),
  ack_ms INTEGER NOT NULL
);
CREATE INDEX orders_issued ON orders(issued_at);

-- One row per (order, recipient centre). state/delivered/acknowledged follow the alert recipient rules.
CREATE TABLE order_recipients (
  order_id INTEGER NOT NULL REFERENCES orders(id),
  centre_id INTEGER NOT NULL REFERENCES centres(id),
  new_seq INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'acknowledged')),
  delivered_at INTEGER,
  acknowledged_at INTEGER,
  acknowledged_by INTEGER REFERENCES users(id),
  due_at INTEGER,
  ladder INTEGER NOT NULL DEFAULT 0 CHECK (ladder BETWEEN 0 AND 3),
  reported_at INTEGER,
  reported_by INTEGER REFERENCES users(id),
  report TEXT,
  PRIMARY KEY (order_id, centre_id)
);
CREATE INDEX order_recipients_due ON order_recipients(due_at) WHERE due_at IS NOT NULL;
CREATE INDEX order_recipients_centre ON order_recipients(centre_id, state, new_seq);

-- 一日一报表: one report per township per Shanghai day (a resubmission replaces it).
CREATE TABLE daily_reports (
  centre_id INTEGER NOT NULL REFERENCES centres(id),
  day TEXT NOT NULL,
  summary TEXT NOT NULL,
  risks_checked INTEGER NOT NULL,
  disputes_resolved INTEGER NOT NULL,
  needs_county TEXT NOT NULL,
  submitted_at INTEGER NOT NULL,
  submitted_by INTEGER NOT NULL REFERENCES users(id),
  PRIMARY KEY (centre_id, day)
);
CREATE INDEX daily_reports_day ON daily_reports(day);

-- 一日一研判
CREATE TABLE daily_analyses (
  day TEXT PRIMARY KEY,
  text TEXT NOT NULL,
  written_at INTEGER NOT NULL,
  written_by INTEGER NOT NULL REFERENCES users(id)
);

-- 风险隐患清单
CREATE TABLE risks (
  id INTEGER PRIMARY KEY,
  township_id INTEGER NOT NULL REFERENCES centres(id),
  description TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('major', 'large', 'general')),
  owner TEXT NOT NULL,
  due_date TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  result TEXT,
  created_at INTEGER NOT NULL,
  created_by INTEGER NOT NULL REFERENCES users(id),
  closed_at INTEGER,
  closed_by INTEGER REFERENCES users(id),
  updated_at INTEGER NOT NULL
);
CREATE INDEX risks_township ON risks(township_id, status);
CREATE TABLE risk_updates (
  id INTEGER PRIMARY KEY,
  risk_id INTEGER NOT NULL REFERENCES risks(id),
  at INTEGER NOT NULL,
  by_id INTEGER NOT NULL REFERENCES users(id),
  note TEXT NOT NULL
);
CREATE INDEX risk_updates_risk ON risk_updates(risk_id, id);

-- When a centre's last console disconnected (live presence itself is kept in memory by the hub).
CREATE TABLE centre_presence (
  centre_id INTEGER PRIMARY KEY REFERENCES centres(id),
  last_seen INTEGER NOT NULL
);
