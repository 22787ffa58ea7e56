//! One user of the domain, for its managers: the page (roles, attributes, their clients),
//! the roles and attributes forms, and disable (after a confirmation) and enable. After a
//! change, 303 to the page with `?done=…` (`users::done`).

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use jeton_core::dates;
use jeton_core::roles;
use jeton_flows::error::ManageError;
use jeton_flows::provision::MAIN_DOMAIN;
use jeton_store::User;

use super::users::done;
use crate::state::AppState;
use crate::ui::form::{PageForm, pairs};
use crate::ui::manage::{PageManager, form_response, name_list, param, refusal};
use crate::ui::pages::{
    FieldErrors, ManageDisablePage, ManageUserPage, WithCsrf, expired_form, see_other,
};
use crate::web::locale::{Locale, Tr};
use crate::web::urls::{Endpoint, with_query};

pub async fn show(
    State(state): State<AppState>,
    m: PageManager,
    Locale(tr): Locale,
    Path((_, username)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Response {
    let user = match state.flows.user_by_name(&m.domain, &username).await {
        Ok(u) => u,
        Err(e) => return refusal::page(&tr, &m.domain, e),
    };
    let q = pairs(query.unwrap_or_default().as_bytes());
    let notice = match param(&q, "done") {
        Some("created") => Some("manage-user-created"),
        Some("disabled") => Some("manage-user-disabled"),
        Some("enabled") => Some("manage-user-enabled"),
        Some("roles") => Some("manage-user-roles-saved"),
        Some("attributes") => Some("manage-user-attributes-saved"),
        _ => None,
    }
    .map(|k| tr.t(k));
    let page = UserForms {
        notice,
        ..UserForms::of(&user)
    };
    user_page(&state, &m, tr, StatusCode::OK, &user, page)
}

/// What the user's page shows in its forms and around them.
struct UserForms {
    notice: Option<String>,
    roles: String,
    attributes: String,
    errors: FieldErrors,
}

impl UserForms {
    /// The forms with the user as they are.
    fn of(user: &User) -> Self {
        Self {
            notice: None,
            roles: user.roles.join(" "),
            attributes: attribute_lines(&user.attributes)
                .iter()
                .map(|(k, v)| format!("{k} = {v}\n"))
                .collect(),
            errors: FieldErrors::default(),
        }
    }
}

fn user_page(
    state: &AppState,
    m: &PageManager,
    tr: Tr,
    status: StatusCode,
    user: &User,
    forms: UserForms,
) -> Response {
    let slug = &m.domain.slug;
    let name = &user.username;
    let page = ManageUserPage {
        tr,
        shell: m.shell("users", forms.notice),
        username: name.clone(),
        email: user.email.clone(),
        disabled: user.disabled,
        created: dates::display(user.created_at),
        roles: user.roles.clone(),
        attributes: attribute_lines(&user.attributes),
        // The flows' rule (core's), read to offer only what they would allow.
        may_change: roles::may_change_user(&user.roles, m.by),
        is_self: user.id == m.user.id,
        roles_action: Endpoint::ManageUserRoles.path_with(slug, name),
        roles_value: forms.roles,
        attributes_action: Endpoint::ManageUserAttributes.path_with(slug, name),
        attributes_value: forms.attributes,
        enable_action: Endpoint::ManageUserEnable.path_with(slug, name),
        disable_url: Endpoint::ManageUserDisable.path_with(slug, name),
        clients_url: with_query(&Endpoint::ManageClients.path(slug), &[("owner", name)]),
        errors: forms.errors,
    };
    form_response(state, m, status, |t| WithCsrf::new(t, page))
}

/// A user's attributes as `key`, `value` pairs (values are strings; anything else is shown
/// as JSON).
fn attribute_lines(attributes: &serde_json::Value) -> Vec<(String, String)> {
    attributes
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    let v = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
                    (k.clone(), v)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The attributes textarea: one `key = value` per line (blank lines skipped), into a JSON
/// object of strings. The flow checks keys and values (`check_attributes`); this only reads
/// the lines, saying which one it cannot.
fn parse_attributes(tr: &Tr, text: &str) -> Result<serde_json::Value, String> {
    let mut map = serde_json::Map::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let number = u64::try_from(i + 1).unwrap_or(u64::MAX);
        let Some((k, v)) = line.split_once('=') else {
            return Err(tr.t1("manage-error-attribute-line", "line", number));
        };
        let key = k.trim();
        if key.is_empty() {
            return Err(tr.t1("manage-error-attribute-line", "line", number));
        }
        if map
            .insert(key.to_owned(), serde_json::Value::from(v.trim()))
            .is_some()
        {
            return Err(tr.t1("manage-error-attribute-twice", "key", key));
        }
    }
    Ok(serde_json::Value::Object(map))
}

/// The user the path names, or the page that says there is none.
async fn named(
    state: &AppState,
    m: &PageManager,
    tr: &Tr,
    username: &str,
) -> Result<User, Response> {
    state
        .flows
        .user_by_name(&m.domain, username)
        .await
        .map_err(|e| refusal::page(tr, &m.domain, e))
}

pub async fn set_roles(
    State(state): State<AppState>,
    m: PageManager,
    Locale(tr): Locale,
    Path((_, username)): Path<(String, String)>,
    headers: HeaderMap,
    form: PageForm,
) -> Response {
    if !m.verified(&state, &headers, &form) {
        return expired_form(&tr, &m.domain);
    }
    let user = match named(&state, &m, &tr, &username).await {
        Ok(u) => u,
        Err(res) => return res,
    };
    let tr = tr.at(&Endpoint::ManageUser.path_with(&m.domain.slug, &user.username));
    let typed = form.get("roles").unwrap_or("").to_owned();
    let new = name_list(&typed);
    match state
        .flows
        .set_user_roles(&m.domain, &user.id, &new, &m.actor, m.by)
        .await
    {
        Ok(()) => see_other(&tr, &done(&m, &user.username, "roles")),
        Err(ManageError::Invalid(f)) if f.field == "roles" => {
            let in_main = m.domain.slug == MAIN_DOMAIN;
            let mut forms = UserForms {
                roles: typed,
                ..UserForms::of(&user)
            };
            forms.errors.add(
                "roles",
                refusal::roles_refused(&tr, &user.roles, &new, m.by, in_main),
            );
            user_page(&state, &m, tr, StatusCode::BAD_REQUEST, &user, forms)
        }
        Err(e) => refusal::page(&tr, &m.domain, e),
    }
}

pub async fn set_attributes(
    State(state): State<AppState>,
    m: PageManager,
    Locale(tr): Locale,
    Path((_, username)): Path<(String, String)>,
    headers: HeaderMap,
    form: PageForm,
) -> Response {
    if !m.verified(&state, &headers, &form) {
        return expired_form(&tr, &m.domain);
    }
    let user = match named(&state, &m, &tr, &username).await {
        Ok(u) => u,
        Err(res) => return res,
    };
    let tr = tr.at(&Endpoint::ManageUser.path_with(&m.domain.slug, &user.username));
    let typed = form.get("attributes").unwrap_or("").to_owned();
    let refused = |message: String| {
        let mut forms = UserForms {
            attributes: typed.clone(),
            ..UserForms::of(&user)
        };
        forms.errors.add("attributes", message);
        forms
    };
    let attributes = match parse_attributes(&tr, &typed) {
        Ok(a) => a,
        Err(message) => {
            let forms = refused(message);
            return user_page(&state, &m, tr, StatusCode::BAD_REQUEST, &user, forms);
        }
    };
    match state
        .flows
        .set_user_attributes(&m.domain, &user.id, &attributes, &m.actor, m.by)
        .await
    {
        Ok(()) => see_other(&tr, &done(&m, &user.username, "attributes")),
        Err(ManageError::Invalid(f)) if f.field == "attributes" => {
            let forms = refused(refusal::field(&tr, &f));
            user_page(&state, &m, tr, StatusCode::BAD_REQUEST, &user, forms)
        }
        Err(e) => refusal::page(&tr, &m.domain, e),
    }
}

/// Asks to confirm: disabling ends the user's sessions and stops their tokens and clients.
pub async fn disable_get(
    State(state): State<AppState>,
    m: PageManager,
    Locale(tr): Locale,
    Path((_, username)): Path<(String, String)>,
) -> Response {
    let user = match named(&state, &m, &tr, &username).await {
        Ok(u) => u,
        Err(res) => return res,
    };
    // Not a confirmation of what the flow would refuse (the page offers no such link).
    if !roles::may_change_user(&user.roles, m.by) || user.id == m.user.id {
        return refusal::page(&tr, &m.domain, ManageError::Forbidden("not this user"));
    }
    let slug = &m.domain.slug;
    let page = ManageDisablePage {
        tr,
        shell: m.shell("users", None),
        action: Endpoint::ManageUserDisable.path_with(slug, &user.username),
        cancel_url: Endpoint::ManageUser.path_with(slug, &user.username),
        username: user.username,
    };
    form_response(&state, &m, StatusCode::OK, |t| WithCsrf::new(t, page))
}

pub async fn disable_post(
    state: State<AppState>,
    m: PageManager,
    tr: Locale,
    path: Path<(String, String)>,
    headers: HeaderMap,
    form: PageForm,
) -> Response {
    set_disabled(state, m, tr, path, headers, form, true).await
}

pub async fn enable_post(
    state: State<AppState>,
    m: PageManager,
    tr: Locale,
    path: Path<(String, String)>,
    headers: HeaderMap,
    form: PageForm,
) -> Response {
    set_disabled(state, m, tr, path, headers, form, false).await
}

async fn set_disabled(
    State(state): State<AppState>,
    m: PageManager,
    Locale(tr): Locale,
    Path((_, username)): Path<(String, String)>,
    headers: HeaderMap,
    form: PageForm,
    disabled: bool,
) -> Response {
    if !m.verified(&state, &headers, &form) {
        return expired_form(&tr, &m.domain);
    }
    let user = match named(&state, &m, &tr, &username).await {
        Ok(u) => u,
        Err(res) => return res,
    };
    match state
        .flows
        .set_user_disabled(&m.domain, &user.id, disabled, &m.actor, m.by)
        .await
    {
        Ok(()) => {
            let what = if disabled { "disabled" } else { "enabled" };
            see_other(&tr, &done(&m, &user.username, what))
        }
        Err(e) => refusal::page(&tr, &m.domain, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::locale::Lang;

    #[test]
    fn attribute_lines_become_an_object_of_strings() {
        let tr = Tr::new(Lang::En, "/");
        let v = parse_attributes(
            &tr,
            "department = finance\n\n cost.centre=42 \nnote = a = b\n",
        )
        .unwrap();
        assert_eq!(
            v,
            serde_json::json!({"department": "finance", "cost.centre": "42", "note": "a = b"})
        );
        assert_eq!(parse_attributes(&tr, "").unwrap(), serde_json::json!({}));
        let e = parse_attributes(&tr, "a = 1\nno equals sign").unwrap_err();
        assert!(e.contains('2'), "{e}");
        assert!(parse_attributes(&tr, " = x").is_err());
        let e = parse_attributes(&tr, "a = 1\na = 2").unwrap_err();
        assert!(e.contains('a'), "{e}");
        let lines = attribute_lines(&v);
        assert_eq!(lines[0], ("cost.centre".to_owned(), "42".to_owned()));
    }
}
