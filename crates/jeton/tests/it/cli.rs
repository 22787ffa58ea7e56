//! The `jeton` binary itself: first start, configuration errors, admin commands, SIGTERM.

use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::helpers::{Browser, hidden};

pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_jeton");

pub(crate) fn jeton(dir: &tempfile::TempDir) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir.path())
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env(
            "JETON_DATABASE_URL",
            format!("sqlite://{}/jeton.db", dir.path().display()),
        )
        .env("JETON_LISTEN", "127.0.0.1:0")
        .env("JETON_LOG_FORMAT", "json")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    cmd
}

pub(crate) async fn run(
    dir: &tempfile::TempDir,
    args: &[&str],
    stdin: Option<&str>,
) -> (bool, String, String) {
    run_cmd(jeton(dir), args, stdin).await
}

/// Runs a prepared `jeton` command to completion: (success, stdout, stderr).
pub(crate) async fn run_cmd(
    mut cmd: Command,
    args: &[&str],
    stdin: Option<&str>,
) -> (bool, String, String) {
    let mut child = cmd.args(args).spawn().expect("spawn jeton");
    if let Some(input) = stdin {
        use tokio::io::AsyncWriteExt;
        let mut s = child.stdin.take().unwrap();
        s.write_all(input.as_bytes()).await.unwrap();
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().await.unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

pub(crate) struct Served {
    pub child: Child,
    pub base: String,
    pub stdout: Vec<String>,
    /// Every line the server wrote to stderr (its logs), complete once `drained` is done.
    stderr: Arc<Mutex<Vec<String>>>,
    drained: tokio::task::JoinHandle<()>,
}

impl Served {
    /// Everything the server has logged so far.
    pub(crate) fn logs(&self) -> String {
        self.stderr.lock().unwrap().join("\n")
    }

    /// The log lines the server has written so far.
    pub(crate) fn log_lines(&self) -> Vec<String> {
        self.stderr.lock().unwrap().clone()
    }
}

/// Starts `jeton serve` and waits for its "serving" log line; collects what it printed.
pub(crate) async fn serve(mut cmd: Command) -> Served {
    let mut child = cmd.arg("serve").spawn().expect("spawn jeton serve");
    let mut stderr = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
    let logged = Arc::new(Mutex::new(Vec::new()));
    let addr = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            let line = stderr
                .next_line()
                .await
                .unwrap()
                .expect("jeton serve exited before serving");
            logged.lock().unwrap().push(line.clone());
            let v: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
            if v["fields"]["message"] == "jeton is serving" {
                return v["fields"]["addr"].as_str().unwrap().to_owned();
            }
        }
    })
    .await
    .expect("jeton serve starts within 30 s");
    // Whatever it printed before serving is complete by now.
    let mut printed = Vec::new();
    while let Ok(Ok(Some(line))) =
        tokio::time::timeout(Duration::from_millis(200), stdout.next_line()).await
    {
        printed.push(line);
    }
    let sink = logged.clone();
    let drained = tokio::spawn(async move {
        while let Ok(Some(line)) = stderr.next_line().await {
            sink.lock().unwrap().push(line);
        }
    });
    Served {
        child,
        base: format!("http://{addr}"),
        stdout: printed,
        stderr: logged,
        drained,
    }
}

pub(crate) fn sigterm(child: &Child) {
    let pid = child.id().expect("running").to_string();
    let ok = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success();
    assert!(ok);
}

