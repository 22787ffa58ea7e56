//! User passwords: Argon2id (DESIGN §5). These calls are slow on purpose; the server runs
//! them on a blocking thread pool behind a semaphore, never on the async runtime.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::random::Random;

fn hasher() -> Argon2<'static> {
    // OWASP's recommended minimum for Argon2id: 19 MiB, 2 iterations, 1 lane.
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

/// The PHC string (`$argon2id$v=19$...`) to store for a password.
pub fn hash(password: &str, random: &dyn Random) -> String {
    let mut salt = [0u8; 16];
    random.fill(&mut salt);
    let salt = SaltString::encode_b64(&salt).expect("16 bytes is a valid salt length");
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .expect("Argon2 with default parameters cannot fail on a valid salt")
        .to_string()
}

/// Whether `password` matches the stored PHC string. A malformed stored hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A valid hash of a password nobody knows. Verifying against it when a user does not exist
/// makes "no such user" take as long as "wrong password" (DESIGN §6).
pub const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpM";

/// Rules for a new password: long enough to resist guessing, short enough not to be a
/// denial-of-service lever against Argon2.
pub fn check_new_password(password: &str) -> Result<(), &'static str> {
    let n = password.chars().count();
    if n < 8 {
        Err("a password has at least 8 characters")
    } else if password.len() > 1024 {
        Err("a password has at most 1024 bytes")
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::OsRandom;

    #[test]
    fn hash_then_verify() {
        let h = hash("correct horse battery", &OsRandom);
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &h));
        assert!(!verify("wrong", &h));
        assert!(!verify("x", "not a hash"));
    }

    #[test]
    fn dummy_hash_parses_and_matches_nothing_common() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
        assert!(!verify("password", DUMMY_HASH));
    }

    #[test]
    fn new_password_rules() {
        assert!(check_new_password("short").is_err());
        assert!(check_new_password("long enough").is_ok());
        assert!(check_new_password(&"x".repeat(2000)).is_err());
    }
}
