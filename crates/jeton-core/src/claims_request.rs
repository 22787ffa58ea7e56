//! The `claims` request parameter (OpenID Connect Core 1.0 §5.5): individual claims asked
//! for in the ID token and at UserInfo, beyond (or instead of) what the scopes release.
//!
//! Parsed once at the authorization endpoint into [`ClaimsRequest`], which keeps only what
//! Jeton acts on: the claims about the user it can release (`oidc::is_user_claim`), `sub`
//! with a value, and `acr` asked for as essential with values. Every other member is
//! ignored (§5.5: members that are not understood MUST be ignored). It is stored in its own
//! serialized form (not the request's text) with the code and the grant.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::entities::User;
use crate::error::{ErrorCode, OAuthError};
use crate::oidc;
use crate::scope::ScopeSet;

/// The longest `claims` parameter accepted: it is stored with the code and the grant.
pub const MAX_CLAIMS_LEN: usize = 4096;

/// What a `claims` parameter asks for, as far as Jeton acts on it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClaimsRequest {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub userinfo: Vec<ClaimRequest>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub id_token: Vec<ClaimRequest>,
}

/// One individual claim request (§5.5.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimRequest {
    pub name: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub essential: bool,
    /// `value` (as a list of one) or `values`: return the claim only with one of these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<Value>>,
}

impl ClaimRequest {
    fn admits(&self, value: &Value) -> bool {
        self.values.as_ref().is_none_or(|vs| vs.contains(value))
    }
}

fn invalid(description: &str) -> OAuthError {
    OAuthError::new(ErrorCode::InvalidRequest, format!("claims: {description}"))
}

impl ClaimsRequest {
    /// Parses the parameter (§5.5): a JSON object whose `userinfo` and `id_token` members,
    /// when present, are objects whose members are `null` or an object (§5.5.1). Anything
    /// else is `invalid_request`.
    pub fn parse(text: &str) -> Result<Self, OAuthError> {
        if text.len() > MAX_CLAIMS_LEN {
            return Err(invalid(&format!("longer than {MAX_CLAIMS_LEN} characters")));
        }
        let value: Value = serde_json::from_str(text).map_err(|_| invalid("not valid JSON"))?;
        let Value::Object(top) = value else {
            return Err(invalid("not a JSON object"));
        };
        let member = |name: &str| -> Result<Vec<ClaimRequest>, OAuthError> {
            match top.get(name) {
                None => Ok(Vec::new()),
                Some(Value::Object(claims)) => claims
                    .iter()
                    .filter_map(|(claim, spec)| individual(claim, spec).transpose())
                    .collect(),
                Some(_) => Err(invalid(&format!("{name} is not a JSON object"))),
            }
        };
        Ok(Self {
            userinfo: member("userinfo")?,
            id_token: member("id_token")?,
        })
    }

    /// The authorization request's `claims` (`None`: absent), checked for a request whose
    /// response type does or does not lead to an access token: the `userinfo` member needs
    /// one (§5.5), and `acr` must be one Jeton can meet (`check_acr`).
    pub fn for_request(text: Option<&str>, issues_access_token: bool) -> Result<Self, OAuthError> {
        let Some(text) = text else {
            return Ok(Self::default());
        };
        let claims = Self::parse(text)?;
        // §5.5: "When the userinfo member is used, the request MUST also use a
        // response_type value that results in an Access Token being issued".
        if !claims.userinfo.is_empty() && !issues_access_token {
            return Err(invalid(
                "the userinfo member needs a response_type that issues an access token",
            ));
        }
        claims.check_acr()?;
        Ok(claims)
    }

    pub fn is_empty(&self) -> bool {
        self.userinfo.is_empty() && self.id_token.is_empty()
    }

