//! Token introspection (RFC 7662): finding the token. What the caller learns about it is
//! core's decision (`jeton_core::introspection::answer`).

use std::sync::Arc;

use jeton_core::introspection;
use jeton_core::secret::SecretDigest;
use jeton_core::token_lookup::{self, TokenTable};
use jeton_store::{Client, Domain};

use crate::Flows;
use crate::error::FlowResult;

pub use jeton_core::introspection::Introspection;

impl Flows {
    /// What `caller` may learn about `token`: anything unknown, expired, revoked, from
    /// another domain or (for a personal client) not its own is `{"active": false}`.
    /// `issuer` is the domain's issuer URL.
    pub async fn introspect(
        &self,
        domain: &Domain,
        caller: &Client,
        token: &str,
        hint: Option<&str>,
        issuer: &str,
    ) -> FlowResult<Introspection> {
        let digest = SecretDigest::of(token);
        let now = self.now();
        for table in token_lookup::lookup_order(token, hint) {
            let record = match table {
                TokenTable::Access => self.cache.access_token(&domain.id, &digest).await?,
                TokenTable::Refresh => self
                    .store
                    .refresh_token(&domain.id, &digest)
                    .await?
                    .map(Arc::new),
            };
            // The first table that knows the token answers; a digest is in one table at most.
            if let Some(r) = record {
                return Ok(introspection::answer(
                    &r,
                    table,
                    caller,
                    issuer,
                    now,
                    &domain.settings.token_check,
                ));
            }
        }
        Ok(Introspection::inactive())
    }

    /// The record of a live access token of `domain` presented as a bearer credential
    /// (UserInfo), opaque or JWT, or `None` for anything else. A JWT is found by its digest
    /// like an opaque token: its row, not its signature, says whether it is still active.
    pub async fn active_access_token(
        &self,
        domain: &Domain,
        token: &str,
    ) -> Result<Option<Arc<jeton_store::TokenRecord>>, jeton_store::StoreError> {
        use jeton_core::secret::SecretKind;
        if SecretKind::of(token) != Some(SecretKind::AccessToken)
            && !jeton_core::access_token::is_jwt_shaped(token)
        {
            return Ok(None);
        }
        let record = self
            .cache
            .access_token(&domain.id, &SecretDigest::of(token))
            .await?;
        let now = self.now();
        Ok(record.filter(|r| r.is_active(now)))
    }
}
