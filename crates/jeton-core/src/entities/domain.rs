//! Domains (tenants) and the settings that shape what they issue.

use std::ops::RangeInclusive;

use crate::access_token::AccessTokenFormat;
use crate::clock::UnixTime;
use crate::ids::DomainId;

const DAY: i64 = 86_400;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainSettings {
    /// How long an authorization code waits for its exchange (DESIGN §5: at most 60 s).
    pub code_ttl_secs: i64,
    pub access_token_ttl_secs: i64,
    /// The *idle* lifetime of a refresh token: unused this long, it expires. Each rotation
    /// hands out a successor that starts the count again.
    pub refresh_token_ttl_secs: i64,
    /// The *absolute* lifetime of a chain of refresh tokens, counted from the grant that
    /// started it (the code exchange or the password grant): no rotation goes past it, and
    /// the person signs in again. 0 = no limit beyond the idle one.
    pub refresh_token_absolute_ttl_secs: i64,
    /// How long an ID token is valid (its `exp`), unless a client sets its own.
    pub id_token_ttl_secs: i64,
    /// DESIGN §5: how long a just-rotated refresh token may be presented again. 0 = off.
    pub refresh_grace_secs: i64,
    pub personal_clients_enabled: bool,
    /// The longest a personal client may live: its expiry date is required and at most this
    /// far from its creation.
    pub personal_client_max_lifetime_secs: i64,
    /// The format of access tokens for clients that do not choose their own
    /// (`ClientOptions::access_token_format`): opaque unless the domain switches to JWT.
    pub access_token_format: AccessTokenFormat,
    /// What the token check says beyond RFC 7662, and where the token endpoint also puts
    /// the access token.
    pub token_check: TokenCheck,
}

/// For integrations that read a user's rights from the token check (issue "token
/// policies"): which user attributes introspection returns, whether it also returns the
/// scopes as a JSON array, and a response header that carries the access token too (some
/// gateways read it there). Stored as one JSON document, so another such option needs no
/// migration.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct TokenCheck {
    /// User attribute keys returned by introspection as claims of the same name (only for
    /// tokens about a user, and only those the user has).
    pub attributes: Vec<String>,
    /// Also return `scopes`, a JSON array, next to RFC 7662's `scope` string.
    pub scopes_array: bool,
    /// A response header of the token endpoint that carries the access token as well as
    /// the JSON body (e.g. `X-Access-Token`); none when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token_header: Option<String>,
}

/// Claim names introspection answers itself: an attribute of one of these names would
/// pass for what it is not.
const RESERVED_CLAIMS: [&str; 12] = [
    "active",
    "scope",
    "scopes",
    "client_id",
    "username",
    "token_type",
    "exp",
    "iat",
    "nbf",
    "sub",
    "aud",
    "iss",
];

impl TokenCheck {
    pub fn check(&self) -> Result<(), crate::client_registration::FieldError> {
        use crate::client_registration::FieldError;
        if self.attributes.len() > 20 {
            return Err(FieldError::new(
                "introspection_attributes",
                "at most 20 attributes",
            ));
        }
        for a in &self.attributes {
            let ok = !a.is_empty()
                && a.len() <= 64
                && a.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_-.".contains(&b));
            if !ok || RESERVED_CLAIMS.contains(&a.as_str()) || a == "jti" {
                return Err(FieldError::new(
                    "introspection_attributes",
                    format!(
                        "{a:?}: an attribute key (lowercase letters, digits, '_', '-', '.'), not a claim introspection answers itself"
                    ),
                ));
            }
        }
        if let Some(h) = &self.access_token_header {
            let ok = !h.is_empty()
                && h.len() <= 64
                && h.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
            let lower = h.to_ascii_lowercase();
            let taken = [
                "authorization",
                "cache-control",
                "pragma",
                "content-type",
                "content-length",
                "set-cookie",
                "www-authenticate",
            ];
            if !ok || taken.contains(&lower.as_str()) {
                return Err(FieldError::new(
                    "access_token_header",
                    "a header name of letters, digits and '-', not one HTTP gives a meaning",
                ));
            }
        }
        Ok(())
    }
}