    /// §3.1.2.2 / §5.5.1: a request for `sub` with a value is a request about that user only;
    /// another user's session must not get a positive answer. `sub` is the value the client
    /// sees (pairwise or public). Answered as `login_required`, as for an `id_token_hint`
    /// naming someone else.
    pub fn check_subject(&self, sub: &str) -> Result<(), OAuthError> {
        let wanted = Value::from(sub);
        let mismatch = self
            .userinfo
            .iter()
            .chain(&self.id_token)
            .any(|c| c.name == "sub" && !c.admits(&wanted));
        if mismatch {
            return Err(OAuthError::new(
                ErrorCode::LoginRequired,
                "the claims parameter asks for another user (sub) than the one signed in",
            ));
        }
        Ok(())
    }

    /// §5.5.1.1: `acr` asked for as essential with values must be met or the authentication
    /// counts as failed. Jeton has no authentication context classes, so it cannot meet it
    /// (`access_denied`); a voluntary `acr`, or an essential one without values, is omitted.
    pub fn check_acr(&self) -> Result<(), OAuthError> {
        if self
            .id_token
            .iter()
            .any(|c| c.name == "acr" && c.essential && c.values.is_some())
        {
            return Err(OAuthError::new(
                ErrorCode::AccessDenied,
                "this server authenticates with no authentication context class (acr) the request could accept",
            ));
        }
        Ok(())
    }

    /// The user claims asked for that `scopes` do not release: what the consent page names
    /// besides the scopes, in a fixed order and without repeats.
    pub fn beyond_scopes(&self, scopes: &ScopeSet) -> Vec<&'static str> {
        let released: Vec<&str> = oidc::scope_claim_names(scopes).collect();
        oidc::PROFILE_CLAIMS
            .iter()
            .chain(&oidc::EMAIL_CLAIMS)
            .copied()
            .filter(|name| !released.contains(name))
            .filter(|name| {
                self.userinfo
                    .iter()
                    .chain(&self.id_token)
                    .any(|c| c.name == *name)
            })
            .collect()
    }
}

/// Keeps the individual request when Jeton acts on it; `Ok(None)` for an ignored claim.
fn individual(name: &str, spec: &Value) -> Result<Option<ClaimRequest>, OAuthError> {
    let (essential, values) = match spec {
        Value::Null => (false, None),
        Value::Object(o) => {
            let essential = match o.get("essential") {
                None | Some(Value::Null) => false,
                Some(Value::Bool(b)) => *b,
                Some(_) => return Err(invalid(&format!("{name}.essential is not a boolean"))),
            };
            let values = match (o.get("value"), o.get("values")) {
                (None, None) => None,
                (Some(v), None) => Some(vec![v.clone()]),
                (None, Some(Value::Array(vs))) => Some(vs.clone()),
                (None, Some(_)) => return Err(invalid(&format!("{name}.values is not an array"))),
                (Some(_), Some(_)) => {
                    return Err(invalid(&format!("{name} has both value and values")));
                }
            };
            (essential, values)
        }
        _ => return Err(invalid(&format!("{name} is neither null nor an object"))),
    };
    let acted_on = oidc::is_user_claim(name)
        || (name == "sub" && values.is_some())
        || (name == "acr" && essential && values.is_some());
    Ok(acted_on.then(|| ClaimRequest {
        name: name.to_owned(),
        essential,
        values,
    }))
}

