//! The one HTTP exchange the vault makes, handed to `oauth2` as its `AsyncHttpClient`:
//! redirects never followed (a 3xx is [`ProviderError::Redirect`]), connect and total
//! timeouts, the body read up to a bound, and an error status whose body is not JSON
//! answered as such rather than as a parse failure of someone's HTML page.

use oauth2::{HttpRequest, HttpResponse};

use crate::Limits;
use crate::error::ProviderError;

pub(crate) struct BoundedHttp {
    client: reqwest::Client,
    limits: Limits,
}

/// `oauth2` wants a `std::error::Error`; ours is the reason, carried through.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct Transport(pub(crate) ProviderError);

impl BoundedHttp {
    pub(crate) fn new(limits: Limits) -> Result<Self, ProviderError> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(limits.connect_timeout)
            .timeout(limits.total_timeout)
            .user_agent(concat!("jeton-vault/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ProviderError::Setup(format!("the vault's HTTP client: {e}")))?;
        Ok(Self { client, limits })
    }

    async fn exchange(&self, request: HttpRequest) -> Result<HttpResponse, Transport> {
        let host = host_of(request.uri());
        let request = reqwest::Request::try_from(request).map_err(|_| {
            Transport(ProviderError::Setup(format!(
                "the request to {host} cannot be built"
            )))
        })?;
        let response = self
            .client
            .execute(request)
            .await
            .map_err(|e| Transport(self.describe(&host, &e)))?;
        let status = response.status();
        if status.is_redirection() {
            return Err(Transport(ProviderError::Redirect {
                host,
                status: status.as_u16(),
            }));
        }
        let limit = self.limits.max_response_bytes;
        if response.content_length().is_some_and(|n| n > limit as u64) {
            return Err(Transport(ProviderError::TooLarge { host, limit }));
        }
        let headers = response.headers().clone();
        let mut response = response;
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| Transport(self.describe(&host, &e)))?
        {
            if body.len() + chunk.len() > limit {
                return Err(Transport(ProviderError::TooLarge { host, limit }));
            }
            body.extend_from_slice(&chunk);
        }
        let json = headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                let v = v.to_ascii_lowercase();
                v.starts_with("application/json") || v.contains("+json")
            });
        if !(status.is_success() || json || looks_like_json(&body)) {
            let kind = headers
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(|v| format!(" ({})", crate::error::provider_text(v)))
                .unwrap_or_default();
            return Err(Transport(ProviderError::Malformed {
                host,
                detail: format!(
                    "HTTP {}{kind}, without an OAuth error in JSON",
                    status.as_u16()
                ),
            }));
        }
        let mut out = oauth2::http::Response::builder().status(status.as_u16());
        for (name, value) in headers.iter() {
            out = out.header(name.as_str(), value.as_bytes());
        }
        out.body(body).map_err(|_| {
            Transport(ProviderError::Malformed {
                host,
                detail: "the answer's headers cannot be read".into(),
            })
        })
    }

    fn describe(&self, host: &str, e: &reqwest::Error) -> ProviderError {
        if e.is_timeout() {
            let secs = if e.is_connect() {
                self.limits.connect_timeout
            } else {
                self.limits.total_timeout
            };
            return ProviderError::Timeout {
                host: host.to_owned(),
                secs: secs.as_secs().max(1),
            };
        }
        // The innermost cause is the operating system's or TLS's own words ("Connection
        // refused", "invalid peer certificate: …"); reqwest's outer text would add the URL.
        let mut cause: &dyn std::error::Error = e;
        while let Some(next) = cause.source() {
            cause = next;
        }
        let reason = crate::error::provider_text(&cause.to_string());
        if e.is_connect() {
            ProviderError::Unreachable {
                host: host.to_owned(),
                reason,
            }
        } else {
            ProviderError::Unreachable {
                host: host.to_owned(),
                reason: format!("the exchange failed: {reason}"),
            }
        }
    }
}

/// A named future type (rather than a closure) so that the futures of the flows that call
/// providers are `Send` for the server's handlers.
impl<'c> oauth2::AsyncHttpClient<'c> for BoundedHttp {
    type Error = Transport;
    type Future = std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<HttpResponse, Transport>> + Send + 'c>,
    >;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(self.exchange(request))
    }
}

fn looks_like_json(body: &[u8]) -> bool {
    body.iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'{')
}

/// `host[:port]` of a URL: what errors name (never its path or query, which could carry
/// something a provider wants kept quiet).
pub(crate) fn host_of(uri: &oauth2::http::Uri) -> String {
    match (uri.host(), uri.port_u16()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_owned(),
        _ => "the configured endpoint".to_owned(),
    }
}
