-- OpenID Connect: the claims request parameter and pairwise subject identifiers.

-- Each domain's secret salt for pairwise `sub` values (Core §8.1; jeton-core pairwise.rs):
-- random, made with the domain, stored in the clear and never changed (not sealed, so that
-- rotating the encryption key cannot change every pairwise `sub`). Existing domains get
-- one here; new domains get one at creation.
ALTER TABLE domains ADD COLUMN pairwise_salt TEXT;
UPDATE domains SET pairwise_salt = lower(hex(randomblob(32)));

-- The `claims` parameter (Core §5.5), as jeton-core claims_request.rs stores it: with the
-- code, for the ID token of the token exchange; on the grant, the `userinfo` member of the
-- latest authorization, for UserInfo.
ALTER TABLE authorization_codes ADD COLUMN claims TEXT NOT NULL DEFAULT '{}';
ALTER TABLE grants ADD COLUMN userinfo_claims TEXT NOT NULL DEFAULT '[]';
