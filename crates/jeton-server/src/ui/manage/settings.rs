//! The domain's settings: token lifetimes (code, access, refresh idle and absolute, ID
//! token), the refresh grace period, the default format of
//! access tokens (opaque or JWT), and personal clients (on or off, and how long one may
//! live: days in the form, seconds in the flow).

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use jeton_core::access_token::AccessTokenFormat;
use jeton_flows::error::ManageError;
use jeton_store::DomainSettings;

use crate::state::AppState;
use crate::ui::form::{PageForm, pairs};
use crate::ui::manage::refusal::{self, days, unsigned};
use crate::ui::manage::{PageManager, form_response, param};
use crate::ui::pages::{FieldErrors, ManageSettingsPage, WithCsrf, expired_form, see_other};
use crate::web::locale::{Locale, Tr};
use crate::web::urls::{Endpoint, with_query};

const DAY: i64 = 86_400;

/// The form's fields as typed (or as the settings are).
struct Typed {
    code_ttl: String,
    access_ttl: String,
    refresh_ttl: String,
    absolute_ttl: String,
    id_ttl: String,
    grace: String,
    personal_enabled: bool,
    max_days: String,
    max_secs_was: String,
    /// `opaque` or `jwt` as chosen (anything else is refused when saved).
    access_format: String,
    /// The token check: attribute keys separated by spaces, the array switch, the header.
    check_attributes: String,
    check_scopes_array: bool,
    check_header: String,
}

impl Typed {
    fn of(s: &DomainSettings) -> Self {
        Self {
            code_ttl: s.code_ttl_secs.to_string(),
            access_ttl: s.access_token_ttl_secs.to_string(),
            refresh_ttl: s.refresh_token_ttl_secs.to_string(),
            absolute_ttl: s.refresh_token_absolute_ttl_secs.to_string(),
            id_ttl: s.id_token_ttl_secs.to_string(),
            grace: s.refresh_grace_secs.to_string(),
            personal_enabled: s.personal_clients_enabled,
            max_days: (s.personal_client_max_lifetime_secs / DAY).to_string(),
            max_secs_was: s.personal_client_max_lifetime_secs.to_string(),
            access_format: s.access_token_format.as_str().to_owned(),
            check_attributes: s.token_check.attributes.join(" "),
            check_scopes_array: s.token_check.scopes_array,
            check_header: s
                .token_check
                .access_token_header
                .clone()
                .unwrap_or_default(),
        }
    }
}

pub async fn show(
    State(state): State<AppState>,
    m: PageManager,
    Locale(tr): Locale,
    RawQuery(query): RawQuery,
) -> Response {
    let q = pairs(query.unwrap_or_default().as_bytes());
    let notice = (param(&q, "saved").is_some()).then(|| tr.t("manage-settings-saved"));
    let typed = Typed::of(&m.domain.settings);
    settings_page(
        &state,
        &m,
        tr,
        StatusCode::OK,
        notice,
        typed,
        FieldErrors::default(),
    )
}

fn settings_page(
    state: &AppState,
    m: &PageManager,
    tr: Tr,
    status: StatusCode,
    notice: Option<String>,
    typed: Typed,
    errors: FieldErrors,
) -> Response {
    let bounds = |r: std::ops::RangeInclusive<i64>| (unsigned(*r.start()), unsigned(*r.end()));
    let page = ManageSettingsPage {
        tr,
        shell: m.shell("settings", notice),
        action: Endpoint::ManageSettings.path(&m.domain.slug),
        code_ttl: typed.code_ttl,
        access_ttl: typed.access_ttl,
        refresh_ttl: typed.refresh_ttl,
        absolute_ttl: typed.absolute_ttl,
        id_ttl: typed.id_ttl,
        grace: typed.grace,
        personal_enabled: typed.personal_enabled,
        max_days: typed.max_days,
        max_secs_was: typed.max_secs_was,
        access_format: typed.access_format,
        check_attributes: typed.check_attributes,
        check_scopes_array: typed.check_scopes_array,
        check_header: typed.check_header,
        code_bounds: bounds(DomainSettings::CODE_TTL_SECS),
        access_bounds: bounds(DomainSettings::ACCESS_TOKEN_TTL_SECS),
        refresh_bounds: bounds(DomainSettings::REFRESH_TOKEN_TTL_SECS),
        absolute_bounds: bounds(DomainSettings::REFRESH_TOKEN_ABSOLUTE_TTL_SECS),
        id_bounds: bounds(DomainSettings::ID_TOKEN_TTL_SECS),
        grace_bounds: bounds(DomainSettings::REFRESH_GRACE_SECS),
        max_days_bounds: days(DomainSettings::PERSONAL_CLIENT_MAX_LIFETIME_SECS),
        errors,
    };
    form_response(state, m, status, |t| WithCsrf::new(t, page))
}

