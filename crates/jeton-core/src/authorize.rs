//! The authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3) as a pure decision: given the
//! request's parameters and the client's registration, either a validated request, an error
//! to show on a page (the redirect URI cannot be trusted), or an error to send back to the
//! client's redirect URI.

use crate::capabilities::{ResponseType, SERVED};
use crate::error::{ErrorCode, OAuthError};
use crate::grant_type::{AuthMethod, GrantType, check_grant_allowed};
use crate::ids::UserId;
use crate::oidc;
use crate::pkce::{self, ChallengeMethod};
use crate::redirect_uri;
use crate::scope::ScopeSet;

mod params;
#[cfg(test)]
mod tests;

pub use params::AuthorizeParams;

/// What the authorization endpoint needs to know of the client.
pub struct ClientRegistration<'a> {
    pub redirect_uris: &'a [String],
    pub grant_types: &'a [GrantType],
    pub auth_method: AuthMethod,
    pub allowed_scopes: &'a ScopeSet,
    pub default_scopes: &'a ScopeSet,
    pub require_pkce: bool,
    pub allow_plain_pkce: bool,
}

/// Errors that must not be redirected: the client or redirect URI is not trustworthy
/// (RFC 6749 §4.1.2.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageError {
    MissingClientId,
    UnknownClient,
    RepeatedParameter(String),
    MissingRedirectUri,
    UnregisteredRedirectUri,
}

impl PageError {
    pub fn message(&self) -> String {
        match self {
            Self::MissingClientId => "The request does not name an application (client_id is missing).".into(),
            Self::UnknownClient => "The application that sent you here is not registered with this server.".into(),
            Self::RepeatedParameter(p) => format!("The request repeats the parameter \u{201c}{p}\u{201d}."),
            Self::MissingRedirectUri => {
                "The application has several return addresses registered and did not say which to use (redirect_uri is missing).".into()
            }
            Self::UnregisteredRedirectUri => {
                "The return address (redirect_uri) in the request is not registered for this application, so you were not sent back to it.".into()
            }
        }
    }
}

/// An error to send to the client's (validated) redirect URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedirectError {
    pub redirect_uri: String,
    pub state: Option<String>,
    pub error: OAuthError,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    Page(PageError),
    Redirect(RedirectError),
}

/// A request that passed every check: what to show on the consent page and bind to the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRequest {
    pub redirect_uri: String,
    /// RFC 6749 §4.1.3: if redirect_uri was in the request, the token request must repeat it.
    pub redirect_uri_given: bool,
    /// The scopes asked for (defaults applied), before the user's entitlement is applied.
    pub scopes: ScopeSet,
    pub state: Option<String>,
    pub code_challenge: Option<(String, ChallengeMethod)>,
    /// OpenID Connect: the `nonce` to put in the ID token.
    pub nonce: Option<String>,
}

