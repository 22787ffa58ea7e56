//! A domain's API consumers, on the domain's page: confidential clients the domain itself
//! owns, for server-to-server use (DESIGN §1). The create form's answer shows the client id
//! and secret once; the form carries a `once` value from which the client id is derived
//! (`ClientId::derived`), so that sending it again (a reload) creates nothing and shows
//! nothing (409). A secret rotation and a revocation each go through a confirmation page; a
//! rotation's form carries the fingerprint of the secret it replaces, so that it too replaces
//! nothing more when sent again.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use jeton_core::clock::UnixTime;
use jeton_core::dates;
use jeton_core::entities::ClientState;
use jeton_core::ids::new_id;
use jeton_core::scope::ScopeDefinition;
use jeton_core::secret::SecretDigest;
use jeton_flows::account::WithSecret;
use jeton_flows::error::ManageError;
use jeton_flows::provision::ClientSpec;
use jeton_store::{Client, ClientId, Domain};

use super::domains::{self, domain_of};
use super::fields::{self, Form};
use super::{PageAdmin, once};
use crate::state::AppState;
use crate::ui::form::PageForm;
use crate::ui::pages::{
    AdminConfirm, AdminConfirmPage, AdminConsumerForm, AdminConsumerRow, AdminConsumerSecretPage,
    AdminGrantChoice, AdminScopeChoice, AdminSection, ScopeView, render, see_other,
};
use crate::web::locale::Tr;
use crate::web::urls::{AdminPage, Endpoint, with_query};

/// The grant types the form offers: (form value, label, hint). The authorization code comes
/// with refresh tokens (`grants`).
const GRANTS: [(&str, &str, &str); 2] = [
    (
        "client_credentials",
        "admin-grant-client-credentials",
        "admin-grant-client-credentials-hint",
    ),
    (
        "authorization_code",
        "admin-grant-code",
        "admin-grant-code-hint",
    ),
];

/// The create form as first shown or as sent.
pub(super) struct Typed {
    once: String,
    name: String,
    redirect_uris: String,
    /// The grant types checked; `None` when first shown (client credentials then).
    grants: Option<Vec<String>>,
    /// The scopes checked (none when first shown).
    scopes: Vec<String>,
}

impl Typed {
    /// The form as first shown: client credentials, no scope, a new `once`.
    pub(super) fn fresh(state: &AppState) -> Self {
        Self {
            once: new_id(state.flows.random()),
            name: String::new(),
            redirect_uris: String::new(),
            grants: None,
            scopes: Vec::new(),
        }
    }

