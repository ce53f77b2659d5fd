-- 统计研判 and 考核 (issue 13). Figures come from recorded times only, never typed in.
--
-- stat_facts: one row per item and answerable unit (an incident; an alert or order delivery per recipient), holding the
-- times the rates are made of. Kept by triggers on the base tables, so every writer fills it in the same transaction as
-- the change without knowing. A new kind of item (disputes) adds its own triggers writing kind = 'dispute': no CHECK on
-- kind, so that needs no rebuild. slot is the recipient centre for a delivery, 0 for a case.
CREATE TABLE stat_facts (
  kind TEXT NOT NULL,
  item_id INTEGER NOT NULL,
  slot INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,            -- who answers for it: a delivery's recipient, a case's holder
  township_id INTEGER NOT NULL,        -- its area (0: county level or a department)
  village_id INTEGER NOT NULL,
  day INTEGER NOT NULL,                -- Asia/Shanghai day number of created_at: (created_at + 8 h) / 1 day
  category TEXT NOT NULL,              -- incident category, alert level, order priority
  channel TEXT NOT NULL,               -- how it came in: grid (网格上报), centre, county, peacetime, wartime
  created_at INTEGER NOT NULL,
  sign_due INTEGER, signed_at INTEGER, -- 签收 (a case: first response 受理 by respond_by)
  done_due INTEGER, done_at INTEGER,   -- 办结 (a case: resolved by resolve_by, extensions included; an order: 反馈 by complete_by)
  closable INTEGER NOT NULL,           -- 化解率 applies (cases)
  merged INTEGER NOT NULL,
  satisfied INTEGER,                   -- the latest 回访: 1 satisfied, 0 not, NULL none yet
  risk INTEGER NOT NULL,               -- high risk: a complex case, a red alert, a 特急 order
  PRIMARY KEY (kind, item_id, slot)
);
-- One township's figures (villages, response times) read a tight range of this index.
CREATE INDEX stat_facts_area ON stat_facts(kind, township_id, day, merged, signed_at, created_at, village_id);
CREATE INDEX stat_facts_unit ON stat_facts(day, unit_id);
-- Open items only (a small part of all): what is late by the clock alone is counted here, by period and area.
CREATE INDEX stat_facts_open_sign ON stat_facts(kind, day, township_id, sign_due) WHERE signed_at IS NULL AND merged = 0;
CREATE INDEX stat_facts_open_done ON stat_facts(kind, day, township_id, done_due) WHERE done_at IS NULL AND merged = 0 AND done_due IS NOT NULL;

-- How one fact counts. The SQL twin of app/domain/stats.ts contribution() (tests/integration/stats.test.ts holds them
-- equal); the counters, 考核 and the item lists all read it, so the rule is written once in SQL.
CREATE VIEW stat_contrib AS
SELECT f.kind, f.item_id, f.slot, f.unit_id, f.township_id, f.village_id, f.day, f.category, f.channel,
  1 AS n,
  f.merged AS merged,
  (f.closable = 1 AND f.merged = 0) AS closable,
  (f.closable = 1 AND f.merged = 0 AND f.done_at IS NOT NULL) AS closed,
  (f.merged = 0 AND f.sign_due IS NOT NULL AND f.signed_at IS NOT NULL) AS sign_n,
  (f.merged = 0 AND f.sign_due IS NOT NULL AND f.signed_at IS NOT NULL AND f.signed_at <= f.sign_due) AS sign_ok,
  (f.merged = 0 AND f.done_due IS NOT NULL AND f.done_at IS NOT NULL) AS done_n,
  (f.merged = 0 AND f.done_due IS NOT NULL AND f.done_at IS NOT NULL AND f.done_at <= f.done_due) AS done_ok,
  (f.merged = 0 AND f.satisfied IS NOT NULL) AS followed,
  (f.merged = 0 AND f.satisfied IS 1) AS satisfied,
  f.risk AS risk,
  -- response time in whole minutes (created → signed), for items signed and not merged
  CASE WHEN f.merged = 0 AND f.signed_at IS NOT NULL THEN max(0, f.signed_at - f.created_at) / 60000 END AS resp_min,
  f.created_at, f.sign_due, f.signed_at, f.done_due, f.done_at
FROM stat_facts f;

