//! An application's page for the domain's managers: the grants it may use (the password
//! and implicit grants are switched on here, per client) and the token policies it
//! overrides (format, ID-token algorithm, lifetimes; blank = the domain's). Personal
//! clients and API consumers are shown without a form (`ClientPolicy::may_change`).

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use jeton_core::client_registration::FieldError;
use jeton_core::entities::ClientPolicy;
use jeton_core::grant_type::{self, GrantType, InvalidClientSettings};
use jeton_flows::error::ManageError;
use jeton_store::{Client, DomainSettings};

use crate::state::AppState;
use crate::ui::form::{PageForm, pairs};
use crate::ui::manage::clients::{kind_key, live_client};
use crate::ui::manage::refusal::{self, unsigned};
use crate::ui::manage::{PageManager, form_response};
use crate::ui::pages::{
    FieldErrors, GrantChoice, LifetimeField, ManageClientPage, WithCsrf, expired_form, see_other,
};
use crate::web::locale::{Locale, Tr};
use crate::web::urls::{Endpoint, with_query};

/// The grants in the order the page lists them, with their label and hint keys.
const GRANTS: [(GrantType, &str, &str); 5] = [
    (
        GrantType::AuthorizationCode,
        "manage-client-grant-code",
        "manage-client-grant-code-hint",
    ),
    (
        GrantType::RefreshToken,
        "manage-client-grant-refresh",
        "manage-client-grant-refresh-hint",
    ),
    (
        GrantType::ClientCredentials,
        "manage-client-grant-credentials",
        "manage-client-grant-credentials-hint",
    ),
    (
        GrantType::Password,
        "manage-client-grant-password",
        "manage-client-grant-password-hint",
    ),
    (
        GrantType::Implicit,
        "manage-client-grant-implicit",
        "manage-client-grant-implicit-hint",
    ),
];

/// The lifetime overrides as typed: (field name, text).
type Typed = Vec<(&'static str, String)>;

fn typed_of(p: &ClientPolicy) -> Typed {
    let text = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    vec![
        ("code_ttl_secs", text(p.code_ttl_secs)),
        ("access_token_ttl_secs", text(p.access_token_ttl_secs)),
        ("refresh_token_ttl_secs", text(p.refresh_token_ttl_secs)),
        (
            "refresh_token_absolute_ttl_secs",
            text(p.refresh_token_absolute_ttl_secs),
        ),
        ("id_token_ttl_secs", text(p.id_token_ttl_secs)),
    ]
}

/// The page's lifetime fields: each with the domain's value and its bounds.
fn lifetime_fields(typed: &Typed, d: &DomainSettings) -> Vec<LifetimeField> {
    let bounds = |r: std::ops::RangeInclusive<i64>| (unsigned(*r.start()), unsigned(*r.end()));
    let rows = [
        (
            "manage-settings-code-ttl",
            d.code_ttl_secs,
            DomainSettings::CODE_TTL_SECS,
        ),
        (
            "manage-settings-access-ttl",
            d.access_token_ttl_secs,
            DomainSettings::ACCESS_TOKEN_TTL_SECS,
        ),
        (
            "manage-settings-refresh-ttl",
            d.refresh_token_ttl_secs,
            DomainSettings::REFRESH_TOKEN_TTL_SECS,
        ),
        (
            "manage-settings-absolute-ttl",
            d.refresh_token_absolute_ttl_secs,
            DomainSettings::REFRESH_TOKEN_ABSOLUTE_TTL_SECS,
        ),
        (
            "manage-settings-id-ttl",
            d.id_token_ttl_secs,
            DomainSettings::ID_TOKEN_TTL_SECS,
        ),
    ];
    typed
        .iter()
        .zip(rows)
        .map(
            |((name, value), (label_key, domain_value, range))| LifetimeField {
                name,
                label_key,
                value: value.clone(),
                domain_value: unsigned(domain_value),
                bounds: bounds(range),
                zero_allowed: *name == "refresh_token_absolute_ttl_secs",
            },
        )
        .collect()
}

/// What the page shows: the policy as it is or as typed, and a notice after saving.
struct Shown {
    notice: Option<String>,
    grants: Vec<GrantType>,
    access_format: String,
    alg: String,
    typed: Typed,
}

impl Shown {
    fn of(client: &Client) -> Self {
        let p = ClientPolicy::of(client);
        Self {
            notice: None,
            access_format: p
                .access_token_format
                .map(|f| f.as_str().to_owned())
                .unwrap_or_default(),
            alg: p
                .id_token_signed_response_alg
                .map(|a| a.as_str().to_owned())
                .unwrap_or_default(),
            typed: typed_of(&p),
            grants: p.grant_types,
        }
    }
}

fn page(
    state: &AppState,
    m: &PageManager,
    tr: Tr,
    status: StatusCode,
    client: &Client,
    shown: Shown,
    errors: FieldErrors,
) -> Response {
    let slug = &m.domain.slug;
    let read_only = ClientPolicy::may_change(client.kind)
        .err()
        .map(|why| tr.t(refusal_key(why)));
    let page = ManageClientPage {
        shell: m.shell("clients", shown.notice),
        action: Endpoint::ManageClient.path_with(slug, client.id.as_str()),
        back_url: Endpoint::ManageClients.path(slug),
        client_name: client.name.clone(),
        client_id: client.id.to_string(),
        kind_key: kind_key(client.kind),
        redirect_uris: client.redirect_uris.clone(),
        read_only,
        grants: GRANTS
            .iter()
            .map(|(g, label_key, hint_key)| GrantChoice {
                value: g.as_str(),
                label_key,
                hint_key,
                checked: shown.grants.contains(g),
            })
            .collect(),
        access_format: shown.access_format,
        alg: shown.alg,
        lifetimes: lifetime_fields(&shown.typed, &m.domain.settings),
        errors,
        tr,
    };
    form_response(state, m, status, |t| WithCsrf::new(t, page))
}

fn grants_refused_key(e: &InvalidClientSettings) -> &'static str {
    match e {
        InvalidClientSettings::NoGrant => "manage-client-error-no-grant",
        InvalidClientSettings::PublicClientCredentials | InvalidClientSettings::PublicPassword => {
            "manage-client-error-public"
        }
        InvalidClientSettings::RefreshWithoutCode => "manage-client-error-refresh",
        InvalidClientSettings::CodeWithoutRedirect
        | InvalidClientSettings::ImplicitWithoutRedirect => "manage-client-error-redirect",
        InvalidClientSettings::NotServed(_) => "manage-error-invalid",
    }
}

