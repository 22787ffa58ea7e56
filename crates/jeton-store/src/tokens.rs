//! Access and refresh tokens: issuing (with group commit for access tokens), lookup for
//! introspection, refresh rotation, and revocation.
//!
//! Also home of [`spend_once`], the one routine that spends a code or a refresh token.

use jeton_core::entities::ChangeKind;
use std::fmt::Write as _;
use std::sync::LazyLock;

use async_trait::async_trait;
use jeton_core::clock::UnixTime;
use jeton_core::secret::SecretDigest;

use crate::grants::revoke_grant_tokens;
use crate::sql::db::{Arg, Pool, Row, Tx, sql};
use crate::sql::rows::{corrupt, digest as digest_column, id, json_list, opt_id, scopes};
use crate::sql::{SqlStore, bytes};
use crate::{
    DomainId, GrantId, Grants, IssuedTokens, NewAccessToken, NewRefreshToken, Redemption,
    RefreshChain, Result, TokenRecord,
};
use jeton_core::entities::ClientKind;

#[async_trait]
pub trait Tokens: Send + Sync {
    /// Stores an access token. Durable when this returns (group commit may batch it with
    /// others into one transaction).
    async fn insert_access_token(&self, token: NewAccessToken) -> Result<()>;
    /// Stores an access token with its refresh token, in one transaction (the password
    /// grant: nothing is spent, so nothing else changes with them).
    async fn insert_issued_tokens(&self, tokens: IssuedTokens) -> Result<()>;
    async fn access_token(
        &self,
        domain_id: &DomainId,
        digest: &SecretDigest,
    ) -> Result<Option<TokenRecord>>;
    async fn refresh_token(
        &self,
        domain_id: &DomainId,
        digest: &SecretDigest,
    ) -> Result<Option<TokenRecord>>;
    /// Marks the refresh token used and stores its successors in one transaction. Exactly one
    /// caller wins; any other presentation of a used token revokes the grant (RFC 9700 §4.14).
    async fn rotate_refresh_token(
        &self,
        domain_id: &DomainId,
        digest: &SecretDigest,
        now: UnixTime,
        tokens: IssuedTokens,
    ) -> Result<Redemption>;
    /// Remembers, on a just-rotated refresh token, its successor: the digest and the value
    /// sealed by the caller (the grace period of DESIGN §5).
    async fn keep_refresh_successor(
        &self,
        domain_id: &DomainId,
        rotated: &SecretDigest,
        successor: &SecretDigest,
        sealed: &[u8],
    ) -> Result<()>;
    /// Where the chain of a refresh token began (`None`: no such token). A row written
    /// before chains were recorded counts its chain from its own issuance.
    async fn refresh_chain(
        &self,
        domain_id: &DomainId,
        digest: &SecretDigest,
    ) -> Result<Option<RefreshChain>>;
    /// The successor a rotated refresh token remembers, if any.
    async fn refresh_successor(
        &self,
        domain_id: &DomainId,
        rotated: &SecretDigest,
    ) -> Result<Option<(SecretDigest, Vec<u8>)>>;
    /// Revokes one access token. Answers the revoked token, if there was an active one.
    async fn revoke_access_token(
        &self,
        domain_id: &DomainId,
        digest: &SecretDigest,
        now: UnixTime,
    ) -> Result<bool>;
    /// Revokes a refresh token and every token issued under the same grant (RFC 7009 §2.1).
    /// The user's consent stays. Answers the grant id, if the token existed.
    async fn revoke_refresh_token(
        &self,
        domain_id: &DomainId,
        digest: &SecretDigest,
        now: UnixTime,
    ) -> Result<Option<GrantId>>;
}

/// The columns of a new token row (both tables), in the order [`access_args`] and
/// [`refresh_args`] give their values.
const TOKEN_COLUMNS: [&str; 8] = [
    "digest",
    "domain_id",
    "client_id",
    "user_id",
    "grant_id",
    "scopes",
    "issued_at",
    "expires_at",
];

/// The largest group commit: one INSERT of this many rows stays well below SQLite's limit of
/// 32,766 bound variables (8 per row).
pub(crate) const MAX_BATCH: usize = 256;

