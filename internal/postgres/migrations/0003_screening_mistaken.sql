-- A PT who has spoken to the patient can find a screening answered by
-- mistake: it then imposes nothing (limber.ScreeningOnFile). own_outcome is
-- what the screening's own answers gave, apart from what an earlier
-- screening that day passed on (NULL before this migration: the outcome).
-- A red_flag alert names the screening that raised it.
ALTER TABLE screenings ADD COLUMN own_outcome TEXT;
ALTER TABLE screenings ADD COLUMN mistaken_at TEXT COLLATE "C";
ALTER TABLE screenings ADD COLUMN mistaken_by BIGINT REFERENCES users(id);
ALTER TABLE screenings ADD COLUMN mistaken_note TEXT;
ALTER TABLE alerts ADD COLUMN screening_id BIGINT REFERENCES screenings(id);
