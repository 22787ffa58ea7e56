//! Row ↔ model conversions, shared by the backends: [`row_mappers!`] stamps the typed
//! readers out for a backend's row type; the helpers below are plain functions.

use jeton_core::grant_type::GrantType;

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

/// Generates `mod rows` with the readers for one backend's row type.
macro_rules! row_mappers {
    ($row:ty) => {
        #[allow(dead_code)]
        mod rows {
            use jeton_core::grant_type::{AuthMethod, GrantType};
            use jeton_core::pkce::ChallengeMethod;
            use jeton_core::secret::SecretDigest;
            use sqlx::Row;

            use $crate::sql::rows::{corrupt, json_list};
            use $crate::{
                AuthCode, Client, Domain, DomainSettings, Grant, Result, TokenRecord, User,
                parse_scopes,
            };

            fn digest(row: &$row, col: &str) -> Result<Option<SecretDigest>> {
                let bytes: Option<Vec<u8>> = row.try_get(col)?;
                match bytes {
                    None => Ok(None),
                    Some(b) => SecretDigest::from_slice(&b)
                        .map(Some)
                        .ok_or_else(|| corrupt("digest length")),
                }
            }

            pub(crate) fn domain(row: &$row) -> Result<Domain> {
                Ok(Domain {
                    id: row.try_get("id")?,
                    slug: row.try_get("slug")?,
                    name: row.try_get("name")?,
                    settings: DomainSettings {
                        access_token_ttl_secs: row.try_get("access_token_ttl_secs")?,
                        refresh_token_ttl_secs: row.try_get("refresh_token_ttl_secs")?,
                        refresh_grace_secs: row.try_get("refresh_grace_secs")?,
                        personal_clients_enabled: row.try_get("personal_clients_enabled")?,
                    },
                    created_at: row.try_get("created_at")?,
                })
            }

            pub(crate) fn user(row: &$row) -> Result<User> {
                let roles: String = row.try_get("roles")?;
                let attributes: String = row.try_get("attributes")?;
                Ok(User {
                    id: row.try_get("id")?,
                    domain_id: row.try_get("domain_id")?,
                    username: row.try_get("username")?,
                    email: row.try_get("email")?,
                    password_hash: row.try_get("password_hash")?,
                    roles: json_list(&roles)?,
                    attributes: serde_json::from_str(&attributes)
                        .map_err(|_| corrupt("user attributes"))?,
                    disabled: row.try_get("disabled")?,
                    created_at: row.try_get("created_at")?,
                })
            }

            pub(crate) fn client(row: &$row) -> Result<Client> {
                let method: String = row.try_get("auth_method")?;
                let grants: String = row.try_get("grant_types")?;
                let uris: String = row.try_get("redirect_uris")?;
                Ok(Client {
                    id: row.try_get("id")?,
                    domain_id: row.try_get("domain_id")?,
                    name: row.try_get("name")?,
                    secret_digest: digest(row, "secret_digest")?,
                    auth_method: AuthMethod::parse(&method)
                        .ok_or_else(|| corrupt("auth method"))?,
                    redirect_uris: json_list(&uris)?,
                    grant_types: grants
                        .split(' ')
                        .filter(|g| !g.is_empty())
                        .map(|g| GrantType::parse(g).ok_or_else(|| corrupt("grant type")))
                        .collect::<Result<_>>()?,
                    allowed_scopes: parse_scopes(&row.try_get::<String, _>("allowed_scopes")?)?,
                    default_scopes: parse_scopes(&row.try_get::<String, _>("default_scopes")?)?,
                    require_pkce: row.try_get("require_pkce")?,
                    allow_plain_pkce: row.try_get("allow_plain_pkce")?,
                    owner_user_id: row.try_get("owner_user_id")?,
                    expires_at: row.try_get("expires_at")?,
                    created_at: row.try_get("created_at")?,
                    revoked_at: row.try_get("revoked_at")?,
                })
            }

            pub(crate) fn grant(row: &$row) -> Result<Grant> {
                Ok(Grant {
                    id: row.try_get("id")?,
                    domain_id: row.try_get("domain_id")?,
                    user_id: row.try_get("user_id")?,
                    client_id: row.try_get("client_id")?,
                    scopes: parse_scopes(&row.try_get::<String, _>("scopes")?)?,
                    created_at: row.try_get("created_at")?,
                    updated_at: row.try_get("updated_at")?,
                    revoked_at: row.try_get("revoked_at")?,
                })
            }

            pub(crate) fn code(row: &$row) -> Result<AuthCode> {
                let challenge: Option<String> = row.try_get("code_challenge")?;
                let method: Option<String> = row.try_get("code_challenge_method")?;
                let code_challenge = match (challenge, method) {
                    (Some(c), Some(m)) => Some((
                        c,
                        ChallengeMethod::parse(&m).ok_or_else(|| corrupt("PKCE method"))?,
                    )),
                    (None, None) => None,
                    _ => return Err(corrupt("PKCE challenge without method")),
                };
                Ok(AuthCode {
                    domain_id: row.try_get("domain_id")?,
                    client_id: row.try_get("client_id")?,
                    user_id: row.try_get("user_id")?,
                    grant_id: row.try_get("grant_id")?,
                    redirect_uri: row.try_get("redirect_uri")?,
                    redirect_uri_given: row.try_get("redirect_uri_given")?,
                    scopes: parse_scopes(&row.try_get::<String, _>("scopes")?)?,
                    code_challenge,
                    created_at: row.try_get("created_at")?,
                    expires_at: row.try_get("expires_at")?,
                    used_at: row.try_get("used_at")?,
                })
            }

            /// Reads a token row joined with its grant, client and user (see `token_select!`).
            pub(crate) fn token(row: &$row, has_used_at: bool) -> Result<TokenRecord> {
                Ok(TokenRecord {
                    domain_id: row.try_get("domain_id")?,
                    client_id: row.try_get("client_id")?,
                    user_id: row.try_get("user_id")?,
                    username: row.try_get("username")?,
                    grant_id: row.try_get("grant_id")?,
                    scopes: parse_scopes(&row.try_get::<String, _>("scopes")?)?,
                    issued_at: row.try_get("issued_at")?,
                    expires_at: row.try_get("expires_at")?,
                    revoked_at: row.try_get("revoked_at")?,
                    used_at: if has_used_at {
                        row.try_get("used_at")?
                    } else {
                        None
                    },
                    grant_revoked: row.try_get::<Option<i64>, _>("grant_revoked_at")?.is_some(),
                    client_revoked: row
                        .try_get::<Option<i64>, _>("client_revoked_at")?
                        .is_some()
                        || !row.try_get::<bool, _>("client_exists")?,
                    client_expires_at: row.try_get("client_expires_at")?,
                })
            }
        }
    };
}
pub(crate) use row_mappers;
