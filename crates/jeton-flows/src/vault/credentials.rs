//! Save, list, find, show and delete credentials.

use std::sync::Arc;

use jeton_core::entities::{AuditAction, VaultCredential, VaultTokens};
use jeton_core::ids::new_id;
use jeton_core::vault::{
    self, ContainerPath, CredentialStatus, Principal, Subject, VaultPermission,
};
use jeton_store::Domain;
use jeton_vault::{ExposeSecret, Provider, SecretString};
use serde_json::json;

use super::{
    NewVaultCredential, Opened, Revocation, VaultCaller, VaultCredentialView, VaultError, fields,
    invalid, subject,
};
use crate::Flows;

impl Flows {
    /// Saves a credential. For client credentials and password the first token is obtained
    /// now, and nothing is saved if the provider refuses (its error comes back).
    pub async fn vault_create(
        &self,
        domain: &Domain,
        req: NewVaultCredential,
        caller: &VaultCaller,
    ) -> Result<VaultCredentialView, VaultError> {
        let name = vault::check_name(&req.name).map_err(|m| invalid("name", m))?;
        let container = fields::container(req.container.as_deref())?;
        let grant = fields::grant(&req.grant)?;
        let token_endpoint = fields::endpoint("token_endpoint", &req.token_endpoint)?;
        let authorization_endpoint = fields::optional_endpoint(
            "authorization_endpoint",
            req.authorization_endpoint.as_deref(),
        )?;
        let revocation_endpoint =
            fields::optional_endpoint("revocation_endpoint", req.revocation_endpoint.as_deref())?;
        let client_id = fields::client_id(&req.client_id)?;
        let client_auth = fields::client_auth(req.client_auth.as_deref())?;
        let scope = fields::scope(req.scope.as_deref());
        fields::extra_params(&req.extra_params)?;
        let pkce = fields::pkce(grant, req.pkce)?;
        let secret = req.client_secret.filter(|s| !s.expose_secret().is_empty());
        let username = req.username.filter(|s| !s.is_empty());
        let password = req.password.filter(|s| !s.expose_secret().is_empty());
        vault::check_settings(
            grant,
            secret.is_some(),
            username.is_some(),
            password.is_some(),
            authorization_endpoint.is_some(),
        )
        .map_err(|(f, m)| invalid(f, m))?;
        // Who may create here: edit on the container (the operator, a vault-admin, or a
        // container permission).
        let perms = self.vault_permissions_of(domain).await?;
        let nobody = Subject {
            id: "",
            container: &container,
            owner: None,
        };
        if !vault::may_edit(&caller.principal, nobody, &perms) {
            return Err(VaultError::Forbidden(
                "you may not create credentials in this container",
            ));
        }
        let owner_id = match (&req.owner, &caller.principal) {
            (Some(u), _) => Some(
                self.store
                    .user_by_username(&domain.id, u)
                    .await?
                    .ok_or_else(|| invalid("owner", format!("no user {u:?} in this domain")))?
                    .id,
            ),
            (None, Principal::User { id, .. }) => Some(id.clone()),
            (None, _) => None,
        };
        let now = self.now();
        let id = new_id(self.random.as_ref());
        let mut c = VaultCredential {
            client_secret: secret
                .as_ref()
                .map(|s| self.seal(&id, "client_secret", s.expose_secret())),
            username: username.as_ref().map(|s| self.seal(&id, "username", s)),
            password: password
                .as_ref()
                .map(|s| self.seal(&id, "password", s.expose_secret())),
            id,
            domain_id: domain.id.clone(),
            name,
            container,
            grant,
            authorization_endpoint,
            token_endpoint,
            revocation_endpoint,
            client_id,
            scope,
            client_auth,
            extra_params: req.extra_params,
            allow_jobs: req.allow_jobs,
            pkce,
            tokens: VaultTokens::default(),
            status: CredentialStatus::New,
            last_used_at: None,
            owner_id,
            created_at: now,
            updated_at: now,
        };
        if grant.is_unattended() {
            let opened = Opened {
                client_secret: secret,
                username: username.map(SecretString::from),
                password,
                refresh_token: None,
            };
            let issued = self
                .ask_provider(&c, &opened, false)
                .await
                .map_err(VaultError::Provider)?;
            c.tokens = self.sealed_tokens(&c.id, &issued, None, now);
            c.status = CredentialStatus::Authorized;
        }
        let audit = self.audit_event(
            Some(&domain.id),
            &caller.actor,
            AuditAction::VaultCreate,
            format!("vault:{}", c.id),
            json!({"name": c.name, "container": c.container.as_str(), "grant": grant.as_str(),
                   "token_endpoint": c.token_endpoint, "status": c.status.as_str()}),
        );
        self.store.create_vault_credential(&c, &audit).await?;
        self.view(&c).await
    }

