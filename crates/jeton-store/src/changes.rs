//! The change feed: how every instance on one PostgreSQL database learns that something it
//! may have cached changed (a revoked token or grant, a changed client, user, domain or
//! scope list). On SQLite one server writes the file, but so does the CLI, another process:
//! changes are recorded there too and the server polls the log (`sqlite/feed.rs`).
//!
//! On PostgreSQL each change is written by [`record_in`] *inside the transaction of the
//! write itself*: a row in `changes` (the durable log) and a `pg_notify` on the channel
//! (delivered to every listener at commit, never for a rolled-back write). So a write and its
//! change commit together or not at all, and a crash between the two cannot lose the change
//! (publishing after the commit could).
//!
//! Ordering. Before it takes its `seq`, [`record_in`] takes a transaction-scoped advisory
//! lock that it keeps until the commit. Change-writing transactions therefore commit one at a
//! time, in `seq` order: when a change with `seq = n` is visible, every change with a smaller
//! `seq` is committed or will never be. (Without the lock, a transaction that took `seq = 5`
//! could commit after one that took `seq = 6`, and a catch-up "after 6" would miss 5.) So
//! "everything after the last `seq` I applied" is exactly what a listener that reconnects has
//! missed: [`Changes::changes_after`]. The lock is held only from the change's INSERT (the
//! last statement of each writing transaction) to the commit, and only revocations and
//! administrative changes take it; issuing tokens never does.
//!
//! Retention. The sweeper deletes changes older than an hour, always a prefix of the log by
//! `seq` and never the newest row ([`crate::postgres`]'s sweep). A catch-up after `n` is
//! complete if a row with `seq <= n` is still there: then nothing after `n` was swept.

use async_trait::async_trait;
use jeton_core::entities::{Change, ChangeKind};
use jeton_core::ids::{ClientId, DomainId, GrantId, UserId};
use jeton_core::secret::SecretDigest;

use crate::Result;
use crate::sql::db::{Pool, Tx, sql};
use crate::sql::{SqlStore, rows::opt_id};

/// Serializes change-writing transactions, per schema ("jtch"; see the module comment).
pub(crate) const CHANGE_LOCK: i64 = 0x6a74_6368;

/// How long the change log keeps a row (both backends' sweeps): far longer than any listener
/// outage that a catch-up should bridge (beyond, the listener forgets all it cached instead).
pub const CHANGE_RETENTION_SECS: i64 = 3600;

/// The most changes one catch-up applies; beyond, the listener clears its caches instead.
pub const CATCH_UP_LIMIT: u32 = 10_000;

#[async_trait]
pub trait Changes: Send + Sync {
    /// Whether this store has a change feed (PostgreSQL; SQLite, polled).
    fn has_change_feed(&self) -> bool;
    /// A listener on the channel. Once this returns, every change committed afterwards is
    /// delivered by it, until it reports [`Notice::Lost`].
    async fn listen_changes(&self) -> Result<Box<dyn ChangeListener>>;
    /// The changes with `seq > after`, oldest first (at most [`CATCH_UP_LIMIT`]).
    async fn changes_after(&self, after: i64) -> Result<CatchUp>;
    /// The newest `seq` in the log (0 when it is empty).
    async fn latest_change(&self) -> Result<i64>;
    /// Sends `tag` through the channel, behind every change committed before it: a listener
    /// that receives it has received all of those.
    async fn send_heartbeat(&self, tag: &str) -> Result<()>;
}

/// What a catch-up found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatchUp {
    pub changes: Vec<Change>,
    /// The largest `seq` seen, changes of an unknown kind included (`after` if none).
    pub last_seq: i64,
    /// False when something may be missing (swept, more than the limit, a kind this
    /// version does not know): then the caller must forget everything it cached.
    pub complete: bool,
}

/// What a listener hears.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Change(Change),
    /// A change of a kind this version does not know (a newer instance wrote it during a
    /// rolling upgrade), or one that does not parse: forget everything.
    Unknown {
        seq: Option<i64>,
    },
    /// A heartbeat (`send_heartbeat`): its tag.
    Heartbeat(String),
    /// The connection is gone: notifications may have been missed from here on.
    Lost(String),
}

#[async_trait]
pub trait ChangeListener: Send {
    async fn next(&mut self) -> Notice;
}

/// How changes reach the other processes on one database.
pub(crate) enum Feed {
    /// A notification channel, plus the log for catching up (`postgres/feed.rs`).
    Postgres(Box<crate::postgres::feed::Feed>),
    /// The log, polled; heartbeats handed to the pollers in-process (`sqlite/feed.rs`).
    Sqlite(crate::sqlite::feed::Feed),
}

