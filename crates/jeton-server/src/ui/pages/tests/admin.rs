//! The super administrator's pages for `rendered_in`, with every optional part both ways.

use super::*;

pub(super) fn samples(tr: &Tr) -> Vec<(&'static str, &'static str, String)> {
    let shell = |section, with_optionals: bool| AdminShell {
        section,
        overview_url: "/admin/".into(),
        domains_url: "/admin/domains".into(),
        tokens_url: "/admin/tokens".into(),
        audit_url: "/admin/audit".into(),
        admin: t(),
        start_url: "/d/main/".into(),
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
    let domains = |with_optionals: bool| AdminDomainsPage {
        tr: tr.clone(),
        shell: shell(AdminSection::Domains, with_optionals),
        domains: if with_optionals {
            vec![
                AdminDomainRow {
                    slug: t(),
                    name: t(),
                    url: "/admin/domains/acme".into(),
                    issuer: t(),
                    enabled: true,
                    created: t(),
                },
                AdminDomainRow {
                    slug: "old".into(),
                    name: "Old".into(),
                    url: "/admin/domains/old".into(),
                    issuer: "http://127.0.0.1:8080/d/old".into(),
                    enabled: false,
                    created: t(),
                },
            ]
        } else {
            vec![]
        },
        create_action: "/admin/domains".into(),
        new_slug: t(),
        new_name: t(),
        errors: if with_optionals {
            errors(&["slug", "name"])
        } else {
            FieldErrors::default()
        },
    };
    let consumer_row = |live: bool| AdminConsumerRow {
        name: t(),
        client_id: t(),
        grant_types: vec!["client_credentials", "authorization_code"],
        status: if live { "active" } else { "revoked" },
        status_key: if live {
            "manage-status-active"
        } else {
            "manage-status-revoked"
        },
        created: t(),
        last_used: live.then(t),
        rotate_url: live.then(|| "/admin/domains/acme/consumers/x/rotate-secret".into()),
        revoke_url: live.then(|| "/admin/domains/acme/consumers/x/revoke".into()),
    };
    let domain = |with_optionals: bool, enabled: bool, is_main: bool| AdminDomainPage {
        tr: tr.clone(),
        shell: shell(AdminSection::Domains, with_optionals),
        slug: t(),
        name: t(),
        issuer: t(),
        metadata_url: "/.well-known/oauth-authorization-server/d/acme".into(),
        enabled,
        created: t(),
        is_main,
        manage_url: "/d/acme/manage/".into(),
        rename_action: "/admin/domains/acme/rename".into(),
        rename_value: t(),
        disable_url: "/admin/domains/acme/disable".into(),
        enable_action: "/admin/domains/acme/enable".into(),
        managers: if with_optionals {
            vec![
                AdminManagerRow {
                    username: t(),
                    email: Some(t()),
                    remove_url: "/admin/domains/acme/managers/x/remove".into(),
                },
                AdminManagerRow {
                    username: "mia".into(),
                    email: None,
                    remove_url: "/admin/domains/acme/managers/mia/remove".into(),
                },
            ]
        } else {
            vec![]
        },
        appoint_action: "/admin/domains/acme/managers".into(),
        appoint_username: t(),
        consumers: if with_optionals {
            vec![consumer_row(true), consumer_row(false)]
        } else {
            vec![]
        },
        consumer: AdminConsumerForm {
            action: "/admin/domains/acme/consumers".into(),
            once: t(),
            name: t(),
            redirect_uris: t(),
            grants: vec![
                AdminGrantChoice {
                    value: "client_credentials",
                    label_key: "admin-grant-client-credentials",
                    hint_key: "admin-grant-client-credentials-hint",
                    checked: true,
                },
                AdminGrantChoice {
                    value: "authorization_code",
                    label_key: "admin-grant-code",
                    hint_key: "admin-grant-code-hint",
                    checked: with_optionals,
                },
            ],
            scopes: if with_optionals {
                vec![
                    AdminScopeChoice {
                        scope: ScopeView {
                            name: t(),
                            description: t(),
                        },
                        checked: true,
                    },
                    AdminScopeChoice {
                        scope: ScopeView {
                            name: "read".into(),
                            description: String::new(),
                        },
                        checked: false,
                    },
                ]
            } else {
                vec![]
            },
        },
        errors: if with_optionals {
            errors(&[
                "domain_name",
                "username",
                "consumer_name",
                "redirect_uris",
                "grant_types",
                "scopes",
            ])
        } else {
            FieldErrors::default()
        },
    };
    let confirm = |what, id: bool, seen: bool| AdminConfirmPage {
        tr: tr.clone(),
        shell: shell(AdminSection::Domains, false),
        what,
        subject: t(),
        domain_name: if id { t() } else { String::new() },
        id: id.then(t),
        seen: seen.then(t),
        action: "/admin/domains/acme/disable".into(),
        cancel_url: "/admin/domains/acme".into(),
    };
    let consumer_secret = |rotated: bool| AdminConsumerSecretPage {
        tr: tr.clone(),
        shell: shell(AdminSection::Domains, false),
        rotated,
        domain_name: t(),
        client_name: t(),
        client_id: t(),
        secret: t(),
        token_endpoint: "http://127.0.0.1:8080/d/acme/oauth/token".into(),
        client_credentials: !rotated,
        back_url: "/admin/domains/acme".into(),
    };
    let tokens = |with_optionals: bool| AdminTokensPage {
        tr: tr.clone(),
        shell: shell(AdminSection::Tokens, with_optionals),
        tokens: if with_optionals {
            vec![
                AdminTokenRow {
                    name: t(),
                    id: t(),
                    scope: t(),
                    status: "active",
                    status_key: "manage-status-active",
                    created_by: t(),
                    created: t(),
                    expires: t(),
                    last_used: Some(t()),
                    revoke_url: Some("/admin/tokens/x/revoke".into()),
                },
                AdminTokenRow {
                    name: "old".into(),
                    id: "t2".into(),
                    scope: "admin".into(),
                    status: "revoked",
                    status_key: "manage-status-revoked",
                    created_by: "cli".into(),
                    created: t(),
                    expires: t(),
                    last_used: None,
                    revoke_url: None,
                },
            ]
        } else {
            vec![]
        },
        create_action: "/admin/tokens".into(),
        once: t(),
        new_name: t(),
        scopes: vec![
            AdminScopeOption {
                value: "admin".into(),
                domain_name: None,
                selected: !with_optionals,
            },
            AdminScopeOption {
                value: t(),
                domain_name: Some(t()),
                selected: with_optionals,
            },
        ],
        new_expires: t(),
        earliest: "2027-01-02".into(),
        latest: "2028-01-01".into(),
        errors: if with_optionals {
            errors(&["name", "scope", "expires_at"])
        } else {
            FieldErrors::default()
        },
    };
    let token_secret = |all: bool| AdminTokenSecretPage {
        tr: tr.clone(),
        shell: shell(AdminSection::Tokens, false),
        name: t(),
        scope: if all { "admin".into() } else { t() },
        expires: t(),
        secret: t(),
        example_url: "http://127.0.0.1:8080/api/v1/admin/domains".into(),
        back_url: "/admin/tokens".into(),
    };
    let audit = |with_optionals: bool| AdminAuditPage {
        tr: tr.clone(),
        shell: shell(AdminSection::Audit, with_optionals),
        filter_action: "/admin/audit".into(),
        actions: crate::ui::manage::audit::action_options(
            with_optionals.then_some(jeton_core::entities::AuditAction::DomainCreate),
        ),
        domains: vec![AdminDomainOption {
            slug: t(),
            name: t(),
            selected: with_optionals,
        }],
        actor: t(),
        events: if with_optionals {
            vec![
                ManageAuditRow {
                    domain: Some(t()),
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
                    action: "domain.create",
                    label_key: "manage-audit-domain-create",
                    target: t(),
                    details: vec![],
                },
            ]
        } else {
            vec![]
        },
        older_url: with_optionals.then(|| "/admin/audit?before=1.x".into()),
        newest_url: with_optionals.then(|| "/admin/audit".into()),
    };
    vec![
        (
            "admin_overview.html",
            "",
            AdminOverviewPage {
                tr: tr.clone(),
                shell: shell(AdminSection::Overview, true),
                domains: 3,
                disabled_domains: 1,
                live_tokens: 0,
            }
            .render()
            .unwrap(),
        ),
        ("admin_domains.html", "rows, errors", form(domains(true))),
        ("admin_domains.html", "empty", form(domains(false))),
        (
            "admin_domain.html",
            "everything, errors",
            form(domain(true, true, false)),
        ),
        (
            "admin_domain.html",
            "disabled, empty",
            form(domain(false, false, false)),
        ),
        ("admin_domain.html", "main", form(domain(false, true, true))),
        (
            "admin_confirm.html",
            "disable",
            form(confirm(AdminConfirm::DisableDomain, false, false)),
        ),
        (
            "admin_confirm.html",
            "remove a manager",
            form(confirm(AdminConfirm::RemoveManager, true, false)),
        ),
        (
            "admin_confirm.html",
            "rotate",
            form(confirm(AdminConfirm::RotateConsumer, true, true)),
        ),
        (
            "admin_confirm.html",
            "revoke a consumer",
            form(confirm(AdminConfirm::RevokeConsumer, true, false)),
        ),
        (
            "admin_confirm.html",
            "revoke a token",
            form(confirm(AdminConfirm::RevokeToken, true, false)),
        ),
        (
            "admin_consumer_secret.html",
            "created",
            consumer_secret(false).render().unwrap(),
        ),
        (
            "admin_consumer_secret.html",
            "rotated",
            consumer_secret(true).render().unwrap(),
        ),
        ("admin_tokens.html", "rows, errors", form(tokens(true))),
        ("admin_tokens.html", "empty", form(tokens(false))),
        (
            "admin_token_secret.html",
            "admin",
            token_secret(true).render().unwrap(),
        ),
        (
            "admin_token_secret.html",
            "one domain",
            token_secret(false).render().unwrap(),
        ),
        ("admin_audit.html", "rows", audit(true).render().unwrap()),
        ("admin_audit.html", "empty", audit(false).render().unwrap()),
        (
            "admin_notice.html",
            "",
            AdminNoticePage {
                tr: tr.clone(),
                shell: shell(AdminSection::Domains, false),
                title: t(),
                message: t(),
                link_url: "/admin/domains".into(),
                link_label: t(),
            }
            .render()
            .unwrap(),
        ),
    ]
}
