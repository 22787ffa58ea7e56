//! Grants: one user's consent to one client, and everything issued under it. Revoking a
//! grant revokes its codes and tokens (DESIGN §5).

use async_trait::async_trait;
use jeton_core::claims_request::ClaimRequest;
use jeton_core::clock::UnixTime;
use jeton_core::entities::ChangeKind;

use crate::sql::db::{Row, Tx, sql};
use crate::sql::rows::{corrupt, id, scopes};
use crate::sql::{SqlStore, conflict_or};
use crate::{
    AuditEvent, AuthorizedApp, ClientId, DomainId, Grant, GrantId, NewConsent, Result, StoreError,
    UserId,
};

#[async_trait]
pub trait Grants: Send + Sync {
    async fn active_grant(
        &self,
        domain_id: &DomainId,
        user_id: &UserId,
        client_id: &ClientId,
    ) -> Result<Option<Grant>>;
    /// Records consent: creates the active grant, or widens it to include `scopes`.
    async fn save_consent(&self, new: NewConsent) -> Result<Grant>;
    /// The active grants of a user, oldest first, each with its client's name and
    /// description: the person's "Authorized applications".
    async fn grants_of_user(
        &self,
        domain_id: &DomainId,
        user_id: &UserId,
    ) -> Result<Vec<AuthorizedApp>>;
    async fn grant_by_id(&self, domain_id: &DomainId, grant_id: &GrantId) -> Result<Option<Grant>>;
    /// The `userinfo` member of the `claims` parameter (Core §5.5) of the grant's latest
    /// authorization, which UserInfo answers with besides what the scopes release. Kept on
    /// the grant, not the access token: every access token of the grant reads it, those the
    /// refresh grant mints included, and the grant is what the person consented to.
    async fn set_userinfo_claims(
        &self,
        domain_id: &DomainId,
        grant_id: &GrantId,
        claims: &[ClaimRequest],
    ) -> Result<()>;
    async fn userinfo_claims(
        &self,
        domain_id: &DomainId,
        grant_id: &GrantId,
    ) -> Result<Vec<ClaimRequest>>;
    /// Records when grants were last used (moves forward only).
    async fn touch_grants(&self, used: &[(GrantId, UnixTime)]) -> Result<()>;
    /// Revokes a grant and with it every code and token issued under it. Answers whether an
    /// active grant was revoked.
    /// With its audit record in the same transaction when there is one (a person's
    /// revocation; replay detection has none).
    async fn revoke_grant(
        &self,
        domain_id: &DomainId,
        grant_id: &GrantId,
        now: UnixTime,
        audit: Option<&AuditEvent>,
    ) -> Result<bool>;
}

const ACTIVE_GRANT: &str = "SELECT * FROM grants WHERE domain_id = $1 AND user_id = $2 AND client_id = $3 AND revoked_at IS NULL";

#[async_trait]
impl Grants for SqlStore {
    async fn active_grant(
        &self,
        domain_id: &DomainId,
        user_id: &UserId,
        client_id: &ClientId,
    ) -> Result<Option<Grant>> {
        let row = sql(ACTIVE_GRANT)
            .bind(domain_id)
            .bind(user_id)
            .bind(client_id)
            .fetch_optional(&self.reader)
            .await?;
        row.as_ref().map(grant).transpose()
    }

