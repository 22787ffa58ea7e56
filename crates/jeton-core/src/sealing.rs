//! Secrets at rest (DESIGN §5): what Jeton must be able to read back — the private parts of
//! signing keys, the vault's outside credentials — is sealed with AES-256-GCM under a key
//! from the configuration, never stored in the clear.
//!
//! - The associated data names what the secret belongs to (e.g. `signing-key:{kid}`), so a
//!   sealed value copied onto another row does not open.
//! - Every sealed value records the id of the key that sealed it, so the key can be rotated:
//!   the configuration names the current key (which seals) and earlier ones (which still
//!   open what they sealed until it is sealed again).
//! - Nonces are 96 random bits per value: with AES-GCM that is safe for far more values than
//!   a server seals under one key (NIST SP 800-38D §8.3 bounds it at 2³²).

use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

use crate::random::Random;

/// The length of a key: AES-256.
pub const KEY_LEN: usize = 32;

/// One key, with the id that sealed values carry.
pub struct SealingKey {
    id: String,
    key: LessSafeKey,
}

impl std::fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SealingKey")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error(
        "an encryption key is written ID:BASE64, e.g. k1:{example} (32 random bytes in base64; \
         generate one with `head -c 32 /dev/urandom | base64`)",
        example = "6Xr0vT3Hq0m1yq6kJc2qkzY3Yd7H6n3l1t8o0v1w2x4="
    )]
    Format,
    #[error("the id of an encryption key is 1 to 32 characters of [A-Za-z0-9_-]")]
    Id,
    #[error("encryption key {0:?} is not 32 bytes of base64")]
    Length(String),
    #[error("encryption key id {0:?} is given twice")]
    DuplicateId(String),
}

impl SealingKey {
    /// `ID:BASE64` (standard or URL-safe alphabet, padding optional).
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        let (id, material) = text.trim().split_once(':').ok_or(KeyError::Format)?;
        if id.is_empty()
            || id.len() > 32
            || !id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(KeyError::Id);
        }
        let bytes = STANDARD
            .decode(material)
            .or_else(|_| URL_SAFE_NO_PAD.decode(material.trim_end_matches('=')))
            .map_err(|_| KeyError::Length(id.to_owned()))?;
        Self::from_bytes(id, &bytes).ok_or_else(|| KeyError::Length(id.to_owned()))
    }

    /// A key from its raw bytes; `None` unless there are exactly [`KEY_LEN`] of them.
    pub fn from_bytes(id: &str, bytes: &[u8]) -> Option<Self> {
        if bytes.len() != KEY_LEN {
            return None;
        }
        let key = UnboundKey::new(&AES_256_GCM, bytes).ok()?;
        Some(Self {
            id: id.to_owned(),
            key: LessSafeKey::new(key),
        })
    }

    /// A fresh random key, written as the configuration takes it (`ID:BASE64`).
    pub fn generate_text(id: &str, random: &dyn Random) -> String {
        let mut bytes = [0u8; KEY_LEN];
        random.fill(&mut bytes);
        format!("{id}:{}", STANDARD.encode(bytes))
    }

    pub fn id(&self) -> &str {
        &self.id
    }
}

/// A sealed value as stored: the id of the key that sealed it and nonce ‖ ciphertext ‖ tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    pub key_id: String,
    pub bytes: Vec<u8>,
}

impl Sealed {
    /// One byte string for a single column: the key id's length, the key id, the sealed
    /// bytes.
    pub fn bytes_with_key(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(1 + self.key_id.len() + self.bytes.len());
        out.push(self.key_id.len() as u8);
        out.extend_from_slice(self.key_id.as_bytes());
        out.extend_from_slice(&self.bytes);
        out
    }

    /// The inverse of [`Sealed::bytes_with_key`]; `None` for anything else.
    pub fn from_bytes_with_key(b: &[u8]) -> Option<Self> {
        let (&len, rest) = b.split_first()?;
        let len = usize::from(len);
        if rest.len() < len {
            return None;
        }
        let (id, bytes) = rest.split_at(len);
        Some(Self {
            key_id: String::from_utf8(id.to_vec()).ok()?,
            bytes: bytes.to_vec(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    /// Sealed under a key the configuration no longer names.
    #[error(
        "this value was sealed with encryption key {0:?}, which the configuration does not name"
    )]
    UnknownKey(String),
    /// The key with that id is not the one that sealed it, or the value was altered or moved.
    #[error(
        "this value does not open with encryption key {0:?}: the key is not the one that sealed it, or the value was altered"
    )]
    Mismatch(String),
}

/// The configured keys: the first seals, all open.
#[derive(Debug)]
pub struct Sealer {
    keys: Vec<SealingKey>,
}

impl Sealer {
    /// `current` seals; `previous` still open what they sealed.
    pub fn new(current: SealingKey, previous: Vec<SealingKey>) -> Result<Self, KeyError> {
        let mut keys = vec![current];
        for key in previous {
            if keys.iter().any(|k| k.id == key.id) {
                return Err(KeyError::DuplicateId(key.id));
            }
            keys.push(key);
        }
        Ok(Self { keys })
    }

