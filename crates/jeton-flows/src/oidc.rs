//! OpenID Connect on top of the OAuth flows: the ID token of the code flow, UserInfo, and
//! our own ID tokens presented back as `id_token_hint`.

use jeton_core::claims_request;
use jeton_core::oidc::{self, HintRefused, IdTokenFacts, IdTokenHint};
use jeton_core::signing;
use jeton_core::{ErrorCode, OAuthError};
use jeton_store::{AuthCode, Client, ClientOptions, Domain, StoreError, TokenRecord, UserId};
use serde_json::{Map, Value};

use crate::Flows;
use crate::error::FlowResult;
use crate::tokens::TokenAnswer;

/// Why UserInfo refuses (RFC 6750 §3.1); the server adds `WWW-Authenticate`.
#[derive(Debug)]
pub enum UserInfoError {
    /// No usable access token: unknown, expired, revoked (`invalid_token`, 401).
    InvalidToken,
    /// A token without `openid`, or not about a user (`insufficient_scope`, 403).
    InsufficientScope,
    Store(StoreError),
}

impl From<StoreError> for UserInfoError {
    fn from(e: StoreError) -> Self {
        Self::Store(e)
    }
}

enum HintError {
    Refused(HintRefused),
    Store(StoreError),
}

impl From<HintRefused> for HintError {
    fn from(e: HintRefused) -> Self {
        Self::Refused(e)
    }
}

impl From<StoreError> for HintError {
    fn from(e: StoreError) -> Self {
        Self::Store(e)
    }
}

impl Flows {
    /// The `sub` a client with `options` sees for `user_id` (Core §8): its id, or for a
    /// pairwise client the value under the domain's salt (read only for those).
    pub async fn subject(
        &self,
        domain: &Domain,
        options: &ClientOptions,
        user_id: &UserId,
    ) -> Result<String, StoreError> {
        if options.pairwise_sector.is_none() {
            return Ok(user_id.to_string());
        }
        let salt = self
            .store
            .pairwise_salt(&domain.id)
            .await?
            .ok_or(StoreError::NotFound("domain"))?;
        Ok(options.subject(&salt, user_id.as_str()))
    }

    pub(crate) async fn code_flow_id_token(
        &self,
        domain: &Domain,
        client: &Client,
        code: &AuthCode,
        answer: &TokenAnswer,
        issuer: &str,
    ) -> FlowResult<String> {
        let alg = client.options.id_token_alg();
        let signer = self.signer(&domain.id, alg).await?;
        let auth_time = code.auth_time.ok_or_else(|| {
            OAuthError::new(
                ErrorCode::InvalidGrant,
                "this authorization code predates OpenID Connect support; start again",
            )
        })?;
        // Core §5.5: the claims the request asked for in the ID token. With an access token,
        // the scope-released ones are UserInfo's (§5.4), so only the asked-for ones are here.
        let user_claims = if code.claims.id_token.is_empty() {
            Map::new()
        } else {
            match self.store.user_by_id(&domain.id, &code.user_id).await? {
                Some(user) => claims_request::requested_user_claims(&user, &code.claims.id_token),
                None => Map::new(),
            }
        };
        let sub = self.subject(domain, &client.options, &code.user_id).await?;
        let client_id = client.id.to_string();
        let claims = oidc::id_token_claims(
            &IdTokenFacts {
                issuer,
                user_id: &sub,
                client_id: &client_id,
                now: self.now(),
                lifetime_secs: client.options.id_token_ttl(&domain.settings),
                auth_time,
                nonce: code.nonce.as_deref(),
                access_token: Some(&answer.access_token),
                code: None,
                alg,
            },
            user_claims,
        );
        Ok(signer.sign("JWT", &claims))
    }

