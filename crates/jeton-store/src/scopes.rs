//! The scopes a domain has registered, with their descriptions and role restrictions.

use async_trait::async_trait;
use jeton_core::entities::ChangeKind;
use jeton_core::scope::ScopeDefinition;

use crate::sql::db::sql;
use crate::sql::rows::{json_list, to_json_list};
use crate::sql::{SqlStore, conflict_or};
use crate::{DomainId, NewScope, Result};

#[async_trait]
pub trait Scopes: Send + Sync {
    async fn create_scope(&self, domain_id: &DomainId, new: NewScope) -> Result<()>;
    async fn scopes(&self, domain_id: &DomainId) -> Result<Vec<ScopeDefinition>>;
}

#[async_trait]
impl Scopes for SqlStore {
    async fn create_scope(&self, domain_id: &DomainId, new: NewScope) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        sql(
            "INSERT INTO scopes (domain_id, name, description, roles, attributes, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(domain_id)
        .bind(new.name)
        .bind(new.description)
        .bind(to_json_list(&new.roles))
        .bind(to_json_list(&new.attributes))
        .bind(new.created_at)
        .execute(&mut tx)
        .await
        .map_err(|e| conflict_or(e, "a scope with this name"))?;
        let domain_id = domain_id.clone();
        crate::changes::record_in(self, &mut tx, &ChangeKind::Scopes { domain_id }).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn scopes(&self, domain_id: &DomainId) -> Result<Vec<ScopeDefinition>> {
        let rows =
            sql("SELECT name, description, roles, attributes FROM scopes WHERE domain_id = $1 ORDER BY name")
                .bind(domain_id)
                .fetch_all(&self.reader)
                .await?;
        rows.iter()
            .map(|r| {
                Ok(ScopeDefinition {
                    name: r.get("name")?,
                    description: r.get("description")?,
                    roles: json_list(&r.get::<String>("roles")?)?,
                    attributes: json_list(&r.get::<String>("attributes")?)?,
                })
            })
            .collect()
    }
}