/// The checks of RFC 6749 §4.1.1 / §4.1.2.1 and RFC 7636 §4.4.1, in the order that decides
/// whether an error may be redirected: client and redirect URI first.
pub fn validate(
    params: &AuthorizeParams,
    client: Option<&ClientRegistration<'_>>,
) -> Result<ValidRequest, Rejection> {
    use Rejection::Page;
    for name in ["client_id", "redirect_uri"] {
        if params.repeated.iter().any(|r| r == name) {
            return Err(Page(PageError::RepeatedParameter(name.into())));
        }
    }
    if params.client_id.as_deref().is_none_or(str::is_empty) {
        return Err(Page(PageError::MissingClientId));
    }
    let client = client.ok_or(Page(PageError::UnknownClient))?;
    let redirect_uri = match params.redirect_uri.as_deref() {
        Some(given) => {
            if redirect_uri::find_match(client.redirect_uris, given).is_none() {
                return Err(Page(PageError::UnregisteredRedirectUri));
            }
            given.to_owned()
        }
        None => match client.redirect_uris {
            [only] => only.clone(),
            _ => return Err(Page(PageError::MissingRedirectUri)),
        },
    };

    // From here on, errors go back to the client.
    let state = params.state.clone();
    let redirect = |code: ErrorCode, description: String| {
        Rejection::Redirect(RedirectError {
            redirect_uri: redirect_uri.clone(),
            state: state.clone(),
            error: OAuthError::new(code, description),
        })
    };
    if let Some(name) = params.repeated.first() {
        return Err(redirect(
            ErrorCode::InvalidRequest,
            format!("the parameter {name} is repeated"),
        ));
    }
    let refuse = |e: OAuthError| redirect(e.code, e.description.into_owned());
    let response_type = match params.response_type.as_deref() {
        None | Some("") => {
            return Err(redirect(
                ErrorCode::InvalidRequest,
                "response_type is required".into(),
            ));
        }
        Some(t) => SERVED.response_type(t).map_err(refuse)?,
    };
    SERVED
        .response_mode(params.response_mode.as_deref())
        .map_err(refuse)?;
    // RFC 6749 §4.1.1 / §4.2.1: each response type belongs to a grant the client must hold.
    let grant = match response_type {
        ResponseType::Code => GrantType::AuthorizationCode,
        ResponseType::Token => GrantType::Implicit,
    };
    check_grant_allowed(client.grant_types, grant).map_err(refuse)?;

    let requested = match params.scope.as_deref() {
        None => client.default_scopes.clone(),
        Some(s) => {
            ScopeSet::parse(s).map_err(|e| redirect(ErrorCode::InvalidScope, e.to_string()))?
        }
    };
    // OpenID Connect's own scopes are open to every client of the code flow (`oidc`).
    let allowed = if grant == GrantType::AuthorizationCode {
        client.allowed_scopes.union(&oidc::standard_scopes())
    } else {
        client.allowed_scopes.clone()
    };
    let not_allowed = requested.difference(&allowed);
    if !not_allowed.is_empty() {
        return Err(redirect(
            ErrorCode::InvalidScope,
            format!("this client may not request: {not_allowed}"),
        ));
    }

    let code_challenge = match (
        params.code_challenge.as_deref(),
        params.code_challenge_method.as_deref(),
    ) {
        (None, Some(_)) => {
            return Err(redirect(
                ErrorCode::InvalidRequest,
                "code_challenge_method without code_challenge".into(),
            ));
        }
        (None, None) => {
            if client.auth_method.is_public() || client.require_pkce {
                return Err(redirect(
                    ErrorCode::InvalidRequest,
                    "PKCE is required: send code_challenge with code_challenge_method=S256".into(),
                ));
            }
            None
        }
        (Some(challenge), method) => {
            // RFC 7636 §4.3: the method defaults to plain when absent (the gate knows).
            let method = SERVED.code_challenge_method(method).map_err(refuse)?;
            if method == ChallengeMethod::Plain && !client.allow_plain_pkce {
                return Err(redirect(
                    ErrorCode::InvalidRequest,
                    "this client must use code_challenge_method=S256".into(),
                ));
            }
            if !pkce::is_valid_verifier(challenge) {
                return Err(redirect(
                    ErrorCode::InvalidRequest,
                    "code_challenge must be 43 to 128 characters of [A-Za-z0-9-._~]".into(),
                ));
            }
            Some((challenge.to_owned(), method))
        }
    };

    let nonce = params.nonce.clone();
    if nonce
        .as_ref()
        .is_some_and(|n| n.len() > oidc::MAX_NONCE_LEN)
    {
        return Err(redirect(
            ErrorCode::InvalidRequest,
            format!("nonce is longer than {} characters", oidc::MAX_NONCE_LEN),
        ));
    }

    Ok(ValidRequest {
        nonce,
        redirect_uri_given: params.redirect_uri.is_some(),
        redirect_uri,
        scopes: requested,
        state,
        code_challenge,
    })
}

/// A personal client acts for its owner only: nobody else may authorize it (DESIGN §1).
pub fn check_personal_client(
    owner_user_id: Option<&UserId>,
    user_id: &UserId,
) -> Result<(), OAuthError> {
    match owner_user_id {
        Some(owner) if owner != user_id => Err(OAuthError::new(
            ErrorCode::AccessDenied,
            "this is a personal client of another user",
        )),
        _ => Ok(()),
    }
}

/// Whether earlier consent lets the server answer without asking again: the same or fewer
/// scopes, and a client whose identity the redirect proves. A public client's redirect URI
/// can be claimed by another app on the device, so it is always asked (RFC 8252 §8.6,
/// RFC 6749 §10.2).
pub fn may_skip_consent(
    client_is_public: bool,
    consented: &ScopeSet,
    requested: &ScopeSet,
) -> bool {
    !client_is_public && requested.is_subset(consented)
}
