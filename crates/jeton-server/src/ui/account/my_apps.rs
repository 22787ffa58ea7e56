//! "My applications": third-party applications the person registers as their developer (as
//! in a fitness or photo service's developer settings). Such an application acts for whoever
//! approves it on the consent page, never with its developer's rights. The list with the
//! register form, one application's edit form, and its secret rotation and deletion, each
//! through a confirmation page. Like personal clients (`clients.rs`): the secret is shown
//! once, on the answer to the form that made it; the register form carries a `once` (a
//! reload registers nothing more) and the rotation form the old secret's fingerprint (a
//! reload replaces nothing more). Someone else's application is "not found" (404).

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jeton_core::client_registration::FieldError;
use jeton_core::grant_type::AuthMethod;
use jeton_flows::account::WithSecret;
use jeton_flows::error::ManageError;
use jeton_store::{Client, ClientId, Domain};

use super::app_form::{self, Typed};
use super::{Back, ItemId, Posted, Visit, notice, refused};
use crate::state::AppState;
use crate::ui::form::{get, pairs};
use crate::ui::pages::{
    AccountNav, AppSecretView, Confirm, ConfirmPage, DateView, MyAppPage, MyAppRow, MyAppsPage,
    SecretPage, Section, WithCsrf, render, render_form, see_other,
};
use crate::web::csrf;
use crate::web::urls::{Endpoint, with_query};

/// What the list's `?done=` can say after an action.
const DONE_SAVED: &str = "saved";
const DONE_DELETED: &str = "deleted";

fn back(domain: &Domain) -> Back {
    Back {
        url: Endpoint::AccountMyApps.path(&domain.slug),
        label: "account-my-apps-back",
        not_found: "account-my-apps-not-found",
    }
}

pub async fn list(State(state): State<AppState>, v: Visit, RawQuery(query): RawQuery) -> Response {
    let q = pairs(query.unwrap_or_default().as_bytes());
    let done = match get(&q, "done") {
        Some(DONE_SAVED) => Some(v.tr.t("account-my-apps-done-saved")),
        Some(DONE_DELETED) => Some(v.tr.t("account-my-apps-done-deleted")),
        _ => None,
    };
    let fresh = Typed::fresh(&state);
    Page::new(&state, v)
        .list(StatusCode::OK, fresh, None, done)
        .await
}

pub async fn create(State(state): State<AppState>, Posted { visit: v, form }: Posted) -> Response {
    let typed = Typed::posted(&form, true);
    let created = state
        .flows
        .create_my_app(
            &v.domain,
            &v.user,
            &typed.request(),
            &v.actor(),
            typed.once(),
        )
        .await;
    let page = Page::new(&state, v);
    match created {
        Ok(created) => page.secret(created, false),
        Err(ManageError::Invalid(e)) => {
            tracing::debug!(field = e.field, message = %e.message, "application refused");
            page.list(StatusCode::BAD_REQUEST, typed, Some(e), None)
                .await
        }
        // The same form again: the application exists and its secret was shown once.
        Err(ManageError::Conflict(_)) => page.notice(
            StatusCode::CONFLICT,
            "account-my-apps-already-title",
            "account-my-apps-already",
        ),
        Err(e) => page.refused(e),
    }
}

/// One application's edit form, as it is.
pub async fn show(State(state): State<AppState>, ItemId(id): ItemId, v: Visit) -> Response {
    let page = Page::new(&state, v);
    match page.mine(&id).await {
        Ok(app) => {
            let typed = Typed::of(&app);
            page.edit(StatusCode::OK, &app, typed, None).await
        }
        Err(e) => page.refused(e),
    }
}

/// Saves the edit form; refused, it comes back with what was typed.
pub async fn save(
    State(state): State<AppState>,
    ItemId(id): ItemId,
    Posted { visit: v, form }: Posted,
) -> Response {
    let page = Page::new(&state, v);
    let app = match page.mine(&id).await {
        Ok(a) => a,
        Err(e) => return page.refused(e),
    };
    let typed = Typed::posted(&form, false);
    let v = &page.visit;
    let saved = state
        .flows
        .update_my_app(&v.domain, &v.user, &app.id, &typed.request(), &v.actor())
        .await;
    match saved {
        Ok(_) => {
            let list = back(&v.domain).url;
            see_other(&v.tr, &with_query(&list, &[("done", DONE_SAVED)]))
        }
        Err(ManageError::Invalid(e)) => {
            tracing::debug!(field = e.field, message = %e.message, "application change refused");
            page.edit(StatusCode::BAD_REQUEST, &app, typed, Some(e))
                .await
        }
        Err(e) => page.refused(e),
    }
}

