-- County import (issue 11): a grid the county's files no longer have is retired, not deleted, so incidents keep their
-- grid and history keeps its name. The first-run administrator's printed password must be changed at first login.
ALTER TABLE grids ADD COLUMN retired_at INTEGER;
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
