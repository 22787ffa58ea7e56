-- "Authorize and save" (issue 15): the authorizations on their way through a provider
-- (the credential's PKCE switch came with the vault renewal migration). A pending
-- authorization is found by the SHA-256 of its state (the state itself is never stored),
-- lives ten minutes and is used once; its PKCE verifier is sealed like the other vault
-- secrets (associated data
-- vault-authorization:{digest}:code_verifier).
CREATE TABLE vault_authorizations (
    digest                 TEXT PRIMARY KEY,
    domain_id              TEXT NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
    credential_id          TEXT NOT NULL REFERENCES vault_credentials(id) ON DELETE CASCADE,
    user_id                TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    response_type          TEXT NOT NULL,               -- code | token
    code_verifier          BYTEA,
    code_verifier_key_id   TEXT,
    redirect_uri           TEXT NOT NULL,
    created_at             BIGINT NOT NULL,
    expires_at             BIGINT NOT NULL,
    used_at                BIGINT
);
CREATE INDEX vault_authorizations_expiry ON vault_authorizations(expires_at);
