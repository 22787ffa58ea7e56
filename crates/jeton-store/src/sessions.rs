//! Login sessions of people on the pages.

use async_trait::async_trait;
use jeton_core::clock::UnixTime;
use jeton_core::secret::SecretDigest;

use crate::sql::db::sql;
use crate::sql::{SqlStore, bytes, conflict_or};
use crate::users::user;
use crate::{DomainId, NewSession, Result, Session, User};

#[async_trait]
pub trait Sessions: Send + Sync {
    async fn create_session(&self, new: NewSession) -> Result<()>;
    /// The live session with this digest, with its user, if both exist and are usable.
    async fn session(
        &self,
        domain_id: &DomainId,
        digest: &SecretDigest,
        now: UnixTime,
    ) -> Result<Option<(Session, User)>>;
    async fn delete_session(&self, domain_id: &DomainId, digest: &SecretDigest) -> Result<()>;
}

#[async_trait]
impl Sessions for SqlStore {
    async fn create_session(&self, new: NewSession) -> Result<()> {
        sql("INSERT INTO sessions (digest, domain_id, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(bytes(&new.digest))
            .bind(new.domain_id)
            .bind(new.user_id)
            .bind(new.created_at)
            .bind(new.expires_at)
            .execute(&self.writer)
            .await
            .map_err(|e| conflict_or(e, "this session"))?;
        Ok(())
    }

    async fn session(
        &self,
        domain_id: &DomainId,
        digest: &SecretDigest,
        now: UnixTime,
    ) -> Result<Option<(Session, User)>> {
        let row = sql(
            "SELECT s.created_at AS s_created_at, s.expires_at AS s_expires_at, u.*
             FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.domain_id = $1 AND s.digest = $2 AND s.expires_at > $3 AND u.disabled = FALSE",
        )
        .bind(domain_id)
        .bind(bytes(digest))
        .bind(now)
        .fetch_optional(&self.reader)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let user = user(&row)?;
        let session = Session {
            domain_id: domain_id.clone(),
            user_id: user.id.clone(),
            created_at: row.get("s_created_at")?,
            expires_at: row.get("s_expires_at")?,
        };
        Ok(Some((session, user)))
    }

    async fn delete_session(&self, domain_id: &DomainId, digest: &SecretDigest) -> Result<()> {
        sql("DELETE FROM sessions WHERE domain_id = $1 AND digest = $2")
            .bind(domain_id)
            .bind(bytes(digest))
            .execute(&self.writer)
            .await?;
        Ok(())
    }
}
