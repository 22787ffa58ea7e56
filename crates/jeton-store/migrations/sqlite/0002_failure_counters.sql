-- Failed attempts per key (e.g. one account), counted in fixed windows. In the database so
-- that every instance sees the same count: a lockout cannot be dodged by switching instance.
CREATE TABLE failure_counters (
    key           TEXT PRIMARY KEY,
    window_start  INTEGER NOT NULL,
    count         INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX failure_counters_expiry ON failure_counters(expires_at);
