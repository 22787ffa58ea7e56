//! The vault: credentials with their sealed secrets round-trip, names are unique per
//! container, tokens are stored (and committed) before they are handed out, a refused
//! renewal drops the access token, permissions are replaced rather than duplicated, and
//! everything is kept per domain.

use jeton_core::entities::{Actor, AuditAction, AuditEvent, AuditQuery};
use jeton_core::sealing::Sealed;
use jeton_core::vault::{
    Access, ClientAuth, ContainerPath, CredentialStatus, Grantee, PermissionTarget, VaultGrant,
    VaultPermission,
};
use jeton_store::{DomainId, StoreError, StoredVaultPermission, VaultCredential, VaultTokens};

use crate::support::*;

fn sealed(b: u8) -> Sealed {
    Sealed {
        key_id: "k1".into(),
        bytes: vec![b; 40],
    }
}

fn credential(domain_id: &DomainId, name: &str, container: &str) -> VaultCredential {
    VaultCredential {
        id: id(),
        domain_id: domain_id.clone(),
        name: name.into(),
        container: ContainerPath::parse(container).unwrap(),
        grant: VaultGrant::Password,
        authorization_endpoint: None,
        token_endpoint: "https://idp.example/token".into(),
        revocation_endpoint: Some("https://idp.example/revoke".into()),
        client_id: "crm-client".into(),
        client_secret: Some(sealed(1)),
        scope: Some("read write".into()),
        client_auth: ClientAuth::Body,
        username: Some(sealed(2)),
        password: Some(sealed(3)),
        extra_params: vec![("audience".into(), "https://api.example".into())],
        allow_jobs: true,
        pkce: false,
        tokens: VaultTokens {
            access_token: Some(sealed(4)),
            refresh_token: Some(sealed(5)),
            token_type: Some("Bearer".into()),
            expires_at: Some(NOW + 300),
        },
        status: CredentialStatus::Authorized,
        last_used_at: None,
        owner_id: None,
        created_at: NOW,
        updated_at: NOW,
    }
}

fn event(domain_id: &DomainId, action: AuditAction) -> AuditEvent {
    AuditEvent {
        id: id(),
        domain_id: Some(domain_id.clone()),
        at: NOW,
        actor: Actor::cli(),
        action,
        target: "vault:x".into(),
        detail: serde_json::json!({}),
    }
}

#[tokio::test]
async fn credentials_round_trip_and_names_are_unique_per_container_and_domain() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let d = domain(s, n).await;
        let owner = user(s, n, &d.id, "alice").await;
        let mut c = credential(&d.id, "crm", "/team/crm");
        c.owner_id = Some(owner.id.clone());
        s.create_vault_credential(&c, &event(&d.id, AuditAction::VaultCreate))
            .await
            .must(n, "create");
        assert_eq!(
            s.vault_credential(&c.id).await.must(n, "read"),
            Some(c.clone()),
            "[{n}] round-trips"
        );
        let dup = credential(&d.id, "crm", "/team/crm");
        assert!(
            matches!(
                s.create_vault_credential(&dup, &event(&d.id, AuditAction::VaultCreate))
                    .await,
                Err(StoreError::Conflict(_))
            ),
            "[{n}] same name, same container"
        );
        let other_container = credential(&d.id, "crm", "/");
        s.create_vault_credential(&other_container, &event(&d.id, AuditAction::VaultCreate))
            .await
            .must(n, "same name elsewhere");
        let other = domain(s, n).await;
        s.create_vault_credential(
            &credential(&other.id, "crm", "/team/crm"),
            &event(&other.id, AuditAction::VaultCreate),
        )
        .await
        .must(n, "same name in another domain");
        let listed = s.vault_credentials(&d.id).await.must(n, "list");
        assert_eq!(
            listed
                .iter()
                .map(|c| c.container.as_str())
                .collect::<Vec<_>>(),
            ["/", "/team/crm"],
            "[{n}] by container, one domain only"
        );
        assert_eq!(
            s.vault_credentials_named(&d.id, "crm")
                .await
                .must(n, "named")
                .len(),
            2,
            "[{n}]"
        );
        let events = s
            .audit_events(&AuditQuery {
                domain_id: Some(d.id.clone()),
                action: Some(AuditAction::VaultCreate),
                limit: 10,
                ..Default::default()
            })
            .await
            .must(n, "audit");
        assert_eq!(
            events.len(),
            2,
            "[{n}] one record per change, none for the refused one"
        );
    }
}

