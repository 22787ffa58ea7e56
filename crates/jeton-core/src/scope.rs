//! Scopes (RFC 6749 §3.3) and the rule that decides which of them survive a request:
//! effective scopes = requested ∩ client's allowed ∩ user's entitled.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

/// A set of scope tokens, kept sorted so that its string form is canonical.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ScopeSet(BTreeSet<String>);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid scope token {0:?}: RFC 6749 §3.3 allows printable ASCII except space, '\"' and '\\\\'"
)]
pub struct InvalidScope(pub String);

/// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
pub fn is_scope_token(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && s.bytes()
            .all(|b| b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b))
}

impl ScopeSet {
    pub fn empty() -> Self {
        Self::default()
    }

    /// Parses a space-delimited scope string. Repeated spaces are tolerated; an empty string
    /// is the empty set.
    pub fn parse(s: &str) -> Result<Self, InvalidScope> {
        s.split(' ')
            .filter(|t| !t.is_empty())
            .map(|t| {
                if is_scope_token(t) {
                    Ok(t.to_owned())
                } else {
                    Err(InvalidScope(t.to_owned()))
                }
            })
            .collect::<Result<BTreeSet<_>, _>>()
            .map(Self)
    }

    pub fn from_tokens<I: IntoIterator<Item = S>, S: AsRef<str>>(
        tokens: I,
    ) -> Result<Self, InvalidScope> {
        let mut set = BTreeSet::new();
        for t in tokens {
            let t = t.as_ref();
            if !is_scope_token(t) {
                return Err(InvalidScope(t.to_owned()));
            }
            set.insert(t.to_owned());
        }
        Ok(Self(set))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn contains(&self, token: &str) -> bool {
        self.0.contains(token)
    }
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }
    pub fn is_subset(&self, other: &ScopeSet) -> bool {
        self.0.is_subset(&other.0)
    }
    pub fn intersection(&self, other: &ScopeSet) -> ScopeSet {
        Self(self.0.intersection(&other.0).cloned().collect())
    }
    pub fn union(&self, other: &ScopeSet) -> ScopeSet {
        Self(self.0.union(&other.0).cloned().collect())
    }
    /// The tokens of `self` that are not in `other`.
    pub fn difference(&self, other: &ScopeSet) -> ScopeSet {
        Self(self.0.difference(&other.0).cloned().collect())
    }
}

impl fmt::Display for ScopeSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for t in &self.0 {
            if !first {
                f.write_str(" ")?;
            }
            f.write_str(t)?;
            first = false;
        }
        Ok(())
    }
}

impl From<ScopeSet> for String {
    fn from(s: ScopeSet) -> String {
        s.to_string()
    }
}

impl TryFrom<String> for ScopeSet {
    type Error = InvalidScope;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

/// A scope registered in a domain: what it means to people, and who may hold it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeDefinition {
    pub name: String,
    pub description: String,
    /// With `attributes`, who may hold the scope. Both empty: anyone. Otherwise: users with
    /// one of these roles, or with one of these attributes.
    pub roles: Vec<String>,
    /// User attributes that grant the scope, each `key=value` (e.g. `department=finance`):
    /// a user whose attribute `key` is exactly `value` may hold it.
    #[serde(default)]
    pub attributes: Vec<String>,
}

impl ScopeDefinition {
    /// Whether a user with `roles` and `attributes` (a JSON object of strings) may hold it.
    pub fn entitles(&self, roles: &[String], attributes: &serde_json::Value) -> bool {
        if self.roles.is_empty() && self.attributes.is_empty() {
            return true;
        }
        self.roles.iter().any(|r| roles.contains(r))
            || self.attributes.iter().any(|condition| {
                condition.split_once('=').is_some_and(|(k, v)| {
                    attributes.get(k).and_then(serde_json::Value::as_str) == Some(v)
                })
            })
    }
}

/// A scope's attribute condition as a manager writes it: `key=value`, the key as user
/// attributes have them (1 to 64 of `a-z 0-9 _ - .`), the value 1 to 256 characters.
pub fn check_attribute_condition(condition: &str) -> Result<(), String> {
    let Some((k, v)) = condition.split_once('=') else {
        return Err(format!(
            "{condition:?}: write an attribute condition as key=value"
        ));
    };
    let key_ok = !k.is_empty()
        && k.len() <= 64
        && k.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_-.".contains(&b));
    if !key_ok {
        return Err(format!(
            "{k:?}: a key has 1 to 64 lowercase letters, digits, '_', '-' or '.'"
        ));
    }
    if v.is_empty() || v.chars().count() > 256 {
        return Err(format!("{condition:?}: the value has 1 to 256 characters"));
    }
    Ok(())
}

/// The scopes a user with `roles` and `attributes` may hold, among those registered.
pub fn entitled_scopes(
    definitions: &[ScopeDefinition],
    roles: &[String],
    attributes: &serde_json::Value,
) -> ScopeSet {
    ScopeSet(
        definitions
            .iter()
            .filter(|d| d.entitles(roles, attributes))
            .map(|d| d.name.clone())
            .collect(),
    )
}

