//! Managing a domain's clients and grants as an operator or a manager (the CLI, the managers'
//! API and pages): list, look up, revoke, rotate a secret. A person's own clients go
//! through `account.rs`, which adds the "only mine" rule on top of the same revocation.

use jeton_core::entities::{Actor, AuditAction, ClientPolicy};
use jeton_core::secret::{self, SecretKind};
use jeton_store::{
    AuthorizedApp, Client, ClientId, ClientListQuery, ClientPage, Domain, GrantId, User, UserId,
};
use serde_json::json;

use crate::Flows;
use crate::account::WithSecret;
use crate::error::{ManageError, ManageResult};

impl Flows {
    /// One page of the domain's clients, sorted and filtered (`query.domain_id` is set from
    /// `domain`, so a query cannot reach another domain).
    pub async fn list_clients(
        &self,
        domain: &Domain,
        mut query: ClientListQuery,
    ) -> ManageResult<ClientPage> {
        query.domain_id = domain.id.clone();
        query.now = self.now();
        Ok(self.store.list_clients(&query).await?)
    }

    pub async fn client(&self, domain: &Domain, id: &ClientId) -> ManageResult<Client> {
        self.store
            .client_by_id(&domain.id, id)
            .await?
            .ok_or(ManageError::NotFound("client"))
    }

    pub async fn user_by_name(&self, domain: &Domain, username: &str) -> ManageResult<User> {
        self.store
            .user_by_username(&domain.id, username)
            .await?
            .ok_or(ManageError::NotFound("user"))
    }

    pub async fn user_by_id(&self, domain: &Domain, id: &UserId) -> ManageResult<User> {
        self.store
            .user_by_id(&domain.id, id)
            .await?
            .ok_or(ManageError::NotFound("user"))
    }

    /// Revokes any client of the domain: it stops authenticating, its grants and tokens end.
    pub async fn revoke_domain_client(
        &self,
        domain: &Domain,
        id: &ClientId,
        actor: &Actor,
    ) -> ManageResult<()> {
        let client = self.client(domain, id).await?;
        if client.revoked_at.is_some() {
            return Err(ManageError::NotFound("live client"));
        }
        self.revoke_client(domain, &client, actor).await
    }

    /// Replaces an application's policy (grants, lifetimes, token formats): the manager's
    /// client page and API. Personal clients and API consumers are refused
    /// (`ClientPolicy::may_change`); grants must fit the client's registration. Takes
    /// effect at its next token request on this instance, on others when the change feed
    /// (or the cache's lifetime) brings it.
    pub async fn update_client_policy(
        &self,
        domain: &Domain,
        id: &ClientId,
        policy: &ClientPolicy,
        actor: &Actor,
    ) -> ManageResult<Client> {
        let client = self.client(domain, id).await?;
        if client.revoked_at.is_some() {
            return Err(ManageError::NotFound("live client"));
        }
        ClientPolicy::may_change(client.kind).map_err(|e| ManageError::Forbidden(e.message()))?;
        let options = policy.applied_to(&client)?;
        let grants: Vec<&str> = policy.grant_types.iter().map(|g| g.as_str()).collect();
        let event = self.audit_event(
            Some(&domain.id),
            actor,
            AuditAction::ClientUpdate,
            format!("client:{}", client.id),
            json!({ "grant_types": grants, "options": options }),
        );
        if !self
            .store
            .update_client_policy(
                &domain.id,
                &client.id,
                &policy.grant_types,
                &options,
                &event,
            )
            .await?
        {
            return Err(ManageError::NotFound("live client"));
        }
        self.cache.invalidate_client(&domain.id, &client.id);
        self.client(domain, id).await
    }

    /// A new secret for any confidential client of the domain; the old one dies at once.
    ///
    /// `seen` is the fingerprint of the secret the asking form saw (as for
    /// `rotate_my_client_secret`): if it has been replaced since, nothing is replaced again
    /// (`ManageError::Conflict`), so a re-sent form does not kill the secret its first answer
    /// showed. Without it (the API, the CLI), the secret is replaced.
    pub async fn rotate_domain_client_secret(
        &self,
        domain: &Domain,
        id: &ClientId,
        actor: &Actor,
        seen: Option<&str>,
    ) -> ManageResult<WithSecret> {
        let client = self.client(domain, id).await?;
        if client.revoked_at.is_some() {
            return Err(ManageError::NotFound("live client"));
        }
        let current = client
            .secret_digest
            .as_ref()
            .map(jeton_core::secret::SecretDigest::fingerprint);
        if seen.is_some_and(|seen| current.as_deref() != Some(seen)) {
            return Err(ManageError::Conflict("a newer secret"));
        }
        self.replace_secret(domain, client, actor).await
    }

    /// Mints and stores a new secret for `client` (shown once by the caller), if its secret is
    /// still the one `client` was read with. A public client has none to replace.
    pub(crate) async fn replace_secret(
        &self,
        domain: &Domain,
        client: Client,
        actor: &Actor,
    ) -> ManageResult<WithSecret> {
        let current = client.secret_digest.ok_or(ManageError::Forbidden(
            "a public client has no secret to rotate",
        ))?;
        let minted = secret::mint(SecretKind::ClientSecret, self.random.as_ref());
        let event = self.audit_event(
            Some(&domain.id),
            actor,
            AuditAction::ClientRotateSecret,
            format!("client:{}", client.id),
            json!({ "name": client.name }),
        );
        if !self
            .store
            .replace_client_secret(&domain.id, &client.id, &current, &minted.digest, &event)
            .await?
        {
            // Revoked in between, or rotated by someone else since `client` was read.
            return Err(ManageError::NotFound("live client"));
        }
        self.cache.invalidate_client(&domain.id, &client.id);
        Ok(WithSecret {
            client: Client {
                secret_digest: Some(minted.digest),
                ..client
            },
            secret: minted.value,
        })
    }

    /// The applications a user of the domain has authorized.
    pub async fn grants_of(
        &self,
        domain: &Domain,
        user: &User,
    ) -> ManageResult<Vec<AuthorizedApp>> {
        Ok(self.store.grants_of_user(&domain.id, &user.id).await?)
    }

    /// Revokes any grant of the domain, and every code and token under it.
    pub async fn revoke_domain_grant(
        &self,
        domain: &Domain,
        id: &GrantId,
        actor: &Actor,
    ) -> ManageResult<()> {
        let grant = self
            .store
            .grant_by_id(&domain.id, id)
            .await?
            .filter(|g| g.is_active())
            .ok_or(ManageError::NotFound("grant"))?;
        self.revoke_grant_audited(domain, &grant, actor).await
    }
}
