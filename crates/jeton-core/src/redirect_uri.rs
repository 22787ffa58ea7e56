//! Redirect URIs: registration checks and the matching rule.
//!
//! RFC 6749 §3.1.2 and RFC 9700 §2.1: exact string matching against the registered URIs.
//! The one exception is RFC 8252 §7.3: for a loopback IP literal with `http`, a native app
//! picks its port at run time, so the port may differ.

use std::net::IpAddr;

use url::{Host, Url};

use crate::error::OAuthError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidRedirectUri {
    #[error("the redirect URI is not an absolute URI")]
    NotAbsolute,
    #[error("a redirect URI must not contain a fragment (RFC 6749 §3.1.2)")]
    HasFragment,
    #[error("a redirect URI must use https, except for loopback addresses and private-use schemes")]
    InsecureScheme,
}

/// Checks a URI before it is registered for a client.
pub fn check_registrable(uri: &str) -> Result<(), InvalidRedirectUri> {
    let url = Url::parse(uri).map_err(|_| InvalidRedirectUri::NotAbsolute)?;
    if url.fragment().is_some() || uri.contains('#') {
        return Err(InvalidRedirectUri::HasFragment);
    }
    match url.scheme() {
        "https" => Ok(()),
        // http only on loopback (RFC 8252 §7.3) or localhost for development.
        "http" => match url.host() {
            Some(Host::Domain("localhost")) => Ok(()),
            Some(Host::Ipv4(ip)) if ip.is_loopback() => Ok(()),
            Some(Host::Ipv6(ip)) if ip.is_loopback() => Ok(()),
            _ => Err(InvalidRedirectUri::InsecureScheme),
        },
        // Private-use URI schemes for native apps (RFC 8252 §7.1) contain a period.
        scheme if scheme.contains('.') => Ok(()),
        _ => Err(InvalidRedirectUri::InsecureScheme),
    }
}

fn loopback_ip(url: &Url) -> Option<IpAddr> {
    match url.host()? {
        Host::Ipv4(ip) if ip.is_loopback() => Some(IpAddr::V4(ip)),
        Host::Ipv6(ip) if ip.is_loopback() => Some(IpAddr::V6(ip)),
        _ => None,
    }
}

/// Whether `requested` matches `registered`: byte-for-byte, or for an `http` loopback IP
/// literal, equal in everything but the port.
pub fn matches(registered: &str, requested: &str) -> bool {
    if registered == requested {
        return true;
    }
    let (Ok(reg), Ok(req)) = (Url::parse(registered), Url::parse(requested)) else {
        return false;
    };
    if reg.scheme() != "http" || req.scheme() != "http" {
        return false;
    }
    match (loopback_ip(&reg), loopback_ip(&req)) {
        (Some(a), Some(b)) if a == b => {
            req.fragment().is_none()
                && req.username().is_empty()
                && req.password().is_none()
                && reg.path() == req.path()
                && reg.query() == req.query()
        }
        _ => false,
    }
}

/// Finds the registered URI that `requested` matches, if any.
pub fn find_match<'a>(registered: &'a [String], requested: &str) -> Option<&'a str> {
    registered
        .iter()
        .map(String::as_str)
        .find(|r| matches(r, requested))
}

/// RFC 6749 §4.1.3 at the token endpoint: `redirect_uri` is required if the authorization
/// request had it, and when given it must be identical to the one the code was issued for.
pub fn check_at_redemption(
    issued_for: &str,
    was_in_request: bool,
    given: Option<&str>,
) -> Result<(), OAuthError> {
    match given {
        Some(g) if g != issued_for => Err(OAuthError::invalid_grant(
            "redirect_uri does not match the authorization request",
        )),
        None if was_in_request => Err(OAuthError::invalid_request(
            "redirect_uri is required: it was in the authorization request",
        )),
        _ => Ok(()),
    }
}

/// Whether `path` is a safe place to send a person back to after login: a path inside the
/// same domain's pages, never another host (no open redirect).
pub fn is_safe_return_path(path: &str, domain_slug: &str) -> bool {
    let prefix = format!("/d/{domain_slug}/");
    path.starts_with(&prefix) && is_plain_path(path)
}

/// Whether `path` is one of the super administrator's pages (`/admin/...`), where a sign-in
/// to the administrators' domain may lead back (those pages need that domain's session).
pub fn is_admin_return_path(path: &str) -> bool {
    path.starts_with("/admin/") && is_plain_path(path)
}

