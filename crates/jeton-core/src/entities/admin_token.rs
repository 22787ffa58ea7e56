//! Admin API tokens: what automation presents to the JSON API instead of a person's session
//! (DESIGN §3). Shown once when created, kept as a digest, scoped and expiring.

use crate::client_registration::{ExpiryDates, FieldError};
use crate::clock::UnixTime;
use crate::dates;
use crate::entities::ClientState;
use crate::ids::{UserId, derived_id};
use crate::secret::SecretDigest;

/// What a token may manage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminScope {
    /// Everything the super administrator may do.
    All,
    /// One domain's management API, as its manager would (by slug).
    Domain(String),
}

impl AdminScope {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "admin" => Some(Self::All),
            _ => s
                .strip_prefix("domain:")
                .filter(|slug| crate::ids::DomainSlug::parse(slug).is_ok())
                .map(|slug| Self::Domain(slug.to_owned())),
        }
    }

    pub fn as_string(&self) -> String {
        match self {
            Self::All => "admin".to_owned(),
            Self::Domain(slug) => format!("domain:{slug}"),
        }
    }

    /// Whether a holder may manage the domain `slug`.
    pub fn covers(&self, slug: &str) -> bool {
        match self {
            Self::All => true,
            Self::Domain(d) => d == slug,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminToken {
    pub id: String,
    pub name: String,
    pub digest: SecretDigest,
    pub scope: AdminScope,
    /// Who created it (a username or `cli`).
    pub created_by: String,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
    pub revoked_at: Option<UnixTime>,
    pub last_used_at: Option<UnixTime>,
}

impl AdminToken {
    /// Not revoked and not past its expiry (exclusive).
    pub fn is_active(&self, now: UnixTime) -> bool {
        self.revoked_at.is_none() && now < self.expires_at
    }

    /// What a list shows: revoked, else expired or active (the same three states as a
    /// client's).
    pub fn status(&self, now: UnixTime) -> ClientState {
        if self.revoked_at.is_some() {
            ClientState::Revoked
        } else if self.is_active(now) {
            ClientState::Active
        } else {
            ClientState::Expired
        }
    }
}

/// The id of the token that `user` creates with the form carrying `once` (a random value
/// minted when the form was shown): the same form sent again gives the same id, so it
/// creates no second token (the store refuses the id: a conflict). Like
/// `ClientId::derived`; the id is not secret.
pub fn derived_admin_token_id(user: &UserId, once: &str) -> String {
    derived_id(&["admin_token", user.as_str(), once])
}

/// The longest an admin token may live.
pub const ADMIN_TOKEN_MAX_LIFETIME_SECS: i64 = 366 * 86_400;

/// A new token's name and expiry: a name of 1 to 100 characters, an expiry in the future and
/// at most a year away (a token that never expires is a secret that leaks forever).
pub fn check_admin_token(
    name: &str,
    expires_at: UnixTime,
    now: UnixTime,
) -> Result<String, FieldError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(FieldError::new(
            "name",
            "a token name has 1 to 100 characters",
        ));
    }
    if expires_at <= now {
        return Err(FieldError::new(
            "expires_at",
            "the expiry date is in the past",
        ));
    }
    if expires_at - now > ADMIN_TOKEN_MAX_LIFETIME_SECS {
        return Err(FieldError::new(
            "expires_at",
            "an admin token lives at most a year",
        ));
    }
    Ok(name.to_owned())
}

/// The dates a form's expiry field offers (its `min` and `max`): from tomorrow to the last
/// day whose end (`dates::parse_expiry` reads a date as "through that day") is within
/// [`ADMIN_TOKEN_MAX_LIFETIME_SECS`], so that every date offered is one
/// [`check_admin_token`] accepts.
pub fn admin_token_expiry_dates(now: UnixTime) -> ExpiryDates {
    const DAY: i64 = 86_400;
    ExpiryDates {
        earliest: dates::date_field(now + DAY),
        latest: dates::date_field(now + ADMIN_TOKEN_MAX_LIFETIME_SECS - DAY),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_parse_and_cover() {
        assert_eq!(AdminScope::parse("admin"), Some(AdminScope::All));
        let acme = AdminScope::parse("domain:acme").unwrap();
        assert!(acme.covers("acme") && !acme.covers("main"));
        assert!(AdminScope::All.covers("anything"));
        assert_eq!(AdminScope::parse("domain:Not A Slug"), None);
        assert_eq!(AdminScope::parse("root"), None);
        assert_eq!(AdminScope::parse(&acme.as_string()), Some(acme));
    }

    #[test]
    fn tokens_expire_within_a_year() {
        assert!(check_admin_token("ci", 10, 5).is_ok());
        assert_eq!(
            check_admin_token("ci", 5, 5).unwrap_err().field,
            "expires_at"
        );
        assert_eq!(
            check_admin_token("ci", 5 + ADMIN_TOKEN_MAX_LIFETIME_SECS + 1, 5)
                .unwrap_err()
                .field,
            "expires_at"
        );
        assert_eq!(check_admin_token(" ", 10, 5).unwrap_err().field, "name");
    }

    #[test]
    fn the_dates_offered_are_accepted() {
        let now = 1_800_000_000 + 13 * 3600;
        let offered = admin_token_expiry_dates(now);
        for date in [&offered.earliest, &offered.latest] {
            let at = dates::parse_expiry(date).unwrap();
            assert!(check_admin_token("ci", at, now).is_ok(), "{date}");
        }
        let after = dates::parse_expiry(&offered.latest).unwrap() + 86_400;
        assert!(check_admin_token("ci", after, now).is_err());
    }

    #[test]
    fn a_token_reads_revoked_expired_or_active() {
        let t = AdminToken {
            id: "t".into(),
            name: "ci".into(),
            digest: SecretDigest::of("x"),
            scope: AdminScope::All,
            created_by: "root".into(),
            created_at: 0,
            expires_at: 10,
            revoked_at: None,
            last_used_at: None,
        };
        assert_eq!(t.status(5), ClientState::Active);
        assert_eq!(t.status(10), ClientState::Expired);
        let revoked = AdminToken {
            revoked_at: Some(3),
            ..t
        };
        assert_eq!(revoked.status(5), ClientState::Revoked);
        let u = UserId::from("u1");
        assert_eq!(
            derived_admin_token_id(&u, "o"),
            derived_admin_token_id(&u, "o")
        );
        assert_ne!(
            derived_admin_token_id(&u, "o"),
            derived_admin_token_id(&u, "p")
        );
    }
}
