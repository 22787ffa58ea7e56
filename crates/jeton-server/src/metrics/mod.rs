//! `/metrics` in the OpenMetrics text format (which Prometheus scrapes): requests per route and
//! status with their latency, and what the flows count (`jeton_flows::metrics`). One registry
//! per server, in its state: no global recorder, so several servers can run in one process.
//! Reachable only from `metrics_allowed` (default: loopback); anyone else gets a 404.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::state::AppState;
use crate::ui::pages::error_page;
use crate::web::client_ip::ClientOrigin;
use crate::web::locale::Locale;

mod track;
pub use track::TrackLayer;
use track::{RequestLabels, RouteLabels};

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    pool: &'static str,
    state: &'static str,
}

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    /// Set from the pools at each scrape.
    pool_connections: Family<PoolLabels, Gauge>,
}

impl Metrics {
    pub fn new(flows: &jeton_flows::metrics::FlowMetrics) -> Self {
        let mut registry = Registry::with_prefix("jeton");
        let requests = Family::<RequestLabels, Counter>::default();
        // 0.25 ms to about 8 s, doubling.
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(
            (|| Histogram::new(exponential_buckets(0.00025, 2.0, 16))) as fn() -> Histogram,
        );
        registry.register(
            "http_requests",
            "HTTP requests answered, by route, method and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time from routing to the answer, by route",
            latency.clone(),
        );
        let pool_connections = Family::<PoolLabels, Gauge>::default();
        registry.register(
            "database_connections",
            "Database connections of this instance, by pool (writer, reader) and state (open, idle)",
            pool_connections.clone(),
        );
        flows.register(&mut registry);
        Self {
            registry,
            requests,
            latency,
            pool_connections,
        }
    }

    fn record_pools(&self, pools: jeton_store::PoolUse) {
        let set = |pool, state, v: u32| {
            self.pool_connections
                .get_or_create(&PoolLabels { pool, state })
                .set(i64::from(v));
        };
        set("writer", "open", pools.writer_open);
        set("writer", "idle", pools.writer_idle);
        set("reader", "open", pools.reader_open);
        set("reader", "idle", pools.reader_idle);
    }

    fn encode(&self) -> Result<String, std::fmt::Error> {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)?;
        Ok(out)
    }
}

pub async fn metrics(
    State(state): State<AppState>,
    Locale(tr): Locale,
    origin: ClientOrigin,
) -> Response {
    let allowed = state
        .config
        .metrics_allowed
        .iter()
        .any(|net| net.contains(&origin.ip));
    if !allowed {
        return crate::ops::not_found(Locale(tr)).await;
    }
    state.metrics.record_pools(state.flows.pool_use());
    match state.metrics.encode() {
        Ok(body) => {
            let mut res = body.into_response();
            res.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(
                    "application/openmetrics-text; version=1.0.0; charset=utf-8",
                ),
            );
            res
        }
        Err(_) => error_page(
            &tr,
            StatusCode::INTERNAL_SERVER_ERROR,
            "error-internal-title",
            "error-metrics",
            None,
        ),
    }
}
