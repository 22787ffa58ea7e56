//! Sign-in sessions: a random `jeton_ss_` value (the server puts it in a cookie); the
//! database keeps only its digest, so sessions work across instances.

use jeton_core::clock::UnixTime;
use jeton_core::secret::{self, SecretDigest, SecretKind};
use jeton_store::{DomainId, NewSession, StoreError, User};

use crate::Flows;

impl Flows {
    /// The user of `domain_id` whose live session `value` names.
    pub async fn session_user(
        &self,
        domain_id: &DomainId,
        value: &str,
    ) -> Result<Option<User>, StoreError> {
        Ok(self.signed_in(domain_id, value).await?.map(|(u, _)| u))
    }

    /// The user of a live session and when they signed in (OpenID Connect's `auth_time`).
    pub async fn signed_in(
        &self,
        domain_id: &DomainId,
        value: &str,
    ) -> Result<Option<(User, UnixTime)>, StoreError> {
        if SecretKind::of(value) != Some(SecretKind::Session) {
            return Ok(None);
        }
        let digest = SecretDigest::of(value);
        Ok(self
            .store
            .session(domain_id, &digest, self.now())
            .await?
            .map(|(s, u)| (u, s.created_at)))
    }

    /// Starts a session for `user`; answers the value to hand to the browser (shown once).
    pub async fn start_session(&self, user: &User) -> Result<String, StoreError> {
        let now = self.now();
        let minted = secret::mint_ordered(SecretKind::Session, self.random.as_ref(), now);
        self.store
            .create_session(NewSession {
                digest: minted.digest,
                domain_id: user.domain_id.clone(),
                user_id: user.id.clone(),
                created_at: now,
                expires_at: now + self.settings.session_ttl_secs,
            })
            .await?;
        Ok(minted.value)
    }

    pub async fn end_session(&self, domain_id: &DomainId, value: &str) -> Result<(), StoreError> {
        self.store
            .delete_session(domain_id, &SecretDigest::of(value))
            .await?;
        Ok(())
    }
}
