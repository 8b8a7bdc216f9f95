-- What several Limber nodes on one database must share instead of keeping
-- in memory: the PostgreSQL translation of
-- internal/sqlite/migrations/0006_several_nodes.sql (the same tables,
-- columns and index). Times are TEXT COLLATE "C", as in 0001.

-- Sign-in attempts, per key (an account, an address, an address's
-- enrollment codes): the attempts counted in the window that started at
-- window_start. A key's row is counted in one statement (INSERT ... ON
-- CONFLICT DO UPDATE, which locks the row and re-reads it under READ
-- COMMITTED), so parallel guesses on any node cannot all pass the count.
-- counted_by is the token of the last attempt counted, which tells an
-- attempt whether it was.
CREATE TABLE sign_in_limits (
	key          TEXT PRIMARY KEY,
	max_attempts INTEGER NOT NULL,
	window_start TEXT COLLATE "C" NOT NULL,
	attempts     INTEGER NOT NULL,
	counted_by   TEXT NOT NULL
);
CREATE INDEX sign_in_limits_window ON sign_in_limits (window_start);

-- The hourly sweeps, one row per clock hour (UTC, "2026-12-01T09"): the
-- node that inserts the hour's row sweeps it, the others skip it.
CREATE TABLE sweeps (
	hour       TEXT COLLATE "C" PRIMARY KEY,
	started_at TEXT COLLATE "C" NOT NULL
);
