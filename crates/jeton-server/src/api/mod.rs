//! The JSON API behind the pages (`/api/v1/...`, DESIGN §3). Handlers are annotated with
//! `#[utoipa::path]` and mounted through `utoipa_axum`'s `routes!`, so the OpenAPI document
//! at `/api/v1/openapi.json` is generated from the very routes that are served and cannot
//! drift from them.
//!
//! Errors are problem details (`problem.rs`); who may call is `caller.rs`.

pub mod account;
pub mod admin;
pub mod caller;
pub mod json;
pub mod manage;
pub mod problem;
pub mod vault;

use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use utoipa::OpenApi;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Jeton API",
        description = "The first-party API behind Jeton's pages. Calls authenticate with the \
            session cookie of a domain's pages (`jeton_session_{d}`); calls that change \
            anything also send the `jeton_csrf` cookie's value in `X-CSRF-Token`. Access \
            tokens issued to OAuth clients are refused. Errors are RFC 9457 problem details \
            with a stable `type`.",
    ),
    modifiers(&SessionSecurity),
    tags(
        (name = "account", description = "What a signed-in person manages for themselves"),
        (name = "admin", description = "The super administrator: domains, API consumers, admin API tokens, the global audit log"),
        (name = "manage", description = "A domain's managers (and the super administrator): users, clients, scopes, settings, audit log"),
        (name = "vault", description = "The vault's outside credentials: tokens for jobs presenting a Jeton access token with scope vault:use; changes and permissions for people signed in to the domain's pages or a Jeton access token with scope vault:manage")
    )
)]
struct ApiDoc;

struct SessionSecurity;

impl utoipa::Modify for SessionSecurity {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "jeton_session_{d}",
                "The session of the domain's pages",
            ))),
        );
        components.add_security_scheme(
            "admin_token",
            SecurityScheme::Http(
                utoipa::openapi::security::HttpBuilder::new()
                    .scheme(utoipa::openapi::security::HttpAuthScheme::Bearer)
                    .description(Some("An admin API token (jeton_adm_…): scope admin, or domain:SLUG for that domain's management calls"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                utoipa::openapi::security::HttpBuilder::new()
                    .scheme(utoipa::openapi::security::HttpAuthScheme::Bearer)
                    .description(Some("A Jeton access token of the credential's domain carrying the scope vault:use (the vault's token API only)"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "csrf",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-CSRF-Token",
                "The jeton_csrf cookie's value, on every call that changes something",
            ))),
        );
        openapi.security = Some(vec![
            utoipa::openapi::security::SecurityRequirement::new("session", Vec::<String>::new())
                .add("csrf", Vec::<String>::new()),
            utoipa::openapi::security::SecurityRequirement::new(
                "admin_token",
                Vec::<String>::new(),
            ),
        ]);
    }
}

/// The API's routes, and the OpenAPI document that describes exactly them.
pub fn router() -> Router<AppState> {
    let (router, mut doc) = OpenApiRouter::<AppState>::with_openapi(ApiDoc::openapi())
        .routes(routes!(account::me, account::update_me))
        .routes(routes!(account::change_password))
        .routes(routes!(account::authorized_apps))
        .routes(routes!(account::revoke_authorized_app))
        .routes(routes!(
            account::personal_clients,
            account::create_personal_client
        ))
        .routes(routes!(account::rotate_personal_client_secret))
        .routes(routes!(account::revoke_personal_client))
        .routes(routes!(
            account::my_apps::my_apps,
            account::my_apps::create_my_app
        ))
        .routes(routes!(
            account::my_apps::update_my_app,
            account::my_apps::delete_my_app
        ))
        .routes(routes!(account::my_apps::rotate_my_app_secret))
        .routes(routes!(
            manage::users::list_users,
            manage::users::create_user
        ))
        .routes(routes!(manage::users::show_user))
        .routes(routes!(manage::users::disable_user))
        .routes(routes!(manage::users::enable_user))
        .routes(routes!(manage::users::set_roles))
        .routes(routes!(manage::users::set_attributes))
        .routes(routes!(manage::users::set_email))
        .routes(routes!(manage::clients::list_clients))
        .routes(routes!(manage::clients::revoke_client))
        .routes(routes!(
            manage::client_policy::get_client_policy,
            manage::client_policy::put_client_policy
        ))
        .routes(routes!(
            manage::settings::list_scopes,
            manage::settings::create_scope
        ))
        .routes(routes!(
            manage::settings::get_settings,
            manage::settings::put_settings
        ))
        .routes(routes!(manage::audit::audit))
        .routes(routes!(admin::list_domains, admin::create_domain))
        .routes(routes!(admin::update_domain))
        .routes(routes!(admin::list_consumers, admin::create_consumer))
        .routes(routes!(admin::rotate_consumer_secret))
        .routes(routes!(admin::revoke_consumer))
        .routes(routes!(admin::list_tokens, admin::create_token))
        .routes(routes!(admin::revoke_token))
        .routes(routes!(admin::audit))
        .routes(routes!(vault::credential_token))
        .routes(routes!(vault::edit::edit_credential))
        .routes(routes!(
            vault::permissions::credential_permissions,
            vault::permissions::grant_credential_permission
        ))
        .routes(routes!(vault::permissions::revoke_credential_permission))
        .routes(routes!(
            vault::permissions::domain_permissions,
            vault::permissions::grant_container_permission
        ))
        .routes(routes!(vault::permissions::revoke_permission))
        .split_for_parts();
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    let json: Arc<str> = doc
        .to_pretty_json()
        .expect("the OpenAPI document serializes")
        .into();
    router
        .route(
            "/api/v1/openapi.json",
            axum::routing::get(move || openapi_json(json.clone())),
        )
        // Anything else under the API's prefix is a problem, not the HTML 404 page.
        .route("/api/v1/{*rest}", axum::routing::any(not_found))
}

async fn openapi_json(json: Arc<str>) -> Response {
    let mut res = json.to_string().into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    res
}

async fn not_found() -> problem::ApiError {
    problem::ApiError::not_found("API endpoint")
}
