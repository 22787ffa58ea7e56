//! The create form: every field of a credential, "Save", and "Authorize and save" (which,
//! for the code and implicit grants, sends the browser to the provider right after saving;
//! for client credentials and password, saving already obtains the first token). A refused
//! form comes back with what was typed, never a secret, and a message next to the field.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jeton_core::vault::{ContainerPath, VaultGrant};
use jeton_flows::vault::{NewVaultCredential, VaultError};
use secrecy::SecretString;

use super::{caller, credential_url, nav, redirect_uris, refused};
use crate::state::AppState;
use crate::ui::account::{Posted, Visit};
use crate::ui::form::{PageForm, get, pairs};
use crate::ui::pages::{FieldErrors, VaultNewPage, WithCsrf, render_form, see_other};
use crate::web::csrf;
use crate::web::urls::{Endpoint, with_query};

pub async fn new_form(
    State(state): State<AppState>,
    v: Visit,
    RawQuery(query): RawQuery,
) -> Response {
    let q = pairs(query.unwrap_or_default().as_bytes());
    let container = get(&q, "container")
        .and_then(|c| ContainerPath::parse(c).ok())
        .unwrap_or_else(ContainerPath::root);
    let typed = Typed {
        container: container.to_string(),
        grant: VaultGrant::AuthorizationCode.as_str().to_owned(),
        client_auth: "header".to_owned(),
        pkce: true,
        ..Typed::default()
    };
    render(&state, v, typed, FieldErrors::default(), StatusCode::OK)
}

pub async fn create(State(state): State<AppState>, Posted { visit: v, form }: Posted) -> Response {
    let typed = Typed::posted(&form);
    let authorize = form.get("then") == Some("authorize");
    let mut errors = FieldErrors::default();
    let req = match typed.request(&form) {
        Ok(r) => r,
        Err(field) => {
            errors.add(field, v.tr.t(field_key(field)));
            return render(&state, v, typed, errors, StatusCode::BAD_REQUEST);
        }
    };
    let who = caller(&v);
    let view = match state.flows.vault_create(&v.domain, req, &who).await {
        Ok(view) => view,
        Err(e) => {
            let status = match &e {
                VaultError::Invalid(f) => {
                    tracing::debug!(field = f.field, message = %f.message, "vault credential refused");
                    errors.add(f.field, v.tr.t(field_key(f.field)));
                    StatusCode::BAD_REQUEST
                }
                VaultError::Conflict(_) => {
                    errors.add("name", v.tr.t("vault-error-conflict"));
                    StatusCode::CONFLICT
                }
                VaultError::Forbidden(_) => {
                    errors.add("container", v.tr.t("vault-error-forbidden-container"));
                    StatusCode::FORBIDDEN
                }
                VaultError::Provider(p) => {
                    errors.add(
                        "form",
                        v.tr.t1("vault-provider-failed", "detail", p.to_string()),
                    );
                    StatusCode::BAD_GATEWAY
                }
                _ => return refused(&v.tr, nav(&state, &v), &v.domain.slug, e),
            };
            return render(&state, v, typed, errors, status);
        }
    };
    let slug = &v.domain.slug;
    let browser = VaultGrant::parse(view.grant).is_some_and(|g| !g.is_unattended());
    if authorize && browser {
        let redirect = redirect_uris(&state, slug).remove(0);
        return match state
            .flows
            .vault_authorize_start(&v.domain, &view.id, &who, &redirect)
            .await
        {
            Ok(url) => see_other(&v.tr, &url),
            Err(e) => refused(&v.tr, nav(&state, &v), slug, e),
        };
    }
    see_other(
        &v.tr,
        &with_query(&credential_url(slug, &view.id), &[("done", "created")]),
    )
}

pub(super) fn render(
    state: &AppState,
    v: Visit,
    typed: Typed,
    errors: FieldErrors,
    status: StatusCode,
) -> Response {
    render_as(state, v, typed, errors, status, None)
}

