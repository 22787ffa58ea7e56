//! Token introspection (RFC 7662): what a resource server learns about a token.

use std::sync::Arc;

use jeton_core::client_auth as client_rules;
use jeton_core::secret::SecretDigest;
use jeton_core::token_lookup::{self, TokenTable};
use jeton_store::{Client, Domain, TokenRecord};

use crate::Flows;
use crate::error::FlowResult;

/// RFC 7662 §2.2. Inactive tokens say nothing else.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Introspection {
    pub active: bool,
    pub scope: Option<String>,
    pub client_id: Option<String>,
    pub username: Option<String>,
    pub token_type: Option<&'static str>,
    pub exp: Option<i64>,
    pub iat: Option<i64>,
    pub sub: Option<String>,
    pub iss: Option<String>,
}

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
            let Some(r) = record else { continue };
            let visible = client_rules::may_introspect(
                &caller.id,
                caller.owner_user_id.is_some(),
                &r.client_id,
            );
            if !r.is_active(now) || !visible {
                return Ok(Introspection::default());
            }
            return Ok(describe(&r, table, issuer));
        }
        Ok(Introspection::default())
    }
}

fn describe(r: &TokenRecord, table: TokenTable, issuer: &str) -> Introspection {
    Introspection {
        active: true,
        scope: Some(r.scopes.to_string()),
        client_id: Some(r.client_id.clone()),
        username: r.username.clone(),
        token_type: (table == TokenTable::Access).then_some("Bearer"),
        exp: Some(r.expires_at),
        iat: Some(r.issued_at),
        // A token of a client acting for itself has the client as its subject.
        sub: Some(r.user_id.clone().unwrap_or_else(|| r.client_id.clone())),
        iss: Some(issuer.to_owned()),
    }
}
