-- What several Limber nodes on one database must share instead of keeping
-- in memory.

-- Sign-in attempts, per key (an account, an address, an address's
-- enrollment codes): the attempts counted in the window that started at
-- window_start. A key's row is counted in one statement (INSERT ... ON
-- CONFLICT DO UPDATE), so parallel guesses on any node cannot all pass
-- the count. counted_by is the token of the last attempt counted, which
-- tells an attempt whether it was. Times are fixed-width RFC 3339 UTC, so
-- they order as text.
CREATE TABLE sign_in_limits (
	key          TEXT PRIMARY KEY,
	max_attempts INTEGER NOT NULL,
	window_start TEXT NOT NULL,
	attempts     INTEGER NOT NULL,
	counted_by   TEXT NOT NULL
);
CREATE INDEX sign_in_limits_window ON sign_in_limits (window_start);

-- The hourly sweeps, one row per clock hour (UTC, "2026-12-01T09"): the
-- node that inserts the hour's row sweeps it, the others skip it.
CREATE TABLE sweeps (
	hour       TEXT PRIMARY KEY,
	started_at TEXT NOT NULL
);
