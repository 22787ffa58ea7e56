//! Query strings and form bodies of the pages, parsed leniently into pairs (a person's
//! browser never sends anything a page could not take) without axum's plain-text rejections.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::Response;

use crate::ui::pages::error_page;
use crate::web::locale::Tr;

pub fn pairs(raw: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(raw)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

pub fn get<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// A page form body, as pairs.
pub struct PageForm(pub Vec<(String, String)>);

impl PageForm {
    pub fn get(&self, name: &str) -> Option<&str> {
        get(&self.0, name)
    }
}

impl<S: Send + Sync> FromRequest<S> for PageForm {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let tr = Tr::of_request(req.uri(), req.headers());
        let body = Bytes::from_request(req, state).await.map_err(|_| {
            error_page(
                &tr,
                StatusCode::PAYLOAD_TOO_LARGE,
                "error-too-large-title",
                "error-too-large",
                None,
            )
        })?;
        Ok(Self(pairs(&body)))
    }
}
