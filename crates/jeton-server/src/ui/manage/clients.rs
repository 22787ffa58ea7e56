//! The domain's OAuth clients as one table: sorted by a column header, filtered by owner,
//! status and name, paged on the server by keyset (`ClientCursor`); revoking one goes through
//! a confirmation page.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use jeton_core::dates;
use jeton_flows::error::ManageError;
use jeton_store::{
    ClientCursor, ClientId, ClientKind, ClientListQuery, ClientSort, ClientState, ClientStatus,
    StoreError,
};

use crate::state::AppState;
use crate::ui::form::{PageForm, pairs};
use crate::ui::manage::{DEFAULT_PAGE, PageManager, form_response, page_size, param, refusal};
use crate::ui::pages::{
    ManageClientRow, ManageClientsPage, ManageRevokePage, ManageSortLink, WithCsrf, expired_form,
    render, see_other,
};
use crate::web::locale::{Locale, Tr};
use crate::web::urls::{Endpoint, with_query};

/// The sortable columns, by their name in the URL.
const SORTS: [(&str, ClientSort); 5] = [
    ("name", ClientSort::Name),
    ("owner", ClientSort::Owner),
    ("created", ClientSort::Created),
    ("expires", ClientSort::Expires),
    ("last_used", ClientSort::LastUsed),
];

const STATUSES: [(&str, ClientStatus); 3] = [
    ("active", ClientStatus::Active),
    ("expired", ClientStatus::Expired),
    ("revoked", ClientStatus::Revoked),
];

/// What the table shows, as its URL says it. Unknown values fall back to the defaults (a
/// hand-edited URL shows the table rather than an error); a bad cursor says so.
struct Table {
    sort: &'static str,
    descending: bool,
    owner: String,
    status: &'static str,
    q: String,
    cursor: Option<String>,
    limit: u32,
}

impl Table {
    fn of(q: &[(String, String)]) -> Self {
        let sort = param(q, "sort")
            .and_then(|s| SORTS.iter().find(|(n, _)| *n == s))
            .map_or("created", |(n, _)| *n);
        let status = param(q, "status")
            .and_then(|s| STATUSES.iter().find(|(n, _)| *n == s))
            .map_or("", |(n, _)| *n);
        Self {
            sort,
            descending: param(q, "order") == Some("desc"),
            owner: param(q, "owner").unwrap_or("").to_owned(),
            status,
            q: param(q, "q").unwrap_or("").to_owned(),
            cursor: param(q, "cursor").map(str::to_owned),
            limit: page_size(q),
        }
    }

    fn order(&self) -> &'static str {
        if self.descending { "desc" } else { "asc" }
    }

    /// The table's URL with this sort and these filters; `cursor` for a later page.
    fn url(&self, base: &str, sort: &str, descending: bool, cursor: Option<&str>) -> String {
        let limit = self.limit.to_string();
        let mut p: Vec<(&str, &str)> = vec![
            ("sort", sort),
            ("order", if descending { "desc" } else { "asc" }),
        ];
        for (k, v) in [
            ("owner", self.owner.as_str()),
            ("status", self.status),
            ("q", self.q.as_str()),
        ] {
            if !v.is_empty() {
                p.push((k, v));
            }
        }
        if self.limit != DEFAULT_PAGE {
            p.push(("limit", &limit));
        }
        let mut url = with_query(base, &p);
        if let Some(c) = cursor {
            url = with_query(&url, &[("cursor", c)]);
        }
        url
    }

    /// A column header: sorts by the column, ascending first, and toggles on the second click.
    fn header(&self, base: &str, column: &'static str) -> ManageSortLink {
        let current = self.sort == column;
        ManageSortLink {
            url: self.url(base, column, current && !self.descending, None),
            aria_sort: current.then_some(if self.descending {
                "descending"
            } else {
                "ascending"
            }),
        }
    }
}

pub fn kind_key(kind: ClientKind) -> &'static str {
    match kind {
        ClientKind::Application => "manage-kind-application",
        ClientKind::Personal => "manage-kind-personal",
        ClientKind::Consumer => "manage-kind-consumer",
    }
}

pub fn status_key(state: ClientState) -> &'static str {
    match state {
        ClientState::Active => "manage-status-active",
        ClientState::Expired => "manage-status-expired",
        ClientState::Revoked => "manage-status-revoked",
    }
}

