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
        my_apps_url: "/d/main/account/apps".into(),
        vault_url: "/d/main/vault/".into(),
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
    let secret = |rotated, app: Option<AppSecretView>| {
        SecretPage {
            tr: tr.clone(),
            nav: nav(Section::Clients, true),
            rotated,
            client_name: t(),
            client_id: "bSym0FODi1AIdGYJqZUH5w".into(),
            secret: "jeton_cs_sample".into(),
            token_endpoint: "http://127.0.0.1:8080/d/main/oauth/token".into(),
            list_url: "/d/main/account/clients".into(),
            app,
        }
        .render()
        .unwrap()
    };
    let app_secret = |auth_post| AppSecretView {
        metadata_url: "http://127.0.0.1:8080/.well-known/oauth-authorization-server/d/main".into(),
        authorize_url: "http://127.0.0.1:8080/d/main/oauth/authorize".into(),
        redirect_uri: t(),
        auth_post,
    };
    let errors = |fields: &[&'static str]| {
        let mut e = FieldErrors::default();
        for f in fields {
            e.add(f, t());
        }
        e
    };
    let profile = |clients: bool, email: Option<String>, roles, errors, done: bool| {
        form(AccountPage {
            tr: tr.clone(),
            nav: nav(Section::Profile, clients),
            email_value: email.clone().unwrap_or_default(),
            email,
            roles,
            email_action: "/d/main/account/email".into(),
            password_action: "/d/main/account/password".into(),
            errors,
            done: done.then(t),
        })
    };
    let app_form = |once: bool, errors| AppForm {
        action: "/d/main/account/apps".into(),
        once: once.then(t),
        name: t(),
        description: t(),
        redirect_uris: t(),
        scopes: scopes_sample()
            .into_iter()
            .enumerate()
            .map(|(i, scope)| ScopeChoice {
                scope,
                checked: i == 0,
            })
            .collect(),
        auth_post: !once,
        errors,
    };
    let app_row = |description: bool, scopes: Vec<String>, used: bool| MyAppRow {
        name: t(),
        id: t(),
        description: if description { t() } else { String::new() },
        redirect_uris: vec![t(), "http://127.0.0.1/cb".into()],
        scopes,
        auth_post: used,
        created: date(),
        last_used: used.then(date),
        edit_url: "/d/main/account/apps/a1".into(),
        rotate_url: "/d/main/account/apps/a1/rotate-secret".into(),
        delete_url: "/d/main/account/apps/a1/delete".into(),
    };
    let my_apps = |apps, app_form, done: bool| {
        form(MyAppsPage {
            tr: tr.clone(),
            nav: nav(Section::MyApps, false),
            metadata_url: "http://127.0.0.1:8080/.well-known/oauth-authorization-server/d/main"
                .into(),
            apps,
            app_form,
            done: done.then(t),
        })
    };
    let my_app = |app_form| {
        form(MyAppPage {
            tr: tr.clone(),
            nav: nav(Section::MyApps, true),
            client_id: t(),
            saved_name: t(),
            created: date(),
            app_form,
            rotate_url: "/d/main/account/apps/a1/rotate-secret".into(),
            delete_url: "/d/main/account/apps/a1/delete".into(),
            list_url: "/d/main/account/apps".into(),
        })
    };
    let every_app_field = [
        "form",
        "name",
        "description",
        "redirect_uris",
        "scopes",
        "auth_method",
    ];
    vec![
        (
            "account.html",
            "everything, done",
            profile(true, Some(t()), vec![t()], FieldErrors::default(), true),
        ),
        (
            "account.html",
            "no email, no roles, no personal clients",
            profile(false, None, vec![], FieldErrors::default(), false),
        ),
        (
            "account.html",
            "email refused",
            profile(true, Some(t()), vec![], errors(&["email"]), false),
        ),
        (
            "account.html",
            "current password refused",
            profile(true, None, vec![], errors(&["current_password"]), false),
        ),
        (
            "account.html",
            "new password refused",
            profile(true, None, vec![], errors(&["new_password"]), false),
        ),
        (
            "account.html",
            "repeat refused",
            profile(true, None, vec![], errors(&["new_password_repeat"]), false),
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
            "account_confirm.html",
            "rotate an application's secret",
            form(confirm(Confirm::RotateAppSecret)),
        ),
        (
            "account_confirm.html",
            "delete an application",
            form(confirm(Confirm::DeleteApp)),
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
        ("account_secret.html", "created", secret(false, None)),
        ("account_secret.html", "rotated", secret(true, None)),
        (
            "account_secret.html",
            "application registered, Basic",
            secret(false, Some(app_secret(false))),
        ),
        (
            "account_secret.html",
            "application rotated, body",
            secret(true, Some(app_secret(true))),
        ),
        (
            "account_my_apps.html",
            "apps, done",
            my_apps(
                vec![
                    app_row(true, vec![t(), "read".into()], true),
                    app_row(false, vec![], false),
                ],
                app_form(true, FieldErrors::default()),
                true,
            ),
        ),
        (
            "account_my_apps.html",
            "none, no scopes registered",
            my_apps(
                vec![],
                AppForm {
                    scopes: vec![],
                    ..app_form(true, FieldErrors::default())
                },
                false,
            ),
        ),
        (
            "account_my_apps.html",
            "every field refused",
            my_apps(vec![], app_form(true, errors(&every_app_field)), false),
        ),
        (
            "account_my_app.html",
            "as it is",
            my_app(app_form(false, FieldErrors::default())),
        ),
        (
            "account_my_app.html",
            "every field refused",
            my_app(app_form(false, errors(&every_app_field))),
        ),
        // The fields both pages above include (`{% include %}`), rendered through them.
        (
            "account_app_form.html",
            "in the edit page, every field refused",
            my_app(app_form(false, errors(&every_app_field))),
        ),
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
