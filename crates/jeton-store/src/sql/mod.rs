//! The SQL that every backend shares. SQLite and PostgreSQL take the same statements (with
//! `$N` placeholders, which sqlx binds by number on both), so the [`Store`](crate::Store)
//! implementation is written once, here, and stamped out per backend by
//! [`shared_sql_store!`]. What differs — connecting, pools, sweeping — lives in each
//! backend's module as inherent methods that this code calls:
//!
//! - `fn writer(&self) -> &sqlx::Pool<DB>` and `fn reader(&self) -> &sqlx::Pool<DB>`;
//! - `async fn sweep(&self, now, batch) -> Result<u64>`;
//! - a `access_tokens: Batcher<NewAccessToken>` field and a `MIGRATOR` static.

pub(crate) mod rows;

use jeton_core::secret::SecretDigest;

use crate::StoreError;

/// Maps a unique-constraint violation to a 409-style conflict naming what exists.
pub(crate) fn conflict_or(e: sqlx::Error, what: &'static str) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(what),
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
            StoreError::NotFound("referenced row")
        }
        _ => StoreError::Database(e),
    }
}

pub(crate) fn bytes(d: &SecretDigest) -> Vec<u8> {
    d.as_bytes().to_vec()
}

/// The tables with expiring rows, and each one's key column: what the sweeper deletes.
pub(crate) const SWEPT: [(&str, &str); 5] = [
    ("authorization_codes", "digest"),
    ("access_tokens", "digest"),
    ("refresh_tokens", "digest"),
    ("sessions", "digest"),
    ("failure_counters", "key"),
];

