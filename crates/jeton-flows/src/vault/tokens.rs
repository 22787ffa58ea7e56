//! A token for a job: the stored one while fresh, else one renewal per credential.

use jeton_core::clock::UnixTime;
use jeton_core::entities::{AuditAction, VaultCredential, VaultTokens};
use jeton_core::sealing::Sealed;
use jeton_core::vault::{self, CredentialStatus, VaultGrant, VaultPermission};
use jeton_vault::{ExposeSecret, Grant, Provider, ProviderError};
use serde_json::json;

use super::renewal::Renewal;
use super::{Opened, VaultCaller, VaultError, VaultToken, Via, subject};
use crate::Flows;

impl Flows {
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
    pub(super) async fn ask_provider(
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
        if caller.via == Via::Api && !c.allow_jobs {
            return Err(VaultError::Forbidden(
                "this credential does not allow use by jobs over HTTP",
            ));
        }
        if let Some(t) = self.fresh(&c)? {
            self.note_use(&c, caller, false).await?;
            return Ok(t);
        }
        refuse_if_reauthorization_needed(&c)?;
        let stale = |f: &Self, c: &VaultCredential| !matches!(f.fresh(c), Ok(Some(_)));
        match self.renew_single_flight(&c.id, caller, stale).await? {
            // Whoever renewed before us (here, the background refresh, another instance).
            Renewal::NotNeeded(c) => {
                let t = self.fresh(&c)?.ok_or(VaultError::NotFound)?;
                self.note_use(&c, caller, false).await?;
                Ok(t)
            }
            Renewal::Renewed(c, t) => {
                self.note_use(&c, caller, true).await?;
                Ok(t)
            }
        }
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
            json!({"name": c.name, "via": caller.via.as_str(), "renewed": renewed}),
        );
        self.store
            .record_vault_use(&c.id, self.now(), &audit)
            .await?;
        Ok(())
    }

    /// Renews at the provider (inside the credential's flight) and stores the outcome
    /// before answering.
    pub(super) async fn renew(
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

pub(super) fn refuse_if_reauthorization_needed(c: &VaultCredential) -> Result<(), VaultError> {
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
