//! Scope definitions of a domain.

use jeton_core::scope::ScopeDefinition;
use jeton_store::{NewScope, StoreError};

use crate::support::*;

fn new_scope(name: &str, roles: &[&str]) -> NewScope {
    NewScope {
        name: name.to_owned(),
        description: format!("Lets the app use {name}"),
        roles: roles.iter().map(|r| (*r).to_owned()).collect(),
        attributes: vec![],
        created_at: NOW,
    }
}

#[tokio::test]
async fn scopes_are_listed_by_name_with_their_roles() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let d = domain(s, n).await;
        assert!(
            s.scopes(&d.id).await.must(n, "scopes").is_empty(),
            "[{n}] no scopes yet"
        );
        for (name, roles) in [
            ("profile", &[][..]),
            ("admin", &["admin", "ops"][..]),
            ("email", &["reader"][..]),
        ] {
            let mut new = new_scope(name, roles);
            if name == "email" {
                new.attributes = vec!["department=finance".into()];
            }
            s.create_scope(&d.id, new).await.must(n, "create_scope");
        }
        let listed = s.scopes(&d.id).await.must(n, "scopes");
        let expected = vec![
            ScopeDefinition {
                name: "admin".into(),
                description: "Lets the app use admin".into(),
                roles: vec!["admin".into(), "ops".into()],
                attributes: vec![],
            },
            ScopeDefinition {
                name: "email".into(),
                description: "Lets the app use email".into(),
                roles: vec!["reader".into()],
                attributes: vec!["department=finance".into()],
            },
            ScopeDefinition {
                name: "profile".into(),
                description: "Lets the app use profile".into(),
                roles: vec![],
                attributes: vec![],
            },
        ];
        assert_eq!(
            listed, expected,
            "[{n}] scopes ordered by name, roles and descriptions intact"
        );
    }
}

#[tokio::test]
async fn duplicate_scope_is_a_conflict_within_a_domain_only() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let d = domain(s, n).await;
        let other = domain(s, n).await;
        s.create_scope(&d.id, new_scope("profile", &[]))
            .await
            .must(n, "create_scope");
        let again = s
            .create_scope(&d.id, new_scope("profile", &["admin"]))
            .await;
        assert!(
            matches!(again, Err(StoreError::Conflict(_))),
            "[{n}] duplicate scope: {again:?}"
        );
        let listed = s.scopes(&d.id).await.must(n, "scopes");
        assert_eq!(listed.len(), 1, "[{n}] one scope");
        assert!(
            listed[0].roles.is_empty(),
            "[{n}] the first definition stays"
        );

        s.create_scope(&other.id, new_scope("profile", &["x"]))
            .await
            .must(n, "same scope, other domain");
        let in_other = s.scopes(&other.id).await.must(n, "scopes");
        assert_eq!(in_other.len(), 1, "[{n}] other domain has its own");
        assert_eq!(
            in_other[0].roles,
            vec!["x".to_owned()],
            "[{n}] other domain's definition"
        );
    }
}

#[tokio::test]
async fn scopes_are_domain_scoped() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let d = domain(s, n).await;
        let other = domain(s, n).await;
        s.create_scope(&d.id, new_scope("profile", &[]))
            .await
            .must(n, "create_scope");
        assert!(
            s.scopes(&other.id).await.must(n, "scopes").is_empty(),
            "[{n}] domain B sees none of A's scopes"
        );
    }
}