    /// The ID token of a refresh (Core §12.2): the same `iss`, `sub`, `aud` and `azp` as at
    /// the sign-in, the sign-in's `auth_time` (kept by the refresh chain), a new `iat`, and
    /// `at_hash` of the new access token. No `nonce`: a refresh is not an authentication
    /// request, and echoing the first one's would look like a replay to the client.
    pub(crate) async fn refresh_id_token(
        &self,
        domain: &Domain,
        client: &Client,
        user_id: &UserId,
        auth_time: jeton_core::clock::UnixTime,
        access_token: &str,
        issuer: &str,
    ) -> Result<String, StoreError> {
        let alg = client.options.id_token_alg();
        let signer = self.signer(&domain.id, alg).await?;
        let sub = self.subject(domain, &client.options, user_id).await?;
        let client_id = client.id.to_string();
        let claims = oidc::id_token_claims(
            &IdTokenFacts {
                issuer,
                user_id: &sub,
                client_id: &client_id,
                now: self.now(),
                lifetime_secs: client.options.id_token_ttl(&domain.settings),
                auth_time,
                nonce: None,
                access_token: Some(access_token),
                code: None,
                alg,
            },
            // With an access token, the scope-released claims are UserInfo's (§5.4).
            Map::new(),
        );
        Ok(signer.sign("JWT", &claims))
    }

    /// An ID token this domain issued, presented back as `id_token_hint` (Core §3.1.2.1,
    /// RP-Initiated Logout §2): `None` unless it is signed by one of the domain's published,
    /// unretired keys (the JWKS) and `oidc::check_id_token_hint` accepts it for `issuer`. An
    /// expired token is accepted (RP-Initiated Logout §2); a retired key's is not, which
    /// bounds how old an accepted hint can be. A store failure is logged and answers `None`:
    /// without a verified hint nothing trusts the request.
    pub async fn id_token_hint(
        &self,
        domain: &Domain,
        jws: &str,
        issuer: &str,
    ) -> Option<IdTokenHint> {
        match self.check_id_token_hint(domain, jws, issuer).await {
            Ok(hint) => Some(hint),
            Err(HintError::Refused(why)) => {
                tracing::info!(domain = %domain.slug, %why, "id_token_hint refused");
                None
            }
            Err(HintError::Store(e)) => {
                tracing::warn!(domain = %domain.slug, error = %e, "id_token_hint not checked: store failure");
                None
            }
        }
    }

    async fn check_id_token_hint(
        &self,
        domain: &Domain,
        jws: &str,
        issuer: &str,
    ) -> Result<IdTokenHint, HintError> {
        let parsed = signing::parse(jws).ok_or(HintRefused::Malformed)?;
        let kid = parsed.kid.as_deref().ok_or(HintRefused::UnknownKey)?;
        let now = self.now();
        // A key past its retirement date verifies nothing, even before the job deletes it.
        let key = self
            .store
            .signing_keys(&domain.id)
            .await?
            .into_iter()
            .filter(|k| k.retire_at.is_none_or(|at| now < at))
            .find(|k| k.kid == kid)
            .ok_or(HintRefused::UnknownKey)?;
        if !parsed.verify(&key.public_jwk) {
            return Err(HintRefused::BadSignature.into());
        }
        Ok(oidc::check_id_token_hint(
            parsed.typ.as_deref(),
            &parsed.claims,
            issuer,
        )?)
    }

    /// UserInfo (OpenID Connect Core §5.3): the claims an access token with `openid` may
    /// read about its user.
    pub async fn userinfo(
        &self,
        domain: &Domain,
        access_token: &str,
    ) -> Result<Map<String, Value>, UserInfoError> {
        let record: Option<std::sync::Arc<TokenRecord>> =
            self.active_access_token(domain, access_token).await?;
        let record = record.ok_or(UserInfoError::InvalidToken)?;
        if !oidc::is_oidc(&record.scopes) {
            return Err(UserInfoError::InsufficientScope);
        }
        let user_id: &UserId = record
            .user_id
            .as_ref()
            .ok_or(UserInfoError::InsufficientScope)?;
        let user = self
            .store
            .user_by_id(&domain.id, user_id)
            .await?
            .filter(|u| !u.disabled)
            .ok_or(UserInfoError::InvalidToken)?;
        // Core §8: the `sub` of the client the token was issued to (pairwise or public),
        // the same as in its ID token. The client may since have been revoked: the token
        // would then not be active, so its absence here is only a race, answered as such.
        let client = self
            .cache
            .client(&domain.id, &record.client_id)
            .await?
            .ok_or(UserInfoError::InvalidToken)?;
        let mut claims = Map::new();
        claims.insert(
            "sub".into(),
            self.subject(domain, &client.options, &user.id)
                .await?
                .into(),
        );
        claims.extend(oidc::user_claims(&user, &record.scopes));
        // Core §5.5 `userinfo`: the claims the grant's latest authorization asked for.
        if let Some(grant_id) = &record.grant_id {
            let asked = self.store.userinfo_claims(&domain.id, grant_id).await?;
            claims.extend(claims_request::requested_user_claims(&user, &asked));
        }
        Ok(claims)
    }
}

