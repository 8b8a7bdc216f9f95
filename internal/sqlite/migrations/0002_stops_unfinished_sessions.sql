-- Stops sent from the tablet the moment the patient stops an item, and
-- sessions left unfinished (sent without a pain-after score).

CREATE TABLE session_stops (
	id                INTEGER PRIMARY KEY,
	patient_id        INTEGER NOT NULL REFERENCES patients(id),
	client_id         TEXT NOT NULL,
	session_client_id TEXT NOT NULL,
	plan_id           INTEGER NOT NULL REFERENCES plans(id),
	item_id           INTEGER NOT NULL,
	reason            TEXT NOT NULL,
	at                TEXT NOT NULL,          -- the tablet's clock
	received_at       TEXT NOT NULL,
	day               TEXT NOT NULL,
	alert_id          INTEGER REFERENCES alerts(id),
	after_stop_urgent INTEGER NOT NULL DEFAULT 0,  -- today's screening had said stop_urgent
	UNIQUE (patient_id, client_id)
);
CREATE INDEX session_stops_session ON session_stops(patient_id, session_client_id, item_id);
CREATE INDEX session_stops_at ON session_stops(patient_id, at);

-- pain_after becomes optional: SQLite changes a column's constraint only by
-- rebuilding the table. Nothing references exercise_sessions.
CREATE TABLE exercise_sessions_new (
	id           INTEGER PRIMARY KEY,
	patient_id   INTEGER NOT NULL REFERENCES patients(id),
	client_id    TEXT NOT NULL,
	plan_id      INTEGER NOT NULL REFERENCES plans(id),
	plan_version INTEGER NOT NULL,
	screening_id INTEGER REFERENCES screenings(id),
	started_at   TEXT NOT NULL,
	finished_at  TEXT NOT NULL,
	received_at  TEXT NOT NULL,
	day          TEXT NOT NULL,
	pain_before  INTEGER NOT NULL,
	pain_after   INTEGER,                 -- NULL: left unfinished, no pain-after score
	fatigue      INTEGER,
	notes        TEXT NOT NULL DEFAULT '',
	items        TEXT NOT NULL,
	UNIQUE (patient_id, client_id)
);
INSERT INTO exercise_sessions_new SELECT id, patient_id, client_id, plan_id, plan_version, screening_id, started_at, finished_at,
	received_at, day, pain_before, pain_after, fatigue, notes, items FROM exercise_sessions;
DROP TABLE exercise_sessions;
ALTER TABLE exercise_sessions_new RENAME TO exercise_sessions;
CREATE INDEX exercise_sessions_patient ON exercise_sessions(patient_id, finished_at);
