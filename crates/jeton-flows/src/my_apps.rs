//! "My applications": third-party applications a person registers as their developer (as in
//! a photo or fitness service's developer settings). Such an application acts for whoever
//! consents to it, never with its developer's rights; only its developer sees and edits it.

use jeton_core::client_registration::{self, ApplicationPlan, ApplicationRequest};
use jeton_core::entities::{Actor, AuditAction, ClientKind};
use jeton_core::secret::{self, SecretDigest, SecretKind};
use jeton_store::{Client, ClientDetails, ClientId, Domain, NewClient, User};
use serde_json::json;

use crate::Flows;
use crate::account::WithSecret;
use crate::error::{ManageError, ManageResult};

impl Flows {
    async fn plan_app(
        &self,
        domain: &Domain,
        request: &ApplicationRequest,
    ) -> ManageResult<ApplicationPlan> {
        let registered: Vec<String> = self
            .cache
            .scopes(&domain.id)
            .await?
            .iter()
            .map(|d| d.name.clone())
            .collect();
        Ok(client_registration::plan_application(request, &registered)?)
    }

    pub async fn my_apps(&self, domain: &Domain, me: &User) -> ManageResult<Vec<Client>> {
        Ok(self
            .store
            .clients_of_owner(&domain.id, &me.id, ClientKind::Application)
            .await?)
    }

    /// Registers an application for `me` as its developer. `once` works as in
    /// [`Flows::create_personal_client`]: the random value of the asking form, from which the
    /// client id is derived, so the same form sent twice registers one application and the
    /// repeat is `ManageError::Conflict`. Without it (the API), the id is random.
    pub async fn create_my_app(
        &self,
        domain: &Domain,
        me: &User,
        request: &ApplicationRequest,
        actor: &Actor,
        once: Option<&str>,
    ) -> ManageResult<WithSecret> {
        let plan = self.plan_app(domain, request).await?;
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
            json!({ "name": plan.name, "kind": "application", "developer": me.username, "redirect_uris": plan.redirect_uris }),
        );
        let client = self
            .store
            .create_client(
                NewClient {
                    id,
                    domain_id: domain.id.clone(),
                    kind: ClientKind::Application,
                    name: plan.name,
                    description: plan.description,
                    secret_digest: Some(minted.digest),
                    auth_method: plan.auth_method,
                    redirect_uris: plan.redirect_uris,
                    grant_types: plan.grant_types,
                    allowed_scopes: plan.scopes.clone(),
                    default_scopes: plan.scopes,
                    require_pkce: true,
                    allow_plain_pkce: false,
                    options: Default::default(),
                    owner_user_id: Some(me.id.clone()),
                    expires_at: None,
                    created_at: self.now(),
                },
                Some(&event),
            )
            .await?;
        Ok(WithSecret {
            client,
            secret: minted.value,
        })
    }

    /// One of `me`'s applications, live (anything else is "not found").
    pub async fn my_app(&self, domain: &Domain, me: &User, id: &ClientId) -> ManageResult<Client> {
        self.store
            .client_by_id(&domain.id, id)
            .await?
            .filter(|c| {
                c.kind == ClientKind::Application && c.owner_user_id.as_ref() == Some(&me.id)
            })
            .filter(|c| c.revoked_at.is_none())
            .ok_or(ManageError::NotFound("application"))
    }

    pub async fn update_my_app(
        &self,
        domain: &Domain,
        me: &User,
        id: &ClientId,
        request: &ApplicationRequest,
        actor: &Actor,
    ) -> ManageResult<Client> {
        let client = self.my_app(domain, me, id).await?;
        let plan = self.plan_app(domain, request).await?;
        let event = self.audit_event(
            Some(&domain.id),
            actor,
            AuditAction::ClientUpdate,
            format!("client:{}", client.id),
            json!({ "name": plan.name, "redirect_uris": plan.redirect_uris, "scopes": plan.scopes.to_string() }),
        );
        let details = ClientDetails {
            domain_id: domain.id.clone(),
            client_id: client.id.clone(),
            name: plan.name,
            description: plan.description,
            redirect_uris: plan.redirect_uris,
            scopes: plan.scopes,
            auth_method: plan.auth_method,
        };
        if !self.store.update_client_details(&details, &event).await? {
            return Err(ManageError::NotFound("application"));
        }
        self.cache.invalidate_client(&domain.id, &client.id);
        self.my_app(domain, me, id).await
    }

    /// A new secret for one of `me`'s applications; the old one stops working at once.
    /// `seen` works as in [`Flows::rotate_my_client_secret`]: the fingerprint of the secret
    /// the asking form saw; if it has been replaced since, the answer is
    /// `ManageError::Conflict` and nothing is replaced again. Without it (the API), the
    /// secret is replaced.
    pub async fn rotate_my_app_secret(
        &self,
        domain: &Domain,
        me: &User,
        id: &ClientId,
        actor: &Actor,
        seen: Option<&str>,
    ) -> ManageResult<WithSecret> {
        let client = self.my_app(domain, me, id).await?;
        let current = client.secret_digest.as_ref().map(SecretDigest::fingerprint);
        if seen.is_some_and(|seen| current.as_deref() != Some(seen)) {
            return Err(ManageError::Conflict("a newer secret"));
        }
        self.replace_secret(domain, client, actor).await
    }

    /// Deletes (revokes) one of `me`'s applications: every grant people gave it ends, with
    /// every token under them.
    pub async fn delete_my_app(
        &self,
        domain: &Domain,
        me: &User,
        id: &ClientId,
        actor: &Actor,
    ) -> ManageResult<()> {
        let client = self.my_app(domain, me, id).await?;
        self.revoke_client(domain, &client, actor).await
    }
}
