//! Security headers on every response; pages (HTML) also get a strict Content-Security-Policy,
//! `X-Frame-Options: DENY` (no clickjacking of login or consent) and `no-store` (they carry
//! CSRF tokens and personal data).

use axum::http::{HeaderValue, Response, header};

/// Our own stylesheet and script only (`/static/`): no inline script or style, nothing from
/// elsewhere, no framing. (No `form-action`: browsers apply it to the redirect that follows
/// the consent form, which goes to the application.)
pub const CSP: &str = "default-src 'none'; style-src 'self'; script-src 'self'; \
    img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'";

/// `value` on HTML answers only (the pages), for a `SetResponseHeaderLayer`.
pub fn on_pages<B>(value: &'static str) -> impl FnMut(&Response<B>) -> Option<HeaderValue> + Clone {
    move |res: &Response<B>| is_html(res).then(|| HeaderValue::from_static(value))
}

fn is_html<B>(res: &Response<B>) -> bool {
    res.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}