    /// The id of the key that seals from now on.
    pub fn current_id(&self) -> &str {
        &self.keys[0].id
    }

    pub fn seal(&self, plaintext: &[u8], aad: &str, random: &dyn Random) -> Sealed {
        let key = &self.keys[0];
        let mut nonce = [0u8; NONCE_LEN];
        random.fill(&mut nonce);
        let mut out = Vec::with_capacity(NONCE_LEN + plaintext.len() + AES_256_GCM.tag_len());
        out.extend_from_slice(&nonce);
        let mut body = plaintext.to_vec();
        key.key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(aad.as_bytes()),
                &mut body,
            )
            // AES-GCM sealing fails only for inputs of more than 64 GiB.
            .expect("sealing a small value cannot fail");
        out.extend_from_slice(&body);
        Sealed {
            key_id: key.id.clone(),
            bytes: out,
        }
    }

    pub fn open(&self, sealed: &Sealed, aad: &str) -> Result<Vec<u8>, OpenError> {
        let key = self
            .keys
            .iter()
            .find(|k| k.id == sealed.key_id)
            .ok_or_else(|| OpenError::UnknownKey(sealed.key_id.clone()))?;
        let mismatch = || OpenError::Mismatch(sealed.key_id.clone());
        if sealed.bytes.len() < NONCE_LEN + AES_256_GCM.tag_len() {
            return Err(mismatch());
        }
        let (nonce, body) = sealed.bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| mismatch())?;
        let mut body = body.to_vec();
        let plain = key
            .key
            .open_in_place(nonce, Aad::from(aad.as_bytes()), &mut body)
            .map_err(|_| mismatch())?;
        Ok(plain.to_vec())
    }

    /// Whether `sealed` is under an older key and should be sealed again with the current one.
    pub fn is_stale(&self, sealed: &Sealed) -> bool {
        sealed.key_id != self.keys[0].id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OsRandom;

    fn key(id: &str, byte: u8) -> SealingKey {
        SealingKey::from_bytes(id, &[byte; KEY_LEN]).unwrap()
    }

    #[test]
    fn what_is_sealed_opens_with_the_same_key_and_purpose_only() {
        let sealer = Sealer::new(key("k1", 1), vec![]).unwrap();
        let sealed = sealer.seal(b"private key", "signing-key:a", &OsRandom);
        assert_eq!(sealed.key_id, "k1");
        assert!(!sealed.bytes.windows(11).any(|w| w == b"private key"));
        assert_eq!(
            sealer.open(&sealed, "signing-key:a").unwrap(),
            b"private key"
        );
        // Moved onto another row: refused.
        assert_eq!(
            sealer.open(&sealed, "signing-key:b"),
            Err(OpenError::Mismatch("k1".into()))
        );
        // Another key under the same id: refused.
        let other = Sealer::new(key("k1", 2), vec![]).unwrap();
        assert!(matches!(
            other.open(&sealed, "signing-key:a"),
            Err(OpenError::Mismatch(_))
        ));
        // Altered: refused.
        let mut altered = sealed.clone();
        *altered.bytes.last_mut().unwrap() ^= 1;
        assert!(sealer.open(&altered, "signing-key:a").is_err());
        // Truncated: refused, no panic.
        let short = Sealed {
            key_id: "k1".into(),
            bytes: vec![0; 5],
        };
        assert!(sealer.open(&short, "x").is_err());
    }

    #[test]
    fn a_rotated_key_still_opens_what_it_sealed_and_the_new_one_seals() {
        let old = Sealer::new(key("k1", 1), vec![]).unwrap();
        let sealed = old.seal(b"secret", "x", &OsRandom);
        let rotated = Sealer::new(key("k2", 2), vec![key("k1", 1)]).unwrap();
        assert_eq!(rotated.open(&sealed, "x").unwrap(), b"secret");
        assert!(rotated.is_stale(&sealed));
        assert_eq!(rotated.seal(b"s", "x", &OsRandom).key_id, "k2");
        let forgotten = Sealer::new(key("k3", 3), vec![]).unwrap();
        assert_eq!(
            forgotten.open(&sealed, "x"),
            Err(OpenError::UnknownKey("k1".into()))
        );
    }

    #[test]
    fn keys_are_parsed_from_the_configuration_text() {
        let text = SealingKey::generate_text("k1", &OsRandom);
        assert_eq!(SealingKey::parse(&text).unwrap().id(), "k1");
        assert_eq!(SealingKey::parse("nocolon").unwrap_err(), KeyError::Format);
        assert_eq!(SealingKey::parse("bad id:AAAA").unwrap_err(), KeyError::Id);
        assert_eq!(
            SealingKey::parse("k1:AAAA").unwrap_err(),
            KeyError::Length("k1".into())
        );
        assert!(matches!(
            Sealer::new(key("k1", 1), vec![key("k1", 2)]),
            Err(KeyError::DuplicateId(_))
        ));
    }
}
