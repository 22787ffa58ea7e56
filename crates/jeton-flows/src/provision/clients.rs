//! Creating clients: what a client may be given (grants, scopes, redirect URIs, lifetimes,
//! token formats, subject type) and the checks that go with it, for the CLI, the APIs and
//! the pages alike.

use super::*;

#[derive(Debug, Clone, Default)]
pub struct ClientSpec {
    pub name: String,
    pub redirect_uris: Vec<String>,
    pub grants: Vec<String>,
    pub scopes: Vec<String>,
    pub public: bool,
    pub auth_method: Option<String>,
    pub owner: Option<String>,
    /// RFC 3339.
    pub expires_at: Option<String>,
    /// An API consumer: a confidential client the domain itself owns (no owner, a secret).
    pub consumer: bool,
    /// `id_token_signed_response_alg` (ES256, RS256, EdDSA); the default when `None`.
    pub id_token_alg: Option<String>,
    /// Where RP-initiated logout may send the browser back to (OpenID Connect RP-Initiated
    /// Logout §3.1 `post_logout_redirect_uris`), checked like redirect URIs.
    pub post_logout_redirect_uris: Vec<String>,
    /// `opaque` or `jwt` (RFC 9068) access tokens; the domain's default when `None`.
    pub access_token_format: Option<String>,
    /// Lifetimes overriding the domain's for this client (seconds); `None`: the domain's.
    pub code_ttl_secs: Option<i64>,
    pub access_token_ttl_secs: Option<i64>,
    pub refresh_token_ttl_secs: Option<i64>,
    pub refresh_token_absolute_ttl_secs: Option<i64>,
    pub id_token_ttl_secs: Option<i64>,
    /// OpenID Connect `subject_type` (Core §8): `public` (the default when `None`) or
    /// `pairwise`, which needs the redirect URIs on one host (`pairwise::sector_of`).
    pub subject_type: Option<String>,
    /// The client's id when the caller derived it (`ClientId::derived` from a form's `once`,
    /// so that the same form sent twice is a conflict rather than a second client); `None`
    /// for a fresh random id.
    pub id: Option<ClientId>,
}

impl Provisioner {
    /// Creates a client; answers it with its secret (shown once), if it has one.
    pub async fn create_client(
        &self,
        domain: &str,
        spec: &ClientSpec,
    ) -> Result<(Client, Option<String>)> {
        self.create_client_as(domain, spec, &Actor::cli()).await
    }

