//! OAuth clients: applications registered in a domain, and personal clients that act for
//! their owner.

use super::domain::DomainSettings;
use crate::clock::UnixTime;
use crate::grant_type::{AuthMethod, GrantType};
use crate::ids::{ClientId, DomainId, UserId};
use crate::roles;
use crate::scope::ScopeSet;
use crate::secret::SecretDigest;

/// What a client is for, which decides whose rights it acts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientKind {
    /// Acts for whoever consents to it: registered by an operator, or by a user as its
    /// developer ("My applications"; the owner is then that user).
    Application,
    /// A user's own client for scripts and SDKs: acts with exactly its owner's rights.
    Personal,
    /// A confidential client the domain itself owns, for server-to-server use.
    Consumer,
}

impl ClientKind {
    pub const ALL: [Self; 3] = [Self::Application, Self::Personal, Self::Consumer];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Application => "application",
            Self::Personal => "personal",
            Self::Consumer => "consumer",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// See [`Client::owner_lets_act`].
    pub fn owner_lets_act(self, owner_disabled: bool, owner_roles: &[String]) -> bool {
        self != Self::Personal
            || (!owner_disabled && roles::holds(owner_roles, roles::PERSONAL_CLIENTS))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    /// The public `client_id`.
    pub id: ClientId,
    pub domain_id: DomainId,
    pub kind: ClientKind,
    pub name: String,
    pub description: String,
    pub secret_digest: Option<SecretDigest>,
    pub auth_method: AuthMethod,
    pub redirect_uris: Vec<String>,
    pub grant_types: Vec<GrantType>,
    pub allowed_scopes: ScopeSet,
    pub default_scopes: ScopeSet,
    pub require_pkce: bool,
    pub allow_plain_pkce: bool,
    /// The user a personal client acts for, or the developer of a user-registered
    /// application.
    pub owner_user_id: Option<UserId>,
    pub expires_at: Option<UnixTime>,
    pub created_at: UnixTime,
    pub revoked_at: Option<UnixTime>,
    /// When a token was last issued to it (informational, may lag by a few seconds).
    pub last_used_at: Option<UnixTime>,
    pub options: ClientOptions,
}

/// A client's settings beyond OAuth's core registration: OpenID Connect registration
/// metadata (OpenID Connect Dynamic Client Registration 1.0 §2) and, later, overrides of the
/// domain's token policies. Stored as one JSON document so that a setting added later needs
/// no migration; unknown members are kept out by the writers, not refused by the reader, so
/// an older instance reads a newer row during a rolling upgrade.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ClientOptions {
    /// The algorithm of the ID tokens it receives; the domain's default (ES256) when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token_signed_response_alg: Option<crate::signing::SigningAlg>,
    /// Where RP-initiated logout may send the browser back to (exact match).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub post_logout_redirect_uris: Vec<String>,
    /// Opaque or JWT access tokens (RFC 9068); the domain's default when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token_format: Option<crate::access_token::AccessTokenFormat>,
    /// Lifetimes that override the domain's for this client (seconds), within the bounds
    /// a manager may set for the domain (`DomainSettings::*_TTL_SECS`); the domain's
    /// `DomainSettings` field of the same name says what each one means.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_ttl_secs: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token_ttl_secs: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token_ttl_secs: Option<i64>,
    /// 0 = no absolute limit for this client even when its domain has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token_absolute_ttl_secs: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token_ttl_secs: Option<i64>,
    /// Set for a `pairwise` client (Registration §2 `subject_type`): its sector, the host
    /// of its redirect URIs when it was registered (`pairwise::sector_of`). Kept rather
    /// than worked out again so that editing the redirect URIs never changes the `sub`
    /// its users have. `None`: `public`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pairwise_sector: Option<String>,
}

