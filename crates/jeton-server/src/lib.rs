//! Jeton's HTTP server: the OAuth endpoints (`oauth`), the pages for people (`ui`), the
//! plumbing they share (`web`) and operations endpoints (`ops`). Handlers parse, call a flow
//! of `jeton-flows` and answer; `oauth` and `ui` do not import each other.

pub mod api;
pub mod config;
pub mod encryption_key;
mod listener;
pub mod metrics;
pub mod oauth;
pub mod oidc;
pub mod ops;
pub mod state;
pub mod tls;
pub mod ui;
pub mod web;

use std::convert::Infallible;
use std::future::Future;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{self, HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use hyper::body::Incoming;
use tokio::net::TcpListener;
use tower::{Service, ServiceBuilder};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use config::Config;
pub use state::AppState;

use web::urls::{AdminPage, Endpoint};

/// Form bodies are small; anything larger is refused before it is read.
const BODY_LIMIT: usize = 64 * 1024;

/// The whole application: the routes, then the layers every request goes through.
///
/// Only what needs the route (the metrics, which label by route pattern) and the body limit
/// (an extension the extractors read) are layers of the router: `Router::layer` wraps each
/// route apart, and each request clones its route's stack into a new box. The rest wraps the
/// router once, outside it.
pub fn app(
    state: AppState,
) -> impl Service<
    http::Request<Incoming>,
    Response = axum::response::Response,
    Error = Infallible,
    Future: Send + 'static,
> + Clone
+ Send
+ Sync
+ 'static {
    let request_timeout = Duration::from_secs(state.config.request_timeout_secs);
    let router = routes(state);
    ServiceBuilder::new()
        // The layers below change the body's type: back to axum's.
        .map_response(IntoResponse::into_response)
        .layer(web::request_id::RequestIdLayer::new())
        .layer(
            // The span names the method and path only: query strings carry state and codes.
            TraceLayer::new_for_http().make_span_with(|req: &http::Request<Incoming>| {
                let id = req
                    .headers()
                    .get(web::request_id::X_REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
            }),
        )
        // The security headers (web/headers.rs), outside the timeout and catch-panic so
        // that their 408 and 500 carry them too.
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        // Page URLs carry authorization parameters: never send them to other sites. (Not
        // no-referrer: that would make browsers send `Origin: null`, defeating the CSRF check.)
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            web::headers::on_pages(web::headers::CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            web::headers::on_pages("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            web::headers::on_pages("no-store"),
        ))
        .layer(CatchPanicLayer::new())
        // From the end of the headers to the answer, reading the body included: a body that
        // trickles in is cut here (408; the unread body is dropped, so hyper closes the
        // connection after the answer).
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, request_timeout))
        .service(router)
}