/// `INSERT INTO {table} (TOKEN_COLUMNS) VALUES ($1, ..., $8), ($9, ...)` for `rows` rows;
/// with `positional`, plain `?` placeholders instead of `$N`. The group commit uses `?` on
/// SQLite: sqlx resolves every `$N` by asking SQLite for the parameter's name, which for a
/// batch of 256 rows is 2,048 look-ups per commit (about 2 % of the token endpoint's CPU).
fn insert_sql(table: &str, rows: usize, positional: bool) -> String {
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", TOKEN_COLUMNS.join(", "));
    for row in 0..rows {
        sql.push_str(if row == 0 { "(" } else { ", (" });
        for column in 0..TOKEN_COLUMNS.len() {
            let sep = if column == 0 { "" } else { ", " };
            if positional {
                let _ = write!(sql, "{sep}?");
            } else {
                let _ = write!(sql, "{sep}${}", row * TOKEN_COLUMNS.len() + column + 1);
            }
        }
        sql.push(')');
    }
    sql
}

/// The one-row inserts, built once rather than on every redemption.
static INSERT_ACCESS_TOKEN: LazyLock<String> =
    LazyLock::new(|| insert_sql("access_tokens", 1, false));
/// A refresh token row also says where its chain began (`RefreshChain`).
const INSERT_REFRESH_TOKEN: &str = "INSERT INTO refresh_tokens (digest, domain_id, client_id,
     user_id, grant_id, scopes, issued_at, expires_at, chain_started_at, auth_time)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

fn access_args(t: &NewAccessToken) -> [Arg; TOKEN_COLUMNS.len()] {
    [
        bytes(&t.digest).into(),
        t.domain_id.clone().into(),
        t.client_id.clone().into(),
        t.user_id.clone().into(),
        t.grant_id.clone().into(),
        t.scopes.to_string().into(),
        t.issued_at.into(),
        t.expires_at.into(),
    ]
}

fn refresh_args(t: &NewRefreshToken) -> [Arg; TOKEN_COLUMNS.len() + 2] {
    [
        bytes(&t.digest).into(),
        t.domain_id.clone().into(),
        t.client_id.clone().into(),
        t.user_id.clone().into(),
        t.grant_id.clone().into(),
        t.scopes.to_string().into(),
        t.issued_at.into(),
        t.expires_at.into(),
        t.chain.started_at.into(),
        t.chain.auth_time.into(),
    ]
}

/// How many group commits in a row may run on one connection without handing it back to
/// the pool while more rows keep coming. Each hand-back costs a ping (sqlx checks every
/// connection on its way back: on SQLite a round trip to the connection's thread, on
/// PostgreSQL one to the server) before the next commit. Bounded so that on SQLite, whose
/// writer pool has one connection, other writes (codes, refresh tokens) wait for it at most
/// this many commits.
const HOLD_COMMITS: u32 = 8;

/// The group commit's writer (see `batch.rs`): it keeps its writer connection from one
/// commit to the next while rows are waiting, and gives it back when none are.
pub(crate) struct BatchWriter {
    pool: Pool,
    held: Option<crate::sql::db::Conn>,
    commits: u32,
}

impl BatchWriter {
    pub(crate) fn new(pool: Pool) -> Self {
        Self {
            pool,
            held: None,
            commits: 0,
        }
    }
}

impl crate::batch::Write<NewAccessToken> for BatchWriter {
    async fn write(&mut self, batch: Vec<NewAccessToken>) -> Result<()> {
        // One statement in autocommit mode is its own transaction: all rows or none,
        // committed (and on SQLite, with synchronous=FULL, on disk) when it returns.
        debug_assert!(batch.len() <= MAX_BATCH);
        if self.commits >= HOLD_COMMITS {
            self.idle();
        }
        let conn = match &mut self.held {
            Some(conn) => conn,
            None => self.held.insert(self.pool.acquire().await?),
        };
        let positional = matches!(conn, crate::sql::db::Conn::Sqlite(_));
        let done = insert_statement(&batch, positional).execute_on(conn).await;
        self.commits += 1;
        if done.is_err() {
            // Back to the pool, whose ping on release closes a broken connection.
            self.idle();
        }
        done?;
        Ok(())
    }

