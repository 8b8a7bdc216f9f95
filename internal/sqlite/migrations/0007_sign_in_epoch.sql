-- A number that every change to who may be signed in raises, so that a
-- node may keep the sign-ins it has read in memory and still refuse a
-- revoked one at once: each request reads this one row (cheap) and reads
-- its sign-in again only when the number moved. Kept by triggers, so that
-- no write can forget it, whoever makes it (the server, `limber user`,
-- another node). A new sign-in and the last-seen touch do not change
-- anyone else's, so they do not raise it.
--
-- The row is made by the first change (an upsert), not here: `limber copy`
-- refuses a target that holds any row.
CREATE TABLE sign_in_epoch (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n  INTEGER NOT NULL
);

CREATE TRIGGER auth_sessions_sign_in_epoch AFTER UPDATE OF user_id, token_hash, kind, expires_at, revoked_at ON auth_sessions
BEGIN
	INSERT INTO sign_in_epoch (id, n) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER auth_sessions_deleted_sign_in_epoch AFTER DELETE ON auth_sessions
BEGIN
	INSERT INTO sign_in_epoch (id, n) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
-- Any change to a user: disabled, password reset or changed, role, name.
CREATE TRIGGER users_sign_in_epoch AFTER UPDATE ON users
BEGIN
	INSERT INTO sign_in_epoch (id, n) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER users_deleted_sign_in_epoch AFTER DELETE ON users
BEGIN
	INSERT INTO sign_in_epoch (id, n) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
-- A sign-in carries the patient its user is the tablet of.
CREATE TRIGGER patients_sign_in_epoch AFTER UPDATE OF user_id ON patients
BEGIN
	INSERT INTO sign_in_epoch (id, n) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER patients_deleted_sign_in_epoch AFTER DELETE ON patients
BEGIN
	INSERT INTO sign_in_epoch (id, n) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
END;