#[tokio::test]
async fn new_tokens_are_kept_and_a_refused_renewal_drops_the_access_token() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let d = domain(s, n).await;
        let mut c = credential(&d.id, "crm", "/");
        c.tokens = VaultTokens::default();
        c.status = CredentialStatus::New;
        s.create_vault_credential(&c, &event(&d.id, AuditAction::VaultCreate))
            .await
            .must(n, "create");
        let tokens = VaultTokens {
            access_token: Some(sealed(7)),
            refresh_token: Some(sealed(8)),
            token_type: Some("Bearer".into()),
            expires_at: Some(NOW + 600),
        };
        assert!(
            s.store_vault_tokens(
                &c.id,
                &tokens,
                NOW + 1,
                &event(&d.id, AuditAction::VaultRenew)
            )
            .await
            .must(n, "store tokens")
        );
        let read = s.vault_credential(&c.id).await.must(n, "read").unwrap();
        assert_eq!(read.tokens, tokens, "[{n}]");
        assert_eq!(read.status, CredentialStatus::Authorized, "[{n}]");
        assert_eq!(read.updated_at, NOW + 1, "[{n}]");
        s.record_vault_use(&c.id, NOW + 5, &event(&d.id, AuditAction::VaultUse))
            .await
            .must(n, "use");
        s.record_vault_use(&c.id, NOW + 2, &event(&d.id, AuditAction::VaultUse))
            .await
            .must(n, "older use");
        let read = s.vault_credential(&c.id).await.must(n, "read").unwrap();
        assert_eq!(read.last_used_at, Some(NOW + 5), "[{n}] moves forward only");
        assert!(
            s.mark_vault_needs_reauthorization(
                &c.id,
                NOW + 9,
                &event(&d.id, AuditAction::VaultNeedsReauthorization)
            )
            .await
            .must(n, "mark")
        );
        let read = s.vault_credential(&c.id).await.must(n, "read").unwrap();
        assert_eq!(read.status, CredentialStatus::NeedsReauthorization, "[{n}]");
        assert_eq!(
            read.tokens.access_token, None,
            "[{n}] never handed out stale"
        );
        assert_eq!(read.tokens.expires_at, None, "[{n}]");
        assert!(
            !s.store_vault_tokens("nope", &tokens, NOW, &event(&d.id, AuditAction::VaultRenew))
                .await
                .must(n, "unknown"),
            "[{n}]"
        );
    }
}

#[tokio::test]
async fn permissions_are_replaced_per_target_and_grantee_and_go_with_their_credential() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let d = domain(s, n).await;
        let c = credential(&d.id, "crm", "/team");
        s.create_vault_credential(&c, &event(&d.id, AuditAction::VaultCreate))
            .await
            .must(n, "create");
        let give =
            |target: PermissionTarget, grantee: Grantee, access: Access| StoredVaultPermission {
                id: id(),
                domain_id: d.id.clone(),
                permission: VaultPermission {
                    target,
                    grantee,
                    access,
                },
                created_at: NOW,
            };
        let on_team = PermissionTarget::Container(ContainerPath::parse("/team").unwrap());
        let on_cred = PermissionTarget::Credential(c.id.clone());
        for p in [
            give(on_team.clone(), Grantee::Role("ops".into()), Access::View),
            give(on_team.clone(), Grantee::Role("ops".into()), Access::Use),
            give(on_cred.clone(), Grantee::Client("job".into()), Access::Use),
            give(on_cred.clone(), Grantee::Client("job".into()), Access::Edit),
            give(on_cred.clone(), Grantee::User("u1".into()), Access::View),
        ] {
            s.set_vault_permission(&p, &event(&d.id, AuditAction::VaultPermit))
                .await
                .must(n, "permit");
        }
        let perms: Vec<VaultPermission> = s
            .vault_permissions(&d.id)
            .await
            .must(n, "list")
            .into_iter()
            .map(|p| p.permission)
            .collect();
        assert_eq!(perms.len(), 3, "[{n}] replaced, not added: {perms:?}");
        assert!(perms.contains(&VaultPermission {
            target: on_team.clone(),
            grantee: Grantee::Role("ops".into()),
            access: Access::Use
        }));
        assert!(perms.contains(&VaultPermission {
            target: on_cred.clone(),
            grantee: Grantee::Client("job".into()),
            access: Access::Edit
        }));
        let other = domain(s, n).await;
        assert!(
            s.vault_permissions(&other.id)
                .await
                .must(n, "other")
                .is_empty(),
            "[{n}]"
        );
        assert!(
            !s.delete_vault_credential(
                &other.id,
                &c.id,
                &event(&other.id, AuditAction::VaultDelete)
            )
            .await
            .must(n, "delete from another domain"),
            "[{n}] per domain"
        );
        assert!(
            s.delete_vault_credential(&d.id, &c.id, &event(&d.id, AuditAction::VaultDelete))
                .await
                .must(n, "delete")
        );
        assert_eq!(
            s.vault_credential(&c.id).await.must(n, "gone"),
            None,
            "[{n}]"
        );
        assert_eq!(
            s.vault_permissions(&d.id).await.must(n, "left").len(),
            1,
            "[{n}] the credential's permissions went with it, the container's stayed"
        );
    }
}

