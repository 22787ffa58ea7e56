//! Who is asking: the peer address, or — only when the peer is a trusted reverse proxy — the
//! address and scheme that proxy reports in the one header the operator named
//! (`client_ip_header`: `X-Forwarded-For`, RFC 7239 `Forwarded` or `X-Real-IP`). Headers from
//! anyone else are ignored: they are trivially forged. And only that one header is read even
//! from a proxy: proxies pass through the headers they do not set, so a client that sends
//! `Forwarded: for=9.9.9.9` through an nginx that sets `X-Forwarded-For` must not become
//! 9.9.9.9 (it would escape every per-address limit and forge the audit trail).

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use ipnet::IpNet;

use crate::config::ClientIpHeader;
use crate::state::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientOrigin {
    pub ip: IpAddr,
    /// Whether the client reached us over https (directly: whether we serve TLS; behind a
    /// trusted proxy, what it says).
    pub https: bool,
}

impl FromRequestParts<AppState> for ClientOrigin {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(IpAddr::from([0, 0, 0, 0]));
        let proxies = &state.config.trusted_proxies;
        let header = state.config.client_ip_header;
        if trusted(&peer, proxies) {
            warn_if_another_header(&parts.headers, header);
            return Ok(resolve(peer, &parts.headers, proxies, header));
        }
        // With tls_cert/tls_key every connection to the listener is TLS.
        let mut origin = resolve(peer, &parts.headers, proxies, header);
        origin.https |= state.config.serves_tls();
        Ok(origin)
    }
}

/// A trusted proxy that sends a forwarding header other than the configured one, and not the
/// configured one, is probably set up differently from what `client_ip_header` says (e.g. an
/// RFC 7239 proxy with the default `x-forwarded-for`): every client would then count as the
/// proxy's address. Said once per process, so the log is not flooded.
fn warn_if_another_header(headers: &HeaderMap, header: ClientIpHeader) {
    static WARNED: std::sync::Once = std::sync::Once::new();
    let name = |h: ClientIpHeader| match h {
        ClientIpHeader::XForwardedFor => "x-forwarded-for",
        ClientIpHeader::Forwarded => "forwarded",
        ClientIpHeader::XRealIp => "x-real-ip",
    };
    let configured = name(header);
    if headers.contains_key(configured) {
        return;
    }
    let others = [
        ClientIpHeader::XForwardedFor,
        ClientIpHeader::Forwarded,
        ClientIpHeader::XRealIp,
    ];
    if let Some(other) = others
        .into_iter()
        .map(name)
        .find(|h| headers.contains_key(*h))
    {
        WARNED.call_once(|| {
            tracing::warn!(
                configured,
                received = other,
                "a trusted proxy sends a forwarding header other than client_ip_header names; \
                 clients count as the proxy's address until client_ip_header matches the proxy"
            );
        });
    }
}

fn trusted(ip: &IpAddr, proxies: &[IpNet]) -> bool {
    proxies.iter().any(|n| n.contains(ip))
}

/// Walks the forwarding chain from the nearest hop outwards, stopping at the first address
/// that is not a trusted proxy: that is the client.
pub fn resolve(
    peer: IpAddr,
    headers: &HeaderMap,
    proxies: &[IpNet],
    header: ClientIpHeader,
) -> ClientOrigin {
    if !trusted(&peer, proxies) {
        return ClientOrigin {
            ip: peer,
            https: false,
        };
    }
    let (hops, proto) = match header {
        ClientIpHeader::Forwarded => forwarded(headers),
        ClientIpHeader::XForwardedFor => x_forwarded(headers),
        ClientIpHeader::XRealIp => x_real_ip(headers),
    };
    let mut ip = peer;
    for hop in hops.iter().rev() {
        ip = *hop;
        if !trusted(hop, proxies) {
            break;
        }
    }
    ClientOrigin {
        ip,
        https: proto
            .as_deref()
            .is_some_and(|p| p.eq_ignore_ascii_case("https")),
    }
}

fn parse_node(s: &str) -> Option<IpAddr> {
    let s = s.trim().trim_matches('"');
    if let Some(rest) = s.strip_prefix('[') {
        // "[2001:db8::1]:4711"
        return rest.split(']').next()?.parse().ok();
    }
    s.parse::<IpAddr>()
        .ok()
        .or_else(|| s.parse::<SocketAddr>().ok().map(|a| a.ip()))
}

