//! What this server serves, in one table. The endpoints ask it whether to accept a grant
//! type, response type, response mode, PKCE method or client authentication method, and the
//! metadata documents are generated from it (RFC 8414 §2 now, OpenID Connect Discovery 1.0
//! §3 later), so they never advertise what is not served (DESIGN §6).
//!
//! Per-client rules (may *this* client use the grant, may it use `plain`) come after these
//! gates and live next to the rule they belong to (`grant_type`, `authorize`).

use crate::error::{ErrorCode, OAuthError};
use crate::grant_type::{AuthMethod, GrantType};
use crate::pairwise::SubjectType;
use crate::pkce::ChallengeMethod;
use crate::signing::SigningAlg;

/// Response types (RFC 6749 §3.1.1) this crate knows; which are served is in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseType {
    Code,
    /// The implicit grant (RFC 6749 §4.2): an access token in the fragment.
    Token,
    /// OpenID Connect implicit flow (Core §3.2): an ID token only.
    IdToken,
    /// OpenID Connect implicit flow: an ID token and an access token.
    IdTokenToken,
}

impl ResponseType {
    pub const ALL: [ResponseType; 4] = [Self::Code, Self::Token, Self::IdToken, Self::IdTokenToken];

    /// A space-separated set (OAuth 2.0 Multiple Response Type Encoding Practices §3): the
    /// order of its values does not matter.
    pub fn parse(s: &str) -> Option<Self> {
        let mut values: Vec<&str> = s.split(' ').filter(|v| !v.is_empty()).collect();
        values.sort_unstable();
        Self::ALL.into_iter().find(|t| {
            let mut own: Vec<&str> = t.as_str().split(' ').collect();
            own.sort_unstable();
            own == values
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Code => "code",
            Self::Token => "token",
            Self::IdToken => "id_token",
            Self::IdTokenToken => "id_token token",
        }
    }

    /// The implicit grant's types: tokens straight from the authorization endpoint.
    pub fn is_implicit(self) -> bool {
        self != Self::Code
    }
    pub fn issues_access_token(self) -> bool {
        matches!(self, Self::Token | Self::IdTokenToken)
    }
    pub fn issues_id_token(self) -> bool {
        matches!(self, Self::IdToken | Self::IdTokenToken)
    }
}

/// How the authorization response reaches the client (OAuth 2.0 Multiple Response Type
/// Encoding Practices §2.1, OAuth 2.0 Form Post Response Mode §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseMode {
    Query,
    Fragment,
    FormPost,
}

impl ResponseMode {
    pub const ALL: [ResponseMode; 3] = [Self::Query, Self::Fragment, Self::FormPost];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Query => "query",
            Self::Fragment => "fragment",
            Self::FormPost => "form_post",
        }
    }
}

/// The endpoints where a client authenticates (RFC 6749 §2.3), each with its own list of
/// accepted methods in the metadata (RFC 8414 §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuthEndpoint {
    Token,
    Introspection,
    Revocation,
}

impl ClientAuthEndpoint {
    pub const ALL: [ClientAuthEndpoint; 3] = [Self::Token, Self::Introspection, Self::Revocation];

    /// What a refused public client may not do, for the error description.
    fn action(self) -> &'static str {
        match self {
            Self::Token => "request tokens",
            Self::Introspection => "introspect tokens",
            Self::Revocation => "revoke tokens",
        }
    }
}

