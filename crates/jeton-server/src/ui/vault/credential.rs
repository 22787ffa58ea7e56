//! A credential's page: its fields (secrets only as `set` / `set (…abcd)`), its status, the
//! redirect URI to register at the provider, "Authorize and save" (code, implicit; for who
//! may edit) or "Obtain token" (client credentials, password; for who may use), and its
//! deletion through a confirmation page (revoking at the provider, `Flows::vault_delete`).

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jeton_core::dates;
use jeton_core::vault::{Access, CredentialStatus};
use jeton_flows::vault::{Revocation, VaultError};
use jeton_flows::vault_browse::VaultEntry;

use super::{caller, credential_url, grant_key, home, nav, redirect_uris, refused, status_key};
use crate::state::AppState;
use crate::ui::account::{ItemId, Posted, Visit};
use crate::ui::form::{get, pairs};
use crate::ui::pages::{
    DateView, VaultConfirmPage, VaultCredentialPage, VaultField, WithCsrf, render_form, see_other,
};
use crate::web::csrf;
use crate::web::urls::{Endpoint, with_query};

/// What `?done=` may say on a credential's page, and the message key of each.
pub(crate) const DONE: [(&str, &str); 8] = [
    ("edited", "vault-done-edited"),
    ("edited_reset", "vault-done-edited-reset"),
    ("edited_unrevoked", "vault-done-edited-unrevoked"),
    ("created", "vault-done-created"),
    ("authorized", "vault-done-authorized"),
    ("obtained", "vault-done-obtained"),
    ("permitted", "vault-done-permitted"),
    ("unpermitted", "vault-done-unpermitted"),
];

pub async fn show(
    State(state): State<AppState>,
    ItemId(id): ItemId,
    v: Visit,
    RawQuery(query): RawQuery,
) -> Response {
    let q = pairs(query.unwrap_or_default().as_bytes());
    let done = get(&q, "done")
        .and_then(|d| DONE.iter().find(|(k, _)| *k == d))
        .map(|(_, key)| v.tr.t(key));
    match state.flows.vault_entry(&v.domain, &id, &caller(&v)).await {
        Ok(entry) => page(&state, v, entry, StatusCode::OK, done, None).await,
        Err(e) => refused(&v.tr, nav(&state, &v), &v.domain.slug, e),
    }
}

/// "Obtain token": a token valid now, from the store or the provider (never shown: jobs get
/// it through the API); the page then says until when it is valid.
pub async fn obtain(
    State(state): State<AppState>,
    ItemId(id): ItemId,
    Posted { visit: v, .. }: Posted,
) -> Response {
    let who = caller(&v);
    let entry = match state.flows.vault_entry(&v.domain, &id, &who).await {
        Ok(e) => e,
        Err(e) => return refused(&v.tr, nav(&state, &v), &v.domain.slug, e),
    };
    let problem = match state.flows.vault_token(entry.credential, &who).await {
        Ok(_) => {
            return see_other(
                &v.tr,
                &with_query(
                    &credential_url(&v.domain.slug, &id),
                    &[("done", "obtained")],
                ),
            );
        }
        Err(VaultError::Provider(p)) => v.tr.t1("vault-provider-failed", "detail", p.to_string()),
        Err(VaultError::NeedsReauthorization(why)) => {
            v.tr.t1("vault-needs-reauthorization-text", "detail", why)
        }
        Err(e) => return refused(&v.tr, nav(&state, &v), &v.domain.slug, e),
    };
    // The page again, with why there is no token (the status may have changed).
    match state.flows.vault_entry(&v.domain, &id, &who).await {
        Ok(entry) => {
            page(
                &state,
                v,
                entry,
                StatusCode::BAD_GATEWAY,
                None,
                Some(problem),
            )
            .await
        }
        Err(e) => refused(&v.tr, nav(&state, &v), &v.domain.slug, e),
    }
}

/// "Delete this credential?"
pub async fn confirm_delete(
    State(state): State<AppState>,
    ItemId(id): ItemId,
    v: Visit,
) -> Response {
    let nav = nav(&state, &v);
    let entry = match state.flows.vault_entry(&v.domain, &id, &caller(&v)).await {
        Ok(e) if e.access == Access::Edit => e,
        Ok(_) => {
            return refused(
                &v.tr,
                nav,
                &v.domain.slug,
                VaultError::Forbidden("you may not delete this credential"),
            );
        }
        Err(e) => return refused(&v.tr, nav, &v.domain.slug, e),
    };
    let (jar, token) = csrf::token(&state, v.jar, v.origin.https);
    let page = VaultConfirmPage {
        name: entry.view.name,
        container: entry.view.container,
        revokes: entry.view.revocation_endpoint.is_some(),
        action: Endpoint::VaultDelete.item_path(&v.domain.slug, &id),
        cancel_url: credential_url(&v.domain.slug, &id),
        tr: v.tr,
        nav,
    };
    (
        jar,
        render_form(StatusCode::OK, &WithCsrf::new(token, page)),
    )
        .into_response()
}

pub async fn delete(
    State(state): State<AppState>,
    ItemId(id): ItemId,
    Posted { visit: v, .. }: Posted,
) -> Response {
    let who = caller(&v);
    let entry = match state.flows.vault_entry(&v.domain, &id, &who).await {
        Ok(e) => e,
        Err(e) => return refused(&v.tr, nav(&state, &v), &v.domain.slug, e),
    };
    let container = entry.view.container.clone();
    match state.flows.vault_delete(&entry.credential, &who).await {
        Ok(r) => {
            let done = match r {
                Revocation::NotAttempted => "deleted",
                Revocation::Revoked => "deleted_revoked",
                Revocation::Failed(why) => {
                    tracing::warn!(credential = %id, error = %why, "deleted without revocation at the provider");
                    "deleted_not_revoked"
                }
            };
            see_other(
                &v.tr,
                &with_query(&home(&v.domain.slug, Some(&container)), &[("done", done)]),
            )
        }
        Err(e) => refused(&v.tr, nav(&state, &v), &v.domain.slug, e),
    }
}

