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

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::clock::UnixTime;
use crate::random::Random;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    AccessToken,
    RefreshToken,
    AuthorizationCode,
    ClientSecret,
    Session,
    Csrf,
    AdminToken,
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
            Self::AdminToken => "jeton_adm_",
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
            Self::AdminToken,
        ]
        .into_iter()
        .find(|k| value.starts_with(k.prefix()))
    }
}

/// Bytes of a token body that come before its random part. For tokens, codes and sessions
/// they are an ordering key (issuance second and a per-process sequence), not a secret: rows
/// are keyed by them first, so new rows land at the end of the B-tree instead of at random
/// pages, which is what makes durable group commits cheap. The 32 random bytes after them
/// carry all the secrecy (256 bits).
pub const ORDER_LEN: usize = 8;
const RANDOM_LEN: usize = 32;
const BODY_LEN: usize = ORDER_LEN + RANDOM_LEN;
pub const DIGEST_LEN: usize = ORDER_LEN + 32;

/// How a secret is stored and looked up: its ordering bytes followed by the SHA-256 of the
/// whole presented value. Nothing stored lets anyone rebuild the secret.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SecretDigest(pub [u8; DIGEST_LEN]);

impl SecretDigest {
    pub fn of(secret: &str) -> Self {
        let mut out = [0u8; DIGEST_LEN];
        out[..ORDER_LEN].copy_from_slice(&order_bytes(secret));
        out[ORDER_LEN..].copy_from_slice(&Sha256::digest(secret.as_bytes()));
        Self(out)
    }

    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        bytes.try_into().ok().map(Self)
    }

    pub fn as_bytes(&self) -> &[u8; DIGEST_LEN] {
        &self.0
    }

    /// Constant-time comparison, for checking a presented secret against a stored digest.
    pub fn ct_eq(&self, other: &SecretDigest) -> bool {
        self.0.ct_eq(&other.0).into()
    }

    /// Names this digest (so, one secret) without showing it: a hash of the digest (which
    /// starts with the secret's ordering bytes, never to be shown). A page that replaces a
    /// secret writes the fingerprint of the one it saw into its form, so that the same form
    /// sent again finds the secret already replaced instead of replacing the new one.
    pub fn fingerprint(&self) -> String {
        crate::ids::derived_id(&["secret", &URL_SAFE_NO_PAD.encode(self.0)])
    }
}

/// The ordering bytes of a presented value: the start of its decoded body, or zeros for a
/// value that is not one of ours (it will not be found either way).
fn order_bytes(value: &str) -> [u8; ORDER_LEN] {
    match SecretKind::of(value) {
        Some(k) => leading_order(&value[k.prefix().len()..]),
        None => jwt_order(value),
    }
}

/// The ordering bytes at the start of a base64url body.
fn leading_order(body: &str) -> [u8; ORDER_LEN] {
    let mut out = [0u8; ORDER_LEN];
    // 8 bytes are the first 11 base64 characters (with 2 spare bits).
    if body.len() >= 11 {
        let mut buf = [0u8; 9];
        if URL_SAFE_NO_PAD
            .decode_slice(&body.as_bytes()[..12.min(body.len())], &mut buf)
            .is_ok()
        {
            out.copy_from_slice(&buf[..ORDER_LEN]);
        }
    }
    out
}

/// What a JWT access token's claims start with: Jeton writes its `jti` first, and the `jti`
/// starts with ordering bytes (`ordered_id`), so JWT rows are ordered like opaque ones.
pub const JWT_CLAIMS_START: &[u8] = b"{\"jti\":\"";

/// The ordering bytes of a JWT that Jeton minted (zero for any other string): the start of
/// its `jti`, read from the first 28 base64url characters of the claims (21 bytes: the 8 of
/// `{"jti":"` and 13 characters of the id). Nothing here is trusted: the digest's SHA-256
/// covers the whole token.
fn jwt_order(value: &str) -> [u8; ORDER_LEN] {
    let mut parts = value.splitn(3, '.');
    let (Some(_), Some(claims)) = (parts.next(), parts.next()) else {
        return [0; ORDER_LEN];
    };
    let mut buf = [0u8; 21];
    if claims.len() < 28
        || URL_SAFE_NO_PAD
            .decode_slice(&claims.as_bytes()[..28], &mut buf)
            .is_err()
        || !buf.starts_with(JWT_CLAIMS_START)
    {
        return [0; ORDER_LEN];
    }
    match std::str::from_utf8(&buf[JWT_CLAIMS_START.len()..]) {
        Ok(id) => leading_order(id),
        Err(_) => [0; ORDER_LEN],
    }
}

