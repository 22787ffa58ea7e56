//! "My OAuth clients": the person's personal clients (DESIGN §1), which act with exactly
//! their owner's rights. The list, the create form, and for each client a secret rotation
//! and a revocation, each through a confirmation page. A secret is shown once, on the answer
//! to the form that made it; the create form carries a `once` value so that sending it again
//! (a reload) creates nothing and shows nothing (`Flows::create_personal_client`).
//! For anyone who may not have personal clients, these pages do not exist (404).

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jeton_core::client_registration::FieldError;
use jeton_core::clock::UnixTime;
use jeton_core::entities::ClientState;
use jeton_flows::account::WithSecret;
use jeton_flows::error::ManageError;
use jeton_store::{Client, ClientId, Domain};

use super::client_form::{self, Typed};
use super::{Back, ItemId, Posted, Visit, notice, refused};
use crate::state::AppState;
use crate::ui::form::{get, pairs};
use crate::ui::pages::{
    AccountNav, ClientRow, ClientsPage, Confirm, ConfirmPage, DateView, SecretPage, Section,
    WithCsrf, render, render_form, see_other,
};
use crate::web::csrf;
use crate::web::urls::{Endpoint, with_query};

/// What the list's `?done=` can say after an action.
const DONE_REVOKED: &str = "revoked";

fn back(domain: &Domain) -> Back {
    Back {
        url: Endpoint::AccountClients.path(&domain.slug),
        label: "clients-back",
        not_found: "clients-not-found",
    }
}

/// These pages exist only for those who may have personal clients; for anyone else, they
/// are the not-found page (which leads back to the profile).
fn allowed(state: &AppState, v: &Visit) -> Result<AccountNav, Box<Response>> {
    let nav = v.nav(state, Section::Clients);
    if state
        .flows
        .personal_clients_allowed(&v.domain, &v.user)
        .is_ok()
    {
        return Ok(nav);
    }
    let profile = Back {
        url: Endpoint::Account.path(&v.domain.slug),
        label: "account-back-profile",
        not_found: "error-not-found",
    };
    Err(Box::new(notice(
        &v.tr,
        nav,
        StatusCode::NOT_FOUND,
        "error-not-found-title",
        profile.not_found,
        &profile,
    )))
}

pub async fn list(State(state): State<AppState>, v: Visit, RawQuery(query): RawQuery) -> Response {
    let nav = match allowed(&state, &v) {
        Ok(n) => n,
        Err(res) => return *res,
    };
    let q = pairs(query.unwrap_or_default().as_bytes());
    let done = (get(&q, "done") == Some(DONE_REVOKED)).then(|| v.tr.t("clients-done-revoked"));
    let fresh = Typed::fresh(&state);
    let page = Page {
        state: &state,
        visit: v,
        nav,
    };
    page.render(StatusCode::OK, fresh, None, done).await
}

pub async fn create(State(state): State<AppState>, Posted { visit: v, form }: Posted) -> Response {
    let nav = match allowed(&state, &v) {
        Ok(n) => n,
        Err(res) => return *res,
    };
    let typed = Typed::posted(&form);
    let page = Page {
        state: &state,
        visit: v,
        nav,
    };
    let request = match typed.request() {
        Ok(r) => r,
        Err(e) => return page.invalid(typed, e).await,
    };
    let v = &page.visit;
    let created = state
        .flows
        .create_personal_client(&v.domain, &v.user, &request, &v.actor(), typed.once())
        .await;
    match created {
        Ok(created) => page.secret(created, false),
        Err(ManageError::Invalid(error)) => page.invalid(typed, error).await,
        // The same form again: the client exists and its secret was shown once.
        Err(ManageError::Conflict(_)) => page.notice(
            StatusCode::CONFLICT,
            "clients-already-title",
            "clients-already",
        ),
        Err(e) => page.refused(e),
    }
}

/// "Replace the secret of this client?"
pub async fn confirm_rotate(
    State(state): State<AppState>,
    ItemId(id): ItemId,
    v: Visit,
) -> Response {
    confirm(
        &state,
        v,
        &id,
        Confirm::RotateSecret,
        Endpoint::AccountClientRotate,
    )
    .await
}

/// "Revoke this client?"
pub async fn confirm_revoke(
    State(state): State<AppState>,
    ItemId(id): ItemId,
    v: Visit,
) -> Response {
    confirm(
        &state,
        v,
        &id,
        Confirm::RevokeClient,
        Endpoint::AccountClientRevoke,
    )
    .await
}

async fn confirm(
    state: &AppState,
    v: Visit,
    id: &str,
    what: Confirm,
    endpoint: Endpoint,
) -> Response {
    let nav = match allowed(state, &v) {
        Ok(n) => n,
        Err(res) => return *res,
    };
    let client = match mine(state, &v, id).await {
        Ok(c) => c,
        Err(e) => return refused(&v.tr, nav, e, &back(&v.domain)),
    };
    let (jar, token) = csrf::token(state, v.jar, v.origin.https);
    let page = ConfirmPage {
        tr: v.tr,
        nav,
        what,
        name: client.name,
        client_id: Some(client.id.to_string()),
        seen: (what == Confirm::RotateSecret)
            .then(|| client.secret_digest.map(|d| d.fingerprint()))
            .flatten(),
        action: endpoint.item_path(&v.domain.slug, id),
        cancel_url: back(&v.domain).url,
    };
    (
        jar,
        render_form(StatusCode::OK, &WithCsrf::new(token, page)),
    )
        .into_response()
}

