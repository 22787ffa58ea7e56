//! Creating domains, users, scopes and clients (`clients.rs`), with every check their settings
//! need. The CLI, the admin API and the pages call the same functions.

use std::sync::Arc;

use jeton_core::access_token::AccessTokenFormat;
use jeton_core::capabilities::SERVED;
use jeton_core::entities::{Actor, AuditAction, AuditEvent, ClientKind};

mod clients;
pub use clients::ClientSpec;
use jeton_core::grant_type;
use jeton_core::ids::{self, DomainSlug, Username};
use jeton_core::pairwise::SubjectType;
use jeton_core::scope::{ScopeSet, is_scope_token};
use jeton_core::secret::{self, SecretKind};
use jeton_core::{Clock, Random, client_registration, password, redirect_uri};
use jeton_store::{
    Client, ClientId, Domain, DomainId, DomainSettings, NewClient, NewDomain, NewScope, NewUser,
    Store, StoreError, User, UserId,
};

/// The role of the super administrator created on first start.
pub const SUPER_ADMIN_ROLE: &str = jeton_core::roles::SUPER_ADMIN;
/// The role of a domain's managers (DESIGN §1), who manage its users and clients.
pub const DOMAIN_MANAGER_ROLE: &str = jeton_core::roles::MANAGER;
pub const MAIN_DOMAIN: &str = "main";
pub const BOOTSTRAP_ADMIN: &str = "admin";

#[derive(Debug, thiserror::Error)]
pub enum ProvisionError {
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for ProvisionError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(what) => Self::Conflict(format!("{what} already exists")),
            StoreError::NotFound(what) => Self::NotFound(format!("{what} not found")),
            other => Self::Store(other),
        }
    }
}

type Result<T> = std::result::Result<T, ProvisionError>;

pub struct Provisioner {
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub random: Arc<dyn Random>,
}

/// What first start created.
pub struct Bootstrapped {
    pub domain: Domain,
    pub admin: User,
    /// The generated password, when none was configured: shown once.
    pub generated_password: Option<String>,
}

impl Provisioner {
    pub async fn domain(&self, slug: &str) -> Result<Domain> {
        self.store.domain_by_slug(slug).await?.ok_or_else(|| {
            ProvisionError::NotFound(format!(
                "no domain {slug:?}; create it with `jeton domain create {slug}`"
            ))
        })
    }

    /// On an empty database: the `main` domain and its super administrator. Does nothing
    /// when any domain exists — including when another instance bootstrapped concurrently.
    pub async fn bootstrap(
        &self,
        configured_password: Option<&str>,
    ) -> Result<Option<Bootstrapped>> {
        if self.store.count_domains().await? > 0 {
            return Ok(None);
        }
        let domain = match self.create_domain(MAIN_DOMAIN, Some("Main")).await {
            Ok(d) => d,
            Err(ProvisionError::Conflict(_)) => return Ok(None),
            Err(e) => return Err(e),
        };
        let (password, generated) = match configured_password {
            Some(p) => (p.to_owned(), None),
            None => {
                let p = secret::mint(SecretKind::Csrf, self.random.as_ref()).value;
                let p = p.trim_start_matches(SecretKind::Csrf.prefix()).to_owned();
                (p.clone(), Some(p))
            }
        };
        let admin = self
            .create_user(
                MAIN_DOMAIN,
                BOOTSTRAP_ADMIN,
                Some(&password),
                None,
                &[SUPER_ADMIN_ROLE.to_owned()],
            )
            .await?;
        Ok(Some(Bootstrapped {
            domain,
            admin,
            generated_password: generated,
        }))
    }

    pub async fn create_domain(&self, slug: &str, name: Option<&str>) -> Result<Domain> {
        let slug = DomainSlug::parse(slug).map_err(|e| ProvisionError::Invalid(e.to_string()))?;
        let name = name
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .unwrap_or(slug.as_str());
        if name.chars().count() > 200 {
            return Err(ProvisionError::Invalid(
                "a domain name has at most 200 characters".into(),
            ));
        }
        Ok(self
            .store
            .create_domain(NewDomain {
                id: DomainId::new(self.random.as_ref()),
                slug: slug.as_str().to_owned(),
                name: name.to_owned(),
                settings: DomainSettings::default(),
                created_at: self.clock.now(),
                pairwise_salt: jeton_core::pairwise::PairwiseSalt::generate(self.random.as_ref()),
            })
            .await?)
    }

