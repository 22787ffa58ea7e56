//! Admin API tokens (DESIGN §3): stored as digests, with their scope and expiry.

use async_trait::async_trait;
use jeton_core::clock::UnixTime;
use jeton_core::secret::SecretDigest;

use crate::audit::record_in;
use crate::sql::db::{Row, sql};
use crate::sql::rows::{corrupt, digest};
use crate::sql::{SqlStore, bytes, conflict_or};
use crate::{AdminScope, AdminToken, AuditEvent, Result};

#[async_trait]
pub trait AdminTokens: Send + Sync {
    async fn create_admin_token(&self, token: &AdminToken, audit: &AuditEvent) -> Result<()>;
    async fn admin_token_by_digest(&self, digest: &SecretDigest) -> Result<Option<AdminToken>>;
    /// Every token, newest first (there are few).
    async fn admin_tokens(&self) -> Result<Vec<AdminToken>>;
    /// Answers whether a live token was revoked.
    async fn revoke_admin_token(&self, id: &str, now: UnixTime, audit: &AuditEvent)
    -> Result<bool>;
    /// When a token was last used (moves forward only).
    async fn touch_admin_token(&self, id: &str, at: UnixTime) -> Result<()>;
}

#[async_trait]
impl AdminTokens for SqlStore {
    async fn create_admin_token(&self, t: &AdminToken, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        sql(
            "INSERT INTO admin_tokens (id, name, digest, scope, created_by, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(t.id.clone())
        .bind(t.name.clone())
        .bind(bytes(&t.digest))
        .bind(t.scope.as_string())
        .bind(t.created_by.clone())
        .bind(t.created_at)
        .bind(t.expires_at)
        .execute(&mut tx)
        .await
        .map_err(|e| conflict_or(e, "an admin token with this id"))?;
        record_in(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn admin_token_by_digest(&self, d: &SecretDigest) -> Result<Option<AdminToken>> {
        let row = sql("SELECT * FROM admin_tokens WHERE digest = $1")
            .bind(bytes(d))
            .fetch_optional(&self.reader)
            .await?;
        row.as_ref().map(token).transpose()
    }

    async fn admin_tokens(&self) -> Result<Vec<AdminToken>> {
        let rows = sql("SELECT * FROM admin_tokens ORDER BY created_at DESC, id")
            .fetch_all(&self.reader)
            .await?;
        rows.iter().map(token).collect()
    }

    async fn revoke_admin_token(
        &self,
        id: &str,
        now: UnixTime,
        audit: &AuditEvent,
    ) -> Result<bool> {
        let mut tx = self.writer.begin().await?;
        let changed =
            sql("UPDATE admin_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
                .bind(now)
                .bind(id)
                .execute(&mut tx)
                .await?;
        if changed == 1 {
            record_in(&mut tx, audit).await?;
        }
        tx.commit().await?;
        Ok(changed == 1)
    }

    async fn touch_admin_token(&self, id: &str, at: UnixTime) -> Result<()> {
        sql("UPDATE admin_tokens SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $1)")
            .bind(at)
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }
}

fn token(row: &Row) -> Result<AdminToken> {
    let scope: String = row.get("scope")?;
    Ok(AdminToken {
        id: row.get("id")?,
        name: row.get("name")?,
        digest: digest(row, "digest")?.ok_or_else(|| corrupt("admin token digest"))?,
        scope: AdminScope::parse(&scope).ok_or_else(|| corrupt("admin token scope"))?,
        created_by: row.get("created_by")?,
        created_at: row.get("created_at")?,
        expires_at: row.get("expires_at")?,
        revoked_at: row.get("revoked_at")?,
        last_used_at: row.get("last_used_at")?,
    })
}
