//! Grant types and client authentication methods, and which a client may use.

use std::fmt;

use crate::error::OAuthError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GrantType {
    AuthorizationCode,
    ClientCredentials,
    RefreshToken,
    Password,
    Implicit,
}

impl GrantType {
    pub const ALL: [GrantType; 5] = [
        Self::AuthorizationCode,
        Self::ClientCredentials,
        Self::RefreshToken,
        Self::Password,
        Self::Implicit,
    ];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.as_str() == s)
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AuthorizationCode => "authorization_code",
            Self::ClientCredentials => "client_credentials",
            Self::RefreshToken => "refresh_token",
            Self::Password => "password",
            Self::Implicit => "implicit",
        }
    }
    /// Whether the token endpoint of this build serves the grant, as the capability table
    /// says (DESIGN §6: the metadata is generated from the same table).
    pub fn served_by_token_endpoint(self) -> bool {
        self != Self::Implicit && crate::capabilities::SERVED.grant_types.contains(&self)
    }

    /// Whether a client may be registered for it: it is served (at the token endpoint, or
    /// the implicit grant at the authorization endpoint).
    pub fn is_served(self) -> bool {
        crate::capabilities::SERVED.grant_types.contains(&self)
    }
}

impl fmt::Display for GrantType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuthMethod {
    ClientSecretBasic,
    ClientSecretPost,
    /// A public client: no secret, PKCE mandatory.
    None,
}

impl AuthMethod {
    /// Every method a client can be registered with; which endpoint accepts which is in
    /// `capabilities::SERVED`.
    pub const ALL: [AuthMethod; 3] = [Self::ClientSecretBasic, Self::ClientSecretPost, Self::None];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ClientSecretBasic => "client_secret_basic",
            Self::ClientSecretPost => "client_secret_post",
            Self::None => "none",
        }
    }
    pub fn is_public(self) -> bool {
        self == Self::None
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidClientSettings {
    #[error("a public client (auth method none) cannot use the client_credentials grant")]
    PublicClientCredentials,
    #[error("a public client (auth method none) cannot use the password grant")]
    PublicPassword,
    #[error(
        "the refresh_token grant needs a grant that issues refresh tokens (authorization_code or password)"
    )]
    RefreshWithoutCode,
    #[error("the authorization_code grant needs at least one redirect URI")]
    CodeWithoutRedirect,
    #[error("the implicit grant needs at least one redirect URI")]
    ImplicitWithoutRedirect,
    #[error("the {0} grant is not supported by this server yet")]
    NotServed(GrantType),
    #[error("a client needs at least one grant type")]
    NoGrant,
}

/// Checks a client's settings before they are stored.
pub fn check_client_settings(
    grants: &[GrantType],
    method: AuthMethod,
    redirect_uris: &[String],
) -> Result<(), InvalidClientSettings> {
    if grants.is_empty() {
        return Err(InvalidClientSettings::NoGrant);
    }
    if let Some(g) = grants.iter().find(|g| !g.is_served()) {
        return Err(InvalidClientSettings::NotServed(*g));
    }
    if method.is_public() && grants.contains(&GrantType::ClientCredentials) {
        return Err(InvalidClientSettings::PublicClientCredentials);
    }
    // The password grant hands the client the person's password: only a client that can
    // keep a secret, and so authenticates, may have it.
    if method.is_public() && grants.contains(&GrantType::Password) {
        return Err(InvalidClientSettings::PublicPassword);
    }
    if grants.contains(&GrantType::RefreshToken)
        && !grants.contains(&GrantType::AuthorizationCode)
        && !grants.contains(&GrantType::Password)
    {
        return Err(InvalidClientSettings::RefreshWithoutCode);
    }
    if grants.contains(&GrantType::AuthorizationCode) && redirect_uris.is_empty() {
        return Err(InvalidClientSettings::CodeWithoutRedirect);
    }
    if grants.contains(&GrantType::Implicit) && redirect_uris.is_empty() {
        return Err(InvalidClientSettings::ImplicitWithoutRedirect);
    }
    Ok(())
}

/// RFC 6749 §5.2 `unauthorized_client`: the client is not registered for this grant.
pub fn check_grant_allowed(allowed: &[GrantType], grant: GrantType) -> Result<(), OAuthError> {
    if allowed.contains(&grant) {
        Ok(())
    } else {
        Err(OAuthError::unauthorized_client(format!(
            "this client is not registered for the {grant} grant"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for g in GrantType::ALL {
            assert_eq!(GrantType::parse(g.as_str()), Some(g));
        }
        for m in AuthMethod::ALL {
            assert_eq!(AuthMethod::parse(m.as_str()), Some(m));
        }
        assert_eq!(GrantType::parse("foo"), None);
    }

    #[test]
    fn client_settings_rules() {
        use GrantType::*;
        let uris = vec!["https://a.example/cb".to_string()];
        assert!(
            check_client_settings(&[AuthorizationCode, RefreshToken], AuthMethod::None, &uris)
                .is_ok()
        );
        assert_eq!(
            check_client_settings(&[ClientCredentials], AuthMethod::None, &[]),
            Err(InvalidClientSettings::PublicClientCredentials)
        );
        assert_eq!(
            check_client_settings(&[AuthorizationCode], AuthMethod::ClientSecretBasic, &[]),
            Err(InvalidClientSettings::CodeWithoutRedirect)
        );
        assert_eq!(
            check_client_settings(&[RefreshToken], AuthMethod::ClientSecretBasic, &[]),
            Err(InvalidClientSettings::RefreshWithoutCode)
        );
        assert_eq!(
            check_client_settings(&[Implicit], AuthMethod::ClientSecretBasic, &[]),
            Err(InvalidClientSettings::ImplicitWithoutRedirect)
        );
        assert_eq!(
            check_client_settings(&[], AuthMethod::None, &[]),
            Err(InvalidClientSettings::NoGrant)
        );
    }

    #[test]
    fn grant_allowed() {
        assert!(
            check_grant_allowed(
                &[GrantType::ClientCredentials],
                GrantType::ClientCredentials
            )
            .is_ok()
        );
        let e = check_grant_allowed(&[GrantType::ClientCredentials], GrantType::RefreshToken)
            .unwrap_err();
        assert_eq!(e.code, crate::ErrorCode::UnauthorizedClient);
    }
}
