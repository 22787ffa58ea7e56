//! What only the SQLite backend has: the change log read by polling, so that a server sees
//! what the CLI (another process on the same file) changed.

use jeton_store::prelude::*;
use jeton_store::sqlite::{self, POLL_EVERY};
use jeton_store::{ChangeKind, ConnectOptions, Notice};

use crate::support::*;

#[tokio::test]
async fn a_server_polling_the_log_sees_what_another_connection_changed_then_its_heartbeat() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/jeton.db", dir.path().display());
    let server = sqlite::connect(&url, &ConnectOptions::default())
        .await
        .unwrap();
    assert!(server.has_change_feed());
    let w = World::new(&server, "sqlite").await;
    let issued = w.issue(&server, "sqlite").await;
    let mut listener = server.listen_changes().await.unwrap();

    // "The CLI": another store on the same file, as another process would open it.
    let cli = sqlite::connect(&url, &ConnectOptions::default())
        .await
        .unwrap();
    assert!(
        cli.revoke_access_token(w.d(), &issued.access, NOW)
            .await
            .unwrap()
    );
    server.send_heartbeat("after the revocation").await.unwrap();
    let Notice::Change(change) = soon(&mut listener).await else {
        panic!("the revocation comes first");
    };
    assert_eq!(
        change.kind,
        ChangeKind::AccessToken {
            digest: issued.access
        }
    );
    assert_eq!(server.latest_change().await.unwrap(), change.seq);
    // The first change ever logged follows an empty log, which cannot vouch that nothing
    // was swept (`changes_after`): the server is told to forget everything, once.
    assert_eq!(
        soon(&mut listener).await,
        Notice::Unknown {
            seq: Some(change.seq)
        }
    );
    assert_eq!(
        soon(&mut listener).await,
        Notice::Heartbeat("after the revocation".into()),
        "a heartbeat comes back behind every change committed before it"
    );

    // A second change: the log now vouches for itself, so it comes alone.
    let other = w.issue(&server, "sqlite").await;
    assert!(
        cli.revoke_access_token(w.d(), &other.access, NOW)
            .await
            .unwrap()
    );
    let Notice::Change(second) = soon(&mut listener).await else {
        panic!("the second revocation");
    };
    assert!(second.seq > change.seq);

    // Nothing new: no notice at all (not a false "something may be missing").
    let quiet = tokio::time::timeout(POLL_EVERY * 3, listener.next()).await;
    assert!(quiet.is_err(), "nothing to report: {quiet:?}");

    // The sweep keeps the newest change, whatever its age.
    let later = NOW + 10 * 3600;
    server.sweep_expired(later, 1000).await.expect("sweep");
    assert_eq!(server.latest_change().await.unwrap(), second.seq);
}

/// The next notice, which must come within a few polls.
async fn soon(listener: &mut Box<dyn jeton_store::ChangeListener>) -> Notice {
    tokio::time::timeout(POLL_EVERY * 5, listener.next())
        .await
        .expect("the poller answers within a few polls")
}