/// How long an access token from the implicit grant lives: it travels in a URL fragment
/// and the browser's history, and cannot be refreshed, so it is kept short.
pub const IMPLICIT_ACCESS_TOKEN_LIFETIME_SECS: i64 = 600;

/// What the implicit grant sends in the fragment (RFC 6749 §4.2.2, Core §3.2.2.5).
#[derive(Debug, Clone)]
pub struct ImplicitAnswer {
    pub access_token: Option<(String, i64)>,
    pub id_token: Option<String>,
    pub scope: String,
}

impl Flows {
    /// Issues what an implicit response type asks for, under `grant_id`: an access token
    /// (short-lived, never a refresh token), an ID token, or both.
    pub async fn issue_implicit(
        &self,
        domain: &Domain,
        flow: &crate::consent::Authorization,
        grant_id: &jeton_store::GrantId,
        issuer: &str,
    ) -> FlowResult<ImplicitAnswer> {
        let response_type = flow.valid.response_type;
        let now = self.now();
        let access_token = if response_type.issues_access_token() {
            // Core §5.5 `userinfo`: what this token's UserInfo answers besides its scopes.
            self.store
                .set_userinfo_claims(&domain.id, grant_id, &flow.valid.claims.userinfo)
                .await?;
            let subject = crate::tokens::Subject {
                user_id: Some(&flow.user.id),
                grant_id: Some(grant_id),
                auth_time: Some(flow.auth_time),
                chain_started_at: None,
            };
            let issuance = crate::tokens::Issuance {
                issuer,
                resources: &[],
                max_lifetime_secs: Some(IMPLICIT_ACCESS_TOKEN_LIFETIME_SECS),
            };
            let minter = self.minter(domain, &flow.client, issuance).await?;
            let (tokens, answer) =
                self.mint(&minter, domain, &flow.client, &subject, &flow.scopes, None);
            let expires_at = tokens.access.expires_at;
            self.store.insert_access_token(tokens.access).await?;
            self.metrics.issued("implicit");
            Some((answer.access_token, expires_at - now))
        } else {
            None
        };
        let id_token = if response_type.issues_id_token() {
            let alg = flow.client.options.id_token_alg();
            let signer = self.signer(&domain.id, alg).await?;
            let user_id = self
                .subject(domain, &flow.client.options, &flow.user.id)
                .await?;
            let client_id = flow.client.id.to_string();
            // Without an access token, the scope-released claims are the ID token's (§5.4);
            // the ones the `claims` parameter asks for are, either way (§5.5).
            let mut user = if access_token.is_none() {
                oidc::user_claims(&flow.user, &flow.scopes)
            } else {
                Map::new()
            };
            user.extend(claims_request::requested_user_claims(
                &flow.user,
                &flow.valid.claims.id_token,
            ));
            let claims = oidc::id_token_claims(
                &IdTokenFacts {
                    issuer,
                    user_id: &user_id,
                    client_id: &client_id,
                    now,
                    lifetime_secs: flow.client.options.id_token_ttl(&domain.settings),
                    auth_time: flow.auth_time,
                    nonce: flow.valid.nonce.as_deref(),
                    access_token: access_token.as_ref().map(|(t, _)| t.as_str()),
                    code: None,
                    alg,
                },
                user,
            );
            Some(signer.sign("JWT", &claims))
        } else {
            None
        };
        Ok(ImplicitAnswer {
            access_token,
            id_token,
            scope: flow.scopes.to_string(),
        })
    }
}