/// Short, no backslash (a network path to some browsers), no control or white space.
fn is_plain_path(path: &str) -> bool {
    path.len() <= 4096
        && !path.contains('\\')
        && !path.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// Whether `path` is a path on this server, safe to redirect to from a page that is not a
/// domain's (the language switch): absolute, never to another host (`//host` and `/\host`
/// are network paths to browsers), and printable ASCII only, as a `Location` header is.
pub fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && path.len() <= 4096
        && !path.contains('\\')
        && path.bytes().all(|b| b.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_match_only_for_ordinary_uris() {
        let reg = "https://app.example/cb";
        assert!(matches(reg, "https://app.example/cb"));
        assert!(!matches(reg, "https://app.example/cb/"));
        assert!(!matches(reg, "https://app.example/cb?x=1"));
        assert!(!matches(reg, "https://APP.example/cb"));
        assert!(!matches(reg, "https://app.example:8443/cb"));
        assert!(!matches(reg, "https://app.example.evil/cb"));
    }

    #[test]
    fn loopback_port_may_vary() {
        let reg = "http://127.0.0.1/callback";
        assert!(matches(reg, "http://127.0.0.1:53211/callback"));
        assert!(matches(
            "http://127.0.0.1:8000/callback",
            "http://127.0.0.1:9/callback"
        ));
        assert!(matches("http://[::1]/cb", "http://[::1]:4000/cb"));
        assert!(!matches(reg, "http://127.0.0.1:53211/other"));
        assert!(!matches(reg, "http://127.0.0.2:53211/callback"));
        assert!(!matches(reg, "http://[::1]:53211/callback"));
        assert!(!matches(reg, "https://127.0.0.1:53211/callback"));
        // localhost is a name, not a loopback literal: exact match only (RFC 8252 §8.3).
        assert!(!matches("http://localhost/cb", "http://localhost:5000/cb"));
    }

    #[test]
    fn registration_rules() {
        assert!(check_registrable("https://app.example/cb").is_ok());
        assert!(check_registrable("http://127.0.0.1/cb").is_ok());
        assert!(check_registrable("http://localhost:3000/cb").is_ok());
        assert!(check_registrable("com.example.app:/oauth").is_ok());
        assert_eq!(
            check_registrable("http://app.example/cb"),
            Err(InvalidRedirectUri::InsecureScheme)
        );
        assert_eq!(
            check_registrable("https://app.example/cb#x"),
            Err(InvalidRedirectUri::HasFragment)
        );
        assert_eq!(
            check_registrable("/cb"),
            Err(InvalidRedirectUri::NotAbsolute)
        );
        assert_eq!(
            check_registrable("javascript:alert(1)"),
            Err(InvalidRedirectUri::InsecureScheme)
        );
    }

    #[test]
    fn redemption_rules() {
        use crate::ErrorCode::*;
        let uri = "https://a.example/cb";
        assert!(check_at_redemption(uri, true, Some(uri)).is_ok());
        assert!(check_at_redemption(uri, false, None).is_ok());
        assert!(check_at_redemption(uri, false, Some(uri)).is_ok());
        assert_eq!(
            check_at_redemption(uri, true, None).unwrap_err().code,
            InvalidRequest
        );
        assert_eq!(
            check_at_redemption(uri, false, Some("https://a.example/x"))
                .unwrap_err()
                .code,
            InvalidGrant
        );
    }

    #[test]
    fn return_paths_stay_in_the_domain() {
        assert!(is_safe_return_path(
            "/d/main/oauth/authorize?client_id=x",
            "main"
        ));
        assert!(!is_safe_return_path("/d/other/account", "main"));
        assert!(!is_safe_return_path("//evil.example/d/main/", "main"));
        assert!(!is_safe_return_path("https://evil.example/d/main/", "main"));
        assert!(!is_safe_return_path("/d/main/\\evil", "main"));
        assert!(!is_safe_return_path("/d/main/\nx", "main"));
    }

    #[test]
    fn admin_return_paths_are_the_admin_pages_only() {
        assert!(is_admin_return_path("/admin/"));
        assert!(is_admin_return_path("/admin/domains/acme?done=renamed"));
        assert!(!is_admin_return_path("/admin"));
        assert!(!is_admin_return_path("/administrator/"));
        assert!(!is_admin_return_path("//evil.example/admin/"));
        assert!(!is_admin_return_path("/admin/\\evil"));
        assert!(!is_admin_return_path("/admin/ x"));
    }

    #[test]
    fn local_paths_stay_on_this_server() {
        assert!(is_local_path("/"));
        assert!(is_local_path("/d/main/login?return_to=%2Fd%2Fmain%2F&x=1"));
        assert!(is_local_path("/d/main/"));
        for p in [
            "",
            "d/main/",
            "//evil.example",
            "//evil.example/d/main/",
            "/\\evil.example",
            "/d/main/\\..\\x",
            "https://evil.example/",
            "javascript:alert(1)",
            "/d/main/\nx",
            "/d/main/ x",
            "/d/\u{e9}",
        ] {
            assert!(!is_local_path(p), "{p:?}");
        }
        assert!(!is_local_path(&format!("/{}", "a".repeat(5000))));
    }

    #[test]
    fn find_match_returns_the_registered_form() {
        let reg = vec![
            "https://a.example/cb".to_string(),
            "http://127.0.0.1/cb".to_string(),
        ];
        assert_eq!(
            find_match(&reg, "http://127.0.0.1:1234/cb"),
            Some("http://127.0.0.1/cb")
        );
        assert_eq!(find_match(&reg, "https://b.example/cb"), None);
    }
}
