//! OAuth clients: the applications registered in a domain, including personal clients,
//! and the manager's sorted, filtered list of them (`list.rs`).

mod cursor;
mod list;

use async_trait::async_trait;
use jeton_core::entities::ChangeKind;
use jeton_core::grant_type::{AuthMethod, GrantType};

use crate::audit::record_in;
use crate::sql::db::{Row, Tx, sql};
use crate::sql::rows::{
    corrupt, digest, grant_types_to_str, id, json_list, opt_id, scopes, to_json_list,
};
use crate::sql::{SqlStore, bytes, conflict_or};
use crate::{
    AuditEvent, Client, ClientId, ClientKind, ClientOptions, DomainId, NewClient, Result, UserId,
};
use jeton_core::clock::UnixTime;
use jeton_core::secret::SecretDigest;

pub use cursor::ClientCursor;
pub(crate) use list::contains_pattern;
pub use list::{ClientListItem, ClientListQuery, ClientPage, ClientSort, ClientStatus};

#[async_trait]
pub trait Clients: Send + Sync {
    /// Creates a client, with its audit record in the same transaction when there is one.
    async fn create_client(&self, new: NewClient, audit: Option<&AuditEvent>) -> Result<Client>;
    async fn client_by_id(
        &self,
        domain_id: &DomainId,
        client_id: &ClientId,
    ) -> Result<Option<Client>>;
    /// One page of a domain's clients, sorted and filtered, with where the next one starts.
    async fn list_clients(&self, query: &ClientListQuery) -> Result<ClientPage>;
    /// The clients of one kind that `owner` owns, newest first (a person's own list: a few
    /// dozen at most, so not paged).
    async fn clients_of_owner(
        &self,
        domain_id: &DomainId,
        owner: &UserId,
        kind: ClientKind,
    ) -> Result<Vec<Client>>;
    /// The clients of one kind in a domain, newest first, at most `limit` (API consumers:
    /// a handful per domain).
    async fn clients_of_kind(
        &self,
        domain_id: &DomainId,
        kind: ClientKind,
        limit: u32,
    ) -> Result<Vec<Client>>;
    /// Revokes a client and every grant, code and token under it, in one transaction.
    /// Answers whether a live client was revoked (false if unknown or already revoked).
    async fn revoke_client(
        &self,
        domain_id: &DomainId,
        client_id: &ClientId,
        now: UnixTime,
        audit: &AuditEvent,
    ) -> Result<bool>;
    /// Replaces the secret of a client that is not revoked and whose secret is still
    /// `current` (the one the caller read: of two rotations at once, one wins): the old secret
    /// stops working at once. Answers whether it was replaced.
    async fn replace_client_secret(
        &self,
        domain_id: &DomainId,
        client_id: &ClientId,
        current: &SecretDigest,
        digest: &SecretDigest,
        audit: &AuditEvent,
    ) -> Result<bool>;
    /// Replaces what a developer may edit of a live client, with its audit record.
    async fn update_client_details(
        &self,
        update: &ClientDetails,
        audit: &AuditEvent,
    ) -> Result<bool>;
    /// Replaces what a client may do beyond its registration details: its grant types and
    /// its options (lifetimes, token formats, ID-token algorithm). A revoked client is left
    /// alone (`false`).
    async fn update_client_policy(
        &self,
        domain_id: &DomainId,
        client_id: &ClientId,
        grants: &[GrantType],
        options: &ClientOptions,
        audit: &AuditEvent,
    ) -> Result<bool>;
    /// Records when clients were last used: each moves forward only (a late, older write
    /// never moves it back).
    async fn touch_clients(&self, used: &[(ClientId, UnixTime)]) -> Result<()>;
}

