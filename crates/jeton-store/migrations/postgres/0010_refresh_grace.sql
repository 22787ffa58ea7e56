-- The refresh-token grace period (DESIGN §5): a rotated refresh token remembers its
-- successor (the digest, and the value sealed with the encryption key) so that, presented
-- again within the domain's grace period while the successor is unused, it gets the same
-- successor instead of revoking the grant. Both stay NULL when the grace period is off.
ALTER TABLE refresh_tokens ADD COLUMN successor_digest BYTEA;
ALTER TABLE refresh_tokens ADD COLUMN successor_sealed BYTEA;
