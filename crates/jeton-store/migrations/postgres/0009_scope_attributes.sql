-- Scopes derived from user attributes (issue "OpenID Connect, JWT access tokens, token
-- policies"): a JSON array of "key=value" conditions; a user whose attribute `key` is
-- exactly `value` may hold the scope, as a user with one of `roles` may.
ALTER TABLE scopes ADD COLUMN attributes TEXT NOT NULL DEFAULT '[]';