    pub async fn create_user(
        &self,
        domain: &str,
        username: &str,
        password: Option<&str>,
        email: Option<&str>,
        roles: &[String],
    ) -> Result<User> {
        self.create_user_as(domain, username, password, email, roles, &Actor::cli())
            .await
    }

    /// `create_user`, recorded in the audit log as done by `actor`.
    pub async fn create_user_as(
        &self,
        domain: &str,
        username: &str,
        password: Option<&str>,
        email: Option<&str>,
        roles: &[String],
        actor: &Actor,
    ) -> Result<User> {
        let domain = self.domain(domain).await?;
        let username =
            Username::parse(username).map_err(|e| ProvisionError::Invalid(e.to_string()))?;
        for r in roles {
            ids::parse_role(r).map_err(|e| ProvisionError::Invalid(format!("role {r:?}: {e}")))?;
        }
        if let Some(e) = email
            && (!e.contains('@') || e.len() > 254 || e.chars().any(char::is_whitespace))
        {
            return Err(ProvisionError::Invalid(format!(
                "{e:?} is not an email address"
            )));
        }
        let password_hash = match password {
            Some(p) => {
                password::check_new_password(p).map_err(|e| ProvisionError::Invalid(e.into()))?;
                let p = p.to_owned();
                let random = self.random.clone();
                Some(
                    tokio::task::spawn_blocking(move || password::hash(&p, random.as_ref()))
                        .await
                        .map_err(|e| ProvisionError::Invalid(format!("hashing failed: {e}")))?,
                )
            }
            None => None,
        };
        let mut roles = roles.to_vec();
        roles.sort();
        roles.dedup();
        let id = UserId::new(self.random.as_ref());
        let event = AuditEvent {
            id: ids::new_id(self.random.as_ref()),
            domain_id: Some(domain.id.clone()),
            at: self.clock.now(),
            actor: actor.clone(),
            action: AuditAction::UserCreate,
            target: format!("user:{id}"),
            detail: serde_json::json!({ "username": username.as_str(), "roles": roles }),
        };
        Ok(self
            .store
            .create_user_audited(
                NewUser {
                    id,
                    domain_id: domain.id,
                    username: username.as_str().to_owned(),
                    email: email.map(str::to_owned),
                    password_hash,
                    roles,
                    created_at: self.clock.now(),
                },
                Some(&event),
            )
            .await?)
    }

    pub async fn create_scope(
        &self,
        domain: &str,
        name: &str,
        description: Option<&str>,
        roles: &[String],
    ) -> Result<()> {
        self.create_scope_with(domain, name, description, roles, &[])
            .await
    }

    /// `create_scope`, with user attributes (`key=value`) that grant the scope too.
    pub async fn create_scope_with(
        &self,
        domain: &str,
        name: &str,
        description: Option<&str>,
        roles: &[String],
        attributes: &[String],
    ) -> Result<()> {
        let domain = self.domain(domain).await?;
        for a in attributes {
            jeton_core::scope::check_attribute_condition(a).map_err(ProvisionError::Invalid)?;
        }
        if !is_scope_token(name) {
            return Err(ProvisionError::Invalid(format!(
                "{name:?} is not a valid scope name (RFC 6749 §3.3: printable ASCII, no spaces, quotes or backslashes)"
            )));
        }
        for r in roles {
            ids::parse_role(r).map_err(|e| ProvisionError::Invalid(format!("role {r:?}: {e}")))?;
        }
        Ok(self
            .store
            .create_scope(
                &domain.id,
                NewScope {
                    name: name.to_owned(),
                    description: description.unwrap_or("").trim().to_owned(),
                    roles: roles.to_vec(),
                    attributes: attributes.to_vec(),
                    created_at: self.clock.now(),
                },
            )
            .await?)
    }
}
