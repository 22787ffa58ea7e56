-- The vault's renewals across processes (issue 15) and the PKCE switch of a credential.
--
-- renewing_until/renewing_by: a lease on renewing the credential's tokens at the provider.
-- Whoever sets them with a conditional UPDATE (no lease, or an expired one) is the only one
-- who asks the provider; everyone else waits for the new tokens or for the lease to run out
-- (a holder that died). renewing_by is the holder's random id, so only it releases.
ALTER TABLE vault_credentials ADD COLUMN renewing_until INTEGER;
ALTER TABLE vault_credentials ADD COLUMN renewing_by TEXT;
-- Whether the browser authorization sends PKCE (RFC 7636): on for the code grant.
ALTER TABLE vault_credentials ADD COLUMN pkce INTEGER NOT NULL DEFAULT 1;
UPDATE vault_credentials SET pkce = 0 WHERE grant_type <> 'authorization_code';
-- The background refresh looks for recently used credentials that expire soon.
CREATE INDEX vault_credentials_renewal ON vault_credentials(expires_at, last_used_at);
