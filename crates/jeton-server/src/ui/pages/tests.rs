//! Every template rendered with sample data, so that a broken page fails CI rather than a
//! person: each form carries the CSRF token, and text from people or clients is escaped
//! (DESIGN §6: CSRF token on every form, all output escaped).

use super::*;

/// Sample text that would break out of an element or an attribute if written raw.
const HOSTILE: &str = "<b>\"Tom\" & 'Jerry'</b>";
/// `HOSTILE` as askama's HTML escaper writes it.
const ESCAPED: &str = "&#60;b&#62;&#34;Tom&#34; &#38; &#39;Jerry&#39;&#60;/b&#62;";
const TOKEN: &str = "jeton_csrf_sample";

fn t() -> String {
    HOSTILE.to_owned()
}

fn form<T: FormPage>(page: T) -> String {
    T::render_html(&WithCsrf::new(CsrfToken::sample(TOKEN), page)).expect("renders")
}

/// (template file, variant, rendered HTML) for every template, optional parts both ways.
fn rendered() -> Vec<(&'static str, &'static str, String)> {
    let login = |with_optionals: bool| LoginPage {
        domain_name: t(),
        action: "/d/main/login".into(),
        return_to: if with_optionals { t() } else { String::new() },
        username: if with_optionals { t() } else { String::new() },
        error: with_optionals.then(t),
        client_name: with_optionals.then(t),
    };
    let consent = |scopes: Vec<ScopeView>| ConsentPage {
        domain_name: t(),
        action: "/d/main/consent".into(),
        client_name: t(),
        username: t(),
        logout_url: "/d/main/logout".into(),
        scopes,
        hidden: vec![("state".into(), t())],
        redirect_host: t(),
    };
    let scopes = vec![
        ScopeView {
            name: t(),
            description: t(),
        },
        ScopeView {
            name: "read".into(),
            description: String::new(),
        },
    ];
    vec![
        ("login.html", "everything", form(login(true))),
        ("login.html", "first visit", form(login(false))),
        ("consent.html", "scopes", form(consent(scopes))),
        ("consent.html", "no scopes", form(consent(vec![]))),
        (
            "logout.html",
            "",
            form(LogoutPage {
                domain_name: t(),
                action: "/d/main/logout".into(),
                username: t(),
            }),
        ),
        (
            "error.html",
            "",
            ErrorPage {
                title: t(),
                message: t(),
                domain_name: Some(t()),
            }
            .render()
            .unwrap(),
        ),
        (
            "account.html",
            "",
            AccountPage {
                domain_name: t(),
                username: t(),
                email: Some(t()),
                roles: vec![t()],
                logout_url: "/d/main/logout".into(),
            }
            .render()
            .unwrap(),
        ),
        (
            "signed_out.html",
            "",
            SignedOutPage {
                domain_name: t(),
                login_url: "/d/main/login".into(),
            }
            .render()
            .unwrap(),
        ),
    ]
}

#[test]
fn every_template_is_rendered_here() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
    let pages = rendered();
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        // The layout every page extends; each rendered page below shows it.
        if name == "base.html" {
            continue;
        }
        assert!(
            pages.iter().any(|(file, _, _)| *file == name),
            "templates/{name} is not rendered by this test"
        );
    }
    for (file, variant, html) in &pages {
        assert!(html.starts_with("<!DOCTYPE html>"), "{file} {variant}");
        assert!(html.contains("<title>"), "{file} {variant}");
    }
}

#[test]
fn every_form_carries_the_csrf_token() {
    let input = format!("<input type=\"hidden\" name=\"csrf\" value=\"{TOKEN}\">");
    let mut forms = 0;
    for (file, variant, html) in rendered() {
        let n = html.matches("<form").count();
        assert_eq!(
            html.matches(&input).count(),
            n,
            "{file} {variant}: each form needs the CSRF input"
        );
        forms += n;
    }
    assert!(forms >= 5, "the form pages were rendered");
}

#[test]
fn sample_text_is_escaped_everywhere() {
    for (file, variant, html) in rendered() {
        assert!(!html.contains("<b>"), "{file} {variant}: raw markup");
        assert!(!html.contains("\"Tom\""), "{file} {variant}: raw quotes");
        assert!(!html.contains("'Jerry'"), "{file} {variant}: raw quotes");
        assert!(
            html.contains(ESCAPED),
            "{file} {variant}: sample shown escaped"
        );
    }
}
