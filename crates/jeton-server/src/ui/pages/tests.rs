//! Every template rendered with sample data in both languages, so that a broken page fails CI
//! rather than a person: each form that changes anything carries the CSRF token, text from
//! people or clients is escaped (DESIGN §6: CSRF token on every form, all output escaped),
//! and every message a page or a handler asks for exists.

use super::*;
use crate::web::locale::tests::message_ids;
use crate::web::locale::{Lang, take_missing};

/// Sample text that would break out of an element or an attribute if written raw.
const HOSTILE: &str = "<b>\"Tom\" & 'Jerry'</b>";
/// `HOSTILE` as askama's HTML escaper writes it.
const ESCAPED: &str = "&#60;b&#62;&#34;Tom&#34; &#38; &#39;Jerry&#39;&#60;/b&#62;";
const TOKEN: &str = "jeton_csrf_sample";
const LANGS: [Lang; 2] = [Lang::En, Lang::Fr];

mod account;
mod admin;
mod manage;
mod vault;

fn t() -> String {
    HOSTILE.to_owned()
}

fn form<T: FormPage>(page: T) -> String {
    T::render_html(&WithCsrf::new(CsrfToken::sample(TOKEN), page)).expect("renders")
}

/// (template file, variant, rendered HTML) for every template in `lang`, optional parts both
/// ways. The page's own address is hostile too: the language switch links back to it.
fn rendered_in(lang: Lang) -> Vec<(&'static str, &'static str, String)> {
    let tr = Tr::new(lang, &format!("/d/main/login?state={HOSTILE}"));
    let login = |with_optionals: bool| LoginPage {
        tr: tr.clone(),
        domain_name: t(),
        action: "/d/main/login".into(),
        return_to: if with_optionals { t() } else { String::new() },
        username: if with_optionals { t() } else { String::new() },
        error: with_optionals.then(t),
        client_name: with_optionals.then(t),
    };
    let consent = |scopes: Vec<ScopeView>| ConsentPage {
        tr: tr.clone(),
        domain_name: t(),
        action: "/d/main/consent".into(),
        client_name: t(),
        username: t(),
        logout_url: "/d/main/logout".into(),
        extra_claims: vec![ScopeView {
            name: "email".into(),
            description: tr.t("consent-claims-email"),
        }],
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
    let start = |with_optionals: bool| StartPage {
        tr: tr.clone(),
        main: with_optionals.then(|| MainDomain {
            name: t(),
            login_url: "/d/main/login".into(),
            metadata_url: "/.well-known/oauth-authorization-server/d/main".into(),
        }),
        find_action: "/start".into(),
        domain: t(),
        error: with_optionals.then(t),
        openapi_url: "/api/v1/openapi.json".into(),
    };
    let domain_start = |user: Option<SignedIn>| DomainStartPage {
        tr: tr.clone(),
        domain_name: t(),
        user,
        login_url: "/d/main/login?return_to=%2Fd%2Fmain%2F".into(),
        issuer: "http://127.0.0.1:8080/d/main".into(),
        metadata_url: "/.well-known/oauth-authorization-server/d/main".into(),
    };
    let signed_in = |roles: bool| SignedIn {
        username: t(),
        account_url: "/d/main/account".into(),
        manage_url: roles.then(|| "/d/main/manage/".into()),
        admin_url: roles.then(|| "/admin/".into()),
        logout_url: "/d/main/logout".into(),
    };
    let end_session = |with_optionals: bool| EndSessionPage {
        tr: tr.clone(),
        domain_name: t(),
        action: "/d/main/oauth/logout".into(),
        username: t(),
        client_name: with_optionals.then(t),
        other_account: with_optionals,
        hidden: vec![("state".into(), t())],
        stay_url: "/d/main/".into(),
    };
    let manage = manage::samples(&tr);
    let mut pages = vec![
        ("login.html", "everything", form(login(true))),
        ("login.html", "first visit", form(login(false))),
        ("consent.html", "scopes", form(consent(scopes))),
        ("consent.html", "no scopes", form(consent(vec![]))),
        (
            "logout.html",
            "",
            form(LogoutPage {
                tr: tr.clone(),
                domain_name: t(),
                action: "/d/main/logout".into(),
                username: t(),
            }),
        ),
        (
            "error.html",
            "",
            ErrorPage {
                tr: tr.clone(),
                title: t(),
                message: t(),
                domain_name: Some(t()),
            }
            .render()
            .unwrap(),
        ),
        (
            "form_post.html",
            "",
            FormPostPage {
                tr: tr.clone(),
                action: "https://app.example/cb?x=\"y".into(),
                fields: vec![("code".into(), t()), ("state".into(), t())],
            }
            .render()
            .unwrap(),
        ),
        (
            "signed_out.html",
            "",
            SignedOutPage {
                tr: tr.clone(),
                domain_name: t(),
                login_url: "/d/main/login".into(),
                note: None,
            }
            .render()
            .unwrap(),
        ),
        (
            "signed_out.html",
            "not returned to the application",
            SignedOutPage {
                tr: tr.clone(),
                domain_name: t(),
                login_url: "/d/main/login".into(),
                note: Some(tr.t("end-session-not-returned")),
            }
            .render()
            .unwrap(),
        ),
        (
            "end_session.html",
            "an application, another account",
            form(end_session(true)),
        ),
        (
            "end_session.html",
            "no application",
            form(end_session(false)),
        ),
        (
            "start.html",
            "main domain, error",
            start(true).render().unwrap(),
        ),
        (
            "start.html",
            "no main domain",
            start(false).render().unwrap(),
        ),
        (
            "domain_start.html",
            "signed out",
            domain_start(None).render().unwrap(),
        ),
        (
            "domain_start.html",
            "signed in",
            domain_start(Some(signed_in(false))).render().unwrap(),
        ),
        (
            "domain_start.html",
            "manager and administrator",
            domain_start(Some(signed_in(true))).render().unwrap(),
        ),
    ];
    pages.extend(account::samples(&tr));
    pages.extend(manage);
    // The super administrator's pages.
    pages.extend(admin::samples(&tr));
    pages.extend(vault::samples(&tr));
    pages
}

/// (language, template file, variant, rendered HTML) for both languages.
fn rendered() -> Vec<(Lang, &'static str, &'static str, String)> {
    LANGS
        .into_iter()
        .flat_map(|lang| {
            rendered_in(lang)
                .into_iter()
                .map(move |(file, variant, html)| (lang, file, variant, html))
        })
        .collect()
}

#[test]
fn every_template_is_rendered_here() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
    let pages = rendered();
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        // The layouts pages extend (`base.html`, `manage_base.html`) and the parts they
        // include (`_audit_table.html`); each rendered page below shows them.
        if name == "base.html" || name.ends_with("_base.html") || name.starts_with('_') {
            continue;
        }
        assert!(
            pages.iter().any(|(_, file, _, _)| *file == name),
            "templates/{name} is not rendered by this test"
        );
    }
    for (lang, file, variant, html) in &pages {
        assert!(html.starts_with("<!DOCTYPE html>"), "{file} {variant}");
        assert!(html.contains("<title>"), "{file} {variant}");
        let tag = format!("<html lang=\"{}\">", lang.code());
        assert!(html.contains(&tag), "{lang:?} {file} {variant}");
    }
}

