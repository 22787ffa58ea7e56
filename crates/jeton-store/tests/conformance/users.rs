//! Users: creation, uniqueness per domain, domain-scoped lookups.

use jeton_store::StoreError;

use crate::support::*;

#[tokio::test]
async fn created_user_is_found_by_username_and_id() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let d = domain(s, n).await;
        let new = new_user(&d.id, "alice");
        let created = s.create_user(new.clone()).await.must(n, "create_user");
        assert_eq!(created.id, new.id, "[{n}] id");
        assert_eq!(created.roles, new.roles, "[{n}] roles");
        assert!(!created.disabled, "[{n}] a new user is enabled");
        assert_eq!(
            created.attributes,
            serde_json::json!({}),
            "[{n}] no attributes yet"
        );

        let by_name = s
            .user_by_username(&d.id, "alice")
            .await
            .must(n, "user_by_username")
            .expect("found by name");
        assert_eq!(
            by_name, created,
            "[{n}] user_by_username answers the stored user"
        );
        assert_eq!(by_name.email, new.email, "[{n}] email round-trips");
        assert_eq!(
            by_name.password_hash, new.password_hash,
            "[{n}] password hash round-trips"
        );
        assert_eq!(by_name.domain_id, d.id, "[{n}] domain id");
        assert_eq!(by_name.created_at, NOW, "[{n}] created_at");

        let by_id = s.user_by_id(&d.id, &created.id).await.must(n, "user_by_id");
        assert_eq!(
            by_id.as_ref(),
            Some(&created),
            "[{n}] user_by_id answers the stored user"
        );

        assert_eq!(
            s.user_by_username(&d.id, "bob")
                .await
                .must(n, "user_by_username"),
            None,
            "[{n}] unknown name"
        );
        assert_eq!(
            s.user_by_id(&d.id, &id()).await.must(n, "user_by_id"),
            None,
            "[{n}] unknown id"
        );
    }
}

#[tokio::test]
async fn user_without_optional_fields_round_trips() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let d = domain(s, n).await;
        let mut new = new_user(&d.id, "svc");
        new.email = None;
        new.password_hash = None;
        new.roles = vec![];
        let created = s.create_user(new).await.must(n, "create_user");
        let found = s
            .user_by_id(&d.id, &created.id)
            .await
            .must(n, "user_by_id")
            .expect("stored");
        assert_eq!(
            found, created,
            "[{n}] user without email, password or roles"
        );
        assert_eq!(found.email, None, "[{n}] email");
        assert_eq!(found.password_hash, None, "[{n}] password hash");
        assert!(found.roles.is_empty(), "[{n}] roles");
    }
}

#[tokio::test]
async fn duplicate_username_in_one_domain_is_a_conflict() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let d = domain(s, n).await;
        let first = user(s, n, &d.id, "alice").await;
        let again = s.create_user(new_user(&d.id, "alice")).await;
        assert!(
            matches!(again, Err(StoreError::Conflict(_))),
            "[{n}] duplicate username: {again:?}"
        );
        let found = s
            .user_by_username(&d.id, "alice")
            .await
            .must(n, "user_by_username");
        assert_eq!(
            found.map(|u| u.id),
            Some(first.id),
            "[{n}] the first user stays"
        );
    }
}

#[tokio::test]
async fn same_username_in_another_domain_is_a_different_user() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let a = domain(s, n).await;
        let other = domain(s, n).await;
        let in_a = user(s, n, &a.id, "alice").await;
        let in_other = s
            .create_user(new_user(&other.id, "alice"))
            .await
            .must(n, "same name, other domain");
        assert_ne!(in_a.id, in_other.id, "[{n}] two users");

        let found_a = s
            .user_by_username(&a.id, "alice")
            .await
            .must(n, "user_by_username")
            .expect("in a");
        let found_other = s
            .user_by_username(&other.id, "alice")
            .await
            .must(n, "user_by_username")
            .expect("in other");
        assert_eq!(found_a.id, in_a.id, "[{n}] each domain finds its own alice");
        assert_eq!(
            found_other.id, in_other.id,
            "[{n}] each domain finds its own alice"
        );
    }
}

#[tokio::test]
async fn user_lookups_are_domain_scoped() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let a = domain(s, n).await;
        let other = domain(s, n).await;
        let alice = user(s, n, &a.id, "alice").await;
        assert_eq!(
            s.user_by_username(&other.id, "alice")
                .await
                .must(n, "user_by_username"),
            None,
            "[{n}] a user of domain A is not found by name via domain B"
        );
        assert_eq!(
            s.user_by_id(&other.id, &alice.id)
                .await
                .must(n, "user_by_id"),
            None,
            "[{n}] a user of domain A is not found by id via domain B"
        );
    }
}

#[tokio::test]
async fn user_in_unknown_domain_is_refused() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let refused = s.create_user(new_user(&id(), "ghost")).await;
        assert!(
            refused.is_err(),
            "[{n}] a user needs an existing domain: {refused:?}"
        );
    }
}
