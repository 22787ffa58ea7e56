//! What a domain's manager may change about an application after it is registered: the
//! grants it may use (the password and implicit grants are switched on here, per client)
//! and the policies it overrides (token lifetimes and formats, the ID-token algorithm). Its
//! registration details (name, redirect URIs, secret) stay its developer's.

use crate::access_token::AccessTokenFormat;
use crate::client_registration::FieldError;
use crate::grant_type::{self, GrantType};
use crate::signing::SigningAlg;

use super::client::{Client, ClientKind, ClientOptions};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientPolicy {
    pub grant_types: Vec<GrantType>,
    /// `None`: the domain's default.
    pub access_token_format: Option<AccessTokenFormat>,
    /// `None`: ES256.
    pub id_token_signed_response_alg: Option<SigningAlg>,
    /// Lifetime overrides (seconds); `None`: the domain's.
    pub code_ttl_secs: Option<i64>,
    pub access_token_ttl_secs: Option<i64>,
    pub refresh_token_ttl_secs: Option<i64>,
    pub refresh_token_absolute_ttl_secs: Option<i64>,
    pub id_token_ttl_secs: Option<i64>,
}

/// Why a client's policy is not the manager's to change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyRefusal {
    /// A personal client acts with its owner's rights under the domain's policies.
    Personal,
    /// A domain-level API consumer is the super administrator's.
    Consumer,
}

impl PolicyRefusal {
    pub fn message(self) -> &'static str {
        match self {
            Self::Personal => {
                "a personal client follows its owner's rights and the domain's policies"
            }
            Self::Consumer => "an API consumer is managed by the super administrator",
        }
    }
}

impl ClientPolicy {
    /// The policy `client` has now.
    pub fn of(client: &Client) -> Self {
        let o = &client.options;
        Self {
            grant_types: client.grant_types.clone(),
            access_token_format: o.access_token_format,
            id_token_signed_response_alg: o.id_token_signed_response_alg,
            code_ttl_secs: o.code_ttl_secs,
            access_token_ttl_secs: o.access_token_ttl_secs,
            refresh_token_ttl_secs: o.refresh_token_ttl_secs,
            refresh_token_absolute_ttl_secs: o.refresh_token_absolute_ttl_secs,
            id_token_ttl_secs: o.id_token_ttl_secs,
        }
    }

    /// Grant type names as a form or the API sends them (each once, order kept).
    pub fn parse_grant_types<S: AsRef<str>>(names: &[S]) -> Result<Vec<GrantType>, FieldError> {
        let mut grants = Vec::new();
        for name in names {
            let name = name.as_ref();
            let g = GrantType::parse(name).ok_or_else(|| {
                FieldError::new("grant_types", format!("unknown grant type {name:?}"))
            })?;
            if !grants.contains(&g) {
                grants.push(g);
            }
        }
        Ok(grants)
    }

    /// `opaque` or `jwt`; empty or absent: the domain's.
    pub fn parse_format(name: Option<&str>) -> Result<Option<AccessTokenFormat>, FieldError> {
        match name.filter(|n| !n.is_empty()) {
            None => Ok(None),
            Some(n) => AccessTokenFormat::parse(n)
                .map(Some)
                .ok_or_else(|| FieldError::new("access_token_format", "choose opaque or jwt")),
        }
    }

    /// `ES256`, `RS256` or `EdDSA`; empty or absent: ES256.
    pub fn parse_alg(name: Option<&str>) -> Result<Option<SigningAlg>, FieldError> {
        match name.filter(|n| !n.is_empty()) {
            None => Ok(None),
            Some(n) => SigningAlg::parse(n).map(Some).ok_or_else(|| {
                FieldError::new(
                    "id_token_signed_response_alg",
                    "choose ES256, RS256 or EdDSA",
                )
            }),
        }
    }

