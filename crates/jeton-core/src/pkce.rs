//! Proof Key for Code Exchange (RFC 7636).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::error::OAuthError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengeMethod {
    S256,
    Plain,
}

impl ChallengeMethod {
    /// Every method this crate knows; which are served is in `capabilities::SERVED`.
    pub const ALL: [ChallengeMethod; 2] = [Self::S256, Self::Plain];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::S256 => "S256",
            Self::Plain => "plain",
        }
    }
}

/// RFC 7636 §4.1: 43 to 128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~".
/// A challenge has the same alphabet and length (§4.2).
pub fn is_valid_verifier(s: &str) -> bool {
    (43..=128).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// Checks a presented verifier against the stored challenge, in constant time.
pub fn verify(challenge: &str, method: ChallengeMethod, verifier: &str) -> bool {
    if !is_valid_verifier(verifier) {
        return false;
    }
    let computed = match method {
        ChallengeMethod::S256 => URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())),
        ChallengeMethod::Plain => verifier.to_owned(),
    };
    computed.len() == challenge.len() && computed.as_bytes().ct_eq(challenge.as_bytes()).into()
}

/// RFC 7636 §4.6 at the token endpoint: the verifier must match the code's challenge, must
/// be sent when there was one, and must not be sent when there was none (RFC 9700 §2.1.1: a
/// verifier for a code issued without a challenge is a downgrade attempt).
pub fn check_at_redemption(
    challenge: Option<(&str, ChallengeMethod)>,
    verifier: Option<&str>,
) -> Result<(), OAuthError> {
    match (challenge, verifier) {
        (Some((challenge, method)), Some(verifier)) if verify(challenge, method, verifier) => {
            Ok(())
        }
        (Some(_), Some(_)) => Err(OAuthError::invalid_grant(
            "the code_verifier does not match the code_challenge",
        )),
        // The code was bound to a challenge and the request proves nothing: the grant does
        // not verify (RFC 7636 §4.6), as Keycloak, ORY Hydra and node-oidc-provider answer.
        (Some(_), None) => Err(OAuthError::invalid_grant(
            "code_verifier is required: this code was issued with a code_challenge",
        )),
        (None, Some(_)) => Err(OAuthError::invalid_grant(
            "this code was issued without a code_challenge",
        )),
        (None, None) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 7636 Appendix B.
    const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    #[test]
    fn s256_matches_rfc_example() {
        assert!(verify(CHALLENGE, ChallengeMethod::S256, VERIFIER));
        assert!(!verify(
            CHALLENGE,
            ChallengeMethod::S256,
            &VERIFIER.replace('d', "e")
        ));
    }

    #[test]
    fn plain_compares_directly() {
        assert!(verify(VERIFIER, ChallengeMethod::Plain, VERIFIER));
        assert!(!verify(CHALLENGE, ChallengeMethod::Plain, VERIFIER));
    }

    #[test]
    fn verifier_syntax() {
        assert!(is_valid_verifier(VERIFIER));
        assert!(!is_valid_verifier("short"));
        assert!(!is_valid_verifier(&"a".repeat(129)));
        assert!(!is_valid_verifier(&format!("{}!", &VERIFIER[..43])));
        assert!(!verify("x", ChallengeMethod::Plain, "x"));
    }

    #[test]
    fn redemption_rules() {
        use crate::ErrorCode::*;
        let c = Some((CHALLENGE, ChallengeMethod::S256));
        assert!(check_at_redemption(c, Some(VERIFIER)).is_ok());
        assert!(check_at_redemption(None, None).is_ok());
        assert_eq!(
            check_at_redemption(c, Some(&VERIFIER.replace('d', "e")))
                .unwrap_err()
                .code,
            InvalidGrant
        );
        assert_eq!(check_at_redemption(c, None).unwrap_err().code, InvalidGrant);
        assert_eq!(
            check_at_redemption(None, Some(VERIFIER)).unwrap_err().code,
            InvalidGrant
        );
    }

    #[test]
    fn method_names() {
        assert_eq!(ChallengeMethod::parse("S256"), Some(ChallengeMethod::S256));
        assert_eq!(ChallengeMethod::parse("s256"), None);
        assert_eq!(ChallengeMethod::parse("plain").unwrap().as_str(), "plain");
    }
}
