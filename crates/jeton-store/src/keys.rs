//! Signing keys per domain (DESIGN §5): the private part sealed (jeton-core `sealing`), the
//! public JWK as published. One current key per domain and algorithm signs; superseded keys
//! stay published until `retire_at`, then the retirement job deletes them. Also the checks
//! that tell at start-up whether the configured encryption key is the one that sealed them.

use async_trait::async_trait;
use jeton_core::clock::UnixTime;
use jeton_core::sealing::Sealed;
use jeton_core::signing::{Jwk, SigningAlg};

use crate::audit::record_in;
use crate::sql::db::{Row, sql};
use crate::sql::rows::{corrupt, id};
use crate::sql::{SqlStore, conflict_or};
use crate::{AuditEvent, DomainId, Result};
use jeton_core::entities::ChangeKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningKeyRow {
    pub kid: String,
    pub domain_id: DomainId,
    pub alg: SigningAlg,
    pub public_jwk: Jwk,
    pub private_key: Sealed,
    pub created_at: UnixTime,
    pub superseded_at: Option<UnixTime>,
    pub retire_at: Option<UnixTime>,
}

impl SigningKeyRow {
    /// Whether it still signs (a superseded key only verifies).
    pub fn is_current(&self) -> bool {
        self.superseded_at.is_none()
    }
}

#[async_trait]
pub trait SigningKeys: Send + Sync {
    /// The domain's published keys (current and superseded, not yet retired): the current
    /// ones first, then newest first.
    async fn signing_keys(&self, domain_id: &DomainId) -> Result<Vec<SigningKeyRow>>;
    /// Adds the first key for its domain and algorithm. Answers false, and stores nothing,
    /// when another instance made one meanwhile (read the keys again to use that one).
    async fn insert_first_signing_key(&self, key: &SigningKeyRow) -> Result<bool>;
    /// In one transaction: the current keys of the domain are superseded (still published
    /// until `retire_at`) and `new_keys` become current.
    async fn rotate_signing_keys(
        &self,
        domain_id: &DomainId,
        now: UnixTime,
        retire_at: UnixTime,
        new_keys: &[SigningKeyRow],
        audit: &AuditEvent,
    ) -> Result<()>;
    /// Deletes superseded keys whose `retire_at` has passed; answers how many.
    async fn retire_signing_keys(&self, now: UnixTime) -> Result<u64>;
    /// The ids of the encryption keys that sealed stored keys.
    async fn sealing_key_ids_in_use(&self) -> Result<Vec<String>>;
    /// The check value sealed under `key_id`, if one was stored.
    async fn sealing_check(&self, key_id: &str) -> Result<Option<Vec<u8>>>;
    /// Stores the check value of `key_id` unless one exists.
    async fn insert_sealing_check(&self, key_id: &str, sealed: &[u8], now: UnixTime) -> Result<()>;
}

#[async_trait]
impl SigningKeys for SqlStore {
    async fn signing_keys(&self, domain_id: &DomainId) -> Result<Vec<SigningKeyRow>> {
        let rows = sql("SELECT * FROM signing_keys WHERE domain_id = $1
             ORDER BY CASE WHEN superseded_at IS NULL THEN 0 ELSE 1 END, created_at DESC, kid")
        .bind(domain_id)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(key).collect()
    }

    async fn insert_first_signing_key(&self, k: &SigningKeyRow) -> Result<bool> {
        // The partial unique index on (domain_id, alg) WHERE superseded_at IS NULL makes
        // concurrent first uses on several instances agree on one key.
        let inserted = insert(k)
            .execute(&self.writer)
            .await
            .map_err(|e| conflict_or(e, "a signing key with this id"))?;
        Ok(inserted == 1)
    }

    async fn rotate_signing_keys(
        &self,
        domain_id: &DomainId,
        now: UnixTime,
        retire_at: UnixTime,
        new_keys: &[SigningKeyRow],
        audit: &AuditEvent,
    ) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        sql("UPDATE signing_keys SET superseded_at = $1, retire_at = $2
             WHERE domain_id = $3 AND superseded_at IS NULL")
        .bind(now)
        .bind(retire_at)
        .bind(domain_id)
        .execute(&mut tx)
        .await?;
        for k in new_keys {
            insert(k)
                .execute(&mut tx)
                .await
                .map_err(|e| conflict_or(e, "a signing key with this id"))?;
        }
        record_in(&mut tx, audit).await?;
        let domain_id = domain_id.clone();
        crate::changes::record_in(self, &mut tx, &ChangeKind::Keys { domain_id }).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn retire_signing_keys(&self, now: UnixTime) -> Result<u64> {
        Ok(
            sql("DELETE FROM signing_keys WHERE superseded_at IS NOT NULL AND retire_at <= $1")
                .bind(now)
                .execute(&self.writer)
                .await?,
        )
    }

    async fn sealing_key_ids_in_use(&self) -> Result<Vec<String>> {
        let rows = sql("SELECT DISTINCT sealing_key_id FROM signing_keys ORDER BY sealing_key_id")
            .fetch_all(&self.reader)
            .await?;
        rows.iter()
            .map(|r| Ok(r.get::<String>("sealing_key_id")?))
            .collect()
    }

    async fn sealing_check(&self, key_id: &str) -> Result<Option<Vec<u8>>> {
        let row = sql("SELECT sealed FROM sealing_checks WHERE sealing_key_id = $1")
            .bind(key_id)
            .fetch_optional(&self.reader)
            .await?;
        row.map(|r| Ok(r.get::<Vec<u8>>("sealed")?)).transpose()
    }

    async fn insert_sealing_check(&self, key_id: &str, sealed: &[u8], now: UnixTime) -> Result<()> {
        sql(
            "INSERT INTO sealing_checks (sealing_key_id, sealed, created_at) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING",
        )
        .bind(key_id)
        .bind(sealed.to_vec())
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }
}

fn insert(k: &SigningKeyRow) -> crate::sql::db::Statement {
    sql(
        "INSERT INTO signing_keys (kid, domain_id, alg, public_jwk, private_key, sealing_key_id,
             created_at, superseded_at, retire_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT DO NOTHING",
    )
    .bind(k.kid.clone())
    .bind(k.domain_id.clone())
    .bind(k.alg.as_str())
    .bind(serde_json::to_string(&k.public_jwk).expect("a JWK serializes"))
    .bind(k.private_key.bytes.clone())
    .bind(k.private_key.key_id.clone())
    .bind(k.created_at)
    .bind(k.superseded_at)
    .bind(k.retire_at)
}

fn key(row: &Row) -> Result<SigningKeyRow> {
    let alg: String = row.get("alg")?;
    let jwk: String = row.get("public_jwk")?;
    Ok(SigningKeyRow {
        kid: row.get("kid")?,
        domain_id: id(row, "domain_id")?,
        alg: SigningAlg::parse(&alg).ok_or_else(|| corrupt("signing key algorithm"))?,
        public_jwk: serde_json::from_str(&jwk).map_err(|_| corrupt("public JWK"))?,
        private_key: Sealed {
            key_id: row.get("sealing_key_id")?,
            bytes: row.get("private_key")?,
        },
        created_at: row.get("created_at")?,
        superseded_at: row.get("superseded_at")?,
        retire_at: row.get("retire_at")?,
    })
}