impl Default for DomainSettings {
    fn default() -> Self {
        Self {
            code_ttl_secs: 60,
            access_token_ttl_secs: 3600,
            refresh_token_ttl_secs: 30 * 24 * 3600,
            refresh_token_absolute_ttl_secs: 0,
            id_token_ttl_secs: 3600,
            refresh_grace_secs: 0,
            personal_clients_enabled: true,
            personal_client_max_lifetime_secs: 365 * 24 * 3600,
            access_token_format: AccessTokenFormat::Opaque,
            token_check: TokenCheck::default(),
        }
    }
}

impl DomainSettings {
    /// What a manager may set each lifetime to, in seconds (also what the settings page says).
    /// Codes: DESIGN §5 caps them at a minute; ten seconds still leaves a slow client time.
    pub const CODE_TTL_SECS: RangeInclusive<i64> = 10..=super::code::CODE_TTL_SECS;
    pub const ACCESS_TOKEN_TTL_SECS: RangeInclusive<i64> = 60..=DAY;
    pub const REFRESH_TOKEN_TTL_SECS: RangeInclusive<i64> = 3600..=365 * DAY;
    /// When set (not 0): an hour to five years.
    pub const REFRESH_TOKEN_ABSOLUTE_TTL_SECS: RangeInclusive<i64> = 3600..=5 * 365 * DAY;
    /// A minute to a day: a signing key stays published a day past its last signature
    /// (`keys::MAX_SIGNED_LIFETIME_SECS` in the flows).
    pub const ID_TOKEN_TTL_SECS: RangeInclusive<i64> = 60..=DAY;
    /// DESIGN §5: the grace period is off by default and at most a minute.
    pub const REFRESH_GRACE_SECS: RangeInclusive<i64> = 0..=60;
    pub const PERSONAL_CLIENT_MAX_LIFETIME_SECS: RangeInclusive<i64> = DAY..=5 * 365 * DAY;

    /// The bounds a manager may set, each naming its field when broken.
    pub fn check(&self) -> Result<(), crate::client_registration::FieldError> {
        use crate::client_registration::FieldError;
        let within = |field: &'static str, v: i64, range: RangeInclusive<i64>| {
            if range.contains(&v) {
                Ok(())
            } else {
                Err(FieldError::new(
                    field,
                    format!("between {} and {} seconds", range.start(), range.end()),
                ))
            }
        };
        within("code_ttl_secs", self.code_ttl_secs, Self::CODE_TTL_SECS)?;
        within(
            "access_token_ttl_secs",
            self.access_token_ttl_secs,
            Self::ACCESS_TOKEN_TTL_SECS,
        )?;
        within(
            "refresh_token_ttl_secs",
            self.refresh_token_ttl_secs,
            Self::REFRESH_TOKEN_TTL_SECS,
        )?;
        if self.refresh_token_absolute_ttl_secs != 0 {
            within(
                "refresh_token_absolute_ttl_secs",
                self.refresh_token_absolute_ttl_secs,
                Self::REFRESH_TOKEN_ABSOLUTE_TTL_SECS,
            )?;
        }
        within(
            "id_token_ttl_secs",
            self.id_token_ttl_secs,
            Self::ID_TOKEN_TTL_SECS,
        )?;
        within(
            "refresh_grace_secs",
            self.refresh_grace_secs,
            Self::REFRESH_GRACE_SECS,
        )?;
        within(
            "personal_client_max_lifetime_secs",
            self.personal_client_max_lifetime_secs,
            Self::PERSONAL_CLIENT_MAX_LIFETIME_SECS,
        )?;
        self.token_check.check()
    }

    /// When an access token issued at `now` stops being active (it is inactive *at* that
    /// instant: see `TokenRecord::is_active`).
    pub fn access_token_expiry(&self, now: UnixTime) -> UnixTime {
        now + self.access_token_ttl_secs
    }

    /// When a code minted at `now` can no longer be redeemed.
    pub fn code_expiry(&self, now: UnixTime) -> UnixTime {
        now + self.code_ttl_secs
    }
}

/// When a refresh token issued at `now` stops being usable: `idle_secs` from now, but never
/// past the end of its chain (`chain_started_at + absolute_secs`; `absolute_secs` 0 = none).
pub fn refresh_token_expiry(
    idle_secs: i64,
    absolute_secs: i64,
    chain_started_at: UnixTime,
    now: UnixTime,
) -> UnixTime {
    let idle_end = now + idle_secs;
    match chain_end(absolute_secs, chain_started_at) {
        Some(end) => idle_end.min(end),
        None => idle_end,
    }
}