/// The lookup of one token with what decides whether it is still good (its grant, client and
/// user): `token_select!("access_tokens", "")`. A macro so that the statement is a
/// `&'static str` built at compile time, not formatted on every introspection.
macro_rules! token_select {
    ($table:literal, $extra_columns:literal) => {
        concat!(
            "SELECT t.domain_id, t.client_id, t.user_id, u.username, t.grant_id, t.scopes,
                t.issued_at, t.expires_at, t.revoked_at, g.revoked_at AS grant_revoked_at,
                c.revoked_at AS client_revoked_at, c.expires_at AS client_expires_at,
                c.id IS NOT NULL AS client_exists",
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
pub(crate) use token_select;

/// Stamps out the shared statements and `impl Store` for one backend:
/// `shared_sql_store!(StoreType, sqlx::Database type, row type)`.
macro_rules! shared_sql_store {
    ($store:ty, $db:ty, $row:ty) => {
        $crate::sql::rows::row_mappers!($row);

        /// The largest group commit: one INSERT of this many rows stays well below SQLite's limit of
        /// 32,766 bound variables (8 per row).
        const MAX_BATCH: usize = 256;

        async fn insert_access_tokens(pool: &sqlx::Pool<$db>, batch: Vec<NewAccessToken>) -> Result<()> {
            // One statement in autocommit mode is its own transaction: all rows or none, committed
            // (and, with synchronous=FULL, on disk) when it returns. One round trip to SQLite's
            // thread instead of three for BEGIN / INSERT / COMMIT.
            debug_assert!(batch.len() <= MAX_BATCH);
            let mut qb: sqlx::QueryBuilder<$db> = sqlx::QueryBuilder::new(
                "INSERT INTO access_tokens (digest, domain_id, client_id, user_id, grant_id, scopes, issued_at, expires_at) ",
            );
            qb.push_values(&batch, |mut b, t| {
                b.push_bind(bytes(&t.digest))
                    .push_bind(t.domain_id.clone())
                    .push_bind(t.client_id.clone())
                    .push_bind(t.user_id.clone())
                    .push_bind(t.grant_id.clone())
                    .push_bind(t.scopes.to_string())
                    .push_bind(t.issued_at)
                    .push_bind(t.expires_at);
            });
            qb.build().execute(pool).await?;
            Ok(())
        }

        async fn insert_tokens(tx: &mut sqlx::Transaction<'_, $db>, tokens: &IssuedTokens) -> Result<()> {
            insert_access_tokens_one(tx, &tokens.access).await?;
            if let Some(r) = &tokens.refresh {
                insert_refresh_token(tx, r).await?;
            }
            Ok(())
        }

        async fn insert_access_tokens_one(
            tx: &mut sqlx::Transaction<'_, $db>,
            t: &NewAccessToken,
        ) -> Result<()> {
            sqlx::query(
                "INSERT INTO access_tokens (digest, domain_id, client_id, user_id, grant_id, scopes, issued_at, expires_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(bytes(&t.digest))
            .bind(t.domain_id.clone())
            .bind(t.client_id.clone())
            .bind(t.user_id.clone())
            .bind(t.grant_id.clone())
            .bind(t.scopes.to_string())
            .bind(t.issued_at)
            .bind(t.expires_at)
            .execute(&mut **tx)
            .await?;
            Ok(())
        }

        async fn insert_refresh_token(tx: &mut sqlx::Transaction<'_, $db>, t: &NewRefreshToken) -> Result<()> {
            sqlx::query(
                "INSERT INTO refresh_tokens (digest, domain_id, client_id, user_id, grant_id, scopes, issued_at, expires_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(bytes(&t.digest))
            .bind(t.domain_id.clone())
            .bind(t.client_id.clone())
            .bind(t.user_id.clone())
            .bind(t.grant_id.clone())
            .bind(t.scopes.to_string())
            .bind(t.issued_at)
            .bind(t.expires_at)
            .execute(&mut **tx)
            .await?;
            Ok(())
        }

        async fn revoke_grant_in(
            tx: &mut sqlx::Transaction<'_, $db>,
            domain_id: &str,
            grant_id: &str,
            now: UnixTime,
        ) -> Result<bool> {
            let done = sqlx::query(
                "UPDATE grants SET revoked_at = $1 WHERE domain_id = $2 AND id = $3 AND revoked_at IS NULL",
            )
            .bind(now)
            .bind(domain_id.to_owned())
            .bind(grant_id.to_owned())
            .execute(&mut **tx)
            .await?;
            revoke_grant_tokens(tx, domain_id, grant_id, now).await?;
            Ok(done.rows_affected() > 0)
        }

        /// Marks every token of a grant revoked. Introspection also checks the grant itself; this
        /// keeps each token row truthful on its own. Filtered by domain like every query (DESIGN §5):
        /// a grant id named in another domain must not reach this domain's tokens.
        async fn revoke_grant_tokens(
            tx: &mut sqlx::Transaction<'_, $db>,
            domain_id: &str,
            grant_id: &str,
            now: UnixTime,
        ) -> Result<()> {
            // Lock order for every revocation: the grant's row first, then its token rows.
            // (A no-op UPDATE is the portable way to lock a row; SQLite has no FOR UPDATE.)
            sqlx::query("UPDATE grants SET updated_at = updated_at WHERE domain_id = $1 AND id = $2")
                .bind(domain_id.to_owned())
                .bind(grant_id.to_owned())
                .execute(&mut **tx)
                .await?;
            sqlx::query("UPDATE access_tokens SET revoked_at = $1 WHERE domain_id = $2 AND grant_id = $3 AND revoked_at IS NULL")
                .bind(now)
                .bind(domain_id.to_owned())
                .bind(grant_id.to_owned())
                .execute(&mut **tx)
                .await?;
            sqlx::query("UPDATE refresh_tokens SET revoked_at = $1 WHERE domain_id = $2 AND grant_id = $3 AND revoked_at IS NULL")
                .bind(now)
                .bind(domain_id.to_owned())
                .bind(grant_id.to_owned())
                .execute(&mut **tx)
                .await?;
            Ok(())
        }

        impl $store {
            /// One token by digest, joined with what decides whether it is still good.
            async fn find_token(
                &self,
                sql: &'static str,
                has_used_at: bool,
                domain_id: &str,
                digest: &SecretDigest,
            ) -> Result<Option<TokenRecord>> {
                let row = sqlx::query(sql)
                    .bind(domain_id.to_owned())
                    .bind(bytes(digest))
                    .fetch_optional(self.reader())
                    .await?;
                row.as_ref().map(|r| rows::token(r, has_used_at)).transpose()
            }

            /// Spends a code or a refresh token exactly once: the conditional UPDATE in
            /// `spend_sql` (binds: now, domain, digest, now) picks one winner, whose tokens
            /// are stored in the same transaction. A loser whose row was spent before revokes
            /// the grant (`spent_sql` binds: domain, digest).
            async fn spend_once(
                &self,
                spend_sql: &'static str,
                spent_sql: &'static str,
                domain_id: &str,
                digest: &SecretDigest,
                now: UnixTime,
                tokens: IssuedTokens,
            ) -> Result<Redemption> {
                let mut tx = self.writer().begin().await?;
                let won: Option<String> = sqlx::query_scalar(spend_sql)
                    .bind(now)
                    .bind(domain_id.to_owned())
                    .bind(bytes(digest))
                    .bind(now)
                    .fetch_optional(&mut *tx)
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
                let spent: Option<String> = sqlx::query_scalar(spent_sql)
                    .bind(domain_id.to_owned())
                    .bind(bytes(digest))
                    .fetch_optional(self.writer())
                    .await?;
                match spent {
                    Some(grant_id) => {
                        self.revoke_grant(domain_id, &grant_id, now).await?;
                        Ok(Redemption::AlreadyUsed { grant_id })
                    }
                    None => Ok(Redemption::Invalid),
                }
            }
        }

        #[async_trait::async_trait]
        impl $crate::Store for $store {
            fn is_shared(&self) -> bool {
                Self::SHARED
            }

            async fn ping(&self) -> Result<()> {
                self.reader().execute("SELECT 1").await?;
                self.check_space()
            }

            async fn migrate(&self) -> Result<()> {
                MIGRATOR.run(self.writer()).await?;
                Ok(())
            }

            async fn create_domain(&self, new: NewDomain) -> Result<Domain> {
                sqlx::query(
                    "INSERT INTO domains (id, slug, name, access_token_ttl_secs, refresh_token_ttl_secs,
                         refresh_grace_secs, personal_clients_enabled, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(new.id.clone())
                .bind(new.slug.clone())
                .bind(new.name.clone())
                .bind(new.settings.access_token_ttl_secs)
                .bind(new.settings.refresh_token_ttl_secs)
                .bind(new.settings.refresh_grace_secs)
                .bind(new.settings.personal_clients_enabled)
                .bind(new.created_at)
                .execute(self.writer())
                .await
                .map_err(|e| conflict_or(e, "a domain with this slug"))?;
                Ok(Domain {
                    id: new.id,
                    slug: new.slug,
                    name: new.name,
                    settings: new.settings,
                    created_at: new.created_at,
                })
            }

            async fn domain_by_slug(&self, slug: &str) -> Result<Option<Domain>> {
                let row = sqlx::query("SELECT * FROM domains WHERE slug = $1")
                    .bind(slug.to_owned())
                    .fetch_optional(self.reader())
                    .await?;
                row.as_ref().map(rows::domain).transpose()
            }

            async fn count_domains(&self) -> Result<u64> {
                let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM domains")
                    .fetch_one(self.reader())
                    .await?;
                Ok(n as u64)
            }

            async fn create_user(&self, new: NewUser) -> Result<User> {
                sqlx::query(
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
                .execute(self.writer())
                .await
                .map_err(|e| conflict_or(e, "a user with this username"))?;
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

            async fn user_by_username(&self, domain_id: &str, username: &str) -> Result<Option<User>> {
                let row = sqlx::query("SELECT * FROM users WHERE domain_id = $1 AND username = $2")
                    .bind(domain_id.to_owned())
                    .bind(username.to_owned())
                    .fetch_optional(self.reader())
                    .await?;
                row.as_ref().map(rows::user).transpose()
            }

            async fn user_by_id(&self, domain_id: &str, id: &str) -> Result<Option<User>> {
                let row = sqlx::query("SELECT * FROM users WHERE domain_id = $1 AND id = $2")
                    .bind(domain_id.to_owned())
                    .bind(id.to_owned())
                    .fetch_optional(self.reader())
                    .await?;
                row.as_ref().map(rows::user).transpose()
            }

            async fn create_scope(&self, domain_id: &str, new: NewScope) -> Result<()> {
                sqlx::query("INSERT INTO scopes (domain_id, name, description, roles, created_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(domain_id.to_owned())
                    .bind(new.name)
                    .bind(new.description)
                    .bind(to_json_list(&new.roles))
                    .bind(new.created_at)
                    .execute(self.writer())
                    .await
                    .map_err(|e| conflict_or(e, "a scope with this name"))?;
                Ok(())
            }

            async fn scopes(&self, domain_id: &str) -> Result<Vec<ScopeDefinition>> {
                let rows = sqlx::query(
                    "SELECT name, description, roles FROM scopes WHERE domain_id = $1 ORDER BY name",
                )
                .bind(domain_id.to_owned())
                .fetch_all(self.reader())
                .await?;
                use sqlx::Row;
                rows.iter()
                    .map(|r| {
                        Ok(ScopeDefinition {
                            name: r.try_get("name")?,
                            description: r.try_get("description")?,
                            roles: json_list(&r.try_get::<String, _>("roles")?)?,
                        })
                    })
                    .collect()
            }

            async fn create_client(&self, new: NewClient) -> Result<Client> {
                sqlx::query(
                    "INSERT INTO clients (id, domain_id, name, secret_digest, auth_method, redirect_uris, grant_types,
                         allowed_scopes, default_scopes, require_pkce, allow_plain_pkce, owner_user_id, expires_at, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
                )
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
                .execute(self.writer())
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

            async fn client_by_id(&self, domain_id: &str, client_id: &str) -> Result<Option<Client>> {
                let row = sqlx::query("SELECT * FROM clients WHERE domain_id = $1 AND id = $2")
                    .bind(domain_id.to_owned())
                    .bind(client_id.to_owned())
                    .fetch_optional(self.reader())
                    .await?;
                row.as_ref().map(rows::client).transpose()
            }

            async fn active_grant(
                &self,
                domain_id: &str,
                user_id: &str,
                client_id: &str,
            ) -> Result<Option<Grant>> {
                let row = sqlx::query(
                    "SELECT * FROM grants WHERE domain_id = $1 AND user_id = $2 AND client_id = $3 AND revoked_at IS NULL",
                )
                .bind(domain_id.to_owned())
                .bind(user_id.to_owned())
                .bind(client_id.to_owned())
                .fetch_optional(self.reader())
                .await?;
                row.as_ref().map(rows::grant).transpose()
            }

            async fn save_consent(&self, new: NewConsent) -> Result<Grant> {
                // Compare-and-swap instead of "read, then write": two consents racing on any SQL
                // database both end up in the grant (the loser retries against the winner's scopes),
                // and two first consents cannot create two active grants (the unique index refuses
                // the second, which then widens the first).
                for _ in 0..8 {
                    let existing = sqlx::query(
                        "SELECT * FROM grants WHERE domain_id = $1 AND user_id = $2 AND client_id = $3 AND revoked_at IS NULL",
                    )
                    .bind(new.domain_id.clone())
                    .bind(new.user_id.clone())
                    .bind(new.client_id.clone())
                    .fetch_optional(self.writer())
                    .await?;
                    match existing.as_ref().map(rows::grant).transpose()? {
                        Some(mut g) => {
                            let widened = g.scopes.union(&new.scopes);
                            let done = sqlx::query(
                                "UPDATE grants SET scopes = $1, updated_at = $2
                                 WHERE id = $3 AND scopes = $4 AND revoked_at IS NULL",
                            )
                            .bind(widened.to_string())
                            .bind(new.now)
                            .bind(g.id.clone())
                            .bind(g.scopes.to_string())
                            .execute(self.writer())
                            .await?;
                            if done.rows_affected() == 1 {
                                g.scopes = widened;
                                g.updated_at = new.now;
                                return Ok(g);
                            }
                        }
                        None => {
                            let inserted = sqlx::query(
                                "INSERT INTO grants (id, domain_id, user_id, client_id, scopes, created_at, updated_at)
                                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                            )
                            .bind(new.new_id.clone())
                            .bind(new.domain_id.clone())
                            .bind(new.user_id.clone())
                            .bind(new.client_id.clone())
                            .bind(new.scopes.to_string())
                            .bind(new.now)
                            .bind(new.now)
                            .execute(self.writer())
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
                                    });
                                }
                                Err(e) => match conflict_or(e, "an active grant for this user and client") {
                                    StoreError::Conflict(_) => continue,
                                    other => return Err(other),
                                },
                            }
                        }
                    }
                }
                Err(StoreError::Conflict("a concurrently changing grant"))
            }

            async fn grants_of_user(&self, domain_id: &str, user_id: &str) -> Result<Vec<Grant>> {
                let rows = sqlx::query(
                    "SELECT * FROM grants WHERE domain_id = $1 AND user_id = $2 AND revoked_at IS NULL ORDER BY created_at",
                )
                .bind(domain_id.to_owned())
                .bind(user_id.to_owned())
                .fetch_all(self.reader())
                .await?;
                rows.iter().map(rows::grant).collect()
            }

            async fn revoke_grant(&self, domain_id: &str, grant_id: &str, now: UnixTime) -> Result<bool> {
                let mut tx = self.writer().begin().await?;
                let revoked = revoke_grant_in(&mut tx, domain_id, grant_id, now).await?;
                tx.commit().await?;
                Ok(revoked)
            }

            async fn insert_code(&self, code: NewAuthCode) -> Result<()> {
                let (challenge, method) = match &code.code_challenge {
                    Some((c, m)) => (Some(c.clone()), Some(m.as_str())),
                    None => (None, None),
                };
                sqlx::query(
                    "INSERT INTO authorization_codes (digest, domain_id, client_id, user_id, grant_id, redirect_uri,
                         redirect_uri_given, scopes, code_challenge, code_challenge_method, created_at, expires_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(bytes(&code.digest))
                .bind(code.domain_id)
                .bind(code.client_id)
                .bind(code.user_id)
                .bind(code.grant_id)
                .bind(code.redirect_uri)
                .bind(code.redirect_uri_given)
                .bind(code.scopes.to_string())
                .bind(challenge)
                .bind(method)
                .bind(code.created_at)
                .bind(code.expires_at)
                .execute(self.writer())
                .await
                .map_err(|e| conflict_or(e, "this authorization code"))?;
                Ok(())
            }

            async fn code_by_digest(
                &self,
                domain_id: &str,
                digest: &SecretDigest,
            ) -> Result<Option<AuthCode>> {
                let row =
                    sqlx::query("SELECT * FROM authorization_codes WHERE domain_id = $1 AND digest = $2")
                        .bind(domain_id.to_owned())
                        .bind(bytes(digest))
                        .fetch_optional(self.reader())
                        .await?;
                row.as_ref().map(rows::code).transpose()
            }

            async fn redeem_code(
                &self,
                domain_id: &str,
                digest: &SecretDigest,
                now: UnixTime,
                tokens: IssuedTokens,
            ) -> Result<Redemption> {
                self.spend_once(
                    "UPDATE authorization_codes SET used_at = $1
                     WHERE domain_id = $2 AND digest = $3 AND used_at IS NULL AND expires_at > $4
                       AND EXISTS (SELECT 1 FROM grants g WHERE g.id = authorization_codes.grant_id AND g.revoked_at IS NULL)
                     RETURNING grant_id",
                    "SELECT grant_id FROM authorization_codes WHERE domain_id = $1 AND digest = $2 AND used_at IS NOT NULL",
                    domain_id,
                    digest,
                    now,
                    tokens,
                )
                .await
            }

            async fn insert_access_token(&self, token: NewAccessToken) -> Result<()> {
                self.access_tokens.submit(token).await
            }

            async fn access_token(
                &self,
                domain_id: &str,
                digest: &SecretDigest,
            ) -> Result<Option<TokenRecord>> {
                self.find_token($crate::sql::token_select!("access_tokens", ""), false, domain_id, digest)
                    .await
            }

            async fn refresh_token(
                &self,
                domain_id: &str,
                digest: &SecretDigest,
            ) -> Result<Option<TokenRecord>> {
                self.find_token($crate::sql::token_select!("refresh_tokens", ", t.used_at"), true, domain_id, digest)
                    .await
            }

            async fn rotate_refresh_token(
                &self,
                domain_id: &str,
                digest: &SecretDigest,
                now: UnixTime,
                tokens: IssuedTokens,
            ) -> Result<Redemption> {
                self.spend_once(
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

            async fn revoke_access_token(
                &self,
                domain_id: &str,
                digest: &SecretDigest,
                now: UnixTime,
            ) -> Result<bool> {
                let done = sqlx::query(
                    "UPDATE access_tokens SET revoked_at = $1 WHERE domain_id = $2 AND digest = $3 AND revoked_at IS NULL",
                )
                .bind(now)
                .bind(domain_id.to_owned())
                .bind(bytes(digest))
                .execute(self.writer())
                .await?;
                Ok(done.rows_affected() > 0)
            }

            async fn revoke_refresh_token(
                &self,
                domain_id: &str,
                digest: &SecretDigest,
                now: UnixTime,
            ) -> Result<Option<String>> {
                let mut tx = self.writer().begin().await?;
                let grant_id: Option<String> = sqlx::query_scalar(
                    "SELECT grant_id FROM refresh_tokens WHERE domain_id = $1 AND digest = $2",
                )
                .bind(domain_id.to_owned())
                .bind(bytes(digest))
                .fetch_optional(&mut *tx)
                .await?;
                if let Some(g) = &grant_id {
                    revoke_grant_tokens(&mut tx, domain_id, g, now).await?;
                }
                tx.commit().await?;
                Ok(grant_id)
            }

            async fn record_failure(&self, key: &str, now: UnixTime, window_secs: i64) -> Result<u32> {
                let start = jeton_core::lockout::window_start(now, window_secs);
                // One upsert: concurrent failures on any instance all count.
                let count: i64 = sqlx::query_scalar(
                    "INSERT INTO failure_counters (key, window_start, count, expires_at) VALUES ($1, $2, 1, $3)
                     ON CONFLICT (key) DO UPDATE SET
                         count = CASE WHEN failure_counters.window_start = excluded.window_start
                                      THEN failure_counters.count + 1 ELSE 1 END,
                         window_start = excluded.window_start,
                         expires_at = excluded.expires_at
                     RETURNING count",
                )
                .bind(key.to_owned())
                .bind(start)
                .bind(start + window_secs)
                .fetch_one(self.writer())
                .await?;
                Ok(count.clamp(0, u32::MAX as i64) as u32)
            }

            async fn failures(&self, key: &str, now: UnixTime, window_secs: i64) -> Result<u32> {
                let start = jeton_core::lockout::window_start(now, window_secs);
                let count: Option<i64> =
                    sqlx::query_scalar("SELECT count FROM failure_counters WHERE key = $1 AND window_start = $2")
                        .bind(key.to_owned())
                        .bind(start)
                        .fetch_optional(self.reader())
                        .await?;
                Ok(count.unwrap_or(0).clamp(0, u32::MAX as i64) as u32)
            }

            async fn create_session(&self, new: NewSession) -> Result<()> {
                sqlx::query("INSERT INTO sessions (digest, domain_id, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(bytes(&new.digest))
                    .bind(new.domain_id)
                    .bind(new.user_id)
                    .bind(new.created_at)
                    .bind(new.expires_at)
                    .execute(self.writer())
                    .await
                    .map_err(|e| conflict_or(e, "this session"))?;
                Ok(())
            }

            async fn session(
                &self,
                domain_id: &str,
                digest: &SecretDigest,
                now: UnixTime,
            ) -> Result<Option<(Session, User)>> {
                let row = sqlx::query(
                    "SELECT s.created_at AS s_created_at, s.expires_at AS s_expires_at, u.*
                     FROM sessions s JOIN users u ON u.id = s.user_id
                     WHERE s.domain_id = $1 AND s.digest = $2 AND s.expires_at > $3 AND u.disabled = FALSE",
                )
                .bind(domain_id.to_owned())
                .bind(bytes(digest))
                .bind(now)
                .fetch_optional(self.reader())
                .await?;
                let Some(row) = row else { return Ok(None) };
                use sqlx::Row;
                let user = rows::user(&row)?;
                let session = Session {
                    domain_id: domain_id.to_owned(),
                    user_id: user.id.clone(),
                    created_at: row.try_get("s_created_at")?,
                    expires_at: row.try_get("s_expires_at")?,
                };
                Ok(Some((session, user)))
            }

            async fn delete_session(&self, domain_id: &str, digest: &SecretDigest) -> Result<()> {
                sqlx::query("DELETE FROM sessions WHERE domain_id = $1 AND digest = $2")
                    .bind(domain_id.to_owned())
                    .bind(bytes(digest))
                    .execute(self.writer())
                    .await?;
                Ok(())
            }

            async fn sweep_expired(&self, now: UnixTime, batch: u32) -> Result<u64> {
                self.sweep(now, batch).await
            }
        }
    };
}
pub(crate) use shared_sql_store;