    /// Whose policy a manager may change: applications' only.
    pub fn may_change(kind: ClientKind) -> Result<(), PolicyRefusal> {
        match kind {
            ClientKind::Application => Ok(()),
            ClientKind::Personal => Err(PolicyRefusal::Personal),
            ClientKind::Consumer => Err(PolicyRefusal::Consumer),
        }
    }

    /// `client`'s options with this policy in place; the options it does not cover (e.g.
    /// post-logout redirect URIs) stay. Refused, naming the field, when the grants do not
    /// fit the client's registration (`grant_type::check_client_settings`) or a lifetime is
    /// out of bounds.
    pub fn applied_to(&self, client: &Client) -> Result<ClientOptions, FieldError> {
        grant_type::check_client_settings(
            &self.grant_types,
            client.auth_method,
            &client.redirect_uris,
        )
        .map_err(|e| FieldError::new("grant_types", e.to_string()))?;
        let options = ClientOptions {
            access_token_format: self.access_token_format,
            id_token_signed_response_alg: self.id_token_signed_response_alg,
            code_ttl_secs: self.code_ttl_secs,
            access_token_ttl_secs: self.access_token_ttl_secs,
            refresh_token_ttl_secs: self.refresh_token_ttl_secs,
            refresh_token_absolute_ttl_secs: self.refresh_token_absolute_ttl_secs,
            id_token_ttl_secs: self.id_token_ttl_secs,
            ..client.options.clone()
        };
        options.check_lifetimes()?;
        Ok(options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::samples;

    #[test]
    fn a_policy_keeps_the_options_it_does_not_cover() {
        let mut client = samples::client();
        client.options.post_logout_redirect_uris = vec!["https://app.example/bye".into()];
        let mut policy = ClientPolicy::of(&client);
        policy.grant_types.push(GrantType::Password);
        policy.code_ttl_secs = Some(30);
        let options = policy.applied_to(&client).unwrap();
        assert_eq!(options.code_ttl_secs, Some(30));
        assert_eq!(
            options.post_logout_redirect_uris,
            client.options.post_logout_redirect_uris
        );
    }

    #[test]
    fn grants_must_fit_the_registration_and_lifetimes_their_bounds() {
        let client = samples::client();
        let mut policy = ClientPolicy::of(&client);
        policy.grant_types = vec![];
        assert_eq!(policy.applied_to(&client).unwrap_err().field, "grant_types");
        let mut policy = ClientPolicy::of(&client);
        policy.id_token_ttl_secs = Some(5);
        assert_eq!(
            policy.applied_to(&client).unwrap_err().field,
            "id_token_ttl_secs"
        );
    }

    #[test]
    fn names_parse_or_name_their_field() {
        assert_eq!(
            ClientPolicy::parse_grant_types(&["password", "password", "refresh_token"]).unwrap(),
            vec![GrantType::Password, GrantType::RefreshToken]
        );
        assert_eq!(
            ClientPolicy::parse_grant_types(&["magic"])
                .unwrap_err()
                .field,
            "grant_types"
        );
        assert_eq!(ClientPolicy::parse_format(Some("")).unwrap(), None);
        assert_eq!(
            ClientPolicy::parse_format(Some("jwt")).unwrap(),
            Some(AccessTokenFormat::Jwt)
        );
        assert!(ClientPolicy::parse_format(Some("xml")).is_err());
        assert_eq!(
            ClientPolicy::parse_alg(Some("EdDSA")).unwrap(),
            Some(SigningAlg::EdDsa)
        );
        assert_eq!(
            ClientPolicy::parse_alg(Some("HS256")).unwrap_err().field,
            "id_token_signed_response_alg"
        );
    }

    #[test]
    fn only_applications_are_the_managers_to_change() {
        assert!(ClientPolicy::may_change(ClientKind::Application).is_ok());
        assert_eq!(
            ClientPolicy::may_change(ClientKind::Personal),
            Err(PolicyRefusal::Personal)
        );
        assert_eq!(
            ClientPolicy::may_change(ClientKind::Consumer),
            Err(PolicyRefusal::Consumer)
        );
    }
}
