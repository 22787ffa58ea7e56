//! JWT access tokens (RFC 9068): which format a client's access tokens take, the resource
//! indicators a token request may name (RFC 8707), and the claims of a JWT access token.
//!
//! A JWT access token is still stored as a row keyed by the SHA-256 digest of the whole
//! string, exactly like an opaque one, so introspection, revocation and the grant cascade
//! treat both alike: a resource server that verifies the signature locally learns what the
//! token said when it was issued; one that introspects also learns whether it was revoked.

use serde::{Deserialize, Serialize};

use crate::OAuthError;
use crate::clock::UnixTime;
use crate::error::ErrorCode;

/// The `typ` header of a JWT access token (RFC 9068 §2.1: `application/at+jwt`, written
/// without the `application/` prefix as RFC 7515 §4.1.9 recommends).
pub const JWT_TYP: &str = "at+jwt";

/// What an access token looks like on the wire.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AccessTokenFormat {
    /// `jeton_at_…`: random, meaningful only to Jeton (introspection).
    #[default]
    Opaque,
    /// A signed JWT (RFC 9068) that a resource server can verify with the JWKS.
    Jwt,
}

impl AccessTokenFormat {
    pub const ALL: [Self; 2] = [Self::Opaque, Self::Jwt];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Opaque => "opaque",
            Self::Jwt => "jwt",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// Whether `token` has the shape of a compact JWS (RFC 7515 §7.1): three non-empty
/// base64url parts. Decides only where to look a presented token up (nothing is trusted from
/// its content: the stored row, found by the digest of the whole string, decides).
pub fn is_jwt_shaped(token: &str) -> bool {
    let mut parts = 0;
    for part in token.split('.') {
        parts += 1;
        if parts > 3
            || part.is_empty()
            || !part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return false;
        }
    }
    parts == 3
}

/// A resource indicator (RFC 8707 §2): an absolute URI without a fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource(String);

impl Resource {
    pub fn parse(s: &str) -> Result<Self, OAuthError> {
        let invalid = |why: &str| {
            OAuthError::new(
                ErrorCode::InvalidTarget,
                format!("the resource {s:?} {why} (RFC 8707 §2)"),
            )
        };
        let url = url::Url::parse(s).map_err(|_| invalid("is not an absolute URI"))?;
        if url.fragment().is_some() || s.contains('#') {
            return Err(invalid("must not have a fragment"));
        }
        // Kept as sent: the resource server compares `aud` with the string it knows itself by.
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The `aud` claim: one string, or an array when the request named several resources
/// (RFC 7519 §4.1.3 allows both).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Audience<'a> {
    One(&'a str),
    Many(Vec<&'a str>),
}

/// The audience of a token: the resources the request named (RFC 8707 §2), or else the
/// issuer, Jeton's default resource indicator (RFC 9068 §3: the server must pick one). The
/// issuer stands for "every resource server of this domain": a resource server that accepts
/// any of the domain's tokens checks `aud` against the issuer; one that wants tokens minted
/// for it alone asks clients to send its URI as `resource`.
pub fn audience<'a>(resources: &'a [Resource], issuer: &'a str) -> Audience<'a> {
    match resources {
        [] => Audience::One(issuer),
        [one] => Audience::One(one.as_str()),
        many => Audience::Many(many.iter().map(Resource::as_str).collect()),
    }
}

/// The claims of a JWT access token (RFC 9068 §2.2). `jti` comes first: its ordering bytes
/// become the stored digest's (`secret::jwt_order`), so rows land in issuance order.
#[derive(Debug, Clone, Serialize)]
pub struct JwtClaims<'a> {
    /// `secret::ordered_id`: unique (128 random bits), so two tokens issued in the same
    /// second differ, and so do their digests.
    pub jti: &'a str,
    pub iss: &'a str,
    pub exp: UnixTime,
    pub aud: Audience<'a>,
    /// The user the token acts for; the client itself when there is none (client
    /// credentials of an application: RFC 9068 §2.2). The public user id even for a
    /// pairwise client: the token is read by resource servers, not by the client.
    pub sub: &'a str,
    pub client_id: &'a str,
    pub iat: UnixTime,
    /// When the person signed in, where known (the code flow: RFC 9068 §2.2.1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_time: Option<UnixTime>,
    pub scope: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_claims_start_with_the_jti() {
        let claims = JwtClaims {
            jti: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            iss: "https://id.example/d/main",
            exp: 2,
            aud: Audience::One("https://id.example/d/main"),
            sub: "u1",
            client_id: "c1",
            iat: 1,
            auth_time: None,
            scope: "read",
        };
        let json = serde_json::to_vec(&claims).unwrap();
        assert!(json.starts_with(crate::secret::JWT_CLAIMS_START));
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert!(v.get("auth_time").is_none(), "absent when unknown");
        assert_eq!(v["aud"], "https://id.example/d/main");
    }

    #[test]
    fn formats_round_trip_and_default_to_opaque() {
        assert_eq!(AccessTokenFormat::default(), AccessTokenFormat::Opaque);
        for f in AccessTokenFormat::ALL {
            assert_eq!(AccessTokenFormat::parse(f.as_str()), Some(f));
            let json = serde_json::to_string(&f).unwrap();
            assert_eq!(json, format!("\"{}\"", f.as_str()));
        }
        assert_eq!(AccessTokenFormat::parse("JWT"), None);
    }

    #[test]
    fn a_jwt_is_three_base64url_parts() {
        assert!(is_jwt_shaped("eyJh.eyJz.c2ln"));
        assert!(is_jwt_shaped("a-_.b.c"));
        for not in [
            "",
            "jeton_at_abc",
            "a.b",
            "a.b.c.d",
            "a..c",
            ".b.c",
            "a.b.",
            "a.b.c=",
            "a b.c.d",
            "jeton_at_x.y.z!",
        ] {
            assert!(!is_jwt_shaped(not), "{not:?}");
        }
    }

    #[test]
    fn a_resource_is_an_absolute_uri_without_a_fragment() {
        assert_eq!(
            Resource::parse("https://api.example/v1").unwrap().as_str(),
            "https://api.example/v1"
        );
        assert!(Resource::parse("urn:example:ledger").is_ok());
        for bad in [
            "/relative",
            "api.example",
            "https://api.example/#x",
            "https://a/#",
        ] {
            let e = Resource::parse(bad).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidTarget, "{bad}");
        }
    }

    #[test]
    fn the_audience_is_the_resources_or_the_issuer() {
        let iss = "https://id.example/d/main";
        assert_eq!(audience(&[], iss), Audience::One(iss));
        let one = [Resource::parse("https://api.example").unwrap()];
        assert_eq!(
            serde_json::to_value(audience(&one, iss)).unwrap(),
            "https://api.example"
        );
        let two = [
            Resource::parse("https://a.example").unwrap(),
            Resource::parse("https://b.example").unwrap(),
        ];
        assert_eq!(
            serde_json::to_value(audience(&two, iss)).unwrap(),
            serde_json::json!(["https://a.example", "https://b.example"])
        );
    }
}