/// The instant a chain of refresh tokens started at `chain_started_at` ends, if it has an
/// absolute lifetime.
pub fn chain_end(absolute_secs: i64, chain_started_at: UnixTime) -> Option<UnixTime> {
    (absolute_secs > 0).then(|| chain_started_at + absolute_secs)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Domain {
    pub id: DomainId,
    pub slug: String,
    pub name: String,
    pub settings: DomainSettings,
    pub created_at: UnixTime,
    /// A disabled domain answers nothing but "not found" (the super administrator can
    /// enable it again).
    pub disabled_at: Option<UnixTime>,
}

#[derive(Debug, Clone)]
pub struct NewDomain {
    pub id: DomainId,
    pub slug: String,
    pub name: String,
    pub settings: DomainSettings,
    pub created_at: UnixTime,
    /// `PairwiseSalt::generate`, made once with the domain and never changed. Not part of
    /// [`Domain`]: only pairwise clients need it, and they read it from the store.
    pub pairwise_salt: crate::pairwise::PairwiseSalt,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_have_bounds_that_name_the_field() {
        assert!(DomainSettings::default().check().is_ok());
        let e = DomainSettings {
            refresh_grace_secs: 61,
            ..Default::default()
        }
        .check()
        .unwrap_err();
        assert_eq!(e.field, "refresh_grace_secs");
        let e = DomainSettings {
            access_token_ttl_secs: 0,
            ..Default::default()
        }
        .check()
        .unwrap_err();
        assert_eq!(e.field, "access_token_ttl_secs");
        let e = DomainSettings {
            personal_client_max_lifetime_secs: 3600,
            ..Default::default()
        }
        .check()
        .unwrap_err();
        assert_eq!(e.field, "personal_client_max_lifetime_secs");
    }

    #[test]
    fn lifetimes_count_from_issuance() {
        let s = DomainSettings {
            access_token_ttl_secs: 600,
            refresh_token_ttl_secs: 86_400,
            ..DomainSettings::default()
        };
        assert_eq!(s.access_token_expiry(1_000), 1_600);
        assert_eq!(s.code_expiry(1_000), 1_060);
    }

    #[test]
    fn a_refresh_token_lives_its_idle_time_but_not_past_its_chain() {
        // No absolute limit: each rotation starts the idle count again.
        assert_eq!(refresh_token_expiry(3600, 0, 0, 1_000_000), 1_003_600);
        // A chain started at 0 with a day's absolute lifetime ends at 86 400 whatever the
        // idle time says.
        assert_eq!(refresh_token_expiry(3600, 86_400, 0, 1_000), 4_600);
        assert_eq!(refresh_token_expiry(3600, 86_400, 0, 84_000), 86_400);
        assert_eq!(chain_end(0, 5), None);
        assert_eq!(chain_end(10, 5), Some(15));
    }

    #[test]
    fn lifetime_bounds_name_their_field() {
        for (settings, field) in [
            (
                DomainSettings {
                    code_ttl_secs: 61,
                    ..Default::default()
                },
                "code_ttl_secs",
            ),
            (
                DomainSettings {
                    refresh_token_absolute_ttl_secs: 60,
                    ..Default::default()
                },
                "refresh_token_absolute_ttl_secs",
            ),
            (
                DomainSettings {
                    id_token_ttl_secs: 86_401,
                    ..Default::default()
                },
                "id_token_ttl_secs",
            ),
        ] {
            assert_eq!(settings.check().unwrap_err().field, field);
        }
        // 0 switches the absolute lifetime off.
        assert!(
            DomainSettings {
                refresh_token_absolute_ttl_secs: 0,
                ..Default::default()
            }
            .check()
            .is_ok()
        );
    }

    #[test]
    fn defaults_are_an_hour_and_thirty_days() {
        let s = DomainSettings::default();
        assert_eq!(s.access_token_expiry(0), 3600);
        assert_eq!(s.refresh_token_ttl_secs, 30 * 24 * 3600);
        assert_eq!(
            s.refresh_token_absolute_ttl_secs, 0,
            "no absolute limit by default"
        );
        assert_eq!(s.code_expiry(0), 60);
        assert_eq!(s.id_token_ttl_secs, 3600);
        assert_eq!(
            s.refresh_grace_secs, 0,
            "the grace period is off by default"
        );
        assert!(s.personal_clients_enabled);
        assert_eq!(s.access_token_format, AccessTokenFormat::Opaque);
    }
}
