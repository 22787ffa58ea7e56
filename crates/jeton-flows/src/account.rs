//! Self-service for a signed-in person (`/d/{d}/account`, `/api/v1/domains/{d}/account`):
//! the applications they authorized, and their personal OAuth clients. Every flow here acts
//! for `me` and touches only what is `me`'s: anything else is "not found".

use jeton_core::client_registration::{
    self, PersonalClientPlan, PersonalClientRequest, PersonalClientsRefusal,
};
use jeton_core::entities::{Actor, AuditAction, ClientKind};
use jeton_core::grant_type::{AuthMethod, GrantType};
use jeton_core::scope::{self, ScopeSet};
use jeton_core::secret::{self, SecretDigest, SecretKind};
use jeton_store::{AuthorizedApp, Client, ClientId, Domain, GrantId, NewClient, User};
use serde_json::json;

use crate::Flows;
use crate::error::{ManageError, ManageResult};

/// A client together with its secret, which is shown this once and never again.
pub struct WithSecret {
    pub client: Client,
    pub secret: String,
}

impl Flows {
    /// The applications `me` has authorized and not revoked, oldest first.
    pub async fn authorized_apps(
        &self,
        domain: &Domain,
        me: &User,
    ) -> ManageResult<Vec<AuthorizedApp>> {
        Ok(self.store.grants_of_user(&domain.id, &me.id).await?)
    }

    /// One of the applications `me` has authorized and not revoked (what a confirmation page
    /// names); anything else is not found.
    pub async fn my_authorized_app(
        &self,
        domain: &Domain,
        me: &User,
        grant_id: &GrantId,
    ) -> ManageResult<AuthorizedApp> {
        self.authorized_apps(domain, me)
            .await?
            .into_iter()
            .find(|a| &a.grant.id == grant_id)
            .ok_or(ManageError::NotFound("authorized application"))
    }

    /// Revokes one of `me`'s grants, and every code and token under it, at once.
    pub async fn revoke_my_grant(
        &self,
        domain: &Domain,
        me: &User,
        grant_id: &GrantId,
        actor: &Actor,
    ) -> ManageResult<()> {
        let grant = self
            .store
            .grant_by_id(&domain.id, grant_id)
            .await?
            .filter(|g| g.user_id == me.id && g.is_active())
            .ok_or(ManageError::NotFound("authorized application"))?;
        self.revoke_grant_audited(domain, &grant, actor).await
    }

    /// Revokes `grant` with its audit record, and forgets its cached tokens.
    pub(crate) async fn revoke_grant_audited(
        &self,
        domain: &Domain,
        grant: &jeton_store::Grant,
        actor: &Actor,
    ) -> ManageResult<()> {
        let event = self.audit_event(
            Some(&domain.id),
            actor,
            AuditAction::GrantRevoke,
            format!("grant:{}", grant.id),
            json!({ "client_id": grant.client_id.as_str(), "user_id": grant.user_id.as_str() }),
        );
        self.store
            .revoke_grant(&domain.id, &grant.id, self.now(), Some(&event))
            .await?;
        self.cache.invalidate_grant(&grant.id);
        Ok(())
    }

    /// Changes `me`'s email address.
    pub async fn update_my_email(
        &self,
        domain: &Domain,
        me: &User,
        email: &str,
        actor: &Actor,
    ) -> ManageResult<()> {
        let email = email.trim();
        jeton_core::entities::check_email(email)?;
        let event = self.audit_event(
            Some(&domain.id),
            actor,
            AuditAction::UserUpdate,
            format!("user:{}", me.id),
            json!({ "username": me.username, "email": email }),
        );
        self.store
            .set_user_credentials(&domain.id, &me.id, None, Some(email), None, &event)
            .await?;
        Ok(())
    }

