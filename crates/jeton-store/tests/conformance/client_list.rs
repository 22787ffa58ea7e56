//! The manager's list of a domain's clients: every sort, both directions, paged by cursor
//! without gaps or repeats; filters by owner, status and name; other domains stay out.

use jeton_store::{
    ClientCursor, ClientId, ClientListItem, ClientListQuery, ClientSort, ClientStatus, Domain,
    StoreError, User,
};

use crate::support::*;

const SORTS: [ClientSort; 5] = [
    ClientSort::Name,
    ClientSort::Owner,
    ClientSort::Created,
    ClientSort::Expires,
    ClientSort::LastUsed,
];

/// What each fixture client is: (id, name, owner, created_at offset, expires_at offset).
/// Ties on every sort key, clients without owner or expiry, an expired and a revoked one.
const CLIENTS: [(&str, &str, Owner, i64, Option<i64>); 12] = [
    ("c00", "billing", Owner::Alice, 0, None),
    ("c01", "analytics", Owner::Bob, -5, Some(100)),
    ("c02", "billing", Owner::Nobody, -5, Some(-10)),
    ("c03", "Crawler", Owner::Alice, -9, None),
    ("c04", "deploy bot", Owner::Bob, 0, Some(100)),
    ("c05", "50% off_sale", Owner::Nobody, -1, None),
    ("c06", "backup", Owner::Alice, -5, Some(-10)),
    ("c07", "crawler two", Owner::Nobody, -2, Some(50)),
    ("c08", "exporter", Owner::Bob, -9, None),
    ("c09", "billing", Owner::Bob, -3, Some(100)),
    ("c10", "500 off", Owner::Alice, -4, Some(50)),
    ("c11", "zeta", Owner::Nobody, -7, None),
];

/// Revoked (directly in the database: the Store has no client revocation yet).
const REVOKED: [&str; 2] = ["c04", "c11"];

#[derive(Clone, Copy)]
enum Owner {
    Nobody,
    Alice,
    Bob,
}

struct Fixture {
    domain: Domain,
    alice: User,
    /// Every client of the domain, as the list must show it.
    all: Vec<ClientListItem>,
}

async fn fixture(b: &Backend) -> Fixture {
    let (n, s) = (b.name, &*b.store);
    let d = domain(s, n).await;
    let alice = user(s, n, &d.id, "alice").await;
    let bob = user(s, n, &d.id, "bob").await;
    let mut all = Vec::new();
    for (id, name, owner, created, expires) in CLIENTS {
        let mut new = new_client(&d.id);
        new.id = format!("{}-{id}", d.slug).into();
        new.name = name.to_owned();
        let (owner_id, owner_name) = match owner {
            Owner::Nobody => (None, None),
            Owner::Alice => (Some(alice.id.clone()), Some(alice.username.clone())),
            Owner::Bob => (Some(bob.id.clone()), Some(bob.username.clone())),
        };
        new.owner_user_id = owner_id;
        new.created_at = NOW + created;
        new.expires_at = expires.map(|e| NOW + e);
        let mut client = s.create_client(new, None).await.must(n, "create_client");
        // Every other client has been used, at its creation offset (so with ties).
        if all.len() % 2 == 0 {
            let at = NOW + created;
            s.touch_clients(&[(client.id.clone(), at)])
                .await
                .must(n, "touch_clients");
            client.last_used_at = Some(at);
        }
        if REVOKED.contains(&id) {
            revoke_directly(b, &client.id, NOW - 1).await;
            client.revoked_at = Some(NOW - 1);
        }
        all.push(ClientListItem {
            client,
            owner_username: owner_name,
        });
    }
    // Another domain's client with a name that matches every filter below.
    let other = domain(s, n).await;
    let mut stranger = new_client(&other.id);
    stranger.name = "billing".to_owned();
    s.create_client(stranger, None)
        .await
        .must(n, "create_client");
    Fixture {
        domain: d,
        alice,
        all,
    }
}

