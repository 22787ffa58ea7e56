//! What a client may be registered with (DESIGN §4 `client create`, and the pages and API
//! that will register clients): its name, how it authenticates, which grants it gets when none
//! are named. `grant_type::check_client_settings` then checks that the whole fits together.

use crate::clock::UnixTime;
use crate::grant_type::{AuthMethod, GrantType};

/// A client's display name, trimmed: 1 to 200 characters.
pub fn name(s: &str) -> Result<&str, String> {
    let name = s.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err("a client name has 1 to 200 characters".into());
    }
    Ok(name)
}

/// How the client authenticates: public clients have no secret (`none`); a confidential
/// client defaults to `client_secret_basic`, the method RFC 6749 §2.3.1 requires servers to
/// support.
pub fn auth_method(public: bool, requested: Option<&str>) -> Result<AuthMethod, String> {
    match (public, requested) {
        (true, None | Some("none")) => Ok(AuthMethod::None),
        (true, Some(m)) => Err(format!(
            "a public client has no secret: --auth-method {m} contradicts --public"
        )),
        (false, None) => Ok(AuthMethod::ClientSecretBasic),
        (false, Some(m)) => AuthMethod::parse(m).ok_or_else(|| {
            format!(
                "unknown auth method {m:?}: use client_secret_basic, client_secret_post or none"
            )
        }),
    }
}

/// The grants named (each once), or the defaults: a client with redirect URIs acts for
/// people (authorization code, with refresh tokens); one without acts for itself (client
/// credentials).
pub fn grant_types(
    requested: &[String],
    has_redirect_uris: bool,
) -> Result<Vec<GrantType>, String> {
    if requested.is_empty() {
        return Ok(if has_redirect_uris {
            vec![GrantType::AuthorizationCode, GrantType::RefreshToken]
        } else {
            vec![GrantType::ClientCredentials]
        });
    }
    let mut grants = Vec::new();
    for s in requested {
        let g = GrantType::parse(s).ok_or_else(|| format!("unknown grant type {s:?}"))?;
        if !grants.contains(&g) {
            grants.push(g);
        }
    }
    Ok(grants)
}

/// An expiry date must lie in the future.
pub fn check_expiry(expires_at: UnixTime, now: UnixTime) -> Result<(), String> {
    if expires_at <= now {
        return Err("the expiry date is in the past".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(name("  Photo printer ").unwrap(), "Photo printer");
        assert!(name("   ").is_err());
        assert!(name(&"é".repeat(200)).is_ok());
        assert!(name(&"é".repeat(201)).is_err());
    }

    #[test]
    fn auth_methods() {
        assert_eq!(auth_method(true, None).unwrap(), AuthMethod::None);
        assert_eq!(auth_method(true, Some("none")).unwrap(), AuthMethod::None);
        assert!(auth_method(true, Some("client_secret_post")).is_err());
        assert_eq!(
            auth_method(false, None).unwrap(),
            AuthMethod::ClientSecretBasic
        );
        assert_eq!(
            auth_method(false, Some("client_secret_post")).unwrap(),
            AuthMethod::ClientSecretPost
        );
        assert!(auth_method(false, Some("private_key_jwt")).is_err());
    }

    #[test]
    fn default_and_named_grants() {
        assert_eq!(
            grant_types(&[], true).unwrap(),
            vec![GrantType::AuthorizationCode, GrantType::RefreshToken]
        );
        assert_eq!(
            grant_types(&[], false).unwrap(),
            vec![GrantType::ClientCredentials]
        );
        let named = [
            "client_credentials".to_owned(),
            "client_credentials".to_owned(),
        ];
        assert_eq!(
            grant_types(&named, true).unwrap(),
            vec![GrantType::ClientCredentials]
        );
        assert!(grant_types(&["magic".to_owned()], false).is_err());
    }

    #[test]
    fn expiry_is_in_the_future() {
        assert!(check_expiry(101, 100).is_ok());
        assert!(check_expiry(100, 100).is_err());
    }
}