    fn idle(&mut self) {
        self.held = None;
        self.commits = 0;
    }
}

/// The multi-row INSERT of a batch; with `positional`, `?` placeholders (see `insert_sql`).
fn insert_statement(batch: &[NewAccessToken], positional: bool) -> crate::sql::db::Statement {
    sql(sqlx::AssertSqlSafe(insert_sql(
        "access_tokens",
        batch.len(),
        positional,
    )))
    .bind_all(batch.iter().flat_map(access_args))
}

async fn insert_tokens(tx: &mut Tx, tokens: &IssuedTokens) -> Result<()> {
    sql(INSERT_ACCESS_TOKEN.as_str())
        .bind_all(access_args(&tokens.access))
        .execute(&mut *tx)
        .await?;
    if let Some(r) = &tokens.refresh {
        sql(INSERT_REFRESH_TOKEN)
            .bind_all(refresh_args(r))
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// Spends a code or a refresh token exactly once: the conditional UPDATE in `spend_sql`
/// (binds: now, domain, digest, now) picks one winner, whose tokens are stored in the same
/// transaction. A loser whose row was spent before revokes the grant (`spent_sql` binds:
/// domain, digest).
pub(crate) async fn spend_once(
    store: &SqlStore,
    spend_sql: &'static str,
    spent_sql: &'static str,
    domain_id: &DomainId,
    digest: &SecretDigest,
    now: UnixTime,
    tokens: IssuedTokens,
) -> Result<Redemption> {
    let mut tx = store.writer.begin().await?;
    let won = sql(spend_sql)
        .bind(now)
        .bind(domain_id)
        .bind(bytes(digest))
        .bind(now)
        .fetch_optional(&mut tx)
        .await?;
    if won.is_some() {
        insert_tokens(&mut tx, &tokens).await?;
        tx.commit().await?;
        return Ok(Redemption::Issued);
    }
    // Lost. End this transaction before revoking: checking the row may have left
    // a lock on it (PostgreSQL re-checks a concurrently updated row under a lock),
    // and revocation takes the grant's row first and then the token rows; holding
    // a token row while waiting for the grant is how two losers deadlock.
    tx.rollback().await?;
    let spent = sql(spent_sql)
        .bind(domain_id)
        .bind(bytes(digest))
        .fetch_optional(&store.writer)
        .await?;
    match spent {
        Some(row) => {
            let grant_id: GrantId = id(&row, 0)?;
            store.revoke_grant(domain_id, &grant_id, now, None).await?;
            Ok(Redemption::AlreadyUsed { grant_id })
        }
        None => Ok(Redemption::Invalid),
    }
}

/// The lookup of one token with what decides whether it is still good (its grant, client and
/// user): `token_select!("access_tokens", "")`. A macro so that the statement is a
/// `&'static str` built at compile time, not formatted on every introspection.
macro_rules! token_select {
    ($table:literal, $extra_columns:literal) => {
        concat!(
            "SELECT t.domain_id, t.client_id, t.user_id, u.username, t.grant_id, t.scopes,
                t.issued_at, t.expires_at, t.revoked_at, g.revoked_at AS grant_revoked_at,
                c.revoked_at AS client_revoked_at, c.expires_at AS client_expires_at,
                c.id IS NOT NULL AS client_exists, c.kind AS client_kind,
                u.disabled AS user_disabled, u.roles AS user_roles,
                u.attributes AS user_attributes",
            $extra_columns,
            " FROM ",
            $table,
            " t
             LEFT JOIN grants g ON g.id = t.grant_id
             LEFT JOIN clients c ON c.id = t.client_id
             LEFT JOIN users u ON u.id = t.user_id
             WHERE t.domain_id = $1 AND t.digest = $2"
        )
    };
}

impl SqlStore {
    /// One token by digest, joined with what decides whether it is still good.
    async fn find_token(
        &self,
        sql_text: &'static str,
        has_used_at: bool,
        domain_id: &DomainId,
        digest: &SecretDigest,
    ) -> Result<Option<TokenRecord>> {
        let row = sql(sql_text)
            .bind(domain_id)
            .bind(bytes(digest))
            .fetch_optional(&self.reader)
            .await?;
        row.as_ref().map(|r| token(r, has_used_at)).transpose()
    }
}

#[async_trait]
impl Tokens for SqlStore {
    async fn insert_access_token(&self, token: NewAccessToken) -> Result<()> {
        self.access_tokens.submit(token).await
    }

    async fn insert_issued_tokens(&self, tokens: IssuedTokens) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        insert_tokens(&mut tx, &tokens).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn access_token(
        &self,
        domain_id: &DomainId,
        digest: &SecretDigest,
    ) -> Result<Option<TokenRecord>> {
        self.find_token(token_select!("access_tokens", ""), false, domain_id, digest)
            .await
    }

    async fn refresh_token(
        &self,
        domain_id: &DomainId,
        digest: &SecretDigest,
    ) -> Result<Option<TokenRecord>> {
        self.find_token(
            token_select!("refresh_tokens", ", t.used_at"),
            true,
            domain_id,
            digest,
        )
        .await
    }

    async fn rotate_refresh_token(
        &self,
        domain_id: &DomainId,
        digest: &SecretDigest,
        now: UnixTime,
        tokens: IssuedTokens,
    ) -> Result<Redemption> {
        spend_once(
            self,
            "UPDATE refresh_tokens SET used_at = $1
             WHERE domain_id = $2 AND digest = $3 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $4
               AND EXISTS (SELECT 1 FROM grants g WHERE g.id = refresh_tokens.grant_id AND g.revoked_at IS NULL)
             RETURNING grant_id",
            "SELECT grant_id FROM refresh_tokens WHERE domain_id = $1 AND digest = $2 AND used_at IS NOT NULL",
            domain_id,
            digest,
            now,
            tokens,
        )
        .await
    }

    async fn refresh_chain(
        &self,
        domain_id: &DomainId,
        digest: &SecretDigest,
    ) -> Result<Option<RefreshChain>> {
        let row = sql(
            "SELECT issued_at, chain_started_at, auth_time FROM refresh_tokens
             WHERE domain_id = $1 AND digest = $2",
        )
        .bind(domain_id)
        .bind(bytes(digest))
        .fetch_optional(&self.reader)
        .await?;
        row.map(|r| {
            Ok(RefreshChain {
                started_at: match r.get::<Option<i64>>("chain_started_at")? {
                    Some(t) => t,
                    None => r.get("issued_at")?,
                },
                auth_time: r.get("auth_time")?,
            })
        })
        .transpose()
    }

    async fn keep_refresh_successor(
        &self,
        domain_id: &DomainId,
        rotated: &SecretDigest,
        successor: &SecretDigest,
        sealed: &[u8],
    ) -> Result<()> {
        sql(
            "UPDATE refresh_tokens SET successor_digest = $1, successor_sealed = $2
             WHERE domain_id = $3 AND digest = $4",
        )
        .bind(bytes(successor))
        .bind(sealed.to_vec())
        .bind(domain_id)
        .bind(bytes(rotated))
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn refresh_successor(
        &self,
        domain_id: &DomainId,
        rotated: &SecretDigest,
    ) -> Result<Option<(SecretDigest, Vec<u8>)>> {
        let row = sql(
            "SELECT successor_digest, successor_sealed FROM refresh_tokens
                       WHERE domain_id = $1 AND digest = $2",
        )
        .bind(domain_id)
        .bind(bytes(rotated))
        .fetch_optional(&self.writer)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let sealed: Option<Vec<u8>> = row.get("successor_sealed")?;
        match (digest_column(&row, "successor_digest")?, sealed) {
            (Some(d), Some(s)) => Ok(Some((d, s))),
            _ => Ok(None),
        }
    }

    async fn revoke_access_token(
        &self,
        domain_id: &DomainId,
        digest: &SecretDigest,
        now: UnixTime,
    ) -> Result<bool> {
        let mut tx = self.writer.begin().await?;
        let revoked = sql("UPDATE access_tokens SET revoked_at = $1 WHERE domain_id = $2 AND digest = $3 AND revoked_at IS NULL")
            .bind(now)
            .bind(domain_id)
            .bind(bytes(digest))
            .execute(&mut tx)
            .await?;
        if revoked > 0 {
            let digest = *digest;
            crate::changes::record_in(self, &mut tx, &ChangeKind::AccessToken { digest }).await?;
        }
        tx.commit().await?;
        Ok(revoked > 0)
    }

    async fn revoke_refresh_token(
        &self,
        domain_id: &DomainId,
        digest: &SecretDigest,
        now: UnixTime,
    ) -> Result<Option<GrantId>> {
        let mut tx = self.writer.begin().await?;
        let row = sql("SELECT grant_id FROM refresh_tokens WHERE domain_id = $1 AND digest = $2")
            .bind(domain_id)
            .bind(bytes(digest))
            .fetch_optional(&mut tx)
            .await?;
        let grant_id: Option<GrantId> = row.map(|r| id(&r, 0)).transpose()?;
        if let Some(g) = &grant_id {
            revoke_grant_tokens(&mut tx, domain_id, g, now).await?;
            let grant_id = g.clone();
            crate::changes::record_in(self, &mut tx, &ChangeKind::Grant { grant_id }).await?;
        }
        tx.commit().await?;
        Ok(grant_id)
    }
}

/// Reads a token row joined with its grant, client and user (see `token_select!`).
fn token(row: &Row, has_used_at: bool) -> Result<TokenRecord> {
    Ok(TokenRecord {
        domain_id: id(row, "domain_id")?,
        client_id: id(row, "client_id")?,
        user_id: opt_id(row, "user_id")?,
        username: row.get("username")?,
        grant_id: opt_id(row, "grant_id")?,
        scopes: scopes(row, "scopes")?,
        issued_at: row.get("issued_at")?,
        expires_at: row.get("expires_at")?,
        revoked_at: row.get("revoked_at")?,
        used_at: if has_used_at {
            row.get("used_at")?
        } else {
            None
        },
        grant_revoked: row.get::<Option<i64>>("grant_revoked_at")?.is_some(),
        client_revoked: row.get::<Option<i64>>("client_revoked_at")?.is_some()
            || !row.get::<bool>("client_exists")?,
        client_expires_at: row.get("client_expires_at")?,
        user_disabled: row.get::<Option<bool>>("user_disabled")?.unwrap_or(false),
        owner_forbids: owner_forbids(row)?,
        user_attributes: match row.get::<Option<String>>("user_attributes")? {
            Some(a) => serde_json::from_str(&a).map_err(|_| corrupt("user attributes"))?,
            None => serde_json::Value::Null,
        },
    })
}

/// Whether the token's client is a personal client whose owner (the token's user) no longer
/// holds the role that allows them. Core decides (`ClientKind::owner_lets_act`).
fn owner_forbids(row: &Row) -> Result<bool> {
    let Some(kind) = row.get::<Option<String>>("client_kind")? else {
        return Ok(false);
    };
    let kind = ClientKind::parse(&kind).ok_or_else(|| corrupt("client kind"))?;
    if kind != ClientKind::Personal {
        return Ok(false);
    }
    let roles = match row.get::<Option<String>>("user_roles")? {
        Some(r) => json_list(&r)?,
        None => Vec::new(),
    };
    Ok(!kind.owner_lets_act(false, &roles))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_inserts_number_their_placeholders_or_not() {
        let numbered = insert_sql("access_tokens", 2, false);
        assert!(
            numbered.ends_with("($9, $10, $11, $12, $13, $14, $15, $16)"),
            "{numbered}"
        );
        let positional = insert_sql("access_tokens", 2, true);
        assert!(positional.ends_with("VALUES (?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?)"));
        assert_eq!(positional.matches('?').count(), 2 * TOKEN_COLUMNS.len());
    }
}
