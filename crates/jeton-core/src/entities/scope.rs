//! A scope a domain registers (what comes back is `crate::scope::ScopeDefinition`).

use crate::clock::UnixTime;

#[derive(Debug, Clone)]
pub struct NewScope {
    pub name: String,
    pub description: String,
    pub roles: Vec<String>,
    /// `key=value` user attributes that grant it (`ScopeDefinition::attributes`).
    pub attributes: Vec<String>,
    pub created_at: UnixTime,
}
