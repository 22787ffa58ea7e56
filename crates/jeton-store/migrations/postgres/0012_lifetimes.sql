-- Token lifetimes per domain (issue "token policies"; a client may override each one in
-- clients.options): the authorization code's (at most 60 s, DESIGN §5), the ID token's,
-- and an absolute limit on a chain of refresh tokens next to the idle one (0 = none).
ALTER TABLE domains ADD COLUMN code_ttl_secs BIGINT NOT NULL DEFAULT 60;
ALTER TABLE domains ADD COLUMN id_token_ttl_secs BIGINT NOT NULL DEFAULT 3600;
ALTER TABLE domains ADD COLUMN refresh_token_absolute_ttl_secs BIGINT NOT NULL DEFAULT 0;
-- Where a refresh token's chain (it and its predecessors by rotation) began, and when the
-- person signed in. NULL on rows written before this migration: their chain counts from
-- their own issued_at, and auth_time is unknown.
ALTER TABLE refresh_tokens ADD COLUMN chain_started_at BIGINT;
ALTER TABLE refresh_tokens ADD COLUMN auth_time BIGINT;
