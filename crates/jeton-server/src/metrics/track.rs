//! The layer that counts and times every routed request.
//!
//! A plain tower layer rather than `axum::middleware::from_fn`: it runs on every request,
//! and `from_fn` boxes the inner service and the future each time; here the labels borrow
//! the route's pattern (`MatchedPath` is a shared string) and the method (a static string),
//! so a request costs no allocation unless its label set is new.

use std::future::Future;
use std::hash::{Hash, Hasher};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::Method;
use axum::response::Response;
use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue, LabelValueEncoder};
use tower::{Layer, Service};

use super::Metrics;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct RequestLabels {
    route: RoutePattern,
    method: &'static str,
    status: u16,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(super) struct RouteLabels {
    route: RoutePattern,
}

/// The route's pattern (`/d/{d}/oauth/token`), never the concrete path: bounded.
#[derive(Debug, Clone)]
struct RoutePattern(Option<MatchedPath>);

impl RoutePattern {
    fn as_str(&self) -> &str {
        self.0.as_ref().map_or("unmatched", MatchedPath::as_str)
    }
}

impl PartialEq for RoutePattern {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for RoutePattern {}

impl Hash for RoutePattern {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl EncodeLabelValue for RoutePattern {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> Result<(), std::fmt::Error> {
        EncodeLabelValue::encode(&self.as_str(), encoder)
    }
}

/// The method as a label; one the router does not know (it answers 405) is "other", so a
/// client cannot create label sets at will.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::HEAD => "HEAD",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Wraps each route (inside the router, so each request's route pattern is known).
#[derive(Clone)]
pub struct TrackLayer(pub Arc<Metrics>);

impl<S> Layer<S> for TrackLayer {
    type Service = Track<S>;

    fn layer(&self, inner: S) -> Track<S> {
        Track {
            inner,
            metrics: self.0.clone(),
        }
    }
}

#[derive(Clone)]
pub struct Track<S> {
    inner: S,
    metrics: Arc<Metrics>,
}

impl<S> Service<Request> for Track<S>
where
    S: Service<Request, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Tracked<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let route = RoutePattern(req.extensions().get::<MatchedPath>().cloned());
        let method = method_label(req.method());
        Tracked {
            inner: self.inner.call(req),
            pending: Some(Pending {
                metrics: self.metrics.clone(),
                route,
                method,
                started: Instant::now(),
            }),
        }
    }
}

/// What to record once the answer is ready.
struct Pending {
    metrics: Arc<Metrics>,
    route: RoutePattern,
    method: &'static str,
    started: Instant,
}

pin_project_lite::pin_project! {
    pub struct Tracked<F> {
        #[pin]
        inner: F,
        pending: Option<Pending>,
    }
}

impl<F, E> Future for Tracked<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let answer = ready!(this.inner.poll(cx));
        if let (Ok(res), Some(p)) = (&answer, this.pending.take()) {
            let elapsed = p.started.elapsed().as_secs_f64();
            let labels = RequestLabels {
                route: p.route,
                method: p.method,
                status: res.status().as_u16(),
            };
            p.metrics.requests.get_or_create(&labels).inc();
            let route = RouteLabels {
                route: labels.route,
            };
            p.metrics.latency.get_or_create(&route).observe(elapsed);
        }
        Poll::Ready(answer)
    }
}
