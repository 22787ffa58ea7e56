//! The domain managers' pages (`manage_*.html`) for `rendered_in`, with every optional part
//! both ways.

use super::*;

pub(super) fn samples(tr: &Tr) -> Vec<(&'static str, &'static str, String)> {
    let shell = |with_optionals: bool| ManageShell {
        domain_name: t(),
        section: "users",
        overview_url: "/d/main/manage/".into(),
        users_url: "/d/main/manage/users".into(),
        clients_url: "/d/main/manage/clients".into(),
        scopes_url: "/d/main/manage/scopes".into(),
        settings_url: "/d/main/manage/settings".into(),
        audit_url: "/d/main/manage/audit".into(),
        start_url: "/d/main/".into(),
        manager: t(),
        super_admin: with_optionals,
        notice: with_optionals.then(t),
        problem: with_optionals.then(t),
    };
    let errors = |fields: &[&'static str]| {
        let mut e = FieldErrors::default();
        for f in fields {
            e.add(f, t());
        }
        e
    };
    let users = |with_optionals: bool| ManageUsersPage {
        tr: tr.clone(),
        shell: shell(with_optionals),
        search_action: "/d/main/manage/users".into(),
        search: if with_optionals { t() } else { String::new() },
        users: if with_optionals {
            vec![
                ManageUserRow {
                    username: t(),
                    url: "/d/main/manage/users/x".into(),
                    email: Some(t()),
                    roles: vec![t()],
                    disabled: true,
                    created: t(),
                },
                ManageUserRow {
                    username: "bob".into(),
                    url: "/d/main/manage/users/bob".into(),
                    email: None,
                    roles: vec![],
                    disabled: false,
                    created: t(),
                },
            ]
        } else {
            vec![]
        },
        next_url: with_optionals.then(|| "/d/main/manage/users?after=bob".into()),
        first_url: with_optionals.then(|| "/d/main/manage/users".into()),
        create_action: "/d/main/manage/users".into(),
        new_username: t(),
        new_email: t(),
        new_roles: t(),
        errors: if with_optionals {
            errors(&["username", "email", "password", "roles"])
        } else {
            FieldErrors::default()
        },
    };
    let user = |may_change: bool, disabled: bool, is_self: bool| ManageUserPage {
        tr: tr.clone(),
        shell: shell(may_change),
        username: t(),
        email: may_change.then(t),
        disabled,
        created: t(),
        roles: if may_change { vec![t()] } else { vec![] },
        attributes: if disabled { vec![(t(), t())] } else { vec![] },
        may_change,
        is_self,
        roles_action: "/d/main/manage/users/x/roles".into(),
        roles_value: t(),
        attributes_action: "/d/main/manage/users/x/attributes".into(),
        attributes_value: t(),
        enable_action: "/d/main/manage/users/x/enable".into(),
        disable_url: "/d/main/manage/users/x/disable".into(),
        clients_url: "/d/main/manage/clients?owner=x".into(),
        errors: if disabled {
            errors(&["roles", "attributes"])
        } else {
            FieldErrors::default()
        },
    };
    let sort = |aria_sort| ManageSortLink {
        url: "/d/main/manage/clients?sort=name&order=desc".into(),
        aria_sort,
    };
    let client = |live: bool| ManageClientRow {
        name: t(),
        client_id: t(),
        kind_key: "manage-kind-personal",
        owner: live.then(t),
        owner_url: live.then(|| "/d/main/manage/users/x".into()),
        status: if live { "active" } else { "revoked" },
        status_key: if live {
            "manage-status-active"
        } else {
            "manage-status-revoked"
        },
        created: t(),
        expires: live.then(t),
        last_used: live.then(t),
        url: "/d/main/manage/clients/c1".into(),
        revoke_url: live.then(|| "/d/main/manage/clients/x/revoke".into()),
    };
    let clients = |with_optionals: bool| ManageClientsPage {
        tr: tr.clone(),
        shell: shell(with_optionals),
        filter_action: "/d/main/manage/clients".into(),
        owner: t(),
        status: if with_optionals { "expired" } else { "" },
        q: t(),
        sort: "name",
        order: "asc",
        by_name: sort(Some("ascending")),
        by_owner: sort(None),
        by_created: sort(None),
        by_expires: sort(None),
        by_last_used: sort(with_optionals.then_some("descending")),
        clients: if with_optionals {
            vec![client(true), client(false)]
        } else {
            vec![]
        },
        next_url: with_optionals.then(|| "/d/main/manage/clients?cursor=x".into()),
        first_url: with_optionals.then(|| "/d/main/manage/clients".into()),
    };
    let scopes = |with_optionals: bool| ManageScopesPage {
        tr: tr.clone(),
        shell: shell(with_optionals),
        scopes: if with_optionals {
            vec![
                ManageScopeRow {
                    name: t(),
                    description: t(),
                    roles: vec![t()],
                    attributes: vec![t()],
                },
                ManageScopeRow {
                    name: "read".into(),
                    description: String::new(),
                    roles: vec![],
                    attributes: vec![],
                },
            ]
        } else {
            vec![]
        },
        action: "/d/main/manage/scopes".into(),
        new_name: t(),
        new_attributes: t(),
        new_description: t(),
        new_roles: t(),
        errors: if with_optionals {
            errors(&["name", "roles"])
        } else {
            FieldErrors::default()
        },
    };
    let manage_client = |editable: bool| ManageClientPage {
        tr: tr.clone(),
        shell: shell(editable),
        action: "/d/main/manage/clients/c1".into(),
        back_url: "/d/main/manage/clients".into(),
        client_name: t(),
        client_id: t(),
        kind_key: "manage-kind-application",
        redirect_uris: if editable { vec![t()] } else { vec![] },
        read_only: (!editable).then(t),
        grants: vec![GrantChoice {
            value: "password",
            label_key: "manage-client-grant-password",
            hint_key: "manage-client-grant-password-hint",
            checked: editable,
        }],
        access_format: if editable { "jwt" } else { "" }.into(),
        alg: if editable { "RS256" } else { "" }.into(),
        lifetimes: vec![LifetimeField {
            name: "code_ttl_secs",
            label_key: "manage-settings-code-ttl",
            value: t(),
            domain_value: 60,
            bounds: (10, 60),
            zero_allowed: false,
        }],
        errors: if editable {
            errors(&[
                "grant_types",
                "access_token_format",
                "id_token_signed_response_alg",
                "code_ttl_secs",
            ])
        } else {
            FieldErrors::default()
        },
    };
    let settings = |with_optionals: bool| ManageSettingsPage {
        tr: tr.clone(),
        shell: shell(with_optionals),
        action: "/d/main/manage/settings".into(),
        code_ttl: t(),
        access_ttl: t(),
        refresh_ttl: t(),
        absolute_ttl: t(),
        id_ttl: t(),
        grace: t(),
        personal_enabled: with_optionals,
        max_days: t(),
        max_secs_was: t(),
        access_format: if with_optionals { "jwt" } else { "opaque" }.into(),
        check_attributes: t(),
        check_scopes_array: with_optionals,
        check_header: t(),
        code_bounds: (10, 60),
        access_bounds: (60, 86_400),
        refresh_bounds: (3600, 31_536_000),
        absolute_bounds: (3600, 157_680_000),
        id_bounds: (60, 86_400),
        grace_bounds: (0, 60),
        max_days_bounds: (1, 1825),
        errors: if with_optionals {
            errors(&[
                "code_ttl_secs",
                "access_token_ttl_secs",
                "refresh_token_ttl_secs",
                "refresh_token_absolute_ttl_secs",
                "id_token_ttl_secs",
                "refresh_grace_secs",
                "personal_client_max_lifetime_days",
                "access_token_format",
            ])
        } else {
            FieldErrors::default()
        },
    };
    let audit = |with_optionals: bool| ManageAuditPage {
        tr: tr.clone(),
        shell: shell(with_optionals),
        filter_action: "/d/main/manage/audit".into(),
        actions: jeton_core::entities::AuditAction::ALL
            .into_iter()
            .map(|a| ManageAuditOption {
                value: a.as_str(),
                label_key: crate::ui::manage::audit::action_key(a),
                selected: with_optionals && a == jeton_core::entities::AuditAction::UserRoles,
            })
            .collect(),
        actor: t(),
        events: if with_optionals {
            vec![
                ManageAuditRow {
                    domain: None,
                    when: t(),
                    who: t(),
                    from: Some(t()),
                    action: "user.roles",
                    label_key: "manage-audit-user-roles",
                    target: t(),
                    details: vec![(t(), t())],
                },
                ManageAuditRow {
                    domain: None,
                    when: t(),
                    who: "cli".into(),
                    from: None,
                    action: "sign_in",
                    label_key: "manage-audit-sign-in",
                    target: t(),
                    details: vec![],
                },
            ]
        } else {
            vec![]
        },
        older_url: with_optionals.then(|| "/d/main/manage/audit?before=1.x".into()),
        newest_url: with_optionals.then(|| "/d/main/manage/audit".into()),
    };
    vec![
        (
            "manage_overview.html",
            "",
            ManageOverviewPage {
                tr: tr.clone(),
                shell: shell(true),
            }
            .render()
            .unwrap(),
        ),
        ("manage_users.html", "rows, errors", form(users(true))),
        ("manage_users.html", "empty", form(users(false))),
        (
            "manage_user.html",
            "disabled, errors",
            form(user(true, true, false)),
        ),
        (
            "manage_user.html",
            "enabled",
            form(user(true, false, false)),
        ),
        ("manage_user.html", "self", form(user(true, false, true))),
        (
            "manage_user.html",
            "a fellow manager",
            form(user(false, false, false)),
        ),
        (
            "manage_disable.html",
            "",
            form(ManageDisablePage {
                tr: tr.clone(),
                shell: shell(false),
                username: t(),
                action: "/d/main/manage/users/x/disable".into(),
                cancel_url: "/d/main/manage/users/x".into(),
            }),
        ),
        (
            "manage_clients.html",
            "rows",
            clients(true).render().unwrap(),
        ),
        (
            "manage_clients.html",
            "empty",
            clients(false).render().unwrap(),
        ),
        (
            "manage_revoke.html",
            "owned",
            form(ManageRevokePage {
                tr: tr.clone(),
                shell: shell(false),
                client_name: t(),
                client_id: t(),
                kind_key: "manage-kind-application",
                owner: Some(t()),
                action: "/d/main/manage/clients/x/revoke".into(),
                cancel_url: "/d/main/manage/clients".into(),
            }),
        ),
        (
            "manage_client.html",
            "form, errors",
            form(manage_client(true)),
        ),
        (
            "manage_client.html",
            "read only",
            form(manage_client(false)),
        ),
        ("manage_scopes.html", "rows, errors", form(scopes(true))),
        ("manage_scopes.html", "empty", form(scopes(false))),
        ("manage_settings.html", "errors", form(settings(true))),
        ("manage_settings.html", "as they are", form(settings(false))),
        ("manage_audit.html", "rows", audit(true).render().unwrap()),
        ("manage_audit.html", "empty", audit(false).render().unwrap()),
    ]
}
