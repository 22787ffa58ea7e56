//! Domains (tenants) and their settings.

use async_trait::async_trait;
use jeton_core::entities::ChangeKind;
use jeton_core::pairwise::PairwiseSalt;

use crate::sql::db::{Row, sql};
use crate::sql::rows::{corrupt, id};
use crate::sql::{SqlStore, conflict_or};
use crate::{AuditEvent, Domain, DomainId, DomainSettings, NewDomain, Result, StoreError};
use jeton_core::access_token::AccessTokenFormat;

#[async_trait]
pub trait Domains: Send + Sync {
    async fn create_domain(&self, new: NewDomain) -> Result<Domain>;
    async fn domain_by_slug(&self, slug: &str) -> Result<Option<Domain>>;
    async fn count_domains(&self) -> Result<u64>;
    /// Every domain, by slug.
    async fn list_domains(&self) -> Result<Vec<Domain>>;
    /// The domain's salt for pairwise subject identifiers (Core §8.1), made with it and
    /// never changed; `None` for an unknown domain.
    async fn pairwise_salt(&self, id: &DomainId) -> Result<Option<PairwiseSalt>>;
    /// Renames a domain (its display name; the slug never changes: it is in every issuer).
    async fn rename_domain(&self, id: &DomainId, name: &str, audit: &AuditEvent) -> Result<bool>;
    /// Disables (`Some(at)`) or enables (`None`) a domain.
    async fn set_domain_disabled(
        &self,
        id: &DomainId,
        disabled_at: Option<i64>,
        audit: &AuditEvent,
    ) -> Result<bool>;
    /// Replaces a domain's settings, with its audit record. Answers whether it exists.
    async fn update_domain_settings(
        &self,
        domain_id: &DomainId,
        settings: &DomainSettings,
        audit: &AuditEvent,
    ) -> Result<bool>;
}