#[tokio::test]
async fn first_start_creates_the_admin_once_and_sigterm_lets_requests_finish() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = serve(jeton(&dir)).await;
    let line = s
        .stdout
        .iter()
        .find(|l| l.contains("One-time password"))
        .expect("the one-time password is printed");
    let password = line.rsplit(' ').next().unwrap().to_owned();
    assert!(password.len() >= 32);

    // The printed password signs the administrator in.
    let app_like = BrowserBase(s.base.clone());
    let b = app_like.browser();
    let page = b.get("/d/main/login").await.text().await.unwrap();
    let csrf = hidden(&page, "csrf").unwrap();
    let res = b
        .post(
            "/d/main/login",
            &[
                ("csrf", &csrf),
                ("username", "admin"),
                ("password", &password),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);

    // An in-flight login (Argon2 takes a while) is answered although SIGTERM comes meanwhile.
    let b2 = app_like.browser();
    let page = b2.get("/d/main/login").await.text().await.unwrap();
    let csrf = hidden(&page, "csrf").unwrap();
    let inflight = tokio::spawn(async move {
        b2.post(
            "/d/main/login",
            &[
                ("csrf", &csrf),
                ("username", "admin"),
                ("password", "wrong password"),
            ],
        )
        .await
        .status()
    });
    tokio::time::sleep(Duration::from_millis(5)).await;
    sigterm(&s.child);
    assert_eq!(
        inflight.await.unwrap(),
        401,
        "the in-flight request got its answer"
    );
    let status = tokio::time::timeout(Duration::from_secs(20), s.child.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(status.success(), "graceful exit: {status:?}");

    // Second start: nothing new is created or printed.
    let mut s = serve(jeton(&dir)).await;
    assert!(
        !s.stdout.iter().any(|l| l.contains("One-time password")),
        "{:?}",
        s.stdout
    );
    sigterm(&s.child);
    s.child.wait().await.unwrap();
}

#[tokio::test]
async fn the_bootstrap_password_can_come_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = jeton(&dir);
    cmd.env("JETON_BOOTSTRAP_ADMIN_PASSWORD", "a long admin password");
    let mut s = serve(cmd).await;
    assert!(!s.stdout.iter().any(|l| l.contains("One-time password")));
    let b = BrowserBase(s.base.clone()).browser();
    let page = b.get("/d/main/login").await.text().await.unwrap();
    let csrf = hidden(&page, "csrf").unwrap();
    let res = b
        .post(
            "/d/main/login",
            &[
                ("csrf", &csrf),
                ("username", "admin"),
                ("password", "a long admin password"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    sigterm(&s.child);
    s.child.wait().await.unwrap();
}

#[tokio::test]
async fn bad_configuration_stops_start_up_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = jeton(&dir);
    cmd.env("JETON_LISTEN", "not-an-address").arg("serve");
    let out = cmd.output().await.unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("listen") && err.contains("JETON_LISTEN"),
        "{err}"
    );

    std::fs::write(
        dir.path().join("jeton.toml"),
        "listen = \"127.0.0.1:0\"\nlisten_port = 8080\n",
    )
    .unwrap();
    let mut cmd = jeton(&dir);
    cmd.args(["--config", "jeton.toml", "serve"]);
    let out = cmd.output().await.unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("listen_port"), "{err}");
}

