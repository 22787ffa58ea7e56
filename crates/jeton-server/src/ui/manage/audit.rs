//! The domain's audit log, newest first: who did what, when, from where, filtered by action
//! and actor, paged with "Older" (the position is the API's `before`: `at.id`). The rows and
//! the filter's choices are built here for the admin pages' global log too
//! (`ui::admin::audit`), and both show them with `_audit_table.html`.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use jeton_core::dates;
use jeton_core::entities::{AuditAction, AuditEvent, AuditQuery};

use crate::state::AppState;
use crate::ui::form::pairs;
use crate::ui::manage::{DEFAULT_PAGE, PageManager, page_size, param};
use crate::ui::pages::{ManageAuditOption, ManageAuditPage, ManageAuditRow, render, unavailable};
use crate::web::locale::Locale;
use crate::web::urls::{Endpoint, with_query};

/// The message key that names an action for people.
pub fn action_key(a: AuditAction) -> &'static str {
    match a {
        AuditAction::GrantRevoke => "manage-audit-grant-revoke",
        AuditAction::ClientCreate => "manage-audit-client-create",
        AuditAction::ClientRevoke => "manage-audit-client-revoke",
        AuditAction::ClientRotateSecret => "manage-audit-client-rotate-secret",
        AuditAction::ClientUpdate => "manage-audit-client-update",
        AuditAction::ClientDelete => "manage-audit-client-delete",
        AuditAction::UserCreate => "manage-audit-user-create",
        AuditAction::UserUpdate => "manage-audit-user-update",
        AuditAction::UserDisable => "manage-audit-user-disable",
        AuditAction::UserEnable => "manage-audit-user-enable",
        AuditAction::UserRoles => "manage-audit-user-roles",
        AuditAction::UserPassword => "manage-audit-user-password",
        AuditAction::ScopeCreate => "manage-audit-scope-create",
        AuditAction::DomainCreate => "manage-audit-domain-create",
        AuditAction::DomainUpdate => "manage-audit-domain-update",
        AuditAction::DomainSettings => "manage-audit-domain-settings",
        AuditAction::SignIn => "manage-audit-sign-in",
        AuditAction::AdminTokenCreate => "manage-audit-admin-token-create",
        AuditAction::AdminTokenRevoke => "manage-audit-admin-token-revoke",
        AuditAction::KeysRotate => "manage-audit-keys-rotate",
        AuditAction::VaultCreate => "manage-audit-vault-create",
        AuditAction::VaultDelete => "manage-audit-vault-delete",
        AuditAction::VaultUse => "manage-audit-vault-use",
        AuditAction::VaultRenew => "manage-audit-vault-renew",
        AuditAction::VaultNeedsReauthorization => "manage-audit-vault-needs-reauthorization",
        AuditAction::VaultPermit => "manage-audit-vault-permit",
        AuditAction::VaultEdit => "manage-audit-vault-edit",
        AuditAction::VaultRevokePermission => "manage-audit-vault-revoke-permission",
        AuditAction::VaultAuthorize => "manage-audit-vault-authorize",
    }
}

/// `at.id`, as the API's `before` reads it.
pub(crate) fn position(e: &AuditEvent) -> String {
    format!("{}.{}", e.at, e.id)
}

pub(crate) fn parse_position(s: &str) -> Option<(i64, String)> {
    let (at, id) = s.split_once('.')?;
    Some((at.parse().ok()?, id.to_owned()))
}

/// An event's details as `key: value` lines: text as it is, lists joined with commas,
/// anything else as JSON (all of it escaped by the template).
fn detail_lines(detail: &serde_json::Value) -> Vec<(String, String)> {
    fn text(v: &serde_json::Value) -> String {
        match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Array(items) => {
                items.iter().map(text).collect::<Vec<_>>().join(", ")
            }
            other => other.to_string(),
        }
    }
    match detail {
        serde_json::Value::Object(m) => m.iter().map(|(k, v)| (k.clone(), text(v))).collect(),
        serde_json::Value::Null => vec![],
        other => vec![(String::new(), text(other))],
    }
}

/// An event as the log's table shows it (`_audit_table.html`); `domain` is the slug of its
/// domain, for the global log.
pub(crate) fn row(e: AuditEvent, domain: Option<String>) -> ManageAuditRow {
    ManageAuditRow {
        domain,
        when: dates::display(e.at),
        details: detail_lines(&e.detail),
        who: e.actor.name,
        from: e.actor.address,
        action: e.action.as_str(),
        label_key: action_key(e.action),
        target: e.target,
    }
}

/// The action filter's choices, `selected` marked.
pub(crate) fn action_options(selected: Option<AuditAction>) -> Vec<ManageAuditOption> {
    AuditAction::ALL
        .into_iter()
        .map(|a| ManageAuditOption {
            value: a.as_str(),
            label_key: action_key(a),
            selected: Some(a) == selected,
        })
        .collect()
}

pub async fn list(
    State(state): State<AppState>,
    m: PageManager,
    Locale(tr): Locale,
    RawQuery(query): RawQuery,
) -> Response {
    let q = pairs(query.unwrap_or_default().as_bytes());
    let action = param(&q, "action").and_then(AuditAction::parse);
    let actor = param(&q, "actor").unwrap_or("").to_owned();
    let before_text = param(&q, "before");
    let before = before_text.and_then(parse_position);
    let limit = page_size(&q);
    let mut shell = m.shell("audit", None);
    if param(&q, "action").is_some() && action.is_none()
        || before_text.is_some() && before.is_none()
    {
        shell.problem = Some(tr.t("manage-audit-bad-filter"));
    }
    let query = AuditQuery {
        domain_id: Some(m.domain.id.clone()),
        action,
        actor: Some(actor.clone()).filter(|a| !a.is_empty()),
        target: None,
        before,
        limit,
    };
    let events = match state.flows.audit_log(&query).await {
        Ok(e) => e,
        Err(e) => return unavailable(&tr, e),
    };
    let base = Endpoint::ManageAudit.path(&m.domain.slug);
    let limit_text = limit.to_string();
    let url = |before: Option<&str>| {
        let mut p: Vec<(&str, &str)> = Vec::new();
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
    let rows = events.into_iter().map(|e| row(e, None)).collect();
    let page = ManageAuditPage {
        tr,
        shell,
        filter_action: base.clone(),
        actions: action_options(action),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_read_as_lines_and_positions_round_trip() {
        let d = serde_json::json!({"username": "carl", "to": ["a", "b"], "n": 3, "x": null});
        let lines = detail_lines(&d);
        assert!(lines.contains(&("to".to_owned(), "a, b".to_owned())));
        assert!(lines.contains(&("n".to_owned(), "3".to_owned())));
        assert!(lines.contains(&("x".to_owned(), "null".to_owned())));
        assert!(detail_lines(&serde_json::Value::Null).is_empty());
        assert_eq!(parse_position("17.ab.c"), Some((17, "ab.c".to_owned())));
        assert_eq!(parse_position("x.1"), None);
        assert_eq!(parse_position("17"), None);
    }
}