#[async_trait]
impl Clients for SqlStore {
    async fn create_client(&self, new: NewClient, audit: Option<&AuditEvent>) -> Result<Client> {
        let mut tx = self.writer.begin().await?;
        sql("INSERT INTO clients (id, domain_id, name, secret_digest, auth_method, redirect_uris, grant_types,
                 allowed_scopes, default_scopes, require_pkce, allow_plain_pkce, owner_user_id, expires_at, created_at,
                 kind, description, options)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)")
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
        .bind(new.kind.as_str())
        .bind(new.description.clone())
        .bind(options_to_json(&new.options))
        .execute(&mut tx)
        .await
        .map_err(|e| conflict_or(e, "a client with this id"))?;
        if let Some(e) = audit {
            record_in(&mut tx, e).await?;
        }
        tx.commit().await?;
        Ok(Client {
            id: new.id,
            domain_id: new.domain_id,
            kind: new.kind,
            name: new.name,
            description: new.description,
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
            last_used_at: None,
            options: new.options,
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

    async fn clients_of_owner(
        &self,
        domain_id: &DomainId,
        owner: &UserId,
        kind: ClientKind,
    ) -> Result<Vec<Client>> {
        let rows = sql(
            "SELECT * FROM clients WHERE owner_user_id = $1 AND domain_id = $2 AND kind = $3
             ORDER BY created_at DESC, id",
        )
        .bind(owner)
        .bind(domain_id)
        .bind(kind.as_str())
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(client).collect()
    }

    async fn clients_of_kind(
        &self,
        domain_id: &DomainId,
        kind: ClientKind,
        limit: u32,
    ) -> Result<Vec<Client>> {
        let rows = sql("SELECT * FROM clients WHERE domain_id = $1 AND kind = $2
             ORDER BY created_at DESC, id LIMIT $3")
        .bind(domain_id)
        .bind(kind.as_str())
        .bind(i64::from(limit.clamp(1, 1000)))
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(client).collect()
    }

    async fn revoke_client(
        &self,
        domain_id: &DomainId,
        client_id: &ClientId,
        now: UnixTime,
        audit: &AuditEvent,
    ) -> Result<bool> {
        let mut tx = self.writer.begin().await?;
        let revoked = sql(
            "UPDATE clients SET revoked_at = $1 WHERE domain_id = $2 AND id = $3 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(domain_id)
        .bind(client_id)
        .execute(&mut tx)
        .await?;
        // Its grants go with it, so that "Authorized applications" no longer lists a client that cannot act,
        // and each token row says so on its own.
        let grants = sql(
            "SELECT id FROM grants WHERE domain_id = $1 AND client_id = $2 AND revoked_at IS NULL",
        )
        .bind(domain_id)
        .bind(client_id)
        .fetch_all(&mut tx)
        .await?;
        for g in &grants {
            let grant_id: crate::GrantId = id(g, "id")?;
            crate::grants::revoke_grant_in(&mut tx, domain_id, &grant_id, now).await?;
        }
        // Tokens without a grant (client credentials) are not updated: finding them would
        // need an index on access_tokens(client_id) that the hot insert path would pay for,
        // and the join on clients already reports them inactive.
        if revoked > 0 {
            record_in(&mut tx, audit).await?;
            let (domain_id, client_id) = (domain_id.clone(), client_id.clone());
            let change = ChangeKind::Client {
                domain_id,
                client_id,
            };
            crate::changes::record_in(self, &mut tx, &change).await?;
        }
        tx.commit().await?;
        Ok(revoked > 0)
    }

    async fn replace_client_secret(
        &self,
        domain_id: &DomainId,
        client_id: &ClientId,
        current: &SecretDigest,
        digest: &SecretDigest,
        audit: &AuditEvent,
    ) -> Result<bool> {
        let mut tx = self.writer.begin().await?;
        let changed = sql("UPDATE clients SET secret_digest = $1
             WHERE domain_id = $2 AND id = $3 AND revoked_at IS NULL AND secret_digest = $4")
        .bind(bytes(digest))
        .bind(domain_id)
        .bind(client_id)
        .bind(bytes(current))
        .execute(&mut tx)
        .await?;
        if changed == 1 {
            record_in(&mut tx, audit).await?;
            let (domain_id, client_id) = (domain_id.clone(), client_id.clone());
            let change = ChangeKind::Client {
                domain_id,
                client_id,
            };
            crate::changes::record_in(self, &mut tx, &change).await?;
        }
        tx.commit().await?;
        Ok(changed == 1)
    }

    async fn update_client_details(&self, u: &ClientDetails, audit: &AuditEvent) -> Result<bool> {
        let mut tx = self.writer.begin().await?;
        let changed = sql(
            "UPDATE clients SET name = $1, description = $2, redirect_uris = $3,
                 allowed_scopes = $4, default_scopes = $4, auth_method = $5
             WHERE domain_id = $6 AND id = $7 AND revoked_at IS NULL",
        )
        .bind(u.name.clone())
        .bind(u.description.clone())
        .bind(to_json_list(&u.redirect_uris))
        .bind(u.scopes.to_string())
        .bind(u.auth_method.as_str())
        .bind(u.domain_id.clone())
        .bind(u.client_id.clone())
        .execute(&mut tx)
        .await?;
        self.finish_client_update(tx, changed, audit, &u.domain_id, &u.client_id)
            .await
    }

    async fn update_client_policy(
        &self,
        domain_id: &DomainId,
        client_id: &ClientId,
        grants: &[GrantType],
        options: &ClientOptions,
        audit: &AuditEvent,
    ) -> Result<bool> {
        let mut tx = self.writer.begin().await?;
        let changed = sql("UPDATE clients SET grant_types = $1, options = $2
             WHERE domain_id = $3 AND id = $4 AND revoked_at IS NULL")
        .bind(grant_types_to_str(grants))
        .bind(options_to_json(options))
        .bind(domain_id)
        .bind(client_id)
        .execute(&mut tx)
        .await?;
        self.finish_client_update(tx, changed, audit, domain_id, client_id)
            .await
    }

    async fn touch_clients(&self, used: &[(ClientId, UnixTime)]) -> Result<()> {
        if used.is_empty() {
            return Ok(());
        }
        let mut tx = self.writer.begin().await?;
        for (client_id, at) in used {
            sql("UPDATE clients SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $1)")
                .bind(*at)
                .bind(client_id)
                .execute(&mut tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// The editable part of a client (name, description, redirect URIs, scopes, how it
/// authenticates).
#[derive(Debug, Clone)]
pub struct ClientDetails {
    pub domain_id: DomainId,
    pub client_id: ClientId,
    pub name: String,
    pub description: String,
    pub redirect_uris: Vec<String>,
    pub scopes: jeton_core::scope::ScopeSet,
    pub auth_method: AuthMethod,
}

impl SqlStore {
    /// The end of an update of one client: its audit record and its change-feed entry when
    /// a row changed, in the same transaction, then the commit.
    async fn finish_client_update(
        &self,
        mut tx: Tx,
        changed: u64,
        audit: &AuditEvent,
        domain_id: &DomainId,
        client_id: &ClientId,
    ) -> Result<bool> {
        if changed == 1 {
            record_in(&mut tx, audit).await?;
            let change = ChangeKind::Client {
                domain_id: domain_id.clone(),
                client_id: client_id.clone(),
            };
            crate::changes::record_in(self, &mut tx, &change).await?;
        }
        tx.commit().await?;
        Ok(changed == 1)
    }
}

pub(crate) fn client(row: &Row) -> Result<Client> {
    let method: String = row.get("auth_method")?;
    let grants: String = row.get("grant_types")?;
    let uris: String = row.get("redirect_uris")?;
    let kind: String = row.get("kind")?;
    Ok(Client {
        id: id(row, "id")?,
        domain_id: id(row, "domain_id")?,
        kind: ClientKind::parse(&kind).ok_or_else(|| corrupt("client kind"))?,
        name: row.get("name")?,
        description: row.get("description")?,
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
        last_used_at: row.get("last_used_at")?,
        options: serde_json::from_str(&row.get::<String>("options")?)
            .map_err(|_| corrupt("client options"))?,
    })
}

pub(crate) fn options_to_json(options: &ClientOptions) -> String {
    serde_json::to_string(options).expect("client options always serialize")
}
