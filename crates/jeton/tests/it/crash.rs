//! `kill -9` under load: every access token that was answered with a 200 is still active
//! after a restart on the same database. Each backend commits a token before its answer
//! (SQLite: WAL with `synchronous=FULL`; PostgreSQL: the commit of the batch INSERT), so a
//! crash can lose only requests that had no answer yet.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use tokio::sync::watch;

use crate::cli::{Served, jeton, run_cmd, serve};
use crate::helpers::*;

/// How long the load runs before the kill, and how many answered tokens make the test
/// meaningful (a debug build issues far more than this in that time).
const LOAD: Duration = Duration::from_millis(1500);
const AT_LEAST: usize = 200;
const TASKS: usize = 16;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigkill_under_load_loses_no_answered_token_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/jeton.db", dir.path().display());
    crash_and_check(dir, &db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigkill_under_load_loses_no_answered_token_on_postgres() {
    let Ok(base) = std::env::var("JETON_TEST_DATABASE_URL") else {
        return skip(
            "crash::postgres",
            "JETON_TEST_DATABASE_URL is not set (.ci/run sets it)",
        );
    };
    let db = jeton_store::postgres::scratch_schema_url(&base)
        .await
        .expect("a scratch schema");
    crash_and_check(tempfile::tempdir().unwrap(), &db).await;
}

fn command(dir: &tempfile::TempDir, db: &str) -> tokio::process::Command {
    let mut cmd = jeton(dir);
    cmd.env("JETON_ENCRYPTION_KEY", crate::helpers::TEST_ENCRYPTION_KEY)
        .env("JETON_DATABASE_URL", db)
        .env("JETON_BOOTSTRAP_ADMIN_PASSWORD", "a long admin password");
    cmd
}

async fn crash_and_check(dir: tempfile::TempDir, db: &str) {
    let started = Instant::now();
    let served = serve(command(&dir, db)).await;
    let (ok, out, err) = run_cmd(
        command(&dir, db),
        &[
            "client",
            "create",
            "--domain",
            "main",
            "--name",
            "Job",
            "--grant",
            "client_credentials",
            "--json",
        ],
        None,
    )
    .await;
    assert!(ok, "client create: {err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let client = Arc::new(TestClient {
        id: v["client_id"].as_str().unwrap().into(),
        secret: v["client_secret"].as_str().map(String::from),
    });
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();

    let answered = Arc::new(Mutex::new(Vec::<String>::new()));
    let (stop_tx, stop_rx) = watch::channel(false);
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let (http, client, answered) = (http.clone(), client.clone(), answered.clone());
            let url = format!("{}/d/main/oauth/token", served.base);
            let stop = stop_rx.clone();
            tokio::spawn(async move {
                // Until the process dies: then requests fail and the task ends. `stop` only
                // guards against a kill that did not happen.
                while !*stop.borrow() {
                    let Ok(res) = http
                        .post(&url)
                        .basic_auth(&client.id, client.secret.as_deref())
                        .form(&[("grant_type", "client_credentials")])
                        .send()
                        .await
                    else {
                        break;
                    };
                    if res.status() != 200 {
                        // Only a 200 promises anything; a half-read answer is no answer.
                        continue;
                    }
                    let Ok(body) = res.json::<serde_json::Value>().await else {
                        break;
                    };
                    let token = body["access_token"].as_str().unwrap().to_owned();
                    answered.lock().unwrap().push(token);
                }
            })
        })
        .collect();

    tokio::time::sleep(LOAD).await;
    // Kill while answers are still coming: the first moment one more arrives (on a loaded
    // machine a 100 ms window could see none, and the test would prove less than it says).
    let shortly_before = answered.lock().unwrap().len();
    let waited = std::time::Instant::now();
    let mut at_kill = shortly_before;
    while at_kill == shortly_before && waited.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(10)).await;
        at_kill = answered.lock().unwrap().len();
    }
    kill9(&served);
    let mut served = served;
    let status = tokio::time::timeout(Duration::from_secs(5), served.child.wait())
        .await
        .expect("the killed process is reaped")
        .unwrap();
    assert!(!status.success(), "killed, not exited: {status:?}");
    let _ = stop_tx.send(true);
    for t in tasks {
        tokio::time::timeout(Duration::from_secs(10), t)
            .await
            .expect("load tasks end once the server is gone")
            .unwrap();
    }
    let tokens = std::mem::take(&mut *answered.lock().unwrap());
    assert!(
        tokens.len() >= AT_LEAST,
        "only {} tokens answered before the kill: the test proves little",
        tokens.len()
    );
    assert!(
        at_kill > shortly_before,
        "the load was still running when the kill came"
    );

    // Same database, a new process: every answered token is there and active.
    let restarted = serve(command(&dir, db)).await;
    let url = format!("{}/d/main/oauth/introspect", restarted.base);
    let chunks: Vec<&[String]> = tokens.chunks(tokens.len().div_ceil(TASKS)).collect();
    let inactive: Vec<String> = join_all(chunks.into_iter().map(|chunk| {
        let (http, client, url) = (http.clone(), client.clone(), url.clone());
        async move {
            let mut lost = Vec::new();
            for token in chunk {
                let res = http
                    .post(&url)
                    .basic_auth(&client.id, client.secret.as_deref())
                    .form(&[("token", token.as_str())])
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 200);
                let v: serde_json::Value = res.json().await.unwrap();
                if v["active"] != true {
                    lost.push(token.clone());
                }
            }
            lost
        }
    }))
    .await
    .into_iter()
    .flatten()
    .collect();
    assert!(
        inactive.is_empty(),
        "{} of {} answered tokens were lost by the crash",
        inactive.len(),
        tokens.len()
    );
    eprintln!(
        "crash ({db_kind}): {n} answered tokens survived kill -9 (checked in {secs:.1} s)",
        db_kind = db.split(':').next().unwrap(),
        n = tokens.len(),
        secs = started.elapsed().as_secs_f64()
    );
    kill9(&restarted);
}

fn kill9(served: &Served) {
    let pid = served.child.id().expect("running").to_string();
    let ok = std::process::Command::new("kill")
        .args(["-KILL", &pid])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill -KILL {pid}");
}
