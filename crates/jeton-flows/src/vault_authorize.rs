//! "Authorize and save" (issue 15): the vault's authorization-code and implicit grants,
//! through the browser of a person who may edit the credential. [`Flows::vault_authorize_start`]
//! keeps a pending authorization (`jeton_core::vault_authorization`: the state's digest, the
//! sealed PKCE verifier, who started it, ten minutes) and answers the provider URL to send
//! the browser to; [`Flows::vault_authorize_finish`] takes what the provider sent back to
//! the callback, uses the pending authorization up (once: a reload or a replay is refused),
//! exchanges the code at the token endpoint with the credential's client authentication
//! (or takes the implicit grant's token as it came), and stores the tokens sealed, with the
//! `vault.authorize` audit record. Neither the state, the code, the verifier nor a token is
//! logged or put in the audit details.

use jeton_core::entities::{AuditAction, VaultCredential};
use jeton_core::vault::{self, Principal};
use jeton_core::vault_authorization::{
    self as authz, AuthorizationRequest, PendingVaultAuthorization, ResponseType, StateProblem,
};
use jeton_store::Domain;
use jeton_vault::{ExposeSecret, Grant, Provider, SecretString};
use serde_json::json;

use crate::Flows;
use crate::vault::{VaultCaller, VaultError, subject};

/// Why an authorization did not end with tokens.
#[derive(Debug, thiserror::Error)]
pub enum AuthorizeError {
    /// The callback's `state`: not one this person started here, expired, or used.
    #[error("the authorization's state is refused: {0:?}")]
    State(StateProblem),
    /// The provider answered with an error (RFC 6749 §4.1.2.1 / §4.2.2.1), in its own words
    /// made safe to show.
    #[error("the provider refused: {error}")]
    Refused {
        credential_id: String,
        error: String,
        description: Option<String>,
    },
    /// The callback lacks what its response type brings (a code, or an access token).
    #[error("the provider's answer has no {missing}")]
    Incomplete {
        credential_id: String,
        missing: &'static str,
    },
    /// The credential is gone or no longer the person's to edit, or the code exchange failed.
    #[error(transparent)]
    Vault(VaultError),
}

impl From<VaultError> for AuthorizeError {
    fn from(e: VaultError) -> Self {
        Self::Vault(e)
    }
}

impl From<jeton_store::StoreError> for AuthorizeError {
    fn from(e: jeton_store::StoreError) -> Self {
        Self::Vault(e.into())
    }
}

/// What the provider sent back through the browser: the callback's query (code grant) or
/// fragment (implicit grant, posted by the callback page's script).
#[derive(Debug, Default)]
pub struct ProviderAnswer {
    pub state: String,
    pub code: Option<SecretString>,
    pub access_token: Option<SecretString>,
    pub token_type: Option<String>,
    /// Seconds, as the provider wrote them.
    pub expires_in: Option<String>,
    pub scope: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

impl Flows {
    /// Starts "authorize and save" for credential `id` of `domain`: answers the URL of the
    /// provider's authorization endpoint to send the person's browser to. Only a person
    /// (not a job) who may edit the credential may, and only for the code and implicit grants.
    pub async fn vault_authorize_start(
        &self,
        domain: &Domain,
        id: &str,
        caller: &VaultCaller,
        redirect_uri: &str,
    ) -> Result<String, VaultError> {
        let Principal::User { id: user_id, .. } = &caller.principal else {
            return Err(VaultError::Forbidden(
                "only a person at a browser can authorize a credential",
            ));
        };
        let c = self.credential_in(domain, id).await?;
        let perms = self.vault_permissions_of(domain).await?;
        if !vault::may_view(&caller.principal, subject(&c), &perms) {
            return Err(VaultError::NotFound);
        }
        if !vault::may_edit(&caller.principal, subject(&c), &perms) {
            return Err(VaultError::Forbidden(
                "you may not authorize this credential",
            ));
        }
        let Some(response_type) = ResponseType::of(c.grant) else {
            return Err(VaultError::Invalid(
                jeton_core::client_registration::FieldError::new(
                    "grant",
                    "only the authorization code and implicit grants are authorized in the browser",
                ),
            ));
        };
        let endpoint = c.authorization_endpoint.as_deref().ok_or_else(|| {
            VaultError::Invalid(jeton_core::client_registration::FieldError::new(
                "authorization_endpoint",
                "the credential has no authorization endpoint",
            ))
        })?;
        let state = authz::new_random_value(self.random.as_ref());
        let digest = authz::state_digest(&state);
        // RFC 9700 §2.1.1: PKCE with every code request, unless the credential turns it off
        // for a provider that refuses it.
        let verifier = (response_type == ResponseType::Code && c.pkce)
            .then(|| authz::new_random_value(self.random.as_ref()));
        let challenge = verifier.as_deref().map(authz::s256_challenge);
        let url = authz::authorization_url(&AuthorizationRequest {
            endpoint,
            response_type,
            client_id: &c.client_id,
            redirect_uri,
            scope: c.scope.as_deref(),
            state: &state,
            code_challenge: challenge.as_deref(),
        })
        .map_err(|m| {
            VaultError::Invalid(jeton_core::client_registration::FieldError::new(
                "authorization_endpoint",
                m,
            ))
        })?;
        let now = self.now();
        let pending = PendingVaultAuthorization {
            code_verifier: verifier.map(|v| {
                self.settings.sealer.seal(
                    v.as_bytes(),
                    &authz::verifier_aad(&digest),
                    self.random.as_ref(),
                )
            }),
            state_digest: digest,
            domain_id: domain.id.clone(),
            credential_id: c.id.clone(),
            user_id: user_id.clone(),
            response_type,
            redirect_uri: redirect_uri.to_owned(),
            created_at: now,
            expires_at: now + authz::AUTHORIZATION_TTL_SECS,
            used_at: None,
        };
        self.store.create_vault_authorization(&pending).await?;
        Ok(url)
    }

