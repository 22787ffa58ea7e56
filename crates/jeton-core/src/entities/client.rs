//! OAuth clients: applications registered in a domain, and personal clients that act for
//! their owner.

use super::domain::DomainSettings;
use crate::clock::UnixTime;
use crate::grant_type::{AuthMethod, GrantType};
use crate::ids::{ClientId, DomainId, UserId};
use crate::scope::ScopeSet;
use crate::secret::SecretDigest;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    /// The public `client_id`.
    pub id: ClientId,
    pub domain_id: DomainId,
    pub name: String,
    pub secret_digest: Option<SecretDigest>,
    pub auth_method: AuthMethod,
    pub redirect_uris: Vec<String>,
    pub grant_types: Vec<GrantType>,
    pub allowed_scopes: ScopeSet,
    pub default_scopes: ScopeSet,
    pub require_pkce: bool,
    pub allow_plain_pkce: bool,
    /// A personal client acts for its owner, with exactly the owner's rights.
    pub owner_user_id: Option<UserId>,
    pub expires_at: Option<UnixTime>,
    pub created_at: UnixTime,
    pub revoked_at: Option<UnixTime>,
}

impl Client {
    /// Neither revoked nor past its expiry date (inactive from the expiry instant on).
    pub fn is_active(&self, now: UnixTime) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|e| now < e)
    }

    /// Created by a user for their own scripts, acting with that user's rights (DESIGN §1).
    pub fn is_personal(&self) -> bool {
        self.owner_user_id.is_some()
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

#[derive(Debug, Clone)]
pub struct NewClient {
    pub id: ClientId,
    pub domain_id: DomainId,
    pub name: String,
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
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn client() -> Client {
        Client {
            id: "c1".into(),
            domain_id: "d1".into(),
            name: "App".into(),
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
        }
    }

    fn switched(on: bool) -> DomainSettings {
        DomainSettings {
            personal_clients_enabled: on,
            ..DomainSettings::default()
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
