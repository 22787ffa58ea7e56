//! The vault's credentials and permissions (issue 15). Secrets arrive sealed and leave
//! sealed: the store never sees them in the clear. A change on someone's behalf and its
//! audit record commit in one transaction, and new tokens from a provider are committed
//! before `store_vault_tokens` returns, so a rotated refresh token is on disk before the
//! access token that came with it is handed to anyone.

use async_trait::async_trait;
use jeton_core::clock::UnixTime;
use jeton_core::sealing::Sealed;
use jeton_core::vault::{
    Access, ClientAuth, ContainerPath, CredentialStatus, Grantee, PermissionTarget, VaultGrant,
    VaultPermission,
};

use crate::audit::record_in;
use crate::sql::db::{Row, sql};
use crate::sql::rows::{corrupt, id, opt_id};
use crate::sql::{SqlStore, conflict_or};
use crate::{AuditEvent, DomainId, Result, StoredVaultPermission, VaultCredential, VaultTokens};

#[async_trait]
pub trait Vault: Send + Sync {
    /// Adds a credential; a second one of the same name in the same container is a
    /// `Conflict`.
    async fn create_vault_credential(&self, c: &VaultCredential, audit: &AuditEvent) -> Result<()>;
    /// By its global id (the token API names credentials by id alone).
    async fn vault_credential(&self, id: &str) -> Result<Option<VaultCredential>>;
    /// By its global id, with the slug of its domain (the token API finds the domain
    /// through the credential).
    async fn vault_credential_with_slug(
        &self,
        id: &str,
    ) -> Result<Option<(VaultCredential, String)>>;
    /// A domain's credentials, by container then name.
    async fn vault_credentials(&self, domain_id: &DomainId) -> Result<Vec<VaultCredential>>;
    /// The credentials of a domain called `name`, in whichever container.
    async fn vault_credentials_named(
        &self,
        domain_id: &DomainId,
        name: &str,
    ) -> Result<Vec<VaultCredential>>;
    /// Writes the settings of `c` (everything but its id, domain, tokens, status, last use
    /// and creation time). With `drop_tokens` the stored tokens go too and the status is
    /// back to `new` (they were issued for other settings). A name already taken in the
    /// target container is a `Conflict`. Answers false if the credential is gone.
    async fn update_vault_credential(
        &self,
        c: &VaultCredential,
        drop_tokens: bool,
        audit: &AuditEvent,
    ) -> Result<bool>;
    /// Keeps what the provider issued and marks the credential authorized; committed when
    /// this returns. Answers false if the credential is gone.
    async fn store_vault_tokens(
        &self,
        id: &str,
        tokens: &VaultTokens,
        now: UnixTime,
        audit: &AuditEvent,
    ) -> Result<bool>;
    /// The provider refused to renew: no token is handed out until a person re-authorizes.
    /// The stored access token is dropped with it (never handed out stale).
    async fn mark_vault_needs_reauthorization(
        &self,
        id: &str,
        now: UnixTime,
        audit: &AuditEvent,
    ) -> Result<bool>;
    /// The background refresh's work: authorized credentials of every domain whose access
    /// token expires at or before `expiring_by` and that were used at or after
    /// `used_since`, soonest first, at most `limit`.
    async fn vault_credentials_due(
        &self,
        expiring_by: UnixTime,
        used_since: UnixTime,
        limit: u32,
    ) -> Result<Vec<VaultCredential>>;
    /// Takes the renewal lease of credential `id` for `holder` until `until`, if no one
    /// holds a lease that is still running at `now`: a conditional UPDATE, so of several
    /// processes asking at once exactly one gets it. Answers whether `holder` has it.
    async fn take_vault_renewal(
        &self,
        id: &str,
        holder: &str,
        now: UnixTime,
        until: UnixTime,
    ) -> Result<bool>;
    /// Gives the lease back, if `holder` still has it.
    async fn release_vault_renewal(&self, id: &str, holder: &str) -> Result<()>;
    /// A token was handed out: last use (moves forward only) and the audit record.
    async fn record_vault_use(&self, id: &str, at: UnixTime, audit: &AuditEvent) -> Result<()>;
    /// Answers whether it existed (in that domain).
    async fn delete_vault_credential(
        &self,
        domain_id: &DomainId,
        id: &str,
        audit: &AuditEvent,
    ) -> Result<bool>;
    /// Gives `p.permission`, replacing what the same grantee had on the same target.
    async fn set_vault_permission(
        &self,
        p: &StoredVaultPermission,
        audit: &AuditEvent,
    ) -> Result<()>;
    async fn vault_permissions(&self, domain_id: &DomainId) -> Result<Vec<StoredVaultPermission>>;
    /// Removes one permission of a domain; answers whether it existed there.
    async fn delete_vault_permission(
        &self,
        domain_id: &DomainId,
        id: &str,
        audit: &AuditEvent,
    ) -> Result<bool>;
}