/// The form, for a new credential or (`editing`: its id) to change one.
pub(super) fn render_as(
    state: &AppState,
    v: Visit,
    typed: Typed,
    errors: FieldErrors,
    status: StatusCode,
    editing: Option<&str>,
) -> Response {
    let nav = nav(state, &v);
    let (jar, token) = csrf::token(state, v.jar, v.origin.https);
    let page = VaultNewPage {
        action: match editing {
            Some(id) => Endpoint::VaultEdit.item_path(&v.domain.slug, id),
            None => Endpoint::VaultNew.path(&v.domain.slug),
        },
        editing: editing.is_some(),
        redirect_uris: redirect_uris(state, &v.domain.slug),
        name: typed.name,
        container: typed.container,
        grant: typed.grant,
        authorization_endpoint: typed.authorization_endpoint,
        token_endpoint: typed.token_endpoint,
        revocation_endpoint: typed.revocation_endpoint,
        client_id: typed.client_id,
        scope: typed.scope,
        client_auth: typed.client_auth,
        username: typed.username,
        pkce: typed.pkce,
        extra_params: typed.extra_params,
        allow_jobs: typed.allow_jobs,
        errors,
        tr: v.tr,
        nav,
    };
    (jar, render_form(status, &WithCsrf::new(token, page))).into_response()
}

/// The message key next to a field the flows refused.
pub(super) fn field_key(field: &str) -> &'static str {
    match field {
        "name" => "vault-error-name",
        "container" => "vault-error-container",
        "grant" => "vault-error-grant",
        "token_endpoint" | "authorization_endpoint" | "revocation_endpoint" => {
            "vault-error-endpoint"
        }
        "client_id" => "vault-error-client-id",
        "client_secret" => "vault-error-client-secret",
        "client_auth" => "vault-error-client-auth",
        "username" | "password" => "vault-error-username",
        "extra_params" => "vault-error-extra-params",
        _ => "vault-invalid",
    }
}

/// The form's fields as typed (the secrets are read from the form only when saving).
#[derive(Default)]
pub(super) struct Typed {
    pub(super) name: String,
    pub(super) container: String,
    pub(super) grant: String,
    pub(super) authorization_endpoint: String,
    pub(super) token_endpoint: String,
    pub(super) revocation_endpoint: String,
    pub(super) client_id: String,
    pub(super) scope: String,
    pub(super) client_auth: String,
    pub(super) username: String,
    pub(super) pkce: bool,
    pub(super) extra_params: String,
    pub(super) allow_jobs: bool,
}

impl Typed {
    pub(super) fn posted(f: &PageForm) -> Self {
        let s = |k: &str| f.get(k).unwrap_or("").to_owned();
        Self {
            name: s("name"),
            container: s("container"),
            grant: s("grant"),
            authorization_endpoint: s("authorization_endpoint"),
            token_endpoint: s("token_endpoint"),
            revocation_endpoint: s("revocation_endpoint"),
            client_id: s("client_id"),
            scope: s("scope"),
            client_auth: s("client_auth"),
            username: s("username"),
            pkce: f.get("pkce").is_some(),
            extra_params: s("extra_params"),
            allow_jobs: f.get("allow_jobs").is_some(),
        }
    }

    /// The flows' request, or the field that cannot be read.
    fn request(&self, f: &PageForm) -> Result<NewVaultCredential, &'static str> {
        let opt = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let mut extra_params = Vec::new();
        for line in self
            .extra_params
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            let (k, v) = line.split_once('=').ok_or("extra_params")?;
            extra_params.push((k.trim().to_owned(), v.trim().to_owned()));
        }
        let secret = |k: &str| {
            f.get(k)
                .filter(|s| !s.is_empty())
                .map(|s| SecretString::from(s.to_owned()))
        };
        Ok(NewVaultCredential {
            name: self.name.clone(),
            container: opt(&self.container),
            grant: self.grant.clone(),
            token_endpoint: self.token_endpoint.clone(),
            authorization_endpoint: opt(&self.authorization_endpoint),
            revocation_endpoint: opt(&self.revocation_endpoint),
            client_id: self.client_id.clone(),
            client_secret: secret("client_secret"),
            scope: opt(&self.scope),
            client_auth: opt(&self.client_auth),
            username: opt(&self.username),
            password: secret("password"),
            extra_params,
            allow_jobs: self.allow_jobs,
            // PKCE belongs to the code grant only (`vault::pkce_setting`).
            pkce: (self.grant == VaultGrant::AuthorizationCode.as_str()).then_some(self.pkce),
            owner: None,
        })
    }
}
