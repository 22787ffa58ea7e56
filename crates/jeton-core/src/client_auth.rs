//! Client authentication at the token, introspection and revocation endpoints
//! (RFC 6749 §2.3): which credentials a request presents, and whether they fit the client.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::error::OAuthError;
use crate::grant_type::AuthMethod;
use crate::ids::ClientId;
use crate::secret::SecretDigest;

/// The credentials a request carries, before the client is looked up.
#[derive(Clone, PartialEq, Eq)]
pub enum PresentedCredentials {
    /// `Authorization: Basic` (client_secret_basic).
    Basic { client_id: String, secret: String },
    /// `client_id` and `client_secret` in the form body (client_secret_post).
    Post { client_id: String, secret: String },
    /// Only `client_id` in the body: a public client (auth method none).
    PublicId { client_id: String },
}

impl std::fmt::Debug for PresentedCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print a secret.
        write!(
            f,
            "PresentedCredentials({:?}, {})",
            self.method(),
            self.client_id()
        )
    }
}

impl PresentedCredentials {
    pub fn client_id(&self) -> &str {
        match self {
            Self::Basic { client_id, .. }
            | Self::Post { client_id, .. }
            | Self::PublicId { client_id } => client_id,
        }
    }
    pub fn method(&self) -> AuthMethod {
        match self {
            Self::Basic { .. } => AuthMethod::ClientSecretBasic,
            Self::Post { .. } => AuthMethod::ClientSecretPost,
            Self::PublicId { .. } => AuthMethod::None,
        }
    }
    fn secret(&self) -> Option<&str> {
        match self {
            Self::Basic { secret, .. } | Self::Post { secret, .. } => Some(secret),
            Self::PublicId { .. } => None,
        }
    }
}

/// Whether a presented client id could be one of ours: short, printable ASCII. Anything else
/// is refused before it reaches a rate-limit key or a log line (it may be a pasted secret).
pub fn plausible_client_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 128 && id.bytes().all(|b| b.is_ascii_graphic())
}

/// RFC 7662 §4: which tokens a client may learn about. A personal client (acting for one
/// user) sees only its own tokens; clients registered by administrators (resource servers)
/// see every token of their domain.
pub fn may_introspect(
    caller_id: &ClientId,
    caller_is_personal: bool,
    token_client_id: &ClientId,
) -> bool {
    !caller_is_personal || caller_id == token_client_id
}

/// A failure to authenticate. `used_basic` tells the endpoint to answer 401 with
/// `WWW-Authenticate` (RFC 6749 §5.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAuthError {
    pub error: OAuthError,
    pub used_basic: bool,
}

fn fail(description: &'static str, used_basic: bool) -> ClientAuthError {
    ClientAuthError {
        error: OAuthError::invalid_client(description),
        used_basic,
    }
}

fn malformed(description: &'static str) -> ClientAuthError {
    ClientAuthError {
        error: OAuthError::invalid_request(description),
        used_basic: false,
    }
}

/// Decodes an `Authorization: Basic` value. RFC 6749 §2.3.1: the id and the secret are each
/// form-urlencoded before being joined with ':'.
pub fn parse_basic(header_value: &str) -> Result<(String, String), ClientAuthError> {
    let bad = || fail("malformed Basic credentials", true);
    let (scheme, rest) = header_value.trim().split_once(' ').ok_or_else(bad)?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(fail("unsupported authorization scheme; use Basic", true));
    }
    let decoded = STANDARD.decode(rest.trim()).map_err(|_| bad())?;
    let decoded = String::from_utf8(decoded).map_err(|_| bad())?;
    let (id, secret) = decoded.split_once(':').ok_or_else(bad)?;
    let id = url_decode(id).ok_or_else(bad)?;
    let secret = url_decode(secret).ok_or_else(bad)?;
    if id.is_empty() {
        return Err(bad());
    }
    Ok((id, secret))
}

fn url_decode(s: &str) -> Option<String> {
    // Nothing to decode, the usual case (the ids and secrets we issue are URL-safe): the
    // value as it is, without the copies below (they were 3 % of an introspection's CPU).
    if !s.contains(['+', '%']) {
        return Some(s.to_owned());
    }
    // application/x-www-form-urlencoded: '+' is a space.
    let s = s.replace('+', " ");
    url::form_urlencoded::parse(
        format!("x={}", s.replace('&', "%26").replace('=', "%3D")).as_bytes(),
    )
    .next()
    .map(|(_, v)| v.into_owned())
}

/// Works out which credentials a request presents. RFC 6749 §2.3: a client must not use
/// more than one authentication method in a request.
pub fn presented_credentials(
    authorization_header: Option<&str>,
    body_client_id: Option<&str>,
    body_client_secret: Option<&str>,
) -> Result<PresentedCredentials, ClientAuthError> {
    match (authorization_header, body_client_id, body_client_secret) {
        (Some(h), id, secret) => {
            // RFC 6749 §2.3: "MUST NOT use more than one authentication method in each
            // request" — a malformed request (invalid_request), not a failed authentication.
            if secret.is_some() {
                return Err(malformed("use one client authentication method, not two"));
            }
            let (client_id, secret) = parse_basic(h)?;
            if id.is_some_and(|id| id != client_id) {
                return Err(malformed(
                    "client_id in the body differs from the Basic credentials",
                ));
            }
            Ok(PresentedCredentials::Basic { client_id, secret })
        }
        (None, Some(id), Some(secret)) if !id.is_empty() => Ok(PresentedCredentials::Post {
            client_id: id.to_owned(),
            secret: secret.to_owned(),
        }),
        (None, Some(id), None) if !id.is_empty() => Ok(PresentedCredentials::PublicId {
            client_id: id.to_owned(),
        }),
        _ => Err(fail("client authentication is required", false)),
    }
}

