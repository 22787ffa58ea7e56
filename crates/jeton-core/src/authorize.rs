//! The authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3) as a pure decision: given the
//! request's parameters and the client's registration, either a validated request, an error
//! to show on a page (the redirect URI cannot be trusted), or an error to send back to the
//! client's redirect URI.

use crate::error::{ErrorCode, OAuthError};
use crate::grant_type::{AuthMethod, GrantType, check_grant_allowed};
use crate::pkce::{self, ChallengeMethod};
use crate::redirect_uri;
use crate::scope::ScopeSet;

/// The raw parameters, as they arrived (query string or form body).
#[derive(Debug, Clone, Default)]
pub struct AuthorizeParams {
    pub response_type: Option<String>,
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub scope: Option<String>,
    pub state: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    /// Names of parameters that appeared more than once (RFC 6749 §3.1 forbids it).
    pub repeated: Vec<String>,
}

impl AuthorizeParams {
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut p = Self::default();
        for (k, v) in pairs {
            // RFC 6749 §3.1: parameters sent without a value are treated as omitted.
            if v.is_empty() {
                continue;
            }
            let slot = match k {
                "response_type" => &mut p.response_type,
                "client_id" => &mut p.client_id,
                "redirect_uri" => &mut p.redirect_uri,
                "scope" => &mut p.scope,
                "state" => &mut p.state,
                "code_challenge" => &mut p.code_challenge,
                "code_challenge_method" => &mut p.code_challenge_method,
                // RFC 6749 §3.1: unrecognized parameters are ignored.
                _ => continue,
            };
            if slot.is_some() {
                p.repeated.push(k.to_owned());
            } else {
                *slot = Some(v.to_owned());
            }
        }
        p
    }

    /// The parameters to carry through login and consent, in a fixed order.
    pub fn to_pairs(&self) -> Vec<(&'static str, &str)> {
        [
            ("response_type", &self.response_type),
            ("client_id", &self.client_id),
            ("redirect_uri", &self.redirect_uri),
            ("scope", &self.scope),
            ("state", &self.state),
            ("code_challenge", &self.code_challenge),
            ("code_challenge_method", &self.code_challenge_method),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
        .collect()
    }
}

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
    match params.response_type.as_deref() {
        None | Some("") => {
            return Err(redirect(
                ErrorCode::InvalidRequest,
                "response_type is required".into(),
            ));
        }
        Some("code") => {}
        Some(other) => {
            return Err(redirect(
                ErrorCode::UnsupportedResponseType,
                format!("response_type {other:?} is not supported; use code"),
            ));
        }
    }
    if let Err(e) = check_grant_allowed(client.grant_types, GrantType::AuthorizationCode) {
        return Err(redirect(e.code, e.description.into_owned()));
    }

    let requested = match params.scope.as_deref() {
        None => client.default_scopes.clone(),
        Some(s) => {
            ScopeSet::parse(s).map_err(|e| redirect(ErrorCode::InvalidScope, e.to_string()))?
        }
    };
    let not_allowed = requested.difference(client.allowed_scopes);
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
            // RFC 7636 §4.3: the method defaults to plain when absent.
            let method = match method.map(ChallengeMethod::parse) {
                None => ChallengeMethod::Plain,
                Some(Some(m)) => m,
                Some(None) => {
                    return Err(redirect(
                        ErrorCode::InvalidRequest,
                        "code_challenge_method must be S256".into(),
                    ));
                }
            };
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

    Ok(ValidRequest {
        redirect_uri_given: params.redirect_uri.is_some(),
        redirect_uri,
        scopes: requested,
        state,
        code_challenge,
    })
}

