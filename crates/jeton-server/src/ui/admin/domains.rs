//! The domains: the table with the create form, and one domain's page (rename; disable after
//! a confirmation, enable; its managers, in `managers.rs`; its API consumers, in
//! `consumers.rs`). After a change, 303 to the page with
//! `?done=…`, whose message is chosen from a fixed list (and checked against what is there
//! when it names someone).

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use jeton_core::dates;
use jeton_core::roles;
use jeton_flows::error::ManageError;
use jeton_flows::provision::MAIN_DOMAIN;
use jeton_store::Domain;

use super::consumers::{self, Typed as ConsumerTyped};
use super::fields::{self, Form};
use super::{PageAdmin, field};
use crate::state::AppState;
use crate::ui::form::{PageForm, get, pairs};
use crate::ui::manage::clients::status_key;
use crate::ui::pages::{
    AdminConfirm, AdminConfirmPage, AdminDomainPage, AdminDomainRow, AdminDomainsPage,
    AdminManagerRow, AdminSection, FieldErrors, see_other,
};
use crate::web::urls::{AdminPage, Endpoint, issuer, with_query};

/// What the domain page's `?done=` can say.
const DONE: [(&str, &str); 4] = [
    ("created", "admin-domain-done-created"),
    ("renamed", "admin-domain-done-renamed"),
    ("disabled", "admin-domain-done-disabled"),
    ("enabled", "admin-domain-done-enabled"),
];

pub async fn list(State(state): State<AppState>, a: PageAdmin) -> Response {
    domains_page(
        &state,
        &a,
        StatusCode::OK,
        (String::new(), String::new()),
        FieldErrors::default(),
    )
    .await
}

async fn domains_page(
    state: &AppState,
    a: &PageAdmin,
    status: StatusCode,
    (new_slug, new_name): (String, String),
    errors: FieldErrors,
) -> Response {
    let domains = match state.flows.list_domains().await {
        Ok(d) => d,
        Err(e) => return a.refused(AdminSection::Domains, e),
    };
    let base = state.config.public_base();
    let rows = domains
        .into_iter()
        .map(|d| AdminDomainRow {
            url: AdminPage::Domain.path(&[&d.slug]),
            issuer: issuer(base, &d.slug),
            enabled: d.disabled_at.is_none(),
            created: dates::display(d.created_at),
            slug: d.slug,
            name: d.name,
        })
        .collect();
    let tr = a.tr.at(&AdminPage::Domains.path(&[]));
    let page = AdminDomainsPage {
        tr,
        shell: a.shell(AdminSection::Domains, None),
        domains: rows,
        create_action: AdminPage::Domains.path(&[]),
        new_slug,
        new_name,
        errors,
    };
    a.form(state, status, page)
}

pub async fn create(
    State(state): State<AppState>,
    a: PageAdmin,
    headers: HeaderMap,
    form: PageForm,
) -> Response {
    if !a.verified(&state, &headers, &form) {
        return a.expired();
    }
    let (slug, name) = (field(&form, "slug"), field(&form, "name"));
    let named = Some(name.as_str()).filter(|n| !n.is_empty());
    match state.flows.create_domain(&slug, named, &a.actor).await {
        Ok(d) => see_other(
            &a.tr,
            &with_query(&AdminPage::Domain.path(&[&d.slug]), &[("done", "created")]),
        ),
        Err(e) => {
            let mut errors = FieldErrors::default();
            let status = match e {
                ManageError::Invalid(f) => {
                    let (at, message) = fields::message(&a.tr, Form::NewDomain, &f, &[], None);
                    errors.add(at, message);
                    StatusCode::BAD_REQUEST
                }
                // The same slug again (a reload, or someone else's domain): said at the slug.
                ManageError::Conflict(_) => {
                    errors.add("slug", a.tr.t1("admin-error-slug-taken", "slug", &slug));
                    StatusCode::CONFLICT
                }
                other => return a.refused(AdminSection::Domains, other),
            };
            domains_page(&state, &a, status, (slug, name), errors).await
        }
    }
}

/// The domain page's forms as typed (when one was refused), or as first shown.
#[derive(Default)]
pub(super) struct Typed {
    /// `None`: the domain's name as it is.
    pub rename: Option<String>,
    pub appoint: String,
    /// `None`: a fresh consumer form.
    pub consumer: Option<ConsumerTyped>,
}

