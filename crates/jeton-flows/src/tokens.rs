//! Minting the tokens of a successful grant (RFC 6749 §5.1): what to store and what to send.
//!
//! An access token is opaque (`jeton_at_…`) or a JWT (RFC 9068), as the client (or else its
//! domain) chooses. Either way a row keyed by `SecretDigest::of(token)` is stored, so
//! introspection, revocation, the grant cascade and the cache treat both alike.

use std::sync::Arc;

use jeton_core::access_token::{self, AccessTokenFormat, JwtClaims, Resource};
use jeton_core::clock::UnixTime;
use jeton_core::scope::ScopeSet;
use jeton_core::secret::{self, SecretDigest, SecretKind};
use jeton_core::signing::Signer;
use jeton_store::{
    Client, Domain, GrantId, IssuedTokens, NewAccessToken, NewRefreshToken, RefreshChain,
    StoreError, UserId,
};

use crate::Flows;

/// The successful token response's content (RFC 6749 §5.1); the server adds the headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenAnswer {
    pub access_token: String,
    pub token_type: &'static str,
    pub expires_in: i64,
    pub refresh_token: Option<String>,
    pub scope: String,
    /// OpenID Connect: the ID token, when `openid` was granted on the code flow.
    pub id_token: Option<String>,
}

/// Who the tokens are for.
pub struct Subject<'a> {
    pub user_id: Option<&'a UserId>,
    pub grant_id: Option<&'a GrantId>,
    /// When the person signed in, where known (the code flow); a JWT's `auth_time`.
    pub auth_time: Option<UnixTime>,
    /// A refresh: when the chain of the token it rotates began (bounds the successor's
    /// absolute lifetime). `None`: a new chain starts now.
    pub chain_started_at: Option<UnixTime>,
}

/// What every token request says beyond its grant (any grant may carry it).
#[derive(Debug, Clone, Copy)]
pub struct Issuance<'a> {
    /// The domain's issuer: a JWT's `iss`, and its `aud` when no resource was named.
    pub issuer: &'a str,
    /// RFC 8707 resource indicators: a JWT's `aud`.
    pub resources: &'a [Resource],
    /// A shorter access-token lifetime than the domain's (the implicit grant's).
    pub max_lifetime_secs: Option<i64>,
}

/// How this request's access token is made: the key that signs it, or `None` for opaque.
pub(crate) struct Minter<'a> {
    issuance: Issuance<'a>,
    signer: Option<Arc<Signer>>,
}

impl Flows {
    /// How `client`'s access tokens are made. For an opaque token this reads and awaits
    /// nothing (it answers on the first poll); for a JWT it takes the domain's key for the
    /// client's algorithm (`id_token_signed_response_alg`, ES256 by default) from the signer
    /// cache, which reads the database only when the key is not cached.
    pub(crate) async fn minter<'a>(
        &self,
        domain: &Domain,
        client: &Client,
        issuance: Issuance<'a>,
    ) -> Result<Minter<'a>, StoreError> {
        let signer = match client.options.access_token_format(&domain.settings) {
            AccessTokenFormat::Opaque => None,
            AccessTokenFormat::Jwt => Some(
                self.signer(&domain.id, client.options.id_token_alg())
                    .await?,
            ),
        };
        Ok(Minter { issuance, signer })
    }

    /// Mints an access token with `scopes`, and a refresh token with `refresh_scopes` when
    /// given (RFC 6749 §6: a rotated refresh token keeps the scope of the one it replaces,
    /// even when the access token was narrowed). Stores nothing.
    pub(crate) fn mint(
        &self,
        minter: &Minter<'_>,
        domain: &Domain,
        client: &Client,
        subject: &Subject<'_>,
        scopes: &ScopeSet,
        refresh_scopes: Option<&ScopeSet>,
    ) -> (IssuedTokens, TokenAnswer) {
        let now: UnixTime = self.now();
        // Noted before the rows are stored: if storing fails, "last used" is a moment early,
        // which is all it can be wrong by.
        self.usage.note(&client.id, subject.grant_id, now);
        let random = self.random.as_ref();
        let expires_at = match minter.issuance.max_lifetime_secs {
            Some(cap) => client
                .options
                .access_token_expiry(&domain.settings, now)
                .min(now + cap),
            None => client.options.access_token_expiry(&domain.settings, now),
        };
        let scope = scopes.to_string();
        let (access_value, access_digest) = match &minter.signer {
            None => {
                let minted = secret::mint_ordered(SecretKind::AccessToken, random, now);
                (minted.value, minted.digest)
            }
            Some(signer) => {
                let jti = secret::ordered_id(random, now);
                let client_id = client.id.to_string();
                let user_id = subject.user_id.map(|u| u.to_string());
                let claims = JwtClaims {
                    jti: &jti,
                    iss: minter.issuance.issuer,
                    exp: expires_at,
                    aud: access_token::audience(minter.issuance.resources, minter.issuance.issuer),
                    // RFC 9068 §2.2: the client itself when no user is involved.
                    sub: user_id.as_deref().unwrap_or(&client_id),
                    client_id: &client_id,
                    iat: now,
                    auth_time: subject.auth_time,
                    scope: &scope,
                };
                let jwt = signer.sign(access_token::JWT_TYP, &claims);
                let digest = SecretDigest::of(&jwt);
                (jwt, digest)
            }
        };
        let access_row = NewAccessToken {
            digest: access_digest,
            domain_id: domain.id.clone(),
            client_id: client.id.clone(),
            user_id: subject.user_id.cloned(),
            grant_id: subject.grant_id.cloned(),
            scopes: scopes.clone(),
            issued_at: now,
            expires_at,
        };
        let refresh = match (refresh_scopes, subject.user_id, subject.grant_id) {
            (Some(refresh_scopes), Some(user_id), Some(grant_id)) => {
                let chain = RefreshChain {
                    started_at: subject.chain_started_at.unwrap_or(now),
                    auth_time: subject.auth_time,
                };
                let minted = secret::mint_ordered(SecretKind::RefreshToken, random, now);
                let row = NewRefreshToken {
                    digest: minted.digest,
                    domain_id: domain.id.clone(),
                    client_id: client.id.clone(),
                    user_id: user_id.clone(),
                    grant_id: grant_id.clone(),
                    scopes: refresh_scopes.clone(),
                    issued_at: now,
                    expires_at: client.options.refresh_token_expiry(
                        &domain.settings,
                        chain.started_at,
                        now,
                    ),
                    chain,
                };
                Some((minted.value, row))
            }
            _ => None,
        };
        let (refresh_value, refresh_row) = refresh.unzip();
        let answer = TokenAnswer {
            access_token: access_value,
            token_type: "Bearer",
            expires_in: expires_at - now,
            refresh_token: refresh_value,
            scope,
            id_token: None,
        };
        (
            IssuedTokens {
                access: access_row,
                refresh: refresh_row,
            },
            answer,
        )
    }
}
