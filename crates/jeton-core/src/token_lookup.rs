//! Where to look for a presented token (RFC 7662 §2.1, RFC 7009 §2.1): the hinted table
//! first, but never a table the token's prefix rules out.

use crate::access_token::is_jwt_shaped;
use crate::secret::SecretKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenTable {
    Access,
    Refresh,
}

/// The tables to look in, in order. A prefix we recognise decides alone, and so does the
/// shape of a JWT (RFC 9068 access tokens are the only JWTs stored as tokens; refresh tokens
/// are always opaque); any other token (not ours, or from elsewhere) is looked up where the
/// hint says first.
pub fn lookup_order(token: &str, hint: Option<&str>) -> Vec<TokenTable> {
    if is_jwt_shaped(token) {
        return vec![TokenTable::Access];
    }
    match SecretKind::of(token) {
        Some(SecretKind::AccessToken) => vec![TokenTable::Access],
        Some(SecretKind::RefreshToken) => vec![TokenTable::Refresh],
        Some(_) => vec![],
        None if hint == Some("refresh_token") => vec![TokenTable::Refresh, TokenTable::Access],
        None => vec![TokenTable::Access, TokenTable::Refresh],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prefix_decides_and_the_hint_orders_the_rest() {
        assert_eq!(
            lookup_order("jeton_at_x", Some("refresh_token")),
            vec![TokenTable::Access]
        );
        assert_eq!(lookup_order("jeton_rt_x", None), vec![TokenTable::Refresh]);
        assert!(
            lookup_order("jeton_ac_x", None).is_empty(),
            "a code is never a token"
        );
        assert_eq!(
            lookup_order("opaque", Some("refresh_token")),
            vec![TokenTable::Refresh, TokenTable::Access]
        );
        assert_eq!(
            lookup_order("opaque", None),
            vec![TokenTable::Access, TokenTable::Refresh]
        );
        assert_eq!(
            lookup_order("eyJh.eyJz.c2ln", Some("refresh_token")),
            vec![TokenTable::Access],
            "a JWT is an access token whatever the hint says"
        );
    }
}