impl ClientOptions {
    /// The lifetime overrides within their bounds, each naming its field when broken.
    pub fn check_lifetimes(&self) -> Result<(), crate::client_registration::FieldError> {
        use crate::client_registration::FieldError;
        for (field, value, range) in [
            (
                "code_ttl_secs",
                self.code_ttl_secs,
                DomainSettings::CODE_TTL_SECS,
            ),
            (
                "refresh_token_absolute_ttl_secs",
                self.refresh_token_absolute_ttl_secs.filter(|v| *v != 0),
                DomainSettings::REFRESH_TOKEN_ABSOLUTE_TTL_SECS,
            ),
            (
                "access_token_ttl_secs",
                self.access_token_ttl_secs,
                DomainSettings::ACCESS_TOKEN_TTL_SECS,
            ),
            (
                "refresh_token_ttl_secs",
                self.refresh_token_ttl_secs,
                DomainSettings::REFRESH_TOKEN_TTL_SECS,
            ),
            (
                "id_token_ttl_secs",
                self.id_token_ttl_secs,
                DomainSettings::ID_TOKEN_TTL_SECS,
            ),
        ] {
            if let Some(v) = value
                && !range.contains(&v)
            {
                return Err(FieldError::new(
                    field,
                    format!("between {} and {} seconds", range.start(), range.end()),
                ));
            }
        }
        Ok(())
    }

    /// When this client's access token issued at `now` expires: its own lifetime, else the
    /// domain's.
    pub fn access_token_expiry(&self, domain: &DomainSettings, now: UnixTime) -> UnixTime {
        match self.access_token_ttl_secs {
            Some(ttl) => now + ttl,
            None => domain.access_token_expiry(now),
        }
    }

    /// When this client's refresh token issued at `now`, in a chain that started at
    /// `chain_started_at`, expires: its own idle and absolute lifetimes, else the domain's.
    pub fn refresh_token_expiry(
        &self,
        domain: &DomainSettings,
        chain_started_at: UnixTime,
        now: UnixTime,
    ) -> UnixTime {
        super::domain::refresh_token_expiry(
            self.refresh_token_ttl_secs
                .unwrap_or(domain.refresh_token_ttl_secs),
            self.refresh_token_absolute_ttl(domain),
            chain_started_at,
            now,
        )
    }

    /// The absolute lifetime of this client's refresh-token chains (0 = none).
    pub fn refresh_token_absolute_ttl(&self, domain: &DomainSettings) -> i64 {
        self.refresh_token_absolute_ttl_secs
            .unwrap_or(domain.refresh_token_absolute_ttl_secs)
    }

    pub fn code_expiry(&self, domain: &DomainSettings, now: UnixTime) -> UnixTime {
        match self.code_ttl_secs {
            Some(ttl) => now + ttl,
            None => domain.code_expiry(now),
        }
    }

    pub fn id_token_ttl(&self, domain: &DomainSettings) -> i64 {
        self.id_token_ttl_secs.unwrap_or(domain.id_token_ttl_secs)
    }

    pub fn subject_type(&self) -> crate::pairwise::SubjectType {
        match self.pairwise_sector {
            None => crate::pairwise::SubjectType::Public,
            Some(_) => crate::pairwise::SubjectType::Pairwise,
        }
    }

    /// The `sub` this client sees for `user_id` (Core §8): the id, or its pairwise value
    /// under the domain's salt.
    pub fn subject(&self, salt: &crate::pairwise::PairwiseSalt, user_id: &str) -> String {
        crate::pairwise::subject_for(self.pairwise_sector.as_deref(), salt, user_id)
    }

    pub fn id_token_alg(&self) -> crate::signing::SigningAlg {
        self.id_token_signed_response_alg
            .unwrap_or(crate::signing::SigningAlg::DEFAULT)
    }

    /// The format of this client's access tokens: its own choice, else the domain's.
    pub fn access_token_format(
        &self,
        domain: &DomainSettings,
    ) -> crate::access_token::AccessTokenFormat {
        self.access_token_format
            .unwrap_or(domain.access_token_format)
    }
}

