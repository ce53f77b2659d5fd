-- The unit the actor spoke for when the step was taken. incident_events.centre_id is where the case went or who held it,
-- which after 分流 is the township: the county's later 回访 and 归档 must not read as the township's.
ALTER TABLE incident_events ADD COLUMN actor_centre_id INTEGER REFERENCES centres(id);
-- Earlier events: the actor's unit today is the best record there is (staff rarely change units).
UPDATE incident_events SET actor_centre_id = (SELECT u.centre_id FROM users u WHERE u.id = incident_events.actor_id)
  WHERE actor_id IS NOT NULL;
-- 合并 used to note the target's internal id; people read case codes.
UPDATE incident_events SET note = COALESCE((SELECT i.code FROM incidents i WHERE CAST(i.id AS TEXT) = incident_events.note), note)
  WHERE kind = 'merge';