/// Any domain by the path's slug, disabled ones too (the administrator must reach them to
/// enable them).
pub(super) async fn domain_of(
    state: &AppState,
    a: &PageAdmin,
    slug: &str,
) -> Result<Domain, Box<Response>> {
    state
        .flows
        .any_domain(slug)
        .await
        .map_err(|e| Box::new(a.refused(AdminSection::Domains, e)))
}

pub async fn show(
    State(state): State<AppState>,
    a: PageAdmin,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let domain = match domain_of(&state, &a, &slug).await {
        Ok(d) => d,
        Err(res) => return *res,
    };
    let q = pairs(query.unwrap_or_default().as_bytes());
    let said = Said {
        notice: notice(&state, &a, &domain, &q).await,
        problem: None,
    };
    domain_page(
        &state,
        &a,
        &domain,
        StatusCode::OK,
        said,
        Typed::default(),
        FieldErrors::default(),
    )
    .await
}

/// The message a `?done=` (or `?appointed=`, `?removed=`, `?revoked=`) asks for, if what it
/// says is so.
async fn notice(
    state: &AppState,
    a: &PageAdmin,
    domain: &Domain,
    q: &[(String, String)],
) -> Option<String> {
    let tr = &a.tr;
    if let Some((_, key)) = get(q, "done").and_then(|d| DONE.iter().find(|(n, _)| *n == d)) {
        return Some(tr.t1(key, "domain", &domain.name));
    }
    let holds_manager = |username: &str| {
        let username = username.to_owned();
        async move {
            state
                .flows
                .user_by_name(domain, &username)
                .await
                .ok()
                .map(|u| roles::holds(&u.roles, roles::MANAGER))
        }
    };
    if let Some(user) = get(q, "appointed")
        && holds_manager(user).await == Some(true)
    {
        return Some(tr.t2(
            "admin-domain-done-appointed",
            "user",
            user,
            "domain",
            &domain.name,
        ));
    }
    if let Some(user) = get(q, "removed")
        && holds_manager(user).await == Some(false)
    {
        return Some(tr.t2(
            "admin-domain-done-removed",
            "user",
            user,
            "domain",
            &domain.name,
        ));
    }
    if let Some(id) = get(q, "revoked") {
        return consumers::revoked_notice(state, tr, domain, id).await;
    }
    None
}

/// What the domain page says above its content, already translated.
#[derive(Default)]
pub(super) struct Said {
    /// What the last action did.
    pub notice: Option<String>,
    /// What was refused that belongs to no field.
    pub problem: Option<String>,
}

/// The domain's page: details, rename, managers, API consumers, disable or enable.
pub(super) async fn domain_page(
    state: &AppState,
    a: &PageAdmin,
    domain: &Domain,
    status: StatusCode,
    said: Said,
    typed: Typed,
    errors: FieldErrors,
) -> Response {
    let slug = domain.slug.as_str();
    let (managers, consumers, definitions) = match (
        state.flows.managers(domain).await,
        state.flows.consumers(domain).await,
        state.flows.scope_definitions(&domain.id).await,
    ) {
        (Ok(m), Ok(c), Ok(s)) => (m, c, s),
        (Err(e), _, _) | (_, Err(e), _) => return a.refused(AdminSection::Domains, e),
        (_, _, Err(e)) => return a.refused(AdminSection::Domains, e.into()),
    };
    let now = state.flows.now();
    let consumer_form = typed
        .consumer
        .unwrap_or_else(|| ConsumerTyped::fresh(state))
        .form(slug, &definitions);
    let mut shell = a.shell(AdminSection::Domains, said.notice);
    shell.problem = said.problem;
    let page = AdminDomainPage {
        tr: a.tr.at(&AdminPage::Domain.path(&[slug])),
        shell,
        slug: slug.to_owned(),
        name: domain.name.clone(),
        issuer: issuer(state.config.public_base(), slug),
        metadata_url: Endpoint::Metadata.path(slug),
        enabled: domain.disabled_at.is_none(),
        created: dates::display(domain.created_at),
        is_main: slug == MAIN_DOMAIN,
        manage_url: Endpoint::Manage.path(slug),
        rename_action: AdminPage::DomainRename.path(&[slug]),
        rename_value: typed.rename.unwrap_or_else(|| domain.name.clone()),
        disable_url: AdminPage::DomainDisable.path(&[slug]),
        enable_action: AdminPage::DomainEnable.path(&[slug]),
        managers: managers
            .into_iter()
            .map(|u| AdminManagerRow {
                remove_url: AdminPage::DomainManagerRemove.path(&[slug, &u.username]),
                username: u.username,
                email: u.email,
            })
            .collect(),
        appoint_action: AdminPage::DomainManagers.path(&[slug]),
        appoint_username: typed.appoint,
        consumers: consumers
            .into_iter()
            .map(|c| consumers::row(slug, c, now, status_key))
            .collect(),
        consumer: consumer_form,
        errors,
    };
    a.form(state, status, page)
}