/// The table. Each list is in the order the metadata advertises it.
#[derive(Debug, Clone, Copy)]
pub struct Capabilities {
    /// Grants the token endpoint serves (RFC 8414 `grant_types_supported`).
    pub grant_types: &'static [GrantType],
    pub response_types: &'static [ResponseType],
    pub response_modes: &'static [ResponseMode],
    /// PKCE methods (RFC 7636 §4.3); `plain` still needs a client configured for it.
    pub code_challenge_methods: &'static [ChallengeMethod],
    pub token_endpoint_auth_methods: &'static [AuthMethod],
    /// Introspection is for resource servers, which can keep a secret (RFC 7662 §2.1).
    pub introspection_endpoint_auth_methods: &'static [AuthMethod],
    /// A public client may revoke its own tokens (RFC 7009 §2.1, §5).
    pub revocation_endpoint_auth_methods: &'static [AuthMethod],
    /// `iss` in every authorization response (RFC 9207 §2).
    pub authorization_response_iss_parameter: bool,
    /// OpenID Connect Discovery §3 `id_token_signing_alg_values_supported`: what a client
    /// may register as `id_token_signed_response_alg`.
    pub id_token_signing_algs: &'static [SigningAlg],
    /// Discovery §3 `subject_types_supported`: what a client may register as its
    /// `subject_type` (Core §8).
    pub subject_types: &'static [SubjectType],
    /// Discovery §3 `claims_parameter_supported`: the authorization request's `claims`
    /// (Core §5.5) is read; without it, it would be ignored like any unknown parameter.
    pub claims_parameter: bool,
    /// OpenID Connect RP-Initiated Logout 1.0: the end-session endpoint is mounted, and
    /// advertised as `end_session_endpoint`.
    pub end_session: bool,
}

/// What this build serves.
pub const SERVED: Capabilities = Capabilities {
    grant_types: &[
        GrantType::AuthorizationCode,
        GrantType::ClientCredentials,
        GrantType::RefreshToken,
        // Only for clients registered for it (`check_grant_allowed`, DESIGN §6).
        GrantType::Password,
        // At the authorization endpoint only (RFC 8414 lists it here all the same); the token
        // endpoint refuses it as `unsupported_grant_type`.
        GrantType::Implicit,
    ],
    // The implicit ones only for clients registered for the implicit grant (DESIGN §6).
    response_types: &[
        ResponseType::Code,
        ResponseType::Token,
        ResponseType::IdToken,
        ResponseType::IdTokenToken,
    ],
    response_modes: &[
        ResponseMode::Query,
        ResponseMode::Fragment,
        ResponseMode::FormPost,
    ],
    code_challenge_methods: &[ChallengeMethod::S256, ChallengeMethod::Plain],
    token_endpoint_auth_methods: &[
        AuthMethod::ClientSecretBasic,
        AuthMethod::ClientSecretPost,
        AuthMethod::None,
    ],
    introspection_endpoint_auth_methods: &[
        AuthMethod::ClientSecretBasic,
        AuthMethod::ClientSecretPost,
    ],
    revocation_endpoint_auth_methods: &[
        AuthMethod::ClientSecretBasic,
        AuthMethod::ClientSecretPost,
        AuthMethod::None,
    ],
    authorization_response_iss_parameter: true,
    id_token_signing_algs: &[SigningAlg::Es256, SigningAlg::Rs256, SigningAlg::EdDsa],
    subject_types: &SubjectType::ALL,
    claims_parameter: true,
    end_session: true,
};

impl Capabilities {
    /// The token endpoint's `grant_type` (RFC 6749 §5.2 `unsupported_grant_type`); the
    /// implicit grant has no token request (§4.2).
    pub fn grant_type(&self, name: &str) -> Result<GrantType, OAuthError> {
        GrantType::parse(name)
            .filter(|g| self.grant_types.contains(g) && *g != GrantType::Implicit)
            .ok_or_else(|| {
                OAuthError::new(
                    ErrorCode::UnsupportedGrantType,
                    format!("grant_type {name:?} is not supported"),
                )
            })
    }

    /// The authorization request's `response_type` (RFC 6749 §4.1.2.1
    /// `unsupported_response_type`).
    pub fn response_type(&self, name: &str) -> Result<ResponseType, OAuthError> {
        ResponseType::parse(name)
            .filter(|t| self.response_types.contains(t))
            .ok_or_else(|| {
                OAuthError::new(
                    ErrorCode::UnsupportedResponseType,
                    format!(
                        "response_type {name:?} is not supported; use {}",
                        names(self.response_types.iter().map(|t| t.as_str()))
                    ),
                )
            })
    }

