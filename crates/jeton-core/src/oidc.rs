//! OpenID Connect Core 1.0 rules: the standard scopes, the ID token's claims, and the claims
//! about the user that each scope releases (at UserInfo and, for the `claims` parameter, in
//! the ID token).

use serde::Serialize;
use serde_json::{Map, Value};

use crate::clock::UnixTime;
use crate::entities::User;
use crate::ids::{ClientId, UserId};
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
    scope_claim_names(scopes)
        .filter_map(|name| user_claim(user, name).map(|v| (name.to_owned(), v)))
        .collect()
}

/// The names of the claims `scopes` release (§5.4), in a fixed order.
pub fn scope_claim_names(scopes: &ScopeSet) -> impl Iterator<Item = &'static str> {
    let profile = scopes
        .contains(PROFILE)
        .then_some(PROFILE_CLAIMS.as_slice());
    let email = scopes.contains(EMAIL).then_some(EMAIL_CLAIMS.as_slice());
    profile.into_iter().chain(email).flatten().copied()
}

/// Whether `name` is a claim about the user that Jeton can release (`PROFILE_CLAIMS`,
/// `EMAIL_CLAIMS`).
pub fn is_user_claim(name: &str) -> bool {
    PROFILE_CLAIMS.contains(&name) || EMAIL_CLAIMS.contains(&name)
}

/// One claim about the user, when the user has it: `preferred_username` always, the other
/// profile claims from attributes of those names, `email` and `email_verified` when the
/// user has an address.
pub fn user_claim(user: &User, name: &str) -> Option<Value> {
    let attribute = |name: &str| user.attributes.get(name).and_then(Value::as_str);
    match name {
        "preferred_username" => Some(user.username.clone().into()),
        "email" => user.email.clone().map(Value::from),
        "email_verified" => user
            .email
            .as_ref()
            .map(|_| (attribute("email_verified") == Some("true")).into()),
        _ if PROFILE_CLAIMS.contains(&name) => attribute(name).map(Value::from),
        _ => None,
    }
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

/// The `typ` of the ID tokens Jeton signs. JWT access tokens (RFC 9068) are signed with the
/// same keys but carry `at+jwt`: an access token must never pass for an ID token.
pub const ID_TOKEN_TYP: &str = "JWT";

/// What an ID token that Jeton issued says, once presented back as `id_token_hint`
/// (Core §3.1.2.1, RP-Initiated Logout §2) and its signature verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdTokenHint {
    /// The user it was issued about, as its client saw them: the user's id, or the
    /// pairwise value for a pairwise client (`ClientOptions::subject`). Compare it with
    /// what that client would see, never with the id directly.
    pub sub: UserId,
    /// The client it was issued to (its one audience).
    pub aud: ClientId,
    pub auth_time: Option<UnixTime>,
    pub exp: UnixTime,
}

/// Why a presented ID token is not taken as a hint (for logs and tests; the person sees
/// only that the application is not trusted with a redirect).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HintRefused {
    #[error("the token is not a compact JWS")]
    Malformed,
    #[error("the token names no key of this domain, or a retired one")]
    UnknownKey,
    #[error("the signature does not verify")]
    BadSignature,
    #[error("the token is not an ID token (typ)")]
    NotAnIdToken,
    #[error("the token was issued by another issuer")]
    OtherIssuer,
    #[error("the token has no single, plausible audience")]
    BadAudience,
    #[error("the token has no subject")]
    NoSubject,
    #[error("the token has no expiry")]
    NoExpiry,
}

