//! The authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3) as a pure decision: given the
//! request's parameters and the client's registration, either a validated request, an error
//! to show on a page (the redirect URI cannot be trusted), or an error to send back to the
//! client's redirect URI.

use crate::capabilities::{ResponseMode, ResponseType, SERVED};
use crate::claims_request::ClaimsRequest;
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
    /// How it reaches the client: the request's `response_mode` when it was valid.
    pub response_mode: ResponseMode,
}

/// OpenID Connect Core §3.1.2.1 `prompt`: what the person must (not) be shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prompt {
    /// Show nothing: answer at once, or with `login_required` / `consent_required`.
    pub none: bool,
    /// Sign in again, even with a session.
    pub login: bool,
    /// Ask for consent again, even when it is remembered.
    pub consent: bool,
}

impl Prompt {
    /// `Err` names what is wrong: an unknown value, `none` with another, or
    /// `select_account` (Jeton has no account chooser: refused, Core §3.1.2.6).
    pub fn parse(s: Option<&str>) -> Result<Self, OAuthError> {
        let mut p = Self::default();
        for v in s.unwrap_or_default().split(' ').filter(|v| !v.is_empty()) {
            match v {
                "none" => p.none = true,
                "login" => p.login = true,
                "consent" => p.consent = true,
                "select_account" => {
                    return Err(OAuthError::new(
                        ErrorCode::AccountSelectionRequired,
                        "this server has no account chooser: sign out and in as the account you want",
                    ));
                }
                other => {
                    return Err(OAuthError::new(
                        ErrorCode::InvalidRequest,
                        format!("prompt value {other:?} is not one of none, login, consent"),
                    ));
                }
            }
        }
        if p.none && (p.login || p.consent) {
            return Err(OAuthError::new(
                ErrorCode::InvalidRequest,
                "prompt=none cannot be combined with another value",
            ));
        }
        Ok(p)
    }

    /// The `prompt` value to carry on once the person has signed in again: without `login`,
    /// so that coming back does not ask for a sign-in once more.
    pub fn after_sign_in(self) -> Option<&'static str> {
        self.consent.then_some("consent")
    }
}

/// Whether a sign-in at `auth_time` is too old for the request at `now`: `prompt=login`, or
/// `max_age` seconds have passed (Core §3.1.2.1).
pub fn needs_fresh_sign_in(
    prompt: Prompt,
    max_age: Option<i64>,
    auth_time: crate::clock::UnixTime,
    now: crate::clock::UnixTime,
) -> bool {
    prompt.login || max_age.is_some_and(|m| now - auth_time > m)
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
    pub response_type: ResponseType,
    pub response_mode: ResponseMode,
    pub prompt: Prompt,
    pub max_age: Option<i64>,
    /// Core §5.5: the individual claims asked for (empty without a `claims` parameter).
    pub claims: ClaimsRequest,
}

impl ValidRequest {
    /// An error for the client, at its verified redirect URI, by the request's mode.
    pub fn redirect_error(&self, error: OAuthError) -> RedirectError {
        RedirectError {
            redirect_uri: self.redirect_uri.clone(),
            state: self.state.clone(),
            error,
            response_mode: self.response_mode,
        }
    }
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
    // The mode decides how even errors are sent: the request's, or the default of its
    // response type — the fragment for the implicit ones, whose tokens must never be in a
    // query (Multiple Response Type Encoding Practices §2.1, §3.0).
    let implicit = params
        .response_type
        .as_deref()
        .and_then(ResponseType::parse)
        .is_some_and(ResponseType::is_implicit);
    let default_mode = if implicit {
        ResponseMode::Fragment
    } else {
        ResponseMode::Query
    };
    let mode = match params.response_mode.as_deref() {
        Some(m) => SERVED
            .response_mode(Some(m))
            .ok()
            .filter(|m| !(implicit && *m == ResponseMode::Query))
            .unwrap_or(default_mode),
        None => default_mode,
    };
    let redirect = |code: ErrorCode, description: String| {
        Rejection::Redirect(RedirectError {
            redirect_uri: redirect_uri.clone(),
            state: state.clone(),
            error: OAuthError::new(code, description),
            response_mode: mode,
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
    if params.response_mode.is_some() {
        let asked = SERVED
            .response_mode(params.response_mode.as_deref())
            .map_err(refuse)?;
        if response_type.is_implicit() && asked == ResponseMode::Query {
            return Err(redirect(
                ErrorCode::InvalidRequest,
                "tokens are never sent in a query: use response_mode=fragment or form_post".into(),
            ));
        }
    }
    // RFC 6749 §4.1.1 / §4.2.1: each response type belongs to a grant the client must hold.
    let grant = if response_type.is_implicit() {
        GrantType::Implicit
    } else {
        GrantType::AuthorizationCode
    };
    check_grant_allowed(client.grant_types, grant).map_err(refuse)?;

    let requested = match params.scope.as_deref() {
        None => client.default_scopes.clone(),
        Some(s) => {
            ScopeSet::parse(s).map_err(|e| redirect(ErrorCode::InvalidScope, e.to_string()))?
        }
    };
    // OpenID Connect's own scopes are open to every client that signs people in (`oidc`).
    let allowed = client.allowed_scopes.union(&oidc::standard_scopes());
    let not_allowed = requested.difference(&allowed);
    if !not_allowed.is_empty() {
        return Err(redirect(
            ErrorCode::InvalidScope,
            format!("this client may not request: {not_allowed}"),
        ));
    }

    if response_type.issues_id_token() {
        // Core §3.2.2.1: an ID token from the authorization endpoint needs openid and a
        // nonce (it is what stops it being replayed).
        if !oidc::is_oidc(&requested) {
            return Err(redirect(
                ErrorCode::InvalidRequest,
                "response_type id_token needs the openid scope".into(),
            ));
        }
        if params.nonce.is_none() {
            return Err(redirect(
                ErrorCode::InvalidRequest,
                "response_type id_token needs a nonce".into(),
            ));
        }
    }
    let code_challenge = match (
        params.code_challenge.as_deref(),
        params.code_challenge_method.as_deref(),
    ) {
        // PKCE protects the code; the implicit grant has none (RFC 7636 §1).
        _ if response_type.is_implicit() => None,
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

    let prompt = Prompt::parse(params.prompt.as_deref()).map_err(refuse)?;
    let max_age = match params.max_age.as_deref() {
        None => None,
        Some(s) => Some(s.parse::<i64>().ok().filter(|m| *m >= 0).ok_or_else(|| {
            redirect(
                ErrorCode::InvalidRequest,
                "max_age must be a whole number of seconds, 0 or more".into(),
            )
        })?),
    };

    let claims = ClaimsRequest::for_request(
        params.claims.as_deref().filter(|_| SERVED.claims_parameter),
        // The code flow's token exchange issues an access token.
        response_type == ResponseType::Code || response_type.issues_access_token(),
    )
    .map_err(refuse)?;

    Ok(ValidRequest {
        claims,
        nonce,
        response_type,
        response_mode: mode,
        prompt,
        max_age,
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