    /// Finishes an authorization with what the provider sent back; answers the credential
    /// as now stored (authorized).
    pub async fn vault_authorize_finish(
        &self,
        domain: &Domain,
        caller: &VaultCaller,
        answer: ProviderAnswer,
    ) -> Result<VaultCredential, AuthorizeError> {
        let Principal::User { id: user_id, .. } = &caller.principal else {
            return Err(AuthorizeError::State(StateProblem::Unknown));
        };
        let digest = authz::state_digest(&answer.state);
        let now = self.now();
        let pending = self.store.vault_authorization(&digest).await?;
        authz::check_pending(pending.as_ref(), &domain.id, user_id, now)
            .map_err(AuthorizeError::State)?;
        let pending = pending.expect("checked above");
        // One winner: a second callback with the same state (a reload) finds it used.
        if !self.store.use_vault_authorization(&digest, now).await? {
            return Err(AuthorizeError::State(StateProblem::Used));
        }
        let c = self.credential_in(domain, &pending.credential_id).await?;
        let perms = self.vault_permissions_of(domain).await?;
        if !vault::may_edit(&caller.principal, subject(&c), &perms) {
            return Err(VaultError::Forbidden("you may not authorize this credential").into());
        }
        if let Some(error) = answer.error.as_deref().filter(|e| !e.is_empty()) {
            tracing::info!(credential = %c.id, error = %jeton_vault::provider_text(error), "the provider refused an authorization");
            return Err(AuthorizeError::Refused {
                credential_id: c.id,
                error: jeton_vault::provider_text(error),
                description: answer
                    .error_description
                    .as_deref()
                    .filter(|d| !d.is_empty())
                    .map(jeton_vault::provider_text),
            });
        }
        let issued = match pending.response_type {
            ResponseType::Code => {
                let Some(code) = answer.code.filter(|c| !c.expose_secret().is_empty()) else {
                    return Err(AuthorizeError::Incomplete {
                        credential_id: c.id,
                        missing: "code",
                    });
                };
                self.exchange_code(&c, &pending, &code).await?
            }
            ResponseType::Token => {
                let Some(access_token) = answer
                    .access_token
                    .filter(|t| !t.expose_secret().is_empty())
                else {
                    return Err(AuthorizeError::Incomplete {
                        credential_id: c.id,
                        missing: "access_token",
                    });
                };
                jeton_vault::Tokens {
                    access_token,
                    token_type: match answer.token_type.as_deref() {
                        None | Some("") => "Bearer".to_owned(),
                        Some(t) if t.eq_ignore_ascii_case("bearer") => "Bearer".to_owned(),
                        Some(t) => jeton_vault::provider_text(t),
                    },
                    expires_in: answer.expires_in.and_then(|s| s.trim().parse().ok()),
                    refresh_token: None,
                    scope: answer.scope,
                }
            }
        };
        let tokens = self.sealed_tokens(&c.id, &issued, None, now);
        let audit = self.audit_event(
            Some(&domain.id),
            &caller.actor,
            AuditAction::VaultAuthorize,
            format!("vault:{}", c.id),
            json!({"name": c.name, "grant": c.grant.as_str(),
                   "pkce": pending.code_verifier.is_some(),
                   "refresh_token": issued.refresh_token.is_some()}),
        );
        if !self
            .store
            .store_vault_tokens(&c.id, &tokens, now, &audit)
            .await?
        {
            return Err(VaultError::NotFound.into());
        }
        Ok(self
            .store
            .vault_credential(&c.id)
            .await?
            .ok_or(VaultError::NotFound)?)
    }

    /// The credential `id` if it is `domain`'s.
    async fn credential_in(
        &self,
        domain: &Domain,
        id: &str,
    ) -> Result<VaultCredential, VaultError> {
        self.store
            .vault_credential(id)
            .await?
            .filter(|c| c.domain_id == domain.id)
            .ok_or(VaultError::NotFound)
    }

    /// RFC 6749 §4.1.3 at the credential's token endpoint, with its client authentication.
    async fn exchange_code(
        &self,
        c: &VaultCredential,
        pending: &PendingVaultAuthorization,
        code: &SecretString,
    ) -> Result<jeton_vault::Tokens, VaultError> {
        let secret = self.open(&c.id, "client_secret", &c.client_secret)?;
        let verifier = match &pending.code_verifier {
            Some(sealed) => {
                let bytes = self
                    .settings
                    .sealer
                    .open(sealed, &authz::verifier_aad(&pending.state_digest))
                    .map_err(|e| VaultError::Sealing(e.to_string()))?;
                Some(SecretString::from(
                    String::from_utf8(bytes).map_err(|_| VaultError::Sealing("not text".into()))?,
                ))
            }
            None => None,
        };
        let provider = Provider {
            token_endpoint: &c.token_endpoint,
            client_id: &c.client_id,
            client_secret: secret.as_ref(),
            client_auth: c.client_auth,
            scope: None,
            extra_params: &c.extra_params,
        };
        let grant = Grant::AuthorizationCode {
            code,
            redirect_uri: &pending.redirect_uri,
            code_verifier: verifier.as_ref(),
        };
        self.vault
            .client()?
            .request_token(&provider, grant)
            .await
            .map_err(|e| {
                tracing::warn!(credential = %c.id, error = %e, "the code exchange failed");
                VaultError::Provider(e)
            })
    }
}
