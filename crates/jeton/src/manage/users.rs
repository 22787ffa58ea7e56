//! `jeton user show|disable|enable|roles|attributes|email|password`.

use jeton_core::dates;
use jeton_core::entities::Actor;
use jeton_core::roles::Authority;
use jeton_server::Config;
use serde_json::json;

use crate::cli::UserCmd;

use super::{domain, flows, say};

pub async fn user(config: &Config, cmd: UserCmd) -> Result<(), String> {
    let flows = flows(config).await?;
    let actor = Actor::cli();
    match cmd {
        UserCmd::Create { .. } => unreachable!("created through the provisioner"),
        UserCmd::Show {
            domain: slug,
            username,
            json,
        } => {
            let d = domain(&flows, &slug).await?;
            let u = flows.user_by_name(&d, &username).await.map_err(say)?;
            let apps = flows.grants_of(&d, &u).await.map_err(say)?;
            if json {
                let apps: Vec<_> = apps
                    .iter()
                    .map(|a| json!({ "grant_id": a.grant.id.as_str(), "client_id": a.grant.client_id.as_str(), "client_name": a.client_name, "scopes": a.grant.scopes.to_string() }))
                    .collect();
                println!(
                    "{}",
                    json!({ "id": u.id.as_str(), "username": u.username, "email": u.email, "roles": u.roles, "disabled": u.disabled, "created_at": dates::rfc3339(u.created_at), "authorized_apps": apps })
                );
            } else {
                println!("username:   {}", u.username);
                println!("id:         {}", u.id);
                println!("email:      {}", u.email.as_deref().unwrap_or("-"));
                println!("roles:      {}", u.roles.join(" "));
                println!(
                    "state:      {}",
                    if u.disabled { "disabled" } else { "enabled" }
                );
                println!("created:    {}", dates::rfc3339(u.created_at));
                println!("authorized: {} application(s)", apps.len());
                for a in apps {
                    println!("  {}  {}  ({})", a.grant.id, a.client_name, a.grant.scopes);
                }
            }
            Ok(())
        }
        UserCmd::Disable { .. } | UserCmd::Enable { .. } => {
            unreachable!("dispatched to set_disabled")
        }
        UserCmd::Password {
            domain: slug,
            username,
            password_stdin,
        } => {
            if !password_stdin {
                return Err("give the new password on standard input with --password-stdin".into());
            }
            let password = crate::read_password()?;
            let d = domain(&flows, &slug).await?;
            let u = flows.user_by_name(&d, &username).await.map_err(say)?;
            flows
                .reset_password(&d, &u.id, &password, &actor, Authority::SuperAdmin)
                .await
                .map_err(say)?;
            println!("set a new password for {username}; their sessions have ended");
            Ok(())
        }
        UserCmd::Attributes {
            domain: slug,
            username,
            set,
            unset,
        } => {
            let d = domain(&flows, &slug).await?;
            let u = flows.user_by_name(&d, &username).await.map_err(say)?;
            let mut attrs = u.attributes.as_object().cloned().unwrap_or_default();
            for k in &unset {
                attrs.remove(k);
            }
            for kv in &set {
                let (k, v) = kv
                    .split_once('=')
                    .ok_or_else(|| format!("--set {kv:?}: write KEY=VALUE"))?;
                attrs.insert(
                    k.trim().to_owned(),
                    serde_json::Value::String(v.trim().to_owned()),
                );
            }
            let attrs = serde_json::Value::Object(attrs);
            flows
                .set_user_attributes(&d, &u.id, &attrs, &actor, Authority::SuperAdmin)
                .await
                .map_err(say)?;
            println!("attributes of {username}: {attrs}");
            Ok(())
        }
        UserCmd::Email {
            domain: slug,
            username,
            email,
        } => {
            let d = domain(&flows, &slug).await?;
            let u = flows.user_by_name(&d, &username).await.map_err(say)?;
            flows
                .set_user_email(&d, &u.id, &email, &actor, Authority::SuperAdmin)
                .await
                .map_err(say)?;
            println!("email of {username}: {email}");
            Ok(())
        }
        UserCmd::Roles {
            domain: slug,
            username,
            add,
            remove,
        } => {
            let d = domain(&flows, &slug).await?;
            let u = flows.user_by_name(&d, &username).await.map_err(say)?;
            let mut roles: Vec<String> = u
                .roles
                .into_iter()
                .filter(|r| !remove.contains(r))
                .collect();
            roles.extend(add);
            flows
                .set_user_roles(&d, &u.id, &roles, &actor, Authority::SuperAdmin)
                .await
                .map_err(say)?;
            let u = flows.user_by_id(&d, &u.id).await.map_err(say)?;
            println!("roles of {username}: {}", u.roles.join(" "));
            Ok(())
        }
    }
}

pub async fn set_disabled(
    config: &Config,
    slug: &str,
    username: &str,
    disabled: bool,
) -> Result<(), String> {
    let flows = flows(config).await?;
    let d = domain(&flows, slug).await?;
    let u = flows.user_by_name(&d, username).await.map_err(say)?;
    flows
        .set_user_disabled(&d, &u.id, disabled, &Actor::cli(), Authority::SuperAdmin)
        .await
        .map_err(say)?;
    println!(
        "{} user {username}",
        if disabled { "disabled" } else { "enabled" }
    );
    Ok(())
}