impl Client {
    /// Neither revoked nor past its expiry date (inactive from the expiry instant on).
    pub fn is_active(&self, now: UnixTime) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|e| now < e)
    }

    /// Created by a user for their own scripts, acting with that user's rights (DESIGN §1).
    pub fn is_personal(&self) -> bool {
        self.kind == ClientKind::Personal
    }

    /// The user this client acts for with that user's own rights: the owner of a personal
    /// client. An application's developer is not such a user.
    pub fn acts_for(&self) -> Option<&UserId> {
        self.owner_user_id.as_ref().filter(|_| self.is_personal())
    }

    /// Whether a personal client's owner, as they are now, lets it act: the owner is enabled
    /// and still holds the role that allows personal clients. Other clients have no owner
    /// whose state matters.
    pub fn owner_lets_act(&self, owner_disabled: bool, owner_roles: &[String]) -> bool {
        self.kind.owner_lets_act(owner_disabled, owner_roles)
    }

    /// active / expired / revoked, as people read it in lists.
    pub fn status(&self, now: UnixTime) -> ClientState {
        if self.revoked_at.is_some() {
            ClientState::Revoked
        } else if self.is_active(now) {
            ClientState::Active
        } else {
            ClientState::Expired
        }
    }

    /// Whether the domain's switch lets this client act: a domain can turn personal clients
    /// off (DESIGN §1). They stay registered, so turning the switch back on restores them.
    pub fn allowed_by(&self, settings: &DomainSettings) -> bool {
        !self.is_personal() || settings.personal_clients_enabled
    }

    /// Whether this client may authenticate and act at `now` in a domain with `settings`.
    pub fn may_act(&self, settings: &DomainSettings, now: UnixTime) -> bool {
        self.is_active(now) && self.allowed_by(settings)
    }
}

/// What a list shows of a client's standing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientState {
    Active,
    Expired,
    Revoked,
}

