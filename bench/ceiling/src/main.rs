//! A fixed-answer server: what the machine can do with axum, tokio and the bench's wrk load
//! when the handler does nothing. Each route answers the same JSON body, of about the size
//! and shape of Jeton's answer, with `Cache-Control: no-store` (and `Pragma: no-cache` on the
//! token route, as Jeton). The request body is read (as Jeton reads its form) and ignored.
//!
//!   jeton-bench-ceiling 127.0.0.1:PORT

use axum::Router;
use axum::body::Bytes;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::post;

// Byte for byte the size and shape of Jeton's answers for the bench's client (143 and 198
// bytes): a 63-character access token, the bench:read scope, a 22-character client id.
const TOKEN: &str = concat!(
    r#"{"access_token":"jeton_at_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01","#,
    r#""token_type":"Bearer","expires_in":3600,"scope":"bench:read"}"#
);
const INTROSPECT: &str = concat!(
    r#"{"active":true,"scope":"bench:read","client_id":"abcdefghijklmnopqrstuv","#,
    r#""token_type":"Bearer","exp":1796198514,"iat":1796194914,"#,
    r#""sub":"abcdefghijklmnopqrstuv","iss":"http://127.0.0.1:58833/d/main"}"#
);

async fn token(_body: Bytes) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
            (header::PRAGMA, "no-cache"),
        ],
        TOKEN,
    )
}

async fn introspect(_body: Bytes) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        INTROSPECT,
    )
}

#[tokio::main]
async fn main() {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8080".to_owned());
    let app = Router::new()
        .route("/d/main/oauth/token", post(token))
        .route("/d/main/oauth/introspect", post(introspect))
        .route("/readyz", axum::routing::get(|| async { "ok" }));
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}
