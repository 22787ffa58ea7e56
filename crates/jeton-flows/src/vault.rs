//! The vault's use cases (issue 15): save a credential for an outside OAuth provider
//! (obtaining its first token at once for client credentials and password), list and show
//! it without its secrets, delete it (revoking at the provider, RFC 7009, where it has an
//! endpoint for that), and hand a job a token that is valid now.
//!
//! **A token for a job.** The stored access token, unless it expires within
//! `vault::REFRESH_MARGIN_SECS`; otherwise one flight per credential *in this instance*
//! (`Flights`) renews it: with the refresh token if there is one, else with a new client
//! credentials or password request. Whoever waited behind the flight reads the renewed
//! token from the store. What the provider issued, a rotated refresh token included, is
//! committed before anyone gets the access token. A refusal that asking again will not
//! cure (`vault::refusal_needs_reauthorization`) marks the credential "needs
//! re-authorization" and drops its access token: the caller gets that error, never a
//! stale token. Across instances on PostgreSQL each instance has its own flight (a
//! follow-up: a lease row); a provider that rotates refresh tokens may then see two
//! refreshes at once.
//!
//! Every use and every change is in the audit log.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, Weak};

use jeton_core::client_registration::FieldError;
use jeton_core::clock::UnixTime;
use jeton_core::entities::{
    Actor, AuditAction, StoredVaultPermission, VaultCredential, VaultTokens,
};
use jeton_core::ids::new_id;
use jeton_core::sealing::Sealed;
use jeton_core::vault::{
    self, ClientAuth, ContainerPath, CredentialStatus, Grantee, PermissionTarget, Principal,
    Subject, VaultGrant, VaultPermission,
};
use jeton_store::{Domain, StoreError, TokenRecord};
use jeton_vault::{
    ExposeSecret, Grant, Limits, Provider, ProviderClient, ProviderError, SecretString,
};
use serde_json::json;

use crate::Flows;

/// Why a vault action was not done.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("{}: {}", .0.field, .0.message)]
    Invalid(FieldError),
    #[error("no such vault credential")]
    NotFound,
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("{0} already exists")]
    Conflict(&'static str),
    /// The provider refused for good: a person must authorize again or fix the credential.
    #[error("the credential needs re-authorization: {0}")]
    NeedsReauthorization(String),
    /// The provider could not be reached, or answered something unusable.
    #[error(transparent)]
    Provider(ProviderError),
    /// A stored secret does not open with the configured keys (logged; never its value).
    #[error("a stored secret of this credential cannot be opened: {0}")]
    Sealing(String),
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for VaultError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(what) => Self::Conflict(what),
            other => Self::Store(other),
        }
    }
}

fn invalid(field: &'static str, message: impl Into<String>) -> VaultError {
    VaultError::Invalid(FieldError::new(field, message))
}

/// Who asks, and how: the principal decides with the permissions, the actor is what the
/// audit log records, and `via_api` says whether the credential's "allow use by jobs"
/// applies.
#[derive(Debug, Clone)]
pub struct VaultCaller {
    pub principal: Principal,
    pub actor: Actor,
    pub via_api: bool,
}

impl VaultCaller {
    /// The operator at the command line.
    pub fn cli() -> Self {
        Self {
            principal: Principal::Operator,
            actor: Actor::cli(),
            via_api: false,
        }
    }
}

/// What `vault create` asks for.
#[derive(Debug, Default)]
pub struct NewVaultCredential {
    pub name: String,
    pub container: Option<String>,
    pub grant: String,
    pub token_endpoint: String,
    pub authorization_endpoint: Option<String>,
    pub revocation_endpoint: Option<String>,
    pub client_id: String,
    pub client_secret: Option<SecretString>,
    pub scope: Option<String>,
    /// `header` / `body` (or the RFC 7591 names); `header` when not given.
    pub client_auth: Option<String>,
    pub username: Option<String>,
    pub password: Option<SecretString>,
    pub extra_params: Vec<(String, String)>,
    pub allow_jobs: bool,
    /// PKCE (S256) with the authorization-code grant; on when not given.
    pub pkce: Option<bool>,
    /// A username of the domain; the creating person when not given.
    pub owner: Option<String>,
}

