//! OpenID Connect Core 1.0 rules: the standard scopes, the ID token's claims, and the claims
//! about the user that each scope releases (at UserInfo and, for the `claims` parameter, in
//! the ID token).

use serde::Serialize;
use serde_json::{Map, Value};

use crate::clock::UnixTime;
use crate::entities::User;
use crate::scope::ScopeSet;
use crate::signing::SigningAlg;

pub const OPENID: &str = "openid";
pub const PROFILE: &str = "profile";
pub const EMAIL: &str = "email";
pub const OFFLINE_ACCESS: &str = "offline_access";

/// The scopes OpenID Connect defines and Jeton serves (§5.4, §11). Every domain knows them
/// without registering them, every user may grant them, and every client that may use the
/// code flow may request them: a relying party should not need an operator to opt in to
/// the protocol it speaks.
pub const STANDARD_SCOPES: [&str; 4] = [OPENID, PROFILE, EMAIL, OFFLINE_ACCESS];

pub fn is_standard_scope(s: &str) -> bool {
    STANDARD_SCOPES.contains(&s)
}

/// The standard scopes as a set, to widen a client's allowed set or a user's entitled one.
pub fn standard_scopes() -> ScopeSet {
    ScopeSet::from_tokens(STANDARD_SCOPES).expect("the standard scopes are valid tokens")
}

/// Whether the request is an OpenID Connect one (§3.1.2.1: `openid` in the scope).
pub fn is_oidc(scopes: &ScopeSet) -> bool {
    scopes.contains(OPENID)
}

/// The claims each scope releases (§5.4), from what Jeton knows of a user. `profile` gives
/// `preferred_username` and, when the user has attributes of these names, `name`,
/// `given_name`, `family_name`, `locale` and `zoneinfo`; `email` gives `email` and
/// `email_verified` (true only when the `email_verified` attribute says `"true"`: Jeton
/// does not itself verify addresses).
pub const PROFILE_CLAIMS: [&str; 6] = [
    "preferred_username",
    "name",
    "given_name",
    "family_name",
    "locale",
    "zoneinfo",
];
pub const EMAIL_CLAIMS: [&str; 2] = ["email", "email_verified"];

/// Every claim Jeton can release, for `claims_supported` in discovery.
pub fn claims_supported() -> Vec<&'static str> {
    let mut all = vec![
        "sub",
        "iss",
        "aud",
        "exp",
        "iat",
        "auth_time",
        "nonce",
        "amr",
        "azp",
        "at_hash",
    ];
    all.extend(PROFILE_CLAIMS);
    all.extend(EMAIL_CLAIMS);
    all
}

/// The user's claims that `scopes` release (`sub` not included: the caller adds it).
pub fn user_claims(user: &User, scopes: &ScopeSet) -> Map<String, Value> {
    let mut out = Map::new();
    let attribute = |name: &str| user.attributes.get(name).and_then(Value::as_str);
    if scopes.contains(PROFILE) {
        out.insert("preferred_username".into(), user.username.clone().into());
        for name in &PROFILE_CLAIMS[1..] {
            if let Some(v) = attribute(name) {
                out.insert((*name).into(), v.into());
            }
        }
    }
    if scopes.contains(EMAIL)
        && let Some(email) = &user.email
    {
        out.insert("email".into(), email.clone().into());
        out.insert(
            "email_verified".into(),
            (attribute("email_verified") == Some("true")).into(),
        );
    }
    out
}

/// The ID token (§2), as signed. `sub` is the user's id: stable, never reassigned, and not
/// the username (which a manager can change).
#[derive(Debug, Clone, Serialize)]
pub struct IdTokenClaims {
    pub iss: String,
    pub sub: String,
    pub aud: String,
    pub exp: UnixTime,
    pub iat: UnixTime,
    pub auth_time: UnixTime,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    /// §3.1.3.6: present when an access token is issued with the ID token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_hash: Option<String>,
    /// §3.3.2.11: present when a code is issued with the ID token (hybrid flows).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub c_hash: Option<String>,
    /// §2: the party the token was issued to; the same as the one audience.
    pub azp: String,
    /// RFC 8176: how the user authenticated (a password at the sign-in page).
    pub amr: Vec<&'static str>,
    /// Requested claims (the `claims` parameter) and, without an access token, the
    /// scope-released ones (§5.4).
    #[serde(flatten)]
    pub user: Map<String, Value>,
}

