-- Which cases carry which photo (on the report or on a timeline step), so a photo is served only to those who may see
-- one of its cases. Kept by triggers, so every writer of incidents and incident_events fills it without knowing.
CREATE TABLE incident_photos (
  photo_id TEXT NOT NULL,
  incident_id INTEGER NOT NULL,
  PRIMARY KEY (photo_id, incident_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO incident_photos SELECT j.value, i.id FROM incidents i, json_each(i.photos) j;
INSERT OR IGNORE INTO incident_photos SELECT j.value, e.incident_id FROM incident_events e, json_each(e.photos) j;
CREATE TRIGGER incident_photos_report AFTER INSERT ON incidents BEGIN
  INSERT OR IGNORE INTO incident_photos SELECT value, NEW.id FROM json_each(NEW.photos);
END;
CREATE TRIGGER incident_photos_report_update AFTER UPDATE OF photos ON incidents BEGIN
  INSERT OR IGNORE INTO incident_photos SELECT value, NEW.id FROM json_each(NEW.photos);
END;
CREATE TRIGGER incident_photos_step AFTER INSERT ON incident_events BEGIN
  INSERT OR IGNORE INTO incident_photos SELECT value, NEW.incident_id FROM json_each(NEW.photos);
END;

-- The sha256 of a snapshot's JPEG when it was taken (also in its ledger entry), so `npm run evidence:verify` can tell
-- a damaged one. Snapshots taken before this migration have none.
ALTER TABLE snapshots ADD COLUMN sha256 TEXT;