/// Records `kind` in the transaction `tx` of the write it describes. Call it last in the
/// transaction: on PostgreSQL it holds the change lock until the commit.
pub(crate) async fn record_in(store: &SqlStore, tx: &mut Tx, kind: &ChangeKind) -> Result<()> {
    let (kind, domain, entity) = encode(kind);
    let feed = match &store.feed {
        None => return Ok(()),
        Some(Feed::Sqlite(_)) => {
            // One writer at a time: no lock needed for `seq` order to be commit order, and
            // nothing to notify (the server polls).
            sql("INSERT INTO changes (kind, domain_id, entity) VALUES ($1, $2, $3)")
                .bind(kind)
                .bind(domain)
                .bind(entity)
                .execute(&mut *tx)
                .await?;
            return Ok(());
        }
        Some(Feed::Postgres(feed)) => feed,
    };
    sql(sqlx::AssertSqlSafe(format!(
        "SELECT pg_advisory_xact_lock({CHANGE_LOCK}, hashtext(current_schema()))"
    )))
    .execute(&mut *tx)
    .await?;
    // The notification carries the whole change, so a listener needs no query to apply it.
    sql("WITH c AS (INSERT INTO changes (kind, domain_id, entity) VALUES ($1, $2, $3) RETURNING seq)
         SELECT pg_notify($4, c.seq || ' ' || $1 || ' ' || COALESCE($2, '-') || ' ' || $3) FROM c")
    .bind(kind)
    .bind(domain)
    .bind(entity)
    .bind(feed.channel.as_str())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The change as the log keeps it: kind, domain id, and what the kind names (for a token, its
/// digest in hex). Small: a notification must stay under 8000 bytes.
pub(crate) fn encode(kind: &ChangeKind) -> (&'static str, Option<String>, String) {
    match kind {
        ChangeKind::AccessToken { digest } => ("token", None, hex(digest.as_bytes())),
        ChangeKind::Grant { grant_id } => ("grant", None, grant_id.to_string()),
        ChangeKind::Client {
            domain_id,
            client_id,
        } => ("client", Some(domain_id.to_string()), client_id.to_string()),
        ChangeKind::User { domain_id, user_id } => {
            ("user", Some(domain_id.to_string()), user_id.to_string())
        }
        ChangeKind::Domain { domain_id } => ("domain", Some(domain_id.to_string()), String::new()),
        ChangeKind::Scopes { domain_id } => ("scopes", Some(domain_id.to_string()), String::new()),
        ChangeKind::Keys { domain_id } => ("keys", Some(domain_id.to_string()), String::new()),
    }
}

/// The inverse of [`encode`]; `None` for a kind this version does not know.
pub(crate) fn decode(kind: &str, domain: Option<String>, entity: &str) -> Option<ChangeKind> {
    let domain_id = || domain.clone().map(DomainId::from);
    Some(match kind {
        "token" => ChangeKind::AccessToken {
            digest: SecretDigest::from_slice(&unhex(entity)?)?,
        },
        "grant" => ChangeKind::Grant {
            grant_id: GrantId::from(entity),
        },
        "client" => ChangeKind::Client {
            domain_id: domain_id()?,
            client_id: ClientId::from(entity),
        },
        "user" => ChangeKind::User {
            domain_id: domain_id()?,
            user_id: UserId::from(entity),
        },
        "domain" => ChangeKind::Domain {
            domain_id: domain_id()?,
        },
        "scopes" => ChangeKind::Scopes {
            domain_id: domain_id()?,
        },
        "keys" => ChangeKind::Keys {
            domain_id: domain_id()?,
        },
        _ => return None,
    })
}

/// A notification's payload: `seq kind domain entity` (`-` for no domain).
pub(crate) fn parse_payload(payload: &str) -> Notice {
    if let Some(tag) = payload.strip_prefix("h ") {
        return Notice::Heartbeat(tag.to_owned());
    }
    let mut parts = payload.splitn(4, ' ');
    let seq = parts.next().and_then(|s| s.parse::<i64>().ok());
    let (Some(seq), Some(kind), Some(domain), Some(entity)) =
        (seq, parts.next(), parts.next(), parts.next())
    else {
        return Notice::Unknown { seq };
    };
    let domain = (domain != "-").then(|| domain.to_owned());
    match decode(kind, domain, entity) {
        Some(kind) => Notice::Change(Change { seq, kind }),
        None => Notice::Unknown { seq: Some(seq) },
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The changes with `seq > after` in the log read through `reader` (see
/// [`Changes::changes_after`]).
pub(crate) async fn read_changes_after(reader: &Pool, after: i64) -> Result<CatchUp> {
    // One statement, one snapshot: the rows and whether the sweep passed `after`.
    let rows = sql("SELECT seq, kind, domain_id, entity,
                EXISTS (SELECT 1 FROM changes WHERE seq <= $1) AS kept
         FROM (SELECT 1) one
         LEFT JOIN (SELECT seq, kind, domain_id, entity FROM changes
                    WHERE seq > $1 ORDER BY seq LIMIT $2) c ON true")
    .bind(after)
    .bind(i64::from(CATCH_UP_LIMIT) + 1)
    .fetch_all(reader)
    .await?;
    let mut complete = rows.first().map(|r| r.get::<bool>("kept")).transpose()? == Some(true);
    let mut last_seq = after;
    let mut changes = Vec::new();
    for row in &rows {
        let Some(seq) = row.get::<Option<i64>>("seq")? else {
            continue; // the LEFT JOIN's row when nothing came after `after`
        };
        if changes.len() as u32 >= CATCH_UP_LIMIT {
            complete = false;
            break;
        }
        last_seq = last_seq.max(seq);
        let entity: String = row.get("entity")?;
        match decode(
            &row.get::<String>("kind")?,
            opt_id(row, "domain_id")?,
            &entity,
        ) {
            Some(kind) => changes.push(Change { seq, kind }),
            None => complete = false,
        }
    }
    Ok(CatchUp {
        changes,
        last_seq,
        complete,
    })
}

async fn read_latest_change(reader: &Pool) -> Result<i64> {
    let row = sql("SELECT COALESCE(MAX(seq), 0) FROM changes")
        .fetch_optional(reader)
        .await?;
    Ok(match row {
        Some(r) => r.get::<i64>(0)?,
        None => 0,
    })
}

#[async_trait]
impl Changes for SqlStore {
    fn has_change_feed(&self) -> bool {
        self.feed.is_some()
    }

    async fn listen_changes(&self) -> Result<Box<dyn ChangeListener>> {
        match &self.feed {
            Some(Feed::Postgres(feed)) => Ok(Box::new(feed.listen().await?)),
            Some(Feed::Sqlite(feed)) => {
                let after = read_latest_change(&self.reader).await?;
                Ok(Box::new(feed.poller(self.reader.clone(), after)))
            }
            None => Err(crate::StoreError::Invalid(
                "this database has no change feed",
            )),
        }
    }

    async fn changes_after(&self, after: i64) -> Result<CatchUp> {
        if !self.has_change_feed() {
            return Ok(CatchUp {
                changes: Vec::new(),
                last_seq: after,
                complete: true,
            });
        }
        read_changes_after(&self.reader, after).await
    }

    async fn latest_change(&self) -> Result<i64> {
        if !self.has_change_feed() {
            return Ok(0);
        }
        read_latest_change(&self.reader).await
    }

    async fn send_heartbeat(&self, tag: &str) -> Result<()> {
        match &self.feed {
            Some(Feed::Postgres(feed)) => {
                sql("SELECT pg_notify($1, $2)")
                    .bind(feed.channel.as_str())
                    .bind(format!("h {tag}"))
                    .execute(&self.writer)
                    .await?;
            }
            Some(Feed::Sqlite(feed)) => feed.send_heartbeat(tag),
            None => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_survives_the_payload() {
        let d = DomainId::from("dom");
        let kinds = [
            ChangeKind::AccessToken {
                digest: SecretDigest::of("jeton_at_x"),
            },
            ChangeKind::Grant {
                grant_id: GrantId::from("g1"),
            },
            ChangeKind::Client {
                domain_id: d.clone(),
                client_id: ClientId::from("c1"),
            },
            ChangeKind::User {
                domain_id: d.clone(),
                user_id: UserId::from("u1"),
            },
            ChangeKind::Domain {
                domain_id: d.clone(),
            },
            ChangeKind::Scopes {
                domain_id: d.clone(),
            },
            ChangeKind::Keys { domain_id: d },
        ];
        for kind in kinds {
            let (k, domain, entity) = encode(&kind);
            let payload = format!("7 {k} {} {entity}", domain.as_deref().unwrap_or("-"));
            assert!(payload.len() < 8000);
            assert_eq!(
                parse_payload(&payload),
                Notice::Change(Change { seq: 7, kind })
            );
        }
        assert_eq!(
            parse_payload("8 vault x y"),
            Notice::Unknown { seq: Some(8) }
        );
        assert_eq!(parse_payload("garbage"), Notice::Unknown { seq: None });
        assert_eq!(parse_payload("h abc 1"), Notice::Heartbeat("abc 1".into()));
    }
}