pub async fn save(
    State(state): State<AppState>,
    m: PageManager,
    Locale(tr): Locale,
    headers: HeaderMap,
    form: PageForm,
) -> Response {
    if !m.verified(&state, &headers, &form) {
        return expired_form(&tr, &m.domain);
    }
    let path = Endpoint::ManageSettings.path(&m.domain.slug);
    let tr = tr.at(&path);
    let field = |name| form.get(name).unwrap_or("").trim().to_owned();
    // A field a form from before it existed does not send keeps the domain's value.
    let field_or = |name, now: i64| match form.get(name) {
        Some(v) => v.trim().to_owned(),
        None => now.to_string(),
    };
    let now = &m.domain.settings;
    let typed = Typed {
        code_ttl: field_or("code_ttl_secs", now.code_ttl_secs),
        access_ttl: field("access_token_ttl_secs"),
        refresh_ttl: field("refresh_token_ttl_secs"),
        absolute_ttl: field_or(
            "refresh_token_absolute_ttl_secs",
            now.refresh_token_absolute_ttl_secs,
        ),
        id_ttl: field_or("id_token_ttl_secs", now.id_token_ttl_secs),
        grace: field("refresh_grace_secs"),
        personal_enabled: form.get("personal_clients_enabled").is_some(),
        max_days: field("personal_client_max_lifetime_days"),
        max_secs_was: field("personal_client_max_lifetime_secs_was"),
        // A form from before the choice existed keeps the domain's format.
        access_format: form
            .get("access_token_format")
            .map(|f| f.trim().to_owned())
            .unwrap_or_else(|| m.domain.settings.access_token_format.as_str().to_owned()),
        // A form from before the token check was on the page keeps the domain's.
        check_attributes: match form.get("introspection_attributes") {
            Some(a) => a.trim().to_owned(),
            None => m.domain.settings.token_check.attributes.join(" "),
        },
        check_scopes_array: if form.get("token_check_shown").is_some() {
            form.get("introspection_scopes_array").is_some()
        } else {
            m.domain.settings.token_check.scopes_array
        },
        check_header: match form.get("access_token_header") {
            Some(h) => h.trim().to_owned(),
            None => m
                .domain
                .settings
                .token_check
                .access_token_header
                .clone()
                .unwrap_or_default(),
        },
    };
    let mut errors = FieldErrors::default();
    let mut number = |name: &'static str, text: &str| match text.parse::<i64>() {
        Ok(n) => n,
        Err(_) => {
            errors.add(name, tr.t("manage-error-whole-number"));
            0
        }
    };
    let code = number("code_ttl_secs", &typed.code_ttl);
    let access = number("access_token_ttl_secs", &typed.access_ttl);
    let refresh = number("refresh_token_ttl_secs", &typed.refresh_ttl);
    let absolute = number("refresh_token_absolute_ttl_secs", &typed.absolute_ttl);
    let id = number("id_token_ttl_secs", &typed.id_ttl);
    let grace = number("refresh_grace_secs", &typed.grace);
    let max_days = number("personal_client_max_lifetime_days", &typed.max_days);
    // A lifetime that is not a whole number of days shows rounded down; sent back unchanged,
    // it keeps its seconds rather than being cut to the day.
    let was = typed.max_secs_was.parse::<i64>().ok();
    let max_secs = match was {
        Some(w) if w / DAY == max_days => w,
        _ => max_days.saturating_mul(DAY),
    };
    let access_format = AccessTokenFormat::parse(&typed.access_format).unwrap_or_else(|| {
        errors.add(
            "access_token_format",
            tr.t("manage-settings-access-format-invalid"),
        );
        AccessTokenFormat::Opaque
    });
    if !errors.is_empty() {
        return settings_page(&state, &m, tr, StatusCode::BAD_REQUEST, None, typed, errors);
    }
    let settings = DomainSettings {
        code_ttl_secs: code,
        access_token_ttl_secs: access,
        refresh_token_ttl_secs: refresh,
        refresh_token_absolute_ttl_secs: absolute,
        id_token_ttl_secs: id,
        refresh_grace_secs: grace,
        personal_clients_enabled: typed.personal_enabled,
        personal_client_max_lifetime_secs: max_secs,
        access_token_format: access_format,
        token_check: jeton_core::entities::TokenCheck {
            attributes: typed
                .check_attributes
                .split([' ', ','])
                .filter(|a| !a.is_empty())
                .map(str::to_owned)
                .collect(),
            scopes_array: typed.check_scopes_array,
            access_token_header: Some(typed.check_header.clone()).filter(|h| !h.is_empty()),
        },
    };
    match state
        .flows
        .update_settings(&m.domain, &settings, &m.actor)
        .await
    {
        Ok(()) => see_other(&tr, &with_query(&path, &[("saved", "1")])),
        Err(ManageError::Invalid(f)) => {
            let name = match f.field {
                "personal_client_max_lifetime_secs" => "personal_client_max_lifetime_days",
                other => other,
            };
            errors.add(name, refusal::field(&tr, &f));
            settings_page(&state, &m, tr, StatusCode::BAD_REQUEST, None, typed, errors)
        }
        Err(e) => refusal::page(&tr, &m.domain, e),
    }
}
