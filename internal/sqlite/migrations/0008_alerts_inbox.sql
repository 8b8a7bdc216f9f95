-- A therapist's alerts, found patient by patient: the inbox reads the ids
-- of each of the therapist's patients' alerts (open ones first in the
-- index) from this index alone, then a page of those alerts by id; it
-- never walks every alert of the clinic newest first looking for theirs.
CREATE INDEX alerts_inbox ON alerts (patient_id, acknowledged_at, id);
