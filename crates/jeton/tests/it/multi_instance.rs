//! Two `jeton serve` processes on one PostgreSQL database, as behind a load balancer: every
//! piece of state goes through the database, so any instance can finish what another began.
//! Needs `JETON_TEST_DATABASE_URL` (`.ci/run` sets it); without it the test says it skipped.

use futures_util::future::join_all;

use crate::cli::{BrowserBase, Served, jeton, run_cmd, serve, sigterm};
use crate::helpers::*;

struct Cluster {
    a: Served,
    b: Served,
    db_url: String,
    dir: tempfile::TempDir,
    http: reqwest::Client,
}

impl Cluster {
    fn cmd(&self) -> tokio::process::Command {
        let mut cmd = jeton(&self.dir);
        cmd.env("JETON_ENCRYPTION_KEY", crate::helpers::TEST_ENCRYPTION_KEY)
            .env("JETON_DATABASE_URL", &self.db_url);
        cmd
    }

    async fn cli(&self, args: &[&str], stdin: Option<&str>) -> String {
        let (ok, out, err) = run_cmd(self.cmd(), args, stdin).await;
        assert!(ok, "jeton {args:?}: {err}");
        out
    }

    async fn token(&self, base: &str, c: &TestClient, form: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(format!("{base}/d/main/oauth/token"))
            .basic_auth(&c.id, c.secret.as_deref())
            .form(form)
            .send()
            .await
            .unwrap()
    }

