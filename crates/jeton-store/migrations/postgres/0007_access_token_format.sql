-- JWT access tokens (RFC 9068): the format a domain's clients get unless a client chooses
-- its own (clients.options, a JSON document, holds that choice). 'opaque' or 'jwt'.
ALTER TABLE domains ADD COLUMN access_token_format TEXT NOT NULL DEFAULT 'opaque'
    CHECK (access_token_format IN ('opaque', 'jwt'));