/// What an ID token says, before the user's claims are added.
pub struct IdTokenFacts<'a> {
    pub issuer: &'a str,
    pub user_id: &'a str,
    pub client_id: &'a str,
    pub now: UnixTime,
    pub lifetime_secs: i64,
    pub auth_time: UnixTime,
    pub nonce: Option<&'a str>,
    pub access_token: Option<&'a str>,
    pub code: Option<&'a str>,
    pub alg: SigningAlg,
}

pub fn id_token_claims(facts: &IdTokenFacts<'_>, user: Map<String, Value>) -> IdTokenClaims {
    IdTokenClaims {
        iss: facts.issuer.to_owned(),
        sub: facts.user_id.to_owned(),
        aud: facts.client_id.to_owned(),
        exp: facts.now + facts.lifetime_secs,
        iat: facts.now,
        auth_time: facts.auth_time,
        nonce: facts.nonce.map(str::to_owned),
        at_hash: facts.access_token.map(|t| facts.alg.half_hash(t)),
        c_hash: facts.code.map(|c| facts.alg.half_hash(c)),
        azp: facts.client_id.to_owned(),
        amr: vec!["pwd"],
        user,
    }
}

/// The largest `nonce` accepted: it is stored with the code and echoed in the ID token.
pub const MAX_NONCE_LEN: usize = 512;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn user() -> User {
        User {
            id: "u1".into(),
            domain_id: "d1".into(),
            username: "alice".into(),
            email: Some("alice@example.com".into()),
            password_hash: None,
            roles: vec![],
            attributes: json!({"name": "Alice Martin", "department": "finance"}),
            disabled: false,
            created_at: 0,
        }
    }

    #[test]
    fn each_scope_releases_its_own_claims_only() {
        let none = user_claims(&user(), &ScopeSet::parse("openid").unwrap());
        assert!(none.is_empty());
        let profile = user_claims(&user(), &ScopeSet::parse("openid profile").unwrap());
        assert_eq!(profile["preferred_username"], "alice");
        assert_eq!(profile["name"], "Alice Martin");
        assert!(!profile.contains_key("email"));
        // Attributes that are not standard claims are not released.
        assert!(!profile.contains_key("department"));
        let email = user_claims(&user(), &ScopeSet::parse("openid email").unwrap());
        assert_eq!(email["email"], "alice@example.com");
        assert_eq!(email["email_verified"], false);
        assert!(!email.contains_key("preferred_username"));
    }

    #[test]
    fn the_id_token_binds_client_nonce_and_access_token() {
        let claims = id_token_claims(
            &IdTokenFacts {
                issuer: "https://id.example/d/acme",
                user_id: "u1",
                client_id: "c1",
                now: 1000,
                lifetime_secs: 3600,
                auth_time: 900,
                nonce: Some("n-0S6_WzA2Mj"),
                access_token: Some("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"),
                code: None,
                alg: SigningAlg::Rs256,
            },
            Map::new(),
        );
        let v = serde_json::to_value(&claims).unwrap();
        assert_eq!(v["aud"], "c1");
        assert_eq!(v["azp"], "c1");
        assert_eq!(v["exp"], 4600);
        assert_eq!(v["auth_time"], 900);
        assert_eq!(v["nonce"], "n-0S6_WzA2Mj");
        assert_eq!(v["at_hash"], "77QmUPtjPfzWtF2AnpK9RQ");
        assert!(v.get("c_hash").is_none());
    }
}