/// A credential as anyone with *view* sees it: every field, no secret in full.
#[derive(Debug, Clone, serde::Serialize)]
pub struct VaultCredentialView {
    pub id: String,
    pub name: String,
    pub container: String,
    pub grant: &'static str,
    pub token_endpoint: String,
    pub authorization_endpoint: Option<String>,
    pub revocation_endpoint: Option<String>,
    pub client_id: String,
    /// "set" or "set (…abcd)"; absent when there is none.
    pub client_secret: Option<String>,
    pub scope: Option<String>,
    pub client_auth: &'static str,
    pub username: Option<String>,
    pub password: Option<String>,
    pub extra_params: Vec<(String, String)>,
    pub allow_jobs: bool,
    pub pkce: bool,
    pub status: &'static str,
    pub has_access_token: bool,
    pub has_refresh_token: bool,
    pub expires_at: Option<UnixTime>,
    pub last_used_at: Option<UnixTime>,
    pub owner: Option<String>,
    pub created_at: UnixTime,
    pub updated_at: UnixTime,
}

/// What a job gets.
#[derive(Debug)]
pub struct VaultToken {
    pub access_token: SecretString,
    pub token_type: String,
    pub expires_at: UnixTime,
}

/// What deleting did at the provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Revocation {
    /// No revocation endpoint configured, or no token to revoke.
    NotAttempted,
    Revoked,
    /// The credential is deleted anyway; this is why the provider did not confirm.
    Failed(String),
}

/// The per-instance state: the HTTP client to providers (built on first use) and one
/// flight per credential being renewed.
#[derive(Default)]
pub struct VaultState {
    client: OnceLock<Result<ProviderClient, ProviderError>>,
    flights: Mutex<HashMap<String, Weak<tokio::sync::Mutex<()>>>>,
}

impl VaultState {
    /// The one lock of a credential's renewal: everyone asking at once gets the same one
    /// (held through a `Weak`, so the map forgets credentials nobody is renewing).
    fn flight(&self, id: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut map = self.flights.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(f) = map.get(id).and_then(Weak::upgrade) {
            return f;
        }
        if map.len() > 1024 {
            map.retain(|_, w| w.strong_count() > 0);
        }
        let f = Arc::new(tokio::sync::Mutex::new(()));
        map.insert(id.to_owned(), Arc::downgrade(&f));
        f
    }

    pub(crate) fn client(&self) -> Result<&ProviderClient, VaultError> {
        self.client
            .get_or_init(|| ProviderClient::new(Limits::default()))
            .as_ref()
            .map_err(|e| VaultError::Provider(e.clone()))
    }
}

/// The credential's secrets, opened, for one exchange with the provider.
struct Opened {
    client_secret: Option<SecretString>,
    username: Option<SecretString>,
    password: Option<SecretString>,
    refresh_token: Option<SecretString>,
}

impl Flows {
    pub(crate) fn seal(&self, id: &str, field: &str, value: &str) -> Sealed {
        self.settings.sealer.seal(
            value.as_bytes(),
            &vault::sealing_aad(id, field),
            self.random.as_ref(),
        )
    }

    pub(crate) fn open(
        &self,
        id: &str,
        field: &str,
        s: &Option<Sealed>,
    ) -> Result<Option<SecretString>, VaultError> {
        let Some(s) = s else { return Ok(None) };
        let bytes = self
            .settings
            .sealer
            .open(s, &vault::sealing_aad(id, field))
            .map_err(|e| {
                tracing::error!(credential = id, field, error = %e, "a vault secret does not open");
                VaultError::Sealing(e.to_string())
            })?;
        let text =
            String::from_utf8(bytes).map_err(|_| VaultError::Sealing("not text".to_owned()))?;
        Ok(Some(SecretString::from(text)))
    }

    fn open_all(&self, c: &VaultCredential) -> Result<Opened, VaultError> {
        Ok(Opened {
            client_secret: self.open(&c.id, "client_secret", &c.client_secret)?,
            username: self.open(&c.id, "username", &c.username)?,
            password: self.open(&c.id, "password", &c.password)?,
            refresh_token: self.open(&c.id, "refresh_token", &c.tokens.refresh_token)?,
        })
    }

    pub(crate) async fn vault_permissions_of(
        &self,
        domain: &Domain,
    ) -> Result<Vec<VaultPermission>, VaultError> {
        Ok(self
            .store
            .vault_permissions(&domain.id)
            .await?
            .into_iter()
            .map(|p| p.permission)
            .collect())
    }

