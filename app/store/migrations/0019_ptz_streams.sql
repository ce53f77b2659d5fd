-- Issue 14 (ptz): dome cameras, sub streams, detected codec.
-- onvif_url: the ONVIF device service of a dome camera (pan/tilt/zoom), credentials included; NULL for a fixed camera.
-- sub_source_url: the camera's sub stream (子码流), played by small tiles; NULL = only the main stream.
-- codec: what ffprobe last found in the source (h264, hevc, …); NULL until probed. An hevc camera is transcoded for
-- consoles that cannot decode it.
ALTER TABLE cameras ADD COLUMN onvif_url TEXT;
ALTER TABLE cameras ADD COLUMN sub_source_url TEXT;
ALTER TABLE cameras ADD COLUMN codec TEXT;