/// Why a request's scopes were refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeRefusal {
    /// The client asked for scopes it is not registered for.
    NotAllowedForClient(ScopeSet),
    /// Nothing requested is available to the user.
    NothingEntitled,
}

/// RFC 6749 §5.2 `invalid_scope`, saying what was wrong.
impl From<ScopeRefusal> for crate::error::OAuthError {
    fn from(r: ScopeRefusal) -> Self {
        match r {
            ScopeRefusal::NotAllowedForClient(s) => {
                Self::invalid_scope(format!("this client may not request: {s}"))
            }
            ScopeRefusal::NothingEntitled => {
                Self::invalid_scope("none of the requested scopes is available")
            }
        }
    }
}

/// Which scopes a request ends up with (RFC 6749 §3.3). `requested` defaults to the client's
/// default scopes when absent. Scopes the client is not registered for are an error
/// (`invalid_scope`); scopes only the user lacks are dropped, and the token response says
/// which scopes were granted.
pub fn effective_scopes(
    requested: Option<&ScopeSet>,
    client_default: &ScopeSet,
    client_allowed: &ScopeSet,
    user_entitled: &ScopeSet,
) -> Result<ScopeSet, ScopeRefusal> {
    let requested = requested.unwrap_or(client_default);
    let not_allowed = requested.difference(client_allowed);
    if !not_allowed.is_empty() {
        return Err(ScopeRefusal::NotAllowedForClient(not_allowed));
    }
    let granted = requested.intersection(user_entitled);
    if granted.is_empty() && !requested.is_empty() {
        return Err(ScopeRefusal::NothingEntitled);
    }
    Ok(granted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> ScopeSet {
        ScopeSet::parse(x).unwrap()
    }

    #[test]
    fn parse_and_print_is_canonical() {
        assert_eq!(s("b  a b").to_string(), "a b");
        assert!(s("").is_empty());
        assert!(ScopeSet::parse("a \"b").is_err());
        assert!(ScopeSet::parse("a\\b").is_err());
        assert!(ScopeSet::parse("caf\u{e9}").is_err());
    }

    #[test]
    fn entitlement_follows_roles() {
        let defs = vec![
            ScopeDefinition {
                name: "read".into(),
                description: "".into(),
                roles: vec![],
                attributes: vec![],
            },
            ScopeDefinition {
                name: "application:write".into(),
                description: "".into(),
                roles: vec!["admin".into()],
                attributes: vec![],
            },
        ];
        let none = serde_json::json!({});
        assert_eq!(entitled_scopes(&defs, &[], &none), s("read"));
        assert_eq!(
            entitled_scopes(&defs, &["admin".into()], &none),
            s("read application:write")
        );
    }

    #[test]
    fn entitlement_follows_attributes_exactly() {
        let defs = vec![ScopeDefinition {
            name: "ledger:read".into(),
            description: "".into(),
            roles: vec!["auditor".into()],
            attributes: vec!["department=finance".into(), "team=tax".into()],
        }];
        let of = |v: serde_json::Value| entitled_scopes(&defs, &[], &v);
        assert_eq!(
            of(serde_json::json!({"department": "finance"})),
            s("ledger:read")
        );
        assert_eq!(of(serde_json::json!({"team": "tax"})), s("ledger:read"));
        assert_eq!(of(serde_json::json!({"department": "Finance"})), s(""));
        assert_eq!(of(serde_json::json!({"department": "finance-ops"})), s(""));
        assert_eq!(of(serde_json::json!({})), s(""));
        // The role still grants it.
        assert_eq!(
            entitled_scopes(&defs, &["auditor".into()], &serde_json::json!({})),
            s("ledger:read")
        );
        assert!(check_attribute_condition("department=finance").is_ok());
        assert!(check_attribute_condition("department").is_err());
        assert!(check_attribute_condition("Dept=x").is_err());
        assert!(check_attribute_condition("dept=").is_err());
    }

    #[test]
    fn effective_scopes_rules() {
        let allowed = s("read write admin");
        let default = s("read");
        let entitled = s("read write");
        assert_eq!(
            effective_scopes(None, &default, &allowed, &entitled),
            Ok(s("read"))
        );
        assert_eq!(
            effective_scopes(Some(&s("read admin")), &default, &allowed, &entitled),
            Ok(s("read"))
        );
        assert_eq!(
            effective_scopes(Some(&s("read other")), &default, &allowed, &entitled),
            Err(ScopeRefusal::NotAllowedForClient(s("other")))
        );
        assert_eq!(
            effective_scopes(Some(&s("admin")), &default, &allowed, &entitled),
            Err(ScopeRefusal::NothingEntitled)
        );
        assert_eq!(
            effective_scopes(Some(&s("")), &default, &allowed, &entitled),
            Ok(s(""))
        );
    }
}