    /// Changes `me`'s password: the current one is required (a session left open on a shared
    /// computer must not be enough), and every other session of theirs ends; `session` (the
    /// value of the one making the change) stays.
    pub async fn change_my_password(
        &self,
        domain: &Domain,
        me: &User,
        current: &str,
        new_password: &str,
        session: &str,
        actor: &Actor,
    ) -> ManageResult<()> {
        // The same limits as the sign-in page (DESIGN §6), on the same counters: a stolen
        // session must not become a way to guess the password without them.
        use jeton_core::lockout;
        let ip = actor
            .address
            .as_deref()
            .and_then(|a| a.parse().ok())
            .unwrap_or(std::net::IpAddr::from([0, 0, 0, 0]));
        let keys = lockout::LoginKeys::new(&domain.id, &me.username, ip);
        let now = self.now();
        let (pair, account) = futures_util::future::try_join(
            self.store
                .record_failure(&keys.pair, now, lockout::WINDOW_SECS),
            self.store
                .record_failure(&keys.account, now, lockout::ACCOUNT_WINDOW_SECS),
        )
        .await?;
        if let Some(wait) = lockout::refused_after_counting(now, pair, account) {
            self.metrics.sign_in_throttled.inc();
            return Err(jeton_core::client_registration::FieldError::new(
                "current_password",
                format!("too many wrong passwords; try again in {wait} s"),
            )
            .into());
        }
        if !self
            .passwords
            .verify(current.to_owned(), me.password_hash.clone())
            .await
        {
            self.metrics.sign_in_failures.inc();
            return Err(jeton_core::client_registration::FieldError::new(
                "current_password",
                "the current password is not right",
            )
            .into());
        }
        futures_util::future::try_join(
            self.store
                .forgive_failure(&keys.pair, now, lockout::WINDOW_SECS),
            self.store
                .forgive_failure(&keys.account, now, lockout::ACCOUNT_WINDOW_SECS),
        )
        .await?;
        let keep = jeton_core::secret::SecretDigest::of(session);
        self.store_password(domain, me, new_password, Some(&keep), actor)
            .await
    }

    /// Whether `me` may have personal clients here (the section is shown only then).
    pub fn personal_clients_allowed(
        &self,
        domain: &Domain,
        me: &User,
    ) -> Result<(), PersonalClientsRefusal> {
        client_registration::may_have_personal_clients(&domain.settings, &me.roles)
    }

    /// `me`'s personal clients, newest first, whatever their status.
    pub async fn my_personal_clients(
        &self,
        domain: &Domain,
        me: &User,
    ) -> ManageResult<Vec<Client>> {
        Ok(self
            .store
            .clients_of_owner(&domain.id, &me.id, ClientKind::Personal)
            .await?)
    }

    /// The scopes `me` holds now: the most a personal client of theirs can get.
    pub async fn my_scopes(&self, domain: &Domain, me: &User) -> ManageResult<ScopeSet> {
        let defs = self.cache.scopes(&domain.id).await?;
        Ok(scope::entitled_scopes(&defs, &me.roles, &me.attributes))
    }

    /// Creates a personal client for `me`: client credentials, Basic or body authentication,
    /// an expiry date within the domain's maximum, scopes within `me`'s own.
    ///
    /// `once` is the random value of the form that asks (the pages mint one per form shown):
    /// the client's id is then derived from it (`ClientId::derived`), so the same form sent
    /// twice (a reload, a double click) creates one client and the repeat is
    /// `ManageError::Conflict`. Without it (the API), the id is random.
    pub async fn create_personal_client(
        &self,
        domain: &Domain,
        me: &User,
        request: &PersonalClientRequest,
        actor: &Actor,
        once: Option<&str>,
    ) -> ManageResult<WithSecret> {
        self.personal_clients_allowed(domain, me).map_err(refusal)?;
        let entitled = self.my_scopes(domain, me).await?;
        let now = self.now();
        let PersonalClientPlan {
            name,
            expires_at,
            scopes,
        } = client_registration::plan_personal_client(request, &entitled, &domain.settings, now)?;
        let minted = secret::mint(SecretKind::ClientSecret, self.random.as_ref());
        let id = match once {
            Some(once) => ClientId::derived(&domain.id, &me.id, once),
            None => ClientId::new(self.random.as_ref()),
        };
        let event = self.audit_event(
            Some(&domain.id),
            actor,
            AuditAction::ClientCreate,
            format!("client:{id}"),
            json!({ "name": name, "kind": "personal", "owner": me.username, "expires_at": expires_at, "scopes": scopes.to_string() }),
        );
        let client = self
            .store
            .create_client(
                NewClient {
                    id,
                    domain_id: domain.id.clone(),
                    kind: ClientKind::Personal,
                    name,
                    description: String::new(),
                    secret_digest: Some(minted.digest),
                    auth_method: AuthMethod::ClientSecretBasic,
                    redirect_uris: Vec::new(),
                    grant_types: vec![GrantType::ClientCredentials],
                    allowed_scopes: scopes.clone(),
                    default_scopes: scopes,
                    require_pkce: true,
                    allow_plain_pkce: false,
                    options: Default::default(),
                    owner_user_id: Some(me.id.clone()),
                    expires_at: Some(expires_at),
                    created_at: now,
                },
                Some(&event),
            )
            .await?;
        Ok(WithSecret {
            client,
            secret: minted.value,
        })
    }

