//! Operations endpoints: liveness, readiness, the stylesheet and the script of the pages, and
//! the not-found page.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::state::AppState;
use crate::ui::pages::error_page;
use crate::web::locale::Locale;

/// The process is up.
pub async fn healthz() -> Response {
    Json(json!({"status": "ok"})).into_response()
}

/// The process can serve (`Flows::check_ready`); when not, the load balancer sends traffic
/// elsewhere until it is.
pub async fn readyz(State(state): State<AppState>) -> Response {
    match state.flows.check_ready().await {
        Ok(()) => Json(json!({"status": "ready"})).into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            let mut res = (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "database unavailable"})),
            )
                .into_response();
            res.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(crate::web::RETRY_AFTER_SECS),
            );
            res
        }
    }
}

pub async fn stylesheet() -> Response {
    static_file(
        include_str!("../static/jeton.css"),
        "text/css; charset=utf-8",
    )
}

/// The copy buttons (the only script; the CSP allows `script-src 'self'`, nothing inline).
pub async fn script() -> Response {
    static_file(
        include_str!("../static/jeton.js"),
        "text/javascript; charset=utf-8",
    )
}

/// The vault's implicit-grant callback page posts the URL fragment (`ui::vault::authorize`).
pub async fn vault_callback_script() -> Response {
    static_file(
        include_str!("../static/vault_callback.js"),
        "text/javascript; charset=utf-8",
    )
}

fn static_file(body: &'static str, content_type: &'static str) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    res
}

pub async fn not_found(Locale(tr): Locale) -> Response {
    error_page(
        &tr,
        StatusCode::NOT_FOUND,
        "error-not-found-title",
        "error-not-found",
        None,
    )
}
