-- Disputes (issue 12) as one more kind of 统计研判 (issue 13 point 1): a stat_facts row per dispute (kind 'dispute',
-- slot 0), kept by triggers on disputes and dispute_routings; the counters follow through 0016's triggers on stat_facts.
--   category: the dispute type; channel: how it came in (walk_in, phone, grid_report, assigned, transferred)
--   签收: the current routing's due_at / signed_at (a case never routed has no 签收 and counts in no 签收及时率)
--   办结: resolve_by (set at 签收) and the moment the case first reached a settled state — agreed (mediation), closed
--         (the unit's 办结) or reviewed (回访 satisfied); an unsatisfied 回访 that sends it back clears it
--   满意: reviewed → 1; a 回访 given and not satisfied → 0
--   risk: risk_grade high
-- The disputes' settled states, written once here and in app/store/stats.ts BASE.dispute.

INSERT INTO stat_facts (kind, item_id, slot, unit_id, township_id, village_id, day, category, channel, created_at, sign_due, signed_at,
  done_due, done_at, closable, merged, satisfied, risk)
SELECT 'dispute', d.id, 0, d.holder_centre_id, COALESCE(d.township_id, 0), 0, (d.registered_at + 28800000) / 86400000, d.type, d.channel,
  d.registered_at, r.due_at, r.signed_at, d.resolve_by,
  CASE WHEN d.state IN ('agreed', 'closed', 'reviewed')
    THEN COALESCE((SELECT max(e.at) FROM dispute_events e WHERE e.dispute_id = d.id AND e.kind IN ('agreement', 'resolve')), d.updated_at) END,
  1, 0, CASE WHEN d.state = 'reviewed' THEN 1 WHEN d.satisfaction IS NOT NULL THEN 0 END, d.risk_grade = 'high'
FROM disputes d LEFT JOIN dispute_routings r ON r.id = d.routing_id;
-- (0016's triggers on stat_facts add each backfilled fact to stat_daily and stat_resp as it is inserted.)

CREATE TRIGGER stat_dispute_insert AFTER INSERT ON disputes BEGIN
  INSERT INTO stat_facts (kind, item_id, slot, unit_id, township_id, village_id, day, category, channel, created_at, sign_due, signed_at,
    done_due, done_at, closable, merged, satisfied, risk)
  SELECT 'dispute', NEW.id, 0, NEW.holder_centre_id, COALESCE(NEW.township_id, 0), 0, (NEW.registered_at + 28800000) / 86400000, NEW.type, NEW.channel,
    NEW.registered_at, (SELECT due_at FROM dispute_routings WHERE id = NEW.routing_id), (SELECT signed_at FROM dispute_routings WHERE id = NEW.routing_id),
    NEW.resolve_by, CASE WHEN NEW.state IN ('agreed', 'closed', 'reviewed') THEN NEW.updated_at END,
    1, 0, CASE WHEN NEW.state = 'reviewed' THEN 1 WHEN NEW.satisfaction IS NOT NULL THEN 0 END, NEW.risk_grade = 'high';
END;

-- 办结 is the save that first moved the case into a settled state (its updated_at is that step's time, as its event's).
CREATE TRIGGER stat_dispute_update AFTER UPDATE ON disputes BEGIN
  UPDATE stat_facts SET unit_id = NEW.holder_centre_id, township_id = COALESCE(NEW.township_id, 0), category = NEW.type, channel = NEW.channel,
    sign_due = (SELECT due_at FROM dispute_routings WHERE id = NEW.routing_id), signed_at = (SELECT signed_at FROM dispute_routings WHERE id = NEW.routing_id),
    done_due = NEW.resolve_by,
    done_at = CASE WHEN NEW.state IN ('agreed', 'closed', 'reviewed')
      THEN CASE WHEN OLD.state IN ('agreed', 'closed', 'reviewed') THEN done_at ELSE NEW.updated_at END END,
    satisfied = CASE WHEN NEW.state = 'reviewed' THEN 1 WHEN NEW.satisfaction IS NOT NULL THEN 0 END,
    risk = NEW.risk_grade = 'high'
  WHERE kind = 'dispute' AND item_id = NEW.id AND slot = 0;
END;