/// The claims of `requests` that the user has, with a requested value when one was given
/// (§5.5.1 `value`/`values`: a claim whose value is not among them is left out). An
/// essential claim the user lacks is left out too: §5.5.1 forbids an error for it.
pub fn requested_user_claims(user: &User, requests: &[ClaimRequest]) -> Map<String, Value> {
    requests
        .iter()
        .filter(|c| oidc::is_user_claim(&c.name))
        .filter_map(|c| {
            oidc::user_claim(user, &c.name)
                .filter(|v| c.admits(v))
                .map(|v| (c.name.clone(), v))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oidc::tests::user;

    #[test]
    fn members_keep_the_claims_jeton_acts_on_and_ignore_the_rest() {
        let r = ClaimsRequest::parse(
            r#"{"userinfo": {"email": {"essential": true}, "picture": null, "sub": null},
                "id_token": {"name": null, "auth_time": {"essential": true},
                             "acr": {"values": ["urn:x"]}},
                "other": 42}"#,
        )
        .unwrap();
        let names = |l: &[ClaimRequest]| l.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&r.userinfo), ["email"]);
        assert!(r.userinfo[0].essential);
        assert_eq!(names(&r.id_token), ["name"]);
        assert!(ClaimsRequest::parse("{}").unwrap().is_empty());
    }

    #[test]
    fn malformed_requests_are_invalid_request() {
        for bad in [
            "not json",
            "[1]",
            r#"{"userinfo": []}"#,
            r#"{"id_token": "email"}"#,
            r#"{"id_token": {"email": true}}"#,
            r#"{"id_token": {"email": {"essential": "yes"}}}"#,
            r#"{"id_token": {"email": {"values": "a"}}}"#,
            r#"{"id_token": {"email": {"value": "a", "values": ["a"]}}}"#,
        ] {
            let e = ClaimsRequest::parse(bad).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidRequest, "{bad}");
        }
        let long = format!(
            r#"{{"userinfo": {{"x": "{}"}}}}"#,
            "a".repeat(MAX_CLAIMS_LEN)
        );
        assert!(ClaimsRequest::parse(&long).is_err());
    }

    #[test]
    fn claims_are_released_when_the_user_has_them_with_a_requested_value() {
        let r = ClaimsRequest::parse(
            r#"{"id_token": {"email": {"essential": true}, "given_name": {"essential": true},
                             "locale": {"values": ["en-GB", "fr-FR"]},
                             "name": {"value": "Someone Else"}}}"#,
        )
        .unwrap();
        let out = requested_user_claims(&user(), &r.id_token);
        assert_eq!(out["email"], "alice@example.com");
        assert_eq!(out["locale"], "fr-FR");
        // Essential but absent: left out, no error. Another value: left out.
        assert!(!out.contains_key("given_name"));
        assert!(!out.contains_key("name"));
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn sub_with_another_value_fails_and_essential_acr_values_cannot_be_met() {
        let r = ClaimsRequest::parse(r#"{"id_token": {"sub": {"value": "u1"}}}"#).unwrap();
        assert!(r.check_subject("u1").is_ok());
        let e = r.check_subject("u2").unwrap_err();
        assert_eq!(e.code, ErrorCode::LoginRequired);
        assert!(ClaimsRequest::default().check_subject("u2").is_ok());

        let essential = r#"{"id_token": {"acr": {"essential": true, "values": ["gold"]}}}"#;
        let e = ClaimsRequest::parse(essential)
            .unwrap()
            .check_acr()
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::AccessDenied);
        let voluntary = r#"{"id_token": {"acr": {"values": ["gold"]}}}"#;
        assert!(ClaimsRequest::parse(voluntary).unwrap().check_acr().is_ok());
    }

    #[test]
    fn consent_names_the_claims_the_scopes_do_not_release() {
        let r = ClaimsRequest::parse(
            r#"{"userinfo": {"email": null, "name": null}, "id_token": {"email": null}}"#,
        )
        .unwrap();
        let scopes = |s: &str| ScopeSet::parse(s).unwrap();
        assert_eq!(r.beyond_scopes(&scopes("openid")), ["name", "email"]);
        assert_eq!(r.beyond_scopes(&scopes("openid profile")), ["email"]);
        assert!(r.beyond_scopes(&scopes("openid profile email")).is_empty());
    }

    #[test]
    fn the_stored_form_reads_back() {
        let r =
            ClaimsRequest::parse(r#"{"userinfo": {"email": {"essential": true, "value": "a@b"}}}"#)
                .unwrap();
        let stored = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<ClaimsRequest>(&stored).unwrap(), r);
    }
}