    async fn introspect(&self, base: &str, c: &TestClient, token: &str) -> bool {
        let res = self
            .http
            .post(format!("{base}/d/main/oauth/introspect"))
            .basic_auth(&c.id, c.secret.as_deref())
            .form(&[("token", token)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        res.json::<serde_json::Value>().await.unwrap()["active"]
            .as_bool()
            .unwrap()
    }

    /// Whether `token` becomes inactive on `base` within a second: another instance hears
    /// of a revocation through the change feed within milliseconds (`feed.rs` measures it).
    async fn inactive_soon(&self, base: &str, c: &TestClient, token: &str) -> bool {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(1);
        while self.introspect(base, c, token).await {
            if std::time::Instant::now() > deadline {
                return false;
            }
            tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        }
        true
    }

    async fn stop(mut self) {
        sigterm(&self.a.child);
        sigterm(&self.b.child);
        assert!(self.a.child.wait().await.unwrap().success());
        assert!(self.b.child.wait().await.unwrap().success());
    }
}

/// Starts two instances at the same moment on a fresh schema: both migrate and bootstrap
/// concurrently, which must work out to one schema and one `main` domain.
async fn cluster() -> Option<Cluster> {
    let Ok(base) = std::env::var("JETON_TEST_DATABASE_URL") else {
        skip(
            "multi_instance",
            "JETON_TEST_DATABASE_URL is not set (.ci/run sets it)",
        );
        return None;
    };
    let db_url = jeton_store::postgres::scratch_schema_url(&base)
        .await
        .expect("a scratch schema");
    let dir = tempfile::tempdir().unwrap();
    let start = || {
        let mut cmd = jeton(&dir);
        cmd.env("JETON_ENCRYPTION_KEY", crate::helpers::TEST_ENCRYPTION_KEY)
            .env("JETON_DATABASE_URL", &db_url)
            .env("JETON_PUBLIC_URL", "http://jeton.test")
            .env("JETON_BOOTSTRAP_ADMIN_PASSWORD", "a long admin password");
        serve(cmd)
    };
    let (a, b) = tokio::join!(start(), start());
    let created = a
        .stdout
        .iter()
        .chain(&b.stdout)
        .filter(|l| l.starts_with("Created domain"))
        .count();
    assert_eq!(
        created, 1,
        "exactly one instance bootstraps: {:?} / {:?}",
        a.stdout, b.stdout
    );
    let c = Cluster {
        a,
        b,
        db_url,
        dir,
        http: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
    };
    c.cli(
        &[
            "scope",
            "create",
            "--domain",
            "main",
            "read",
            "--description",
            "Read",
        ],
        None,
    )
    .await;
    c.cli(
        &[
            "user",
            "create",
            "--domain",
            "main",
            "alice",
            "--password-stdin",
        ],
        Some(&format!("{PASSWORD}\n")),
    )
    .await;
    Some(c)
}

async fn web_client(c: &Cluster) -> TestClient {
    let out = c
        .cli(
            &[
                "client",
                "create",
                "--domain",
                "main",
                "--name",
                "Web",
                "--redirect-uri",
                REDIRECT,
                "--scope",
                "read",
                "--json",
            ],
            None,
        )
        .await;
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    TestClient {
        id: v["client_id"].as_str().unwrap().into(),
        secret: v["client_secret"].as_str().map(String::from),
    }
}

/// Signs in and consents on instance A; answers the code and its verifier.
async fn code_from_a(c: &Cluster, client: &TestClient) -> (String, Pkce) {
    let p = pkce();
    let browser = BrowserBase(c.a.base.clone()).browser();
    let loc = browser
        .authorize(
            &code_request(&client.id, &p.challenge, "read", "s"),
            "alice",
        )
        .await;
    (query_of(&loc)["code"].clone(), p)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_share_everything_through_postgres() {
    let Some(c) = cluster().await else { return };
    let client = web_client(&c).await;
    let (a, b) = (c.a.base.clone(), c.b.base.clone());

    // A session made on A is good on B (one cookie jar for both: cookies ignore ports).
    let browser = BrowserBase(a.clone()).browser();
    assert_eq!(
        browser
            .login("alice", PASSWORD, "/d/main/account")
            .await
            .status(),
        303
    );
    let res = browser.get(&format!("{b}/d/main/account")).await;
    assert_eq!(res.status(), 200, "B knows A's session");

    // A code issued through A is redeemed on B.
    let (code, p) = code_from_a(&c, &client).await;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT),
        ("code_verifier", p.verifier.as_str()),
    ];
    let res = c.token(&b, &client, &form).await;
    assert_eq!(res.status(), 200);
    let tokens: serde_json::Value = res.json().await.unwrap();
    let at = tokens["access_token"].as_str().unwrap();

    // A token revoked on A is inactive on B at once (B checked it just before, and cached
    // it): the change feed tells B.
    assert!(c.introspect(&b, &client, at).await);
    let res = c
        .http
        .post(format!("{a}/d/main/oauth/revoke"))
        .basic_auth(&client.id, client.secret.as_deref())
        .form(&[("token", at)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        c.inactive_soon(&b, &client, at).await,
        "revocation on A is seen on B at once"
    );

    // A refresh token rotated on A and replayed on B revokes the grant.
    let rt1 = tokens["refresh_token"].as_str().unwrap();
    let res = c
        .token(
            &a,
            &client,
            &[("grant_type", "refresh_token"), ("refresh_token", rt1)],
        )
        .await;
    assert_eq!(res.status(), 200);
    let rotated: serde_json::Value = res.json().await.unwrap();
    let at2 = rotated["access_token"].as_str().unwrap();
    assert!(c.introspect(&a, &client, at2).await);
    let res = c
        .token(
            &b,
            &client,
            &[("grant_type", "refresh_token"), ("refresh_token", rt1)],
        )
        .await;
    assert_eq!(res.status(), 400);
    assert!(
        c.inactive_soon(&a, &client, at2).await,
        "the replay on B revoked the grant for A too"
    );
    let res = c
        .token(
            &a,
            &client,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", rotated["refresh_token"].as_str().unwrap()),
            ],
        )
        .await;
    assert_eq!(res.status(), 400);

    c.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_redemptions_over_two_instances_have_one_winner() {
    let Some(c) = cluster().await else { return };
    let client = web_client(&c).await;
    let (code, p) = code_from_a(&c, &client).await;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT),
        ("code_verifier", p.verifier.as_str()),
    ];
    let bases = [c.a.base.clone(), c.b.base.clone()];
    let results = join_all((0..20).map(|i| c.token(&bases[i % 2], &client, &form))).await;
    let mut winners = Vec::new();
    for r in results {
        match r.status().as_u16() {
            200 => winners.push(r.json::<serde_json::Value>().await.unwrap()),
            400 => assert_eq!(
                r.json::<serde_json::Value>().await.unwrap()["error"],
                "invalid_grant"
            ),
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!(
        winners.len(),
        1,
        "exactly one redemption succeeds across both instances"
    );
    let at = winners[0]["access_token"].as_str().unwrap();
    assert!(
        c.inactive_soon(&c.a.base, &client, at).await,
        "the replays revoked the grant"
    );
    assert!(c.inactive_soon(&c.b.base, &client, at).await);
    c.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_account_locked_on_one_instance_is_locked_on_the_other() {
    let Some(c) = cluster().await else { return };
    // Failures spread over both instances all count toward one lockout.
    let on_a = BrowserBase(c.a.base.clone()).browser();
    let on_b = BrowserBase(c.b.base.clone()).browser();
    for i in 0..jeton_core::lockout::LIMIT {
        let browser = if i % 2 == 0 { &on_a } else { &on_b };
        assert_eq!(
            browser.login("alice", "wrong password", "").await.status(),
            401
        );
    }
    // A third party (a fresh browser) with the right password is refused on either instance.
    for base in [&c.a.base, &c.b.base] {
        let res = BrowserBase(base.to_string())
            .browser()
            .login("alice", PASSWORD, "")
            .await;
        assert_eq!(res.status(), 429, "locked on {base}");
    }
    c.stop().await;
}