    /// The authorization request's `response_mode`. Absent means the default of the `code`
    /// response type, `query` (Multiple Response Type Encoding Practices §2.1). A mode we do
    /// not serve is refused rather than ignored: the client would wait for an answer that
    /// never comes in the form it expects.
    pub fn response_mode(&self, name: Option<&str>) -> Result<ResponseMode, OAuthError> {
        let mode = match name {
            None => ResponseMode::Query,
            Some(n) => ResponseMode::parse(n).ok_or_else(|| self.mode_refused(n))?,
        };
        if self.response_modes.contains(&mode) {
            Ok(mode)
        } else {
            Err(self.mode_refused(mode.as_str()))
        }
    }

    fn mode_refused(&self, name: &str) -> OAuthError {
        OAuthError::invalid_request(format!(
            "response_mode {name:?} is not supported; use {}",
            names(self.response_modes.iter().map(|m| m.as_str()))
        ))
    }

    /// The authorization request's `code_challenge_method`; absent means `plain`
    /// (RFC 7636 §4.3). Refused with `invalid_request` (RFC 7636 §4.4.1).
    pub fn code_challenge_method(&self, name: Option<&str>) -> Result<ChallengeMethod, OAuthError> {
        match name {
            None => Some(ChallengeMethod::Plain),
            Some(n) => ChallengeMethod::parse(n),
        }
        .filter(|m| self.code_challenge_methods.contains(m))
        .ok_or_else(|| OAuthError::invalid_request("code_challenge_method must be S256"))
    }

    pub fn client_auth_methods(&self, endpoint: ClientAuthEndpoint) -> &'static [AuthMethod] {
        match endpoint {
            ClientAuthEndpoint::Token => self.token_endpoint_auth_methods,
            ClientAuthEndpoint::Introspection => self.introspection_endpoint_auth_methods,
            ClientAuthEndpoint::Revocation => self.revocation_endpoint_auth_methods,
        }
    }

    /// Whether a client that authenticated with `method` may use `endpoint`. A refusal is
    /// `invalid_client` (RFC 6749 §5.2: the authentication method is not supported).
    pub fn check_client_auth(
        &self,
        endpoint: ClientAuthEndpoint,
        method: AuthMethod,
    ) -> Result<(), OAuthError> {
        if self.client_auth_methods(endpoint).contains(&method) {
            return Ok(());
        }
        Err(OAuthError::invalid_client(if method.is_public() {
            format!("public clients may not {}", endpoint.action())
        } else {
            format!(
                "the {} client authentication method may not {}",
                method.as_str(),
                endpoint.action()
            )
        }))
    }
}

