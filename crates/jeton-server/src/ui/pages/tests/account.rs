//! The account pages for `rendered_in`, with every optional part both ways.

use jeton_core::entities::ClientState;

use super::*;

pub(super) fn samples(tr: &Tr) -> Vec<(&'static str, &'static str, String)> {
    let nav = |current, clients: bool| AccountNav {
        domain_name: t(),
        username: t(),
        current,
        profile_url: "/d/main/account".into(),
        applications_url: "/d/main/account/applications".into(),
        clients_url: clients.then(|| "/d/main/account/clients".into()),
        start_url: "/d/main/".into(),
        logout_url: "/d/main/logout".into(),
    };
    let scopes_sample = || {
        vec![
            ScopeView {
                name: t(),
                description: t(),
            },
            ScopeView {
                name: "read".into(),
                description: String::new(),
            },
        ]
    };
    let date = || DateView::of(1_800_000_000);
    let app = |scopes| AppView {
        name: t(),
        description: t(),
        scopes,
        approved: date(),
        last_used: None,
        revoke_url: "/d/main/account/applications/g1/revoke".into(),
    };
    let applications = |apps: Vec<AppView>, done: bool| {
        ApplicationsPage {
            tr: tr.clone(),
            nav: nav(Section::Applications, true),
            apps,
            done: done.then(t),
        }
        .render()
        .unwrap()
    };
    let confirm = |what| ConfirmPage {
        tr: tr.clone(),
        nav: nav(Section::Clients, true),
        what,
        name: t(),
        client_id: (what != Confirm::RevokeApplication).then(t),
        seen: (what == Confirm::RotateSecret).then(t),
        action: "/d/main/account/clients/c1/revoke".into(),
        cancel_url: "/d/main/account/clients".into(),
    };
    let client_rows = || {
        [
            ClientState::Active,
            ClientState::Expired,
            ClientState::Revoked,
        ]
        .into_iter()
        .map(|status| ClientRow {
            name: t(),
            id: t(),
            status,
            created: date(),
            expires: Some(date()),
            last_used: (status == ClientState::Active).then(date),
            rotate_url: (status == ClientState::Active)
                .then(|| "/d/main/account/clients/c1/rotate-secret".into()),
            revoke_url: (status != ClientState::Revoked)
                .then(|| "/d/main/account/clients/c1/revoke".into()),
        })
        .collect::<Vec<_>>()
    };
    let new_client = |error: Option<Field>| NewClientForm {
        action: "/d/main/account/clients".into(),
        once: t(),
        name: t(),
        expires: t(),
        earliest: "2027-01-16".into(),
        latest: "2028-01-15".into(),
        scopes: scopes_sample()
            .into_iter()
            .enumerate()
            .map(|(i, scope)| ScopeChoice {
                scope,
                checked: i == 0,
            })
            .collect(),
        error: error.map(|f| (f, t())),
    };
    let clients = |clients, error, done: bool| ClientsPage {
        tr: tr.clone(),
        nav: nav(Section::Clients, true),
        token_endpoint: "http://127.0.0.1:8080/d/main/oauth/token".into(),
        clients,
        new: new_client(error),
        done: done.then(t),
    };
    let secret = |rotated| {
        SecretPage {
            tr: tr.clone(),
            nav: nav(Section::Clients, true),
            rotated,
            client_name: t(),
            client_id: "bSym0FODi1AIdGYJqZUH5w".into(),
            secret: "jeton_cs_sample".into(),
            token_endpoint: "http://127.0.0.1:8080/d/main/oauth/token".into(),
            list_url: "/d/main/account/clients".into(),
        }
        .render()
        .unwrap()
    };
    vec![
        (
            "account.html",
            "everything",
            AccountPage {
                tr: tr.clone(),
                nav: nav(Section::Profile, true),
                email: Some(t()),
                roles: vec![t()],
            }
            .render()
            .unwrap(),
        ),
        (
            "account.html",
            "no email, no roles, no personal clients",
            AccountPage {
                tr: tr.clone(),
                nav: nav(Section::Profile, false),
                email: None,
                roles: vec![],
            }
            .render()
            .unwrap(),
        ),
        (
            "account_applications.html",
            "apps, done",
            applications(vec![app(scopes_sample()), app(vec![])], true),
        ),
        (
            "account_applications.html",
            "none",
            applications(vec![], false),
        ),
        (
            "account_confirm.html",
            "revoke application",
            form(confirm(Confirm::RevokeApplication)),
        ),
        (
            "account_confirm.html",
            "rotate secret",
            form(confirm(Confirm::RotateSecret)),
        ),
        (
            "account_confirm.html",
            "revoke client",
            form(confirm(Confirm::RevokeClient)),
        ),
        (
            "account_clients.html",
            "clients, done",
            form(clients(client_rows(), None, true)),
        ),
        (
            "account_clients.html",
            "none, no scopes held",
            form(ClientsPage {
                new: NewClientForm {
                    scopes: vec![],
                    ..new_client(None)
                },
                ..clients(vec![], None, false)
            }),
        ),
        (
            "account_clients.html",
            "name refused",
            form(clients(vec![], Some(Field::Name), false)),
        ),
        (
            "account_clients.html",
            "expiry refused",
            form(clients(vec![], Some(Field::Expiry), false)),
        ),
        (
            "account_clients.html",
            "scopes refused",
            form(clients(vec![], Some(Field::Scopes), false)),
        ),
        (
            "account_clients.html",
            "form refused",
            form(clients(vec![], Some(Field::Form), false)),
        ),
        ("account_secret.html", "created", secret(false)),
        ("account_secret.html", "rotated", secret(true)),
        (
            "account_notice.html",
            "",
            NoticePage {
                tr: tr.clone(),
                nav: nav(Section::Clients, true),
                title: t(),
                message: t(),
                link_url: "/d/main/account/clients".into(),
                link_label: t(),
            }
            .render()
            .unwrap(),
        ),
    ]
}
