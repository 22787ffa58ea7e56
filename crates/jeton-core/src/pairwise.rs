//! Subject identifier types (OpenID Connect Core 1.0 §8): the `sub` a client sees.
//!
//! A `public` client sees the user's id, the same for every client. A `pairwise` client
//! sees a value of its own sector (§8.1), so that two relying parties of different hosts
//! cannot correlate their users through `sub`:
//! `base64url(HMAC-SHA256(salt, sector || 0x00 || user_id))`, the salt being the domain's
//! (`domains.pairwise_salt`, random, stored in the clear and never rotated: changing it
//! would change every pairwise `sub`, which relying parties keep as the user's key).
//!
//! The sector is the host of the client's redirect URIs, fixed when the client is
//! registered (Registration §2 `sector_identifier_uri`: without one, the redirect URIs'
//! host). Jeton does not fetch `sector_identifier_uri` documents, so a pairwise client must
//! have its redirect URIs on one host.
//!
//! Only what the client reads is pairwise: the ID token, UserInfo and the hints it sends
//! back. Access-token JWTs and introspection speak to resource servers, which need the
//! stable public id of the user, and keep it.

use aws_lc_rs::hmac;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::client_registration::FieldError;
use crate::random::Random;

/// Registration §2 `subject_type`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SubjectType {
    #[default]
    Public,
    Pairwise,
}

impl SubjectType {
    pub const ALL: [Self; 2] = [Self::Public, Self::Pairwise];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Pairwise => "pairwise",
        }
    }
}

/// A domain's secret salt for pairwise identifiers: 32 random bytes, hex. Its `Debug`
/// prints nothing.
#[derive(Clone, PartialEq, Eq)]
pub struct PairwiseSalt(String);

impl PairwiseSalt {
    pub fn generate(random: &dyn Random) -> Self {
        let mut bytes = [0u8; 32];
        random.fill(&mut bytes);
        Self(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// As stored (the migration fills existing domains with random hex of the same form).
    pub fn from_stored(s: String) -> Self {
        Self(s)
    }

    pub fn as_stored(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for PairwiseSalt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PairwiseSalt(…)")
    }
}

/// The sector of a client registering as pairwise (§8.1): the one host of its redirect
/// URIs. Several hosts would need a `sector_identifier_uri` listing them, which Jeton does
/// not support: refused, naming the rule.
pub fn sector_of(redirect_uris: &[String]) -> Result<String, FieldError> {
    let mut hosts: Vec<String> = Vec::new();
    for uri in redirect_uris {
        let host = url::Url::parse(uri)
            .ok()
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
            .ok_or_else(|| {
                FieldError::new("subject_type", format!("redirect URI {uri:?} has no host"))
            })?;
        if !hosts.contains(&host) {
            hosts.push(host);
        }
    }
    match hosts.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(FieldError::new(
            "subject_type",
            "pairwise needs at least one redirect URI: its host is the sector (OpenID Connect Core §8.1)",
        )),
        _ => Err(FieldError::new(
            "subject_type",
            format!(
                "pairwise needs the redirect URIs on one host (OpenID Connect Core §8.1: several hosts need a sector_identifier_uri, which this server does not support); these have {}",
                hosts.join(", ")
            ),
        )),
    }
}

/// The pairwise `sub` of `user_id` for `sector` (§8.1): stable, and unlinkable across
/// sectors and domains without the salt.
pub fn pairwise_sub(salt: &PairwiseSalt, sector: &str, user_id: &str) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, salt.0.as_bytes());
    let mut ctx = hmac::Context::with_key(&key);
    ctx.update(sector.as_bytes());
    ctx.update(&[0]);
    ctx.update(user_id.as_bytes());
    URL_SAFE_NO_PAD.encode(ctx.sign().as_ref())
}

/// The `sub` a client with `pairwise_sector` (`None`: public) sees for `user_id`.
pub fn subject_for(pairwise_sector: Option<&str>, salt: &PairwiseSalt, user_id: &str) -> String {
    match pairwise_sector {
        None => user_id.to_owned(),
        Some(sector) => pairwise_sub(salt, sector, user_id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn salt(s: &str) -> PairwiseSalt {
        PairwiseSalt::from_stored(s.into())
    }

    #[test]
    fn the_sector_is_the_one_host_of_the_redirect_uris() {
        let uris = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            sector_of(&uris(&[
                "https://App.example/cb",
                "https://app.example/other"
            ]))
            .unwrap(),
            "app.example"
        );
        let e = sector_of(&uris(&["https://a.example/cb", "https://b.example/cb"])).unwrap_err();
        assert!(e.message.contains("sector_identifier_uri"), "{}", e.message);
        assert!(e.message.contains("a.example, b.example"), "{}", e.message);
        assert!(sector_of(&[]).is_err());
        assert!(sector_of(&uris(&["urn:ietf:wg:oauth:2.0:oob"])).is_err());
    }

    #[test]
    fn a_pairwise_sub_depends_on_sector_user_and_salt_only() {
        let a = pairwise_sub(&salt("s1"), "app.example", "u1");
        assert_eq!(a, pairwise_sub(&salt("s1"), "app.example", "u1"));
        assert_ne!(a, pairwise_sub(&salt("s1"), "other.example", "u1"));
        assert_ne!(a, pairwise_sub(&salt("s1"), "app.example", "u2"));
        assert_ne!(a, pairwise_sub(&salt("s2"), "app.example", "u1"));
        // The separator keeps ("ab", "c") and ("a", "bc") apart.
        assert_ne!(
            pairwise_sub(&salt("s1"), "ab", "c"),
            pairwise_sub(&salt("s1"), "a", "bc")
        );
        assert_eq!(a.len(), 43, "base64url of 32 bytes");
        assert_eq!(subject_for(None, &salt("s1"), "u1"), "u1");
        assert_eq!(subject_for(Some("app.example"), &salt("s1"), "u1"), a);
    }

    #[test]
    fn a_salt_is_random_hex_and_never_printed() {
        let s = PairwiseSalt::generate(&crate::OsRandom);
        assert_eq!(s.as_stored().len(), 64);
        assert_ne!(s, PairwiseSalt::generate(&crate::OsRandom));
        assert_eq!(format!("{s:?}"), "PairwiseSalt(…)");
    }
}
