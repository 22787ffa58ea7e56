//! One page of a domain's clients for the manager's list: sorted, filtered, and paged by
//! keyset (the cursor is the last row's sort value and id), so that page 1,000 of 100,000
//! clients costs what page 1 costs.
//!
//! The query depends on the sort and the filters, so it is built with sea-query, which
//! renders it for either dialect; `sql/db.rs` runs it. Each sort order has an index that
//! ends in `id` (migration 0003), so a page is one index range scan (two for the owner
//! sort, see [`by_owner`]). Sort keys are never NULL: a client without an expiry sorts as
//! expiring at the end of time (`expires_sort`, a generated column), a client without an
//! owner as owned by "".

use jeton_core::clock::UnixTime;
use sea_query::{
    Asterisk, Expr, ExprTrait, Func, JoinType, LikeExpr, Order, Query, SelectStatement,
};

use super::client;
use super::cursor::{ClientCursor, Key};
use crate::sql::SqlStore;
use crate::sql::db::{Row, built};
use crate::{Client, DomainId, Result, StoreError, UserId};

/// The most clients one page holds.
const MAX_PAGE: u32 = 500;

/// What a manager asks for: one page of a domain's clients.
#[derive(Debug, Clone)]
pub struct ClientListQuery {
    pub domain_id: DomainId,
    pub sort: ClientSort,
    pub descending: bool,
    /// Only the personal clients of this user (by user id).
    pub owner_user_id: Option<UserId>,
    pub status: Option<ClientStatus>,
    /// Only clients whose name contains this, ignoring case.
    pub name_contains: Option<String>,
    /// What "active" and "expired" are measured against.
    pub now: UnixTime,
    /// Continue after this: [`ClientPage::next`] of the previous page of the same query.
    pub after: Option<ClientCursor>,
    /// At most this many clients, 1 to [`MAX_PAGE`].
    pub limit: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientSort {
    Name,
    /// By the owner's username; clients without an owner first.
    Owner,
    Created,
    /// By expiry date; clients that never expire last.
    Expires,
    /// By when a token was last issued to it; never-used clients first.
    LastUsed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientStatus {
    /// Neither revoked nor past its expiry date (as [`Client::is_active`]).
    Active,
    /// Past its expiry date, not revoked.
    Expired,
    Revoked,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientListItem {
    pub client: Client,
    pub owner_username: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientPage {
    pub clients: Vec<ClientListItem>,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<ClientCursor>,
}
/// `%text%` for LIKE, with the wildcards in `text` taken literally (escaped with `\`).
pub(crate) fn contains_pattern(text: &str) -> String {
    let mut p = String::with_capacity(text.len() + 2);
    p.push('%');
    for ch in text.to_lowercase().chars() {
        if matches!(ch, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(ch);
    }
    p.push('%');
    p
}

/// The clients of the query's domain that pass its filters, with their owner's username;
/// not yet sorted. `join` is how `users` joins: `Inner` only where every row has an owner.
fn filtered(q: &ClientListQuery, join: JoinType) -> SelectStatement {
    let mut s = Query::select();
    s.column(("c", Asterisk))
        .expr_as(Expr::col(("u", "username")), "owner_username")
        .from_as("clients", "c")
        .join_as(
            join,
            "users",
            "u",
            Expr::col(("u", "id")).equals(("c", "owner_user_id")),
        )
        .and_where(Expr::col(("c", "domain_id")).eq(q.domain_id.as_str()));
    if let Some(owner) = &q.owner_user_id {
        s.and_where(Expr::col(("c", "owner_user_id")).eq(owner.as_str()));
    }
    let revoked = || Expr::col(("c", "revoked_at"));
    let expires = || Expr::col(("c", "expires_at"));
    match q.status {
        None => {}
        Some(ClientStatus::Active) => {
            s.and_where(revoked().is_null())
                .and_where(expires().is_null().or(expires().gt(q.now)));
        }
        Some(ClientStatus::Expired) => {
            s.and_where(revoked().is_null())
                .and_where(expires().lte(q.now));
        }
        Some(ClientStatus::Revoked) => {
            s.and_where(revoked().is_not_null());
        }
    }
    if let Some(text) = q.name_contains.as_deref().filter(|t| !t.is_empty()) {
        s.and_where(
            Expr::expr(Func::lower(Expr::col(("c", "name"))))
                .like(LikeExpr::new(contains_pattern(text)).escape('\\')),
        );
    }
    s
}

/// Orders `s` by `key` (if any) then id, starting after the cursor's `(value, id)`: a row
/// value comparison, which both databases answer by seeking the `(domain, key, id)` index.
fn sorted_after(
    mut s: SelectStatement,
    key: Option<Expr>,
    after: Option<(Expr, &str)>,
    descending: bool,
    limit: u32,
) -> SelectStatement {
    if let Some((value, id)) = after {
        let (here, there) = match &key {
            Some(key) => (
                Expr::tuple([key.clone(), Expr::col(("c", "id"))]),
                Expr::tuple([value, Expr::val(id)]),
            ),
            None => (Expr::col(("c", "id")), Expr::val(id)),
        };
        s.and_where(if descending {
            here.lt(there)
        } else {
            here.gt(there)
        });
    }
    let order = if descending { Order::Desc } else { Order::Asc };
    if let Some(key) = key {
        s.order_by_expr(key, order.clone());
    }
    s.order_by(("c", "id"), order).limit(u64::from(limit));
    s
}

/// The statements that together give one page, to run in order until the page is full:
/// one for most sorts; two for the owner's username, which lives in another table.
fn select(q: &ClientListQuery, limit: u32) -> Result<Vec<SelectStatement>> {
    let text = matches!(q.sort, ClientSort::Name | ClientSort::Owner);
    let after = match &q.after {
        None => None,
        Some(c) if c.sort == q.sort && matches!(c.key, Key::Text(_)) == text => {
            Some((&c.key, c.id.as_str()))
        }
        Some(_) => return Err(StoreError::Invalid("a page cursor from another sort order")),
    };
    let key = match q.sort {
        ClientSort::Name => Expr::col(("c", "name")),
        ClientSort::Created => Expr::col(("c", "created_at")),
        ClientSort::Expires => Expr::col(("c", "expires_sort")),
        ClientSort::LastUsed => Expr::col(("c", "last_used_sort")),
        ClientSort::Owner => {
            let after = after.map(|(key, id)| match key {
                Key::Text(name) => (name.as_str(), id),
                Key::Int(_) => unreachable!("checked above: owner cursors hold text"),
            });
            return Ok(by_owner(q, after, limit));
        }
    };
    let after = after.map(|(key, id)| match key {
        Key::Text(t) => (Expr::val(t.as_str()), id),
        Key::Int(n) => (Expr::val(*n), id),
    });
    let s = filtered(q, JoinType::LeftJoin);
    Ok(vec![sorted_after(s, Some(key), after, q.descending, limit)])
}

/// By owner: first the clients without one (their sort key is ""), by id; then the clients
/// with one, by username and id, walking the users' `(domain, username)` index and each
/// user's clients in `(owner, domain, id)`. (One join sorted by username would sort every
/// client of the domain for every page.) Descending, the other way round.
fn by_owner(q: &ClientListQuery, after: Option<(&str, &str)>, limit: u32) -> Vec<SelectStatement> {
    // Where the cursor is: nowhere (first page), among the unowned, or at a username.
    let (in_unowned, at_username) = match after {
        None => (None, None),
        Some(("", id)) => (Some(id), None),
        Some(at) => (None, Some(at)),
    };
    let mut unowned = None;
    // Ascending, the unowned come first: done once the cursor is past them.
    if q.owner_user_id.is_none() && (q.descending || at_username.is_none()) {
        let mut s = filtered(q, JoinType::LeftJoin);
        s.and_where(Expr::col(("c", "owner_user_id")).is_null());
        let after = in_unowned.map(|id| (Expr::val(id), id));
        unowned = Some(sorted_after(s, None, after, q.descending, limit));
    }
    let mut owned = None;
    // Descending, the owned come first: done once the cursor is among the unowned.
    if !q.descending || in_unowned.is_none() {
        let mut s = filtered(q, JoinType::InnerJoin);
        s.and_where(Expr::col(("u", "domain_id")).eq(q.domain_id.as_str()));
        let username = Expr::col(("u", "username"));
        if let Some((name, _)) = at_username {
            // Also said on its own, so that the planner seeks the username index to it.
            s.and_where(if q.descending {
                username.clone().lte(name)
            } else {
                username.clone().gte(name)
            });
        }
        let after = at_username.map(|(name, id)| (Expr::val(name), id));
        owned = Some(sorted_after(s, Some(username), after, q.descending, limit));
    }
    let segments = if q.descending {
        [owned, unowned]
    } else {
        [unowned, owned]
    };
    segments.into_iter().flatten().collect()
}

impl SqlStore {
    pub(super) async fn list_clients_page(&self, q: &ClientListQuery) -> Result<ClientPage> {
        let limit = q.limit.clamp(1, MAX_PAGE);
        // One more than asked for tells whether there is a next page.
        // (Built before the first await: sea-query's statements are not `Send`.)
        let statements = select(q, limit + 1)?
            .iter()
            .map(|s| built(s, &self.reader))
            .collect::<Result<Vec<_>, _>>()?;
        let mut clients = Vec::new();
        for statement in statements {
            if clients.len() > limit as usize {
                break;
            }
            let rows = statement.fetch_all(&self.reader).await?;
            for row in &rows {
                clients.push(item(row)?);
            }
        }
        let next = if clients.len() > limit as usize {
            clients.truncate(limit as usize);
            clients.last().map(|last| ClientCursor {
                sort: q.sort,
                key: q.sort.key_of(last),
                id: last.client.id.to_string(),
            })
        } else {
            None
        };
        Ok(ClientPage { clients, next })
    }
}

fn item(row: &Row) -> Result<ClientListItem> {
    Ok(ClientListItem {
        client: client(row)?,
        owner_username: row.get("owner_username")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(sort: ClientSort) -> ClientListQuery {
        ClientListQuery {
            domain_id: "d".into(),
            sort,
            descending: false,
            owner_user_id: None,
            status: None,
            name_contains: None,
            now: 100,
            after: None,
            limit: 50,
        }
    }

    #[test]
    fn wildcards_in_the_search_text_are_literal() {
        assert_eq!(contains_pattern("50%_A\\"), "%50\\%\\_a\\\\%");
    }

    #[test]
    fn the_page_query_seeks_the_sort_index() {
        let mut q = query(ClientSort::Name);
        q.after = Some(ClientCursor {
            sort: ClientSort::Name,
            key: Key::Text("m".into()),
            id: "i".into(),
        });
        q.status = Some(ClientStatus::Active);
        q.name_contains = Some("x".into());
        let (sql, _) = select(&q, 51).unwrap()[0].build(sea_query::PostgresQueryBuilder);
        println!("{sql}");
        assert!(sql.contains(r#"("c"."name", "c"."id") > ($"#), "{sql}");
        assert!(
            sql.ends_with(r#"ORDER BY "c"."name" ASC, "c"."id" ASC LIMIT $6"#),
            "{sql}"
        );
        q.after = Some(ClientCursor {
            sort: ClientSort::Created,
            key: Key::Int(1),
            id: "i".into(),
        });
        assert!(matches!(select(&q, 51), Err(StoreError::Invalid(_))));
    }
}
