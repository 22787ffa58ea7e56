//! Authorization codes: stored digests, consumed atomically (one winner under
//! concurrency, DESIGN §5).

use async_trait::async_trait;
use jeton_core::claims_request::ClaimsRequest;
use jeton_core::clock::UnixTime;
use jeton_core::pkce::ChallengeMethod;
use jeton_core::secret::SecretDigest;

use crate::sql::db::{Row, sql};
use crate::sql::rows::{corrupt, id, scopes};
use crate::sql::{SqlStore, bytes, conflict_or};
use crate::tokens::spend_once;
use crate::{AuthCode, DomainId, IssuedTokens, NewAuthCode, Redemption, Result};

#[async_trait]
pub trait Codes: Send + Sync {
    async fn insert_code(&self, code: NewAuthCode) -> Result<()>;
    async fn code_by_digest(
        &self,
        domain_id: &DomainId,
        digest: &SecretDigest,
    ) -> Result<Option<AuthCode>>;
    /// Consumes the code and stores the tokens in one transaction. Exactly one caller wins for
    /// a given code; every other gets [`Redemption::AlreadyUsed`] and the grant is revoked
    /// (RFC 6749 §4.1.2, DESIGN §5).
    async fn redeem_code(
        &self,
        domain_id: &DomainId,
        digest: &SecretDigest,
        now: UnixTime,
        tokens: IssuedTokens,
    ) -> Result<Redemption>;
}

#[async_trait]
impl Codes for SqlStore {
    async fn insert_code(&self, code: NewAuthCode) -> Result<()> {
        let (challenge, method) = match &code.code_challenge {
            Some((c, m)) => (Some(c.clone()), Some(m.as_str())),
            None => (None, None),
        };
        sql("INSERT INTO authorization_codes (digest, domain_id, client_id, user_id, grant_id, redirect_uri,
                 redirect_uri_given, scopes, code_challenge, code_challenge_method, created_at, expires_at,
                 nonce, auth_time, claims)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)")
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
        .bind(code.nonce)
        .bind(code.auth_time)
        .bind(claims_json(&code.claims))
        .execute(&self.writer)
        .await
        .map_err(|e| conflict_or(e, "this authorization code"))?;
        Ok(())
    }

    async fn code_by_digest(
        &self,
        domain_id: &DomainId,
        digest: &SecretDigest,
    ) -> Result<Option<AuthCode>> {
        let row = sql("SELECT * FROM authorization_codes WHERE domain_id = $1 AND digest = $2")
            .bind(domain_id)
            .bind(bytes(digest))
            .fetch_optional(&self.reader)
            .await?;
        row.as_ref().map(code).transpose()
    }

    async fn redeem_code(
        &self,
        domain_id: &DomainId,
        digest: &SecretDigest,
        now: UnixTime,
        tokens: IssuedTokens,
    ) -> Result<Redemption> {
        spend_once(
            self,
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
}

fn code(row: &Row) -> Result<AuthCode> {
    let challenge: Option<String> = row.get("code_challenge")?;
    let method: Option<String> = row.get("code_challenge_method")?;
    let code_challenge = match (challenge, method) {
        (Some(c), Some(m)) => Some((
            c,
            ChallengeMethod::parse(&m).ok_or_else(|| corrupt("PKCE method"))?,
        )),
        (None, None) => None,
        _ => return Err(corrupt("PKCE challenge without method")),
    };
    Ok(AuthCode {
        domain_id: id(row, "domain_id")?,
        client_id: id(row, "client_id")?,
        user_id: id(row, "user_id")?,
        grant_id: id(row, "grant_id")?,
        redirect_uri: row.get("redirect_uri")?,
        redirect_uri_given: row.get("redirect_uri_given")?,
        scopes: scopes(row, "scopes")?,
        code_challenge,
        nonce: row.get("nonce")?,
        auth_time: row.get("auth_time")?,
        claims: serde_json::from_str(&row.get::<String>("claims")?)
            .map_err(|_| corrupt("authorization code claims"))?,
        created_at: row.get("created_at")?,
        expires_at: row.get("expires_at")?,
        used_at: row.get("used_at")?,
    })
}

fn claims_json(claims: &ClaimsRequest) -> String {
    serde_json::to_string(claims).expect("a claims request serializes")
}
