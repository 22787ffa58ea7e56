//! Security headers on every response; pages (HTML) also get a strict Content-Security-Policy,
//! `X-Frame-Options: DENY` (no clickjacking of login or consent) and `no-store` (they carry
//! CSRF tokens and personal data).

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// Our own stylesheet and script only (`/static/`): no inline script or style, nothing from
/// elsewhere, no framing. (No `form-action`: browsers apply it to the redirect that follows
/// the consent form, which goes to the application.)
pub const CSP: &str = "default-src 'none'; style-src 'self'; script-src 'self'; \
    img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'";

pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // Page URLs carry authorization parameters: never send them to other sites. (Not
    // no-referrer: that would make browsers send `Origin: null`, defeating the CSRF check.)
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    let is_html = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}
