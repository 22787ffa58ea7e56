//! Helpers for reading and writing the column encodings that several aggregates share.
//! Each aggregate's own row reader lives next to its SQL.

use jeton_core::grant_type::GrantType;
use jeton_core::scope::ScopeSet;
use jeton_core::secret::SecretDigest;

use super::db::{Index, Row};
use crate::{Result, StoreError};

pub(crate) fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(what.to_owned())
}

pub(crate) fn json_list(s: &str) -> Result<Vec<String>> {
    serde_json::from_str(s).map_err(|_| corrupt("JSON list"))
}

pub(crate) fn to_json_list(v: &[String]) -> String {
    serde_json::to_string(v).expect("a list of strings always serializes")
}

pub(crate) fn grant_types_to_str(v: &[GrantType]) -> String {
    v.iter().map(|g| g.as_str()).collect::<Vec<_>>().join(" ")
}

/// Scopes as stored: the canonical space-separated string.
pub(crate) fn scopes(row: &Row, col: &str) -> Result<ScopeSet> {
    let s: String = row.get(col)?;
    ScopeSet::parse(&s).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// A nullable digest column.
pub(crate) fn digest(row: &Row, col: &str) -> Result<Option<SecretDigest>> {
    let bytes: Option<Vec<u8>> = row.get(col)?;
    match bytes {
        None => Ok(None),
        Some(b) => SecretDigest::from_slice(&b)
            .map(Some)
            .ok_or_else(|| corrupt("digest length")),
    }
}

/// An id column, typed as what it names (`DomainId`, `ClientId`, ...).
pub(crate) fn id<T: From<String>>(row: &Row, col: impl Index) -> Result<T> {
    Ok(T::from(row.get::<String>(col)?))
}

/// A nullable id column.
pub(crate) fn opt_id<T: From<String>>(row: &Row, col: impl Index) -> Result<Option<T>> {
    Ok(row.get::<Option<String>>(col)?.map(T::from))
}
