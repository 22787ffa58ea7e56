//! Domains, `ping`, `migrate` and `count_domains`.

use jeton_core::access_token::AccessTokenFormat;
use jeton_store::{DomainSettings, StoreError};

use crate::support::*;

#[tokio::test]
async fn ping_answers_and_migrate_is_idempotent() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        s.ping().await.must(n, "ping");
        s.migrate().await.must(n, "migrate on a migrated store");
        s.ping().await.must(n, "ping after migrate");
    }
}

#[tokio::test]
async fn created_domain_is_found_by_slug_with_its_settings() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let mut new = new_domain("acme");
        new.name = "ACME Corp".to_owned();
        new.settings = DomainSettings {
            code_ttl_secs: 30,
            access_token_ttl_secs: 600,
            refresh_token_ttl_secs: 7 * 86_400,
            refresh_token_absolute_ttl_secs: 30 * 86_400,
            id_token_ttl_secs: 900,
            refresh_grace_secs: 30,
            personal_clients_enabled: false,
            personal_client_max_lifetime_secs: 7 * 86_400,
            access_token_format: AccessTokenFormat::Jwt,
            token_check: jeton_core::entities::TokenCheck {
                attributes: vec!["department".into()],
                scopes_array: true,
                access_token_header: Some("X-Access-Token".into()),
            },
        };
        let created = s.create_domain(new.clone()).await.must(n, "create_domain");
        assert_eq!(created.id, new.id, "[{n}] returned id");
        assert_eq!(created.slug, "acme", "[{n}] returned slug");
        assert_eq!(created.settings, new.settings, "[{n}] returned settings");

        let found = s.domain_by_slug("acme").await.must(n, "domain_by_slug");
        assert_eq!(
            found.as_ref(),
            Some(&created),
            "[{n}] domain_by_slug answers the stored domain"
        );

        // Default settings round-trip as well (booleans true, grace 0).
        let plain = s
            .create_domain(new_domain("plain"))
            .await
            .must(n, "create_domain");
        let found = s
            .domain_by_slug("plain")
            .await
            .must(n, "domain_by_slug")
            .expect("stored");
        assert_eq!(found, plain, "[{n}] default settings round-trip");
        assert_eq!(
            found.settings,
            DomainSettings::default(),
            "[{n}] default settings"
        );

        assert_eq!(
            s.domain_by_slug("nope").await.must(n, "domain_by_slug"),
            None,
            "[{n}] unknown slug"
        );
        assert_eq!(
            s.domain_by_slug("ACME").await.must(n, "domain_by_slug"),
            None,
            "[{n}] slugs are exact"
        );
    }
}

#[tokio::test]
async fn duplicate_slug_is_a_conflict() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let first = s
            .create_domain(new_domain("main"))
            .await
            .must(n, "create_domain");
        let again = s.create_domain(new_domain("main")).await;
        assert!(
            matches!(again, Err(StoreError::Conflict(_))),
            "[{n}] duplicate slug: {again:?}"
        );
        assert_eq!(
            s.count_domains().await.must(n, "count_domains"),
            1,
            "[{n}] nothing was added"
        );
        let found = s.domain_by_slug("main").await.must(n, "domain_by_slug");
        assert_eq!(
            found.map(|d| d.id),
            Some(first.id),
            "[{n}] the first domain stays"
        );
    }
}

#[tokio::test]
async fn count_domains_counts_every_domain() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        assert_eq!(
            s.count_domains().await.must(n, "count_domains"),
            0,
            "[{n}] a fresh store is empty"
        );
        for expected in 1..=3u64 {
            domain(s, n).await;
            assert_eq!(
                s.count_domains().await.must(n, "count_domains"),
                expected,
                "[{n}] after {expected}"
            );
        }
    }
}

#[tokio::test]
async fn a_domain_keeps_the_pairwise_salt_it_was_created_with() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let new = new_domain(&slug());
        let created = s.create_domain(new.clone()).await.must(n, "create_domain");
        let salt = s
            .pairwise_salt(&created.id)
            .await
            .must(n, "pairwise_salt")
            .expect("a known domain has a salt");
        assert_eq!(
            salt, new.pairwise_salt,
            "[{n}] the salt it was created with"
        );
        let other = domain(s, n).await;
        let theirs = s.pairwise_salt(&other.id).await.must(n, "pairwise_salt");
        assert_ne!(theirs, Some(salt), "[{n}] each domain its own salt");
        let unknown = s.pairwise_salt(&id()).await.must(n, "pairwise_salt");
        assert_eq!(unknown, None, "[{n}] no salt for an unknown domain");
    }
}