    /// A new secret for one of `me`'s personal clients; the old one stops working at once.
    ///
    /// `seen` is the fingerprint of the secret the asking form saw (`SecretDigest::fingerprint`;
    /// the pages put it in their form): if the secret has been replaced since, nothing is
    /// replaced again and the answer is `ManageError::Conflict`, so a re-sent form does not
    /// kill the secret its first answer showed. Without it (the API), the secret is replaced.
    pub async fn rotate_my_client_secret(
        &self,
        domain: &Domain,
        me: &User,
        client_id: &ClientId,
        actor: &Actor,
        seen: Option<&str>,
    ) -> ManageResult<WithSecret> {
        let client = self.my_live_client(domain, me, client_id).await?;
        let current = client.secret_digest.as_ref().map(SecretDigest::fingerprint);
        if seen.is_some_and(|seen| current.as_deref() != Some(seen)) {
            return Err(ManageError::Conflict("a newer secret"));
        }
        self.replace_secret(domain, client, actor).await
    }

    /// Revokes one of `me`'s personal clients: it stops authenticating and its tokens go
    /// inactive at once.
    pub async fn revoke_my_client(
        &self,
        domain: &Domain,
        me: &User,
        client_id: &ClientId,
        actor: &Actor,
    ) -> ManageResult<()> {
        let client = self.my_live_client(domain, me, client_id).await?;
        self.revoke_client(domain, &client, actor).await
    }

    /// Revokes a client and everything issued to it (used by every page that revokes one).
    pub(crate) async fn revoke_client(
        &self,
        domain: &Domain,
        client: &Client,
        actor: &Actor,
    ) -> ManageResult<()> {
        let event = self.audit_event(
            Some(&domain.id),
            actor,
            AuditAction::ClientRevoke,
            format!("client:{}", client.id),
            json!({ "name": client.name, "kind": client.kind.as_str() }),
        );
        self.store
            .revoke_client(&domain.id, &client.id, self.now(), &event)
            .await?;
        self.cache.invalidate_client(&domain.id, &client.id);
        Ok(())
    }

    /// One of `me`'s personal clients that is not revoked (an expired one may still be
    /// revoked, and rotated: rotating does not extend it). What the confirmation pages name.
    pub async fn my_live_client(
        &self,
        domain: &Domain,
        me: &User,
        client_id: &ClientId,
    ) -> ManageResult<Client> {
        self.store
            .client_by_id(&domain.id, client_id)
            .await?
            .filter(|c| c.is_personal() && c.owner_user_id.as_ref() == Some(&me.id))
            .filter(|c| c.revoked_at.is_none())
            .ok_or(ManageError::NotFound("client"))
    }
}

fn refusal(r: PersonalClientsRefusal) -> ManageError {
    match r {
        PersonalClientsRefusal::SwitchedOff => {
            ManageError::Forbidden("this domain has personal clients switched off")
        }
        PersonalClientsRefusal::NoRole => {
            ManageError::Forbidden("you do not hold the role that allows personal clients")
        }
    }
}