/// Every route, with the layers that need to know which route a request took. (Not
/// formatted: one route per line reads as the table it is.)
#[rustfmt::skip]
fn routes(state: AppState) -> Router {
    Router::new()
        .route(Endpoint::Metadata.route(), get(oauth::metadata::metadata))
        .route(Endpoint::MetadataAppended.route(), get(oauth::metadata::metadata))
        .route(
            Endpoint::Authorize.route(),
            get(ui::authorize::authorize_get).post(ui::authorize::authorize_post),
        )
        .route(Endpoint::OpenIdConfiguration.route(), get(oauth::metadata::metadata))
        .route(Endpoint::Jwks.route(), get(oidc::jwks::jwks))
        .route(
            Endpoint::UserInfo.route(),
            get(oidc::userinfo::userinfo_get).post(oidc::userinfo::userinfo_post),
        )
        .route(
            Endpoint::EndSession.route(),
            get(ui::end_session::end_session_get).post(ui::end_session::end_session_post),
        )
        .route(Endpoint::Token.route(), post(oauth::token::token))
        .route(Endpoint::Introspect.route(), post(oauth::introspect::introspect))
        .route(Endpoint::Revoke.route(), post(oauth::revoke::revoke))
        .route(Endpoint::Login.route(), get(ui::login::login_get).post(ui::login::login_post))
        .route(Endpoint::Logout.route(), get(ui::logout::logout_get).post(ui::logout::logout_post))
        .route(Endpoint::Consent.route(), get(ui::consent::consent_get).post(ui::consent::consent_post))
        .route(Endpoint::Account.route(), get(ui::account::account))
        .route(Endpoint::AccountApplications.route(), get(ui::account::applications::list))
        .route(
            Endpoint::AccountApplicationRevoke.route(),
            get(ui::account::applications::confirm_revoke).post(ui::account::applications::revoke),
        )
        .route(
            Endpoint::AccountClients.route(),
            get(ui::account::clients::list).post(ui::account::clients::create),
        )
        .route(
            Endpoint::AccountClientRotate.route(),
            get(ui::account::clients::confirm_rotate).post(ui::account::clients::rotate),
        )
        .route(
            Endpoint::AccountClientRevoke.route(),
            get(ui::account::clients::confirm_revoke).post(ui::account::clients::revoke),
        )
        // The profile's forms and "My applications" (GET of a form's address shows its page).
        .route(Endpoint::AccountEmail.route(), get(ui::account::account).post(ui::account::profile::change_email))
        .route(Endpoint::AccountPassword.route(), get(ui::account::account).post(ui::account::profile::change_password))
        .route(Endpoint::AccountMyApps.route(), get(ui::account::my_apps::list).post(ui::account::my_apps::create))
        .route(Endpoint::AccountMyApp.route(), get(ui::account::my_apps::show).post(ui::account::my_apps::save))
        .route(Endpoint::AccountMyAppRotate.route(), get(ui::account::my_apps::confirm_rotate).post(ui::account::my_apps::rotate))
        .route(Endpoint::AccountMyAppDelete.route(), get(ui::account::my_apps::confirm_delete).post(ui::account::my_apps::delete))
        .route(Endpoint::DomainStart.route(), get(ui::start::domain_start))
        // The domain managers' pages.
        .route(Endpoint::Manage.route(), get(ui::manage::overview))
        .route(Endpoint::ManageUsers.route(), get(ui::manage::users::list).post(ui::manage::users::create))
        .route(Endpoint::ManageUser.route(), get(ui::manage::user::show))
        .route(Endpoint::ManageUserDisable.route(), get(ui::manage::user::disable_get).post(ui::manage::user::disable_post))
        .route(Endpoint::ManageUserEnable.route(), post(ui::manage::user::enable_post))
        .route(Endpoint::ManageUserRoles.route(), post(ui::manage::user::set_roles))
        .route(Endpoint::ManageUserAttributes.route(), post(ui::manage::user::set_attributes))
        .route(Endpoint::ManageClients.route(), get(ui::manage::clients::list))
        .route(Endpoint::ManageClientRevoke.route(), get(ui::manage::clients::revoke_get).post(ui::manage::clients::revoke_post))
        .route(Endpoint::ManageClient.route(), get(ui::manage::client_policy::show).post(ui::manage::client_policy::save))
        .route(Endpoint::ManageScopes.route(), get(ui::manage::scopes::list).post(ui::manage::scopes::create))
        .route(Endpoint::ManageSettings.route(), get(ui::manage::settings::show).post(ui::manage::settings::save))
        .route(Endpoint::ManageAudit.route(), get(ui::manage::audit::list))
        // The vault's pages.
        .route(Endpoint::Vault.route(), get(ui::vault::list::list))
        .route(Endpoint::VaultNew.route(), get(ui::vault::create::new_form).post(ui::vault::create::create))
        .route(Endpoint::VaultCredential.route(), get(ui::vault::credential::show))
        .route(Endpoint::VaultAuthorize.route(), post(ui::vault::authorize::start))
        .route(Endpoint::VaultObtain.route(), post(ui::vault::credential::obtain))
        .route(Endpoint::VaultDelete.route(), get(ui::vault::credential::confirm_delete).post(ui::vault::credential::delete))
        .route(Endpoint::VaultEdit.route(), get(ui::vault::edit::edit_form).post(ui::vault::edit::save))
        .route(Endpoint::VaultPermit.route(), get(ui::vault::credential::show).post(ui::vault::permissions::grant))
        .route(Endpoint::VaultUnpermit.route(), post(ui::vault::permissions::remove))
        .route(Endpoint::VaultContainerPermissions.route(), get(ui::vault::container_permissions::show).post(ui::vault::container_permissions::grant))
        .route(Endpoint::VaultContainerUnpermit.route(), post(ui::vault::container_permissions::remove))
        .route(Endpoint::VaultCallback.route(), get(ui::vault::authorize::callback_get).post(ui::vault::authorize::callback_post))
        // The super administrator's pages.
        .route(AdminPage::Overview.route(), get(ui::admin::overview))
        .route(AdminPage::Domains.route(), get(ui::admin::domains::list).post(ui::admin::domains::create))
        .route(AdminPage::Domain.route(), get(ui::admin::domains::show))
        .route(AdminPage::DomainRename.route(), post(ui::admin::domains::rename))
        .route(AdminPage::DomainDisable.route(), get(ui::admin::domains::disable_get).post(ui::admin::domains::disable_post))
        .route(AdminPage::DomainEnable.route(), post(ui::admin::domains::enable))
        .route(AdminPage::DomainManagers.route(), post(ui::admin::managers::appoint))
        .route(AdminPage::DomainManagerRemove.route(), get(ui::admin::managers::remove_get).post(ui::admin::managers::remove_post))
        .route(AdminPage::DomainConsumers.route(), post(ui::admin::consumers::create))
        .route(AdminPage::DomainConsumerRotate.route(), get(ui::admin::consumers::rotate_get).post(ui::admin::consumers::rotate_post))
        .route(AdminPage::DomainConsumerRevoke.route(), get(ui::admin::consumers::revoke_get).post(ui::admin::consumers::revoke_post))
        .route(AdminPage::Tokens.route(), get(ui::admin::tokens::list).post(ui::admin::tokens::create))
        .route(AdminPage::TokenRevoke.route(), get(ui::admin::tokens::revoke_get).post(ui::admin::tokens::revoke_post))
        .route(AdminPage::Audit.route(), get(ui::admin::audit::list))
        .route(web::urls::HOME, get(ui::start::home))
        .route(web::urls::FIND_DOMAIN, get(ui::start::find_domain))
        .route(web::urls::LANG_SWITCH, get(ui::lang::switch))
        .merge(api::router())
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(metrics::metrics))
        .route("/static/jeton.css", get(ops::stylesheet))
        .route("/static/jeton.js", get(ops::script))
        .route("/static/vault_callback.js", get(ops::vault_callback_script))
        .fallback(ops::not_found)
        // Inside the router, so each request's route pattern is known.
        .layer(metrics::TrackLayer(state.metrics.clone()))
        .with_state(state)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
}

