//! Revocation: of a whole grant (the cascade), and of one token (RFC 7009).

use jeton_core::OAuthError;
use jeton_core::secret::SecretDigest;
use jeton_core::token_lookup::{self, TokenTable};
use jeton_store::{Client, Domain, DomainId, GrantId};

use crate::Flows;
use crate::error::FlowResult;

/// Why a grant is revoked: said in the log line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantRevocation {
    /// A spent authorization code was presented again (RFC 6749 §4.1.2).
    CodeReplayed,
    /// A rotated refresh token was presented again (RFC 9700 §4.14.2).
    RefreshReplayed,
}

impl Flows {
    /// Revokes a grant and with it every access and refresh token issued under it (its codes
    /// die with it: redemption requires a live grant), and forgets what this instance cached
    /// of them, so introspection says inactive at once. Every path that revokes a grant goes
    /// through here (the store's `revoke_grant` is the cascade in SQL, this adds the cache).
    /// Answers whether an active grant was revoked; revoking twice is harmless.
    pub async fn revoke_grant(
        &self,
        domain_id: &DomainId,
        grant_id: &GrantId,
        why: GrantRevocation,
    ) -> FlowResult<bool> {
        let revoked = self
            .store
            .revoke_grant(domain_id, grant_id, self.now(), None)
            .await?;
        self.grant_revoked(grant_id, why);
        Ok(revoked)
    }

    /// What follows a grant's revocation in this instance: its cached tokens are forgotten and
    /// the reason is logged. Called by `revoke_grant`, and directly when the store has already
    /// revoked the grant in the same step that detected a replay (the losing request of a
    /// spend-once race revokes it right away, so that a crash cannot leave it standing).
    pub(crate) fn grant_revoked(&self, grant_id: &GrantId, why: GrantRevocation) {
        self.cache.invalidate_grant(grant_id);
        match why {
            GrantRevocation::CodeReplayed | GrantRevocation::RefreshReplayed => {
                tracing::warn!(%grant_id, reason = ?why, "replay detected; grant revoked");
            }
        }
    }

    /// RFC 7009: revokes `token` if `client` owns it. A refresh token takes every token of its
    /// grant with it (§2.1), but the person's consent (the grant) stays: the client gave up
    /// its tokens, the person did not withdraw anything. Unknown tokens are no error (§2.2).
    /// Revocation ignores expiry: any token can always be revoked.
    pub async fn revoke_token(
        &self,
        domain: &Domain,
        client: &Client,
        token: &str,
        hint: Option<&str>,
    ) -> FlowResult<()> {
        let digest = SecretDigest::of(token);
        let now = self.now();
        for table in token_lookup::lookup_order(token, hint) {
            let record = match table {
                TokenTable::Access => self.store.access_token(&domain.id, &digest).await?,
                TokenTable::Refresh => self.store.refresh_token(&domain.id, &digest).await?,
            };
            let Some(record) = record else { continue };
            // §2.1: a client may only revoke its own tokens.
            if record.client_id != client.id {
                return Err(OAuthError::unauthorized_client(
                    "the token was not issued to this client",
                )
                .into());
            }
            match table {
                TokenTable::Access => {
                    self.store
                        .revoke_access_token(&domain.id, &digest, now)
                        .await?;
                    self.cache.invalidate_access_token(&digest);
                }
                TokenTable::Refresh => {
                    if let Some(grant_id) = self
                        .store
                        .revoke_refresh_token(&domain.id, &digest, now)
                        .await?
                    {
                        self.cache.invalidate_grant(&grant_id);
                    }
                }
            }
            return Ok(());
        }
        Ok(())
    }
}