/// The domain page again, with a message next to the field a form's refusal is about.
pub(super) async fn refused_field(
    state: &AppState,
    a: &PageAdmin,
    domain: &Domain,
    typed: Typed,
    (field, message): (&'static str, String),
    status: StatusCode,
) -> Response {
    let mut errors = FieldErrors::default();
    errors.add(field, message);
    domain_page(state, a, domain, status, Said::default(), typed, errors).await
}

pub async fn rename(
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
    let name = form.get("name").unwrap_or("").to_owned();
    match state.flows.rename_domain(&domain, &name, &a.actor).await {
        Ok(()) => done(&a, &domain, "renamed"),
        Err(ManageError::Invalid(f)) => {
            let typed = Typed {
                rename: Some(name),
                ..Typed::default()
            };
            let m = fields::message(&a.tr, Form::Rename, &f, &[], None);
            refused_field(&state, &a, &domain, typed, m, StatusCode::BAD_REQUEST).await
        }
        Err(e) => a.refused(AdminSection::Domains, e),
    }
}

/// 303 to the domain's page, saying what was done.
fn done(a: &PageAdmin, domain: &Domain, what: &str) -> Response {
    see_other(
        &a.tr,
        &with_query(&AdminPage::Domain.path(&[&domain.slug]), &[("done", what)]),
    )
}

/// "Disable this domain?"
pub async fn disable_get(
    State(state): State<AppState>,
    a: PageAdmin,
    Path(slug): Path<String>,
) -> Response {
    let domain = match domain_of(&state, &a, &slug).await {
        Ok(d) => d,
        Err(res) => return *res,
    };
    let page = AdminConfirmPage {
        tr: a.tr.clone(),
        shell: a.shell(AdminSection::Domains, None),
        what: AdminConfirm::DisableDomain,
        subject: domain.name.clone(),
        domain_name: String::new(),
        id: Some(domain.slug.clone()),
        seen: None,
        action: AdminPage::DomainDisable.path(&[&domain.slug]),
        cancel_url: AdminPage::Domain.path(&[&domain.slug]),
    };
    a.form(&state, StatusCode::OK, page)
}

pub async fn disable_post(
    State(state): State<AppState>,
    a: PageAdmin,
    Path(slug): Path<String>,
    headers: HeaderMap,
    form: PageForm,
) -> Response {
    set_enabled(state, a, slug, headers, form, false).await
}

pub async fn enable(
    State(state): State<AppState>,
    a: PageAdmin,
    Path(slug): Path<String>,
    headers: HeaderMap,
    form: PageForm,
) -> Response {
    set_enabled(state, a, slug, headers, form, true).await
}

async fn set_enabled(
    state: AppState,
    a: PageAdmin,
    slug: String,
    headers: HeaderMap,
    form: PageForm,
    enabled: bool,
) -> Response {
    if !a.verified(&state, &headers, &form) {
        return a.expired();
    }
    let domain = match domain_of(&state, &a, &slug).await {
        Ok(d) => d,
        Err(res) => return *res,
    };
    match state
        .flows
        .set_domain_enabled(&domain, enabled, &a.actor)
        .await
    {
        Ok(()) => done(&a, &domain, if enabled { "enabled" } else { "disabled" }),
        // The administrators' own domain (the flow's rule): said on the domain's page.
        Err(ManageError::Forbidden(_)) => {
            let said = Said {
                problem: Some(a.tr.t("admin-domain-main-refused")),
                ..Said::default()
            };
            domain_page(
                &state,
                &a,
                &domain,
                StatusCode::FORBIDDEN,
                said,
                Typed::default(),
                FieldErrors::default(),
            )
            .await
        }
        Err(e) => a.refused(AdminSection::Domains, e),
    }
}
