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
        pkce: true,
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