fn names<'a>(mut it: impl Iterator<Item = &'a str>) -> String {
    let first = it.next().unwrap_or_default().to_owned();
    it.fold(first, |acc, n| format!("{acc} or {n}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Every known value of every kind: each listed one is accepted by its gate, each
    // unlisted one refused, so the metadata (generated from the lists) tells the truth.
    #[test]
    fn each_gate_accepts_exactly_what_is_listed() {
        for g in GrantType::ALL {
            // The implicit grant is served at the authorization endpoint only.
            let at_token_endpoint = SERVED.grant_types.contains(&g) && g != GrantType::Implicit;
            assert_eq!(
                SERVED.grant_type(g.as_str()).is_ok(),
                at_token_endpoint,
                "{g}"
            );
            assert_eq!(g.served_by_token_endpoint(), at_token_endpoint);
            assert_eq!(g.is_served(), SERVED.grant_types.contains(&g));
        }
        for t in ResponseType::ALL {
            assert_eq!(
                SERVED.response_type(t.as_str()).is_ok(),
                SERVED.response_types.contains(&t),
                "{t:?}"
            );
        }
        for m in ResponseMode::ALL {
            assert_eq!(
                SERVED.response_mode(Some(m.as_str())).is_ok(),
                SERVED.response_modes.contains(&m),
                "{m:?}"
            );
        }
        for m in ChallengeMethod::ALL {
            assert_eq!(
                SERVED.code_challenge_method(Some(m.as_str())).is_ok(),
                SERVED.code_challenge_methods.contains(&m),
                "{m:?}"
            );
        }
        for e in ClientAuthEndpoint::ALL {
            for m in AuthMethod::ALL {
                assert_eq!(
                    SERVED.check_client_auth(e, m).is_ok(),
                    SERVED.client_auth_methods(e).contains(&m),
                    "{e:?} {m:?}"
                );
            }
        }
    }

    #[test]
    fn what_this_build_serves() {
        use crate::ErrorCode::*;
        let code = |r: Result<(), OAuthError>| r.unwrap_err().code;
        assert!(SERVED.grant_type("password").is_ok());
        assert_eq!(
            code(SERVED.grant_type("implicit").map(drop)),
            UnsupportedGrantType
        );
        assert_eq!(
            code(SERVED.grant_type("nope").map(drop)),
            UnsupportedGrantType
        );
        // The implicit response types, in either order; the hybrid ones are not served.
        assert_eq!(SERVED.response_type("token"), Ok(ResponseType::Token));
        assert_eq!(
            SERVED.response_type("token id_token"),
            Ok(ResponseType::IdTokenToken)
        );
        assert_eq!(
            code(SERVED.response_type("code id_token").map(drop)),
            UnsupportedResponseType
        );
        assert_eq!(SERVED.response_mode(None), Ok(ResponseMode::Query));
        assert_eq!(
            SERVED.response_mode(Some("fragment")),
            Ok(ResponseMode::Fragment)
        );
        assert_eq!(
            SERVED.response_mode(Some("form_post")),
            Ok(ResponseMode::FormPost)
        );
        assert_eq!(
            code(SERVED.response_mode(Some("jwt")).map(drop)),
            InvalidRequest
        );
        assert_eq!(
            SERVED.code_challenge_method(None),
            Ok(ChallengeMethod::Plain)
        );
        assert_eq!(
            code(SERVED.code_challenge_method(Some("S512")).map(drop)),
            InvalidRequest
        );
        let e = SERVED
            .check_client_auth(ClientAuthEndpoint::Introspection, AuthMethod::None)
            .unwrap_err();
        assert_eq!(e.code, InvalidClient);
        assert_eq!(e.description, "public clients may not introspect tokens");
    }

    #[test]
    fn every_method_a_client_can_be_registered_with_can_get_tokens() {
        // Otherwise a client could be created that can never authenticate.
        for m in AuthMethod::ALL {
            assert!(
                SERVED
                    .check_client_auth(ClientAuthEndpoint::Token, m)
                    .is_ok()
            );
        }
    }

    #[test]
    fn the_gates_read_the_table_they_are_given() {
        let narrow = Capabilities {
            grant_types: &[GrantType::ClientCredentials],
            response_modes: &[ResponseMode::FormPost],
            code_challenge_methods: &[ChallengeMethod::S256],
            revocation_endpoint_auth_methods: &[AuthMethod::ClientSecretPost],
            ..SERVED
        };
        assert!(narrow.grant_type("refresh_token").is_err());
        assert!(narrow.grant_type("client_credentials").is_ok());
        assert!(narrow.response_mode(Some("form_post")).is_ok());
        // The default mode is refused when not listed, not silently used.
        assert!(narrow.response_mode(None).is_err());
        assert!(narrow.code_challenge_method(None).is_err());
        let e = narrow
            .check_client_auth(
                ClientAuthEndpoint::Revocation,
                AuthMethod::ClientSecretBasic,
            )
            .unwrap_err();
        assert_eq!(
            e.description,
            "the client_secret_basic client authentication method may not revoke tokens"
        );
    }

    #[test]
    fn names_round_trip() {
        for t in ResponseType::ALL {
            assert_eq!(ResponseType::parse(t.as_str()), Some(t));
        }
        for m in ResponseMode::ALL {
            assert_eq!(ResponseMode::parse(m.as_str()), Some(m));
        }
        assert_eq!(names(["a"].into_iter()), "a");
        assert_eq!(names(["a", "b"].into_iter()), "a or b");
    }
}
