//! The audit log (DESIGN §5): rows are only ever inserted, and read newest first.

use async_trait::async_trait;

use crate::sql::SqlStore;
use crate::sql::db::{Arg, Row, Statement, Tx, sql};
use crate::sql::rows::{corrupt, opt_id};
use crate::{Actor, AuditAction, AuditEvent, AuditQuery, Result};

/// The most events one page holds.
const MAX_PAGE: u32 = 500;

#[async_trait]
pub trait Audit: Send + Sync {
    async fn record_audit(&self, event: &AuditEvent) -> Result<()>;
    /// One page of events, newest first.
    async fn audit_events(&self, query: &AuditQuery) -> Result<Vec<AuditEvent>>;
}

/// Records `e` inside the transaction of the change it describes, so that a change is never
/// kept without its record, nor a record without its change.
pub(crate) async fn record_in(tx: &mut Tx, e: &AuditEvent) -> Result<()> {
    insert(e).execute(&mut *tx).await?;
    Ok(())
}

fn insert(e: &AuditEvent) -> Statement {
    sql("INSERT INTO audit_events (id, domain_id, at, actor_user_id, actor, action, target, detail, address)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
        .bind(e.id.clone())
        .bind(e.domain_id.clone())
        .bind(e.at)
        .bind(e.actor.user_id.clone())
        .bind(e.actor.name.clone())
        .bind(e.action.as_str())
        .bind(e.target.clone())
        .bind(e.detail.to_string())
        .bind(e.actor.address.clone())
}

#[async_trait]
impl Audit for SqlStore {
    async fn record_audit(&self, e: &AuditEvent) -> Result<()> {
        insert(e).execute(&self.writer).await?;
        Ok(())
    }

    async fn audit_events(&self, q: &AuditQuery) -> Result<Vec<AuditEvent>> {
        // A handful of optional filters, each an equality: built as text with numbered
        // placeholders, every value bound (never spliced in).
        let mut text = String::from("SELECT * FROM audit_events WHERE 1 = 1");
        let mut args: Vec<Arg> = Vec::new();
        let mut add = |clause: &str, value: Arg, args: &mut Vec<Arg>| {
            args.push(value);
            text.push_str(&clause.replace('?', &format!("${}", args.len())));
        };
        if let Some(d) = &q.domain_id {
            add(" AND domain_id = ?", d.clone().into(), &mut args);
        }
        if let Some(a) = q.action {
            add(" AND action = ?", a.as_str().to_owned().into(), &mut args);
        }
        if let Some(a) = &q.actor {
            add(" AND actor = ?", a.clone().into(), &mut args);
        }
        if let Some(t) = &q.target {
            add(" AND target = ?", t.clone().into(), &mut args);
        }
        if let Some((at, last_id)) = &q.before {
            args.push((*at).into());
            let n = args.len();
            args.push(last_id.clone().into());
            text.push_str(&format!(
                " AND (at < ${n} OR (at = ${n} AND id < ${}))",
                n + 1
            ));
        }
        text.push_str(&format!(
            " ORDER BY at DESC, id DESC LIMIT {}",
            q.limit.clamp(1, MAX_PAGE)
        ));
        let rows = sql(sqlx::AssertSqlSafe(text))
            .bind_all(args)
            .fetch_all(&self.reader)
            .await?;
        rows.iter().map(event).collect()
    }
}

fn event(row: &Row) -> Result<AuditEvent> {
    let action: String = row.get("action")?;
    let detail: String = row.get("detail")?;
    Ok(AuditEvent {
        id: row.get("id")?,
        domain_id: opt_id(row, "domain_id")?,
        at: row.get("at")?,
        actor: Actor {
            user_id: opt_id(row, "actor_user_id")?,
            name: row.get("actor")?,
            address: row.get("address")?,
        },
        action: AuditAction::parse(&action).ok_or_else(|| corrupt("audit action"))?,
        target: row.get("target")?,
        detail: serde_json::from_str(&detail).map_err(|_| corrupt("audit detail"))?,
    })
}
