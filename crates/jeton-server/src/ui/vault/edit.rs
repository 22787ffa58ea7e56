//! The edit form of a credential: the create form's fields, filled in with what is saved
//! (never a secret: an empty secret keeps the saved one), saved through `Flows::vault_edit`
//! (who may edit; a change to what the tokens depend on drops them). "Authorize and save"
//! goes to the provider right after saving, for the code and implicit grants.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use jeton_core::vault::{Access, VaultGrant};
use jeton_flows::vault::{Revocation, VaultEdit, VaultError};
use secrecy::SecretString;

use super::create::{Typed, field_key, render_as};
use super::{caller, credential_url, nav, redirect_uris, refused};
use crate::state::AppState;
use crate::ui::account::{ItemId, Posted, Visit};
use crate::ui::pages::{FieldErrors, see_other};
use crate::web::urls::with_query;

pub async fn edit_form(State(state): State<AppState>, ItemId(id): ItemId, v: Visit) -> Response {
    let entry = match state.flows.vault_entry(&v.domain, &id, &caller(&v)).await {
        Ok(e) if e.access == Access::Edit => e,
        Ok(_) => {
            return refused(
                &v.tr,
                nav(&state, &v),
                &v.domain.slug,
                VaultError::Forbidden("you may not change this credential"),
            );
        }
        Err(e) => return refused(&v.tr, nav(&state, &v), &v.domain.slug, e),
    };
    let c = entry.view;
    let typed = Typed {
        name: c.name,
        container: c.container,
        grant: c.grant.to_owned(),
        authorization_endpoint: c.authorization_endpoint.unwrap_or_default(),
        token_endpoint: c.token_endpoint,
        revocation_endpoint: c.revocation_endpoint.unwrap_or_default(),
        client_id: c.client_id,
        scope: c.scope.unwrap_or_default(),
        client_auth: if c.client_auth == "client_secret_post" {
            "body".to_owned()
        } else {
            "header".to_owned()
        },
        username: c.username.unwrap_or_default(),
        pkce: c.pkce || c.grant != VaultGrant::AuthorizationCode.as_str(),
        extra_params: c
            .extra_params
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("\n"),
        allow_jobs: c.allow_jobs,
    };
    render_as(
        &state,
        v,
        typed,
        FieldErrors::default(),
        StatusCode::OK,
        Some(&id),
    )
}

pub async fn save(
    State(state): State<AppState>,
    ItemId(id): ItemId,
    Posted { visit: v, form }: Posted,
) -> Response {
    let typed = Typed::posted(&form);
    let authorize = form.get("then") == Some("authorize");
    let mut errors = FieldErrors::default();
    let who = caller(&v);
    let entry = match state.flows.vault_entry(&v.domain, &id, &who).await {
        Ok(e) => e,
        Err(e) => return refused(&v.tr, nav(&state, &v), &v.domain.slug, e),
    };
    let mut extra_params = Vec::new();
    for line in typed
        .extra_params
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        match line.split_once('=') {
            Some((k, val)) => extra_params.push((k.trim().to_owned(), val.trim().to_owned())),
            None => {
                errors.add("extra_params", v.tr.t(field_key("extra_params")));
                return render_as(&state, v, typed, errors, StatusCode::BAD_REQUEST, Some(&id));
            }
        }
    }
    // An empty secret keeps the saved one (the form never shows it).
    let secret = |k: &str| {
        form.get(k)
            .filter(|s| !s.is_empty())
            .map(|s| SecretString::from(s.to_owned()))
    };
    let code = typed.grant == VaultGrant::AuthorizationCode.as_str();
    let edit = VaultEdit {
        name: Some(typed.name.clone()),
        container: Some(typed.container.clone()),
        grant: Some(typed.grant.clone()),
        token_endpoint: Some(typed.token_endpoint.clone()),
        authorization_endpoint: Some(typed.authorization_endpoint.clone()),
        revocation_endpoint: Some(typed.revocation_endpoint.clone()),
        client_id: Some(typed.client_id.clone()),
        client_secret: secret("client_secret"),
        scope: Some(typed.scope.clone()),
        client_auth: Some(typed.client_auth.clone()).filter(|s| !s.is_empty()),
        username: Some(typed.username.clone()),
        password: secret("password"),
        extra_params: Some(extra_params),
        pkce: code.then_some(typed.pkce),
        allow_jobs: Some(typed.allow_jobs),
    };
    let edited = match state.flows.vault_edit(&entry.credential, edit, &who).await {
        Ok(e) => e,
        Err(e) => {
            let status = match &e {
                VaultError::Invalid(f) => {
                    errors.add(f.field, v.tr.t(field_key(f.field)));
                    StatusCode::BAD_REQUEST
                }
                VaultError::Conflict(_) => {
                    errors.add("name", v.tr.t("vault-error-conflict"));
                    StatusCode::CONFLICT
                }
                _ => return refused(&v.tr, nav(&state, &v), &v.domain.slug, e),
            };
            return render_as(&state, v, typed, errors, status, Some(&id));
        }
    };
    let slug = &v.domain.slug;
    let browser = VaultGrant::parse(edited.credential.grant).is_some_and(|g| !g.is_unattended());
    if authorize && browser {
        let redirect = redirect_uris(&state, slug).remove(0);
        return match state
            .flows
            .vault_authorize_start(&v.domain, &id, &who, &redirect)
            .await
        {
            Ok(url) => see_other(&v.tr, &url),
            Err(e) => refused(&v.tr, nav(&state, &v), slug, e),
        };
    }
    let done = match (edited.tokens_dropped, &edited.revocation) {
        (true, Revocation::Failed(_)) => "edited_unrevoked",
        (true, _) => "edited_reset",
        (false, _) => "edited",
    };
    see_other(
        &v.tr,
        &with_query(&credential_url(slug, &id), &[("done", done)]),
    )
}