/// A form that changes anything is a POST and carries the token; the home page's domain
/// form is a GET that changes nothing, and must not put a token in a URL (it would leak to
/// logs and `Referer`).
#[test]
fn every_form_carries_the_csrf_token() {
    let input = format!("<input type=\"hidden\" name=\"csrf\" value=\"{TOKEN}\">");
    let mut forms = 0;
    for (lang, file, variant, html) in rendered() {
        // The one form that posts elsewhere: the authorization response to the client's
        // redirect URI. Our CSRF token must not travel there.
        if file == "form_post.html" {
            assert!(
                !html.contains("name=\"csrf\""),
                "no CSRF token to the client"
            );
            continue;
        }
        let all = html.matches("<form").count();
        let posts = html.matches("<form").count() - html.matches("method=\"get\"").count();
        assert_eq!(
            html.matches("method=\"post\"").count(),
            posts,
            "{lang:?} {file} {variant}: every form says its method"
        );
        assert_eq!(
            html.matches(&input).count(),
            posts,
            "{lang:?} {file} {variant}: each POST form needs the CSRF input, GET forms none"
        );
        forms += all;
    }
    assert!(forms >= 14, "the form pages were rendered");
}

#[test]
fn sample_text_is_escaped_everywhere() {
    for (lang, file, variant, html) in rendered() {
        let at = format!("{lang:?} {file} {variant}");
        assert!(!html.contains("<b>"), "{at}: raw markup");
        assert!(!html.contains("\"Tom\""), "{at}: raw quotes");
        assert!(!html.contains("'Jerry'"), "{at}: raw quotes");
        assert!(html.contains(ESCAPED), "{at}: sample shown escaped");
        // Escaped once, not twice (messages with arguments are escaped as a whole).
        assert!(!html.contains("&#38;#60;"), "{at}: escaped twice");
        // Fluent's isolation marks are off: they would be invisible junk in the HTML.
        assert!(!html.contains(['\u{2068}', '\u{2069}']), "{at}: FSI/PDI");
    }
}

