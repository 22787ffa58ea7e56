-- The vault (issue 15): credentials for outside OAuth providers and who may see, use or
-- change them. Every secret column holds a value sealed with AES-256-GCM (jeton-core
-- sealing.rs) under the encryption key named in the *_key_id column next to it, with
-- associated data vault:{id}:{field}, so a value copied to another row does not open.
CREATE TABLE vault_credentials (
    id                      TEXT PRIMARY KEY,
    domain_id               TEXT NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
    name                    TEXT NOT NULL,
    container               TEXT NOT NULL DEFAULT '/',
    grant_type              TEXT NOT NULL,
    authorization_endpoint  TEXT,
    token_endpoint          TEXT NOT NULL,
    revocation_endpoint     TEXT,
    client_id               TEXT NOT NULL,
    client_secret           BYTEA,
    client_secret_key_id    TEXT,
    scope                   TEXT,
    client_auth             TEXT NOT NULL,
    username                BYTEA,
    username_key_id         TEXT,
    password                BYTEA,
    password_key_id         TEXT,
    extra_params            TEXT NOT NULL DEFAULT '[]',   -- JSON array of [name, value]
    allow_jobs              BOOLEAN NOT NULL DEFAULT FALSE,
    access_token            BYTEA,
    access_token_key_id     TEXT,
    refresh_token           BYTEA,
    refresh_token_key_id    TEXT,
    token_type              TEXT,
    expires_at              BIGINT,                      -- of the access token
    status                  TEXT NOT NULL,              -- new | authorized | needs_reauthorization
    last_used_at            BIGINT,
    owner_id                TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at              BIGINT NOT NULL,
    updated_at              BIGINT NOT NULL,
    CONSTRAINT vault_credentials_name_unique UNIQUE (domain_id, container, name)
);
CREATE INDEX vault_credentials_domain ON vault_credentials(domain_id, container, name);

-- Permissions on a container (inherited by everything under it) or on one credential, to
-- a user, a role or an API consumer (client), as view, use or edit.
CREATE TABLE vault_permissions (
    id             TEXT PRIMARY KEY,
    domain_id      TEXT NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
    container      TEXT,                                -- set for a container permission
    credential_id  TEXT REFERENCES vault_credentials(id) ON DELETE CASCADE,
    grantee_kind   TEXT NOT NULL,                       -- user | role | client
    grantee        TEXT NOT NULL,
    access         TEXT NOT NULL,                       -- view | use | edit
    created_at     BIGINT NOT NULL,
    CHECK ((container IS NULL) <> (credential_id IS NULL)),
    CONSTRAINT vault_permissions_unique UNIQUE (domain_id, container, credential_id, grantee_kind, grantee)
);
CREATE INDEX vault_permissions_domain ON vault_permissions(domain_id);
