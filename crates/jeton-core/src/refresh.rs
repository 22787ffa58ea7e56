//! Refresh token rules (RFC 6749 §6). Rotation and reuse detection (RFC 9700 §4.14) are
//! enforced atomically by the store; the grace period of DESIGN §5 is the flow's
//! (`jeton-flows` token_grants.rs `refresh_grace`).

use crate::error::OAuthError;
use crate::grant_type::GrantType;
use crate::scope::ScopeSet;

/// Whether redeeming a code also issues a refresh token: when the client is registered for
/// the `refresh_token` grant (RFC 6749 §5.1 leaves it to the server). Its scope is the code's.
pub fn issued_with_code(client_grants: &[GrantType]) -> bool {
    client_grants.contains(&GrantType::RefreshToken)
}

/// RFC 6749 §6: a refresh request may narrow the scope, never widen it. Without `scope`, the
/// new tokens carry the scope originally granted.
pub fn narrowed_scope(
    granted: &ScopeSet,
    requested: Option<&ScopeSet>,
) -> Result<ScopeSet, OAuthError> {
    match requested {
        None => Ok(granted.clone()),
        Some(r) if r.is_subset(granted) => Ok(r.clone()),
        Some(r) => Err(OAuthError::invalid_scope(format!(
            "the refresh token was not granted: {}",
            r.difference(granted)
        ))),
    }
}

/// What a refresh may still carry of `granted`: only what the client is still allowed and the
/// person is still entitled to now (DESIGN §1: effective = requested ∩ client's allowed ∩
/// user's entitled, at every issuance). A scope removed from a client, or a role taken from a
/// person, leaves their grants at the next refresh.
pub fn still_allowed(
    granted: &ScopeSet,
    client_allowed: &ScopeSet,
    entitled: &ScopeSet,
) -> ScopeSet {
    granted.intersection(client_allowed).intersection(entitled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refresh_keeps_only_what_is_still_allowed() {
        let s = |v: &str| ScopeSet::parse(v).unwrap();
        assert_eq!(
            still_allowed(&s("read write"), &s("read write"), &s("read write admin")),
            s("read write")
        );
        assert_eq!(
            still_allowed(&s("read write"), &s("read"), &s("read write")),
            s("read"),
            "client lost write"
        );
        assert_eq!(
            still_allowed(&s("read write"), &s("read write"), &s("read")),
            s("read"),
            "person lost write"
        );
    }

    #[test]
    fn a_refresh_token_comes_with_a_code_only_for_clients_registered_for_it() {
        assert!(issued_with_code(&[
            GrantType::AuthorizationCode,
            GrantType::RefreshToken
        ]));
        assert!(!issued_with_code(&[GrantType::AuthorizationCode]));
    }

    #[test]
    fn narrowing() {
        let g = ScopeSet::parse("a b").unwrap();
        assert_eq!(narrowed_scope(&g, None).unwrap(), g);
        assert_eq!(
            narrowed_scope(&g, Some(&ScopeSet::parse("a").unwrap()))
                .unwrap()
                .to_string(),
            "a"
        );
        let e = narrowed_scope(&g, Some(&ScopeSet::parse("a c").unwrap())).unwrap_err();
        assert_eq!(e.code, crate::ErrorCode::InvalidScope);
    }
}
