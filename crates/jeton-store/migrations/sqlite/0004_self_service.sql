-- Self-service and administration (issue "People and administrators").

-- What kind of client a row is: an application that acts for whoever consents
-- ('application': registered by an operator or by a user as its developer), a personal client
-- that acts with exactly its owner's rights ('personal'), or a confidential client the domain
-- itself owns for server-to-server use ('consumer').
ALTER TABLE clients ADD COLUMN kind TEXT NOT NULL DEFAULT 'application';
UPDATE clients SET kind = 'personal' WHERE owner_user_id IS NOT NULL;
ALTER TABLE clients ADD COLUMN description TEXT NOT NULL DEFAULT '';
-- When a token was last issued to it; written in batches (see jeton-flows usage.rs), so it
-- can lag by the flush interval. Never used to decide anything.
ALTER TABLE clients ADD COLUMN last_used_at INTEGER;
ALTER TABLE clients ADD COLUMN last_used_sort INTEGER
    GENERATED ALWAYS AS (COALESCE(last_used_at, -1)) VIRTUAL;
CREATE INDEX clients_domain_last_used ON clients(domain_id, last_used_sort, id);

ALTER TABLE grants ADD COLUMN last_used_at INTEGER;
CREATE INDEX grants_user ON grants(domain_id, user_id, created_at);

ALTER TABLE domains ADD COLUMN personal_client_max_lifetime_secs INTEGER NOT NULL DEFAULT 31536000;
ALTER TABLE domains ADD COLUMN disabled_at INTEGER;

-- Who did what, when, from where (DESIGN §5). domain_id is NULL for events outside any
-- domain (creating a domain, admin tokens). Rows are only ever inserted.
CREATE TABLE audit_events (
    id             TEXT PRIMARY KEY,
    domain_id      TEXT,
    at             INTEGER NOT NULL,
    actor_user_id  TEXT,
    actor          TEXT NOT NULL,      -- a username, "cli", or an admin token's name
    action         TEXT NOT NULL,      -- e.g. "client.create"
    target         TEXT NOT NULL,      -- e.g. "client:abc"
    detail         TEXT NOT NULL DEFAULT '{}',  -- JSON object, never a secret
    address        TEXT                -- the client address, when the change came over HTTP
);
CREATE INDEX audit_events_domain ON audit_events(domain_id, at, id);
CREATE INDEX audit_events_at ON audit_events(at, id);

-- Admin API tokens for automation (DESIGN §3: the API accepts them): shown once, stored as a
-- digest, scoped ('admin': every domain; 'domain:SLUG': that domain's management API), and
-- expiring.
CREATE TABLE admin_tokens (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    digest        BLOB NOT NULL,
    scope         TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    revoked_at    INTEGER,
    last_used_at  INTEGER,
    CONSTRAINT admin_tokens_digest_unique UNIQUE (digest)
);