/// "Replace the secret of this application?"
pub async fn confirm_rotate(
    State(state): State<AppState>,
    ItemId(id): ItemId,
    v: Visit,
) -> Response {
    Page::new(&state, v)
        .confirm(&id, Confirm::RotateAppSecret, Endpoint::AccountMyAppRotate)
        .await
}

/// "Delete this application?": says that everyone's authorization of it ends.
pub async fn confirm_delete(
    State(state): State<AppState>,
    ItemId(id): ItemId,
    v: Visit,
) -> Response {
    Page::new(&state, v)
        .confirm(&id, Confirm::DeleteApp, Endpoint::AccountMyAppDelete)
        .await
}

/// A new secret, shown once; the old one stops working.
pub async fn rotate(
    State(state): State<AppState>,
    ItemId(id): ItemId,
    Posted { visit: v, form }: Posted,
) -> Response {
    let rotated = match ClientId::parse(&id) {
        Some(id) => {
            state
                .flows
                .rotate_my_app_secret(&v.domain, &v.user, &id, &v.actor(), form.get("seen"))
                .await
        }
        None => Err(ManageError::NotFound("application")),
    };
    let page = Page::new(&state, v);
    match rotated {
        Ok(r) => page.secret(r, true),
        // The same form again: the secret it replaced was shown once.
        Err(ManageError::Conflict(_)) => page.notice(
            StatusCode::CONFLICT,
            "clients-rotated-already-title",
            "account-my-apps-rotated-already",
        ),
        Err(e) => page.refused(e),
    }
}

/// The application and every grant people gave it end (every code and token under them);
/// back to the list.
pub async fn delete(
    State(state): State<AppState>,
    ItemId(id): ItemId,
    Posted { visit: v, .. }: Posted,
) -> Response {
    let deleted = match ClientId::parse(&id) {
        Some(id) => {
            state
                .flows
                .delete_my_app(&v.domain, &v.user, &id, &v.actor())
                .await
        }
        None => Err(ManageError::NotFound("application")),
    };
    let page = Page::new(&state, v);
    match deleted {
        Ok(()) => {
            let list = back(&page.visit.domain).url;
            see_other(
                &page.visit.tr,
                &with_query(&list, &[("done", DONE_DELETED)]),
            )
        }
        Err(e) => page.refused(e),
    }
}

/// A page of "My applications", about to be rendered.
struct Page<'a> {
    state: &'a AppState,
    visit: Visit,
    nav: AccountNav,
}

impl<'a> Page<'a> {
    fn new(state: &'a AppState, visit: Visit) -> Self {
        let nav = visit.nav(state, Section::MyApps);
        Self { state, visit, nav }
    }

    /// The person's application named by the path's id, if it is theirs and not deleted.
    async fn mine(&self, id: &str) -> Result<Client, ManageError> {
        let id = ClientId::parse(id).ok_or(ManageError::NotFound("application"))?;
        let v = &self.visit;
        self.state.flows.my_app(&v.domain, &v.user, &id).await
    }

    /// The list and the register form.
    async fn list(
        self,
        status: StatusCode,
        typed: Typed,
        error: Option<FieldError>,
        done: Option<String>,
    ) -> Response {
        let (state, v) = (self.state, &self.visit);
        let apps = match state.flows.my_apps(&v.domain, &v.user).await {
            Ok(a) => a,
            Err(e) => return self.refused(e),
        };
        let action = Endpoint::AccountMyApps.path(&v.domain.slug);
        let app_form = match app_form::form(state, v, action, typed, error).await {
            Ok(f) => f,
            Err(e) => return self.refused(e),
        };
        let metadata_url = self.metadata_url();
        let Visit {
            domain,
            tr,
            jar,
            origin,
            ..
        } = self.visit;
        let (jar, token) = csrf::token(state, jar, origin.https);
        let page = MyAppsPage {
            tr,
            nav: self.nav,
            metadata_url,
            apps: apps
                .into_iter()
                .filter(|a| a.revoked_at.is_none())
                .map(|a| row(&domain, a))
                .collect(),
            app_form,
            done,
        };
        (jar, render_form(status, &WithCsrf::new(token, page))).into_response()
    }

