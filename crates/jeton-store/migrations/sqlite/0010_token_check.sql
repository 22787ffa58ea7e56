-- What the token check says beyond RFC 7662 (user attributes, a scopes array) and a
-- response header that carries the access token too: one JSON document per domain
-- (jeton-core entities/domain.rs `TokenCheck`).
ALTER TABLE domains ADD COLUMN token_check TEXT NOT NULL DEFAULT '{}';