    /// Who a live Jeton access token of `domain` speaks for: its user (a person's grant, or
    /// the owner of a personal client), with their roles; or the API consumer that
    /// obtained it with client credentials.
    pub async fn vault_principal(
        &self,
        domain: &Domain,
        token: &TokenRecord,
    ) -> Result<Option<Principal>, VaultError> {
        match &token.user_id {
            Some(uid) => Ok(self
                .store
                .user_by_id(&domain.id, uid)
                .await?
                .filter(|u| !u.disabled)
                .map(|u| Principal::User {
                    id: u.id,
                    roles: u.roles,
                })),
            None => Ok(Some(Principal::Client(token.client_id.clone()))),
        }
    }

    /// Saves a credential. For client credentials and password the first token is obtained
    /// now, and nothing is saved if the provider refuses (its error comes back).
    pub async fn vault_create(
        &self,
        domain: &Domain,
        req: NewVaultCredential,
        caller: &VaultCaller,
    ) -> Result<VaultCredentialView, VaultError> {
        let name = vault::check_name(&req.name).map_err(|m| invalid("name", m))?;
        let container = match req.container.as_deref() {
            None | Some("") => ContainerPath::root(),
            Some(c) => ContainerPath::parse(c).map_err(|m| invalid("container", m))?,
        };
        let grant = VaultGrant::parse(&req.grant).ok_or_else(|| {
            invalid(
                "grant",
                "one of client_credentials, password, authorization_code, implicit",
            )
        })?;
        let token_endpoint = vault::check_endpoint("token_endpoint", &req.token_endpoint)
            .map_err(|m| invalid("token_endpoint", m))?;
        let endpoint =
            |field: &'static str, v: &Option<String>| -> Result<Option<String>, VaultError> {
                v.as_deref()
                    .filter(|s| !s.trim().is_empty())
                    .map(|s| vault::check_endpoint(field, s).map_err(|m| invalid(field, m)))
                    .transpose()
            };
        let authorization_endpoint =
            endpoint("authorization_endpoint", &req.authorization_endpoint)?;
        let revocation_endpoint = endpoint("revocation_endpoint", &req.revocation_endpoint)?;
        let client_id = req.client_id.trim().to_owned();
        if client_id.is_empty() || client_id.len() > 512 || client_id.chars().any(char::is_control)
        {
            return Err(invalid("client_id", "the client id is 1-512 characters"));
        }
        let client_auth = match req.client_auth.as_deref() {
            None => ClientAuth::Header,
            Some(s) => ClientAuth::parse(s).ok_or_else(|| {
                invalid(
                    "client_auth",
                    "header (client_secret_basic) or body (client_secret_post)",
                )
            })?,
        };
        let scope = req
            .scope
            .as_deref()
            .map(|s| s.split_ascii_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|s| !s.is_empty());
        for (k, v) in &req.extra_params {
            vault::check_extra_param(k, v).map_err(|m| invalid("extra_params", m))?;
        }
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
            pkce: req.pkce.unwrap_or(true),
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

    pub(crate) fn sealed_tokens(
        &self,
        id: &str,
        t: &jeton_vault::Tokens,
        kept_refresh: Option<&Sealed>,
        now: UnixTime,
    ) -> VaultTokens {
        VaultTokens {
            access_token: Some(self.seal(id, "access_token", t.access_token.expose_secret())),
            refresh_token: match &t.refresh_token {
                Some(r) => Some(self.seal(id, "refresh_token", r.expose_secret())),
                None => kept_refresh.cloned(),
            },
            token_type: Some(t.token_type.clone()),
            expires_at: Some(vault::token_expiry(now, t.expires_in)),
        }
    }

