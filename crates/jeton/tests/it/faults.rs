//! Faults from outside the request: the disk under SQLite fills up, the log cannot be written.
//! Jeton answers 503 with `Retry-After` (`temporarily_unavailable`), reports not ready, keeps
//! answering, and recovers by itself when the fault goes away.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use crate::cli::BIN;
use crate::helpers::*;

/// A small tmpfs of its own, so the test can fill a disk without touching the machine's.
/// Needs root (CI runs as root); unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(size: &str) -> Result<Self, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "mounting a tmpfs needs root: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(Self { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

/// Writes a file in `dir` until the disk is full; answers its path.
fn fill(dir: &Path) -> PathBuf {
    let path = dir.join("filler");
    let mut f = std::fs::File::create(&path).unwrap();
    for chunk in [64 * 1024, 4096, 1] {
        let block = vec![0u8; chunk];
        while f.write_all(&block).and_then(|_| f.flush()).is_ok() {}
    }
    path
}

async fn client_credentials(app: &TestApp, c: &TestClient) -> reqwest::Response {
    app.token(c, &[("grant_type", "client_credentials")]).await
}

#[tokio::test]
async fn a_full_disk_answers_503_reports_not_ready_and_recovers() {
    let fs = match Tmpfs::mount("16m") {
        Ok(fs) => fs,
        Err(why) => return skip("faults::full_disk", &why),
    };
    let db = format!("sqlite://{}/jeton.db", fs.path().display());
    let app = spawn_on(&db, tempfile::tempdir().unwrap(), &[]).await;
    let c = app.svc_client().await;
    let res = client_credentials(&app, &c).await;
    assert_eq!(res.status(), 200);
    let before: serde_json::Value = res.json().await.unwrap();

    let filler = fill(fs.path());
    // With no space left, the next write fails: a clean 503, never a 500 or a closed
    // connection. (A write may still fit in a page SQLite already has; hence a few tries.)
    let mut refused = None;
    for _ in 0..50 {
        let res = client_credentials(&app, &c).await;
        match res.status().as_u16() {
            200 => continue,
            503 => {
                refused = Some(res);
                break;
            }
            other => panic!(
                "a full disk answered {other}: {}",
                res.text().await.unwrap()
            ),
        }
    }
    let res = refused.expect("a full disk refuses new tokens");
    assert!(res.headers().contains_key("retry-after"));
    assert_eq!(res.headers()["cache-control"], "no-store");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"], "temporarily_unavailable");
    let ready = app.http.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(
        ready.status(),
        503,
        "not ready while the store cannot write"
    );
    assert!(ready.headers().contains_key("retry-after"));
    // Reads still work: the token issued before is still active.
    let info = app
        .introspect(&c, before["access_token"].as_str().unwrap())
        .await;
    assert_eq!(info["active"], true);

    // Space comes back: tokens and readiness again, without a restart.
    std::fs::remove_file(filler).unwrap();
    assert_eq!(client_credentials(&app, &c).await.status(), 200);
    let ready = app.http.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The log goes to a device that refuses every write (a full disk): requests still get their
/// answers. Before, the log subscriber reported its own failure with `eprintln!`, which
/// panicked inside the request and closed the connection with no answer.
#[tokio::test]
async fn a_log_that_cannot_be_written_costs_no_response() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full exists on Linux");
    let mut child = tokio::process::Command::new(BIN)
        .arg("serve")
        .current_dir(dir.path())
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env(
            "JETON_DATABASE_URL",
            format!("sqlite://{}/jeton.db", dir.path().display()),
        )
        .env("JETON_LISTEN", format!("127.0.0.1:{port}"))
        .env("JETON_PUBLIC_URL", &base)
        .env("JETON_LOG_LEVEL", "debug")
        .env(
            "JETON_BOOTSTRAP_ADMIN_PASSWORD",
            "a long bootstrap password",
        )
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::from(full))
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let mut up = false;
    for _ in 0..300 {
        if http.get(format!("{base}/healthz")).send().await.is_ok() {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(up, "jeton serve starts with its log on a full device");
    for i in 0..20 {
        // Logged at info (a failed client authentication) and at debug (every request).
        let res = http
            .post(format!("{base}/d/main/oauth/token"))
            .basic_auth(format!("nobody-{i}"), Some("wrong"))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .expect("an answer, not a closed connection");
        assert_eq!(res.status(), 401);
        let res = http.get(format!("{base}/healthz")).send().await.unwrap();
        assert_eq!(res.status(), 200);
    }
    child.kill().await.unwrap();
}

/// A TCP relay in front of PostgreSQL that the test can cut (every connection dropped, new
/// ones refused) and mend: PostgreSQL "stopped" and "back", without stopping the server that
/// other tests share.
struct Relay {
    port: u16,
    open: std::sync::Arc<std::sync::atomic::AtomicBool>,
    links: std::sync::Arc<std::sync::Mutex<Vec<tokio::task::AbortHandle>>>,
}

impl Relay {
    async fn start(upstream: String) -> Self {
        use std::sync::atomic::Ordering;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let open = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let links = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let (o, l) = (open.clone(), links.clone());
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if !o.load(Ordering::SeqCst) {
                    continue; // dropped: the connection is refused
                }
                let upstream = upstream.clone();
                let task = tokio::spawn(async move {
                    if let Ok(mut out) = tokio::net::TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut out).await;
                    }
                });
                l.lock().unwrap().push(task.abort_handle());
            }
        });
        Self { port, open, links }
    }

    fn cut(&self) {
        self.open.store(false, std::sync::atomic::Ordering::SeqCst);
        for link in self.links.lock().unwrap().drain(..) {
            link.abort();
        }
    }

    fn mend(&self) {
        self.open.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

#[tokio::test]
async fn postgresql_gone_answers_503_reports_not_ready_and_recovers() {
    let Ok(base) = std::env::var("JETON_TEST_DATABASE_URL") else {
        return skip(
            "faults::postgresql_gone",
            "JETON_TEST_DATABASE_URL is not set (.ci/run sets it)",
        );
    };
    let direct = jeton_store::postgres::scratch_schema_url(&base)
        .await
        .expect("a scratch schema");
    let mut url = url::Url::parse(&direct).unwrap();
    let upstream = format!(
        "{}:{}",
        url.host_str().unwrap_or("127.0.0.1"),
        url.port().unwrap_or(5432)
    );
    let relay = Relay::start(upstream).await;
    url.set_host(Some("127.0.0.1")).unwrap();
    url.set_port(Some(relay.port)).unwrap();
    let app = spawn_on(
        url.as_str(),
        tempfile::tempdir().unwrap(),
        &[("database_acquire_timeout_secs", "2")],
    )
    .await;
    let c = app.svc_client().await;
    assert_eq!(client_credentials(&app, &c).await.status(), 200);

    relay.cut();
    let res = client_credentials(&app, &c).await;
    assert_eq!(res.status(), 503, "{}", res.text().await.unwrap());
    let res = client_credentials(&app, &c).await;
    assert_eq!(res.status(), 503);
    assert!(res.headers().contains_key("retry-after"));
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"], "temporarily_unavailable");
    let ready = app.http.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 503, "not ready while PostgreSQL is gone");

    // PostgreSQL is back: the pools reconnect by themselves.
    relay.mend();
    let mut status = 0;
    for _ in 0..50 {
        status = client_credentials(&app, &c).await.status().as_u16();
        if status == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(status, 200, "tokens again once PostgreSQL is back");
    let ready = app.http.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
}
