-- The change feed between instances (issue 16; jeton-store/src/changes.rs): every write that
-- another instance may have cached (revocations, disabled users and clients, domain settings,
-- scopes) adds a row here in its own transaction, and announces it with pg_notify. A listener
-- that reconnects reads what it missed: WHERE seq > the last one it applied.
-- PostgreSQL only: on SQLite one process writes and forgets what it cached itself.
CREATE TABLE changes (
    seq        BIGSERIAL PRIMARY KEY,
    kind       TEXT NOT NULL,      -- 'token', 'grant', 'client', 'user', 'domain', 'scopes'
    domain_id  TEXT,
    entity     TEXT NOT NULL,      -- the id the kind names (a token: its digest, in hex)
    -- The database's clock, like the sweep that deletes rows after an hour.
    created_at BIGINT NOT NULL DEFAULT (EXTRACT(EPOCH FROM clock_timestamp()))::bigint
);
