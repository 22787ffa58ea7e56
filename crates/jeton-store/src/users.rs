//! The people of a domain.

use async_trait::async_trait;
use jeton_core::entities::ChangeKind;

use crate::audit::record_in;
use crate::sql::db::{Row, sql};
use crate::sql::rows::{corrupt, id, json_list, to_json_list};
use crate::sql::{SqlStore, bytes, conflict_or};
use crate::{AuditEvent, DomainId, NewUser, Result, User, UserId};
use jeton_core::secret::SecretDigest;

#[async_trait]
pub trait Users: Send + Sync {
    async fn create_user(&self, new: NewUser) -> Result<User> {
        self.create_user_audited(new, None).await
    }
    /// Creates a user, with its audit record in the same transaction when there is one.
    async fn create_user_audited(&self, new: NewUser, audit: Option<&AuditEvent>) -> Result<User>;
    async fn user_by_username(&self, domain_id: &DomainId, username: &str) -> Result<Option<User>>;
    async fn user_by_id(&self, domain_id: &DomainId, id: &UserId) -> Result<Option<User>>;
    /// Disables or enables a user, with its audit record. Answers whether the user exists.
    /// A disabled user's sessions end here, in the same transaction.
    async fn set_user_disabled(
        &self,
        domain_id: &DomainId,
        id: &UserId,
        disabled: bool,
        audit: &AuditEvent,
    ) -> Result<bool>;
    /// One page of a domain's users by username, after `after` (exclusive), optionally only
    /// those whose username contains `search` (ignoring case).
    async fn list_users(
        &self,
        domain_id: &DomainId,
        search: Option<&str>,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<User>>;
    /// Replaces a user's attributes (a JSON object of strings), with its audit record.
    async fn set_user_attributes(
        &self,
        domain_id: &DomainId,
        id: &UserId,
        attributes: &serde_json::Value,
        audit: &AuditEvent,
    ) -> Result<bool>;
    /// Replaces a user's password hash and email, ending every session of theirs but `keep`
    /// (the one that made the change), with its audit record.
    async fn set_user_credentials(
        &self,
        domain_id: &DomainId,
        id: &UserId,
        password_hash: Option<&str>,
        email: Option<&str>,
        keep: Option<&SecretDigest>,
        audit: &AuditEvent,
    ) -> Result<bool>;
    /// Replaces a user's roles, with its audit record. Answers whether the user exists.
    async fn set_user_roles(
        &self,
        domain_id: &DomainId,
        id: &UserId,
        roles: &[String],
        audit: &AuditEvent,
    ) -> Result<bool>;
}

#[async_trait]
impl Users for SqlStore {
    async fn create_user_audited(&self, new: NewUser, audit: Option<&AuditEvent>) -> Result<User> {
        let mut tx = self.writer.begin().await?;
        sql(
            "INSERT INTO users (id, domain_id, username, email, password_hash, roles, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(new.id.clone())
        .bind(new.domain_id.clone())
        .bind(new.username.clone())
        .bind(new.email.clone())
        .bind(new.password_hash.clone())
        .bind(to_json_list(&new.roles))
        .bind(new.created_at)
        .execute(&mut tx)
        .await
        .map_err(|e| conflict_or(e, "a user with this username"))?;
        if let Some(e) = audit {
            record_in(&mut tx, e).await?;
        }
        tx.commit().await?;
        Ok(User {
            id: new.id,
            domain_id: new.domain_id,
            username: new.username,
            email: new.email,
            password_hash: new.password_hash,
            roles: new.roles,
            attributes: serde_json::json!({}),
            disabled: false,
            created_at: new.created_at,
        })
    }

    async fn user_by_username(&self, domain_id: &DomainId, username: &str) -> Result<Option<User>> {
        let row = sql("SELECT * FROM users WHERE domain_id = $1 AND username = $2")
            .bind(domain_id)
            .bind(username)
            .fetch_optional(&self.reader)
            .await?;
        row.as_ref().map(user).transpose()
    }

    async fn user_by_id(&self, domain_id: &DomainId, id: &UserId) -> Result<Option<User>> {
        let row = sql("SELECT * FROM users WHERE domain_id = $1 AND id = $2")
            .bind(domain_id)
            .bind(id)
            .fetch_optional(&self.reader)
            .await?;
        row.as_ref().map(user).transpose()
    }

    async fn set_user_disabled(
        &self,
        domain_id: &DomainId,
        id: &UserId,
        disabled: bool,
        audit: &AuditEvent,
    ) -> Result<bool> {
        let mut tx = self.writer.begin().await?;
        let changed = sql("UPDATE users SET disabled = $1 WHERE domain_id = $2 AND id = $3")
            .bind(disabled)
            .bind(domain_id)
            .bind(id)
            .execute(&mut tx)
            .await?;
        if changed == 1 {
            if disabled {
                sql("DELETE FROM sessions WHERE domain_id = $1 AND user_id = $2")
                    .bind(domain_id)
                    .bind(id)
                    .execute(&mut tx)
                    .await?;
            }
            record_in(&mut tx, audit).await?;
        }
        if changed == 1 {
            let (domain_id, user_id) = (domain_id.clone(), id.clone());
            let change = ChangeKind::User { domain_id, user_id };
            crate::changes::record_in(self, &mut tx, &change).await?;
        }
        tx.commit().await?;
        Ok(changed == 1)
    }

    async fn list_users(
        &self,
        domain_id: &DomainId,
        search: Option<&str>,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<User>> {
        // `$3 = ''` and `$2 = ''` switch the optional filters off, so the text stays static.
        let rows = sql("SELECT * FROM users WHERE domain_id = $1
                 AND ($2 = '' OR LOWER(username) LIKE $2 ESCAPE '\\')
                 AND ($3 = '' OR username > $3)
             ORDER BY username LIMIT $4")
        .bind(domain_id)
        .bind(
            search
                .map(crate::clients::contains_pattern)
                .unwrap_or_default(),
        )
        .bind(after.unwrap_or_default())
        .bind(i64::from(limit.clamp(1, 500)))
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(user).collect()
    }

    async fn set_user_attributes(
        &self,
        domain_id: &DomainId,
        id: &UserId,
        attributes: &serde_json::Value,
        audit: &AuditEvent,
    ) -> Result<bool> {
        let mut tx = self.writer.begin().await?;
        let changed = sql("UPDATE users SET attributes = $1 WHERE domain_id = $2 AND id = $3")
            .bind(attributes.to_string())
            .bind(domain_id)
            .bind(id)
            .execute(&mut tx)
            .await?;
        if changed == 1 {
            record_in(&mut tx, audit).await?;
            // Introspection answers carry the attributes (the token check): other instances
            // must forget this user's cached tokens.
            let (domain_id, user_id) = (domain_id.clone(), id.clone());
            let change = ChangeKind::User { domain_id, user_id };
            crate::changes::record_in(self, &mut tx, &change).await?;
        }
        tx.commit().await?;
        Ok(changed == 1)
    }

    async fn set_user_credentials(
        &self,
        domain_id: &DomainId,
        id: &UserId,
        password_hash: Option<&str>,
        email: Option<&str>,
        keep: Option<&SecretDigest>,
        audit: &AuditEvent,
    ) -> Result<bool> {
        let mut tx = self.writer.begin().await?;
        // COALESCE: what is not given stays as it is.
        let changed = sql("UPDATE users SET password_hash = COALESCE($1, password_hash), email = COALESCE($2, email)
             WHERE domain_id = $3 AND id = $4")
        .bind(password_hash)
        .bind(email)
        .bind(domain_id)
        .bind(id)
        .execute(&mut tx)
        .await?;
        if changed == 1 {
            if password_hash.is_some() {
                // A new password ends every other sign-in: whoever knew the old one is out.
                sql("DELETE FROM sessions WHERE domain_id = $1 AND user_id = $2 AND digest <> $3")
                    .bind(domain_id)
                    .bind(id)
                    .bind(keep.map(bytes).unwrap_or_default())
                    .execute(&mut tx)
                    .await?;
            }
            record_in(&mut tx, audit).await?;
        }
        tx.commit().await?;
        Ok(changed == 1)
    }

    async fn set_user_roles(
        &self,
        domain_id: &DomainId,
        id: &UserId,
        roles: &[String],
        audit: &AuditEvent,
    ) -> Result<bool> {
        let mut tx = self.writer.begin().await?;
        let changed = sql("UPDATE users SET roles = $1 WHERE domain_id = $2 AND id = $3")
            .bind(to_json_list(roles))
            .bind(domain_id)
            .bind(id)
            .execute(&mut tx)
            .await?;
        if changed == 1 {
            record_in(&mut tx, audit).await?;
        }
        if changed == 1 {
            let (domain_id, user_id) = (domain_id.clone(), id.clone());
            let change = ChangeKind::User { domain_id, user_id };
            crate::changes::record_in(self, &mut tx, &change).await?;
        }
        tx.commit().await?;
        Ok(changed == 1)
    }
}

/// Reads the `users` columns of a row (also used where sessions are joined with users).
pub(crate) fn user(row: &Row) -> Result<User> {
    let roles: String = row.get("roles")?;
    let attributes: String = row.get("attributes")?;
    Ok(User {
        id: id(row, "id")?,
        domain_id: id(row, "domain_id")?,
        username: row.get("username")?,
        email: row.get("email")?,
        password_hash: row.get("password_hash")?,
        roles: json_list(&roles)?,
        attributes: serde_json::from_str(&attributes).map_err(|_| corrupt("user attributes"))?,
        disabled: row.get("disabled")?,
        created_at: row.get("created_at")?,
    })
}