    /// The domain's credentials that `caller` may view.
    pub async fn vault_list(
        &self,
        domain: &Domain,
        caller: &VaultCaller,
    ) -> Result<Vec<VaultCredentialView>, VaultError> {
        let perms = self.vault_permissions_of(domain).await?;
        let mut out = Vec::new();
        for c in self.store.vault_credentials(&domain.id).await? {
            if vault::may_view(&caller.principal, subject(&c), &perms) {
                out.push(self.view(&c).await?);
            }
        }
        Ok(out)
    }

    /// A credential by `NAME` (in whichever container, if only one has it) or
    /// `/container/path/NAME`, if `caller` may view it.
    pub async fn vault_find(
        &self,
        domain: &Domain,
        name: &str,
        caller: &VaultCaller,
    ) -> Result<VaultCredential, VaultError> {
        let (container, name) = match name.rsplit_once('/') {
            Some((dir, n)) if name.starts_with('/') => (
                Some(
                    ContainerPath::parse(if dir.is_empty() { "/" } else { dir })
                        .map_err(|m| invalid("name", m))?,
                ),
                n,
            ),
            _ => (None, name),
        };
        let mut found: Vec<VaultCredential> = self
            .store
            .vault_credentials_named(&domain.id, name)
            .await?
            .into_iter()
            .filter(|c| container.as_ref().is_none_or(|p| *p == c.container))
            .collect();
        let perms = self.vault_permissions_of(domain).await?;
        found.retain(|c| vault::may_view(&caller.principal, subject(c), &perms));
        match found.len() {
            0 => Err(VaultError::NotFound),
            1 => Ok(found.remove(0)),
            _ => Err(invalid(
                "name",
                format!(
                    "{name:?} is in several containers ({}): write /CONTAINER/{name}",
                    found
                        .iter()
                        .map(|c| c.container.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }

    /// The view of a credential (no secret in full).
    pub async fn view(&self, c: &VaultCredential) -> Result<VaultCredentialView, VaultError> {
        let mask = |s: Option<SecretString>| s.map(|s| vault::masked(s.expose_secret()));
        let owner = match &c.owner_id {
            Some(id) => self
                .store
                .user_by_id(&c.domain_id, id)
                .await?
                .map(|u| u.username),
            None => None,
        };
        Ok(VaultCredentialView {
            id: c.id.clone(),
            name: c.name.clone(),
            container: c.container.to_string(),
            grant: c.grant.as_str(),
            token_endpoint: c.token_endpoint.clone(),
            authorization_endpoint: c.authorization_endpoint.clone(),
            revocation_endpoint: c.revocation_endpoint.clone(),
            client_id: c.client_id.clone(),
            client_secret: mask(self.open(&c.id, "client_secret", &c.client_secret)?),
            scope: c.scope.clone(),
            client_auth: c.client_auth.as_str(),
            // A username is not a secret to those who may view the credential.
            username: self
                .open(&c.id, "username", &c.username)?
                .map(|s| s.expose_secret().to_owned()),
            password: c.password.as_ref().map(|_| "set".to_owned()),
            extra_params: c.extra_params.clone(),
            allow_jobs: c.allow_jobs,
            pkce: c.pkce,
            status: c.status.as_str(),
            has_access_token: c.tokens.access_token.is_some(),
            has_refresh_token: c.tokens.refresh_token.is_some(),
            expires_at: c.tokens.expires_at,
            last_used_at: c.last_used_at,
            owner,
            created_at: c.created_at,
            updated_at: c.updated_at,
        })
    }

    /// Deletes a credential `caller` may edit, revoking its tokens at the provider first
    /// where it has a revocation endpoint (the deletion does not wait on the provider's
    /// agreement: a provider that is down must not keep a credential alive).
    pub async fn vault_delete(
        &self,
        c: &VaultCredential,
        caller: &VaultCaller,
    ) -> Result<Revocation, VaultError> {
        let domain_perms = self.store.vault_permissions(&c.domain_id).await?;
        let perms: Vec<VaultPermission> = domain_perms.into_iter().map(|p| p.permission).collect();
        if !vault::may_edit(&caller.principal, subject(c), &perms) {
            return Err(VaultError::Forbidden("you may not delete this credential"));
        }
        let revocation = self.revoke_at_provider(c).await;
        let detail = match &revocation {
            Revocation::NotAttempted => json!({"name": c.name, "revoked": false}),
            Revocation::Revoked => json!({"name": c.name, "revoked": true}),
            Revocation::Failed(why) => {
                json!({"name": c.name, "revoked": false, "revocation_error": why})
            }
        };
        let audit = self.audit_event(
            Some(&c.domain_id),
            &caller.actor,
            AuditAction::VaultDelete,
            format!("vault:{}", c.id),
            detail,
        );
        if !self
            .store
            .delete_vault_credential(&c.domain_id, &c.id, &audit)
            .await?
        {
            return Err(VaultError::NotFound);
        }
        Ok(revocation)
    }

    /// Revokes `c`'s stored tokens at its revocation endpoint, with its client; nothing to
    /// do without an endpoint or tokens.
    pub(super) async fn revoke_at_provider(&self, c: &VaultCredential) -> Revocation {
        let Some(endpoint) = c.revocation_endpoint.as_deref() else {
            return Revocation::NotAttempted;
        };
        let opened = match self.open_all(c) {
            Ok(o) => o,
            Err(e) => return Revocation::Failed(e.to_string()),
        };
        let access = match self.open(&c.id, "access_token", &c.tokens.access_token) {
            Ok(a) => a,
            Err(e) => return Revocation::Failed(e.to_string()),
        };
        let client = match self.vault.client() {
            Ok(c) => c,
            Err(e) => return Revocation::Failed(e.to_string()),
        };
        let provider = Provider {
            token_endpoint: &c.token_endpoint,
            client_id: &c.client_id,
            client_secret: opened.client_secret.as_ref(),
            client_auth: c.client_auth,
            scope: None,
            extra_params: &[],
        };
        // RFC 7009 §2.1: revoking the refresh token revokes what was issued with it (where
        // the provider supports it); the access token is revoked as well for the others.
        let mut attempted = false;
        for (token, refresh) in [
            (opened.refresh_token.as_ref(), true),
            (access.as_ref(), false),
        ] {
            if let Some(t) = token {
                attempted = true;
                if let Err(e) = client.revoke(&provider, endpoint, t, refresh).await {
                    return Revocation::Failed(e.to_string());
                }
            }
        }
        if attempted {
            Revocation::Revoked
        } else {
            Revocation::NotAttempted
        }
    }

    /// The credential with this global id and its domain, for the token API: `None` if
    /// unknown (or its domain is gone).
    pub async fn vault_credential_by_id(
        &self,
        id: &str,
    ) -> Result<Option<(Arc<Domain>, VaultCredential)>, VaultError> {
        let Some((c, slug)) = self.store.vault_credential_with_slug(id).await? else {
            return Ok(None);
        };
        Ok(self.domain_by_slug(&slug).await?.map(|d| (d, c)))
    }
}
