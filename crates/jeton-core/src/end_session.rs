//! OpenID Connect RP-Initiated Logout 1.0: which client a logout request comes from, and
//! whether the browser may be sent back to it afterwards.
//!
//! The one rule that matters (§3): never redirect to a `post_logout_redirect_uri` that the
//! requesting client did not register; in every doubt, show the "signed out" page instead.

use crate::clock::UnixTime;
use crate::entities::Client;
use crate::ids::ClientId;
use crate::oidc::IdTokenHint;
use crate::redirect_uri;

/// The `id_token_hint` of a logout request, as far as it was checked.
#[derive(Debug, Clone, Copy)]
pub enum Hint<'a> {
    Absent,
    /// Present, but not an ID token this domain issued (bad signature, another issuer, a
    /// retired key, …): it identifies no one.
    Refused,
    Valid(&'a IdTokenHint),
}

/// Why the browser is not sent back to the client after signing out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NoRedirect {
    #[error("no post_logout_redirect_uri was given")]
    NoUri,
    #[error("the id_token_hint is not an ID token of this domain")]
    BadHint,
    #[error("client_id is not the audience of the id_token_hint")]
    ClientMismatch,
    #[error("neither client_id nor id_token_hint names the client")]
    NoClient,
    #[error("the client is unknown or no longer active")]
    UnknownClient,
    #[error("the post_logout_redirect_uri is not registered for the client")]
    Unregistered,
}

/// The client a logout request names, to look up (§2): `client_id`, or the hint's `aud`;
/// when both are given they must agree. A hint that was refused makes the request
/// untrustworthy as a whole, whatever `client_id` says.
pub fn requesting_client(client_id: Option<&str>, hint: Hint<'_>) -> Result<ClientId, NoRedirect> {
    let presented = match client_id {
        Some(id) => Some(ClientId::parse(id).ok_or(NoRedirect::UnknownClient)?),
        None => None,
    };
    match (presented, hint) {
        (_, Hint::Refused) => Err(NoRedirect::BadHint),
        (Some(id), Hint::Valid(h)) if id != h.aud => Err(NoRedirect::ClientMismatch),
        (Some(id), _) => Ok(id),
        (None, Hint::Valid(h)) => Ok(h.aud.clone()),
        (None, Hint::Absent) => Err(NoRedirect::NoClient),
    }
}

/// Where to send the browser after signing out: `requested` with `state` appended, when the
/// client is active and registered that URI (matched as redirect URIs are: exactly, the port
/// of an `http` loopback address aside, RFC 8252 §7.3).
pub fn post_logout_redirect(
    client: Option<&Client>,
    now: UnixTime,
    requested: &str,
    state: Option<&str>,
) -> Result<String, NoRedirect> {
    let client = client
        .filter(|c| c.is_active(now))
        .ok_or(NoRedirect::UnknownClient)?;
    redirect_uri::find_match(&client.options.post_logout_redirect_uris, requested)
        .ok_or(NoRedirect::Unregistered)?;
    Ok(match state {
        Some(state) => {
            let query = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("state", state)
                .finish();
            let sep = if requested.contains('?') { '&' } else { '?' };
            format!("{requested}{sep}{query}")
        }
        None => requested.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::samples::client;
    use crate::ids::UserId;

    const BACK: &str = "https://app.example/signed-out";

    fn hint(aud: &str) -> IdTokenHint {
        IdTokenHint {
            sub: UserId::from("u1"),
            aud: ClientId::from(aud),
            auth_time: None,
            exp: 0,
        }
    }

    fn registered() -> Client {
        let mut c = client();
        c.options.post_logout_redirect_uris = vec![BACK.into(), "http://127.0.0.1:8000/bye".into()];
        c
    }

    #[test]
    fn the_client_is_named_by_client_id_or_the_hint_and_both_must_agree() {
        let h = hint("c1");
        assert_eq!(requesting_client(Some("c1"), Hint::Absent), Ok("c1".into()));
        assert_eq!(requesting_client(None, Hint::Valid(&h)), Ok("c1".into()));
        assert_eq!(
            requesting_client(Some("c1"), Hint::Valid(&h)),
            Ok("c1".into())
        );
        assert_eq!(
            requesting_client(Some("c2"), Hint::Valid(&h)),
            Err(NoRedirect::ClientMismatch)
        );
        assert_eq!(
            requesting_client(None, Hint::Absent),
            Err(NoRedirect::NoClient)
        );
        // A refused hint is not outweighed by a client_id.
        assert_eq!(
            requesting_client(Some("c1"), Hint::Refused),
            Err(NoRedirect::BadHint)
        );
        assert_eq!(
            requesting_client(Some("not a client"), Hint::Absent),
            Err(NoRedirect::UnknownClient)
        );
    }

    #[test]
    fn only_a_registered_uri_of_an_active_client_is_a_target() {
        let c = registered();
        assert_eq!(
            post_logout_redirect(Some(&c), 0, BACK, None),
            Ok(BACK.into())
        );
        assert_eq!(
            post_logout_redirect(Some(&c), 0, BACK, Some("a b&c")),
            Ok(format!("{BACK}?state=a+b%26c"))
        );
        for other in [
            "https://app.example/signed-out/",
            "https://app.example/signed-out?x=1",
            "https://evil.example/signed-out",
            "https://app.example/callback",
        ] {
            assert_eq!(
                post_logout_redirect(Some(&c), 0, other, None),
                Err(NoRedirect::Unregistered),
                "{other}"
            );
        }
        // The redirect URIs of the code flow are not post-logout ones.
        let mut only_redirect = client();
        only_redirect.redirect_uris = vec![BACK.into()];
        assert_eq!(
            post_logout_redirect(Some(&only_redirect), 0, BACK, None),
            Err(NoRedirect::Unregistered)
        );
        // Loopback: the port may vary (RFC 8252 §7.3), and a query is kept.
        assert_eq!(
            post_logout_redirect(Some(&c), 0, "http://127.0.0.1:9999/bye", Some("s")),
            Ok("http://127.0.0.1:9999/bye?state=s".into())
        );
        let mut revoked = registered();
        revoked.revoked_at = Some(1);
        assert_eq!(
            post_logout_redirect(Some(&revoked), 5, BACK, None),
            Err(NoRedirect::UnknownClient)
        );
        assert_eq!(
            post_logout_redirect(None, 0, BACK, None),
            Err(NoRedirect::UnknownClient)
        );
    }

    #[test]
    fn state_joins_a_query_the_uri_already_has() {
        let mut c = client();
        c.options.post_logout_redirect_uris = vec!["https://app.example/out?from=op".into()];
        assert_eq!(
            post_logout_redirect(Some(&c), 0, "https://app.example/out?from=op", Some("x")),
            Ok("https://app.example/out?from=op&state=x".into())
        );
    }
}
