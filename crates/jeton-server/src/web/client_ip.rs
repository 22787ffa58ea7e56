//! Who is asking: the peer address, or — only when the peer is a trusted reverse proxy — the
//! address and scheme that proxy reports in `Forwarded` (RFC 7239) or `X-Forwarded-For` /
//! `X-Forwarded-Proto`. Headers from anyone else are ignored: they are trivially forged.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use ipnet::IpNet;

use crate::state::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientOrigin {
    pub ip: IpAddr,
    /// Whether the client reached us over https (directly we serve plain http; behind a
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
        Ok(resolve(peer, &parts.headers, &state.config.trusted_proxies))
    }
}

fn trusted(ip: &IpAddr, proxies: &[IpNet]) -> bool {
    proxies.iter().any(|n| n.contains(ip))
}

/// Walks the forwarding chain from the nearest hop outwards, stopping at the first address
/// that is not a trusted proxy: that is the client.
pub fn resolve(peer: IpAddr, headers: &HeaderMap, proxies: &[IpNet]) -> ClientOrigin {
    if !trusted(&peer, proxies) {
        return ClientOrigin {
            ip: peer,
            https: false,
        };
    }
    let (hops, proto) = forwarded(headers).unwrap_or_else(|| x_forwarded(headers));
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
fn forwarded(headers: &HeaderMap) -> Option<(Vec<IpAddr>, Option<String>)> {
    let values: Vec<&str> = headers
        .get_all("forwarded")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    if values.is_empty() {
        return None;
    }
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
    Some((hops, proto))
}

fn x_forwarded(headers: &HeaderMap) -> (Vec<IpAddr>, Option<String>) {
    let hops = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(parse_node)
        .collect();
    let proto = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next_back())
        .map(|v| v.trim().to_owned());
    (hops, proto)
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
        );
        assert_eq!(o.ip, "2001:db8::1".parse::<IpAddr>().unwrap());
        assert!(o.https);
        // No header: the proxy itself.
        assert_eq!(resolve(peer, &HeaderMap::new(), &proxies).ip, peer);
    }
}