#[tokio::test]
async fn an_edit_writes_the_settings_keeps_or_drops_the_tokens_and_names_stay_unique() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let d = domain(s, n).await;
        let c = credential(&d.id, "crm", "/team");
        s.create_vault_credential(&c, &event(&d.id, AuditAction::VaultCreate))
            .await
            .must(n, "create");
        let taken = credential(&d.id, "taken", "/other");
        s.create_vault_credential(&taken, &event(&d.id, AuditAction::VaultCreate))
            .await
            .must(n, "create another");
        // Settings only: the tokens, the status and the last use stay.
        let mut moved = c.clone();
        moved.name = "crm2".into();
        moved.container = ContainerPath::parse("/other").unwrap();
        moved.allow_jobs = false;
        moved.pkce = true;
        moved.client_auth = ClientAuth::Header;
        moved.updated_at = NOW + 10;
        // What the store must not take from an edit.
        moved.tokens = VaultTokens::default();
        moved.status = CredentialStatus::New;
        assert!(
            s.update_vault_credential(&moved, false, &event(&d.id, AuditAction::VaultEdit))
                .await
                .must(n, "edit")
        );
        let read = s.vault_credential(&c.id).await.must(n, "read").unwrap();
        assert_eq!(read.name, "crm2", "[{n}]");
        assert_eq!(read.container.as_str(), "/other", "[{n}]");
        assert!(!read.allow_jobs && read.pkce, "[{n}]");
        assert_eq!(read.client_auth, ClientAuth::Header, "[{n}]");
        assert_eq!(read.updated_at, NOW + 10, "[{n}]");
        assert_eq!(read.tokens, c.tokens, "[{n}] the tokens are kept");
        assert_eq!(read.status, CredentialStatus::Authorized, "[{n}]");
        // A change the tokens depend on drops them.
        let mut repointed = read.clone();
        repointed.token_endpoint = "https://other.example/token".into();
        repointed.client_secret = None;
        assert!(
            s.update_vault_credential(&repointed, true, &event(&d.id, AuditAction::VaultEdit))
                .await
                .must(n, "edit and drop")
        );
        let read = s.vault_credential(&c.id).await.must(n, "read").unwrap();
        assert_eq!(read.token_endpoint, "https://other.example/token", "[{n}]");
        assert_eq!(read.client_secret, None, "[{n}] a secret can be removed");
        assert_eq!(read.tokens, VaultTokens::default(), "[{n}] tokens dropped");
        assert_eq!(read.status, CredentialStatus::New, "[{n}]");
        // The name is still unique per container.
        let mut clash = read.clone();
        clash.name = "taken".into();
        assert!(
            matches!(
                s.update_vault_credential(&clash, false, &event(&d.id, AuditAction::VaultEdit))
                    .await,
                Err(StoreError::Conflict(_))
            ),
            "[{n}] a name already taken in that container"
        );
        // Per domain, and for what exists.
        let other = domain(s, n).await;
        let mut elsewhere = read.clone();
        elsewhere.domain_id = other.id.clone();
        assert!(
            !s.update_vault_credential(
                &elsewhere,
                false,
                &event(&other.id, AuditAction::VaultEdit)
            )
            .await
            .must(n, "another domain"),
            "[{n}]"
        );
        let events = s
            .audit_events(&AuditQuery {
                domain_id: Some(d.id.clone()),
                action: Some(AuditAction::VaultEdit),
                limit: 10,
                ..Default::default()
            })
            .await
            .must(n, "audit");
        assert_eq!(events.len(), 2, "[{n}] one record per applied edit");
    }
}

#[tokio::test]
async fn a_permission_is_removed_by_id_within_its_domain() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let d = domain(s, n).await;
        let p = StoredVaultPermission {
            id: id(),
            domain_id: d.id.clone(),
            permission: VaultPermission {
                target: PermissionTarget::Container(ContainerPath::parse("/team").unwrap()),
                grantee: Grantee::Role("ops".into()),
                access: Access::Use,
            },
            created_at: NOW,
        };
        s.set_vault_permission(&p, &event(&d.id, AuditAction::VaultPermit))
            .await
            .must(n, "permit");
        let other = domain(s, n).await;
        assert!(
            !s.delete_vault_permission(
                &other.id,
                &p.id,
                &event(&other.id, AuditAction::VaultRevokePermission)
            )
            .await
            .must(n, "from another domain"),
            "[{n}]"
        );
        assert_eq!(s.vault_permissions(&d.id).await.must(n, "kept").len(), 1);
        assert!(
            s.delete_vault_permission(
                &d.id,
                &p.id,
                &event(&d.id, AuditAction::VaultRevokePermission)
            )
            .await
            .must(n, "remove")
        );
        assert!(
            s.vault_permissions(&d.id).await.must(n, "gone").is_empty(),
            "[{n}]"
        );
        assert!(
            !s.delete_vault_permission(
                &d.id,
                &p.id,
                &event(&d.id, AuditAction::VaultRevokePermission)
            )
            .await
            .must(n, "twice"),
            "[{n}] gone is gone"
        );
        let events = s
            .audit_events(&AuditQuery {
                domain_id: Some(d.id.clone()),
                action: Some(AuditAction::VaultRevokePermission),
                limit: 10,
                ..Default::default()
            })
            .await
            .must(n, "audit");
        assert_eq!(events.len(), 1, "[{n}] audited once, when it happened");
    }
}

