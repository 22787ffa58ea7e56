//! Slow and idle clients (jeton-server/src/listener.rs): partial requests, idle kept-alive
//! connections, trickling bodies and the connection cap. Raw sockets on 127.0.0.1, because
//! an HTTP client library would not send half a request line.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;

use crate::helpers::*;

const HEALTHZ: &[u8] = b"GET /healthz HTTP/1.1\r\nHost: jeton.test\r\n\r\n";

async fn connect(app: &TestApp) -> TcpStream {
    TcpStream::connect(app.base.trim_start_matches("http://"))
        .await
        .expect("connect")
}

/// Reads one response (headers and a `Content-Length` body) and answers its status line.
async fn read_response(s: &mut TcpStream) -> String {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = s.read(&mut chunk).await.expect("read a response");
        assert!(n > 0, "connection closed before a full response: {buf:?}");
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf).into_owned();
        if let Some(end) = text.find("\r\n\r\n") {
            let length: usize = text[..end]
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse().ok())?
                })
                .unwrap_or(0);
            if buf.len() >= end + 4 + length {
                return text.lines().next().unwrap_or_default().to_owned();
            }
        }
    }
}

/// Whether the server has closed `s` within `wait` (EOF or reset), and when.
async fn closed_within(s: &mut TcpStream, wait: Duration) -> Option<Instant> {
    let mut b = [0u8; 64];
    match timeout(wait, s.read(&mut b)).await {
        Ok(Ok(0)) | Ok(Err(_)) => Some(Instant::now()),
        Ok(Ok(n)) => panic!(
            "the server sent data instead of closing: {:?}",
            String::from_utf8_lossy(&b[..n])
        ),
        Err(_) => None,
    }
}