#[test]
fn the_language_switch_links_back_here_in_the_other_language() {
    for (lang, file, variant, html) in rendered() {
        let other = lang.other().code();
        let link = format!(
            "href=\"/lang?to={other}&#38;return_to=%2Fd%2Fmain%2Flogin%3Fstate%3D%3Cb%3E%22Tom%22+%26+%27Jerry%27%3C%2Fb%3E\" lang=\"{other}\" hreflang=\"{other}\""
        );
        assert!(html.contains(&link), "{lang:?} {file} {variant}");
    }
}

#[test]
fn pages_speak_the_language_they_are_rendered_in() {
    let login = |lang| {
        rendered_in(lang)
            .into_iter()
            .find(|(file, _, _)| *file == "login.html")
            .unwrap()
            .2
    };
    let (en, fr) = (login(Lang::En), login(Lang::Fr));
    assert!(en.contains(">Sign in</h1>") && en.contains(">Français</a>"));
    assert!(fr.contains(">Connexion</h1>") && fr.contains(">English</a>"));
    assert!(fr.contains("Mot de passe") && !fr.contains("Password"));
}

/// Every message a template, a page helper or a handler asks for exists, in both languages:
/// rendering found them all, and each key written in the code is in the files.
#[test]
fn no_message_is_missing() {
    take_missing();
    let _ = rendered();
    for lang in LANGS {
        let tr = Tr::new(lang, "/");
        let domain = sample_domain();
        let _ = error_page(
            &tr,
            StatusCode::NOT_FOUND,
            "error-not-found-title",
            "error-not-found",
            None,
        );
        let _ = expired_form(&tr, &domain);
        let _ = see_other(&tr, "/\n");
        for e in [
            jeton_store::StoreError::Conflict("x"),
            jeton_store::StoreError::NotFound("x"),
            jeton_store::StoreError::Contended("x"),
        ] {
            let _ = unavailable(&tr, e);
        }
    }
    assert_eq!(take_missing(), Vec::<String>::new());

    let ids = message_ids(Lang::En);
    let used = keys_in_code();
    let unknown: Vec<_> = used.iter().filter(|k| !ids.contains(k)).collect();
    assert!(
        unknown.is_empty(),
        "keys in the code but not in the files: {unknown:?}"
    );
    let unused: Vec<_> = ids.iter().filter(|k| !used.contains(k)).collect();
    assert!(unused.is_empty(), "messages nothing uses: {unused:?}");
}

fn sample_domain() -> jeton_store::Domain {
    jeton_store::Domain {
        id: "d1".into(),
        slug: "main".into(),
        name: t(),
        settings: Default::default(),
        created_at: 0,
        disabled_at: None,
    }
}

/// The message keys the code names: in templates, the first argument of `tr.t*(…)` and
/// `tr.strong(…)`; in the page code (`ui/`, the not-found and metrics pages, the locale
/// itself), every kebab-case string literal outside tests.
fn keys_in_code() -> Vec<String> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut keys = Vec::new();
    for entry in std::fs::read_dir(format!("{root}/templates")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for call in ["tr.t(\"", "tr.t1(\"", "tr.t2(\"", "tr.strong(\""] {
            for rest in text.split(call).skip(1) {
                keys.push(rest[..rest.find('"').unwrap()].to_owned());
            }
        }
    }
    let mut sources = rust_files(std::path::Path::new(&format!("{root}/src/ui")));
    for f in ["ops.rs", "metrics/mod.rs", "web/locale.rs"] {
        sources.push(format!("{root}/src/{f}").into());
    }
    for path in sources {
        let text = std::fs::read_to_string(&path).unwrap();
        // Up to the unit tests, whose literals are samples rather than keys.
        let code = text.split("#[cfg(test)]\nmod tests {").next().unwrap();
        let code = code
            .split("#[cfg(test)]\npub(crate) mod tests {")
            .next()
            .unwrap();
        for (i, literal) in code.split('"').enumerate() {
            if i % 2 == 1 && is_kebab(literal) {
                keys.push(literal.to_owned());
            }
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

/// The Rust files under `dir` and its folders (`ui/account/`, ...), but not these tests
/// (their literals are samples).
fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.ends_with("pages/tests") || path.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

fn is_kebab(s: &str) -> bool {
    s.contains('-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