/// The person's client named by the path's id, if it is theirs and not revoked.
async fn mine(state: &AppState, v: &Visit, id: &str) -> Result<Client, ManageError> {
    let id = ClientId::parse(id).ok_or(ManageError::NotFound("client"))?;
    state.flows.my_live_client(&v.domain, &v.user, &id).await
}

/// A new secret, shown once; the old one stops working.
pub async fn rotate(
    State(state): State<AppState>,
    ItemId(id): ItemId,
    Posted { visit: v, form }: Posted,
) -> Response {
    let nav = match allowed(&state, &v) {
        Ok(n) => n,
        Err(res) => return *res,
    };
    let rotated = match ClientId::parse(&id) {
        Some(id) => {
            let seen = form.get("seen");
            state
                .flows
                .rotate_my_client_secret(&v.domain, &v.user, &id, &v.actor(), seen)
                .await
        }
        None => Err(ManageError::NotFound("client")),
    };
    let page = Page {
        state: &state,
        visit: v,
        nav,
    };
    match rotated {
        Ok(r) => page.secret(r, true),
        // The same form again: the secret it replaced was shown once.
        Err(ManageError::Conflict(_)) => page.notice(
            StatusCode::CONFLICT,
            "clients-rotated-already-title",
            "clients-rotated-already",
        ),
        Err(e) => page.refused(e),
    }
}

/// The client stops authenticating and its tokens go inactive; back to the list.
pub async fn revoke(
    State(state): State<AppState>,
    ItemId(id): ItemId,
    Posted { visit: v, .. }: Posted,
) -> Response {
    let nav = match allowed(&state, &v) {
        Ok(n) => n,
        Err(res) => return *res,
    };
    let back = back(&v.domain);
    let revoked = match ClientId::parse(&id) {
        Some(id) => {
            state
                .flows
                .revoke_my_client(&v.domain, &v.user, &id, &v.actor())
                .await
        }
        None => Err(ManageError::NotFound("client")),
    };
    match revoked {
        Ok(()) => see_other(&v.tr, &with_query(&back.url, &[("done", DONE_REVOKED)])),
        Err(e) => refused(&v.tr, nav, e, &back),
    }
}

/// The clients page of one person, about to be rendered.
struct Page<'a> {
    state: &'a AppState,
    visit: Visit,
    nav: AccountNav,
}

impl Page<'_> {
    /// The list and the create form.
    async fn render(
        self,
        status: StatusCode,
        typed: Typed,
        error: Option<FieldError>,
        done: Option<String>,
    ) -> Response {
        let (state, v) = (self.state, &self.visit);
        let mine = match state.flows.my_personal_clients(&v.domain, &v.user).await {
            Ok(c) => c,
            Err(e) => return self.refused(e),
        };
        let new = match client_form::form(state, v, typed, error).await {
            Ok(f) => f,
            Err(e) => return self.refused(e),
        };
        let now = state.flows.now();
        let token_endpoint = self.token_endpoint();
        let Visit {
            domain,
            tr,
            jar,
            origin,
            ..
        } = self.visit;
        let (jar, token) = csrf::token(state, jar, origin.https);
        let page = ClientsPage {
            token_endpoint,
            clients: mine.into_iter().map(|c| row(&domain, c, now)).collect(),
            tr,
            nav: self.nav,
            new,
            done,
        };
        (jar, render_form(status, &WithCsrf::new(token, page))).into_response()
    }

    /// The form again, with what was typed and the message next to the field refused.
    async fn invalid(self, typed: Typed, e: FieldError) -> Response {
        tracing::debug!(field = e.field, message = %e.message, "personal client refused");
        self.render(StatusCode::BAD_REQUEST, typed, Some(e), None)
            .await
    }

    /// The answer to a create or a rotation: the secret, this once.
    fn secret(self, made: WithSecret, rotated: bool) -> Response {
        render(
            StatusCode::OK,
            &SecretPage {
                token_endpoint: self.token_endpoint(),
                list_url: back(&self.visit.domain).url,
                tr: self.visit.tr,
                nav: self.nav,
                rotated,
                client_name: made.client.name,
                client_id: made.client.id.to_string(),
                secret: made.secret,
                app: None,
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

    fn token_endpoint(&self) -> String {
        Endpoint::Token.url(self.state.config.public_base(), &self.visit.domain.slug)
    }
}

fn row(domain: &Domain, c: Client, now: UnixTime) -> ClientRow {
    let status = c.status(now);
    let link = |e: Endpoint| e.item_path(&domain.slug, c.id.as_str());
    ClientRow {
        rotate_url: (status == ClientState::Active).then(|| link(Endpoint::AccountClientRotate)),
        revoke_url: (status != ClientState::Revoked).then(|| link(Endpoint::AccountClientRevoke)),
        status,
        created: DateView::day(c.created_at),
        expires: c.expires_at.map(DateView::last_day),
        last_used: c.last_used_at.map(DateView::of),
        id: c.id.to_string(),
        name: c.name,
    }
}
