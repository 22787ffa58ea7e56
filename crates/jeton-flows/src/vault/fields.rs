//! Reading a credential's fields as `vault create` and `vault edit` receive them: each one
//! checked by the rules in `jeton_core::vault`, each error naming its field.

use jeton_core::vault::{self, ClientAuth, ContainerPath, VaultGrant};

use super::{VaultError, invalid};

pub(super) fn container(s: Option<&str>) -> Result<ContainerPath, VaultError> {
    match s.map(str::trim) {
        None | Some("") => Ok(ContainerPath::root()),
        Some(c) => ContainerPath::parse(c).map_err(|m| invalid("container", m)),
    }
}

pub(super) fn grant(s: &str) -> Result<VaultGrant, VaultError> {
    VaultGrant::parse(s.trim()).ok_or_else(|| {
        invalid(
            "grant",
            "one of client_credentials, password, authorization_code, implicit",
        )
    })
}

pub(super) fn endpoint(field: &'static str, s: &str) -> Result<String, VaultError> {
    vault::check_endpoint(field, s).map_err(|m| invalid(field, m))
}

/// An endpoint that may be left out: blank is none.
pub(super) fn optional_endpoint(
    field: &'static str,
    s: Option<&str>,
) -> Result<Option<String>, VaultError> {
    s.filter(|s| !s.trim().is_empty())
        .map(|s| endpoint(field, s))
        .transpose()
}

pub(super) fn client_id(s: &str) -> Result<String, VaultError> {
    let id = s.trim();
    if id.is_empty() || id.len() > 512 || id.chars().any(char::is_control) {
        return Err(invalid("client_id", "the client id is 1-512 characters"));
    }
    Ok(id.to_owned())
}

pub(super) fn client_auth(s: Option<&str>) -> Result<ClientAuth, VaultError> {
    match s {
        None => Ok(ClientAuth::Header),
        Some(s) => ClientAuth::parse(s.trim()).ok_or_else(|| {
            invalid(
                "client_auth",
                "header (client_secret_basic) or body (client_secret_post)",
            )
        }),
    }
}

/// Space-separated, as sent; blank is none.
pub(super) fn scope(s: Option<&str>) -> Option<String> {
    s.map(|s| s.split_ascii_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
}

pub(super) fn extra_params(p: &[(String, String)]) -> Result<(), VaultError> {
    for (k, v) in p {
        vault::check_extra_param(k, v).map_err(|m| invalid("extra_params", m))?;
    }
    Ok(())
}

pub(super) fn pkce(grant: VaultGrant, asked: Option<bool>) -> Result<bool, VaultError> {
    vault::pkce_setting(grant, asked).map_err(|m| invalid("pkce", m))
}
