//! The change feed between instances on PostgreSQL (issue 16): instances cache tokens again,
//! and a revocation on one is seen by introspection on another within 100 ms (p99); a
//! listener that loses its connection reads the database meanwhile and catches up on what it
//! missed when it is back. Needs `JETON_TEST_DATABASE_URL`.

use std::time::{Duration, Instant};

use crate::cli::{Served, jeton, run_cmd, serve, sigterm};
use crate::helpers::*;

struct Pair {
    a: Served,
    b: Served,
    schema: String,
    base_url: String,
    client: TestClient,
    http: reqwest::Client,
    db: String,
    dir: tempfile::TempDir,
}

async fn pair(test: &str, extra: &[(&str, &str)]) -> Option<Pair> {
    let Ok(base_url) = std::env::var("JETON_TEST_DATABASE_URL") else {
        skip(test, "JETON_TEST_DATABASE_URL is not set (.ci/run sets it)");
        return None;
    };
    let db = jeton_store::postgres::scratch_schema_url(&base_url)
        .await
        .expect("a scratch schema");
    let schema = db.rsplit("search_path%3D").next().unwrap().to_owned();
    let dir = tempfile::tempdir().unwrap();
    let cmd = || {
        let mut cmd = cli_command(&dir, &db);
        for (k, v) in extra {
            cmd.env(k, v);
        }
        cmd
    };
    let a = serve(cmd()).await;
    let b = serve(cmd()).await;
    let (ok, out, err) = run_cmd(
        cmd(),
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
    Some(Pair {
        a,
        b,
        schema,
        base_url,
        client: TestClient {
            id: v["client_id"].as_str().unwrap().into(),
            secret: v["client_secret"].as_str().map(String::from),
        },
        http: reqwest::Client::new(),
        db,
        dir,
    })
}

/// `jeton` run against the pair's database.
fn cli_command(dir: &tempfile::TempDir, db: &str) -> tokio::process::Command {
    let mut cmd = jeton(dir);
    cmd.env("JETON_ENCRYPTION_KEY", crate::helpers::TEST_ENCRYPTION_KEY)
        .env("JETON_DATABASE_URL", db)
        .env("JETON_BOOTSTRAP_ADMIN_PASSWORD", "a long admin password");
    cmd
}

impl Pair {
    /// Runs a `jeton` command on the pair's database: its standard output.
    async fn cli(&self, args: &[&str]) -> String {
        let (ok, out, err) = run_cmd(cli_command(&self.dir, &self.db), args, None).await;
        assert!(ok, "jeton {args:?}: {err}");
        out
    }

    async fn post(&self, base: &str, path: &str, form: &[(&str, &str)]) -> serde_json::Value {
        let res = self
            .http
            .post(format!("{base}/d/main/oauth/{path}"))
            .basic_auth(&self.client.id, self.client.secret.as_deref())
            .form(form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
        res.json().await.unwrap_or(serde_json::Value::Null)
    }

    async fn token(&self) -> String {
        let v = self
            .post(
                &self.a.base,
                "token",
                &[("grant_type", "client_credentials")],
            )
            .await;
        v["access_token"].as_str().unwrap().to_owned()
    }

    async fn active_on(&self, base: &str, token: &str) -> bool {
        self.post(base, "introspect", &[("token", token)]).await["active"] == true
    }

    async fn revoke_on_a(&self, token: &str) {
        self.post(&self.a.base, "revoke", &[("token", token)]).await;
    }

    /// B's access-token cache hits so far.
    async fn hits_on_b(&self) -> f64 {
        let text = self
            .http
            .get(format!("{}/metrics", self.b.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let series = r#"jeton_cache_hits_total{cache="access_tokens"}"#;
        text.lines()
            .find(|l| l.starts_with(series) && l[series.len()..].starts_with(' '))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0)
    }

    /// Waits until B's change feed is live (its log says so `n` times in all).
    async fn b_logged(&self, message: &str, n: usize) -> serde_json::Value {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let found: Vec<serde_json::Value> = self
                .b
                .log_lines()
                .iter()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .filter(|v| v["fields"]["message"] == message)
                .collect();
            if found.len() >= n {
                return found[n - 1].clone();
            }
            assert!(Instant::now() < deadline, "B never logged {message:?}");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    async fn stop(mut self) {
        sigterm(&self.a.child);
        sigterm(&self.b.child);
        self.a.child.wait().await.unwrap();
        self.b.child.wait().await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_revocation_on_one_instance_is_seen_on_the_other_within_100_ms_p99() {
    let Some(p) = pair("feed::p99", &[]).await else {
        return;
    };
    p.b_logged("change feed listening", 1).await;
    let mut tokens = Vec::new();
    for _ in 0..50 {
        let t = p.token().await;
        // Twice on B: the second answer comes from B's cache.
        assert!(p.active_on(&p.b.base, &t).await);
        assert!(p.active_on(&p.b.base, &t).await);
        tokens.push(t);
    }
    let hits = p.hits_on_b().await;
    assert!(hits >= 50.0, "B serves tokens from its cache ({hits} hits)");

    let mut seen = Vec::new();
    for t in &tokens {
        p.revoke_on_a(t).await;
        let revoked = Instant::now();
        while p.active_on(&p.b.base, t).await {
            assert!(
                revoked.elapsed() < Duration::from_secs(5),
                "B still says active after 5 s"
            );
        }
        seen.push(revoked.elapsed());
    }
    seen.sort();
    let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
    let p50 = ms(&seen[seen.len() / 2]);
    let p99 = ms(&seen[(seen.len() * 99).div_ceil(100) - 1]);
    eprintln!(
        "feed: revocation on A seen by introspection on B, {} tokens: min {:.2} ms, p50 {p50:.2} ms, p90 {:.2} ms, p99 {p99:.2} ms, max {:.2} ms",
        seen.len(),
        ms(&seen[0]),
        ms(&seen[seen.len() * 9 / 10]),
        ms(seen.last().unwrap()),
    );
    assert!(p99 <= 100.0, "p99 {p99:.2} ms > 100 ms: {seen:?}");
    p.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_revocation_made_while_the_listener_is_down_is_caught_up() {
    let Some(p) = pair("feed::catch_up", &[]).await else {
        return;
    };
    p.b_logged("change feed listening", 1).await;
    let (gone, kept) = (p.token().await, p.token().await);
    for t in [&gone, &kept] {
        assert!(p.active_on(&p.b.base, t).await);
        assert!(p.active_on(&p.b.base, t).await);
    }
    // One change seen live, so that B's last applied change is one the log still holds.
    let warmup = p.token().await;
    p.revoke_on_a(&warmup).await;
    while p.active_on(&p.b.base, &warmup).await {}

    // Cut every listener of this schema (A's and B's), then revoke while they are gone.
    let admin = sqlx::PgPool::connect(&p.base_url).await.unwrap();
    let cut: Vec<i32> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid)::int FROM pg_stat_activity
         WHERE application_name = 'jeton-feed' AND query LIKE '%' || $1 || '%'",
    )
    .bind(&p.schema)
    .fetch_all(&admin)
    .await
    .unwrap();
    assert_eq!(cut.len(), 2, "both instances listen");
    p.b_logged("change feed lost; reading the database until it is back", 1)
        .await;
    p.revoke_on_a(&gone).await;
    // Meanwhile B reads the database: no stale "active" from its cache.
    assert!(!p.active_on(&p.b.base, &gone).await);
    assert!(p.active_on(&p.b.base, &kept).await);

    // Back: B caught up on the revocation from the log, and caches again.
    let caught = p.b_logged("change feed caught up", 1).await;
    assert_eq!(caught["fields"]["complete"], true, "{caught}");
    assert!(
        caught["fields"]["applied"].as_u64().unwrap() >= 1,
        "{caught}"
    );
    let hits = p.hits_on_b().await;
    assert!(p.active_on(&p.b.base, &kept).await);
    assert!(p.active_on(&p.b.base, &kept).await);
    assert!(
        p.hits_on_b().await > hits,
        "B serves from its cache again after the catch-up"
    );
    assert!(!p.active_on(&p.b.base, &gone).await);
    p.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_cache_off_reads_tokens_from_the_database() {
    let Some(p) = pair("feed::off", &[("JETON_POSTGRES_CACHE", "off")]).await else {
        return;
    };
    let t = p.token().await;
    assert!(p.active_on(&p.b.base, &t).await);
    assert!(p.active_on(&p.b.base, &t).await);
    assert_eq!(p.hits_on_b().await, 0.0, "no token is cached");
    p.revoke_on_a(&t).await;
    assert!(!p.active_on(&p.b.base, &t).await, "seen at once");
    assert!(!p.b.log_lines().iter().any(|l| l.contains("change feed")));
    p.stop().await;
}

/// A key rotation (here by the CLI, another process) reaches the instances' signer caches
/// through the feed: B signs with the new key at once rather than within the cache's 30 s.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_key_rotation_reaches_every_instance_through_the_feed() {
    let Some(p) = pair("feed::keys", &[]).await else {
        return;
    };
    p.b_logged("change feed listening", 1).await;
    let out = p
        .cli(&[
            "client",
            "create",
            "--domain",
            "main",
            "--name",
            "JWT job",
            "--grant",
            "client_credentials",
            "--access-token-format",
            "jwt",
            "--json",
        ])
        .await;
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let jwt_client = TestClient {
        id: v["client_id"].as_str().unwrap().into(),
        secret: v["client_secret"].as_str().map(String::from),
    };
    let kid_on_b = || async {
        let res = p
            .http
            .post(format!("{}/d/main/oauth/token", p.b.base))
            .basic_auth(&jwt_client.id, jwt_client.secret.as_deref())
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let v: serde_json::Value = res.json().await.unwrap();
        let jwt = jeton_core::signing::parse(v["access_token"].as_str().unwrap()).unwrap();
        jwt.kid.expect("a kid")
    };
    let before = kid_on_b().await;
    assert_eq!(kid_on_b().await, before, "B's signer is cached");
    p.cli(&["keys", "rotate", "--domain", "main"]).await;
    let rotated = Instant::now();
    loop {
        if kid_on_b().await != before {
            break;
        }
        assert!(
            rotated.elapsed() < Duration::from_secs(5),
            "B still signs with the old key (the signer cache keeps a key 30 s without the feed)"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    p.stop().await;
}