    fn posted(form: &PageForm) -> Self {
        let all = |name: &str| -> Vec<String> {
            form.0
                .iter()
                .filter(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .collect()
        };
        Self {
            once: once(form).unwrap_or("").to_owned(),
            name: form.get("name").unwrap_or("").to_owned(),
            redirect_uris: form.get("redirect_uris").unwrap_or("").to_owned(),
            grants: Some(all("grant_type")),
            scopes: all("scope"),
        }
    }

    /// The redirect URIs typed, one per line, blank lines dropped.
    fn uris(&self) -> Vec<String> {
        self.redirect_uris
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// The grant types the flow is asked for: the authorization code brings refresh tokens.
    fn grants(&self) -> Vec<String> {
        let mut out = Vec::new();
        for g in self.grants.iter().flatten() {
            out.push(g.clone());
            if g == "authorization_code" {
                out.push("refresh_token".to_owned());
            }
        }
        out
    }

    /// What the flow is asked to create; `id` is derived from the form's `once` (a form that
    /// lost it gets a random id).
    fn spec(&self, id: Option<ClientId>) -> ClientSpec {
        ClientSpec {
            name: self.name.clone(),
            redirect_uris: self.uris(),
            grants: self.grants(),
            scopes: self.scopes.clone(),
            id,
            ..ClientSpec::default()
        }
    }

    /// The form to render, with the domain's registered scopes to choose from.
    pub(super) fn form(self, slug: &str, definitions: &[ScopeDefinition]) -> AdminConsumerForm {
        let checked = |value: &str| match &self.grants {
            None => value == "client_credentials",
            Some(g) => g.iter().any(|c| c == value),
        };
        AdminConsumerForm {
            action: AdminPage::DomainConsumers.path(&[slug]),
            grants: GRANTS
                .iter()
                .map(|(value, label_key, hint_key)| AdminGrantChoice {
                    value,
                    label_key,
                    hint_key,
                    checked: checked(value),
                })
                .collect(),
            scopes: ScopeView::describe(definitions.iter().map(|d| d.name.as_str()), definitions)
                .into_iter()
                .map(|scope| AdminScopeChoice {
                    checked: self.scopes.contains(&scope.name),
                    scope,
                })
                .collect(),
            once: self.once,
            name: self.name,
            redirect_uris: self.redirect_uris,
        }
    }
}

/// A consumer as the domain's page lists it.
pub(super) fn row(
    slug: &str,
    c: Client,
    now: UnixTime,
    status_key: fn(ClientState) -> &'static str,
) -> AdminConsumerRow {
    let status = c.status(now);
    let live = status != ClientState::Revoked;
    let link = |p: AdminPage| live.then(|| p.path(&[slug, c.id.as_str()]));
    AdminConsumerRow {
        rotate_url: link(AdminPage::DomainConsumerRotate),
        revoke_url: link(AdminPage::DomainConsumerRevoke),
        grant_types: c.grant_types.iter().map(|g| g.as_str()).collect(),
        status: status.as_str(),
        status_key: status_key(status),
        created: dates::display(c.created_at),
        last_used: c.last_used_at.map(dates::display),
        client_id: c.id.to_string(),
        name: c.name,
    }
}

/// "Consumer revoked", if the consumer `id` of the domain is.
pub(super) async fn revoked_notice(
    state: &AppState,
    tr: &Tr,
    domain: &Domain,
    id: &str,
) -> Option<String> {
    match state.flows.consumer(domain, id).await {
        Ok(c) if c.revoked_at.is_some() => {
            Some(tr.t1("admin-consumers-done-revoked", "client", &c.name))
        }
        _ => None,
    }
}

/// The domain's consumer the path names, if it is one and not revoked.
async fn live_consumer(state: &AppState, domain: &Domain, id: &str) -> Result<Client, ManageError> {
    let c = state.flows.consumer(domain, id).await?;
    if c.revoked_at.is_some() {
        return Err(ManageError::NotFound("consumer"));
    }
    Ok(c)
}

pub async fn create(
    State(state): State<AppState>,
    a: PageAdmin,
    Path(slug): Path<String>,
    headers: HeaderMap,
    form: PageForm,
) -> Response {
    if !a.verified(&state, &headers, &form) {
        return a.expired();
    }
    let domain = match domain_of(&state, &a, &slug).await {
        Ok(d) => d,
        Err(res) => return *res,
    };
    let typed = Typed::posted(&form);
    let id = once(&form).map(|o| ClientId::derived(&domain.id, &a.user.id, o));
    match state
        .flows
        .create_consumer(&domain, &typed.spec(id), &a.actor)
        .await
    {
        Ok(created) => secret_page(&state, &a, &domain, created, false),
        Err(ManageError::Invalid(f)) => {
            let message = fields::message(&a.tr, Form::Consumer, &f, &typed.uris(), None);
            let typed = domains::Typed {
                consumer: Some(typed),
                ..domains::Typed::default()
            };
            domains::refused_field(&state, &a, &domain, typed, message, StatusCode::BAD_REQUEST)
                .await
        }
        // The same form again: the consumer exists, and its secret was shown once.
        Err(ManageError::Conflict(_)) => already(
            &a,
            &domain,
            ("admin-consumer-already-title", "admin-consumer-already"),
        ),
        Err(e) => a.refused(AdminSection::Domains, e),
    }
}

/// A repeated form's answer: what it did is done, and its secret is not shown again.
fn already(a: &PageAdmin, domain: &Domain, keys: (&str, &str)) -> Response {
    a.notice(
        AdminSection::Domains,
        StatusCode::CONFLICT,
        keys,
        (
            &AdminPage::Domain.path(&[&domain.slug]),
            "admin-back-domain",
        ),
    )
}

/// The answer to a create or a rotation: the secret, this once.
fn secret_page(
    state: &AppState,
    a: &PageAdmin,
    domain: &Domain,
    made: WithSecret,
    rotated: bool,
) -> Response {
    let back = AdminPage::Domain.path(&[&domain.slug]);
    let c = made.client;
    render(
        StatusCode::OK,
        &AdminConsumerSecretPage {
            // The language switch leads to the domain's page, never back to the form's target.
            tr: a.tr.at(&back),
            shell: a.shell(AdminSection::Domains, None),
            rotated,
            domain_name: domain.name.clone(),
            client_credentials: c
                .grant_types
                .contains(&jeton_core::grant_type::GrantType::ClientCredentials),
            client_name: c.name,
            client_id: c.id.to_string(),
            secret: made.secret,
            token_endpoint: Endpoint::Token.url(state.config.public_base(), &domain.slug),
            back_url: back,
        },
    )
}

/// "Replace this consumer's secret?" and "Revoke this consumer?"
async fn confirm(
    state: &AppState,
    a: &PageAdmin,
    slug: &str,
    id: &str,
    what: AdminConfirm,
) -> Response {
    let domain = match domain_of(state, a, slug).await {
        Ok(d) => d,
        Err(res) => return *res,
    };
    let c = match live_consumer(state, &domain, id).await {
        Ok(c) => c,
        Err(e) => return a.refused(AdminSection::Domains, e),
    };
    let page_of = match what {
        AdminConfirm::RotateConsumer => AdminPage::DomainConsumerRotate,
        _ => AdminPage::DomainConsumerRevoke,
    };
    let page = AdminConfirmPage {
        tr: a.tr.clone(),
        shell: a.shell(AdminSection::Domains, None),
        what,
        seen: (what == AdminConfirm::RotateConsumer)
            .then(|| c.secret_digest.as_ref().map(SecretDigest::fingerprint))
            .flatten(),
        action: page_of.path(&[&domain.slug, c.id.as_str()]),
        cancel_url: AdminPage::Domain.path(&[&domain.slug]),
        id: Some(c.id.to_string()),
        subject: c.name,
        domain_name: domain.name,
    };
    a.form(state, StatusCode::OK, page)
}

pub async fn rotate_get(
    State(state): State<AppState>,
    a: PageAdmin,
    Path((slug, id)): Path<(String, String)>,
) -> Response {
    confirm(&state, &a, &slug, &id, AdminConfirm::RotateConsumer).await
}

pub async fn revoke_get(
    State(state): State<AppState>,
    a: PageAdmin,
    Path((slug, id)): Path<(String, String)>,
) -> Response {
    confirm(&state, &a, &slug, &id, AdminConfirm::RevokeConsumer).await
}

/// A new secret, shown once; the old one stops working.
pub async fn rotate_post(
    State(state): State<AppState>,
    a: PageAdmin,
    Path((slug, id)): Path<(String, String)>,
    headers: HeaderMap,
    form: PageForm,
) -> Response {
    if !a.verified(&state, &headers, &form) {
        return a.expired();
    }
    let domain = match domain_of(&state, &a, &slug).await {
        Ok(d) => d,
        Err(res) => return *res,
    };
    let c = match live_consumer(&state, &domain, &id).await {
        Ok(c) => c,
        Err(e) => return a.refused(AdminSection::Domains, e),
    };
    let seen = form.get("seen");
    match state
        .flows
        .rotate_domain_client_secret(&domain, &c.id, &a.actor, seen)
        .await
    {
        Ok(rotated) => secret_page(&state, &a, &domain, rotated, true),
        // The same form again: the secret it replaced was shown once.
        Err(ManageError::Conflict(_)) => already(
            &a,
            &domain,
            ("admin-rotated-already-title", "admin-rotated-already"),
        ),
        Err(e) => a.refused(AdminSection::Domains, e),
    }
}

/// The consumer stops authenticating and its tokens end; back to the domain's page.
pub async fn revoke_post(
    State(state): State<AppState>,
    a: PageAdmin,
    Path((slug, id)): Path<(String, String)>,
    headers: HeaderMap,
    form: PageForm,
) -> Response {
    if !a.verified(&state, &headers, &form) {
        return a.expired();
    }
    let domain = match domain_of(&state, &a, &slug).await {
        Ok(d) => d,
        Err(res) => return *res,
    };
    let c = match live_consumer(&state, &domain, &id).await {
        Ok(c) => c,
        Err(e) => return a.refused(AdminSection::Domains, e),
    };
    match state
        .flows
        .revoke_domain_client(&domain, &c.id, &a.actor)
        .await
    {
        Ok(()) => see_other(
            &a.tr,
            &with_query(
                &AdminPage::Domain.path(&[&domain.slug]),
                &[("revoked", c.id.as_str())],
            ),
        ),
        Err(e) => a.refused(AdminSection::Domains, e),
    }
}
