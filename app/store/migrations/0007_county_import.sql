-- County import (issue 11): a grid the county's files no longer have is retired, not deleted, so incidents keep their
-- grid and history keeps its name. (users.must_change_password, which the first-run administrator needs, comes with 0008.)
ALTER TABLE grids ADD COLUMN retired_at INTEGER;
