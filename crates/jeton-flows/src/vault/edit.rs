//! Changing a saved credential (`vault edit`, `PUT /api/v1/vault/credentials/{id}`).
//!
//! Only who has *edit* may; moving it needs *edit* on the destination container too (as
//! creating there would). A change to what its tokens depend on
//! (`vault::FIELDS_THAT_CHANGE_TOKENS`: endpoints, client, secret, scope, grant, the
//! resource owner's credentials, extra parameters) drops the stored tokens and sets the
//! status back to `new`: code and implicit must be authorized again, client credentials
//! and password obtain a token on their next use. Secrets are replaced, never shown, and
//! never in the audit record, which lists the names of the changed fields only. An edit
//! that drops the tokens waits for a renewal in flight (it holds the renewal lease while
//! it writes), so no token obtained with the old settings is stored after it; once the
//! change is saved, the dropped tokens are revoked at the provider (RFC 7009) where the
//! credential had a revocation endpoint, with its old client — as a deletion does, and
//! with the same rule: a provider that is down does not undo the change.

use jeton_core::entities::AuditAction;
use jeton_core::vault::{self, Subject, VaultGrant};
use jeton_vault::{ExposeSecret, SecretString};
use serde_json::json;

use super::{Revocation, VaultCaller, VaultCredentialView, VaultError, fields, invalid, subject};
use crate::Flows;
use jeton_core::entities::VaultCredential;

/// What `vault edit` changes: every field left `None` stays as it is. For the optional
/// ones (endpoints but the token endpoint, scope, username, the secrets) an empty value
/// removes what was there.
#[derive(Debug, Default)]
pub struct VaultEdit {
    pub name: Option<String>,
    pub container: Option<String>,
    pub grant: Option<String>,
    pub token_endpoint: Option<String>,
    pub authorization_endpoint: Option<String>,
    pub revocation_endpoint: Option<String>,
    pub client_id: Option<String>,
    /// A new client secret; empty removes it.
    pub client_secret: Option<SecretString>,
    pub scope: Option<String>,
    /// `header` / `body` (or the RFC 7591 names).
    pub client_auth: Option<String>,
    pub username: Option<String>,
    /// A new password; empty removes it.
    pub password: Option<SecretString>,
    /// Replaces all the extra token-request parameters.
    pub extra_params: Option<Vec<(String, String)>>,
    pub pkce: Option<bool>,
    pub allow_jobs: Option<bool>,
}

/// What an edit did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct VaultEdited {
    pub credential: VaultCredentialView,
    /// The names of the fields that changed (never their values).
    pub changed: Vec<&'static str>,
    /// Whether the stored tokens were dropped (the credential must be authorized again,
    /// or obtains a token on its next use).
    pub tokens_dropped: bool,
    /// What revoking the dropped tokens at the provider did.
    pub revocation: Revocation,
}

