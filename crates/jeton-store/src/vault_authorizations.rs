//! The vault's pending authorizations ("authorize and save", issue 15): one row per trip of a
//! person's browser through a provider, found by the digest of its state, used once
//! (`use_vault_authorization` is a conditional `UPDATE`: of two callbacks with the same
//! state, one wins). Expired rows are swept with the other expiring rows.

use async_trait::async_trait;
use jeton_core::clock::UnixTime;
use jeton_core::sealing::Sealed;
use jeton_core::vault_authorization::{PendingVaultAuthorization, ResponseType};

use crate::Result;
use crate::sql::SqlStore;
use crate::sql::db::{Row, sql};
use crate::sql::rows::{corrupt, id};

#[async_trait]
pub trait VaultAuthorizations: Send + Sync {
    async fn create_vault_authorization(&self, p: &PendingVaultAuthorization) -> Result<()>;
    /// By the digest of its state, used or not, expired or not (the caller tells the person
    /// which).
    async fn vault_authorization(&self, digest: &str) -> Result<Option<PendingVaultAuthorization>>;
    /// Marks it used if it is neither used nor expired at `now`; answers whether this call
    /// did (one winner).
    async fn use_vault_authorization(&self, digest: &str, now: UnixTime) -> Result<bool>;
}

#[async_trait]
impl VaultAuthorizations for SqlStore {
    async fn create_vault_authorization(&self, p: &PendingVaultAuthorization) -> Result<()> {
        let (verifier, key) = match &p.code_verifier {
            Some(s) => (Some(s.bytes.clone()), Some(s.key_id.clone())),
            None => (None, None),
        };
        sql(
            "INSERT INTO vault_authorizations (digest, domain_id, credential_id, user_id,
                 response_type, code_verifier, code_verifier_key_id, redirect_uri, created_at,
                 expires_at, used_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(p.state_digest.clone())
        .bind(&p.domain_id)
        .bind(p.credential_id.clone())
        .bind(&p.user_id)
        .bind(p.response_type.as_str())
        .bind(verifier)
        .bind(key)
        .bind(p.redirect_uri.clone())
        .bind(p.created_at)
        .bind(p.expires_at)
        .bind(p.used_at)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn vault_authorization(&self, digest: &str) -> Result<Option<PendingVaultAuthorization>> {
        let row = sql("SELECT * FROM vault_authorizations WHERE digest = $1")
            .bind(digest)
            .fetch_optional(&self.reader)
            .await?;
        row.as_ref().map(pending).transpose()
    }

    async fn use_vault_authorization(&self, digest: &str, now: UnixTime) -> Result<bool> {
        let changed = sql("UPDATE vault_authorizations SET used_at = $1
             WHERE digest = $2 AND used_at IS NULL AND expires_at > $1")
        .bind(now)
        .bind(digest)
        .execute(&self.writer)
        .await?;
        Ok(changed == 1)
    }
}

fn pending(row: &Row) -> Result<PendingVaultAuthorization> {
    let response_type: String = row.get("response_type")?;
    let bytes: Option<Vec<u8>> = row.get("code_verifier")?;
    let key: Option<String> = row.get("code_verifier_key_id")?;
    let code_verifier = match (bytes, key) {
        (Some(bytes), Some(key_id)) => Some(Sealed { key_id, bytes }),
        (None, _) => None,
        (Some(_), None) => return Err(corrupt("vault verifier without its key id")),
    };
    Ok(PendingVaultAuthorization {
        state_digest: row.get("digest")?,
        domain_id: id(row, "domain_id")?,
        credential_id: row.get("credential_id")?,
        user_id: id(row, "user_id")?,
        response_type: ResponseType::parse(&response_type)
            .ok_or_else(|| corrupt("vault authorization response type"))?,
        code_verifier,
        redirect_uri: row.get("redirect_uri")?,
        created_at: row.get("created_at")?,
        expires_at: row.get("expires_at")?,
        used_at: row.get("used_at")?,
    })
}
