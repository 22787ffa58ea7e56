//! `jeton keys rotate|list`.

use jeton_core::entities::Actor;
use jeton_flows::keys::KeyInfo;
use jeton_server::Config;
use serde_json::json;

use crate::cli::KeysCmd;

use super::{domain, flows, say, when};

pub async fn keys(config: &Config, cmd: KeysCmd) -> Result<(), String> {
    let flows = flows(config).await?;
    let (keys, json) = match cmd {
        KeysCmd::Rotate { domain: slug, json } => {
            let keys = flows.rotate_keys(&slug, &Actor::cli()).await.map_err(say)?;
            if !json {
                println!(
                    "New keys sign for {slug} from now on (other running instances switch within 30 s); the old ones stay published until they retire."
                );
            }
            (keys, json)
        }
        KeysCmd::List { domain: slug, json } => {
            let d = domain(&flows, &slug).await?;
            (
                flows.key_list(&d.id).await.map_err(|e| e.to_string())?,
                json,
            )
        }
    };
    for k in keys {
        print_key(&k, json);
    }
    Ok(())
}

fn print_key(k: &KeyInfo, json: bool) {
    let state = if k.superseded_at.is_none() {
        "signing"
    } else {
        "published"
    };
    if json {
        println!(
            "{}",
            json!({
                "kid": k.kid,
                "alg": k.alg.as_str(),
                "state": state,
                "created_at": when(Some(k.created_at)),
                "superseded_at": k.superseded_at.map(|t| when(Some(t))),
                "retires_at": k.retire_at.map(|t| when(Some(t))),
            })
        );
    } else {
        println!(
            "{}  {:<5}  {:<9}  created {}  retires {}",
            k.kid,
            k.alg.as_str(),
            state,
            when(Some(k.created_at)),
            when(k.retire_at)
        );
    }
}