impl std::fmt::Debug for SecretDigest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The first hash bytes are enough to tell digests apart in a debugger, and reveal nothing.
        let h = &self.0[ORDER_LEN..];
        write!(
            f,
            "SecretDigest({:02x}{:02x}{:02x}{:02x}…)",
            h[0], h[1], h[2], h[3]
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

fn mint_with_order(kind: SecretKind, order: [u8; ORDER_LEN], random: &dyn Random) -> MintedSecret {
    let mut body = [0u8; BODY_LEN];
    body[..ORDER_LEN].copy_from_slice(&order);
    random.fill(&mut body[ORDER_LEN..]);
    let mut value = String::with_capacity(kind.prefix().len() + 54);
    value.push_str(kind.prefix());
    URL_SAFE_NO_PAD.encode_string(body, &mut value);
    let digest = SecretDigest::of(&value);
    MintedSecret { value, digest }
}

/// A secret whose ordering bytes are random too: for secrets that are not row keys of a
/// busy table (client secrets, CSRF tokens).
pub fn mint(kind: SecretKind, random: &dyn Random) -> MintedSecret {
    let mut order = [0u8; ORDER_LEN];
    random.fill(&mut order);
    mint_with_order(kind, order, random)
}

/// A secret for a row key (tokens, codes, sessions): ordered by issuance second, then by a
/// per-process sequence that starts at a random point.
pub fn mint_ordered(kind: SecretKind, random: &dyn Random, now: UnixTime) -> MintedSecret {
    mint_with_order(kind, issuance_order(random, now), random)
}

/// A unique id that sorts like `mint_ordered`'s secrets: 8 ordering bytes and 16 random
/// bytes, base64url (32 characters). The `jti` of a JWT access token (see `jwt_order`).
pub fn ordered_id(random: &dyn Random, now: UnixTime) -> String {
    let mut bytes = [0u8; ORDER_LEN + 16];
    bytes[..ORDER_LEN].copy_from_slice(&issuance_order(random, now));
    random.fill(&mut bytes[ORDER_LEN..]);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The issuance second, then a per-process sequence that starts at a random point.
fn issuance_order(random: &dyn Random, now: UnixTime) -> [u8; ORDER_LEN] {
    static SEQUENCE: AtomicU32 = AtomicU32::new(0);
    static START: OnceLock<u32> = OnceLock::new();
    let start = *START.get_or_init(|| {
        let mut b = [0u8; 4];
        random.fill(&mut b);
        u32::from_be_bytes(b)
    });
    let seq = start.wrapping_add(SEQUENCE.fetch_add(1, Ordering::Relaxed));
    let mut order = [0u8; ORDER_LEN];
    order[..4].copy_from_slice(&(now.clamp(0, u32::MAX as i64) as u32).to_be_bytes());
    order[4..].copy_from_slice(&seq.to_be_bytes());
    order
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
    fn a_jwt_whose_claims_start_with_an_ordered_jti_keeps_its_order_in_the_digest() {
        let jwt = |jti: &str| {
            let claims = format!(r#"{{"jti":"{jti}","iss":"x"}}"#);
            format!(
                "eyJhbGciOiJFUzI1NiJ9.{}.c2ln",
                URL_SAFE_NO_PAD.encode(claims)
            )
        };
        let early = ordered_id(&OsRandom, 1_000);
        let late = ordered_id(&OsRandom, 2_000);
        assert_eq!(early.len(), 32);
        let (a, b) = (
            SecretDigest::of(&jwt(&early)),
            SecretDigest::of(&jwt(&late)),
        );
        assert_eq!(&a.0[..4], &1_000u32.to_be_bytes());
        assert!(a.0 < b.0, "ordered by issuance");
        assert_eq!(
            &a.0[ORDER_LEN..],
            &Sha256::digest(jwt(&early).as_bytes())[..]
        );
        // Anything else without a prefix has no ordering bytes, and never fails.
        for other in ["", "a.b.c", "x.e30.y", "opaque-token", &jwt("short")] {
            assert_eq!(
                SecretDigest::of(other).0[..ORDER_LEN],
                [0; ORDER_LEN],
                "{other}"
            );
        }
    }

    #[test]
    fn a_fingerprint_names_one_secret_and_shows_nothing_of_it() {
        let s = mint(SecretKind::ClientSecret, &OsRandom);
        let other = mint(SecretKind::ClientSecret, &OsRandom);
        let f = s.digest.fingerprint();
        assert_eq!(f, SecretDigest::of(&s.value).fingerprint(), "stable");
        assert_ne!(f, other.digest.fingerprint());
        assert_eq!(f.len(), 22);
        let body = &s.value[SecretKind::ClientSecret.prefix().len()..];
        assert!(!f.contains(&body[..8]) && !body.contains(&f[..8]));
        assert!(!URL_SAFE_NO_PAD.encode(s.digest.0).contains(&f[..8]));
    }

    #[test]
    fn minted_secrets_have_prefix_length_and_matching_digest() {
        let s = mint(SecretKind::AccessToken, &OsRandom);
        assert!(s.value.starts_with("jeton_at_"));
        assert_eq!(s.value.len(), "jeton_at_".len() + 54);
        assert!(SecretDigest::of(&s.value).ct_eq(&s.digest));
        assert_eq!(SecretKind::of(&s.value), Some(SecretKind::AccessToken));
        let other = mint(SecretKind::AccessToken, &OsRandom);
        assert_ne!(s.value, other.value);
        assert!(!s.digest.ct_eq(&other.digest));
    }

    #[test]
    fn ordered_secrets_sort_by_issuance_and_keep_their_order_in_the_digest() {
        let a = mint_ordered(SecretKind::AccessToken, &OsRandom, 1_800_000_000);
        let b = mint_ordered(SecretKind::AccessToken, &OsRandom, 1_800_000_000);
        let c = mint_ordered(SecretKind::AccessToken, &OsRandom, 1_800_000_001);
        assert_eq!(&a.digest.0[..4], &1_800_000_000u32.to_be_bytes());
        assert!(
            a.digest.0[..ORDER_LEN] < b.digest.0[..ORDER_LEN] || b.digest.0[4..8] == [0, 0, 0, 0]
        );
        assert!(b.digest.0[..ORDER_LEN] < c.digest.0[..ORDER_LEN]);
        assert!(SecretDigest::of(&a.value).ct_eq(&a.digest));
        assert_ne!(a.value, b.value);
        assert!(!a.digest.ct_eq(&b.digest));
        // Garbage has zero order bytes and matches nothing.
        assert_eq!(
            &SecretDigest::of("nonsense").0[..ORDER_LEN],
            &[0u8; ORDER_LEN]
        );
        assert_eq!(
            &SecretDigest::of("jeton_at_!!!!!!!!!!!!!!!").0[..ORDER_LEN],
            &[0u8; ORDER_LEN]
        );
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
