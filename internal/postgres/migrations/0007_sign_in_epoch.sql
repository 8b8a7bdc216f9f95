-- The PostgreSQL translation of internal/sqlite/migrations/0007_sign_in_epoch.sql:
-- a number that every change to who may be signed in raises, so that each
-- node may keep the sign-ins it has read and still refuse a revoked one at
-- once (it reads this row on every request, its sign-in again only when
-- the number moved). Kept by triggers, once per statement, whichever node
-- or command writes. The row is made by the first change: `limber copy`
-- refuses a target that holds any row.
CREATE TABLE sign_in_epoch (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n  BIGINT NOT NULL
);

CREATE FUNCTION sign_in_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO sign_in_epoch (id, n) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET n = sign_in_epoch.n + 1;
	RETURN NULL;
END;
$$;

CREATE TRIGGER auth_sessions_sign_in_epoch AFTER UPDATE OF user_id, token_hash, kind, expires_at, revoked_at ON auth_sessions
	FOR EACH STATEMENT EXECUTE FUNCTION sign_in_changed();
CREATE TRIGGER auth_sessions_deleted_sign_in_epoch AFTER DELETE ON auth_sessions
	FOR EACH STATEMENT EXECUTE FUNCTION sign_in_changed();
-- Any change to a user: disabled, password reset or changed, role, name.
CREATE TRIGGER users_sign_in_epoch AFTER UPDATE ON users
	FOR EACH STATEMENT EXECUTE FUNCTION sign_in_changed();
CREATE TRIGGER users_deleted_sign_in_epoch AFTER DELETE ON users
	FOR EACH STATEMENT EXECUTE FUNCTION sign_in_changed();
-- A sign-in carries the patient its user is the tablet of.
CREATE TRIGGER patients_sign_in_epoch AFTER UPDATE OF user_id ON patients
	FOR EACH STATEMENT EXECUTE FUNCTION sign_in_changed();
CREATE TRIGGER patients_deleted_sign_in_epoch AFTER DELETE ON patients
	FOR EACH STATEMENT EXECUTE FUNCTION sign_in_changed();
