-- OpenID Connect (issue "OpenID Connect, JWT access tokens, token policies").

-- Signing keys per domain. The private key is PKCS#8, sealed with AES-256-GCM under the
-- configured encryption key whose id is in sealing_key_id (jeton-core sealing.rs); the
-- public half is the JWK published at jwks_uri. One current key per domain and algorithm
-- (superseded_at IS NULL) signs; a superseded key stays published until retire_at, when
-- the last token it signed has expired, and is then deleted by the sweeper.
CREATE TABLE signing_keys (
    kid             TEXT PRIMARY KEY,
    domain_id       TEXT NOT NULL REFERENCES domains(id),
    alg             TEXT NOT NULL,
    public_jwk      TEXT NOT NULL,
    private_key     BLOB NOT NULL,
    sealing_key_id  TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    superseded_at   INTEGER,
    retire_at       INTEGER
);
CREATE UNIQUE INDEX signing_keys_current ON signing_keys(domain_id, alg) WHERE superseded_at IS NULL;
CREATE INDEX signing_keys_domain ON signing_keys(domain_id, created_at);

-- What Jeton can check a sealing key against at start-up: a known text sealed under each
-- key id, so a wrong key is a clear start-up error rather than a failure at first use.
CREATE TABLE sealing_checks (
    sealing_key_id  TEXT PRIMARY KEY,
    sealed          BLOB NOT NULL,
    created_at      INTEGER NOT NULL
);

-- Per-client settings beyond the core registration, as one JSON object (ClientOptions).
ALTER TABLE clients ADD COLUMN options TEXT NOT NULL DEFAULT '{}';

-- The ID token's nonce and auth_time travel from the authorization request to the token
-- request with the code.
ALTER TABLE authorization_codes ADD COLUMN nonce TEXT;
ALTER TABLE authorization_codes ADD COLUMN auth_time INTEGER;
