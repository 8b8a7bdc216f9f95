-- A one-time password from an admin's reset works for a few days only
-- (limber.OneTimePasswordPeriod): one left unused in an email or on a note
-- must not open the account weeks later. NULL: no reset pending, or one made
-- before this migration (it then expires from now on, set below).
ALTER TABLE users ADD COLUMN reset_expires_at TEXT COLLATE "C";
UPDATE users SET reset_expires_at = to_char((now() AT TIME ZONE 'UTC') + interval '3 days', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') WHERE must_reset;