pub async fn list(
    State(state): State<AppState>,
    m: PageManager,
    Locale(tr): Locale,
    RawQuery(query): RawQuery,
) -> Response {
    let q = pairs(query.unwrap_or_default().as_bytes());
    let table = Table::of(&q);
    let notice = match param(&q, "revoked").and_then(ClientId::parse) {
        Some(id) => match state.flows.client(&m.domain, &id).await {
            Ok(c) if c.revoked_at.is_some() => {
                Some(tr.t1("manage-clients-revoked", "client", c.name.as_str()))
            }
            _ => None,
        },
        None => None,
    };
    let mut shell = m.shell("clients", notice);
    let base = Endpoint::ManageClients.path(&m.domain.slug);

    let sort = SORTS
        .iter()
        .find(|(n, _)| *n == table.sort)
        .map_or(ClientSort::Created, |(_, s)| *s);
    let mut after = None;
    if let Some(c) = &table.cursor {
        after = ClientCursor::decode(c);
        if after.is_none() {
            shell.problem = Some(tr.t("manage-clients-bad-cursor"));
        }
    }
    // An owner nobody has: an empty table, not an error.
    let owner_user_id = match table.owner.as_str() {
        "" => None,
        name => match state.flows.user_by_name(&m.domain, name).await {
            Ok(u) => Some(Some(u.id)),
            Err(ManageError::NotFound(_)) => Some(None),
            Err(e) => return refusal::page(&tr, &m.domain, e),
        },
    };
    let mut query = ClientListQuery {
        domain_id: m.domain.id.clone(),
        sort,
        descending: table.descending,
        owner_user_id: owner_user_id.clone().flatten(),
        status: STATUSES
            .iter()
            .find(|(n, _)| *n == table.status)
            .map(|(_, s)| *s),
        name_contains: Some(table.q.clone()).filter(|s| !s.is_empty()),
        now: 0,
        after,
        limit: table.limit,
    };
    let page = if owner_user_id == Some(None) {
        Ok(jeton_store::ClientPage {
            clients: vec![],
            next: None,
        })
    } else {
        match state.flows.list_clients(&m.domain, query.clone()).await {
            // A cursor of another sort (the URL was edited): the first page, saying so.
            Err(ManageError::Store(StoreError::Invalid(_))) if query.after.is_some() => {
                shell.problem = Some(tr.t("manage-clients-bad-cursor"));
                query.after = None;
                state.flows.list_clients(&m.domain, query).await
            }
            other => other,
        }
    };
    let page = match page {
        Ok(p) => p,
        Err(e) => return refusal::page(&tr, &m.domain, e),
    };
    let now = state.flows.now();
    let slug = &m.domain.slug;
    let clients = page
        .clients
        .into_iter()
        .map(|item| {
            let c = item.client;
            let status = c.status(now);
            ManageClientRow {
                revoke_url: (status != ClientState::Revoked)
                    .then(|| Endpoint::ManageClientRevoke.path_with(slug, c.id.as_str())),
                url: Endpoint::ManageClient.path_with(slug, c.id.as_str()),
                owner_url: item
                    .owner_username
                    .as_deref()
                    .map(|o| Endpoint::ManageUser.path_with(slug, o)),
                owner: item.owner_username,
                kind_key: kind_key(c.kind),
                status: status.as_str(),
                status_key: status_key(status),
                created: dates::display(c.created_at),
                expires: c.expires_at.map(dates::display),
                last_used: c.last_used_at.map(dates::display),
                client_id: c.id.to_string(),
                name: c.name,
            }
        })
        .collect();
    let next_url = page
        .next
        .map(|c| table.url(&base, table.sort, table.descending, Some(&c.encode())));
    let first_url = table
        .cursor
        .as_ref()
        .map(|_| table.url(&base, table.sort, table.descending, None));
    render(
        StatusCode::OK,
        &ManageClientsPage {
            tr,
            by_name: table.header(&base, "name"),
            by_owner: table.header(&base, "owner"),
            by_created: table.header(&base, "created"),
            by_expires: table.header(&base, "expires"),
            by_last_used: table.header(&base, "last_used"),
            shell,
            filter_action: base.clone(),
            owner: table.owner.clone(),
            status: table.status,
            q: table.q.clone(),
            sort: table.sort,
            order: table.order(),
            clients,
            next_url,
            first_url,
        },
    )
}

/// The client the path names, if it is the domain's and not yet revoked.
pub(crate) async fn live_client(
    state: &AppState,
    m: &PageManager,
    tr: &Tr,
    client_id: &str,
) -> Result<jeton_store::Client, Response> {
    let Some(id) = ClientId::parse(client_id) else {
        return Err(refusal::page(
            tr,
            &m.domain,
            ManageError::NotFound("client"),
        ));
    };
    match state.flows.client(&m.domain, &id).await {
        Ok(c) if c.revoked_at.is_none() => Ok(c),
        Ok(_) => Err(refusal::page(
            tr,
            &m.domain,
            ManageError::NotFound("live client"),
        )),
        Err(e) => Err(refusal::page(tr, &m.domain, e)),
    }
}

/// Asks to confirm, saying what revoking does.
pub async fn revoke_get(
    State(state): State<AppState>,
    m: PageManager,
    Locale(tr): Locale,
    Path((_, client_id)): Path<(String, String)>,
) -> Response {
    let client = match live_client(&state, &m, &tr, &client_id).await {
        Ok(c) => c,
        Err(res) => return res,
    };
    let owner = match &client.owner_user_id {
        Some(id) => match state.flows.user_by_id(&m.domain, id).await {
            Ok(u) => Some(u.username),
            Err(ManageError::NotFound(_)) => None,
            Err(e) => return refusal::page(&tr, &m.domain, e),
        },
        None => None,
    };
    let slug = &m.domain.slug;
    let page = ManageRevokePage {
        tr,
        shell: m.shell("clients", None),
        action: Endpoint::ManageClientRevoke.path_with(slug, client.id.as_str()),
        cancel_url: Endpoint::ManageClients.path(slug),
        kind_key: kind_key(client.kind),
        client_id: client.id.to_string(),
        client_name: client.name,
        owner,
    };
    form_response(&state, &m, StatusCode::OK, |t| WithCsrf::new(t, page))
}

pub async fn revoke_post(
    State(state): State<AppState>,
    m: PageManager,
    Locale(tr): Locale,
    Path((_, client_id)): Path<(String, String)>,
    headers: HeaderMap,
    form: PageForm,
) -> Response {
    if !m.verified(&state, &headers, &form) {
        return expired_form(&tr, &m.domain);
    }
    let client = match live_client(&state, &m, &tr, &client_id).await {
        Ok(c) => c,
        Err(res) => return res,
    };
    match state
        .flows
        .revoke_domain_client(&m.domain, &client.id, &m.actor)
        .await
    {
        Ok(()) => see_other(
            &tr,
            &with_query(
                &Endpoint::ManageClients.path(&m.domain.slug),
                &[("revoked", client.id.as_str())],
            ),
        ),
        Err(e) => refusal::page(&tr, &m.domain, e),
    }
}