impl ClientState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Expired => "expired",
            Self::Revoked => "revoked",
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewClient {
    pub id: ClientId,
    pub domain_id: DomainId,
    pub kind: ClientKind,
    pub name: String,
    pub description: String,
    pub secret_digest: Option<SecretDigest>,
    pub auth_method: AuthMethod,
    pub redirect_uris: Vec<String>,
    pub grant_types: Vec<GrantType>,
    pub allowed_scopes: ScopeSet,
    pub default_scopes: ScopeSet,
    pub require_pkce: bool,
    pub allow_plain_pkce: bool,
    pub owner_user_id: Option<UserId>,
    pub expires_at: Option<UnixTime>,
    pub created_at: UnixTime,
    pub options: ClientOptions,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn client() -> Client {
        Client {
            id: "c1".into(),
            domain_id: "d1".into(),
            kind: ClientKind::Application,
            name: "App".into(),
            description: String::new(),
            secret_digest: None,
            auth_method: AuthMethod::ClientSecretBasic,
            redirect_uris: vec![],
            grant_types: vec![GrantType::ClientCredentials],
            allowed_scopes: ScopeSet::empty(),
            default_scopes: ScopeSet::empty(),
            require_pkce: true,
            allow_plain_pkce: false,
            owner_user_id: None,
            expires_at: None,
            created_at: 0,
            revoked_at: None,
            last_used_at: None,
            options: ClientOptions::default(),
        }
    }

    fn switched(on: bool) -> DomainSettings {
        DomainSettings {
            personal_clients_enabled: on,
            ..DomainSettings::default()
        }
    }

    #[test]
    fn a_client_chooses_its_access_token_format_or_takes_the_domains() {
        use crate::access_token::AccessTokenFormat::{Jwt, Opaque};
        let jwt_domain = DomainSettings {
            access_token_format: Jwt,
            ..DomainSettings::default()
        };
        let mut c = client();
        assert_eq!(
            c.options.access_token_format(&DomainSettings::default()),
            Opaque
        );
        assert_eq!(c.options.access_token_format(&jwt_domain), Jwt);
        c.options.access_token_format = Some(Opaque);
        assert_eq!(c.options.access_token_format(&jwt_domain), Opaque);
        // Stored as JSON: unset is absent, so older rows read as "the domain's".
        assert_eq!(
            serde_json::to_string(&ClientOptions::default()).unwrap(),
            "{}"
        );
        let jwt: ClientOptions = serde_json::from_str(r#"{"access_token_format":"jwt"}"#).unwrap();
        assert_eq!(jwt.access_token_format, Some(Jwt));
    }

    #[test]
    fn a_personal_client_acts_only_while_its_owner_may() {
        let personal = Client {
            kind: ClientKind::Personal,
            owner_user_id: Some("u1".into()),
            ..client()
        };
        let role = vec![roles::PERSONAL_CLIENTS.to_owned()];
        assert!(personal.owner_lets_act(false, &role));
        assert!(!personal.owner_lets_act(true, &role), "owner disabled");
        assert!(!personal.owner_lets_act(false, &[]), "owner lost the role");
        assert_eq!(personal.acts_for(), Some(&UserId::from("u1")));
        // A user-registered application has a developer, not someone it acts for.
        let app = Client {
            owner_user_id: Some("u1".into()),
            ..client()
        };
        assert!(app.owner_lets_act(true, &[]));
        assert_eq!(app.acts_for(), None);
    }

    #[test]
    fn status_reads_revocation_before_expiry() {
        let c = Client {
            expires_at: Some(100),
            ..client()
        };
        assert_eq!(c.status(99), ClientState::Active);
        assert_eq!(c.status(100), ClientState::Expired);
        let r = Client {
            revoked_at: Some(5),
            ..c
        };
        assert_eq!(r.status(200), ClientState::Revoked);
        for k in ClientKind::ALL {
            assert_eq!(ClientKind::parse(k.as_str()), Some(k));
        }
    }

    #[test]
    fn a_client_without_expiry_stays_active() {
        assert!(client().is_active(i64::MAX));
    }

    #[test]
    fn expiry_is_exclusive() {
        let c = Client {
            expires_at: Some(100),
            ..client()
        };
        assert!(c.is_active(99));
        assert!(!c.is_active(100), "inactive exactly at expiry");
        assert!(!c.is_active(101));
    }

    #[test]
    fn a_revoked_client_is_inactive_even_before_its_expiry() {
        let c = Client {
            revoked_at: Some(10),
            expires_at: Some(100),
            ..client()
        };
        assert!(!c.is_active(5));
        assert!(!c.is_active(50));
    }

    #[test]
    fn the_personal_client_switch_stops_only_personal_clients() {
        let admin_registered = client();
        let personal = Client {
            kind: ClientKind::Personal,
            owner_user_id: Some("u1".into()),
            ..client()
        };
        assert!(personal.is_personal() && !admin_registered.is_personal());
        assert!(admin_registered.allowed_by(&switched(false)));
        assert!(admin_registered.allowed_by(&switched(true)));
        assert!(!personal.allowed_by(&switched(false)));
        assert!(personal.allowed_by(&switched(true)));
    }

    #[test]
    fn acting_needs_both_activity_and_the_switch() {
        let personal = Client {
            kind: ClientKind::Personal,
            owner_user_id: Some("u1".into()),
            expires_at: Some(100),
            ..client()
        };
        assert!(personal.may_act(&switched(true), 99));
        assert!(!personal.may_act(&switched(false), 99), "switched off");
        assert!(!personal.may_act(&switched(true), 100), "expired");
        let revoked = Client {
            revoked_at: Some(1),
            ..client()
        };
        assert!(!revoked.may_act(&switched(true), 2), "revoked");
    }
}
