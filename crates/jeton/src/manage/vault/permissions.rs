//! `jeton vault grant|revoke-permission|permissions`.

use jeton_core::vault::{Access, ContainerPath, PermissionTarget};
use jeton_flows::Flows;
use jeton_flows::vault::{VaultCaller, VaultPermissionView};
use jeton_store::Domain;

use crate::cli::{VaultGrantArgs, VaultPermissionArgs, VaultRevokeArgs};
use crate::manage::{domain, when};

use super::say;

async fn target(
    flows: &Flows,
    d: &Domain,
    caller: &VaultCaller,
    name: Option<&str>,
    container: Option<&str>,
) -> Result<Option<PermissionTarget>, String> {
    match (name, container) {
        (Some(n), _) => {
            let c = flows.vault_find(d, n, caller).await.map_err(say)?;
            Ok(Some(PermissionTarget::Credential(c.id)))
        }
        (None, Some(p)) => Ok(Some(PermissionTarget::Container(
            ContainerPath::parse(p).map_err(|m| format!("--container: {m}"))?,
        ))),
        (None, None) => Ok(None),
    }
}

fn grantee_of(
    user: &Option<String>,
    role: &Option<String>,
    consumer: &Option<String>,
) -> Result<(&'static str, String), String> {
    match (user, role, consumer) {
        (Some(u), None, None) => Ok(("user", u.clone())),
        (None, Some(r), None) => Ok(("role", r.clone())),
        (None, None, Some(c)) => Ok(("client", c.clone())),
        _ => Err("give exactly one of --user, --role, --consumer".to_owned()),
    }
}

pub(super) async fn grant(
    flows: &Flows,
    caller: &VaultCaller,
    a: VaultGrantArgs,
) -> Result<(), String> {
    let VaultPermissionArgs {
        domain: slug,
        name,
        container,
        user,
        role,
        consumer,
    } = a.on;
    let d = domain(flows, &slug).await?;
    let access = Access::parse(a.access.trim())
        .ok_or_else(|| format!("--access {:?}: one of view, use, edit", a.access))?;
    let on = target(flows, &d, caller, name.as_deref(), container.as_deref())
        .await?
        .ok_or("name a credential or a --container")?;
    let (kind, who) = grantee_of(&user, &role, &consumer)?;
    let grantee = flows.vault_grantee(&d, kind, &who).await.map_err(say)?;
    flows
        .vault_permit(&d, on.clone(), grantee, access, caller)
        .await
        .map_err(say)?;
    println!(
        "{kind} {who} may now {} {}",
        access.as_str(),
        describe(&on, name.as_deref())
    );
    Ok(())
}

fn describe(t: &PermissionTarget, name: Option<&str>) -> String {
    match t {
        PermissionTarget::Container(c) => format!("everything in {c}"),
        PermissionTarget::Credential(id) => format!("{} ({id})", name.unwrap_or("-")),
    }
}

pub(super) async fn revoke(
    flows: &Flows,
    caller: &VaultCaller,
    a: VaultRevokeArgs,
) -> Result<(), String> {
    let d = domain(flows, &a.domain).await?;
    let id = match a.id {
        Some(id) => id,
        None => {
            let on = target(flows, &d, caller, a.name.as_deref(), a.container.as_deref())
                .await?
                .ok_or("give --id, or a credential or --container")?;
            let (kind, who) = grantee_of(&a.user, &a.role, &a.consumer)?;
            let found: Vec<VaultPermissionView> = flows
                .vault_permissions_on(&d, Some(&on), caller)
                .await
                .map_err(say)?
                .into_iter()
                .filter(|p| !p.inherited && p.grantee_kind == kind && p.grantee == who)
                .collect();
            match found.as_slice() {
                [one] => one.id.clone(),
                [] => return Err(format!("no permission of {kind} {who} on that")),
                _ => return Err("several permissions match: give --id".to_owned()),
            }
        }
    };
    flows
        .vault_revoke_permission(&d, &id, caller)
        .await
        .map_err(say)?;
    println!("removed permission {id}");
    Ok(())
}

pub(super) async fn list(
    flows: &Flows,
    caller: &VaultCaller,
    slug: &str,
    name: Option<String>,
    container: Option<String>,
    json: bool,
) -> Result<(), String> {
    let d = domain(flows, slug).await?;
    let on = target(flows, &d, caller, name.as_deref(), container.as_deref()).await?;
    let list = flows
        .vault_permissions_on(&d, on.as_ref(), caller)
        .await
        .map_err(say)?;
    for p in list {
        if json {
            println!("{}", serde_json::to_string(&p).map_err(|e| e.to_string())?);
            continue;
        }
        let on = match (&p.container, &p.credential_name, &p.credential_id) {
            (Some(c), _, _) => format!("container {c}"),
            (None, Some(n), _) => format!("credential {n}"),
            (None, None, Some(id)) => format!("credential {id}"),
            _ => "-".to_owned(),
        };
        println!(
            "{}  {:<6} {:<24} {:<5} on {}{}  since {}",
            p.id,
            p.grantee_kind,
            p.grantee,
            p.access,
            on,
            if p.inherited { " (inherited)" } else { "" },
            when(Some(p.created_at))
        );
    }
    Ok(())
}