/// The credential's page.
pub(crate) async fn page(
    state: &AppState,
    v: Visit,
    entry: VaultEntry,
    status: StatusCode,
    done: Option<String>,
    problem: Option<String>,
) -> Response {
    let nav = nav(state, &v);
    let slug = &v.domain.slug;
    let tr = &v.tr;
    let VaultEntry {
        credential: c,
        view,
        access,
    } = entry;
    let none = || tr.t("vault-none");
    let or_none = |o: &Option<String>| o.clone().unwrap_or_else(none);
    let yes_no = |b: bool| tr.t(if b { "vault-yes" } else { "vault-no" });
    let field = |label_key, value, code| VaultField {
        label_key,
        value,
        code,
    };
    let browser = !c.grant.is_unattended();
    let mut fields = vec![
        field("vault-field-container", view.container.clone(), true),
        field("vault-field-grant", tr.t(grant_key(c.grant)), false),
    ];
    if browser {
        fields.push(field(
            "vault-field-authorization-endpoint",
            or_none(&view.authorization_endpoint),
            true,
        ));
    }
    fields.extend([
        field(
            "vault-field-token-endpoint",
            view.token_endpoint.clone(),
            true,
        ),
        field(
            "vault-field-revocation-endpoint",
            or_none(&view.revocation_endpoint),
            true,
        ),
        field("vault-field-client-id", view.client_id.clone(), true),
        field(
            "vault-field-client-secret",
            view.client_secret
                .as_deref()
                .map(|m| masked_text(tr, m))
                .unwrap_or_else(none),
            false,
        ),
        field("vault-field-scope", or_none(&view.scope), true),
        field("vault-field-client-auth", view.client_auth.to_owned(), true),
    ]);
    if c.grant == jeton_core::vault::VaultGrant::Password {
        fields.push(field(
            "vault-field-username",
            or_none(&view.username),
            false,
        ));
        fields.push(field(
            "vault-field-password",
            view.password
                .as_deref()
                .map(|m| masked_text(tr, m))
                .unwrap_or_else(none),
            false,
        ));
    }
    if c.grant == jeton_core::vault::VaultGrant::AuthorizationCode {
        fields.push(field("vault-field-pkce", yes_no(view.pkce), false));
    }
    fields.extend([
        field(
            "vault-field-extra-params",
            if view.extra_params.is_empty() {
                none()
            } else {
                view.extra_params
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            },
            true,
        ),
        field("vault-field-allow-jobs", yes_no(view.allow_jobs), false),
        field("vault-field-owner", or_none(&view.owner), false),
        field("vault-field-id", view.id.clone(), true),
        field(
            "vault-field-updated",
            dates::display(view.updated_at),
            false,
        ),
    ]);
    let item = |e: Endpoint| Some(e.item_path(slug, &c.id));
    // Listing the permissions needs edit, like changing them.
    let permissions = if access == Access::Edit {
        let target = jeton_core::vault::PermissionTarget::Credential(c.id.clone());
        match state
            .flows
            .vault_permissions_on(&v.domain, Some(&target), &caller(&v))
            .await
        {
            Ok(list) => super::permissions::rows(list),
            Err(e) => return refused(tr, nav, slug, e),
        }
    } else {
        Vec::new()
    };
    let (jar, token) = csrf::token(state, v.jar, v.origin.https);
    let page = VaultCredentialPage {
        name: view.name.clone(),
        container_url: home(slug, Some(&view.container)),
        container: view.container.clone(),
        fields,
        status_key: status_key(c.status),
        needs_reauthorization: c.status == CredentialStatus::NeedsReauthorization,
        expires: view
            .expires_at
            .filter(|_| view.has_access_token)
            .map(DateView::of),
        last_used: view.last_used_at.map(DateView::of),
        has_refresh_token: view.has_refresh_token,
        redirect_uris: if browser {
            redirect_uris(state, slug)
        } else {
            Vec::new()
        },
        authorize_action: (browser && access == Access::Edit)
            .then(|| item(Endpoint::VaultAuthorize))
            .flatten(),
        obtain_action: (!browser && access >= Access::Use)
            .then(|| item(Endpoint::VaultObtain))
            .flatten(),
        delete_url: (access == Access::Edit)
            .then(|| item(Endpoint::VaultDelete))
            .flatten(),
        edit_url: (access == Access::Edit)
            .then(|| item(Endpoint::VaultEdit))
            .flatten(),
        permissions,
        permit_action: (access == Access::Edit)
            .then(|| item(Endpoint::VaultPermit))
            .flatten(),
        unpermit_action: Endpoint::VaultUnpermit.item_path(slug, &c.id),
        done,
        problem,
        tr: v.tr,
        nav,
    };
    (jar, render_form(status, &WithCsrf::new(token, page))).into_response()
}

/// `set` / `set (…abcd)` (`vault::masked`) in the page's language.
fn masked_text(tr: &crate::web::locale::Tr, masked: &str) -> String {
    match masked
        .strip_prefix("set (…")
        .and_then(|r| r.strip_suffix(')'))
    {
        Some(tail) => tr.t1("vault-secret-set-ending", "tail", tail),
        None => tr.t("vault-secret-set"),
    }
}
