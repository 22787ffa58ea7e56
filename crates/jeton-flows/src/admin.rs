//! What only the super administrator does (the `/admin` pages, `/api/v1/admin`, the CLI):
//! domains, their API consumers, admin API tokens, the global audit log.

use std::sync::Arc;

use jeton_core::client_registration::{self, FieldError};
use jeton_core::entities::{
    Actor, AdminScope, AdminToken, AuditAction, ClientKind, check_admin_token,
};
use jeton_core::grant_type::{self, AuthMethod, InvalidClientSettings};
use jeton_core::ids::Username;
use jeton_core::redirect_uri;
use jeton_core::roles::{self, Authority};
use jeton_core::scope::ScopeSet;
use jeton_core::secret::{self, SecretDigest, SecretKind};
use jeton_store::{Client, Domain, User};
use serde_json::json;

use crate::Flows;
use crate::account::WithSecret;
use crate::error::{ManageError, ManageResult};
use crate::provision::{ClientSpec, ProvisionError};

/// The most users `managers` reads through to find a domain's managers.
const MANAGER_SCAN_LIMIT: usize = 10_000;

/// A token with its value: shown this once.
pub struct AdminTokenWithSecret {
    pub token: AdminToken,
    pub secret: String,
}

fn provision_error(e: ProvisionError, field: &'static str) -> ManageError {
    match e {
        ProvisionError::Store(s) => s.into(),
        ProvisionError::Invalid(m) => FieldError::new(field, m).into(),
        ProvisionError::NotFound(_) => ManageError::NotFound("domain"),
        ProvisionError::Conflict(_) => ManageError::Conflict("it"),
    }
}

impl Flows {
    pub async fn list_domains(&self) -> ManageResult<Vec<Domain>> {
        Ok(self.store.list_domains().await?)
    }

    /// Any domain by slug, disabled ones too (the administrator must be able to enable it).
    pub async fn any_domain(&self, slug: &str) -> ManageResult<Domain> {
        self.store
            .domain_by_slug(slug)
            .await?
            .ok_or(ManageError::NotFound("domain"))
    }

    pub async fn create_domain(
        &self,
        slug: &str,
        name: Option<&str>,
        actor: &Actor,
    ) -> ManageResult<Domain> {
        let d = self
            .provisioner()
            .create_domain(slug, name)
            .await
            .map_err(|e| match e {
                ProvisionError::Store(jeton_store::StoreError::Conflict(_)) => {
                    ManageError::Conflict("a domain with this slug")
                }
                ProvisionError::Invalid(m) if m.contains("name") => {
                    FieldError::new("name", m).into()
                }
                other => provision_error(other, "slug"),
            })?;
        // After the domain is stored: an empty domain on its own changes nobody's rights.
        let event = self.audit_event(
            None,
            actor,
            AuditAction::DomainCreate,
            format!("domain:{}", d.slug),
            json!({ "name": d.name }),
        );
        self.store.record_audit(&event).await?;
        Ok(d)
    }