-- Counters per day × area × category × channel, kept by the triggers below in the same transaction as the fact.
CREATE TABLE stat_daily (
  kind TEXT NOT NULL, day INTEGER NOT NULL, township_id INTEGER NOT NULL, category TEXT NOT NULL, channel TEXT NOT NULL,
  n INTEGER NOT NULL, merged INTEGER NOT NULL, closable INTEGER NOT NULL, closed INTEGER NOT NULL,
  sign_n INTEGER NOT NULL, sign_ok INTEGER NOT NULL, done_n INTEGER NOT NULL, done_ok INTEGER NOT NULL,
  followed INTEGER NOT NULL, satisfied INTEGER NOT NULL, risk INTEGER NOT NULL,
  PRIMARY KEY (kind, day, township_id, category, channel)
) WITHOUT ROWID;

-- Response times per kind, day and whole minute: the county's median and p90 over a year read a few thousand rows.
CREATE TABLE stat_resp (
  kind TEXT NOT NULL, day INTEGER NOT NULL, minute INTEGER NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY (kind, day, minute)
) WITHOUT ROWID;

-- 考核 results once published: frozen (no update, no delete), with the SHA-256 that is also in the ledger.
CREATE TABLE stat_assessments (
  period TEXT PRIMARY KEY,             -- 2026-10 or 2026-Q4
  results TEXT NOT NULL,               -- JSON: scheme, units with counters, rates, scores, ranks
  sha256 TEXT NOT NULL,
  published_at INTEGER NOT NULL,
  published_by INTEGER NOT NULL REFERENCES users(id)
);
CREATE TRIGGER stat_assessments_frozen BEFORE UPDATE ON stat_assessments BEGIN SELECT RAISE(ABORT, 'a published assessment is frozen'); END;
CREATE TRIGGER stat_assessments_kept BEFORE DELETE ON stat_assessments BEGIN SELECT RAISE(ABORT, 'a published assessment is frozen'); END;
-- The items behind each published score, as they counted then (flags: JSON of the contribution).
CREATE TABLE stat_assessment_items (
  period TEXT NOT NULL, unit_id INTEGER NOT NULL, kind TEXT NOT NULL, item_id INTEGER NOT NULL, flags TEXT NOT NULL,
  PRIMARY KEY (period, unit_id, kind, item_id)
) WITHOUT ROWID;
CREATE TRIGGER stat_assessment_items_frozen BEFORE UPDATE ON stat_assessment_items BEGIN SELECT RAISE(ABORT, 'a published assessment is frozen'); END;
CREATE TRIGGER stat_assessment_items_kept BEFORE DELETE ON stat_assessment_items BEGIN SELECT RAISE(ABORT, 'a published assessment is frozen'); END;

-- ---- backfill what exists, then the counters in one pass ----
INSERT INTO stat_facts (kind, item_id, slot, unit_id, township_id, village_id, day, category, channel, created_at, sign_due, signed_at,
  done_due, done_at, closable, merged, satisfied, risk)
SELECT 'incident', i.id, 0, i.holder_centre_id, COALESCE(i.township_id, 0), COALESCE(i.village_id, 0), (i.reported_at + 28800000) / 86400000,
  i.category, CASE u.role WHEN 'gridMember' THEN 'grid' ELSE 'centre' END, i.reported_at, i.respond_by, i.accepted_at, i.resolve_by,
  CASE WHEN i.state IN ('resolved', 'followedUp', 'archived')
    THEN COALESCE((SELECT max(e.at) FROM incident_events e WHERE e.incident_id = i.id AND e.kind = 'resolve'), i.updated_at) END,
  1, i.state = 'merged', CASE WHEN i.state IN ('followedUp', 'archived') THEN 1 WHEN i.satisfaction IS NOT NULL THEN 0 END, i.priority = 'complex'
FROM incidents i JOIN users u ON u.id = i.reporter_id;

INSERT INTO stat_facts (kind, item_id, slot, unit_id, township_id, village_id, day, category, channel, created_at, sign_due, signed_at,
  done_due, done_at, closable, merged, satisfied, risk)
SELECT d.kind, d.item_id, d.centre_id, d.centre_id,
  CASE c.level WHEN 'township' THEN c.id WHEN 'village' THEN COALESCE(c.parent_id, 0) ELSE 0 END, CASE c.level WHEN 'village' THEN c.id ELSE 0 END,
  (COALESCE(a.raised_at, o.issued_at) + 28800000) / 86400000,
  COALESCE(a.level, o.priority), CASE WHEN d.kind = 'alert' THEN 'county' WHEN o.period_id IS NULL THEN 'peacetime' ELSE 'wartime' END,
  COALESCE(a.raised_at, o.issued_at), d.due_at, d.signed_at, o.complete_by, d.answered_at, 0, 0, NULL,
  COALESCE(a.level = 'red', o.priority = 'urgent')
