//! The token endpoint (RFC 6749 §3.2, §4.1.3, §4.4, §6).

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use jeton_core::capabilities::{ClientAuthEndpoint, SERVED};
use jeton_core::grant_type::{GrantType, check_grant_allowed};
use jeton_core::scope::{self, ScopeRefusal, ScopeSet};
use jeton_core::secret::{SecretDigest, SecretKind};
use jeton_core::{OAuthError, pkce, redirect_uri, refresh};
use jeton_store::{Client, Domain, Redemption};

use crate::oauth::client_auth;
use crate::oauth::error::OAuthErrorResponse;
use crate::oauth::form::OAuthForm;
use crate::oauth::issue::{self, Subject};
use crate::state::AppState;
use crate::web::client_ip::ClientOrigin;
use crate::web::domain::CurrentDomain;

type Answer = Result<Response, OAuthErrorResponse>;

pub async fn token(
    State(state): State<AppState>,
    CurrentDomain(domain): CurrentDomain,
    origin: ClientOrigin,
    headers: HeaderMap,
    form: OAuthForm,
) -> Answer {
    let grant_type = form.require("grant_type")?;
    // Unknown grant types are refused before authenticating, as RFC 6749 §5.2 allows either.
    let grant = SERVED.grant_type(grant_type)?;
    let client = client_auth::authenticate(&state, &domain, &headers, &form, origin).await?;
    SERVED.check_client_auth(ClientAuthEndpoint::Token, client.auth_method)?;
    check_grant_allowed(&client.grant_types, grant)?;
    match grant {
        GrantType::AuthorizationCode => authorization_code(&state, &domain, &client, &form).await,
        GrantType::ClientCredentials => client_credentials(&state, &domain, &client, &form).await,
        GrantType::RefreshToken => refresh_token(&state, &domain, &client, &form).await,
        GrantType::Password | GrantType::Implicit => {
            unreachable!("not in the capability table")
        }
    }
}

fn requested_scope(form: &OAuthForm) -> Result<Option<ScopeSet>, OAuthError> {
    form.get("scope")
        .map(ScopeSet::parse)
        .transpose()
        .map_err(|e| OAuthError::invalid_scope(e.to_string()))
}

/// RFC 6749 §4.1.3.
async fn authorization_code(
    state: &AppState,
    domain: &Domain,
    client: &Client,
    form: &OAuthForm,
) -> Answer {
    let code = form.require("code")?;
    let invalid =
        || OAuthError::invalid_grant("the authorization code is invalid, expired or already used");
    if SecretKind::of(code) != Some(SecretKind::AuthorizationCode) {
        return Err(invalid().into());
    }
    let digest = SecretDigest::of(code);
    let now = state.now();
    let stored = state
        .store
        .code_by_digest(&domain.id, &digest)
        .await?
        .ok_or_else(invalid)?;
    // A code issued to another client is treated as unknown: it tells the caller nothing.
    if stored.client_id != client.id || now >= stored.expires_at {
        return Err(invalid().into());
    }
    if stored.used_at.is_some() {
        // RFC 6749 §4.1.2: a second use revokes everything issued from the code.
        state
            .store
            .revoke_grant(&domain.id, &stored.grant_id, now)
            .await?;
        state.cache.invalidate_grant(&stored.grant_id);
        tracing::warn!(client_id = %client.id, grant_id = %stored.grant_id, "authorization code replayed; grant revoked");
        return Err(invalid().into());
    }
    redirect_uri::check_at_redemption(
        &stored.redirect_uri,
        stored.redirect_uri_given,
        form.get("redirect_uri"),
    )?;
    let challenge = stored
        .code_challenge
        .as_ref()
        .map(|(c, m)| (c.as_str(), *m));
    pkce::check_at_redemption(challenge, form.get("code_verifier"))?;

    let subject = Subject {
        user_id: Some(&stored.user_id),
        grant_id: Some(&stored.grant_id),
    };
    let refresh_scopes = client
        .grant_types
        .contains(&GrantType::RefreshToken)
        .then_some(&stored.scopes);
    let (tokens, response) = issue::mint(
        state,
        domain,
        client,
        &subject,
        &stored.scopes,
        refresh_scopes,
    );
    match state
        .store
        .redeem_code(&domain.id, &digest, now, tokens)
        .await?
    {
        Redemption::Issued => Ok(response.into_response()),
        Redemption::AlreadyUsed { grant_id } => {
            state.cache.invalidate_grant(&grant_id);
            tracing::warn!(client_id = %client.id, %grant_id, "authorization code redeemed twice; grant revoked");
            Err(invalid().into())
        }
        Redemption::Invalid => Err(invalid().into()),
    }
}