async fn revoke_directly(b: &Backend, client_id: &ClientId, at: i64) {
    let sql = "UPDATE clients SET revoked_at = $1 WHERE id = $2";
    if b.name == "sqlite" {
        let pool = sqlx::SqlitePool::connect(&b.url).await.unwrap();
        sqlx::query(sql)
            .bind(at)
            .bind(client_id.as_str())
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    } else {
        let pool = sqlx::PgPool::connect(&b.url).await.unwrap();
        sqlx::query(sql)
            .bind(at)
            .bind(client_id.as_str())
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    }
}

fn query(f: &Fixture, sort: ClientSort, descending: bool) -> ClientListQuery {
    ClientListQuery {
        domain_id: f.domain.id.clone(),
        sort,
        descending,
        owner_user_id: None,
        status: None,
        name_contains: None,
        now: NOW,
        after: None,
        limit: 5,
    }
}

/// The whole list, page by page, checking that no page is over the limit.
async fn all_pages(b: &Backend, mut q: ClientListQuery) -> Vec<ClientListItem> {
    let mut out = Vec::new();
    for _ in 0..20 {
        let page = b.store.list_clients(&q).await.must(b.name, "list_clients");
        assert!(
            page.clients.len() <= q.limit as usize,
            "[{}] page size",
            b.name
        );
        out.extend(page.clients);
        match page.next {
            Some(next) => q.after = Some(next),
            None => return out,
        }
    }
    panic!("[{}] the list never ends", b.name);
}

fn ids(items: &[ClientListItem]) -> Vec<&str> {
    items.iter().map(|i| i.client.id.as_str()).collect()
}

/// The order the list must have: by the sort key (no owner = "", no expiry = last), then id.
fn sorted(items: &[ClientListItem], sort: ClientSort, descending: bool) -> Vec<ClientListItem> {
    let mut v = items.to_vec();
    v.sort_by(|a, b| {
        let key = |i: &ClientListItem| match sort {
            ClientSort::Name => (i.client.name.clone(), 0),
            ClientSort::Owner => (i.owner_username.clone().unwrap_or_default(), 0),
            ClientSort::Created => (String::new(), i.client.created_at),
            ClientSort::Expires => (String::new(), i.client.expires_at.unwrap_or(i64::MAX)),
            ClientSort::LastUsed => (String::new(), i.client.last_used_at.unwrap_or(-1)),
        };
        (key(a), &a.client.id).cmp(&(key(b), &b.client.id))
    });
    if descending {
        v.reverse();
    }
    v
}

#[tokio::test]
async fn every_sort_pages_through_all_clients_in_order() {
    for b in backends().await {
        let f = fixture(&b).await;
        for sort in SORTS {
            for descending in [false, true] {
                let got = all_pages(&b, query(&f, sort, descending)).await;
                let want = sorted(&f.all, sort, descending);
                assert_eq!(
                    ids(&got),
                    ids(&want),
                    "[{}] {sort:?} descending={descending}",
                    b.name
                );
                assert_eq!(got, want, "[{}] {sort:?}: every field", b.name);
            }
        }
    }
}