#[async_trait]
impl Vault for SqlStore {
    async fn create_vault_credential(&self, c: &VaultCredential, audit: &AuditEvent) -> Result<()> {
        let extra = serde_json::to_string(&c.extra_params).expect("pairs of strings serialize");
        let mut tx = self.writer.begin().await?;
        let (secret, secret_key) = split(&c.client_secret);
        let (user, user_key) = split(&c.username);
        let (pass, pass_key) = split(&c.password);
        let (at, at_key) = split(&c.tokens.access_token);
        let (rt, rt_key) = split(&c.tokens.refresh_token);
        sql(
            "INSERT INTO vault_credentials (id, domain_id, name, container, grant_type,
                 authorization_endpoint, token_endpoint, revocation_endpoint, client_id,
                 client_secret, client_secret_key_id, scope, client_auth, username,
                 username_key_id, password, password_key_id, extra_params, allow_jobs,
                 access_token, access_token_key_id, refresh_token, refresh_token_key_id,
                 token_type, expires_at, status, last_used_at, owner_id, created_at, updated_at, pkce)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
                 $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31)",
        )
        .bind(c.id.clone())
        .bind(&c.domain_id)
        .bind(c.name.clone())
        .bind(c.container.as_str())
        .bind(c.grant.as_str())
        .bind(c.authorization_endpoint.clone())
        .bind(c.token_endpoint.clone())
        .bind(c.revocation_endpoint.clone())
        .bind(c.client_id.clone())
        .bind(secret)
        .bind(secret_key)
        .bind(c.scope.clone())
        .bind(c.client_auth.as_str())
        .bind(user)
        .bind(user_key)
        .bind(pass)
        .bind(pass_key)
        .bind(extra)
        .bind(c.allow_jobs)
        .bind(at)
        .bind(at_key)
        .bind(rt)
        .bind(rt_key)
        .bind(c.tokens.token_type.clone())
        .bind(c.tokens.expires_at)
        .bind(c.status.as_str())
        .bind(c.last_used_at)
        .bind(c.owner_id.as_ref())
        .bind(c.created_at)
        .bind(c.updated_at)
        .bind(c.pkce)
        .execute(&mut tx)
        .await
        .map_err(|e| conflict_or(e, "a vault credential with this name in this container"))?;
        record_in(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn vault_credential(&self, id: &str) -> Result<Option<VaultCredential>> {
        let row = sql("SELECT * FROM vault_credentials WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.reader)
            .await?;
        row.as_ref().map(credential).transpose()
    }

    async fn vault_credential_with_slug(
        &self,
        id: &str,
    ) -> Result<Option<(VaultCredential, String)>> {
        let row = sql("SELECT v.*, d.slug AS domain_slug FROM vault_credentials v
             JOIN domains d ON d.id = v.domain_id WHERE v.id = $1")
        .bind(id)
        .fetch_optional(&self.reader)
        .await?;
        row.as_ref()
            .map(|r| Ok((credential(r)?, r.get::<String>("domain_slug")?)))
            .transpose()
    }

    async fn vault_credentials(&self, domain_id: &DomainId) -> Result<Vec<VaultCredential>> {
        let rows = sql(
            "SELECT * FROM vault_credentials WHERE domain_id = $1 ORDER BY container, name, id",
        )
        .bind(domain_id)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(credential).collect()
    }

    async fn vault_credentials_named(
        &self,
        domain_id: &DomainId,
        name: &str,
    ) -> Result<Vec<VaultCredential>> {
        let rows = sql(
            "SELECT * FROM vault_credentials WHERE domain_id = $1 AND name = $2
             ORDER BY container, id",
        )
        .bind(domain_id)
        .bind(name)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(credential).collect()
    }

    async fn update_vault_credential(
        &self,
        c: &VaultCredential,
        drop_tokens: bool,
        audit: &AuditEvent,
    ) -> Result<bool> {
        let extra = serde_json::to_string(&c.extra_params).expect("pairs of strings serialize");
        let (secret, secret_key) = split(&c.client_secret);
        let (user, user_key) = split(&c.username);
        let (pass, pass_key) = split(&c.password);
        let mut tx = self.writer.begin().await?;
        let changed = sql(
            "UPDATE vault_credentials SET name = $1, container = $2, grant_type = $3,
                 authorization_endpoint = $4, token_endpoint = $5, revocation_endpoint = $6,
                 client_id = $7, client_secret = $8, client_secret_key_id = $9, scope = $10,
                 client_auth = $11, username = $12, username_key_id = $13, password = $14,
                 password_key_id = $15, extra_params = $16, allow_jobs = $17, pkce = $18,
                 owner_id = $19, updated_at = $20
             WHERE domain_id = $21 AND id = $22",
        )
        .bind(c.name.clone())
        .bind(c.container.as_str())
        .bind(c.grant.as_str())
        .bind(c.authorization_endpoint.clone())
        .bind(c.token_endpoint.clone())
        .bind(c.revocation_endpoint.clone())
        .bind(c.client_id.clone())
        .bind(secret)
        .bind(secret_key)
        .bind(c.scope.clone())
        .bind(c.client_auth.as_str())
        .bind(user)
        .bind(user_key)
        .bind(pass)
        .bind(pass_key)
        .bind(extra)
        .bind(c.allow_jobs)
        .bind(c.pkce)
        .bind(c.owner_id.as_ref())
        .bind(c.updated_at)
        .bind(&c.domain_id)
        .bind(c.id.clone())
        .execute(&mut tx)
        .await
        .map_err(|e| conflict_or(e, "a vault credential with this name in this container"))?;
        if changed != 1 {
            tx.commit().await?;
            return Ok(false);
        }
        if drop_tokens {
            sql(
                "UPDATE vault_credentials SET access_token = NULL, access_token_key_id = NULL,
                     refresh_token = NULL, refresh_token_key_id = NULL, token_type = NULL,
                     expires_at = NULL, status = $1
                 WHERE id = $2",
            )
            .bind(CredentialStatus::New.as_str())
            .bind(c.id.clone())
            .execute(&mut tx)
            .await?;
        }
        record_in(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn store_vault_tokens(
        &self,
        id: &str,
        t: &VaultTokens,
        now: UnixTime,
        audit: &AuditEvent,
    ) -> Result<bool> {
        let (at, at_key) = split(&t.access_token);
        let (rt, rt_key) = split(&t.refresh_token);
        let mut tx = self.writer.begin().await?;
        let changed = sql("UPDATE vault_credentials SET access_token = $1,
                 access_token_key_id = $2, refresh_token = $3, refresh_token_key_id = $4,
                 token_type = $5, expires_at = $6, status = $7, updated_at = $8
             WHERE id = $9")
        .bind(at)
        .bind(at_key)
        .bind(rt)
        .bind(rt_key)
        .bind(t.token_type.clone())
        .bind(t.expires_at)
        .bind(CredentialStatus::Authorized.as_str())
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

    async fn mark_vault_needs_reauthorization(
        &self,
        id: &str,
        now: UnixTime,
        audit: &AuditEvent,
    ) -> Result<bool> {
        let mut tx = self.writer.begin().await?;
        let changed = sql(
            "UPDATE vault_credentials SET status = $1, access_token = NULL,
                 access_token_key_id = NULL, expires_at = NULL, updated_at = $2
             WHERE id = $3",
        )
        .bind(CredentialStatus::NeedsReauthorization.as_str())
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

    async fn vault_credentials_due(
        &self,
        expiring_by: UnixTime,
        used_since: UnixTime,
        limit: u32,
    ) -> Result<Vec<VaultCredential>> {
        let rows = sql("SELECT * FROM vault_credentials
             WHERE status = $1 AND expires_at IS NOT NULL AND expires_at <= $2
                 AND last_used_at IS NOT NULL AND last_used_at >= $3
             ORDER BY expires_at, id LIMIT $4")
        .bind(CredentialStatus::Authorized.as_str())
        .bind(expiring_by)
        .bind(used_since)
        .bind(i64::from(limit))
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(credential).collect()
    }

    async fn take_vault_renewal(
        &self,
        id: &str,
        holder: &str,
        now: UnixTime,
        until: UnixTime,
    ) -> Result<bool> {
        // One statement: the database decides who wins, on either backend.
        let taken = sql(
            "UPDATE vault_credentials SET renewing_until = $1, renewing_by = $2
             WHERE id = $3 AND (renewing_until IS NULL OR renewing_until <= $4)",
        )
        .bind(until)
        .bind(holder)
        .bind(id)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(taken == 1)
    }

    async fn release_vault_renewal(&self, id: &str, holder: &str) -> Result<()> {
        sql(
            "UPDATE vault_credentials SET renewing_until = NULL, renewing_by = NULL
             WHERE id = $1 AND renewing_by = $2",
        )
        .bind(id)
        .bind(holder)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn record_vault_use(&self, id: &str, at: UnixTime, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        sql("UPDATE vault_credentials SET last_used_at = $1
             WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $1)")
        .bind(at)
        .bind(id)
        .execute(&mut tx)
        .await?;
        record_in(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn delete_vault_credential(
        &self,
        domain_id: &DomainId,
        id: &str,
        audit: &AuditEvent,
    ) -> Result<bool> {
        let mut tx = self.writer.begin().await?;
        sql("DELETE FROM vault_permissions WHERE domain_id = $1 AND credential_id = $2")
            .bind(domain_id)
            .bind(id)
            .execute(&mut tx)
            .await?;
        let changed = sql("DELETE FROM vault_credentials WHERE domain_id = $1 AND id = $2")
            .bind(domain_id)
            .bind(id)
            .execute(&mut tx)
            .await?;
        if changed == 1 {
            record_in(&mut tx, audit).await?;
        }
        tx.commit().await?;
        Ok(changed == 1)
    }

    async fn set_vault_permission(
        &self,
        p: &StoredVaultPermission,
        audit: &AuditEvent,
    ) -> Result<()> {
        let (container, credential) = match &p.permission.target {
            PermissionTarget::Container(c) => (Some(c.as_str().to_owned()), None),
            PermissionTarget::Credential(id) => (None, Some(id.clone())),
        };
        let (kind, grantee) = match &p.permission.grantee {
            Grantee::User(u) => ("user", u.to_string()),
            Grantee::Role(r) => ("role", r.clone()),
            Grantee::Client(c) => ("client", c.to_string()),
        };
        let mut tx = self.writer.begin().await?;
        // NULLs are distinct in a UNIQUE constraint: replace by hand.
        sql("DELETE FROM vault_permissions WHERE domain_id = $1
                 AND (container = $2 OR (container IS NULL AND $2 IS NULL))
                 AND (credential_id = $3 OR (credential_id IS NULL AND $3 IS NULL))
                 AND grantee_kind = $4 AND grantee = $5")
        .bind(&p.domain_id)
        .bind(container.clone())
        .bind(credential.clone())
        .bind(kind)
        .bind(grantee.clone())
        .execute(&mut tx)
        .await?;
        sql(
            "INSERT INTO vault_permissions (id, domain_id, container, credential_id,
                 grantee_kind, grantee, access, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(p.id.clone())
        .bind(&p.domain_id)
        .bind(container)
        .bind(credential)
        .bind(kind)
        .bind(grantee)
        .bind(p.permission.access.as_str())
        .bind(p.created_at)
        .execute(&mut tx)
        .await
        .map_err(|e| conflict_or(e, "this vault permission"))?;
        record_in(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn vault_permissions(&self, domain_id: &DomainId) -> Result<Vec<StoredVaultPermission>> {
        let rows =
            sql("SELECT * FROM vault_permissions WHERE domain_id = $1 ORDER BY created_at, id")
                .bind(domain_id)
                .fetch_all(&self.reader)
                .await?;
        rows.iter().map(permission).collect()
    }

    async fn delete_vault_permission(
        &self,
        domain_id: &DomainId,
        id: &str,
        audit: &AuditEvent,
    ) -> Result<bool> {
        let mut tx = self.writer.begin().await?;
        let changed = sql("DELETE FROM vault_permissions WHERE domain_id = $1 AND id = $2")
            .bind(domain_id)
            .bind(id)
            .execute(&mut tx)
            .await?;
        if changed == 1 {
            record_in(&mut tx, audit).await?;
        }
        tx.commit().await?;
        Ok(changed == 1)
    }
}

fn split(s: &Option<Sealed>) -> (Option<Vec<u8>>, Option<String>) {
    match s {
        Some(s) => (Some(s.bytes.clone()), Some(s.key_id.clone())),
        None => (None, None),
    }
}

fn sealed(row: &Row, col: &str) -> Result<Option<Sealed>> {
    let bytes: Option<Vec<u8>> = row.get(col)?;
    let key: Option<String> = row.get(format!("{col}_key_id").as_str())?;
    match (bytes, key) {
        (Some(bytes), Some(key_id)) => Ok(Some(Sealed { key_id, bytes })),
        (None, _) => Ok(None),
        (Some(_), None) => Err(corrupt("vault secret without its key id")),
    }
}

fn credential(row: &Row) -> Result<VaultCredential> {
    let container: String = row.get("container")?;
    let grant: String = row.get("grant_type")?;
    let auth: String = row.get("client_auth")?;
    let status: String = row.get("status")?;
    let extra: String = row.get("extra_params")?;
    Ok(VaultCredential {
        id: row.get("id")?,
        domain_id: id(row, "domain_id")?,
        name: row.get("name")?,
        container: ContainerPath::parse(&container).map_err(|_| corrupt("vault container"))?,
        grant: VaultGrant::parse(&grant).ok_or_else(|| corrupt("vault grant type"))?,
        authorization_endpoint: row.get("authorization_endpoint")?,
        token_endpoint: row.get("token_endpoint")?,
        revocation_endpoint: row.get("revocation_endpoint")?,
        client_id: row.get("client_id")?,
        client_secret: sealed(row, "client_secret")?,
        scope: row.get("scope")?,
        client_auth: ClientAuth::parse(&auth).ok_or_else(|| corrupt("vault client auth"))?,
        username: sealed(row, "username")?,
        password: sealed(row, "password")?,
        extra_params: serde_json::from_str(&extra).map_err(|_| corrupt("vault extra params"))?,
        allow_jobs: row.get("allow_jobs")?,
        pkce: row.get("pkce")?,
        tokens: VaultTokens {
            access_token: sealed(row, "access_token")?,
            refresh_token: sealed(row, "refresh_token")?,
            token_type: row.get("token_type")?,
            expires_at: row.get("expires_at")?,
        },
        status: CredentialStatus::parse(&status).ok_or_else(|| corrupt("vault status"))?,
        last_used_at: row.get("last_used_at")?,
        owner_id: opt_id(row, "owner_id")?,
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
    })
}

fn permission(row: &Row) -> Result<StoredVaultPermission> {
    let container: Option<String> = row.get("container")?;
    let credential: Option<String> = row.get("credential_id")?;
    let target = match (container, credential) {
        (Some(c), None) => PermissionTarget::Container(
            ContainerPath::parse(&c).map_err(|_| corrupt("vault permission container"))?,
        ),
        (None, Some(id)) => PermissionTarget::Credential(id),
        _ => return Err(corrupt("vault permission target")),
    };
    let kind: String = row.get("grantee_kind")?;
    let grantee: String = row.get("grantee")?;
    let grantee = match kind.as_str() {
        "user" => Grantee::User(grantee.into()),
        "role" => Grantee::Role(grantee),
        "client" => Grantee::Client(grantee.into()),
        _ => return Err(corrupt("vault permission grantee")),
    };
    let access: String = row.get("access")?;
    Ok(StoredVaultPermission {
        id: row.get("id")?,
        domain_id: id(row, "domain_id")?,
        permission: VaultPermission {
            target,
            grantee,
            access: Access::parse(&access).ok_or_else(|| corrupt("vault permission access"))?,
        },
        created_at: row.get("created_at")?,
    })
}
