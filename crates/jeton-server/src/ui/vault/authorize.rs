//! "Authorize and save": the button on a credential's page sends the browser to the
//! provider (`Flows::vault_authorize_start`), and the provider sends it back to
//! `/d/{d}/vault/callback` (the redirect URI shown on the page). For the code grant the code
//! and state are in the query; the implicit grant puts the token in the fragment, which
//! only the browser sees: the GET without a state answers a small page whose script
//! (`/static/vault_callback.js`) posts the fragment back here with the page's CSRF token.
//! Then `Flows::vault_authorize_finish` decides; an unknown, expired or reused state and
//! the provider's own refusal are pages in plain words, never a 500.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jeton_core::vault_authorization::StateProblem;
use jeton_flows::vault_authorize::{AuthorizeError, ProviderAnswer};
use secrecy::SecretString;

use super::{caller, credential_url, home, nav, notice, redirect_uris, refused};
use crate::state::AppState;
use crate::ui::account::{ItemId, Posted, Visit};
use crate::ui::form::pairs;
use crate::ui::pages::{VaultFragmentPage, WithCsrf, render_form, see_other};
use crate::web::csrf;
use crate::web::urls::{Endpoint, with_query};

/// POST from the credential's page: to the provider.
pub async fn start(
    State(state): State<AppState>,
    ItemId(id): ItemId,
    Posted { visit: v, .. }: Posted,
) -> Response {
    let redirect = redirect_uris(&state, &v.domain.slug).remove(0);
    match state
        .flows
        .vault_authorize_start(&v.domain, &id, &caller(&v), &redirect)
        .await
    {
        Ok(url) => see_other(&v.tr, &url),
        Err(e) => refused(&v.tr, nav(&state, &v), &v.domain.slug, e),
    }
}

/// The provider's redirect: the code grant's answer (or error) in the query; without a
/// state, the implicit grant's fragment page.
pub async fn callback_get(
    State(state): State<AppState>,
    v: Visit,
    RawQuery(query): RawQuery,
) -> Response {
    let q = pairs(query.unwrap_or_default().as_bytes());
    if !q
        .iter()
        .any(|(k, _)| k == "state" || k == "error" || k == "code")
    {
        let nav = nav(&state, &v);
        let (jar, token) = csrf::token(&state, v.jar, v.origin.https);
        let page = VaultFragmentPage {
            action: Endpoint::VaultCallback.path(&v.domain.slug),
            tr: v.tr,
            nav,
        };
        return (
            jar,
            render_form(StatusCode::OK, &WithCsrf::new(token, page)),
        )
            .into_response();
    }
    finish(&state, v, answer(&q)).await
}

/// The implicit grant's fragment, posted by the callback page's script.
pub async fn callback_post(
    State(state): State<AppState>,
    Posted { visit: v, form }: Posted,
) -> Response {
    let fragment = form.get("fragment").unwrap_or("");
    let q = pairs(fragment.trim_start_matches('#').as_bytes());
    finish(&state, v, answer(&q)).await
}

fn answer(q: &[(String, String)]) -> ProviderAnswer {
    let get = |k: &str| q.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    ProviderAnswer {
        state: get("state").unwrap_or_default(),
        code: get("code").map(SecretString::from),
        access_token: get("access_token").map(SecretString::from),
        token_type: get("token_type"),
        expires_in: get("expires_in"),
        scope: get("scope"),
        error: get("error"),
        error_description: get("error_description"),
    }
}

async fn finish(state: &AppState, v: Visit, answer: ProviderAnswer) -> Response {
    let slug = v.domain.slug.clone();
    let outcome = state
        .flows
        .vault_authorize_finish(&v.domain, &caller(&v), answer)
        .await;
    let nav = nav(state, &v);
    let tr = &v.tr;
    match outcome {
        Ok(c) => see_other(
            tr,
            &with_query(&credential_url(&slug, &c.id), &[("done", "authorized")]),
        ),
        Err(AuthorizeError::State(p)) => notice(
            tr,
            nav,
            StatusCode::BAD_REQUEST,
            "vault-state-title",
            tr.t(match p {
                StateProblem::Unknown => "vault-state-unknown",
                StateProblem::Expired => "vault-state-expired",
                StateProblem::Used => "vault-state-used",
            }),
            home(&slug, None),
            "vault-back",
        ),
        Err(AuthorizeError::Refused {
            credential_id,
            error,
            description,
        }) => notice(
            tr,
            nav,
            StatusCode::BAD_REQUEST,
            "vault-provider-refused-title",
            match description {
                Some(d) => tr.t2(
                    "vault-provider-refused-described",
                    "error",
                    error.as_str(),
                    "description",
                    d.as_str(),
                ),
                None => tr.t1("vault-provider-refused", "error", error.as_str()),
            },
            credential_url(&slug, &credential_id),
            "vault-back-credential",
        ),
        Err(AuthorizeError::Incomplete {
            credential_id,
            missing,
        }) => notice(
            tr,
            nav,
            StatusCode::BAD_REQUEST,
            "vault-provider-refused-title",
            tr.t1("vault-provider-incomplete", "missing", missing),
            credential_url(&slug, &credential_id),
            "vault-back-credential",
        ),
        Err(AuthorizeError::Vault(e)) => refused(tr, nav, &slug, e),
    }
}