/// RFC 7239 `Forwarded: for=192.0.2.60;proto=https, for=198.51.100.17`.
fn forwarded(headers: &HeaderMap) -> (Vec<IpAddr>, Option<String>) {
    let values: Vec<&str> = headers
        .get_all("forwarded")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let mut hops = Vec::new();
    let mut proto = None;
    for element in values.iter().flat_map(|v| v.split(',')) {
        for pair in element.split(';') {
            let Some((k, v)) = pair.split_once('=') else {
                continue;
            };
            match k.trim().to_ascii_lowercase().as_str() {
                "for" => {
                    if let Some(ip) = parse_node(v) {
                        hops.push(ip);
                    }
                }
                // The last proxy's view of the scheme is the one nearest to us.
                "proto" => proto = Some(v.trim().trim_matches('"').to_owned()),
                _ => {}
            }
        }
    }
    (hops, proto)
}

fn x_forwarded(headers: &HeaderMap) -> (Vec<IpAddr>, Option<String>) {
    let hops = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(parse_node)
        .collect();
    (hops, x_forwarded_proto(headers))
}

/// `X-Real-IP: 198.51.100.7`: one address, replaced (not appended to) by the proxy. Several
/// values mean someone added one: only the last, the proxy's, counts.
fn x_real_ip(headers: &HeaderMap) -> (Vec<IpAddr>, Option<String>) {
    let hops = headers
        .get_all("x-real-ip")
        .iter()
        .next_back()
        .and_then(|v| v.to_str().ok())
        .and_then(parse_node)
        .into_iter()
        .collect();
    (hops, x_forwarded_proto(headers))
}

fn x_forwarded_proto(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next_back())
        .map(|v| v.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn untrusted_peers_are_taken_at_their_word_only_for_their_own_address() {
        let peer: IpAddr = "203.0.113.9".parse().unwrap();
        let o = resolve(
            peer,
            &headers(&[
                ("x-forwarded-for", "1.2.3.4"),
                ("x-forwarded-proto", "https"),
            ]),
            &[],
            ClientIpHeader::XForwardedFor,
        );
        assert_eq!(
            o,
            ClientOrigin {
                ip: peer,
                https: false
            }
        );
    }

    #[test]
    fn trusted_proxy_headers_are_followed_to_the_first_untrusted_hop() {
        let proxies: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let peer: IpAddr = "10.0.0.2".parse().unwrap();
        let o = resolve(
            peer,
            &headers(&[
                ("x-forwarded-for", "6.6.6.6, 198.51.100.7, 10.0.0.5"),
                ("x-forwarded-proto", "https"),
            ]),
            &proxies,
            ClientIpHeader::XForwardedFor,
        );
        assert_eq!(o.ip, "198.51.100.7".parse::<IpAddr>().unwrap());
        assert!(o.https);
        let o = resolve(
            peer,
            &headers(&[(
                "forwarded",
                "for=192.0.2.60;proto=https, for=\"[2001:db8::1]:4711\"",
            )]),
            &proxies,
            ClientIpHeader::Forwarded,
        );
        assert_eq!(o.ip, "2001:db8::1".parse::<IpAddr>().unwrap());
        assert!(o.https);
        let o = resolve(
            peer,
            &headers(&[
                ("x-real-ip", "198.51.100.8"),
                ("x-forwarded-proto", "https"),
            ]),
            &proxies,
            ClientIpHeader::XRealIp,
        );
        assert_eq!(o.ip, "198.51.100.8".parse::<IpAddr>().unwrap());
        assert!(o.https);
        // No header: the proxy itself.
        let none = resolve(peer, &HeaderMap::new(), &proxies, ClientIpHeader::Forwarded);
        assert_eq!(none.ip, peer);
    }

    /// Behind an nginx that sets X-Forwarded-For, a client's own `Forwarded` (or X-Real-IP)
    /// passes through untouched: it must not choose the address.
    #[test]
    fn only_the_configured_header_is_read() {
        let proxies: Vec<IpNet> = vec!["127.0.0.1/32".parse().unwrap()];
        let peer: IpAddr = "127.0.0.1".parse().unwrap();
        let h = headers(&[
            ("forwarded", "for=9.9.9.9;proto=https"),
            ("x-real-ip", "8.8.8.8"),
            ("x-forwarded-for", "203.0.113.50"),
        ]);
        let o = resolve(peer, &h, &proxies, ClientIpHeader::XForwardedFor);
        assert_eq!(o.ip, "203.0.113.50".parse::<IpAddr>().unwrap());
        assert!(
            !o.https,
            "proto comes from X-Forwarded-Proto, which is absent"
        );
        let o = resolve(peer, &h, &proxies, ClientIpHeader::Forwarded);
        assert_eq!(o.ip, "9.9.9.9".parse::<IpAddr>().unwrap());
        // A client-sent X-Forwarded-For to the left of what nginx appended is not believed.
        let h = headers(&[("x-forwarded-for", "9.9.9.9, 203.0.113.50")]);
        let o = resolve(peer, &h, &proxies, ClientIpHeader::XForwardedFor);
        assert_eq!(o.ip, "203.0.113.50".parse::<IpAddr>().unwrap());
    }
}