    pub async fn rename_domain(
        &self,
        domain: &Domain,
        name: &str,
        actor: &Actor,
    ) -> ManageResult<()> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(FieldError::new("name", "a domain name has 1 to 200 characters").into());
        }
        let event = self.audit_event(
            Some(&domain.id),
            actor,
            AuditAction::DomainUpdate,
            format!("domain:{}", domain.slug),
            json!({ "name": name, "was": domain.name }),
        );
        self.store.rename_domain(&domain.id, name, &event).await?;
        self.cache.invalidate_domain(&domain.slug);
        Ok(())
    }

    /// A disabled domain answers "not found" everywhere (pages, OAuth, API) except to the
    /// super administrator, who can enable it again. The administrators' own domain cannot be
    /// disabled: that would lock every administrator out.
    pub async fn set_domain_enabled(
        &self,
        domain: &Domain,
        enabled: bool,
        actor: &Actor,
    ) -> ManageResult<()> {
        if !enabled && domain.slug == crate::provision::MAIN_DOMAIN {
            return Err(ManageError::Forbidden(
                "the administrators' domain cannot be disabled",
            ));
        }
        let event = self.audit_event(
            Some(&domain.id),
            actor,
            AuditAction::DomainUpdate,
            format!("domain:{}", domain.slug),
            json!({ "enabled": enabled }),
        );
        let at = (!enabled).then(|| self.now());
        self.store
            .set_domain_disabled(&domain.id, at, &event)
            .await?;
        self.cache.invalidate_domain(&domain.slug);
        Ok(())
    }

    /// An API consumer: a confidential client the domain owns, for server-to-server use.
    /// `spec.id`, when set, is the id a form derived (`ClientId::derived`): the same form sent
    /// twice is then `ManageError::Conflict`, not a second consumer.
    pub async fn create_consumer(
        &self,
        domain: &Domain,
        spec: &ClientSpec,
        actor: &Actor,
    ) -> ManageResult<WithSecret> {
        self.check_consumer(domain, spec).await?;
        let spec = ClientSpec {
            consumer: true,
            public: false,
            owner: None,
            ..spec.clone()
        };
        let (client, secret) = self
            .provisioner()
            .create_client_as(&domain.slug, &spec, actor)
            .await
            .map_err(|e| provision_error(e, "client"))?;
        let secret = secret.ok_or(ManageError::Forbidden("an API consumer has a secret"))?;
        Ok(WithSecret { client, secret })
    }

    /// What the provisioner would refuse in a consumer, with the field it is about (the
    /// pages show each message next to its field; the provisioner, shared with the CLI, says
    /// only what is wrong). The same core rules, in the same order.
    async fn check_consumer(&self, domain: &Domain, spec: &ClientSpec) -> ManageResult<()> {
        client_registration::name(&spec.name).map_err(|m| FieldError::new("name", m))?;
        for uri in &spec.redirect_uris {
            redirect_uri::check_registrable(uri)
                .map_err(|e| FieldError::new("redirect_uris", format!("{uri:?}: {e}")))?;
        }
        let grants = client_registration::grant_types(&spec.grants, !spec.redirect_uris.is_empty())
            .map_err(|m| FieldError::new("grant_types", m))?;
        grant_type::check_client_settings(
            &grants,
            AuthMethod::ClientSecretBasic,
            &spec.redirect_uris,
        )
        .map_err(|e| {
            let field = match e {
                InvalidClientSettings::CodeWithoutRedirect => "redirect_uris",
                _ => "grant_types",
            };
            FieldError::new(field, e.to_string())
        })?;
        let scopes = ScopeSet::from_tokens(&spec.scopes)
            .map_err(|e| FieldError::new("scopes", e.to_string()))?;
        let registered = self.store.scopes(&domain.id).await?;
        if let Some(missing) = scopes
            .iter()
            .find(|s| !registered.iter().any(|d| d.name == *s))
        {
            return Err(FieldError::new(
                "scopes",
                format!("scope {missing:?} is not registered in this domain"),
            )
            .into());
        }
        Ok(())
    }

    /// One of the domain's API consumers, whatever its status; any other client, or an id
    /// that is not one, is "not found".
    pub async fn consumer(&self, domain: &Domain, id: &str) -> ManageResult<Client> {
        let id = jeton_store::ClientId::parse(id).ok_or(ManageError::NotFound("consumer"))?;
        self.store
            .client_by_id(&domain.id, &id)
            .await?
            .filter(|c| c.kind == ClientKind::Consumer)
            .ok_or(ManageError::NotFound("consumer"))
    }

    pub async fn consumers(&self, domain: &Domain) -> ManageResult<Vec<Client>> {
        Ok(self
            .store
            .clients_of_kind(&domain.id, ClientKind::Consumer, 1000)
            .await?)
    }

    /// A new admin API token, shown once. `id`, when set, is the id a form derived
    /// (`derived_admin_token_id` from its `once`): the same form sent twice is then
    /// `ManageError::Conflict`, not a second token. `None`: a random id.
    pub async fn create_admin_token(
        &self,
        name: &str,
        scope: AdminScope,
        expires_at: i64,
        actor: &Actor,
        id: Option<String>,
    ) -> ManageResult<AdminTokenWithSecret> {
        let now = self.now();
        let name = check_admin_token(name, expires_at, now)?;
        if let AdminScope::Domain(slug) = &scope {
            self.any_domain(slug)
                .await
                .map_err(|_| FieldError::new("scope", format!("no domain {slug:?}")))?;
        }
        let minted = secret::mint(SecretKind::AdminToken, self.random.as_ref());
        let token = AdminToken {
            id: id.unwrap_or_else(|| jeton_core::ids::new_id(self.random.as_ref())),
            name,
            digest: minted.digest,
            scope,
            created_by: actor.name.clone(),
            created_at: now,
            expires_at,
            revoked_at: None,
            last_used_at: None,
        };
        let event = self.audit_event(
            None,
            actor,
            AuditAction::AdminTokenCreate,
            format!("admin_token:{}", token.id),
            json!({ "name": token.name, "scope": token.scope.as_string(), "expires_at": expires_at }),
        );
        self.store.create_admin_token(&token, &event).await?;
        Ok(AdminTokenWithSecret {
            token,
            secret: minted.value,
        })
    }

    /// The domain's managers (users holding `manager`), by username. Read through the
    /// domain's users a page at a time (at most `MANAGER_SCAN_LIMIT` of them): a domain has few
    /// managers, and a store query by role can replace this when domains grow that large.
    pub async fn managers(&self, domain: &Domain) -> ManageResult<Vec<User>> {
        const PAGE: u32 = 200;
        let mut managers = Vec::new();
        let mut after: Option<String> = None;
        let mut read = 0;
        loop {
            let page = self
                .list_users(domain, None, after.as_deref(), PAGE)
                .await?;
            read += page.len();
            let full = page.len() == PAGE as usize;
            after = page.last().map(|u| u.username.clone());
            managers.extend(
                page.into_iter()
                    .filter(|u| roles::holds(&u.roles, roles::MANAGER)),
            );
            if !full || read >= MANAGER_SCAN_LIMIT {
                return Ok(managers);
            }
        }
    }

    /// Makes `username` a manager of the domain (the super administrator's to do: DESIGN §1).
    /// Answers the user; one who already is a manager is left as they are.
    pub async fn appoint_manager(
        &self,
        domain: &Domain,
        username: &str,
        actor: &Actor,
    ) -> ManageResult<User> {
        let name =
            Username::parse(username).map_err(|e| FieldError::new("username", e.to_string()))?;
        let user = self.user_by_name(domain, name.as_str()).await?;
        if !roles::holds(&user.roles, roles::MANAGER) {
            let mut new_roles = user.roles.clone();
            new_roles.push(roles::MANAGER.to_owned());
            self.set_user_roles(domain, &user.id, &new_roles, actor, Authority::SuperAdmin)
                .await?;
        }
        Ok(user)
    }

    /// Takes the `manager` role from `username`; their other roles stay.
    pub async fn remove_manager(
        &self,
        domain: &Domain,
        username: &str,
        actor: &Actor,
    ) -> ManageResult<User> {
        let user = self.user_by_name(domain, username).await?;
        if !roles::holds(&user.roles, roles::MANAGER) {
            return Err(ManageError::NotFound("manager"));
        }
        let new_roles: Vec<String> = user
            .roles
            .iter()
            .filter(|r| *r != roles::MANAGER)
            .cloned()
            .collect();
        self.set_user_roles(domain, &user.id, &new_roles, actor, Authority::SuperAdmin)
            .await?;
        Ok(user)
    }

    pub async fn admin_tokens(&self) -> ManageResult<Vec<AdminToken>> {
        Ok(self.store.admin_tokens().await?)
    }

    pub async fn revoke_admin_token(&self, id: &str, actor: &Actor) -> ManageResult<()> {
        let event = self.audit_event(
            None,
            actor,
            AuditAction::AdminTokenRevoke,
            format!("admin_token:{id}"),
            json!({}),
        );
        if !self
            .store
            .revoke_admin_token(id, self.now(), &event)
            .await?
        {
            return Err(ManageError::NotFound("live admin token"));
        }
        Ok(())
    }

    /// The live admin token `presented` is, if any. Read from the database every time (no
    /// cache): a revoked token stops at once on every instance, and admin calls are rare.
    pub async fn authenticate_admin_token(
        &self,
        presented: &str,
    ) -> ManageResult<Option<Arc<AdminToken>>> {
        if SecretKind::of(presented) != Some(SecretKind::AdminToken) || presented.len() > 200 {
            return Ok(None);
        }
        let now = self.now();
        let Some(token) = self
            .store
            .admin_token_by_digest(&SecretDigest::of(presented))
            .await?
        else {
            return Ok(None);
        };
        if !token.is_active(now) {
            return Ok(None);
        }
        self.store.touch_admin_token(&token.id, now).await?;
        Ok(Some(Arc::new(token)))
    }
}
