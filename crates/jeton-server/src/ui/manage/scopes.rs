//! The domain's scopes: what each lets an application do and who may hold it, and the form
//! that registers one.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use jeton_flows::error::ManageError;

use crate::state::AppState;
use crate::ui::form::{PageForm, pairs};
use crate::ui::manage::{PageManager, form_response, name_list, param, refusal};
use crate::ui::pages::{
    FieldErrors, ManageScopeRow, ManageScopesPage, WithCsrf, expired_form, see_other,
};
use crate::web::locale::{Locale, Tr};
use crate::web::urls::{Endpoint, with_query};

/// The form as typed, shown again with what was refused.
#[derive(Default)]
struct Typed {
    name: String,
    description: String,
    roles: String,
    attributes: String,
}

pub async fn list(
    State(state): State<AppState>,
    m: PageManager,
    Locale(tr): Locale,
    RawQuery(query): RawQuery,
) -> Response {
    let q = pairs(query.unwrap_or_default().as_bytes());
    let created = param(&q, "created").map(str::to_owned);
    scopes_page(
        &state,
        &m,
        tr,
        StatusCode::OK,
        created,
        Typed::default(),
        FieldErrors::default(),
    )
    .await
}

async fn scopes_page(
    state: &AppState,
    m: &PageManager,
    tr: Tr,
    status: StatusCode,
    created: Option<String>,
    typed: Typed,
    errors: FieldErrors,
) -> Response {
    let definitions = match state.flows.scope_definitions(&m.domain.id).await {
        Ok(d) => d,
        Err(e) => return refusal::page(&tr, &m.domain, e.into()),
    };
    // Said only of a scope that exists: the name in the URL is not echoed otherwise.
    let notice = created
        .filter(|c| definitions.iter().any(|d| &d.name == c))
        .map(|c| tr.t1("manage-scopes-created", "scope", c));
    let mut scopes: Vec<ManageScopeRow> = definitions
        .iter()
        .map(|d| ManageScopeRow {
            name: d.name.clone(),
            description: d.description.clone(),
            roles: d.roles.clone(),
            attributes: d.attributes.clone(),
        })
        .collect();
    scopes.sort_by(|a, b| a.name.cmp(&b.name));
    let page = ManageScopesPage {
        tr,
        shell: m.shell("scopes", notice),
        scopes,
        action: Endpoint::ManageScopes.path(&m.domain.slug),
        new_name: typed.name,
        new_description: typed.description,
        new_roles: typed.roles,
        new_attributes: typed.attributes,
        errors,
    };
    form_response(state, m, status, |t| WithCsrf::new(t, page))
}

pub async fn create(
    State(state): State<AppState>,
    m: PageManager,
    Locale(tr): Locale,
    headers: HeaderMap,
    form: PageForm,
) -> Response {
    if !m.verified(&state, &headers, &form) {
        return expired_form(&tr, &m.domain);
    }
    let path = Endpoint::ManageScopes.path(&m.domain.slug);
    let tr = tr.at(&path);
    let typed = Typed {
        name: form.get("name").unwrap_or("").trim().to_owned(),
        description: form.get("description").unwrap_or("").trim().to_owned(),
        roles: form.get("roles").unwrap_or("").to_owned(),
        attributes: form.get("attributes").unwrap_or("").to_owned(),
    };
    let roles = name_list(&typed.roles);
    // `key=value` conditions, separated by spaces or commas (values have neither).
    let attributes: Vec<String> = typed
        .attributes
        .split([' ', ',', '\n', '\r'])
        .filter(|a| !a.is_empty())
        .map(str::to_owned)
        .collect();
    let e = match state
        .flows
        .create_scope(
            &m.domain,
            &typed.name,
            &typed.description,
            &roles,
            &attributes,
            &m.actor,
        )
        .await
    {
        Ok(()) => return see_other(&tr, &with_query(&path, &[("created", &typed.name)])),
        Err(e) => e,
    };
    let status = refusal::status(&e);
    let mut errors = FieldErrors::default();
    match &e {
        ManageError::Invalid(f) if f.field == "roles" => {
            // Scopes may name any role (the role rules are about who gives roles to people).
            let bad = roles
                .iter()
                .find(|r| jeton_core::ids::parse_role(r).is_err());
            let message = match bad {
                Some(r) => tr.t1("manage-error-role-name", "role", r),
                None => refusal::field(&tr, f),
            };
            errors.add("roles", message);
        }
        ManageError::Invalid(f) if f.field == "name" => errors.add("name", refusal::field(&tr, f)),
        ManageError::Invalid(f) if f.field == "attributes" => {
            errors.add("attributes", tr.t("manage-error-scope-attributes"))
        }
        ManageError::Conflict(_) => errors.add("name", tr.t("manage-error-scope-taken")),
        _ => return refusal::page(&tr, &m.domain, e),
    }
    scopes_page(&state, &m, tr, status, None, typed, errors).await
}
