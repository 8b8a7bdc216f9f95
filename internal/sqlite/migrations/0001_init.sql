-- Limber's first schema. Times are RFC 3339 UTC text; JSON columns hold
-- lists and documents the core defines.

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	email         TEXT UNIQUE COLLATE NOCASE,      -- NULL for patients' tablet accounts
	name          TEXT NOT NULL,
	role          TEXT NOT NULL CHECK (role IN ('admin', 'therapist', 'patient')),
	password_hash TEXT,
	must_reset    INTEGER NOT NULL DEFAULT 0,
	disabled_at   TEXT,
	created_at    TEXT NOT NULL
);

-- Sessions of signed-in users and patients' tablets: the token is stored as
-- its SHA-256 only.
CREATE TABLE auth_sessions (
	id           INTEGER PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES users(id),
	token_hash   TEXT NOT NULL UNIQUE,
	csrf_token   TEXT NOT NULL,
	kind         TEXT NOT NULL CHECK (kind IN ('staff', 'tablet')),
	device       TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL,
	last_seen_at TEXT NOT NULL,
	expires_at   TEXT NOT NULL,
	revoked_at   TEXT
);
CREATE INDEX auth_sessions_user ON auth_sessions(user_id);

CREATE TABLE patients (
	id               INTEGER PRIMARY KEY,
	therapist_id     INTEGER NOT NULL REFERENCES users(id),
	user_id          INTEGER UNIQUE REFERENCES users(id),
	name             TEXT NOT NULL,
	mobility         TEXT NOT NULL,
	conditions       TEXT NOT NULL DEFAULT '[]',   -- JSON list, as the PT set them
	due_date         TEXT,                         -- pregnancy stored as a due date, so the band moves by itself
	pregnant_unknown INTEGER NOT NULL DEFAULT 0,
	lying_only       INTEGER NOT NULL DEFAULT 0,
	helper_available INTEGER NOT NULL DEFAULT 0,
	relapse_since    TEXT,
	hip_since        TEXT,
	surgery_since    TEXT,
	care_team_phone  TEXT NOT NULL DEFAULT '',
	notes            TEXT NOT NULL DEFAULT '',
	sessions_per_week INTEGER NOT NULL DEFAULT 5,
	created_at       TEXT NOT NULL,
	updated_at       TEXT NOT NULL
);
CREATE INDEX patients_therapist ON patients(therapist_id);

CREATE TABLE enrollment_codes (
	id         INTEGER PRIMARY KEY,
	patient_id INTEGER NOT NULL REFERENCES patients(id),
	code_hash  TEXT NOT NULL UNIQUE,
	created_by INTEGER NOT NULL REFERENCES users(id),
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	used_at    TEXT
);

CREATE TABLE plans (
	id                INTEGER PRIMARY KEY,
	patient_id        INTEGER NOT NULL REFERENCES patients(id),
	status            TEXT NOT NULL CHECK (status IN ('draft', 'active', 'archived')),
	version           INTEGER NOT NULL DEFAULT 1,
	sessions_per_week INTEGER NOT NULL DEFAULT 5,
	next_item_id      INTEGER NOT NULL DEFAULT 1,
	created_by        INTEGER NOT NULL REFERENCES users(id),
	created_at        TEXT NOT NULL,
	updated_at        TEXT NOT NULL,
	activated_at      TEXT,
	archived_at       TEXT
);
CREATE INDEX plans_patient ON plans(patient_id, status);
-- A patient has at most one active plan.
CREATE UNIQUE INDEX plans_one_active ON plans(patient_id) WHERE status = 'active';

-- Every version of a plan, as the document it was: later library or rule
-- edits never change what a patient was shown.
CREATE TABLE plan_versions (
	plan_id       INTEGER NOT NULL REFERENCES plans(id),
	version       INTEGER NOT NULL,
	document      TEXT NOT NULL,
	rules_version TEXT NOT NULL,
	reason        TEXT NOT NULL,
	created_by    INTEGER REFERENCES users(id),
	created_at    TEXT NOT NULL,
	PRIMARY KEY (plan_id, version)
);

CREATE TABLE clearances (
	id          INTEGER PRIMARY KEY,
	patient_id  INTEGER NOT NULL REFERENCES patients(id),
	exercise_id TEXT NOT NULL,
	position    TEXT NOT NULL,
	note        TEXT NOT NULL,
	cleared_by  INTEGER NOT NULL REFERENCES users(id),
	cleared_at  TEXT NOT NULL,
	expires_at  TEXT NOT NULL,
	lapsed_at   TEXT,
	lapse_reason TEXT
);
CREATE INDEX clearances_patient ON clearances(patient_id, exercise_id, position);

CREATE TABLE screenings (
	id         INTEGER PRIMARY KEY,
	patient_id INTEGER NOT NULL REFERENCES patients(id),
	at         TEXT NOT NULL,
	day        TEXT NOT NULL,          -- the clinic's calendar day
	answers    TEXT NOT NULL,
	outcome    TEXT NOT NULL,
	message    TEXT NOT NULL,
	changes    TEXT NOT NULL,
	flags      TEXT NOT NULL,
	resolved_at TEXT                   -- a PT acknowledged the contact_care_team alert
);
CREATE INDEX screenings_patient ON screenings(patient_id, at);

CREATE TABLE exercise_sessions (
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
	pain_after   INTEGER NOT NULL,
	fatigue      INTEGER,
	notes        TEXT NOT NULL DEFAULT '',
	items        TEXT NOT NULL,
	UNIQUE (patient_id, client_id)
);
CREATE INDEX exercise_sessions_patient ON exercise_sessions(patient_id, finished_at);

CREATE TABLE journal_entries (
	id         INTEGER PRIMARY KEY,
	patient_id INTEGER NOT NULL REFERENCES patients(id),
	at         TEXT NOT NULL,
	region     TEXT NOT NULL,
	intensity  INTEGER NOT NULL,
	quality    TEXT NOT NULL DEFAULT '',
	trigger_   TEXT NOT NULL DEFAULT '',
	note       TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
CREATE INDEX journal_patient ON journal_entries(patient_id, at);

CREATE TABLE alerts (
	id              INTEGER PRIMARY KEY,
	patient_id      INTEGER NOT NULL REFERENCES patients(id),
	kind            TEXT NOT NULL,
	message         TEXT NOT NULL,
	dedupe_key      TEXT,
	created_at      TEXT NOT NULL,
	acknowledged_at TEXT,
	acknowledged_by INTEGER REFERENCES users(id)
);
CREATE INDEX alerts_patient ON alerts(patient_id, created_at);
CREATE UNIQUE INDEX alerts_dedupe ON alerts(patient_id, dedupe_key) WHERE dedupe_key IS NOT NULL AND acknowledged_at IS NULL;

-- The audit log is append-only: the triggers refuse changes and deletions.
CREATE TABLE audit_events (
	id         INTEGER PRIMARY KEY,
	at         TEXT NOT NULL,
	actor_id   INTEGER REFERENCES users(id),
	patient_id INTEGER REFERENCES patients(id),
	action     TEXT NOT NULL,
	detail     TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_patient ON audit_events(patient_id, id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
