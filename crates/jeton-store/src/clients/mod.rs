//! OAuth clients: the applications registered in a domain, including personal clients,
//! and the manager's sorted, filtered list of them (`list.rs`).

mod cursor;
mod list;

use async_trait::async_trait;
use jeton_core::grant_type::{AuthMethod, GrantType};

use crate::sql::db::{Row, sql};
use crate::sql::rows::{
    corrupt, digest, grant_types_to_str, id, json_list, opt_id, scopes, to_json_list,
};
use crate::sql::{SqlStore, bytes, conflict_or};
use crate::{Client, ClientId, DomainId, NewClient, Result};

pub use cursor::ClientCursor;
pub use list::{ClientListItem, ClientListQuery, ClientPage, ClientSort, ClientStatus};

#[async_trait]
pub trait Clients: Send + Sync {
    async fn create_client(&self, new: NewClient) -> Result<Client>;
    async fn client_by_id(
        &self,
        domain_id: &DomainId,
        client_id: &ClientId,
    ) -> Result<Option<Client>>;
    /// One page of a domain's clients, sorted and filtered, with where the next one starts.
    async fn list_clients(&self, query: &ClientListQuery) -> Result<ClientPage>;
}

#[async_trait]
impl Clients for SqlStore {
    async fn create_client(&self, new: NewClient) -> Result<Client> {
        sql("INSERT INTO clients (id, domain_id, name, secret_digest, auth_method, redirect_uris, grant_types,
                 allowed_scopes, default_scopes, require_pkce, allow_plain_pkce, owner_user_id, expires_at, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)")
        .bind(new.id.clone())
        .bind(new.domain_id.clone())
        .bind(new.name.clone())
        .bind(new.secret_digest.as_ref().map(bytes))
        .bind(new.auth_method.as_str())
        .bind(to_json_list(&new.redirect_uris))
        .bind(grant_types_to_str(&new.grant_types))
        .bind(new.allowed_scopes.to_string())
        .bind(new.default_scopes.to_string())
        .bind(new.require_pkce)
        .bind(new.allow_plain_pkce)
        .bind(new.owner_user_id.clone())
        .bind(new.expires_at)
        .bind(new.created_at)
        .execute(&self.writer)
        .await
        .map_err(|e| conflict_or(e, "a client with this id"))?;
        Ok(Client {
            id: new.id,
            domain_id: new.domain_id,
            name: new.name,
            secret_digest: new.secret_digest,
            auth_method: new.auth_method,
            redirect_uris: new.redirect_uris,
            grant_types: new.grant_types,
            allowed_scopes: new.allowed_scopes,
            default_scopes: new.default_scopes,
            require_pkce: new.require_pkce,
            allow_plain_pkce: new.allow_plain_pkce,
            owner_user_id: new.owner_user_id,
            expires_at: new.expires_at,
            created_at: new.created_at,
            revoked_at: None,
        })
    }

    async fn client_by_id(
        &self,
        domain_id: &DomainId,
        client_id: &ClientId,
    ) -> Result<Option<Client>> {
        let row = sql("SELECT * FROM clients WHERE domain_id = $1 AND id = $2")
            .bind(domain_id)
            .bind(client_id)
            .fetch_optional(&self.reader)
            .await?;
        row.as_ref().map(client).transpose()
    }

    async fn list_clients(&self, query: &ClientListQuery) -> Result<ClientPage> {
        self.list_clients_page(query).await
    }
}

pub(crate) fn client(row: &Row) -> Result<Client> {
    let method: String = row.get("auth_method")?;
    let grants: String = row.get("grant_types")?;
    let uris: String = row.get("redirect_uris")?;
    Ok(Client {
        id: id(row, "id")?,
        domain_id: id(row, "domain_id")?,
        name: row.get("name")?,
        secret_digest: digest(row, "secret_digest")?,
        auth_method: AuthMethod::parse(&method).ok_or_else(|| corrupt("auth method"))?,
        redirect_uris: json_list(&uris)?,
        grant_types: grants
            .split(' ')
            .filter(|g| !g.is_empty())
            .map(|g| GrantType::parse(g).ok_or_else(|| corrupt("grant type")))
            .collect::<Result<_>>()?,
        allowed_scopes: scopes(row, "allowed_scopes")?,
        default_scopes: scopes(row, "default_scopes")?,
        require_pkce: row.get("require_pkce")?,
        allow_plain_pkce: row.get("allow_plain_pkce")?,
        owner_user_id: opt_id(row, "owner_user_id")?,
        expires_at: row.get("expires_at")?,
        created_at: row.get("created_at")?,
        revoked_at: row.get("revoked_at")?,
    })
}
