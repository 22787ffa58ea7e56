//! The global audit log: every domain's events and the global ones (domains created, admin
//! tokens), newest first, with the domain each happened in; filtered by domain, action and
//! actor, paged with "Older". The rows, the action choices and the positions are the manager
//! pages' (`ui::manage::audit`), and so is the table (`_audit_table.html`).

use std::collections::HashMap;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use jeton_core::entities::{AuditAction, AuditQuery};

use super::PageAdmin;
use crate::state::AppState;
use crate::ui::form::pairs;
use crate::ui::manage::audit::{action_options, parse_position, position, row};
use crate::ui::manage::{DEFAULT_PAGE, page_size, param};
use crate::ui::pages::{AdminAuditPage, AdminDomainOption, AdminSection, render, unavailable};
use crate::web::urls::{AdminPage, with_query};

pub async fn list(
    State(state): State<AppState>,
    a: PageAdmin,
    RawQuery(query): RawQuery,
) -> Response {
    let q = pairs(query.unwrap_or_default().as_bytes());
    let domains = match state.flows.list_domains().await {
        Ok(d) => d,
        Err(e) => return a.refused(AdminSection::Audit, e),
    };
    let slug_param = param(&q, "domain");
    let domain = slug_param.and_then(|s| domains.iter().find(|d| d.slug == s));
    let action = param(&q, "action").and_then(AuditAction::parse);
    let actor = param(&q, "actor").unwrap_or("").to_owned();
    let before_text = param(&q, "before");
    let before = before_text.and_then(parse_position);
    let limit = page_size(&q);
    let mut shell = a.shell(AdminSection::Audit, None);
    if param(&q, "action").is_some() && action.is_none()
        || before_text.is_some() && before.is_none()
        || slug_param.is_some() && domain.is_none()
    {
        shell.problem = Some(a.tr.t("manage-audit-bad-filter"));
    }
    let query = AuditQuery {
        domain_id: domain.map(|d| d.id.clone()),
        action,
        actor: Some(actor.clone()).filter(|a| !a.is_empty()),
        target: None,
        before,
        limit,
    };
    let events = match state.flows.audit_log(&query).await {
        Ok(e) => e,
        Err(e) => return unavailable(&a.tr, e),
    };
    let base = AdminPage::Audit.path(&[]);
    let limit_text = limit.to_string();
    let url = |before: Option<&str>| {
        let mut p: Vec<(&str, &str)> = Vec::new();
        if let Some(d) = domain {
            p.push(("domain", &d.slug));
        }
        if let Some(a) = action {
            p.push(("action", a.as_str()));
        }
        if !actor.is_empty() {
            p.push(("actor", &actor));
        }
        if limit != DEFAULT_PAGE {
            p.push(("limit", &limit_text));
        }
        p.extend(before.map(|b| ("before", b)));
        with_query(&base, &p)
    };
    let older_url = (events.len() == limit as usize)
        .then(|| events.last())
        .flatten()
        .map(|e| url(Some(&position(e))));
    let newest_url = query.before.as_ref().map(|_| url(None));
    let slugs: HashMap<_, _> = domains.iter().map(|d| (&d.id, d.slug.clone())).collect();
    let rows = events
        .into_iter()
        .map(|e| {
            let slug = e.domain_id.as_ref().and_then(|id| slugs.get(id).cloned());
            row(e, slug)
        })
        .collect();
    let page = AdminAuditPage {
        tr: a.tr.clone(),
        shell,
        filter_action: base.clone(),
        actions: action_options(action),
        domains: domains
            .iter()
            .map(|d| AdminDomainOption {
                slug: d.slug.clone(),
                name: d.name.clone(),
                selected: domain.is_some_and(|s| s.id == d.id),
            })
            .collect(),
        actor: actor.clone(),
        events: rows,
        older_url,
        newest_url,
    };
    let status = if page.shell.problem.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    render(status, &page)
}
