-- Issue 16 point 11: the benchmark clock (基准时钟（测延迟）) was seeded as a camera of the demo county and showed in every
-- user's camera list. New demo data no longer has it (bench:video registers it for its own run); this removes the one
-- an older demo database holds, unless someone has put it on a wall, in a tour or in a preset (then an administrator
-- decides). Snapshots keep the camera's name, so none of them loses its meaning.
DELETE FROM cameras
WHERE source_url = 'rtmp://ingest.local/src/clock'
  AND name = '基准时钟（测延迟）'
  AND NOT EXISTS (
    SELECT 1 FROM walls w, json_tree(w.screens) j
    WHERE j.type = 'integer' AND j.value = cameras.id AND (j.path LIKE '%.tiles' OR j.path LIKE '%.cameraIds')
  )
  AND NOT EXISTS (SELECT 1 FROM wall_presets p, json_each(p.tiles) t WHERE t.value = cameras.id);