/// RFC 6749 §4.4. A personal client acts with exactly its owner's rights.
async fn client_credentials(
    state: &AppState,
    domain: &Domain,
    client: &Client,
    form: &OAuthForm,
) -> Answer {
    let requested = requested_scope(form)?;
    let entitled = match &client.owner_user_id {
        None => client.allowed_scopes.clone(),
        Some(owner_id) => {
            let owner = state.store.user_by_id(&domain.id, owner_id).await?;
            match owner {
                Some(u) if !u.disabled => {
                    let defs = state.cache.scopes(&domain.id).await?;
                    scope::entitled_scopes(&defs, &u.roles)
                }
                _ => {
                    return Err(
                        OAuthError::invalid_client("the owner of this client cannot act").into(),
                    );
                }
            }
        }
    };
    let scopes = scope::effective_scopes(
        requested.as_ref(),
        &client.default_scopes,
        &client.allowed_scopes,
        &entitled,
    )
    .map_err(scope_refusal)?;
    let subject = Subject {
        user_id: client.owner_user_id.as_deref(),
        grant_id: None,
    };
    let (tokens, response) = issue::mint(state, domain, client, &subject, &scopes, None);
    state.store.insert_access_token(tokens.access).await?;
    Ok(response.into_response())
}

fn scope_refusal(r: ScopeRefusal) -> OAuthError {
    match r {
        ScopeRefusal::NotAllowedForClient(s) => {
            OAuthError::invalid_scope(format!("this client may not request: {s}"))
        }
        ScopeRefusal::NothingEntitled => {
            OAuthError::invalid_scope("none of the requested scopes is available")
        }
    }
}

/// RFC 6749 §6 with rotation on every use and reuse detection (RFC 9700 §4.14.2).
async fn refresh_token(
    state: &AppState,
    domain: &Domain,
    client: &Client,
    form: &OAuthForm,
) -> Answer {
    let presented = form.require("refresh_token")?;
    let invalid = || OAuthError::invalid_grant("the refresh token is invalid, expired or revoked");
    if SecretKind::of(presented) != Some(SecretKind::RefreshToken) {
        return Err(invalid().into());
    }
    let digest = SecretDigest::of(presented);
    let now = state.now();
    let record = state
        .store
        .refresh_token(&domain.id, &digest)
        .await?
        .ok_or_else(invalid)?;
    if record.client_id != client.id {
        return Err(invalid().into());
    }
    let grant_id = record.grant_id.clone().ok_or_else(invalid)?;
    if record.used_at.is_some() {
        state.store.revoke_grant(&domain.id, &grant_id, now).await?;
        state.cache.invalidate_grant(&grant_id);
        tracing::warn!(client_id = %client.id, %grant_id, "rotated refresh token presented again; grant revoked");
        return Err(invalid().into());
    }
    if !record.is_active(now) {
        return Err(invalid().into());
    }
    let scopes = refresh::narrowed_scope(&record.scopes, requested_scope(form)?.as_ref())?;
    let user_id = record.user_id.clone().ok_or_else(invalid)?;
    let subject = Subject {
        user_id: Some(&user_id),
        grant_id: Some(&grant_id),
    };
    let (tokens, response) = issue::mint(
        state,
        domain,
        client,
        &subject,
        &scopes,
        Some(&record.scopes),
    );
    match state
        .store
        .rotate_refresh_token(&domain.id, &digest, now, tokens)
        .await?
    {
        Redemption::Issued => Ok(response.into_response()),
        Redemption::AlreadyUsed { grant_id } => {
            state.cache.invalidate_grant(&grant_id);
            tracing::warn!(client_id = %client.id, %grant_id, "refresh token used concurrently; grant revoked");
            Err(invalid().into())
        }
        Redemption::Invalid => Err(invalid().into()),
    }
}