#[tokio::test]
async fn the_background_refresh_finds_authorized_recently_used_credentials_expiring_soon() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let d = domain(s, n).await;
        let make = |name: &str, expires: Option<i64>, used: Option<i64>, status| {
            let mut c = credential(&d.id, name, "/");
            c.tokens.expires_at = expires;
            c.last_used_at = used;
            c.status = status;
            c
        };
        let due_late = make(
            "due-late",
            Some(NOW + 200),
            Some(NOW - 10),
            CredentialStatus::Authorized,
        );
        let due_first = make(
            "due-first",
            Some(NOW + 50),
            Some(NOW - 3600),
            CredentialStatus::Authorized,
        );
        for c in [
            due_late.clone(),
            due_first.clone(),
            make(
                "later",
                Some(NOW + 1000),
                Some(NOW),
                CredentialStatus::Authorized,
            ),
            make(
                "idle",
                Some(NOW + 50),
                Some(NOW - 100_000),
                CredentialStatus::Authorized,
            ),
            make(
                "never-used",
                Some(NOW + 50),
                None,
                CredentialStatus::Authorized,
            ),
            make(
                "refused",
                Some(NOW + 50),
                Some(NOW),
                CredentialStatus::NeedsReauthorization,
            ),
            make("no-token", None, Some(NOW), CredentialStatus::Authorized),
        ] {
            s.create_vault_credential(&c, &event(&d.id, AuditAction::VaultCreate))
                .await
                .must(n, "create");
        }
        let due = s
            .vault_credentials_due(NOW + 300, NOW - 86_400, 10)
            .await
            .must(n, "due");
        let names: Vec<&str> = due.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["due-first", "due-late"], "[{n}] soonest first");
        let one = s
            .vault_credentials_due(NOW + 300, NOW - 86_400, 1)
            .await
            .must(n, "limit");
        assert_eq!(one.len(), 1, "[{n}] at most the limit");
    }
}

#[tokio::test]
async fn one_holder_gets_the_renewal_lease_until_it_releases_or_the_lease_runs_out() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let d = domain(s, n).await;
        let c = credential(&d.id, "crm", "/");
        s.create_vault_credential(&c, &event(&d.id, AuditAction::VaultCreate))
            .await
            .must(n, "create");
        assert!(
            s.take_vault_renewal(&c.id, "a", NOW, NOW + 30)
                .await
                .must(n, "take")
        );
        assert!(
            !s.take_vault_renewal(&c.id, "b", NOW + 29, NOW + 59)
                .await
                .must(n, "held"),
            "[{n}] held by a"
        );
        s.release_vault_renewal(&c.id, "b")
            .await
            .must(n, "release by b");
        assert!(
            !s.take_vault_renewal(&c.id, "b", NOW + 1, NOW + 31)
                .await
                .must(n, "still held"),
            "[{n}] only the holder releases"
        );
        s.release_vault_renewal(&c.id, "a").await.must(n, "release");
        assert!(
            s.take_vault_renewal(&c.id, "b", NOW + 1, NOW + 31)
                .await
                .must(n, "free"),
            "[{n}] released"
        );
        assert!(
            s.take_vault_renewal(&c.id, "c", NOW + 31, NOW + 61)
                .await
                .must(n, "ran out"),
            "[{n}] a lease that ran out (a holder that died) is taken over"
        );
        assert!(
            !s.take_vault_renewal("nope", "a", NOW, NOW + 30)
                .await
                .must(n, "unknown"),
            "[{n}]"
        );
        // Racing takers: exactly one wins.
        s.release_vault_renewal(&c.id, "c")
            .await
            .must(n, "release c");
        let take = |h: &'static str| s.take_vault_renewal(&c.id, h, NOW + 40, NOW + 70);
        let (a, b2, c2, d2) = tokio::join!(take("h1"), take("h2"), take("h3"), take("h4"));
        let won = [a, b2, c2, d2]
            .into_iter()
            .filter(|r| matches!(r, Ok(true)))
            .count();
        assert_eq!(won, 1, "[{n}]");
    }
}