#[tokio::test]
async fn filters_combine_with_every_sort_and_paging() {
    for b in backends().await {
        let f = fixture(&b).await;
        let keep = |pred: &dyn Fn(&ClientListItem) -> bool| -> Vec<ClientListItem> {
            f.all.iter().filter(|i| pred(i)).cloned().collect()
        };
        let cases: Vec<(&str, ClientListQuery, Vec<ClientListItem>)> = vec![
            (
                "owner",
                ClientListQuery {
                    owner_user_id: Some(f.alice.id.clone()),
                    ..query(&f, ClientSort::Name, false)
                },
                keep(&|i| {
                    i.client.owner_user_id.as_ref().map(|id| id.as_str())
                        == Some(f.alice.id.as_str())
                }),
            ),
            (
                "active",
                ClientListQuery {
                    status: Some(ClientStatus::Active),
                    ..query(&f, ClientSort::Name, false)
                },
                keep(&|i| i.client.is_active(NOW)),
            ),
            (
                "expired",
                ClientListQuery {
                    status: Some(ClientStatus::Expired),
                    ..query(&f, ClientSort::Name, false)
                },
                keep(&|i| i.client.revoked_at.is_none() && !i.client.is_active(NOW)),
            ),
            (
                "revoked",
                ClientListQuery {
                    status: Some(ClientStatus::Revoked),
                    ..query(&f, ClientSort::Name, false)
                },
                keep(&|i| i.client.revoked_at.is_some()),
            ),
            (
                "name, any case",
                ClientListQuery {
                    name_contains: Some("CRAWL".into()),
                    ..query(&f, ClientSort::Name, false)
                },
                keep(&|i| i.client.name.to_lowercase().contains("crawl")),
            ),
            (
                "name, wildcards are literal",
                ClientListQuery {
                    name_contains: Some("0% off".into()),
                    ..query(&f, ClientSort::Name, false)
                },
                keep(&|i| i.client.name.contains("0% off")),
            ),
            (
                "owner, active and name together",
                ClientListQuery {
                    owner_user_id: Some(f.alice.id.clone()),
                    status: Some(ClientStatus::Active),
                    name_contains: Some("b".into()),
                    ..query(&f, ClientSort::Name, false)
                },
                keep(&|i| {
                    i.client.owner_user_id.as_ref().map(|id| id.as_str())
                        == Some(f.alice.id.as_str())
                        && i.client.is_active(NOW)
                        && i.client.name.contains('b')
                }),
            ),
        ];
        for (what, q, matching) in cases {
            assert!(!matching.is_empty(), "fixture covers {what}");
            for sort in SORTS {
                for descending in [false, true] {
                    let q = ClientListQuery {
                        sort,
                        descending,
                        limit: 2,
                        ..q.clone()
                    };
                    let got = all_pages(&b, q).await;
                    let want = sorted(&matching, sort, descending);
                    assert_eq!(
                        ids(&got),
                        ids(&want),
                        "[{}] {what}, {sort:?} descending={descending}",
                        b.name
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn the_last_page_has_no_cursor_and_limits_are_kept_in_range() {
    for b in backends().await {
        let f = fixture(&b).await;
        let n = b.name;
        let exact = ClientListQuery {
            limit: CLIENTS.len() as u32,
            ..query(&f, ClientSort::Created, false)
        };
        let page = b.store.list_clients(&exact).await.must(n, "list_clients");
        assert_eq!(page.clients.len(), CLIENTS.len(), "[{n}] one full page");
        assert_eq!(page.next, None, "[{n}] nothing after the last client");

        let zero = ClientListQuery {
            limit: 0,
            ..query(&f, ClientSort::Created, false)
        };
        let page = b.store.list_clients(&zero).await.must(n, "list_clients");
        assert_eq!(page.clients.len(), 1, "[{n}] a limit of 0 still shows one");

        let empty = ClientListQuery {
            domain_id: domain(&*b.store, n).await.id,
            ..query(&f, ClientSort::Name, false)
        };
        let page = b.store.list_clients(&empty).await.must(n, "list_clients");
        assert!(
            page.clients.is_empty() && page.next.is_none(),
            "[{n}] empty domain"
        );
    }
}

#[tokio::test]
async fn a_cursor_is_text_and_belongs_to_its_sort() {
    for b in backends().await {
        let f = fixture(&b).await;
        let n = b.name;
        let first = b
            .store
            .list_clients(&query(&f, ClientSort::Owner, false))
            .await
            .must(n, "list_clients");
        let next = first.next.expect("more than one page");
        let decoded = ClientCursor::decode(&next.encode());
        assert_eq!(
            decoded.as_ref(),
            Some(&next),
            "[{n}] the cursor survives a URL"
        );

        let second = ClientListQuery {
            after: decoded,
            ..query(&f, ClientSort::Owner, false)
        };
        let page = b.store.list_clients(&second).await.must(n, "list_clients");
        let want = sorted(&f.all, ClientSort::Owner, false);
        assert_eq!(ids(&page.clients), ids(&want[5..10]), "[{n}] second page");

        let wrong = ClientListQuery {
            after: Some(next),
            ..query(&f, ClientSort::Expires, false)
        };
        let err = b.store.list_clients(&wrong).await;
        assert!(
            matches!(err, Err(StoreError::Invalid(_))),
            "[{n}] a cursor from another sort is refused: {err:?}"
        );
    }
}