    async fn save_consent(&self, new: NewConsent) -> Result<Grant> {
        // Compare-and-swap instead of "read, then write": two consents racing on any SQL
        // database both end up in the grant (the loser retries against the winner's scopes),
        // and two first consents cannot create two active grants (the unique index refuses
        // the second, which then widens the first).
        for _ in 0..8 {
            let existing = sql(ACTIVE_GRANT)
                .bind(new.domain_id.clone())
                .bind(new.user_id.clone())
                .bind(new.client_id.clone())
                .fetch_optional(&self.writer)
                .await?;
            match existing.as_ref().map(grant).transpose()? {
                Some(mut g) => {
                    let widened = g.scopes.union(&new.scopes);
                    let changed = sql("UPDATE grants SET scopes = $1, updated_at = $2
                         WHERE domain_id = $5 AND id = $3 AND scopes = $4 AND revoked_at IS NULL")
                    .bind(widened.to_string())
                    .bind(new.now)
                    .bind(g.id.clone())
                    .bind(g.scopes.to_string())
                    .bind(new.domain_id.clone())
                    .execute(&self.writer)
                    .await?;
                    if changed == 1 {
                        g.scopes = widened;
                        g.updated_at = new.now;
                        return Ok(g);
                    }
                }
                None => {
                    let inserted = sql("INSERT INTO grants (id, domain_id, user_id, client_id, scopes, created_at, updated_at)
                         VALUES ($1, $2, $3, $4, $5, $6, $7)")
                    .bind(new.new_id.clone())
                    .bind(new.domain_id.clone())
                    .bind(new.user_id.clone())
                    .bind(new.client_id.clone())
                    .bind(new.scopes.to_string())
                    .bind(new.now)
                    .bind(new.now)
                    .execute(&self.writer)
                    .await;
                    match inserted {
                        Ok(_) => {
                            return Ok(Grant {
                                id: new.new_id.clone(),
                                domain_id: new.domain_id.clone(),
                                user_id: new.user_id.clone(),
                                client_id: new.client_id.clone(),
                                scopes: new.scopes.clone(),
                                created_at: new.now,
                                updated_at: new.now,
                                revoked_at: None,
                                last_used_at: None,
                            });
                        }
                        Err(e) => {
                            match conflict_or(e, "an active grant for this user and client") {
                                StoreError::Conflict(_) => continue,
                                other => return Err(other),
                            }
                        }
                    }
                }
            }
        }
        Err(StoreError::Contended("the grant of this user and client"))
    }

    async fn grants_of_user(
        &self,
        domain_id: &DomainId,
        user_id: &UserId,
    ) -> Result<Vec<AuthorizedApp>> {
        let rows = sql(
            "SELECT g.*, c.name AS client_name, c.description AS client_description
             FROM grants g JOIN clients c ON c.id = g.client_id
             WHERE g.domain_id = $1 AND g.user_id = $2 AND g.revoked_at IS NULL
             ORDER BY g.created_at, g.id",
        )
        .bind(domain_id)
        .bind(user_id)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AuthorizedApp {
                    grant: grant(r)?,
                    client_name: r.get("client_name")?,
                    client_description: r.get("client_description")?,
                })
            })
            .collect()
    }

    async fn grant_by_id(&self, domain_id: &DomainId, grant_id: &GrantId) -> Result<Option<Grant>> {
        let row = sql("SELECT * FROM grants WHERE domain_id = $1 AND id = $2")
            .bind(domain_id)
            .bind(grant_id)
            .fetch_optional(&self.reader)
            .await?;
        row.as_ref().map(grant).transpose()
    }

    async fn set_userinfo_claims(
        &self,
        domain_id: &DomainId,
        grant_id: &GrantId,
        claims: &[ClaimRequest],
    ) -> Result<()> {
        let json = serde_json::to_string(claims).expect("claim requests serialize");
        sql("UPDATE grants SET userinfo_claims = $1 WHERE domain_id = $2 AND id = $3")
            .bind(json)
            .bind(domain_id)
            .bind(grant_id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn userinfo_claims(
        &self,
        domain_id: &DomainId,
        grant_id: &GrantId,
    ) -> Result<Vec<ClaimRequest>> {
        let row = sql("SELECT userinfo_claims FROM grants WHERE domain_id = $1 AND id = $2")
            .bind(domain_id)
            .bind(grant_id)
            .fetch_optional(&self.reader)
            .await?;
        match row {
            None => Ok(Vec::new()),
            Some(r) => serde_json::from_str(&r.get::<String>("userinfo_claims")?)
                .map_err(|_| corrupt("grant userinfo_claims")),
        }
    }

    async fn touch_grants(&self, used: &[(GrantId, UnixTime)]) -> Result<()> {
        if used.is_empty() {
            return Ok(());
        }
        let mut tx = self.writer.begin().await?;
        for (grant_id, at) in used {
            sql("UPDATE grants SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $1)")
                .bind(*at)
                .bind(grant_id)
                .execute(&mut tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn revoke_grant(
        &self,
        domain_id: &DomainId,
        grant_id: &GrantId,
        now: UnixTime,
        audit: Option<&AuditEvent>,
    ) -> Result<bool> {
        let mut tx = self.writer.begin().await?;
        let revoked = revoke_grant_in(&mut tx, domain_id, grant_id, now).await?;
        if revoked && let Some(e) = audit {
            crate::audit::record_in(&mut tx, e).await?;
        }
        // Always, even when the grant was revoked already: its tokens were just revoked again.
        let grant_id = grant_id.clone();
        crate::changes::record_in(self, &mut tx, &ChangeKind::Grant { grant_id }).await?;
        tx.commit().await?;
        Ok(revoked)
    }
}

pub(crate) async fn revoke_grant_in(
    tx: &mut Tx,
    domain_id: &DomainId,
    grant_id: &GrantId,
    now: UnixTime,
) -> Result<bool> {
    let revoked = sql(
        "UPDATE grants SET revoked_at = $1 WHERE domain_id = $2 AND id = $3 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(domain_id)
    .bind(grant_id)
    .execute(&mut *tx)
    .await?;
    revoke_grant_tokens(tx, domain_id, grant_id, now).await?;
    Ok(revoked > 0)
}

/// Marks every token of a grant revoked. Introspection also checks the grant itself; this
/// keeps each token row truthful on its own. Filtered by domain like every query (DESIGN §5):
/// a grant id named in another domain must not reach this domain's tokens.
pub(crate) async fn revoke_grant_tokens(
    tx: &mut Tx,
    domain_id: &DomainId,
    grant_id: &GrantId,
    now: UnixTime,
) -> Result<()> {
    // Lock order for every revocation: the grant's row first, then its token rows.
    // (A no-op UPDATE is the portable way to lock a row; SQLite has no FOR UPDATE.)
    sql("UPDATE grants SET updated_at = updated_at WHERE domain_id = $1 AND id = $2")
        .bind(domain_id)
        .bind(grant_id)
        .execute(&mut *tx)
        .await?;
    sql("UPDATE access_tokens SET revoked_at = $1 WHERE domain_id = $2 AND grant_id = $3 AND revoked_at IS NULL")
        .bind(now)
        .bind(domain_id)
        .bind(grant_id)
        .execute(&mut *tx)
        .await?;
    sql("UPDATE refresh_tokens SET revoked_at = $1 WHERE domain_id = $2 AND grant_id = $3 AND revoked_at IS NULL")
        .bind(now)
        .bind(domain_id)
        .bind(grant_id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

pub(crate) fn grant(row: &Row) -> Result<Grant> {
    Ok(Grant {
        id: id(row, "id")?,
        domain_id: id(row, "domain_id")?,
        user_id: id(row, "user_id")?,
        client_id: id(row, "client_id")?,
        scopes: scopes(row, "scopes")?,
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
        revoked_at: row.get("revoked_at")?,
        last_used_at: row.get("last_used_at")?,
    })
}