/// Serves until `shutdown` resolves, then lets in-flight requests finish. The limits on slow
/// and idle clients are in `listener.rs`. Serves HTTPS when the configuration names
/// `tls_cert` and `tls_key` (a problem with them is an `InvalidInput` error naming the key);
/// callers that want that error before anything else happens load [`tls::Tls`] themselves
/// and call [`serve_with`].
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let tls = tls::Tls::from_config(&state.config)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    serve_with(listener, state, tls, shutdown).await
}

/// [`serve`], with TLS already loaded (`None`: plain http).
pub async fn serve_with(
    listener: TcpListener,
    state: AppState,
    tls: Option<tls::Tls>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    if let Some(warning) = tls::plain_http_warning(&state.config, listener.local_addr()?) {
        tracing::warn!("{warning}");
    }
    let mut jobs = jeton_flows::jobs::JobRunner::spawn(
        state.flows.clone(),
        vec![
            Box::new(jeton_flows::jobs::Sweep {
                every: Duration::from_secs(state.config.sweep_interval_secs),
            }),
            Box::new(jeton_flows::usage::FlushUsage {
                every: Duration::from_secs(state.config.usage_flush_interval_secs),
            }),
            Box::new(jeton_flows::keys::RetireKeys),
            Box::new(jeton_flows::vault::VaultRefresh {
                every: Duration::from_secs(state.config.vault_refresh_interval_secs),
            }),
        ],
    );
    let feed = state.flows.spawn_change_feed();
    let limits = listener::Limits {
        header_read_timeout: Duration::from_secs(state.config.header_read_timeout_secs),
        idle_timeout: Duration::from_secs(state.config.idle_timeout_secs),
        max_connections: state.config.max_connections,
    };
    let acceptor = tls.as_ref().map(tls::Tls::acceptor);
    let reload = tls.map(|tls| {
        tokio::spawn(tls.watch(Duration::from_secs(state.config.tls_reload_interval_secs)))
    });
    let result = listener::run(listener, app(state), limits, acceptor, shutdown).await;
    jobs.abort_all();
    if let Some(reload) = reload {
        reload.abort();
    }
    if let Some(feed) = feed {
        feed.abort();
    }
    result
}
