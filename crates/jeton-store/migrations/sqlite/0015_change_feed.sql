-- The change feed on SQLite (issue 16; jeton-store/src/changes.rs): as on PostgreSQL, every
-- write that a running server may have cached (revocations, disabled users and clients,
-- domain settings, scopes, keys) adds a row here in its own transaction. The CLI is another
-- process writing the same file: the server polls for rows after the last one it applied
-- (sqlite/feed.rs). AUTOINCREMENT: a seq is never reused, even after the sweep.
CREATE TABLE changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL,      -- 'token', 'grant', 'client', 'user', 'domain', 'scopes', 'keys'
    domain_id  TEXT,
    entity     TEXT NOT NULL,      -- the id the kind names (a token: its digest, in hex)
    created_at INTEGER NOT NULL DEFAULT (unixepoch())
);
