-- Jeton's schema for PostgreSQL: the same tables as the SQLite schema, with native types.
-- Times are Unix seconds (BIGINT). Secrets and tokens are stored only as digests (BYTEA,
-- 40 bytes: 8 non-secret ordering bytes, then the SHA-256 of the value; see
-- jeton_core::secret). Every tenant row carries its domain_id.

CREATE TABLE domains (
    id                        TEXT PRIMARY KEY,
    slug                      TEXT NOT NULL,
    name                      TEXT NOT NULL,
    access_token_ttl_secs     BIGINT NOT NULL,
    refresh_token_ttl_secs    BIGINT NOT NULL,
    refresh_grace_secs        BIGINT NOT NULL DEFAULT 0,
    personal_clients_enabled  BOOLEAN NOT NULL DEFAULT TRUE,
    created_at                BIGINT NOT NULL,
    CONSTRAINT domains_slug_unique UNIQUE (slug)
);

CREATE TABLE users (
    id             TEXT PRIMARY KEY,
    domain_id      TEXT NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
    username       TEXT NOT NULL,
    email          TEXT,
    password_hash  TEXT,
    roles          TEXT NOT NULL DEFAULT '[]',      -- JSON array of role names
    attributes     TEXT NOT NULL DEFAULT '{}',      -- JSON object
    disabled       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     BIGINT NOT NULL,
    CONSTRAINT users_username_unique UNIQUE (domain_id, username)
);

CREATE TABLE scopes (
    domain_id    TEXT NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    description  TEXT NOT NULL,
    roles        TEXT NOT NULL DEFAULT '[]',        -- JSON array: empty means anyone
    created_at   BIGINT NOT NULL,
    CONSTRAINT scopes_pkey PRIMARY KEY (domain_id, name)
);

CREATE TABLE clients (
    id                TEXT PRIMARY KEY,               -- the public client_id
    domain_id         TEXT NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
    name              TEXT NOT NULL,
    secret_digest     BYTEA,                           -- NULL for public clients
    auth_method       TEXT NOT NULL,
    redirect_uris     TEXT NOT NULL DEFAULT '[]',     -- JSON array
    grant_types       TEXT NOT NULL,                  -- space separated
    allowed_scopes    TEXT NOT NULL DEFAULT '',       -- space separated
    default_scopes    TEXT NOT NULL DEFAULT '',
    require_pkce      BOOLEAN NOT NULL DEFAULT TRUE,
    allow_plain_pkce  BOOLEAN NOT NULL DEFAULT FALSE,
    owner_user_id     TEXT REFERENCES users(id) ON DELETE CASCADE,
    expires_at        BIGINT,
    created_at        BIGINT NOT NULL,
    revoked_at        BIGINT
);
CREATE INDEX clients_domain ON clients(domain_id, created_at);
CREATE INDEX clients_owner ON clients(owner_user_id);

-- A grant is one user's consent to one client, and the root of every code and token issued
-- under it: revoking it revokes them all.
CREATE TABLE grants (
    id          TEXT PRIMARY KEY,
    domain_id   TEXT NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    client_id   TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    scopes      TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);
CREATE UNIQUE INDEX grants_one_active ON grants(domain_id, user_id, client_id) WHERE revoked_at IS NULL;
CREATE INDEX grants_client ON grants(client_id);

CREATE TABLE authorization_codes (
    digest                 BYTEA PRIMARY KEY,
    domain_id              TEXT NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
    client_id              TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    user_id                TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    grant_id               TEXT NOT NULL REFERENCES grants(id) ON DELETE CASCADE,
    redirect_uri           TEXT NOT NULL,
    redirect_uri_given     BOOLEAN NOT NULL,
    scopes                 TEXT NOT NULL,
    code_challenge         TEXT,
    code_challenge_method  TEXT,
    created_at             BIGINT NOT NULL,
    expires_at             BIGINT NOT NULL,
    used_at                BIGINT
);
CREATE INDEX authorization_codes_expiry ON authorization_codes(expires_at);

CREATE TABLE access_tokens (
    digest      BYTEA PRIMARY KEY,
    domain_id   TEXT NOT NULL,
    client_id   TEXT NOT NULL,
    user_id     TEXT,
    grant_id    TEXT,
    scopes      TEXT NOT NULL,
    issued_at   BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);
-- Foreign keys are left off the token tables on purpose: they are the hot insert path, and
-- grant, client and user removal revoke tokens explicitly.
CREATE INDEX access_tokens_expiry ON access_tokens(expires_at);
CREATE INDEX access_tokens_grant ON access_tokens(grant_id) WHERE grant_id IS NOT NULL;
-- No index on client_id: a revoked or expired client's tokens are found dead through the
-- join on clients, so nothing needs to find them by client (and the hot insert stays cheap).

CREATE TABLE refresh_tokens (
    digest         BYTEA PRIMARY KEY,
    domain_id      TEXT NOT NULL,
    client_id      TEXT NOT NULL,
    user_id        TEXT NOT NULL,
    grant_id       TEXT NOT NULL,
    scopes         TEXT NOT NULL,
    issued_at      BIGINT NOT NULL,
    expires_at     BIGINT NOT NULL,
    used_at        BIGINT,
    revoked_at     BIGINT
);
CREATE INDEX refresh_tokens_expiry ON refresh_tokens(expires_at);
CREATE INDEX refresh_tokens_grant ON refresh_tokens(grant_id);

CREATE TABLE sessions (
    digest      BYTEA PRIMARY KEY,
    domain_id   TEXT NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expires_at);
CREATE INDEX sessions_user ON sessions(user_id);
