//! Token introspection (RFC 7662): the answer about one token the store found. The flow
//! looks the token up; this decides what the caller learns.

use crate::client_auth::may_introspect;
use crate::clock::UnixTime;
use crate::entities::{Client, TokenCheck, TokenRecord};
use crate::token_lookup::TokenTable;

/// RFC 7662 §2.2. Inactive tokens say nothing else (`Introspection::default()`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Introspection {
    pub active: bool,
    pub scope: Option<String>,
    pub client_id: Option<String>,
    pub username: Option<String>,
    pub token_type: Option<&'static str>,
    pub exp: Option<i64>,
    pub iat: Option<i64>,
    pub sub: Option<String>,
    pub iss: Option<String>,
    /// The domain's `TokenCheck`: `scope` as a JSON array too.
    pub scopes: Option<Vec<String>>,
    /// The domain's `TokenCheck`: the user's attributes it names, as claims.
    pub attributes: Vec<(String, String)>,
}

impl Introspection {
    /// `{"active": false}`: for unknown, expired or revoked tokens and for tokens the caller
    /// may not see, alike, so the answer does not tell them apart (RFC 7662 §2.2).
    pub fn inactive() -> Self {
        Self::default()
    }
}

/// What `caller` learns about `record`, found in `table`, at `now`. A token the caller may
/// not see (RFC 7662 §4, `may_introspect`) is as good as inactive. `issuer` is the
/// domain's issuer URL.
pub fn answer(
    record: &TokenRecord,
    table: TokenTable,
    caller: &Client,
    issuer: &str,
    now: UnixTime,
    check: &TokenCheck,
) -> Introspection {
    let visible = may_introspect(&caller.id, caller.is_personal(), &record.client_id);
    if !visible || !record.is_active(now) {
        return Introspection::inactive();
    }
    Introspection {
        active: true,
        scope: Some(record.scopes.to_string()),
        client_id: Some(record.client_id.to_string()),
        username: record.username.clone(),
        token_type: (table == TokenTable::Access).then_some("Bearer"),
        exp: Some(record.expires_at),
        iat: Some(record.issued_at),
        // A token of a client acting for itself has the client as its subject. Always the
        // public user id, even for a pairwise client: introspection answers resource
        // servers, which need the stable id, not the client (`pairwise` module comment).
        sub: Some(match &record.user_id {
            Some(user) => user.to_string(),
            None => record.client_id.to_string(),
        }),
        iss: Some(issuer.to_owned()),
        scopes: check
            .scopes_array
            .then(|| record.scopes.iter().map(str::to_owned).collect()),
        attributes: check
            .attributes
            .iter()
            .filter_map(|k| {
                let v = record.user_attributes.get(k)?.as_str()?;
                Some((k.clone(), v.to_owned()))
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::samples::{client, record};

    const ISS: &str = "https://id.example/d/main";

    /// A resource server registered by an administrator: it may see every token.
    fn resource_server() -> Client {
        Client {
            id: "rs".into(),
            ..client()
        }
    }

    #[test]
    fn an_active_visible_token_is_described() {
        let a = answer(
            &record(),
            TokenTable::Access,
            &resource_server(),
            ISS,
            10,
            &TokenCheck::default(),
        );
        assert_eq!(
            a,
            Introspection {
                active: true,
                scope: Some("read".into()),
                client_id: Some("c1".into()),
                username: Some("alice".into()),
                token_type: Some("Bearer"),
                exp: Some(100),
                iat: Some(0),
                sub: Some("u1".into()),
                iss: Some(ISS.into()),
                scopes: None,
                attributes: vec![],
            }
        );
    }

    #[test]
    fn a_refresh_token_has_no_token_type() {
        let a = answer(
            &record(),
            TokenTable::Refresh,
            &resource_server(),
            ISS,
            10,
            &TokenCheck::default(),
        );
        assert!(a.active);
        assert_eq!(a.token_type, None);
    }

    #[test]
    fn a_token_without_user_has_the_client_as_subject() {
        let r = TokenRecord {
            user_id: None,
            username: None,
            grant_id: None,
            ..record()
        };
        let a = answer(
            &r,
            TokenTable::Access,
            &resource_server(),
            ISS,
            10,
            &TokenCheck::default(),
        );
        assert_eq!(a.sub.as_deref(), Some("c1"));
        assert_eq!(a.username, None);
    }

    #[test]
    fn an_inactive_token_says_nothing_else() {
        let at_expiry = answer(
            &record(),
            TokenTable::Access,
            &resource_server(),
            ISS,
            100,
            &TokenCheck::default(),
        );
        assert_eq!(at_expiry, Introspection::inactive());
        let revoked_grant = TokenRecord {
            grant_revoked: true,
            ..record()
        };
        let a = answer(
            &revoked_grant,
            TokenTable::Access,
            &resource_server(),
            ISS,
            10,
            &TokenCheck::default(),
        );
        assert_eq!(a, Introspection::inactive());
    }

    #[test]
    fn the_domain_may_add_user_attributes_and_a_scopes_array() {
        let check = TokenCheck {
            attributes: vec!["department".into(), "missing".into()],
            scopes_array: true,
            access_token_header: None,
        };
        let a = answer(
            &record(),
            TokenTable::Access,
            &resource_server(),
            ISS,
            10,
            &check,
        );
        assert_eq!(a.attributes, vec![("department".into(), "finance".into())]);
        assert_eq!(
            a.scopes.as_deref().map(<[String]>::len),
            a.scope.map(|s| s.split(' ').count())
        );
        let plain = answer(
            &record(),
            TokenTable::Access,
            &resource_server(),
            ISS,
            10,
            &TokenCheck::default(),
        );
        assert!(plain.attributes.is_empty() && plain.scopes.is_none());
        // An inactive token says nothing, whatever the domain asks.
        let none = answer(
            &record(),
            TokenTable::Access,
            &resource_server(),
            ISS,
            100,
            &check,
        );
        assert_eq!(none, Introspection::inactive());
    }

    #[test]
    fn a_personal_client_sees_only_its_own_tokens() {
        let personal = |id: &str| Client {
            id: id.into(),
            kind: crate::entities::ClientKind::Personal,
            owner_user_id: Some("u1".into()),
            ..client()
        };
        let other = answer(
            &record(),
            TokenTable::Access,
            &personal("c2"),
            ISS,
            10,
            &TokenCheck::default(),
        );
        assert_eq!(other, Introspection::inactive());
        let own = answer(
            &record(),
            TokenTable::Access,
            &personal("c1"),
            ISS,
            10,
            &TokenCheck::default(),
        );
        assert!(own.active);
    }
}
