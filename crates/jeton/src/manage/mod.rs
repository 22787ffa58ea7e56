//! The admin commands that change or read what exists (`list`, `show`, `disable`, `revoke`,
//! `rotate-secret`, ...). Each goes through the same flow as the pages and the API, as the
//! operator (`Actor::cli`), so the rules and the audit log are the same whichever way a
//! change comes.

mod clients;
mod domains;
mod grants;
mod keys;
mod users;
mod vault;

pub use clients::client;
pub use domains::{admin_token, domain_cmd, scopes};
pub use grants::grant;
pub use keys::keys;
pub use users::{set_disabled, user};
pub use vault::vault;

use std::sync::Arc;

use jeton_core::dates;
use jeton_flows::error::ManageError;
use jeton_flows::{FlowSettings, Flows};
use jeton_server::Config;
use jeton_store::Domain;

pub async fn flows(config: &Config) -> Result<Flows, String> {
    let store = crate::open(config, true).await?;
    let sealer = crate::checked_sealer(config, store.as_ref()).await?;
    Ok(Flows::new(
        store,
        Arc::new(jeton_core::SystemClock),
        Arc::new(jeton_core::OsRandom),
        FlowSettings {
            session_ttl_secs: config.session_ttl_secs,
            // A command runs no change feed, so on PostgreSQL it caches nothing.
            shared_cache: Default::default(),
            sealer,
            cache_sizes: Default::default(),
        },
    ))
}

pub(crate) fn say(e: ManageError) -> String {
    match e {
        ManageError::Invalid(f) => format!("{}: {}", f.field, f.message),
        other => other.to_string(),
    }
}

pub(crate) async fn domain(flows: &Flows, slug: &str) -> Result<Arc<Domain>, String> {
    flows
        .domain_by_slug(slug)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no domain {slug:?}"))
}

pub(crate) fn when(t: Option<i64>) -> String {
    t.map(dates::rfc3339).unwrap_or_else(|| "-".to_owned())
}
