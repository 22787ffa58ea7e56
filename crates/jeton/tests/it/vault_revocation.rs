//! An edit that drops a credential's tokens revokes them at the provider (RFC 7009), as a
//! deletion does: with the credential's old revocation endpoint and client, after the change
//! is saved, and a provider that does not confirm does not undo the change.

use std::time::Duration;

use jeton_flows::vault::{NewVaultCredential, Revocation, VaultCaller, VaultEdit};

use crate::helpers::*;
use crate::vault::{Scripted, cc, domain, json_answer, token};

/// The tokens the provider was asked to revoke, in order.
fn revoked(p: &Scripted) -> Vec<String> {
    p.seen()
        .iter()
        .filter_map(|s| s.get("token").map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn an_edit_that_drops_the_tokens_revokes_them_at_the_provider() {
    let app = spawn_app().await;
    let main = domain(&app, "main").await;
    let p = Scripted::start(Duration::ZERO, |_, n| {
        json_answer(serde_json::json!({"access_token": format!("at-{n}"), "token_type": "Bearer", "refresh_token": format!("rt-{n}")}))
    })
    .await;
    let caller = VaultCaller::cli();
    let revocable = NewVaultCredential {
        revocation_endpoint: Some(format!("{}/revoke", p.base())),
        ..cc(&p.token_endpoint(), "crm")
    };
    let v = app
        .flows
        .vault_create(&main, revocable, &caller)
        .await
        .unwrap();
    let id = v.id.clone();
    let edit = |changes: VaultEdit| {
        let (app, main, caller, id) = (&app, &main, &caller, &id);
        async move {
            let (_, c) = app.flows.vault_credential_by_id(id).await.unwrap().unwrap();
            assert_eq!(c.domain_id, main.id);
            app.flows.vault_edit(&c, changes, caller).await.unwrap()
        }
    };

    // A rename keeps the tokens: nothing to revoke.
    let renamed = edit(VaultEdit {
        name: Some("crm-renamed".into()),
        ..Default::default()
    })
    .await;
    assert!(!renamed.tokens_dropped);
    assert_eq!(renamed.revocation, Revocation::NotAttempted);
    assert!(revoked(&p).is_empty());

    // A new scope drops them: the refresh token, then the access token, revoked there.
    let rescoped = edit(VaultEdit {
        scope: Some("contacts:write".into()),
        ..Default::default()
    })
    .await;
    assert!(rescoped.tokens_dropped);
    assert_eq!(rescoped.revocation, Revocation::Revoked);
    assert_eq!(revoked(&p), ["rt-1", "at-1"]);
    let hints: Vec<_> = p
        .seen()
        .iter()
        .filter_map(|s| s.get("token_type_hint").map(str::to_owned))
        .collect();
    assert_eq!(hints, ["refresh_token", "access_token"]);

    // Dropped tokens with nothing stored since: nothing more to revoke.
    let again = edit(VaultEdit {
        scope: Some("contacts:read".into()),
        ..Default::default()
    })
    .await;
    assert!(again.tokens_dropped);
    assert_eq!(again.revocation, Revocation::NotAttempted);
    assert_eq!(revoked(&p).len(), 2);

    // The revocation endpoint moved to where nothing answers, then a change that drops the
    // new token: the change is saved, and the answer says the revocation failed.
    // (The script numbers every request it answers, revocations included.)
    let fresh = token(&app, &v.id).await.unwrap();
    assert!(fresh.starts_with("at-") && fresh != "at-1", "{fresh}");
    let moved = edit(VaultEdit {
        revocation_endpoint: Some("http://127.0.0.1:1/revoke".into()),
        ..Default::default()
    })
    .await;
    assert!(!moved.tokens_dropped, "{:?}", moved.changed);
    let failed = edit(VaultEdit {
        scope: Some("contacts:all".into()),
        ..Default::default()
    })
    .await;
    assert!(failed.tokens_dropped);
    assert!(
        matches!(failed.revocation, Revocation::Failed(_)),
        "{:?}",
        failed.revocation
    );
    assert_eq!(failed.credential.scope.as_deref(), Some("contacts:all"));
    assert_eq!(failed.credential.status, "new");
    assert_eq!(revoked(&p).len(), 2, "nothing reached the first provider");
}