    /// One application's edit form, holding `typed`.
    async fn edit(
        self,
        status: StatusCode,
        app: &Client,
        typed: Typed,
        error: Option<FieldError>,
    ) -> Response {
        let (state, v) = (self.state, &self.visit);
        let slug = v.domain.slug.clone();
        let item = |e: Endpoint| e.item_path(&slug, app.id.as_str());
        let app_form =
            match app_form::form(state, v, item(Endpoint::AccountMyApp), typed, error).await {
                Ok(f) => f,
                Err(e) => return self.refused(e),
            };
        let list_url = back(&v.domain).url;
        let Visit {
            tr, jar, origin, ..
        } = self.visit;
        let (jar, token) = csrf::token(state, jar, origin.https);
        let page = MyAppPage {
            tr,
            nav: self.nav,
            client_id: app.id.to_string(),
            saved_name: app.name.clone(),
            created: DateView::day(app.created_at),
            app_form,
            rotate_url: item(Endpoint::AccountMyAppRotate),
            delete_url: item(Endpoint::AccountMyAppDelete),
            list_url,
        };
        (jar, render_form(status, &WithCsrf::new(token, page))).into_response()
    }

    async fn confirm(self, id: &str, what: Confirm, endpoint: Endpoint) -> Response {
        let app = match self.mine(id).await {
            Ok(a) => a,
            Err(e) => return self.refused(e),
        };
        let v = self.visit;
        let (jar, token) = csrf::token(self.state, v.jar, v.origin.https);
        let page = ConfirmPage {
            tr: v.tr,
            nav: self.nav,
            what,
            name: app.name,
            client_id: Some(app.id.to_string()),
            seen: (what == Confirm::RotateAppSecret)
                .then(|| app.secret_digest.map(|d| d.fingerprint()))
                .flatten(),
            action: endpoint.item_path(&v.domain.slug, id),
            cancel_url: Endpoint::AccountMyApp.item_path(&v.domain.slug, id),
        };
        (
            jar,
            render_form(StatusCode::OK, &WithCsrf::new(token, page)),
        )
            .into_response()
    }

    /// The answer to a register form or a rotation: the secret, this once, and how an
    /// application uses it.
    fn secret(self, made: WithSecret, rotated: bool) -> Response {
        let base = self.state.config.public_base();
        let slug = &self.visit.domain.slug;
        let client = made.client;
        let app = AppSecretView {
            metadata_url: self.metadata_url(),
            authorize_url: Endpoint::Authorize.url(base, slug),
            redirect_uri: client.redirect_uris.first().cloned().unwrap_or_default(),
            auth_post: client.auth_method == AuthMethod::ClientSecretPost,
        };
        render(
            StatusCode::OK,
            &SecretPage {
                token_endpoint: Endpoint::Token.url(base, slug),
                list_url: back(&self.visit.domain).url,
                tr: self.visit.tr,
                nav: self.nav,
                rotated,
                client_name: client.name,
                client_id: client.id.to_string(),
                secret: made.secret,
                app: Some(app),
            },
        )
    }

    fn notice(self, status: StatusCode, title: &str, message: &str) -> Response {
        let back = back(&self.visit.domain);
        notice(&self.visit.tr, self.nav, status, title, message, &back)
    }

    fn refused(self, e: ManageError) -> Response {
        refused(&self.visit.tr, self.nav, e, &back(&self.visit.domain))
    }

    /// Where OAuth libraries find every endpoint of the domain (RFC 8414).
    fn metadata_url(&self) -> String {
        Endpoint::Metadata.url(self.state.config.public_base(), &self.visit.domain.slug)
    }
}

fn row(domain: &Domain, a: Client) -> MyAppRow {
    let link = |e: Endpoint| e.item_path(&domain.slug, a.id.as_str());
    MyAppRow {
        edit_url: link(Endpoint::AccountMyApp),
        rotate_url: link(Endpoint::AccountMyAppRotate),
        delete_url: link(Endpoint::AccountMyAppDelete),
        auth_post: a.auth_method == AuthMethod::ClientSecretPost,
        scopes: a.allowed_scopes.iter().map(str::to_owned).collect(),
        created: DateView::day(a.created_at),
        last_used: a.last_used_at.map(DateView::of),
        id: a.id.to_string(),
        name: a.name,
        description: a.description,
        redirect_uris: a.redirect_uris,
    }
}
