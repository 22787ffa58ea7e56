-- "Authorize and save" (issue 15): whether the vault sends PKCE (RFC 7636, S256) with the
-- authorization-code grant (on unless a provider refuses it), and the authorizations on
-- their way through a provider. A pending authorization is found by the SHA-256 of its
-- state (the state itself is never stored), lives ten minutes and is used once; its PKCE
-- verifier is sealed like the other vault secrets (associated data
-- vault-authorization:{digest}:code_verifier).
ALTER TABLE vault_credentials ADD COLUMN pkce INTEGER NOT NULL DEFAULT 1;

CREATE TABLE vault_authorizations (
    digest                 TEXT PRIMARY KEY,
    domain_id              TEXT NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
    credential_id          TEXT NOT NULL REFERENCES vault_credentials(id) ON DELETE CASCADE,
    user_id                TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    response_type          TEXT NOT NULL,               -- code | token
    code_verifier          BLOB,
    code_verifier_key_id   TEXT,
    redirect_uri           TEXT NOT NULL,
    created_at             INTEGER NOT NULL,
    expires_at             INTEGER NOT NULL,
    used_at                INTEGER
);
CREATE INDEX vault_authorizations_expiry ON vault_authorizations(expires_at);