FROM deliveries d JOIN centres c ON c.id = d.centre_id
  LEFT JOIN alerts a ON d.kind = 'alert' AND a.id = d.item_id LEFT JOIN orders o ON d.kind = 'order' AND o.id = d.item_id;

INSERT INTO stat_daily
SELECT kind, day, township_id, category, channel, sum(n), sum(merged), sum(closable), sum(closed), sum(sign_n), sum(sign_ok), sum(done_n),
  sum(done_ok), sum(followed), sum(satisfied), sum(risk)
FROM stat_contrib GROUP BY kind, day, township_id, category, channel;

INSERT INTO stat_resp SELECT kind, day, resp_min, count(*) FROM stat_contrib WHERE resp_min IS NOT NULL GROUP BY kind, day, resp_min;

-- ---- counters follow the facts ----
CREATE TRIGGER stat_facts_count_insert AFTER INSERT ON stat_facts BEGIN
  INSERT INTO stat_daily
  SELECT kind, day, township_id, category, channel, n, merged, closable, closed, sign_n, sign_ok, done_n, done_ok, followed, satisfied, risk
  FROM stat_contrib WHERE kind = NEW.kind AND item_id = NEW.item_id AND slot = NEW.slot
  ON CONFLICT (kind, day, township_id, category, channel) DO UPDATE SET
    n = n + excluded.n, merged = merged + excluded.merged, closable = closable + excluded.closable, closed = closed + excluded.closed,
    sign_n = sign_n + excluded.sign_n, sign_ok = sign_ok + excluded.sign_ok, done_n = done_n + excluded.done_n, done_ok = done_ok + excluded.done_ok,
    followed = followed + excluded.followed, satisfied = satisfied + excluded.satisfied, risk = risk + excluded.risk;
  INSERT INTO stat_resp SELECT kind, day, resp_min, 1 FROM stat_contrib
  WHERE kind = NEW.kind AND item_id = NEW.item_id AND slot = NEW.slot AND resp_min IS NOT NULL
  ON CONFLICT (kind, day, minute) DO UPDATE SET n = n + 1;
END;
-- An update takes the fact's old contribution out before the change and puts the new one in after it.
CREATE TRIGGER stat_facts_count_before_update BEFORE UPDATE ON stat_facts BEGIN
  UPDATE stat_daily SET n = stat_daily.n - c.n, merged = stat_daily.merged - c.merged, closable = stat_daily.closable - c.closable,
    closed = stat_daily.closed - c.closed, sign_n = stat_daily.sign_n - c.sign_n, sign_ok = stat_daily.sign_ok - c.sign_ok,
    done_n = stat_daily.done_n - c.done_n, done_ok = stat_daily.done_ok - c.done_ok, followed = stat_daily.followed - c.followed,
    satisfied = stat_daily.satisfied - c.satisfied, risk = stat_daily.risk - c.risk
  FROM (SELECT * FROM stat_contrib WHERE kind = OLD.kind AND item_id = OLD.item_id AND slot = OLD.slot) c
  WHERE stat_daily.kind = c.kind AND stat_daily.day = c.day AND stat_daily.township_id = c.township_id
    AND stat_daily.category = c.category AND stat_daily.channel = c.channel;
  UPDATE stat_resp SET n = n - 1
  FROM (SELECT kind, day, resp_min FROM stat_contrib WHERE kind = OLD.kind AND item_id = OLD.item_id AND slot = OLD.slot AND resp_min IS NOT NULL) c
  WHERE stat_resp.kind = c.kind AND stat_resp.day = c.day AND stat_resp.minute = c.resp_min;
END;
CREATE TRIGGER stat_facts_count_after_update AFTER UPDATE ON stat_facts BEGIN
  INSERT INTO stat_daily
  SELECT kind, day, township_id, category, channel, n, merged, closable, closed, sign_n, sign_ok, done_n, done_ok, followed, satisfied, risk
  FROM stat_contrib WHERE kind = NEW.kind AND item_id = NEW.item_id AND slot = NEW.slot
  ON CONFLICT (kind, day, township_id, category, channel) DO UPDATE SET
    n = n + excluded.n, merged = merged + excluded.merged, closable = closable + excluded.closable, closed = closed + excluded.closed,
    sign_n = sign_n + excluded.sign_n, sign_ok = sign_ok + excluded.sign_ok, done_n = done_n + excluded.done_n, done_ok = done_ok + excluded.done_ok,
    followed = followed + excluded.followed, satisfied = satisfied + excluded.satisfied, risk = risk + excluded.risk;
  INSERT INTO stat_resp SELECT kind, day, resp_min, 1 FROM stat_contrib
  WHERE kind = NEW.kind AND item_id = NEW.item_id AND slot = NEW.slot AND resp_min IS NOT NULL
  ON CONFLICT (kind, day, minute) DO UPDATE SET n = n + 1;
