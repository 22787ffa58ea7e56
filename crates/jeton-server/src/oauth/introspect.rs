//! Token introspection (RFC 7662). Only confidential clients may ask (resource servers).

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use jeton_core::capabilities::{ClientAuthEndpoint, SERVED};
use jeton_flows::introspection::Introspection;
use serde::Serialize;

use crate::oauth::client_auth;
use crate::oauth::domain::ApiDomain;
use crate::oauth::error::OAuthErrorResponse;
use crate::oauth::form::OAuthForm;
use crate::state::AppState;
use crate::web::client_ip::ClientOrigin;
use crate::web::urls;

/// RFC 7662 §2.2 on the wire: members without a value are left out.
#[derive(Serialize)]
struct Body<'a> {
    active: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    username: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    token_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    exp: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    iat: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    iss: Option<&'a str>,
    /// The domain's choice (`TokenCheck`): the scopes as an array too.
    #[serde(skip_serializing_if = "Option::is_none")]
    scopes: Option<&'a [String]>,
    /// The domain's choice: user attributes as claims of their own names.
    #[serde(flatten)]
    attributes: std::collections::BTreeMap<&'a str, &'a str>,
}

impl<'a> From<&'a Introspection> for Body<'a> {
    fn from(i: &'a Introspection) -> Self {
        Self {
            active: i.active,
            scope: i.scope.as_deref(),
            client_id: i.client_id.as_deref(),
            username: i.username.as_deref(),
            token_type: i.token_type,
            exp: i.exp,
            iat: i.iat,
            sub: i.sub.as_deref(),
            iss: i.iss.as_deref(),
            scopes: i.scopes.as_deref(),
            attributes: i
                .attributes
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect(),
        }
    }
}

pub async fn introspect(
    State(state): State<AppState>,
    ApiDomain(domain): ApiDomain,
    origin: ClientOrigin,
    headers: HeaderMap,
    form: OAuthForm,
) -> Result<Response, OAuthErrorResponse> {
    let client = client_auth::authenticate(&state, &domain, &headers, &form, origin).await?;
    SERVED.check_client_auth(ClientAuthEndpoint::Introspection, client.auth_method)?;
    let token = form.require("token")?;
    let issuer = urls::issuer(state.config.public_base(), &domain.slug);
    let answer = state
        .flows
        .introspect(
            &domain,
            &client,
            token,
            form.get("token_type_hint"),
            &issuer,
        )
        .await?;
    let mut res = Json(Body::from(&answer)).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}