/// What is known of the registered client, for checking its credentials.
pub struct RegisteredClient<'a> {
    pub auth_method: AuthMethod,
    pub secret_digest: Option<&'a SecretDigest>,
    pub active: bool,
}

/// Checks presented credentials against the registered client. The answer never says which
/// part was wrong, so it gives nothing away to someone guessing.
pub fn authenticate(
    presented: &PresentedCredentials,
    registered: Option<RegisteredClient<'_>>,
) -> Result<(), ClientAuthError> {
    let used_basic = presented.method() == AuthMethod::ClientSecretBasic;
    let failure = || fail("client authentication failed", used_basic);
    let Some(reg) = registered else {
        // Compute a digest anyway so an unknown id takes as long as a wrong secret.
        if let Some(secret) = presented.secret() {
            let _ = SecretDigest::of(secret);
        }
        return Err(failure());
    };
    if !reg.active {
        return Err(failure());
    }
    if presented.method() != reg.auth_method {
        return Err(failure());
    }
    match (presented.secret(), reg.secret_digest) {
        (None, None) if reg.auth_method.is_public() => Ok(()),
        (Some(secret), Some(digest)) if SecretDigest::of(secret).ct_eq(digest) => Ok(()),
        _ => Err(failure()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic(id: &str, secret: &str) -> String {
        format!("Basic {}", STANDARD.encode(format!("{id}:{secret}")))
    }

    #[test]
    fn parses_basic_with_form_encoding() {
        assert_eq!(
            parse_basic(&basic("my%20client", "s%3Ae+t")).unwrap(),
            ("my client".into(), "s:e t".into())
        );
        // Nothing encoded: taken as sent, '&' and '=' included (they only need escaping in a
        // form body, not in Basic).
        assert_eq!(
            parse_basic(&basic("abc-DEF_1", "jeton_cs_x&y=z")).unwrap(),
            ("abc-DEF_1".into(), "jeton_cs_x&y=z".into())
        );
        assert_eq!(
            parse_basic(&basic("a%26b", "x&y%3D")).unwrap(),
            ("a&b".into(), "x&y=".into())
        );
        assert!(parse_basic("Basic !!!").is_err());
        assert!(parse_basic("Bearer abc").is_err());
        assert!(
            parse_basic(&format!("Basic {}", STANDARD.encode("nocolon")))
                .unwrap_err()
                .used_basic
        );
    }

    #[test]
    fn client_id_plausibility_and_introspection_visibility() {
        assert!(plausible_client_id("bSym0FODi1AIdGYJqZUH5w"));
        assert!(!plausible_client_id(""));
        assert!(!plausible_client_id("a b"));
        assert!(!plausible_client_id(&"a".repeat(129)));
        let id = |s: &str| ClientId::from(s);
        assert!(may_introspect(&id("rs"), false, &id("other")));
        assert!(may_introspect(&id("mine"), true, &id("mine")));
        assert!(!may_introspect(&id("mine"), true, &id("other")));
    }

    #[test]
    fn one_method_per_request() {
        let h = basic("c", "s");
        let two = presented_credentials(Some(&h), None, Some("s")).unwrap_err();
        assert_eq!(two.error.code, crate::ErrorCode::InvalidRequest);
        let differs = presented_credentials(Some(&h), Some("other"), None).unwrap_err();
        assert_eq!(differs.error.code, crate::ErrorCode::InvalidRequest);
        assert_eq!(
            presented_credentials(Some(&h), Some("c"), None)
                .unwrap()
                .method(),
            AuthMethod::ClientSecretBasic
        );
        assert_eq!(
            presented_credentials(None, Some("c"), Some("s"))
                .unwrap()
                .method(),
            AuthMethod::ClientSecretPost
        );
        assert_eq!(
            presented_credentials(None, Some("c"), None)
                .unwrap()
                .method(),
            AuthMethod::None
        );
        let e = presented_credentials(None, None, None).unwrap_err();
        assert!(!e.used_basic);
    }

    #[test]
    fn authentication_checks_method_secret_and_state() {
        let digest = SecretDigest::of("jeton_cs_right");
        let reg = |method, active| RegisteredClient {
            auth_method: method,
            secret_digest: Some(&digest),
            active,
        };
        let right = PresentedCredentials::Basic {
            client_id: "c".into(),
            secret: "jeton_cs_right".into(),
        };
        let wrong = PresentedCredentials::Basic {
            client_id: "c".into(),
            secret: "jeton_cs_wrong".into(),
        };
        let post = PresentedCredentials::Post {
            client_id: "c".into(),
            secret: "jeton_cs_right".into(),
        };
        assert!(authenticate(&right, Some(reg(AuthMethod::ClientSecretBasic, true))).is_ok());
        assert!(authenticate(&wrong, Some(reg(AuthMethod::ClientSecretBasic, true))).is_err());
        assert!(authenticate(&right, Some(reg(AuthMethod::ClientSecretBasic, false))).is_err());
        // A client registered for Basic may not switch to the body, and vice versa.
        assert!(authenticate(&post, Some(reg(AuthMethod::ClientSecretBasic, true))).is_err());
        assert!(authenticate(&right, None).is_err());
        let public = PresentedCredentials::PublicId {
            client_id: "c".into(),
        };
        let public_reg = RegisteredClient {
            auth_method: AuthMethod::None,
            secret_digest: None,
            active: true,
        };
        assert!(authenticate(&public, Some(public_reg)).is_ok());
        // A confidential client cannot authenticate by naming itself.
        assert!(authenticate(&public, Some(reg(AuthMethod::ClientSecretBasic, true))).is_err());
    }
}