/// How many slow sockets to open. Each costs two descriptors in this process (the client's
/// and the server's end, both here), and other tests of this binary run at the same time:
/// the soft limit is raised towards the hard one when it is lower than that needs, and the
/// count is sized from what we get, so that the test never fails for want of descriptors.
fn slow_socket_count(wanted: u64) -> usize {
    use rustix::process::{Resource, getrlimit, setrlimit};
    const RESERVE: u64 = 2048;
    let limit = getrlimit(Resource::Nofile);
    let needed = wanted * 2 + RESERVE;
    if limit.current.is_some_and(|soft| soft < needed) {
        let raised = rustix::process::Rlimit {
            current: Some(limit.maximum.map_or(needed, |hard| hard.min(needed))),
            maximum: limit.maximum,
        };
        let _ = setrlimit(Resource::Nofile, raised);
    }
    let soft = getrlimit(Resource::Nofile).current.unwrap_or(u64::MAX);
    let count = wanted.min(soft.saturating_sub(RESERVE) / 2);
    assert!(
        count >= 500,
        "only {soft} descriptors: raise `ulimit -n` to run this test meaningfully"
    );
    count as usize
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousands_of_partial_requests_are_cut_and_do_not_block_others() {
    let app = spawn_with(&[("header_read_timeout_secs", "2")]).await;
    let count = slow_socket_count(2000);
    let started = Instant::now();
    let mut slow = Vec::with_capacity(count);
    for i in 0..count {
        let mut s = connect(&app).await;
        // Half send part of a request line, half nothing at all: both are cut.
        if i % 2 == 0 {
            s.write_all(b"GET /healthz HT").await.unwrap();
        }
        slow.push(s);
    }
    let opened = started.elapsed();

    let asked = Instant::now();
    let res = app.http.get(app.url("/healthz")).send().await.unwrap();
    let answered = asked.elapsed();
    assert_eq!(res.status(), 200);
    assert!(
        answered < Duration::from_secs(1),
        "GET /healthz took {answered:?} beside {count} slow sockets"
    );
    // They are all still open: what closes them below is the timeout, not something else.
    let mut open = 0;
    for s in slow.iter_mut().rev().take(100) {
        open += usize::from(closed_within(s, Duration::from_millis(1)).await.is_none());
    }
    assert_eq!(
        open, 100,
        "slow sockets were closed before their header timeout"
    );

    let mut closed = 0;
    let mut first = None;
    let mut last = started;
    for s in &mut slow {
        let left =
            (started + opened + Duration::from_secs(5)).saturating_duration_since(Instant::now());
        if let Some(at) = closed_within(s, left).await {
            closed += 1;
            first.get_or_insert(at);
            last = last.max(at);
        }
    }
    let first = first.map(|at| at - started);
    eprintln!(
        "{count} slow sockets opened in {opened:?}; GET /healthz answered in {answered:?}; \
         first closed after {first:?}, last after {:?}",
        last - started
    );
    assert_eq!(closed, count, "every slow socket is closed by the server");
    assert!(
        first.is_some_and(|d| d >= Duration::from_millis(1900)),
        "closed before the 2 s header timeout: {first:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_kept_alive_connection_is_closed_after_the_idle_timeout() {
    let app = spawn_with(&[
        ("header_read_timeout_secs", "1"),
        ("idle_timeout_secs", "2"),
    ])
    .await;
    let mut s = connect(&app).await;
    s.write_all(HEALTHZ).await.unwrap();
    assert!(read_response(&mut s).await.starts_with("HTTP/1.1 200"));
    // Idle for longer than the header timeout: it is the idle timeout that applies.
    assert!(
        closed_within(&mut s, Duration::from_millis(1500))
            .await
            .is_none()
    );
    s.write_all(HEALTHZ).await.unwrap();
    assert!(read_response(&mut s).await.starts_with("HTTP/1.1 200"));
    let idle_from = Instant::now();
    let at = closed_within(&mut s, Duration::from_secs(4))
        .await
        .expect("closed after the idle timeout");
    let idle = at - idle_from;
    eprintln!("idle kept-alive connection closed after {idle:?} (idle_timeout_secs = 2)");
    assert!(
        idle >= Duration::from_millis(1900) && idle < Duration::from_millis(2800),
        "{idle:?}"
    );

    // Once the next request has begun, its headers have the header timeout, not the idle one.
    let mut s = connect(&app).await;
    s.write_all(HEALTHZ).await.unwrap();
    assert!(read_response(&mut s).await.starts_with("HTTP/1.1 200"));
    tokio::time::sleep(Duration::from_millis(300)).await;
    s.write_all(b"GET /hea").await.unwrap();
    let began = Instant::now();
    let at = closed_within(&mut s, Duration::from_secs(4))
        .await
        .expect("closed after the header timeout");
    let took = at - began;
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_millis(1900),
        "a partial request on a kept-alive connection was cut after {took:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trickling_body_is_answered_408_and_closed() {
    let app = spawn_with(&[("request_timeout_secs", "1")]).await;
    let mut s = connect(&app).await;
    s.write_all(
        b"POST /d/main/oauth/token HTTP/1.1\r\nHost: jeton.test\r\n\
          Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n\
          grant_type=",
    )
    .await
    .unwrap();
    let sent = Instant::now();
    let status = read_response(&mut s).await;
    let took = sent.elapsed();
    assert!(status.starts_with("HTTP/1.1 408"), "{status}");
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_secs(3),
        "{took:?}"
    );
    assert!(
        closed_within(&mut s, Duration::from_secs(1))
            .await
            .is_some(),
        "the connection of a cut body is closed"
    );
}

#[tokio::test]
async fn oversized_headers_are_refused_not_buffered() {
    let app = spawn_app().await;
    let mut s = connect(&app).await;
    let mut request = b"GET /healthz HTTP/1.1\r\nHost: jeton.test\r\nX-Big: ".to_vec();
    request.resize(request.len() + 40 * 1024, b'a');
    // The server may close before it has read everything: only the answer matters.
    let _ = s.write_all(&request).await;
    let mut answer = Vec::new();
    let _ = timeout(Duration::from_secs(2), s.read_to_end(&mut answer)).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn beyond_the_connection_cap_a_connection_waits_until_one_closes() {
    let app = spawn_with(&[("max_connections", "5")]).await;
    let mut served = Vec::new();
    for _ in 0..5 {
        let mut s = connect(&app).await;
        s.write_all(HEALTHZ).await.unwrap();
        assert!(read_response(&mut s).await.starts_with("HTTP/1.1 200"));
        served.push(s);
    }
    // The sixth is connected by the kernel (the listen backlog) but not accepted: no answer.
    let mut sixth = connect(&app).await;
    sixth.write_all(HEALTHZ).await.unwrap();
    let mut b = [0u8; 1];
    assert!(
        timeout(Duration::from_millis(800), sixth.peek(&mut b))
            .await
            .is_err(),
        "the sixth connection was served while five were open"
    );
    drop(served.pop());
    let freed = Instant::now();
    let status = timeout(Duration::from_secs(2), read_response(&mut sixth))
        .await
        .expect("served once a connection closed");
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    eprintln!(
        "sixth connection served {:?} after one closed",
        freed.elapsed()
    );
    drop(served);
    drop(sixth);
    let res = timeout(
        Duration::from_secs(2),
        app.http.get(app.url("/healthz")).send(),
    )
    .await
    .expect("the server recovers")
    .unwrap();
    assert_eq!(res.status(), 200);
}
