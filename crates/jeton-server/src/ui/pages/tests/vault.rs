//! The vault's pages for `rendered_in`, with every optional part both ways.

use super::*;

pub(super) fn samples(tr: &Tr) -> Vec<(&'static str, &'static str, String)> {
    let nav = || AccountNav {
        domain_name: t(),
        username: t(),
        current: Section::Vault,
        profile_url: "/d/main/account".into(),
        applications_url: "/d/main/account/applications".into(),
        clients_url: None,
        my_apps_url: "/d/main/account/apps".into(),
        vault_url: "/d/main/vault/".into(),
        start_url: "/d/main/".into(),
        logout_url: "/d/main/logout".into(),
    };
    let list = |full: bool| VaultListPage {
        tr: tr.clone(),
        nav: nav(),
        container: t(),
        containers: vec![VaultContainerRow {
            path: t(),
            url: "/d/main/vault/?container=%2Fa".into(),
            current: full,
        }],
        credentials: if full {
            vec![VaultRow {
                name: t(),
                url: "/d/main/vault/credentials/c1".into(),
                grant_key: "vault-grant-implicit",
                status_key: "vault-status-authorized",
                expires: Some(DateView::of(1_800_000_000)),
            }]
        } else {
            vec![]
        },
        new_url: "/d/main/vault/new".into(),
        permissions_url: full.then(|| "/d/main/vault/permissions?container=%2Fa".into()),
        done: full.then(t),
    };
    let credential = |full: bool| VaultCredentialPage {
        tr: tr.clone(),
        nav: nav(),
        name: t(),
        container: t(),
        container_url: "/d/main/vault/".into(),
        fields: vec![
            VaultField {
                label_key: "vault-field-client-id",
                value: t(),
                code: true,
            },
            VaultField {
                label_key: "vault-field-owner",
                value: t(),
                code: false,
            },
        ],
        status_key: if full {
            "vault-status-needs-reauthorization"
        } else {
            "vault-status-new"
        },
        needs_reauthorization: full,
        expires: full.then(|| DateView::of(1_800_000_000)),
        last_used: full.then(|| DateView::of(1_800_000_000)),
        has_refresh_token: full,
        redirect_uris: if full { vec![t()] } else { vec![] },
        authorize_action: full.then(|| "/d/main/vault/credentials/c1/authorize".into()),
        obtain_action: full.then(|| "/d/main/vault/credentials/c1/token".into()),
        delete_url: full.then(|| "/d/main/vault/credentials/c1/delete".into()),
        edit_url: full.then(|| "/d/main/vault/credentials/c1/edit".into()),
        permissions: if full {
            vec![
                VaultPermissionRow {
                    kind_key: "vault-grantee-role",
                    access_key: "vault-access-use",
                    grantee: t(),
                    from_container: None,
                    id: t(),
                },
                VaultPermissionRow {
                    kind_key: "vault-grantee-user",
                    access_key: "vault-access-view",
                    grantee: t(),
                    from_container: Some(t()),
                    id: t(),
                },
            ]
        } else {
            vec![]
        },
        permit_action: full.then(|| "/d/main/vault/credentials/c1/permissions".into()),
        unpermit_action: "/d/main/vault/credentials/c1/permissions/remove".into(),
        done: full.then(t),
        problem: full.then(t),
    };
    let container = |full: bool| VaultContainerPermissionsPage {
        tr: tr.clone(),
        nav: nav(),
        container: t(),
        back_url: "/d/main/vault/?container=%2Fa".into(),
        permissions: if full {
            vec![
                VaultPermissionRow {
                    kind_key: "vault-grantee-client",
                    access_key: "vault-access-edit",
                    grantee: t(),
                    from_container: None,
                    id: t(),
                },
                VaultPermissionRow {
                    kind_key: "vault-grantee-role",
                    access_key: "vault-access-view",
                    grantee: t(),
                    from_container: Some(t()),
                    id: t(),
                },
            ]
        } else {
            vec![]
        },
        permit_action: "/d/main/vault/permissions".into(),
        unpermit_action: "/d/main/vault/permissions/remove".into(),
        done: full.then(t),
        problem: full.then(t),
    };
    let new = |refused: bool| {
        let mut errors = FieldErrors::default();
        if refused {
            for f in [
                "form",
                "name",
                "container",
                "grant",
                "authorization_endpoint",
                "token_endpoint",
                "revocation_endpoint",
                "client_id",
                "client_secret",
                "scope",
                "client_auth",
                "username",
                "password",
                "extra_params",
            ] {
                errors.add(f, t());
            }
        }
        VaultNewPage {
            tr: tr.clone(),
            nav: nav(),
            action: "/d/main/vault/new".into(),
            editing: refused,
            name: t(),
            container: t(),
            grant: if refused { "password".into() } else { t() },
            authorization_endpoint: t(),
            token_endpoint: t(),
            revocation_endpoint: t(),
            client_id: t(),
            scope: t(),
            client_auth: if refused { "body".into() } else { t() },
            username: t(),
            pkce: refused,
            extra_params: t(),
            allow_jobs: !refused,
            redirect_uris: vec![t()],
            errors,
        }
    };
    let confirm = |revokes: bool| VaultConfirmPage {
        tr: tr.clone(),
        nav: nav(),
        name: t(),
        container: t(),
        revokes,
        action: "/d/main/vault/credentials/c1/delete".into(),
        cancel_url: "/d/main/vault/credentials/c1".into(),
    };
    vec![
        ("vault_list.html", "empty", list(false).render().unwrap()),
        ("vault_list.html", "full", list(true).render().unwrap()),
        ("vault_credential.html", "new", form(credential(false))),
        (
            "vault_credential.html",
            "every part",
            form(credential(true)),
        ),
        (
            "vault_container_permissions.html",
            "none",
            form(container(false)),
        ),
        (
            "vault_container_permissions.html",
            "every part",
            form(container(true)),
        ),
        ("vault_new.html", "fresh", form(new(false))),
        ("vault_new.html", "every field refused", form(new(true))),
        ("vault_confirm.html", "revokes", form(confirm(true))),
        ("vault_confirm.html", "no revocation", form(confirm(false))),
        (
            "vault_fragment.html",
            "",
            form(VaultFragmentPage {
                tr: tr.clone(),
                nav: nav(),
                action: "/d/main/vault/callback".into(),
            }),
        ),
    ]
}
