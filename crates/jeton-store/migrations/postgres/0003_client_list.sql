-- The manager's list of a domain's clients, sorted and paged by keyset: one index per sort
-- order, each ending in the id that breaks ties, so that a page is one index range scan.
-- A client that never expires sorts as expiring at the end of time (no NULL sort keys).
ALTER TABLE clients ADD COLUMN expires_sort BIGINT
    GENERATED ALWAYS AS (COALESCE(expires_at, 9223372036854775807)) STORED;
DROP INDEX clients_domain;
CREATE INDEX clients_domain_created ON clients(domain_id, created_at, id);
CREATE INDEX clients_domain_name ON clients(domain_id, name, id);
CREATE INDEX clients_domain_expires ON clients(domain_id, expires_sort, id);
-- By owner: each user's clients in id order (the unowned ones too, under NULL). Still leads
-- with owner_user_id for the ON DELETE CASCADE from users.
DROP INDEX clients_owner;
CREATE INDEX clients_owner_domain ON clients(owner_user_id, domain_id, id);