#[async_trait]
impl Domains for SqlStore {
    async fn create_domain(&self, new: NewDomain) -> Result<Domain> {
        sql(
            "INSERT INTO domains (id, slug, name, access_token_ttl_secs, refresh_token_ttl_secs,
                 refresh_grace_secs, personal_clients_enabled, personal_client_max_lifetime_secs,
                 access_token_format, created_at, token_check, code_ttl_secs, id_token_ttl_secs,
                 refresh_token_absolute_ttl_secs, pairwise_salt)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        )
        .bind(new.id.clone())
        .bind(new.slug.clone())
        .bind(new.name.clone())
        .bind(new.settings.access_token_ttl_secs)
        .bind(new.settings.refresh_token_ttl_secs)
        .bind(new.settings.refresh_grace_secs)
        .bind(new.settings.personal_clients_enabled)
        .bind(new.settings.personal_client_max_lifetime_secs)
        .bind(new.settings.access_token_format.as_str())
        .bind(new.created_at)
        .bind(token_check_json(&new.settings.token_check))
        .bind(new.settings.code_ttl_secs)
        .bind(new.settings.id_token_ttl_secs)
        .bind(new.settings.refresh_token_absolute_ttl_secs)
        .bind(new.pairwise_salt.as_stored().to_owned())
        .execute(&self.writer)
        .await
        .map_err(|e| conflict_or(e, "a domain with this slug"))?;
        Ok(Domain {
            id: new.id,
            slug: new.slug,
            name: new.name,
            settings: new.settings,
            created_at: new.created_at,
            disabled_at: None,
        })
    }

    async fn pairwise_salt(&self, id: &DomainId) -> Result<Option<PairwiseSalt>> {
        let row = sql("SELECT pairwise_salt FROM domains WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.reader)
            .await?;
        match row {
            None => Ok(None),
            Some(r) => {
                let salt: Option<String> = r.get("pairwise_salt")?;
                // The migration filled every domain that existed; creation fills the rest.
                let salt = salt.ok_or_else(|| corrupt("domain without a pairwise salt"))?;
                Ok(Some(PairwiseSalt::from_stored(salt)))
            }
        }
    }

    async fn domain_by_slug(&self, slug: &str) -> Result<Option<Domain>> {
        let row = sql("SELECT * FROM domains WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&self.reader)
            .await?;
        row.as_ref().map(domain).transpose()
    }

    async fn count_domains(&self) -> Result<u64> {
        let row = sql("SELECT COUNT(*) FROM domains")
            .fetch_one(&self.reader)
            .await?;
        let n: i64 = row.get(0)?;
        Ok(n as u64)
    }

    async fn list_domains(&self) -> Result<Vec<Domain>> {
        let rows = sql("SELECT * FROM domains ORDER BY slug")
            .fetch_all(&self.reader)
            .await?;
        rows.iter().map(domain).collect()
    }

    async fn rename_domain(&self, id: &DomainId, name: &str, audit: &AuditEvent) -> Result<bool> {
        let mut tx = self.writer.begin().await?;
        let changed = sql("UPDATE domains SET name = $1 WHERE id = $2")
            .bind(name)
            .bind(id)
            .execute(&mut tx)
            .await?;
        if changed == 1 {
            crate::audit::record_in(&mut tx, audit).await?;
        }
        if changed == 1 {
            let domain_id = id.clone();
            crate::changes::record_in(self, &mut tx, &ChangeKind::Domain { domain_id }).await?;
        }
        tx.commit().await?;
        Ok(changed == 1)
    }

    async fn set_domain_disabled(
        &self,
        id: &DomainId,
        disabled_at: Option<i64>,
        audit: &AuditEvent,
    ) -> Result<bool> {
        let mut tx = self.writer.begin().await?;
        let changed = sql("UPDATE domains SET disabled_at = $1 WHERE id = $2")
            .bind(disabled_at)
            .bind(id)
            .execute(&mut tx)
            .await?;
        if changed == 1 {
            crate::audit::record_in(&mut tx, audit).await?;
        }
        if changed == 1 {
            let domain_id = id.clone();
            crate::changes::record_in(self, &mut tx, &ChangeKind::Domain { domain_id }).await?;
        }
        tx.commit().await?;
        Ok(changed == 1)
    }

    async fn update_domain_settings(
        &self,
        domain_id: &DomainId,
        settings: &DomainSettings,
        audit: &AuditEvent,
    ) -> Result<bool> {
        let mut tx = self.writer.begin().await?;
        let changed = sql(
            "UPDATE domains SET access_token_ttl_secs = $1, refresh_token_ttl_secs = $2,
                 refresh_grace_secs = $3, personal_clients_enabled = $4,
                 personal_client_max_lifetime_secs = $5, access_token_format = $6,
                 token_check = $8, code_ttl_secs = $9, id_token_ttl_secs = $10,
                 refresh_token_absolute_ttl_secs = $11
             WHERE id = $7",
        )
        .bind(settings.access_token_ttl_secs)
        .bind(settings.refresh_token_ttl_secs)
        .bind(settings.refresh_grace_secs)
        .bind(settings.personal_clients_enabled)
        .bind(settings.personal_client_max_lifetime_secs)
        .bind(settings.access_token_format.as_str())
        .bind(domain_id)
        .bind(token_check_json(&settings.token_check))
        .bind(settings.code_ttl_secs)
        .bind(settings.id_token_ttl_secs)
        .bind(settings.refresh_token_absolute_ttl_secs)
        .execute(&mut tx)
        .await?;
        if changed == 1 {
            crate::audit::record_in(&mut tx, audit).await?;
        }
        if changed == 1 {
            let domain_id = domain_id.clone();
            crate::changes::record_in(self, &mut tx, &ChangeKind::Domain { domain_id }).await?;
        }
        tx.commit().await?;
        Ok(changed == 1)
    }
}

fn token_check_json(t: &jeton_core::entities::TokenCheck) -> String {
    serde_json::to_string(t).expect("the token-check settings always serialize")
}

fn domain(row: &Row) -> Result<Domain> {
    Ok(Domain {
        id: id(row, "id")?,
        slug: row.get("slug")?,
        name: row.get("name")?,
        settings: DomainSettings {
            code_ttl_secs: row.get("code_ttl_secs")?,
            access_token_ttl_secs: row.get("access_token_ttl_secs")?,
            refresh_token_ttl_secs: row.get("refresh_token_ttl_secs")?,
            refresh_token_absolute_ttl_secs: row.get("refresh_token_absolute_ttl_secs")?,
            id_token_ttl_secs: row.get("id_token_ttl_secs")?,
            refresh_grace_secs: row.get("refresh_grace_secs")?,
            personal_clients_enabled: row.get("personal_clients_enabled")?,
            personal_client_max_lifetime_secs: row.get("personal_client_max_lifetime_secs")?,
            access_token_format: access_token_format(row)?,
            token_check: serde_json::from_str(&row.get::<String>("token_check")?)
                .map_err(|_| corrupt("domain token_check"))?,
        },
        created_at: row.get("created_at")?,
        disabled_at: row.get("disabled_at")?,
    })
}

fn access_token_format(row: &Row) -> Result<AccessTokenFormat> {
    let text: String = row.get("access_token_format")?;
    AccessTokenFormat::parse(&text)
        .ok_or_else(|| StoreError::Corrupt(format!("domains.access_token_format {text:?}")))
}
