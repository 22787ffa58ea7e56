//! Minting the tokens of a successful grant (RFC 6749 §5.1): what to store and what to send.

use jeton_core::clock::UnixTime;
use jeton_core::scope::ScopeSet;
use jeton_core::secret::{self, SecretKind};
use jeton_store::{Client, Domain, GrantId, IssuedTokens, NewAccessToken, NewRefreshToken, UserId};

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
}

impl Flows {
    /// Mints an access token with `scopes`, and a refresh token with `refresh_scopes` when
    /// given (RFC 6749 §6: a rotated refresh token keeps the scope of the one it replaces,
    /// even when the access token was narrowed). Stores nothing.
    pub fn mint(
        &self,
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
        let access = secret::mint_ordered(SecretKind::AccessToken, random, now);
        let expires_at = domain.settings.access_token_expiry(now);
        let access_row = NewAccessToken {
            digest: access.digest,
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
                let minted = secret::mint_ordered(SecretKind::RefreshToken, random, now);
                let row = NewRefreshToken {
                    digest: minted.digest,
                    domain_id: domain.id.clone(),
                    client_id: client.id.clone(),
                    user_id: user_id.clone(),
                    grant_id: grant_id.clone(),
                    scopes: refresh_scopes.clone(),
                    issued_at: now,
                    expires_at: domain.settings.refresh_token_expiry(now),
                };
                Some((minted.value, row))
            }
            _ => None,
        };
        let (refresh_value, refresh_row) = refresh.unzip();
        let answer = TokenAnswer {
            access_token: access.value,
            token_type: "Bearer",
            expires_in: expires_at - now,
            refresh_token: refresh_value,
            scope: scopes.to_string(),
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
