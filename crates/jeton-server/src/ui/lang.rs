//! The language switch every page links to: `GET /lang?to=fr&return_to=/path` remembers the
//! language in the `jeton_lang` cookie and goes back. Only to a path on this server: the
//! switch must not become an open redirect.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use jeton_core::redirect_uri::is_local_path;

use crate::state::AppState;
use crate::ui::form::{get, pairs};
use crate::ui::pages::{error_page, see_other};
use crate::web::client_ip::ClientOrigin;
use crate::web::locale::{self, Lang, Locale};
use crate::web::urls::HOME;

pub async fn switch(
    State(state): State<AppState>,
    Locale(tr): Locale,
    origin: ClientOrigin,
    jar: CookieJar,
    RawQuery(query): RawQuery,
) -> Response {
    let q = pairs(query.unwrap_or_default().as_bytes());
    let Some(lang) = get(&q, "to").and_then(Lang::from_code) else {
        return error_page(
            &tr,
            StatusCode::BAD_REQUEST,
            "error-bad-request-title",
            "error-bad-language",
            None,
        );
    };
    let back = get(&q, "return_to")
        .filter(|p| is_local_path(p))
        .map(locale::without_lang_param)
        .unwrap_or_else(|| HOME.to_owned());
    let secure = origin.https || state.config.is_https();
    let jar = jar.add(locale::cookie(lang, secure));
    (jar, see_other(&tr, &back)).into_response()
}
