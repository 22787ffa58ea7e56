//! The vault's pages (`/d/{d}/vault/...`, issue 15): browse the containers and the
//! credentials in them (`list.rs`) with the permissions on a container
//! (`container_permissions.rs`), a credential's page with "Authorize and save" or "Obtain
//! token" and its deletion (`credential.rs`), the create form (`create.rs`), and the
//! provider's way back for "Authorize and save" (`authorize.rs`). They are account pages: a
//! session of the domain, the account navigation, CSRF on every form. Who sees and does what
//! is decided by the vault flows (`jeton_flows::vault*`), never here; no secret is shown
//! after it is saved.

pub mod authorize;
pub mod container_permissions;
pub mod create;
pub mod credential;
pub mod edit;
pub mod list;
pub mod permissions;

use axum::http::StatusCode;
use axum::response::Response;
use jeton_core::entities::Actor;
use jeton_core::vault::{CredentialStatus, Principal, VaultGrant};
use jeton_flows::vault::{VaultCaller, VaultError};

use crate::state::AppState;
use crate::ui::account::{Visit, nav as account_nav};
use crate::ui::pages::{AccountNav, NoticePage, Section, render, unavailable};
use crate::web::locale::Tr;
use crate::web::urls::{Endpoint, with_query};

/// Who asks, for the vault flows: the signed-in person with their roles, from their address.
pub(crate) fn caller(v: &Visit) -> VaultCaller {
    VaultCaller {
        principal: Principal::User {
            id: v.user.id.clone(),
            roles: v.user.roles.clone(),
        },
        actor: Actor::user(
            v.user.id.clone(),
            &v.user.username,
            Some(v.origin.ip.to_string()),
        ),
        via: jeton_flows::vault::Via::Page,
    }
}

pub(crate) fn nav(state: &AppState, v: &Visit) -> AccountNav {
    account_nav(state, &v.domain, &v.user, Section::Vault)
}

/// The redirect URIs to register at a provider: the callback under every public URL Jeton
/// answers on (one today: `public_url`).
pub(crate) fn redirect_uris(state: &AppState, slug: &str) -> Vec<String> {
    vec![Endpoint::VaultCallback.url(state.config.public_base(), slug)]
}

/// The list, showing `container` (the root when `None`).
pub(crate) fn home(slug: &str, container: Option<&str>) -> String {
    let base = Endpoint::Vault.path(slug);
    match container {
        Some(c) if c != "/" => with_query(&base, &[("container", c)]),
        _ => base,
    }
}

pub(crate) fn credential_url(slug: &str, id: &str) -> String {
    Endpoint::VaultCredential.item_path(slug, id)
}

pub(crate) fn grant_key(g: VaultGrant) -> &'static str {
    match g {
        VaultGrant::AuthorizationCode => "vault-grant-authorization-code",
        VaultGrant::Implicit => "vault-grant-implicit",
        VaultGrant::ClientCredentials => "vault-grant-client-credentials",
        VaultGrant::Password => "vault-grant-password",
    }
}

pub(crate) fn status_key(s: CredentialStatus) -> &'static str {
    match s {
        CredentialStatus::New => "vault-status-new",
        CredentialStatus::Authorized => "vault-status-authorized",
        CredentialStatus::NeedsReauthorization => "vault-status-needs-reauthorization",
    }
}

/// A page instead of what was asked for: `title` and `link_label` are keys, `message` is
/// already translated.
pub(crate) fn notice(
    tr: &Tr,
    nav: AccountNav,
    status: StatusCode,
    title: &str,
    message: String,
    link_url: String,
    link_label: &str,
) -> Response {
    render(
        status,
        &NoticePage {
            tr: tr.clone(),
            nav,
            title: tr.t(title),
            message,
            link_url,
            link_label: tr.t(link_label),
        },
    )
}

/// What the vault flows refused, as a page that leads back to the vault.
pub(crate) fn refused(tr: &Tr, nav: AccountNav, slug: &str, e: VaultError) -> Response {
    let back = |status, title: &str, message: String| {
        notice(
            tr,
            nav,
            status,
            title,
            message,
            home(slug, None),
            "vault-back",
        )
    };
    match e {
        VaultError::NoSuchPermission => back(
            StatusCode::NOT_FOUND,
            "error-not-found-title",
            tr.t("vault-not-found"),
        ),
        VaultError::RenewalBusy => back(
            StatusCode::SERVICE_UNAVAILABLE,
            "vault-provider-failed-title",
            tr.t("vault-renewal-busy"),
        ),
        VaultError::NotFound => back(
            StatusCode::NOT_FOUND,
            "error-not-found-title",
            tr.t("vault-not-found"),
        ),
        VaultError::Forbidden(why) => {
            tracing::info!(why, "a vault page was refused");
            back(
                StatusCode::FORBIDDEN,
                "vault-forbidden-title",
                tr.t("vault-forbidden"),
            )
        }
        VaultError::Invalid(f) => {
            tracing::info!(field = f.field, message = %f.message, "a vault page was refused");
            back(
                StatusCode::BAD_REQUEST,
                "error-bad-request-title",
                tr.t("vault-invalid"),
            )
        }
        VaultError::Conflict(_) => back(
            StatusCode::CONFLICT,
            "error-conflict-title",
            tr.t("vault-error-conflict"),
        ),
        VaultError::NeedsReauthorization(why) => back(
            StatusCode::CONFLICT,
            "vault-status-needs-reauthorization",
            tr.t1("vault-needs-reauthorization-text", "detail", why),
        ),
        VaultError::Provider(p) => back(
            StatusCode::BAD_GATEWAY,
            "vault-provider-failed-title",
            tr.t1("vault-provider-failed", "detail", p.to_string()),
        ),
        VaultError::Sealing(_) => back(
            StatusCode::INTERNAL_SERVER_ERROR,
            "error-internal-title",
            tr.t("vault-sealing"),
        ),
        VaultError::Store(e) => unavailable(tr, e),
    }
}