/// A personal client acts for its owner only: nobody else may authorize it (DESIGN §1).
pub fn check_personal_client(owner_user_id: Option<&str>, user_id: &str) -> Result<(), OAuthError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    struct Fixture {
        uris: Vec<String>,
        grants: Vec<GrantType>,
        allowed: ScopeSet,
        default: ScopeSet,
    }

    fn fixture() -> Fixture {
        Fixture {
            uris: vec![
                "https://app.example/cb".into(),
                "http://127.0.0.1/cb".into(),
            ],
            grants: vec![GrantType::AuthorizationCode, GrantType::RefreshToken],
            allowed: ScopeSet::parse("read write").unwrap(),
            default: ScopeSet::parse("read").unwrap(),
        }
    }

    fn reg(f: &Fixture, method: AuthMethod) -> ClientRegistration<'_> {
        ClientRegistration {
            redirect_uris: &f.uris,
            grant_types: &f.grants,
            auth_method: method,
            allowed_scopes: &f.allowed,
            default_scopes: &f.default,
            require_pkce: true,
            allow_plain_pkce: false,
        }
    }

    fn params(extra: &[(&'static str, &'static str)]) -> AuthorizeParams {
        let mut pairs = vec![
            ("response_type", "code"),
            ("client_id", "c1"),
            ("redirect_uri", "https://app.example/cb"),
            ("state", "xyz"),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ];
        for (k, v) in extra {
            pairs.retain(|(pk, _)| pk != k);
            if !v.is_empty() {
                pairs.push((k, v));
            }
        }
        AuthorizeParams::from_pairs(pairs)
    }

    fn redirect_code(r: Result<ValidRequest, Rejection>) -> ErrorCode {
        match r {
            Err(Rejection::Redirect(e)) => {
                assert_eq!(e.state.as_deref(), Some("xyz"));
                e.error.code
            }
            other => panic!("expected a redirect error, got {other:?}"),
        }
    }

    #[test]
    fn valid_request_gets_default_scope() {
        let f = fixture();
        let v = validate(&params(&[]), Some(&reg(&f, AuthMethod::None))).unwrap();
        assert_eq!(v.scopes.to_string(), "read");
        assert!(v.redirect_uri_given);
        assert_eq!(
            v.code_challenge,
            Some((CHALLENGE.into(), ChallengeMethod::S256))
        );
    }

    #[test]
    fn untrusted_client_or_redirect_gives_a_page() {
        let f = fixture();
        let r = reg(&f, AuthMethod::None);
        assert_eq!(
            validate(&params(&[]), None),
            Err(Rejection::Page(PageError::UnknownClient))
        );
        assert_eq!(
            validate(&params(&[("client_id", "")]), Some(&r)),
            Err(Rejection::Page(PageError::MissingClientId))
        );
        assert_eq!(
            validate(
                &params(&[("redirect_uri", "https://evil.example/cb")]),
                Some(&r)
            ),
            Err(Rejection::Page(PageError::UnregisteredRedirectUri))
        );
        // Two registered URIs and none given: which one is unknowable.
        assert_eq!(
            validate(&params(&[("redirect_uri", "")]), Some(&r)),
            Err(Rejection::Page(PageError::MissingRedirectUri))
        );
        let mut p = params(&[]);
        p.repeated.push("redirect_uri".into());
        assert_eq!(
            validate(&p, Some(&r)),
            Err(Rejection::Page(PageError::RepeatedParameter(
                "redirect_uri".into()
            )))
        );
    }

    #[test]
    fn loopback_redirect_with_any_port_is_accepted_as_given() {
        let f = fixture();
        let v = validate(
            &params(&[("redirect_uri", "http://127.0.0.1:4567/cb")]),
            Some(&reg(&f, AuthMethod::None)),
        )
        .unwrap();
        assert_eq!(v.redirect_uri, "http://127.0.0.1:4567/cb");
    }

    #[test]
    fn errors_after_validation_are_redirected() {
        let f = fixture();
        let r = reg(&f, AuthMethod::None);
        assert_eq!(
            redirect_code(validate(&params(&[("response_type", "")]), Some(&r))),
            ErrorCode::InvalidRequest
        );
        assert_eq!(
            redirect_code(validate(&params(&[("response_type", "token")]), Some(&r))),
            ErrorCode::UnsupportedResponseType
        );
        assert_eq!(
            redirect_code(validate(&params(&[("scope", "admin")]), Some(&r))),
            ErrorCode::InvalidScope
        );
        assert_eq!(
            redirect_code(validate(&params(&[("scope", "a\\b")]), Some(&r))),
            ErrorCode::InvalidScope
        );
        assert_eq!(
            redirect_code(validate(&params(&[("code_challenge", "")]), Some(&r))),
            ErrorCode::InvalidRequest
        );
        assert_eq!(
            redirect_code(validate(
                &params(&[("code_challenge_method", "plain")]),
                Some(&r)
            )),
            ErrorCode::InvalidRequest
        );
        assert_eq!(
            redirect_code(validate(
                &params(&[("code_challenge_method", "S512")]),
                Some(&r)
            )),
            ErrorCode::InvalidRequest
        );
        assert_eq!(
            redirect_code(validate(&params(&[("code_challenge", "short")]), Some(&r))),
            ErrorCode::InvalidRequest
        );
        let mut p = params(&[]);
        p.repeated.push("scope".into());
        assert_eq!(
            redirect_code(validate(&p, Some(&r))),
            ErrorCode::InvalidRequest
        );
    }

    #[test]
    fn client_without_code_grant_is_unauthorized() {
        let mut f = fixture();
        f.grants = vec![GrantType::ClientCredentials];
        assert_eq!(
            redirect_code(validate(
                &params(&[]),
                Some(&reg(&f, AuthMethod::ClientSecretBasic))
            )),
            ErrorCode::UnauthorizedClient
        );
    }

    #[test]
    fn plain_pkce_only_when_configured_and_pkce_optional_only_for_confidential_opt_out() {
        let f = fixture();
        let mut r = reg(&f, AuthMethod::ClientSecretBasic);
        r.allow_plain_pkce = true;
        let v = validate(&params(&[("code_challenge_method", "")]), Some(&r)).unwrap();
        assert_eq!(v.code_challenge.unwrap().1, ChallengeMethod::Plain);
        r.require_pkce = false;
        let v = validate(
            &params(&[("code_challenge", ""), ("code_challenge_method", "")]),
            Some(&r),
        )
        .unwrap();
        assert_eq!(v.code_challenge, None);
        // A public client can never skip PKCE.
        let mut public = reg(&f, AuthMethod::None);
        public.require_pkce = false;
        assert_eq!(
            redirect_code(validate(
                &params(&[("code_challenge", ""), ("code_challenge_method", "")]),
                Some(&public)
            )),
            ErrorCode::InvalidRequest
        );
    }

    #[test]
    fn personal_clients_and_consent_reuse() {
        assert!(check_personal_client(None, "u1").is_ok());
        assert!(check_personal_client(Some("u1"), "u1").is_ok());
        assert_eq!(
            check_personal_client(Some("u1"), "u2").unwrap_err().code,
            ErrorCode::AccessDenied
        );
        let read = ScopeSet::parse("read").unwrap();
        let both = ScopeSet::parse("read write").unwrap();
        assert!(may_skip_consent(false, &both, &read));
        assert!(!may_skip_consent(false, &read, &both));
        assert!(!may_skip_consent(true, &both, &read));
    }

    #[test]
    fn pairs_round_trip_and_unknown_parameters_are_ignored() {
        let p = AuthorizeParams::from_pairs([("client_id", "a"), ("foo", "b"), ("state", "s")]);
        assert_eq!(p.to_pairs(), vec![("client_id", "a"), ("state", "s")]);
        assert!(p.repeated.is_empty());
    }
}
