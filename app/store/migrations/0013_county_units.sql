-- County import, re-import of units (issue 11): a township, village or department the county's files no longer have is
-- retired like a grid, not deleted: incidents, alerts and orders keep pointing at it, but it is no longer a live target
-- (alerts, orders, the map, the admin's unit lists). A later import that brings its code back makes it live again.
ALTER TABLE centres ADD COLUMN retired_at INTEGER;
