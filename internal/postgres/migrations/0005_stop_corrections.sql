-- A stop may correct an earlier stop of the same session ("I tapped the
-- wrong one"): the earlier one is kept, linked both ways.
ALTER TABLE session_stops ADD COLUMN corrects TEXT;       -- client id of the stop it corrects
ALTER TABLE session_stops ADD COLUMN corrected_by TEXT;   -- client id of the stop that corrects it
