-- A one-time password from an admin's reset works for a few days only
-- (limber.OneTimePasswordPeriod): one left unused in an email or on a note
-- must not open the account weeks later. NULL: no reset pending, or one made
-- before this migration (it then expires from now on, set below).
ALTER TABLE users ADD COLUMN reset_expires_at TEXT;
UPDATE users SET reset_expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+3 days') WHERE must_reset = 1;