#[tokio::test]
async fn admin_commands_create_what_they_say_and_refuse_nonsense() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, out, err) = run(&dir, &["migrate"], None).await;
    assert!(ok, "{err}");
    assert!(out.contains("up to date"));
    assert!(
        run(
            &dir,
            &["domain", "create", "acme", "--name", "Acme Inc"],
            None
        )
        .await
        .0
    );
    let (ok, _, err) = run(&dir, &["domain", "create", "acme"], None).await;
    assert!(!ok && err.contains("already exists"), "{err}");
    // The same audit record as the administrator pages', by the operator (README: CLI).
    let db = sqlx::SqlitePool::connect(&format!("sqlite://{}/jeton.db", dir.path().display()))
        .await
        .unwrap();
    let audited: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT actor, action, target FROM audit_events WHERE action = 'domain.create'",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(
        audited,
        vec![("cli".into(), "domain.create".into(), "domain:acme".into())]
    );
    db.close().await;
    let (ok, _, err) = run(&dir, &["domain", "create", "Not A Slug"], None).await;
    assert!(!ok && err.contains("slug"), "{err}");
    assert!(
        run(
            &dir,
            &[
                "scope",
                "create",
                "--domain",
                "acme",
                "read",
                "--description",
                "Read things"
            ],
            None
        )
        .await
        .0
    );
    let (ok, _, err) = run(
        &dir,
        &[
            "user",
            "create",
            "--domain",
            "acme",
            "carol",
            "--password-stdin",
            "--role",
            "editor",
        ],
        Some("a good password\n"),
    )
    .await;
    assert!(ok, "{err}");

    let (ok, out, err) = run(
        &dir,
        &[
            "client",
            "create",
            "--domain",
            "acme",
            "--name",
            "Job",
            "--grant",
            "client_credentials",
            "--scope",
            "read",
            "--json",
        ],
        None,
    )
    .await;
    assert!(ok, "{err}");
    let v: serde_json::Value =
        serde_json::from_str(out.trim()).expect("--json prints one JSON object");
    assert!(v["client_id"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(
        v["client_secret"]
            .as_str()
            .unwrap()
            .starts_with("jeton_cs_")
    );

    let (ok, out, _) = run(
        &dir,
        &[
            "client",
            "create",
            "--domain",
            "acme",
            "--name",
            "App",
            "--public",
            "--redirect-uri",
            "http://127.0.0.1/cb",
            "--json",
        ],
        None,
    )
    .await;
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert!(v["client_secret"].is_null());
    let pairwise = [
        "client",
        "create",
        "--domain",
        "acme",
        "--name",
        "Pairwise",
        "--subject-type",
        "pairwise",
        "--redirect-uri",
        "https://a.example/cb",
    ];
    let (ok, _, err) = run(&dir, &pairwise, None).await;
    assert!(ok, "one host is a sector: {err}");

    let cases: &[(&[&str], &str)] = &[
        (&["--scope", "nope"], "not registered"),
        (&["--redirect-uri", "http://app.example/cb"], "https"),
        (&["--grant", "magic"], "unknown grant"),
        (&["--owner", "nobody"], "no user"),
        (&["--owner", "carol"], "personal-clients"),
        (&["--expires-at", "tomorrow"], "RFC 3339"),
        (&["--expires-at", "2001-01-01T00:00:00Z"], "past"),
        (&["--public", "--grant", "client_credentials"], "public"),
        (&["--access-token-format", "xml"], "opaque, jwt"),
        (&["--subject-type", "secret"], "public, pairwise"),
        (
            &[
                "--subject-type",
                "pairwise",
                "--redirect-uri",
                "https://a.example/cb",
                "--redirect-uri",
                "https://b.example/cb",
            ],
            "sector_identifier_uri",
        ),
    ];
    for (extra, expect) in cases {
        let mut args = vec!["client", "create", "--domain", "acme", "--name", "Bad"];
        args.extend_from_slice(extra);
        let (ok, _, err) = run(&dir, &args, None).await;
        assert!(!ok, "{extra:?} must fail");
        assert!(err.contains(expect), "{extra:?}: {err}");
    }
    let (ok, _, err) = run(
        &dir,
        &["client", "create", "--domain", "nope", "--name", "x"],
        None,
    )
    .await;
    assert!(!ok && err.contains("no domain"), "{err}");
}

#[tokio::test]
async fn debug_logs_carry_no_secret_token_or_password() {
    let dir = tempfile::tempdir().unwrap();
    let admin_password = "admin password never logged";
    let wrong_password = "wrong password never logged";
    let mut cmd = jeton(&dir);
    cmd.env("JETON_LOG_LEVEL", "debug")
        .env("JETON_BOOTSTRAP_ADMIN_PASSWORD", admin_password);
    let mut s = serve(cmd).await;
    let (ok, out, err) = run(
        &dir,
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
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let client_id = v["client_id"].as_str().unwrap().to_owned();
    let secret = v["client_secret"].as_str().unwrap().to_owned();
    let wrong_secret = "jeton_cs_wrongsecretnever1logged";

    let http = reqwest::Client::new();
    let url = |p: &str| format!("{}{p}", s.base);
    let res = http
        .post(url("/d/main/oauth/token"))
        .basic_auth(&client_id, Some(&secret))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    let access_token = body["access_token"].as_str().unwrap().to_owned();
    let res = http
        .post(url("/d/main/oauth/token"))
        .basic_auth(&client_id, Some(wrong_secret))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);

    let b = BrowserBase(s.base.clone()).browser();
    let page = b.get("/d/main/login").await.text().await.unwrap();
    let csrf = hidden(&page, "csrf").unwrap();
    let res = b
        .post(
            "/d/main/login",
            &[
                ("csrf", &csrf),
                ("username", "admin"),
                ("password", wrong_password),
            ],
        )
        .await;
    assert_eq!(res.status(), 401);
    let res = b
        .post(
            "/d/main/login",
            &[
                ("csrf", &csrf),
                ("username", "admin"),
                ("password", admin_password),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);

    let res = http
        .post(url("/d/main/oauth/introspect"))
        .basic_auth(&client_id, Some(&secret))
        .form(&[("token", access_token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let info: serde_json::Value = res.json().await.unwrap();
    assert_eq!(info["active"], true);

    sigterm(&s.child);
    let status = tokio::time::timeout(Duration::from_secs(20), s.child.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(status.success(), "{status:?}");
    tokio::time::timeout(Duration::from_secs(5), s.drained)
        .await
        .expect("stderr closes when the server exits")
        .unwrap();
    let logs = s.stderr.lock().unwrap().join("\n");

    // The capture is real: debug lines, and the events of the requests above.
    assert!(logs.contains("\"level\":\"DEBUG\""), "{logs}");
    assert!(logs.contains("/d/main/oauth/introspect"), "{logs}");
    assert!(logs.contains("failed login"), "{logs}");
    assert!(logs.contains("client authentication failed"), "{logs}");
    for (what, value) in [
        ("client secret", secret.as_str()),
        ("wrong client secret", wrong_secret),
        ("access token", access_token.as_str()),
        ("wrong password", wrong_password),
        ("admin password", admin_password),
    ] {
        assert!(!logs.contains(value), "the {what} is in the logs:\n{logs}");
    }
    // Nor any other token-shaped value (codes, refresh tokens, sessions, CSRF tokens).
    for prefix in [
        "jeton_cs_",
        "jeton_at_",
        "jeton_rt_",
        "jeton_ac_",
        "jeton_ss_",
    ] {
        assert!(!logs.contains(prefix), "{prefix}… in the logs:\n{logs}");
    }
}

/// A stand-in for `TestApp` when the server is the spawned binary.
pub(crate) struct BrowserBase(pub String);

impl BrowserBase {
    pub(crate) fn browser(&self) -> Browser {
        Browser {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .cookie_store(true)
                .build()
                .unwrap(),
            base: self.0.clone(),
        }
    }
}

/// Runs `args`, which must succeed; answers stdout.
async fn ok(dir: &tempfile::TempDir, args: &[&str]) -> String {
    let (ok, out, err) = run(dir, args, None).await;
    assert!(ok, "{args:?}: {err}");
    out
}

#[tokio::test]
async fn list_show_rotate_revoke_disable_and_roles_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    ok(&dir, &["domain", "create", "acme"]).await;
    ok(&dir, &["scope", "create", "--domain", "acme", "read"]).await;
    let scopes = ok(&dir, &["scope", "list", "--domain", "acme", "--json"]).await;
    assert_eq!(
        scopes.trim(),
        r#"{"attributes":[],"description":"","name":"read","roles":[]}"#
    );
    let (good, _, err) = run(
        &dir,
        &[
            "user",
            "create",
            "--domain",
            "acme",
            "dana",
            "--password-stdin",
            "--role",
            "personal-clients",
        ],
        Some("a good password\n"),
    )
    .await;
    assert!(good, "{err}");
    let mk = |name: &'static str, owner: Option<&'static str>| {
        let mut args = vec![
            "client",
            "create",
            "--domain",
            "acme",
            "--name",
            name,
            "--scope",
            "read",
            "--grant",
            "client_credentials",
            "--json",
        ];
        if let Some(o) = owner {
            args.extend(["--owner", o, "--expires-at", "2099-01-01T00:00:00Z"]);
        }
        args
    };
    let billing: serde_json::Value =
        serde_json::from_str(&ok(&dir, &mk("Billing", None)).await).unwrap();
    let mine: serde_json::Value =
        serde_json::from_str(&ok(&dir, &mk("Dana's backup", Some("dana"))).await).unwrap();
    let billing_id = billing["client_id"].as_str().unwrap();
    let mine_id = mine["client_id"].as_str().unwrap();

    // list: sorted, filtered, one JSON object per line.
    let out = ok(
        &dir,
        &[
            "client", "list", "--domain", "acme", "--sort", "name", "--json",
        ],
    )
    .await;
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let names: Vec<_> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["Billing", "Dana's backup"]);
    assert!(!out.contains("jeton_cs_"), "no secret in a list");
    let out = ok(
        &dir,
        &[
            "client", "list", "--domain", "acme", "--owner", "dana", "--json",
        ],
    )
    .await;
    assert_eq!(out.lines().count(), 1);
    assert!(
        out.contains(mine_id) && out.contains("\"kind\":\"personal\""),
        "{out}"
    );
    let out = ok(
        &dir,
        &[
            "client", "list", "--domain", "acme", "--search", "BILL", "--sort", "name", "--desc",
        ],
    )
    .await;
    assert!(out.contains(billing_id) && !out.contains(mine_id), "{out}");
    let (bad, _, err) = run(
        &dir,
        &["client", "list", "--domain", "acme", "--sort", "colour"],
        None,
    )
    .await;
    assert!(!bad && err.contains("--sort"), "{err}");

    // show, rotate-secret, revoke.
    let out = ok(&dir, &["client", "show", "--domain", "acme", billing_id]).await;
    assert!(
        out.contains("Billing") && out.contains("active") && !out.contains("jeton_cs_"),
        "{out}"
    );
    let rotated: serde_json::Value = serde_json::from_str(
        &ok(
            &dir,
            &[
                "client",
                "rotate-secret",
                "--domain",
                "acme",
                billing_id,
                "--json",
            ],
        )
        .await,
    )
    .unwrap();
    assert!(
        rotated["client_secret"]
            .as_str()
            .unwrap()
            .starts_with("jeton_cs_")
    );
    assert_ne!(rotated["client_secret"], billing["client_secret"]);
    ok(&dir, &["client", "revoke", "--domain", "acme", billing_id]).await;
    let shown: serde_json::Value = serde_json::from_str(
        &ok(
            &dir,
            &["client", "show", "--domain", "acme", billing_id, "--json"],
        )
        .await,
    )
    .unwrap();
    assert_eq!(shown["status"], "revoked");
    let (bad, _, err) = run(
        &dir,
        &["client", "revoke", "--domain", "acme", billing_id],
        None,
    )
    .await;
    assert!(
        !bad && err.contains("not found"),
        "revoking twice says so: {err}"
    );
    // Ids are base64url: one may start with '-' and is still taken as the id.
    let (bad, _, err) = run(
        &dir,
        &[
            "client",
            "show",
            "--domain",
            "acme",
            "-ONXY5vPLtCLCZq3vlfH7A",
        ],
        None,
    )
    .await;
    assert!(!bad && err.contains("not found"), "{err}");
    let (bad, _, err) = run(&dir, &["client", "show", "--domain", "acme", "nope"], None).await;
    assert!(!bad && err.contains("not found"), "{err}");

    // Users: roles and disabling.
    let out = ok(
        &dir,
        &[
            "user",
            "roles",
            "--domain",
            "acme",
            "dana",
            "--add",
            "editor",
            "--remove",
            "personal-clients",
        ],
    )
    .await;
    assert!(
        out.contains("editor") && !out.contains("personal-clients"),
        "{out}"
    );
    let (bad, _, err) = run(
        &dir,
        &[
            "user",
            "roles",
            "--domain",
            "acme",
            "dana",
            "--add",
            "no spaces",
        ],
        None,
    )
    .await;
    assert!(!bad && err.contains("roles"), "{err}");
    let out = ok(
        &dir,
        &[
            "user",
            "attributes",
            "--domain",
            "acme",
            "dana",
            "--set",
            "department=finance",
            "--set",
            "site=lyon",
        ],
    )
    .await;
    assert!(out.contains("finance") && out.contains("lyon"), "{out}");
    ok(
        &dir,
        &[
            "user",
            "attributes",
            "--domain",
            "acme",
            "dana",
            "--unset",
            "site",
        ],
    )
    .await;
    let (bad, _, err) = run(
        &dir,
        &[
            "user",
            "attributes",
            "--domain",
            "acme",
            "dana",
            "--set",
            "Bad Key=x",
        ],
        None,
    )
    .await;
    assert!(!bad && err.contains("attributes"), "{err}");
    ok(
        &dir,
        &[
            "user",
            "email",
            "--domain",
            "acme",
            "dana",
            "dana@example.com",
        ],
    )
    .await;
    ok(&dir, &["user", "disable", "--domain", "acme", "dana"]).await;
    let shown: serde_json::Value = serde_json::from_str(
        &ok(
            &dir,
            &["user", "show", "--domain", "acme", "dana", "--json"],
        )
        .await,
    )
    .unwrap();
    assert_eq!(shown["disabled"], true);
    assert_eq!(shown["roles"], serde_json::json!(["editor"]));
    assert_eq!(shown["email"], "dana@example.com");
    ok(&dir, &["user", "enable", "--domain", "acme", "dana"]).await;
    let (good, _, err) = run(
        &dir,
        &[
            "user",
            "password",
            "--domain",
            "acme",
            "dana",
            "--password-stdin",
        ],
        Some("another good password\n"),
    )
    .await;
    assert!(good, "{err}");
    let (bad, _, err) = run(
        &dir,
        &[
            "user",
            "password",
            "--domain",
            "acme",
            "dana",
            "--password-stdin",
        ],
        Some("short\n"),
    )
    .await;
    assert!(!bad && err.contains("new_password"), "{err}");
    let out = ok(&dir, &["user", "show", "--domain", "acme", "dana"]).await;
    assert!(out.contains("enabled"), "{out}");
    let out = ok(
        &dir,
        &["grant", "list", "--domain", "acme", "--user", "dana"],
    )
    .await;
    assert!(out.is_empty(), "no authorized applications: {out}");
    let (bad, _, err) = run(&dir, &["grant", "revoke", "--domain", "acme", "nope"], None).await;
    assert!(!bad && err.contains("not found"), "{err}");
    let (bad, _, err) = run(
        &dir,
        &["user", "disable", "--domain", "acme", "nobody"],
        None,
    )
    .await;
    assert!(!bad && err.contains("not found"), "{err}");
}

#[tokio::test]
async fn domains_and_admin_tokens_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    ok(&dir, &["domain", "create", "acme", "--name", "Acme"]).await;
    ok(&dir, &["domain", "rename", "acme", "Acme Corp"]).await;
    ok(&dir, &["domain", "disable", "acme"]).await;
    let out = ok(&dir, &["domain", "list", "--json"]).await;
    let acme: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(
        (
            acme["slug"].as_str(),
            acme["name"].as_str(),
            acme["enabled"].as_bool()
        ),
        (Some("acme"), Some("Acme Corp"), Some(false))
    );
    ok(&dir, &["domain", "enable", "acme"]).await;
    assert!(ok(&dir, &["domain", "list"]).await.contains("enabled"));
    let (bad, _, err) = run(&dir, &["domain", "disable", "nowhere"], None).await;
    assert!(!bad && err.contains("not found"), "{err}");

    // More than a year away: refused, and said so.
    let (bad, _, err) = run(
        &dir,
        &[
            "admin-token",
            "create",
            "--name",
            "ci",
            "--scope",
            "domain:acme",
            "--expires-at",
            "2099-01-01",
        ],
        None,
    )
    .await;
    assert!(!bad && err.contains("expires_at"), "{err}");
    let soon = jeton_core::dates::date_field(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
            + 30 * 86_400,
    );
    let created: serde_json::Value = serde_json::from_str(
        &ok(
            &dir,
            &[
                "admin-token",
                "create",
                "--name",
                "ci",
                "--scope",
                "domain:acme",
                "--expires-at",
                &soon,
                "--json",
            ],
        )
        .await,
    )
    .unwrap();
    assert!(created["token"].as_str().unwrap().starts_with("jeton_adm_"));
    let id = created["id"].as_str().unwrap();
    let list = ok(&dir, &["admin-token", "list"]).await;
    assert!(
        list.contains(id) && list.contains("active") && !list.contains("jeton_adm_"),
        "{list}"
    );
    ok(&dir, &["admin-token", "revoke", id]).await;
    assert!(ok(&dir, &["admin-token", "list"]).await.contains("revoked"));
    let (bad, _, err) = run(
        &dir,
        &[
            "admin-token",
            "create",
            "--name",
            "x",
            "--scope",
            "root",
            "--expires-at",
            &soon,
        ],
        None,
    )
    .await;
    assert!(!bad && err.contains("--scope"), "{err}");
}

/// On SQLite the CLI is another process writing the same file. What it revokes reaches a
/// running server's caches through the change log the server polls: within about a second,
/// not after the caches' TTL.
#[tokio::test]
async fn what_the_cli_revokes_reaches_a_running_server_within_a_second() {
    let dir = tempfile::tempdir().unwrap();
    ok(&dir, &["domain", "create", "acme"]).await;
    let create = |name: &'static str| {
        [
            "client",
            "create",
            "--domain",
            "acme",
            "--name",
            name,
            "--grant",
            "client_credentials",
            "--json",
        ]
    };
    let job: serde_json::Value = serde_json::from_str(&ok(&dir, &create("Job")).await).unwrap();
    let api: serde_json::Value = serde_json::from_str(&ok(&dir, &create("API")).await).unwrap();
    let creds = |c: &serde_json::Value| {
        (
            c["client_id"].as_str().unwrap().to_owned(),
            c["client_secret"].as_str().unwrap().to_owned(),
        )
    };
    let (job_id, job_secret) = creds(&job);
    let (api_id, api_secret) = creds(&api);
    let s = serve(jeton(&dir)).await;
    let http = reqwest::Client::new();
    let token_url = format!("{}/d/acme/oauth/token", s.base);
    let introspect_url = format!("{}/d/acme/oauth/introspect", s.base);
    let mint = || {
        http.post(&token_url)
            .basic_auth(&job_id, Some(&job_secret))
            .form(&[("grant_type", "client_credentials")])
            .send()
    };
    let r = mint().await.unwrap();
    assert_eq!(r.status(), 200);
    let token: serde_json::Value = r.json().await.unwrap();
    let token = token["access_token"].as_str().unwrap().to_owned();
    let active = || async {
        let r = http
            .post(&introspect_url)
            .basic_auth(&api_id, Some(&api_secret))
            .form(&[("token", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        r.json::<serde_json::Value>().await.unwrap()["active"] == true
    };
    // Looked up more than once, so the client and the token are in the caches.
    for _ in 0..3 {
        assert!(active().await);
        assert_eq!(mint().await.unwrap().status(), 200);
    }

    ok(&dir, &["client", "revoke", "--domain", "acme", &job_id]).await;
    let revoked = std::time::Instant::now();
    let seen = loop {
        let refused = mint().await.unwrap().status() == 401;
        if refused && !active().await {
            break revoked.elapsed();
        }
        assert!(
            revoked.elapsed() < Duration::from_secs(5),
            "the CLI's revocation was not seen within 5 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    // The log is polled every 200 ms; a heavily loaded CI machine gets some slack.
    assert!(seen < Duration::from_millis(1500), "seen after {seen:?}");
}