    /// `create_client`, recorded in the audit log as done by `actor`.
    pub async fn create_client_as(
        &self,
        domain: &str,
        spec: &ClientSpec,
        actor: &Actor,
    ) -> Result<(Client, Option<String>)> {
        if spec.consumer && (spec.public || spec.owner.is_some()) {
            return Err(ProvisionError::Invalid(
                "an API consumer is a confidential client of the domain: no owner, not public"
                    .into(),
            ));
        }
        let domain = self.domain(domain).await?;
        let now = self.clock.now();
        let invalid = ProvisionError::Invalid;
        let name = client_registration::name(&spec.name).map_err(invalid)?;
        let auth_method =
            client_registration::auth_method(spec.public, spec.auth_method.as_deref())
                .map_err(invalid)?;
        for uri in &spec.redirect_uris {
            redirect_uri::check_registrable(uri)
                .map_err(|e| ProvisionError::Invalid(format!("redirect URI {uri:?}: {e}")))?;
        }
        for uri in &spec.post_logout_redirect_uris {
            redirect_uri::check_registrable(uri).map_err(|e| {
                ProvisionError::Invalid(format!("post-logout redirect URI {uri:?}: {e}"))
            })?;
        }
        let grants = client_registration::grant_types(&spec.grants, !spec.redirect_uris.is_empty())
            .map_err(invalid)?;
        grant_type::check_client_settings(&grants, auth_method, &spec.redirect_uris)
            .map_err(|e| ProvisionError::Invalid(e.to_string()))?;
        let scopes = ScopeSet::from_tokens(&spec.scopes)
            .map_err(|e| ProvisionError::Invalid(e.to_string()))?;
        let registered = self.store.scopes(&domain.id).await?;
        if let Some(missing) = scopes
            .iter()
            .find(|s| !registered.iter().any(|d| d.name == *s))
        {
            return Err(ProvisionError::Invalid(format!(
                "scope {missing:?} is not registered in domain {}; create it with `jeton scope create --domain {} {missing}`",
                domain.slug, domain.slug
            )));
        }
        let owner_user_id = match &spec.owner {
            Some(u) => {
                let name =
                    Username::parse(u).map_err(|e| ProvisionError::Invalid(e.to_string()))?;
                let owner = self
                    .store
                    .user_by_username(&domain.id, name.as_str())
                    .await?
                    .ok_or_else(|| {
                        ProvisionError::NotFound(format!("no user {u:?} in domain {}", domain.slug))
                    })?;
                // The same rule as the account pages: a personal client acts with its owner's
                // rights, and only while the owner holds the role.
                if !jeton_core::roles::holds(&owner.roles, jeton_core::roles::PERSONAL_CLIENTS) {
                    return Err(ProvisionError::Invalid(format!(
                        "user {u:?} does not hold the role `{}` that personal clients need; give it to them first",
                        jeton_core::roles::PERSONAL_CLIENTS
                    )));
                }
                Some(owner.id)
            }
            None => None,
        };
        let expires_at = match &spec.expires_at {
            Some(s) => {
                let t =
                    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
                        .map_err(|_| {
                            ProvisionError::Invalid(format!(
                                "{s:?} is not an RFC 3339 date-time (e.g. 2027-01-31T00:00:00Z)"
                            ))
                        })?;
                let t = t.unix_timestamp();
                client_registration::check_expiry(t, now).map_err(invalid)?;
                Some(t)
            }
            None => None,
        };
        let id_token_signed_response_alg = match &spec.id_token_alg {
            None => None,
            Some(name) => Some(
                jeton_core::signing::SigningAlg::parse(name)
                    .filter(|a| {
                        jeton_core::capabilities::SERVED
                            .id_token_signing_algs
                            .contains(a)
                    })
                    .ok_or_else(|| {
                        ProvisionError::Invalid(format!(
                            "id_token_alg {name:?}: choose ES256, RS256 or EdDSA"
                        ))
                    })?,
            ),
        };
        let access_token_format = match &spec.access_token_format {
            None => None,
            Some(name) => Some(AccessTokenFormat::parse(name).ok_or_else(|| {
                ProvisionError::Invalid(format!(
                    "access_token_format {name:?}: choose opaque or jwt"
                ))
            })?),
        };
        let pairwise_sector = match spec
            .subject_type
            .as_deref()
            .map(|t| SubjectType::parse(t).filter(|t| SERVED.subject_types.contains(t)))
        {
            None | Some(Some(SubjectType::Public)) => None,
            Some(Some(SubjectType::Pairwise)) => Some(
                jeton_core::pairwise::sector_of(&spec.redirect_uris)
                    .map_err(|e| ProvisionError::Invalid(e.message))?,
            ),
            Some(None) => {
                return Err(ProvisionError::Invalid(format!(
                    "subject_type {:?}: choose public or pairwise",
                    spec.subject_type.as_deref().unwrap_or_default()
                )));
            }
        };
        let lifetimes = jeton_store::ClientOptions {
            code_ttl_secs: spec.code_ttl_secs,
            access_token_ttl_secs: spec.access_token_ttl_secs,
            refresh_token_ttl_secs: spec.refresh_token_ttl_secs,
            refresh_token_absolute_ttl_secs: spec.refresh_token_absolute_ttl_secs,
            id_token_ttl_secs: spec.id_token_ttl_secs,
            ..Default::default()
        };
        lifetimes
            .check_lifetimes()
            .map_err(|e| ProvisionError::Invalid(format!("{}: {}", e.field, e.message)))?;
        let secret = (!auth_method.is_public())
            .then(|| secret::mint(SecretKind::ClientSecret, self.random.as_ref()));
        let id = spec
            .id
            .clone()
            .unwrap_or_else(|| ClientId::new(self.random.as_ref()));
        // The operator at the command line is the actor (DESIGN §5: every admin action).
        let event = AuditEvent {
            id: ids::new_id(self.random.as_ref()),
            domain_id: Some(domain.id.clone()),
            at: now,
            actor: actor.clone(),
            action: AuditAction::ClientCreate,
            target: format!("client:{id}"),
            detail: serde_json::json!({
                "name": name, "owner": spec.owner, "consumer": spec.consumer,
                "subject_type": if pairwise_sector.is_some() { "pairwise" } else { "public" },
            }),
        };
        let client = self
            .store
            .create_client(
                NewClient {
                    id,
                    domain_id: domain.id,
                    // `--owner` makes a personal client (DESIGN §4).
                    kind: if spec.consumer {
                        ClientKind::Consumer
                    } else if owner_user_id.is_some() {
                        ClientKind::Personal
                    } else {
                        ClientKind::Application
                    },
                    name: name.to_owned(),
                    description: String::new(),
                    secret_digest: secret.as_ref().map(|s| s.digest),
                    auth_method,
                    redirect_uris: spec.redirect_uris.clone(),
                    grant_types: grants,
                    allowed_scopes: scopes.clone(),
                    default_scopes: scopes,
                    require_pkce: true,
                    allow_plain_pkce: false,
                    options: jeton_store::ClientOptions {
                        id_token_signed_response_alg,
                        post_logout_redirect_uris: spec.post_logout_redirect_uris.clone(),
                        access_token_format,
                        pairwise_sector,
                        ..lifetimes
                    },
                    owner_user_id,
                    expires_at,
                    created_at: now,
                },
                Some(&event),
            )
            .await?;
        Ok((client, secret.map(|s| s.value)))
    }
}
