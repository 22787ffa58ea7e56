//! The accept loop: HTTP/1.1 on hyper, with the limits that keep slow and idle clients from
//! holding the server (docs/deployment.md, "Slow and idle clients").
//!
//! - A cap on open connections. A semaphore permit is taken *before* `accept`, so beyond the
//!   cap new connections wait in the kernel's listen backlog (they cost no descriptor and no
//!   task here) and are served as soon as one closes; when the backlog is full too, the
//!   kernel drops their SYNs and clients retry.
//! - A header-read timeout (from accept, or from the first byte of the next request on a
//!   kept-alive connection, to the end of its headers) and an idle timeout (from the end of
//!   a response to the first byte of the next request), both enforced by [`Watched`].
//! - The request body is bounded by the `TimeoutLayer` of `app()` (408, then the
//!   connection is closed because the unread body is dropped).
//! - With TLS (`tls.rs`), the handshake runs in the connection's task on the [`Watched`]
//!   socket, so it counts against the header-read timeout of the first request: a client
//!   that never finishes its handshake is closed like one that never finishes its headers.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll, ready};
use std::time::Duration;

use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::time::{Instant, Sleep};
use tokio_rustls::TlsAcceptor;
use tower::Service;

/// The largest request line and headers accepted, like nginx's default
/// `large_client_header_buffers` (4 × 8 KiB): cookies and OAuth queries are far smaller.
const MAX_HEADER_SIZE: usize = 32 * 1024;

/// The limits of the accept loop, from the configuration.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub header_read_timeout: Duration,
    pub idle_timeout: Duration,
    pub max_connections: usize,
}

/// Serves `app` on `listener` until `shutdown` resolves; then stops accepting and waits for
/// the open connections: idle ones are closed at once, in-flight requests get their answer.
pub async fn run<S>(
    listener: TcpListener,
    app: S,
    limits: Limits,
    tls: Option<TlsAcceptor>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()>
where
    S: Service<hyper::Request<Incoming>, Response = axum::response::Response, Error = Infallible>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
{
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut http = http1::Builder::new();
    // hyper's own header timer also runs while a kept-alive connection waits for its next
    // request, so it would close idle connections after the header timeout. [`Watched`]
    // keeps the two apart (as Go's ReadHeaderTimeout and IdleTimeout do).
    http.header_read_timeout(None);
    // hyper's read buffer grows up to ~400 KiB while it waits for the end of the headers:
    // bounded here, thousands of slow senders of big headers cannot take gigabytes. Larger
    // headers are answered 431.
    http.max_header_size(MAX_HEADER_SIZE);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            () = &mut shutdown => break,
            permit = permits.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
        };
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_failed(e).await;
                    continue;
                }
            },
        };
        let phase = Arc::new(AtomicU64::new(HEAD));
        let app = app.clone();
        let io = Watched::new(stream, phase.clone(), limits);
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            // `ClientOrigin` (web/client_ip.rs) reads the peer address from here.
            req.extensions_mut().insert(ConnectInfo(peer));
            // Headers are in: the body (and the handler) are the TimeoutLayer's business.
            phase.fetch_or(BUSY, Ordering::Relaxed);
            let mut router = app.clone();
            let phase = phase.clone();
            async move {
                let response = router.call(req).await;
                // Clears the busy bit and counts one more answer, so that [`Watched`] restarts
                // the idle clock even if it never saw the connection busy (pipelining).
                phase.fetch_add(1, Ordering::Relaxed);
                Ok::<_, Infallible>(response.unwrap_or_else(|e| match e {}))
            }
        });
        // Taken here, before any shutdown can begin, so that shutdown also waits for a
        // connection still in its TLS handshake.
        let watcher = graceful.watcher();
        let http = http.clone();
        let tls = tls.clone();
        tokio::spawn(async move {
            let served = match tls {
                None => {
                    watcher
                        .watch(http.serve_connection(TokioIo::new(io), service))
                        .await
                }
                Some(tls) => match tls.accept(io).await {
                    Ok(io) => {
                        watcher
                            .watch(http.serve_connection(TokioIo::new(io), service))
                            .await
                    }
                    Err(e) => {
                        // Plain http to the https port, scanners, a timed-out handshake.
                        tracing::debug!(%peer, error = %e, "TLS handshake failed");
                        Ok(())
                    }
                },
            };
            if let Err(e) = served {
                // Timeouts and resets are what slow and departed clients cause: not worth a
                // warning each (thousands of them are an attack, seen in the connection count).
                tracing::debug!(%peer, error = %e, "connection ended with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// An accept error is about one connection (reset before accept) or about the process (out
/// of descriptors). In the second case, retrying at once would spin: wait a little.
async fn accept_failed(e: io::Error) {
    if matches!(
        e.kind(),
        io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset
    ) {
        return;
    }
    tracing::error!(error = %e, "accepting a connection failed (too many open files? see max_connections)");
    tokio::time::sleep(Duration::from_millis(100)).await;
}

/// What a connection waits for, shared between its service and its socket: twice the
/// number of answers so far, plus [`BUSY`] while a request is handled. Each even value but
/// the first, [`HEAD`], starts an idle period.
const HEAD: u64 = 0;
const BUSY: u64 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Deadline {
    /// Waiting for the rest of a request's line and headers.
    Head,
    /// Waiting for the first byte of the next request.
    Idle,
    /// A request is being handled: no deadline here.
    None,
}

/// A socket that fails its reads once the current deadline has passed. hyper then closes
/// the connection. Reads are how hyper waits for a request, so the timer is polled there.
struct Watched<T> {
    io: T,
    phase: Arc<AtomicU64>,
    seen: u64,
    deadline: Deadline,
    sleep: Pin<Box<Sleep>>,
    limits: Limits,
}

impl<T> Watched<T> {
    fn new(io: T, phase: Arc<AtomicU64>, limits: Limits) -> Self {
        Self {
            io,
            phase,
            seen: HEAD,
            deadline: Deadline::Head,
            sleep: Box::pin(tokio::time::sleep(limits.header_read_timeout)),
            limits,
        }
    }

    fn arm(&mut self, deadline: Deadline, after: Duration) {
        self.deadline = deadline;
        self.sleep.as_mut().reset(Instant::now() + after);
    }
}

impl<T> Watched<T> {
    /// Takes in a change of phase and polls the timer, so that it wakes the connection when
    /// it fires; answers whether the current deadline has passed. Called from the writes too:
    /// after a response, hyper writes it but need not read again before the client sends
    /// something, and the idle clock must start (and its timer be polled) at that point.
    fn expired(&mut self, cx: &mut Context<'_>) -> bool {
        let phase = self.phase.load(Ordering::Relaxed);
        if phase != self.seen {
            self.seen = phase;
            if phase & BUSY == BUSY {
                self.deadline = Deadline::None;
            } else {
                self.arm(Deadline::Idle, self.limits.idle_timeout);
            }
        }
        self.deadline != Deadline::None && self.sleep.as_mut().poll(cx).is_ready()
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Watched<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        if this.expired(cx) {
            let what = match this.deadline {
                Deadline::Idle => "idle timeout",
                _ => "header read timeout",
            };
            return Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, what)));
        }
        let before = buf.filled().len();
        ready!(Pin::new(&mut this.io).poll_read(cx, buf))?;
        if this.deadline == Deadline::Idle && buf.filled().len() > before {
            // The next request has begun: its headers get the header-read timeout.
            this.arm(Deadline::Head, this.limits.header_read_timeout);
        }
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Watched<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        // Only to start the idle clock: a slow reader of a response is not cut here.
        let _ = self.expired(cx);
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let _ = self.expired(cx);
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}