END;

-- ---- facts follow the base tables ----
CREATE TRIGGER stat_incident_insert AFTER INSERT ON incidents BEGIN
  INSERT INTO stat_facts (kind, item_id, slot, unit_id, township_id, village_id, day, category, channel, created_at, sign_due, signed_at,
    done_due, done_at, closable, merged, satisfied, risk)
  SELECT 'incident', NEW.id, 0, NEW.holder_centre_id, COALESCE(NEW.township_id, 0), COALESCE(NEW.village_id, 0), (NEW.reported_at + 28800000) / 86400000,
    NEW.category, CASE (SELECT role FROM users WHERE id = NEW.reporter_id) WHEN 'gridMember' THEN 'grid' ELSE 'centre' END,
    NEW.reported_at, NEW.respond_by, NEW.accepted_at, NEW.resolve_by,
    CASE WHEN NEW.state IN ('resolved', 'followedUp', 'archived') THEN NEW.updated_at END,
    1, NEW.state = 'merged', CASE WHEN NEW.state IN ('followedUp', 'archived') THEN 1 WHEN NEW.satisfaction IS NOT NULL THEN 0 END,
    NEW.priority = 'complex';
END;
-- 办结 is when the case first reached resolved (save() stamps updated_at with that moment); a 回访 or 归档 keeps it, an
-- unsatisfied 回访 that reopens the case clears it. An approved extension moves done_due with resolve_by.
CREATE TRIGGER stat_incident_update AFTER UPDATE ON incidents BEGIN
  UPDATE stat_facts SET unit_id = NEW.holder_centre_id, category = NEW.category, signed_at = NEW.accepted_at, done_due = NEW.resolve_by,
    done_at = CASE WHEN NEW.state IN ('resolved', 'followedUp', 'archived')
      THEN CASE WHEN OLD.state IN ('resolved', 'followedUp', 'archived') THEN done_at ELSE NEW.updated_at END END,
    merged = NEW.state = 'merged', satisfied = CASE WHEN NEW.state IN ('followedUp', 'archived') THEN 1 WHEN NEW.satisfaction IS NOT NULL THEN 0 END,
    risk = NEW.priority = 'complex'
  WHERE kind = 'incident' AND item_id = NEW.id AND slot = 0;
END;
CREATE TRIGGER stat_delivery_insert AFTER INSERT ON deliveries BEGIN
  INSERT INTO stat_facts (kind, item_id, slot, unit_id, township_id, village_id, day, category, channel, created_at, sign_due, signed_at,
    done_due, done_at, closable, merged, satisfied, risk)
  SELECT NEW.kind, NEW.item_id, NEW.centre_id, NEW.centre_id,
    CASE c.level WHEN 'township' THEN c.id WHEN 'village' THEN COALESCE(c.parent_id, 0) ELSE 0 END, CASE c.level WHEN 'village' THEN c.id ELSE 0 END,
    (COALESCE(a.raised_at, o.issued_at) + 28800000) / 86400000,
    COALESCE(a.level, o.priority), CASE WHEN NEW.kind = 'alert' THEN 'county' WHEN o.period_id IS NULL THEN 'peacetime' ELSE 'wartime' END,
    COALESCE(a.raised_at, o.issued_at), NEW.due_at, NEW.signed_at, o.complete_by, NEW.answered_at, 0, 0, NULL,
    COALESCE(a.level = 'red', o.priority = 'urgent')
  FROM centres c LEFT JOIN alerts a ON NEW.kind = 'alert' AND a.id = NEW.item_id LEFT JOIN orders o ON NEW.kind = 'order' AND o.id = NEW.item_id
  WHERE c.id = NEW.centre_id;
END;
CREATE TRIGGER stat_delivery_update AFTER UPDATE OF signed_at, answered_at ON deliveries
WHEN NEW.signed_at IS NOT OLD.signed_at OR NEW.answered_at IS NOT OLD.answered_at BEGIN
  UPDATE stat_facts SET signed_at = NEW.signed_at, done_at = NEW.answered_at WHERE kind = NEW.kind AND item_id = NEW.item_id AND slot = NEW.centre_id;
END;
