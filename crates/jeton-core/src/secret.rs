//! Minting and hashing of every secret Jeton hands out: tokens, codes, client secrets,
//! session and CSRF values.
//!
//! DESIGN §5: secrets are 256 random bits from the OS CSPRNG, carry a prefix that names their
//! kind (so secret scanners and people can tell them apart), and are stored only as SHA-256
//! digests. A slow hash would buy nothing on 256 random bits and would cost every request.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq;

use crate::random::Random;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    AccessToken,
    RefreshToken,
    AuthorizationCode,
    ClientSecret,
    Session,
    Csrf,
}

impl SecretKind {
    pub fn prefix(self) -> &'static str {
        match self {
            Self::AccessToken => "jeton_at_",
            Self::RefreshToken => "jeton_rt_",
            Self::AuthorizationCode => "jeton_ac_",
            Self::ClientSecret => "jeton_cs_",
            Self::Session => "jeton_ss_",
            Self::Csrf => "jeton_csrf_",
        }
    }

    /// Which kind a presented value claims to be, from its prefix.
    pub fn of(value: &str) -> Option<Self> {
        [
            Self::AccessToken,
            Self::RefreshToken,
            Self::AuthorizationCode,
            Self::ClientSecret,
            Self::Session,
            Self::Csrf,
        ]
        .into_iter()
        .find(|k| value.starts_with(k.prefix()))
    }
}

/// The SHA-256 digest under which a secret is stored and looked up.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SecretDigest(pub [u8; 32]);

impl SecretDigest {
    pub fn of(secret: &str) -> Self {
        Self(Sha256::digest(secret.as_bytes()).into())
    }

    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        bytes.try_into().ok().map(Self)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Constant-time comparison, for checking a presented secret against a stored digest.
    pub fn ct_eq(&self, other: &SecretDigest) -> bool {
        self.0.ct_eq(&other.0).into()
    }
}

impl std::fmt::Debug for SecretDigest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The first bytes are enough to tell digests apart in a debugger, and reveal nothing.
        write!(
            f,
            "SecretDigest({:02x}{:02x}{:02x}{:02x}…)",
            self.0[0], self.0[1], self.0[2], self.0[3]
        )
    }
}

/// A freshly minted secret: the value to hand out once, and the digest to store.
pub struct MintedSecret {
    pub value: String,
    pub digest: SecretDigest,
}

impl std::fmt::Debug for MintedSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MintedSecret")
            .field("digest", &self.digest)
            .finish_non_exhaustive()
    }
}

pub fn mint(kind: SecretKind, random: &dyn Random) -> MintedSecret {
    let mut bytes = [0u8; 32];
    random.fill(&mut bytes);
    let mut value = String::with_capacity(kind.prefix().len() + 43);
    value.push_str(kind.prefix());
    URL_SAFE_NO_PAD.encode_string(bytes, &mut value);
    let digest = SecretDigest::of(&value);
    MintedSecret { value, digest }
}

/// Constant-time string equality, for values compared in the clear (CSRF tokens).
pub fn ct_eq_str(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::OsRandom;

    #[test]
    fn minted_secrets_have_prefix_length_and_matching_digest() {
        let s = mint(SecretKind::AccessToken, &OsRandom);
        assert!(s.value.starts_with("jeton_at_"));
        assert_eq!(s.value.len(), "jeton_at_".len() + 43);
        assert!(SecretDigest::of(&s.value).ct_eq(&s.digest));
        assert_eq!(SecretKind::of(&s.value), Some(SecretKind::AccessToken));
        let other = mint(SecretKind::AccessToken, &OsRandom);
        assert_ne!(s.value, other.value);
        assert!(!s.digest.ct_eq(&other.digest));
    }

    #[test]
    fn digest_debug_does_not_print_the_whole_digest() {
        let d = SecretDigest::of("jeton_at_x");
        assert!(format!("{d:?}").len() < 30);
    }

    #[test]
    fn ct_eq_str_compares_content_and_length() {
        assert!(ct_eq_str("abc", "abc"));
        assert!(!ct_eq_str("abc", "abd"));
        assert!(!ct_eq_str("abc", "abcd"));
    }
}