impl Flows {
    /// Changes a credential `caller` may edit (see the module's documentation).
    pub async fn vault_edit(
        &self,
        c: &VaultCredential,
        edit: VaultEdit,
        caller: &VaultCaller,
    ) -> Result<VaultEdited, VaultError> {
        let perms: Vec<_> = self
            .store
            .vault_permissions(&c.domain_id)
            .await?
            .into_iter()
            .map(|p| p.permission)
            .collect();
        if !vault::may_edit(&caller.principal, subject(c), &perms) {
            return Err(VaultError::Forbidden("you may not change this credential"));
        }
        let mut next = c.clone();
        let mut changed: Vec<&'static str> = Vec::new();
        let mut note = |field: &'static str, differs: bool| {
            if differs {
                changed.push(field);
            }
        };
        if let Some(n) = &edit.name {
            next.name = vault::check_name(n).map_err(|m| invalid("name", m))?;
            note("name", next.name != c.name);
        }
        if let Some(p) = &edit.container {
            next.container = fields::container(Some(p))?;
            note("container", next.container != c.container);
        }
        if let Some(g) = &edit.grant {
            next.grant = fields::grant(g)?;
            note("grant", next.grant != c.grant);
        }
        if let Some(e) = &edit.token_endpoint {
            next.token_endpoint = fields::endpoint("token_endpoint", e)?;
            note("token_endpoint", next.token_endpoint != c.token_endpoint);
        }
        if let Some(e) = &edit.authorization_endpoint {
            next.authorization_endpoint =
                fields::optional_endpoint("authorization_endpoint", Some(e))?;
            note(
                "authorization_endpoint",
                next.authorization_endpoint != c.authorization_endpoint,
            );
        }
        if let Some(e) = &edit.revocation_endpoint {
            next.revocation_endpoint = fields::optional_endpoint("revocation_endpoint", Some(e))?;
            note(
                "revocation_endpoint",
                next.revocation_endpoint != c.revocation_endpoint,
            );
        }
        if let Some(id) = &edit.client_id {
            next.client_id = fields::client_id(id)?;
            note("client_id", next.client_id != c.client_id);
        }
        if let Some(s) = &edit.scope {
            next.scope = fields::scope(Some(s));
            note("scope", next.scope != c.scope);
        }
        if let Some(a) = &edit.client_auth {
            next.client_auth = fields::client_auth(Some(a))?;
            note("client_auth", next.client_auth != c.client_auth);
        }
        if let Some(p) = &edit.extra_params {
            fields::extra_params(p)?;
            next.extra_params = p.clone();
            note("extra_params", next.extra_params != c.extra_params);
        }
        if let Some(a) = edit.allow_jobs {
            next.allow_jobs = a;
            note("allow_jobs", next.allow_jobs != c.allow_jobs);
        }
        // Secrets: compared with what is stored once opened (sealing is randomized), so
        // that saving a form with the same value does not drop the tokens.
        let secret_fields: [(&'static str, Option<String>); 3] = [
            (
                "client_secret",
                edit.client_secret
                    .as_ref()
                    .map(|s| s.expose_secret().to_owned()),
            ),
            (
                "username",
                edit.username.as_ref().map(|s| s.trim().to_owned()),
            ),
            (
                "password",
                edit.password.as_ref().map(|s| s.expose_secret().to_owned()),
            ),
        ];
        for (field, given) in secret_fields {
            let Some(given) = given else { continue };
            let stored = match field {
                "client_secret" => &c.client_secret,
                "username" => &c.username,
                _ => &c.password,
            };
            let before = self.open(&c.id, field, stored)?;
            let differs = before.as_ref().map(|s| s.expose_secret()) != Some(given.as_str())
                && !(before.is_none() && given.is_empty());
            if !differs {
                continue;
            }
            let sealed = (!given.is_empty()).then(|| self.seal(&c.id, field, &given));
            match field {
                "client_secret" => next.client_secret = sealed,
                "username" => next.username = sealed,
                _ => next.password = sealed,
            }
            note(field, true);
        }
        // PKCE follows the grant: kept while the grant stays, the new grant's default
        // when it changes, unless asked for.
        let asked = edit.pkce.or((next.grant == c.grant).then_some(c.pkce));
        next.pkce = match (next.grant, asked) {
            (VaultGrant::AuthorizationCode, a) => fields::pkce(next.grant, a)?,
            (g, _) => fields::pkce(g, edit.pkce)?,
        };
        note("pkce", next.pkce != c.pkce);
        vault::check_settings(
            next.grant,
            next.client_secret.is_some(),
            next.username.is_some(),
            next.password.is_some(),
            next.authorization_endpoint.is_some(),
        )
        .map_err(|(f, m)| invalid(f, m))?;
        if next.container != c.container {
            let destination = Subject {
                id: "",
                container: &next.container,
                owner: None,
            };
            if !vault::may_edit(&caller.principal, destination, &perms) {
                return Err(VaultError::Forbidden(
                    "you may not move credentials into that container",
                ));
            }
        }
        if changed.is_empty() {
            return Ok(VaultEdited {
                credential: self.view(c).await?,
                changed,
                tokens_dropped: false,
                revocation: Revocation::NotAttempted,
            });
        }
        let drop_tokens = changed.iter().any(|f| vault::change_drops_tokens(f));
        next.updated_at = self.now();
        let audit = self.audit_event(
            Some(&c.domain_id),
            &caller.actor,
            AuditAction::VaultEdit,
            format!("vault:{}", c.id),
            json!({"name": next.name, "container": next.container.as_str(),
                   "changed": changed, "tokens_dropped": drop_tokens}),
        );
        let (written, dropped) = if drop_tokens {
            // Not while a renewal with the old settings is in flight (`renewal.rs`); the
            // tokens dropped are those stored now, which such a renewal may have replaced
            // since `c` was read.
            self.under_renewal_lease(&c.id, async {
                let dropped = self.store.vault_credential(&c.id).await?;
                let written = self
                    .store
                    .update_vault_credential(&next, true, &audit)
                    .await?;
                Ok((written, dropped))
            })
            .await?
        } else {
            let written = self
                .store
                .update_vault_credential(&next, false, &audit)
                .await?;
            (written, None)
        };
        if !written {
            return Err(VaultError::NotFound);
        }
        let revocation = match &dropped {
            Some(old) => self.revoke_at_provider(old).await,
            None => Revocation::NotAttempted,
        };
        if let Revocation::Failed(why) = &revocation {
            tracing::warn!(credential = %c.id, error = %why,
                "the tokens an edit dropped could not be revoked at the provider");
        }
        let saved = self
            .store
            .vault_credential(&c.id)
            .await?
            .ok_or(VaultError::NotFound)?;
        Ok(VaultEdited {
            credential: self.view(&saved).await?,
            changed,
            tokens_dropped: drop_tokens,
            revocation,
        })
    }
}