    /// One request at the provider: with the refresh token when `refresh`, else the
    /// credential's own grant.
    async fn ask_provider(
        &self,
        c: &VaultCredential,
        o: &Opened,
        refresh: bool,
    ) -> Result<jeton_vault::Tokens, ProviderError> {
        let client = self.vault.client().map_err(|e| match e {
            VaultError::Provider(p) => p,
            other => ProviderError::Setup(other.to_string()),
        })?;
        let provider = Provider {
            token_endpoint: &c.token_endpoint,
            client_id: &c.client_id,
            client_secret: o.client_secret.as_ref(),
            client_auth: c.client_auth,
            scope: c.scope.as_deref(),
            extra_params: &c.extra_params,
        };
        let grant = match (&o.refresh_token, refresh, c.grant) {
            (Some(rt), true, _) => Grant::Refresh { refresh_token: rt },
            (_, _, VaultGrant::ClientCredentials) => Grant::ClientCredentials,
            (_, _, VaultGrant::Password) => match (&o.username, &o.password) {
                (Some(username), Some(password)) => Grant::Password { username, password },
                _ => {
                    return Err(ProviderError::Setup(
                        "the credential has no username or password".into(),
                    ));
                }
            },
            _ => {
                return Err(ProviderError::Setup(
                    "this credential is renewed only through its refresh token".into(),
                ));
            }
        };
        client.request_token(&provider, grant).await
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
        let revocation = match &c.revocation_endpoint {
            Some(endpoint) => self.revoke_at_provider(c, endpoint).await,
            None => Revocation::NotAttempted,
        };
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

    async fn revoke_at_provider(&self, c: &VaultCredential, endpoint: &str) -> Revocation {
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

    /// Grants a permission on a container or credential of `domain`; only who may edit
    /// the target may.
    pub async fn vault_permit(
        &self,
        domain: &Domain,
        target: PermissionTarget,
        grantee: Grantee,
        access: vault::Access,
        caller: &VaultCaller,
    ) -> Result<(), VaultError> {
        let perms = self.vault_permissions_of(domain).await?;
        let allowed = match &target {
            PermissionTarget::Container(path) => vault::may_edit(
                &caller.principal,
                Subject {
                    id: "",
                    container: path,
                    owner: None,
                },
                &perms,
            ),
            PermissionTarget::Credential(id) => {
                let c = self
                    .store
                    .vault_credential(id)
                    .await?
                    .filter(|c| c.domain_id == domain.id)
                    .ok_or(VaultError::NotFound)?;
                vault::may_edit(&caller.principal, subject(&c), &perms)
            }
        };
        if !allowed {
            return Err(VaultError::Forbidden(
                "you may not give permissions on this",
            ));
        }
        let p = StoredVaultPermission {
            id: new_id(self.random.as_ref()),
            domain_id: domain.id.clone(),
            permission: VaultPermission {
                target,
                grantee,
                access,
            },
            created_at: self.now(),
        };
        let audit = self.audit_event(
            Some(&domain.id),
            &caller.actor,
            AuditAction::VaultPermit,
            match &p.permission.target {
                PermissionTarget::Container(c) => format!("vault-container:{c}"),
                PermissionTarget::Credential(id) => format!("vault:{id}"),
            },
            json!({"grantee": format!("{:?}", p.permission.grantee), "access": access.as_str()}),
        );
        self.store.set_vault_permission(&p, &audit).await?;
        Ok(())
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

    /// A valid access token of `c` for `caller` (see the module's documentation).
    pub async fn vault_token(
        &self,
        c: VaultCredential,
        caller: &VaultCaller,
    ) -> Result<VaultToken, VaultError> {
        let perms: Vec<VaultPermission> = self
            .store
            .vault_permissions(&c.domain_id)
            .await?
            .into_iter()
            .map(|p| p.permission)
            .collect();
        if !vault::may_use(&caller.principal, subject(&c), &perms) {
            return Err(VaultError::Forbidden("you may not use this credential"));
        }
        if caller.via_api && !c.allow_jobs {
            return Err(VaultError::Forbidden(
                "this credential does not allow use by jobs over HTTP",
            ));
        }
        if let Some(t) = self.fresh(&c)? {
            self.note_use(&c, caller, false).await?;
            return Ok(t);
        }
        refuse_if_reauthorization_needed(&c)?;
        let flight = self.vault.flight(&c.id);
        let _one_at_a_time = flight.lock().await;
        // Whoever held the flight before us may have renewed it.
        let c = self
            .store
            .vault_credential(&c.id)
            .await?
            .ok_or(VaultError::NotFound)?;
        if let Some(t) = self.fresh(&c)? {
            self.note_use(&c, caller, false).await?;
            return Ok(t);
        }
        refuse_if_reauthorization_needed(&c)?;
        let t = self.renew(&c, caller).await?;
        self.note_use(&c, caller, true).await?;
        Ok(t)
    }

    fn fresh(&self, c: &VaultCredential) -> Result<Option<VaultToken>, VaultError> {
        if c.status != CredentialStatus::Authorized
            || !vault::is_fresh(c.tokens.expires_at, self.now())
        {
            return Ok(None);
        }
        let Some(token) = self.open(&c.id, "access_token", &c.tokens.access_token)? else {
            return Ok(None);
        };
        Ok(Some(VaultToken {
            access_token: token,
            token_type: c
                .tokens
                .token_type
                .clone()
                .unwrap_or_else(|| "Bearer".to_owned()),
            expires_at: c.tokens.expires_at.unwrap_or_default(),
        }))
    }

    async fn note_use(
        &self,
        c: &VaultCredential,
        caller: &VaultCaller,
        renewed: bool,
    ) -> Result<(), VaultError> {
        let audit = self.audit_event(
            Some(&c.domain_id),
            &caller.actor,
            AuditAction::VaultUse,
            format!("vault:{}", c.id),
            json!({"name": c.name, "via": if caller.via_api { "api" } else { "cli" }, "renewed": renewed}),
        );
        self.store
            .record_vault_use(&c.id, self.now(), &audit)
            .await?;
        Ok(())
    }

    /// Renews at the provider (inside the credential's flight) and stores the outcome
    /// before answering.
    async fn renew(
        &self,
        c: &VaultCredential,
        caller: &VaultCaller,
    ) -> Result<VaultToken, VaultError> {
        let opened = self.open_all(c)?;
        let mut by_refresh = opened.refresh_token.is_some();
        let mut answer = self.ask_provider(c, &opened, by_refresh).await;
        // A refused refresh token is not the end for grants that need no person: ask anew.
        if by_refresh
            && c.grant.is_unattended()
            && answer
                .as_ref()
                .err()
                .and_then(|e| e.refusal())
                .is_some_and(vault::refusal_needs_reauthorization)
        {
            by_refresh = false;
            answer = self.ask_provider(c, &opened, false).await;
        }
        let now = self.now();
        match answer {
            Ok(issued) => {
                let kept = if by_refresh {
                    c.tokens.refresh_token.as_ref()
                } else {
                    None
                };
                let tokens = self.sealed_tokens(&c.id, &issued, kept, now);
                let audit = self.audit_event(
                    Some(&c.domain_id),
                    &caller.actor,
                    AuditAction::VaultRenew,
                    format!("vault:{}", c.id),
                    json!({"name": c.name, "by": if by_refresh { "refresh_token" } else { c.grant.as_str() },
                           "refresh_token_rotated": by_refresh && issued.refresh_token.is_some()}),
                );
                // Committed before the token leaves: a rotated refresh token is never lost.
                if !self
                    .store
                    .store_vault_tokens(&c.id, &tokens, now, &audit)
                    .await?
                {
                    return Err(VaultError::NotFound);
                }
                Ok(VaultToken {
                    access_token: issued.access_token,
                    token_type: issued.token_type,
                    expires_at: tokens.expires_at.unwrap_or(now),
                })
            }
            Err(e)
                if e.refusal()
                    .is_some_and(vault::refusal_needs_reauthorization) =>
            {
                let why = e.to_string();
                let audit = self.audit_event(
                    Some(&c.domain_id),
                    &caller.actor,
                    AuditAction::VaultNeedsReauthorization,
                    format!("vault:{}", c.id),
                    json!({"name": c.name, "provider_error": why}),
                );
                self.store
                    .mark_vault_needs_reauthorization(&c.id, now, &audit)
                    .await?;
                tracing::warn!(credential = %c.id, error = %why, "vault credential needs re-authorization");
                Err(VaultError::NeedsReauthorization(why))
            }
            Err(e) => {
                tracing::warn!(credential = %c.id, error = %e, "vault renewal failed");
                Err(VaultError::Provider(e))
            }
        }
    }
}

pub(crate) fn subject(c: &VaultCredential) -> Subject<'_> {
    Subject {
        id: &c.id,
        container: &c.container,
        owner: c.owner_id.as_ref(),
    }
}

fn refuse_if_reauthorization_needed(c: &VaultCredential) -> Result<(), VaultError> {
    match c.status {
        CredentialStatus::NeedsReauthorization => Err(VaultError::NeedsReauthorization(
            "the provider refused to renew it earlier; authorize it again".to_owned(),
        )),
        CredentialStatus::New if !c.grant.is_unattended() => Err(VaultError::NeedsReauthorization(
            "it has not been authorized yet (\"Authorize and save\" on its page in the vault)"
                .to_owned(),
        )),
        _ => Ok(()),
    }
}