/// The checks on an ID token hint once its signature verified: an ID token (`typ` absent or
/// `JWT`), of this issuer (exactly `issuer`), with one audience (`aud` a string or an array
/// of one, equal to `azp` when present) that could be a client id, a subject and an `exp`.
///
/// `exp` is *not* compared with the clock: RP-Initiated Logout §2 has the OP accept an
/// expired ID token as a hint (the RP's session often outlives it). What bounds the age of
/// an accepted hint is the key: a retired key verifies nothing (the flow refuses tokens
/// whose key is no longer published).
pub fn check_id_token_hint(
    typ: Option<&str>,
    claims: &Value,
    issuer: &str,
) -> Result<IdTokenHint, HintRefused> {
    if typ.is_some_and(|t| !t.eq_ignore_ascii_case(ID_TOKEN_TYP)) {
        return Err(HintRefused::NotAnIdToken);
    }
    if claims.get("iss").and_then(Value::as_str) != Some(issuer) {
        return Err(HintRefused::OtherIssuer);
    }
    let aud = match claims.get("aud") {
        Some(Value::String(a)) => Some(a.as_str()),
        Some(Value::Array(list)) if list.len() == 1 => list[0].as_str(),
        _ => None,
    }
    .ok_or(HintRefused::BadAudience)?;
    if claims
        .get("azp")
        .is_some_and(|azp| azp.as_str() != Some(aud))
    {
        return Err(HintRefused::BadAudience);
    }
    let aud = ClientId::parse(aud).ok_or(HintRefused::BadAudience)?;
    let sub = claims
        .get("sub")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or(HintRefused::NoSubject)?;
    let exp = claims
        .get("exp")
        .and_then(Value::as_i64)
        .ok_or(HintRefused::NoExpiry)?;
    Ok(IdTokenHint {
        sub: UserId::from(sub),
        aud,
        auth_time: claims.get("auth_time").and_then(Value::as_i64),
        exp,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    /// alice, with an email address, a name, a locale and an attribute that is no claim.
    pub(crate) fn user() -> User {
        User {
            id: "u1".into(),
            domain_id: "d1".into(),
            username: "alice".into(),
            email: Some("alice@example.com".into()),
            password_hash: None,
            roles: vec![],
            attributes: json!({"name": "Alice Martin", "locale": "fr-FR", "department": "finance"}),
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

    const ISS: &str = "https://id.example/d/acme";

    fn hint_claims() -> Value {
        json!({
            "iss": ISS, "sub": "u1", "aud": "c1", "azp": "c1",
            "exp": 1000, "iat": 900, "auth_time": 800,
        })
    }

    #[test]
    fn a_hint_names_its_user_and_client_even_when_expired() {
        let hint = check_id_token_hint(Some("JWT"), &hint_claims(), ISS).unwrap();
        assert_eq!(hint.sub, UserId::from("u1"));
        assert_eq!(hint.aud, ClientId::from("c1"));
        assert_eq!((hint.exp, hint.auth_time), (1000, Some(800)));
        // No clock here: an expired ID token is still a hint (RP-Initiated Logout §2).
        let mut one_aud = hint_claims();
        one_aud["aud"] = json!(["c1"]);
        assert!(check_id_token_hint(None, &one_aud, ISS).is_ok());
    }

    #[test]
    fn a_hint_of_another_issuer_audience_or_kind_is_refused() {
        let refused = |typ: Option<&str>, edit: &dyn Fn(&mut Value)| {
            let mut c = hint_claims();
            edit(&mut c);
            check_id_token_hint(typ, &c, ISS).unwrap_err()
        };
        use HintRefused::*;
        assert_eq!(refused(Some("at+jwt"), &|_| {}), NotAnIdToken);
        assert_eq!(
            refused(None, &|c| c["iss"] = json!("https://id.example/d/other")),
            OtherIssuer
        );
        assert_eq!(
            refused(None, &|c| c["iss"] = json!(format!("{ISS}/"))),
            OtherIssuer
        );
        assert_eq!(
            refused(None, &|c| drop(c.as_object_mut().unwrap().remove("iss"))),
            OtherIssuer
        );
        assert_eq!(
            refused(None, &|c| c["aud"] = json!(["c1", "c2"])),
            BadAudience
        );
        assert_eq!(refused(None, &|c| c["aud"] = json!(42)), BadAudience);
        assert_eq!(refused(None, &|c| c["azp"] = json!("c2")), BadAudience);
        assert_eq!(refused(None, &|c| c["aud"] = json!("a b")), BadAudience);
        assert_eq!(refused(None, &|c| c["sub"] = json!("")), NoSubject);
        assert_eq!(refused(None, &|c| c["exp"] = json!("soon")), NoExpiry);
    }
}