fn refusal_key(why: jeton_core::entities::PolicyRefusal) -> &'static str {
    match why {
        jeton_core::entities::PolicyRefusal::Personal => "manage-client-personal",
        jeton_core::entities::PolicyRefusal::Consumer => "manage-client-consumer",
    }
}

pub async fn show(
    State(state): State<AppState>,
    m: PageManager,
    Locale(tr): Locale,
    Path((_, client_id)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Response {
    let saved = pairs(query.unwrap_or_default().as_bytes())
        .iter()
        .any(|(k, _)| k == "saved");
    match live_client(&state, &m, &tr, &client_id).await {
        Ok(client) => {
            let shown = Shown {
                notice: saved.then(|| tr.t("manage-client-saved")),
                ..Shown::of(&client)
            };
            page(
                &state,
                &m,
                tr,
                StatusCode::OK,
                &client,
                shown,
                FieldErrors::default(),
            )
        }
        Err(res) => res,
    }
}

pub async fn save(
    State(state): State<AppState>,
    m: PageManager,
    Locale(tr): Locale,
    Path((_, client_id)): Path<(String, String)>,
    headers: HeaderMap,
    form: PageForm,
) -> Response {
    if !m.verified(&state, &headers, &form) {
        return expired_form(&tr, &m.domain);
    }
    let client = match live_client(&state, &m, &tr, &client_id).await {
        Ok(c) => c,
        Err(res) => return res,
    };
    let path = Endpoint::ManageClient.path_with(&m.domain.slug, client.id.as_str());
    let tr = tr.at(&path);
    let text = |name: &str| form.get(name).unwrap_or("").trim().to_owned();
    let names: Vec<&str> = form
        .0
        .iter()
        .filter(|(k, _)| k == "grant_types")
        .map(|(_, v)| v.as_str())
        .collect();
    let shown = Shown {
        notice: None,
        grants: names.iter().filter_map(|n| GrantType::parse(n)).collect(),
        access_format: text("access_token_format"),
        alg: text("id_token_signed_response_alg"),
        typed: typed_of(&ClientPolicy::of(&client))
            .into_iter()
            .map(|(name, _)| (name, text(name)))
            .collect(),
    };
    let mut errors = FieldErrors::default();
    let mut lifetime = |name: &'static str| -> Option<i64> {
        let t = text(name);
        if t.is_empty() {
            return None;
        }
        t.parse().map_or_else(
            |_| {
                errors.add(name, tr.t("manage-error-whole-number"));
                None
            },
            Some,
        )
    };
    let lifetimes = [
        lifetime("code_ttl_secs"),
        lifetime("access_token_ttl_secs"),
        lifetime("refresh_token_ttl_secs"),
        lifetime("refresh_token_absolute_ttl_secs"),
        lifetime("id_token_ttl_secs"),
    ];
    let mut field_error = |e: FieldError| errors.add(e.field, refusal::field(&tr, &e));
    let grant_types = ClientPolicy::parse_grant_types(&names)
        .map_err(&mut field_error)
        .unwrap_or_default();
    let access_token_format = ClientPolicy::parse_format(Some(&shown.access_format))
        .map_err(&mut field_error)
        .unwrap_or_default();
    let id_token_signed_response_alg = ClientPolicy::parse_alg(Some(&shown.alg))
        .map_err(&mut field_error)
        .unwrap_or_default();
    // The flow checks the grants too; checked here first for a message in the person's
    // language that says which rule (the flow's `FieldError` carries English).
    if errors.get("grant_types").is_none()
        && let Err(e) = grant_type::check_client_settings(
            &grant_types,
            client.auth_method,
            &client.redirect_uris,
        )
    {
        errors.add("grant_types", tr.t(grants_refused_key(&e)));
    }
    if !errors.is_empty() {
        return page(
            &state,
            &m,
            tr,
            StatusCode::BAD_REQUEST,
            &client,
            shown,
            errors,
        );
    }
    let [code, access, refresh, absolute, id] = lifetimes;
    let policy = ClientPolicy {
        grant_types,
        access_token_format,
        id_token_signed_response_alg,
        code_ttl_secs: code,
        access_token_ttl_secs: access,
        refresh_token_ttl_secs: refresh,
        refresh_token_absolute_ttl_secs: absolute,
        id_token_ttl_secs: id,
    };
    match state
        .flows
        .update_client_policy(&m.domain, &client.id, &policy, &m.actor)
        .await
    {
        Ok(_) => see_other(&tr, &with_query(&path, &[("saved", "1")])),
        Err(ManageError::Invalid(f)) => {
            let mut errors = FieldErrors::default();
            errors.add(f.field, refusal::field(&tr, &f));
            page(
                &state,
                &m,
                tr,
                StatusCode::BAD_REQUEST,
                &client,
                shown,
                errors,
            )
        }
        Err(e) => refusal::page(&tr, &m.domain, e),
    }
}
