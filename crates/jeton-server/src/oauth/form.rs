//! The request body of the token, introspection and revocation endpoints: only
//! `application/x-www-form-urlencoded` (RFC 6749 §3.2), each parameter at most once (but for
//! the few that a specification lets repeat, `MAY_REPEAT`), and a malformed body answered in
//! OAuth's error format, not axum's.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header;
use jeton_core::OAuthError;

use crate::oauth::error::OAuthErrorResponse;

/// Parameters that may be sent several times: RFC 8707 §2 `resource`.
const MAY_REPEAT: &[&str] = &["resource"];

pub struct OAuthForm {
    pairs: Vec<(String, String)>,
}

impl OAuthForm {
    pub fn parse(body: &[u8]) -> Result<Self, OAuthError> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (k, v) in url::form_urlencoded::parse(body) {
            // RFC 6749 §3.1: a parameter without a value counts as omitted.
            if v.is_empty() {
                continue;
            }
            if !MAY_REPEAT.contains(&&*k) && pairs.iter().any(|(pk, _)| *pk == k) {
                return Err(OAuthError::invalid_request(format!(
                    "the parameter {k} is repeated"
                )));
            }
            pairs.push((k.into_owned(), v.into_owned()));
        }
        Ok(Self { pairs })
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a parameter in `MAY_REPEAT`, in the order sent.
    pub fn get_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        debug_assert!(MAY_REPEAT.contains(&name), "{name} may not repeat");
        self.pairs
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn require(&self, name: &'static str) -> Result<&str, OAuthError> {
        self.get(name)
            .ok_or_else(|| OAuthError::invalid_request(format!("the parameter {name} is required")))
    }

    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

impl<S: Send + Sync> FromRequest<S> for OAuthForm {
    type Rejection = OAuthErrorResponse;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_form = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| {
                v.trim()
                    .eq_ignore_ascii_case("application/x-www-form-urlencoded")
            });
        if !is_form {
            return Err(OAuthError::invalid_request(
                "the body must be application/x-www-form-urlencoded",
            )
            .into());
        }
        let body = Bytes::from_request(req, state).await.map_err(|_| {
            OAuthError::invalid_request("the request body could not be read or is too large")
        })?;
        Ok(Self::parse(&body)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_parameters_are_refused_and_empty_ones_ignored() {
        assert!(OAuthForm::parse(b"a=1&a=2").is_err());
        let f = OAuthForm::parse(b"a=1&b=&c=x%20y").unwrap();
        assert_eq!(f.get("a"), Some("1"));
        assert_eq!(f.get("b"), None);
        assert_eq!(f.get("c"), Some("x y"));
        assert!(f.require("b").is_err());
        let f = OAuthForm::parse(b"resource=https%3A%2F%2Fa&resource=urn%3Ab").unwrap();
        assert_eq!(
            f.get_all("resource").collect::<Vec<_>>(),
            ["https://a", "urn:b"],
            "RFC 8707 §2: resource may repeat"
        );
    }
}
