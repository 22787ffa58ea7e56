//! The language of a page, chosen per request (there is no process-wide locale): the `lang`
//! query parameter, else the `jeton_lang` cookie (set by the language switch, `GET /lang`),
//! else `Accept-Language`, else English. Messages are Fluent files embedded at compile time
//! (`locales/{en,fr}/main.ftl`); handlers get a [`Tr`] through the [`Locale`] extractor and
//! hand it to their page, whose template writes `{{ tr.t("key") }}`.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;

use askama::filters::{Escaper, Html, HtmlSafeOutput};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri, header};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, langid};

use crate::web::urls::{LANG_SWITCH, with_query};

pub const COOKIE: &str = "jeton_lang";
/// How long the language cookie lasts.
const COOKIE_DAYS: i64 = 365;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Arguments are plain text inside a message that askama escapes as a whole; Unicode
        // isolation marks (FSI/PDI) around them would only end up in the HTML.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The languages of the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Fr,
}

static EN: LanguageIdentifier = langid!("en");
static FR: LanguageIdentifier = langid!("fr");

impl Lang {
    pub const DEFAULT: Self = Self::En;

    /// `en` or `fr` (ASCII case-insensitive), as the query parameter and the cookie say it.
    pub fn from_code(code: &str) -> Option<Self> {
        if code.eq_ignore_ascii_case("en") {
            Some(Self::En)
        } else if code.eq_ignore_ascii_case("fr") {
            Some(Self::Fr)
        } else {
            None
        }
    }

    /// The BCP 47 tag, for `<html lang>`, `hreflang`, the cookie and the query parameter.
    pub const fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Fr => "fr",
        }
    }

    /// The language the switch offers.
    pub const fn other(self) -> Self {
        match self {
            Self::En => Self::Fr,
            Self::Fr => Self::En,
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Self::En => &EN,
            Self::Fr => &FR,
        }
    }

    /// The language a language range of `Accept-Language` names: its primary subtag
    /// (`fr-CA` is French), `*` is the default; `None` for languages we do not have.
    fn of_range(range: &str) -> Option<Self> {
        if range == "*" {
            return Some(Self::DEFAULT);
        }
        let primary = range.split(['-', '_']).next().unwrap_or("");
        Self::from_code(primary)
    }
}

/// The best language `Accept-Language` asks for (RFC 9110 §12.5.4): the highest q-value among
/// the ranges we have, the first one listed on a tie; ranges with q=0 (refused) or a malformed
/// q-value are skipped. `None` when no range names en, fr or `*`.
pub fn from_accept_language(header: &str) -> Option<Lang> {
    let mut best: Option<(Lang, f32)> = None;
    for item in header.split(',') {
        let mut parts = item.split(';');
        let range = parts.next().unwrap_or("").trim();
        let mut q = Some(1.0_f32);
        for param in parts {
            let (name, value) = param.split_once('=').unwrap_or((param, ""));
            if name.trim().eq_ignore_ascii_case("q") {
                q = parse_q(value.trim());
            }
        }
        let (Some(lang), Some(q)) = (Lang::of_range(range), q) else {
            continue;
        };
        if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
            best = Some((lang, q));
        }
    }
    best.map(|(lang, _)| lang)
}

/// A qvalue: `0` to `1` with at most three decimals.
fn parse_q(s: &str) -> Option<f32> {
    let ok = !s.is_empty()
        && s.len() <= 5
        && s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && (s.starts_with('0') || s.starts_with('1'));
    let q: f32 = if ok { s.parse().ok()? } else { return None };
    (0.0..=1.0).contains(&q).then_some(q)
}

/// The language of a request: `?lang=`, then the cookie, then `Accept-Language`, then the
/// default. A value that names no language we have is passed over.
pub fn choose(query: Option<&str>, headers: &HeaderMap) -> Lang {
    choose_suggested(query, headers, None)
}

/// OpenID Connect's `ui_locales` (Core §3.1.2.1, RP-Initiated Logout §2): the first of its
/// space-separated language tags that we have.
pub fn from_ui_locales(ui_locales: &str) -> Option<Lang> {
    ui_locales
        .split(' ')
        .find_map(|tag| Lang::from_code(tag.split(['-', '_']).next().unwrap_or("")))
}

/// [`choose`] when a client suggested a language (`ui_locales`): the person's own choice
/// (`?lang=`, the cookie) still wins, the suggestion comes before `Accept-Language`.
pub fn choose_suggested(query: Option<&str>, headers: &HeaderMap, suggested: Option<Lang>) -> Lang {
    let from_query = query.and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "lang")
            .and_then(|(_, v)| Lang::from_code(&v))
    });
    let from_cookie = || {
        CookieJar::from_headers(headers)
            .get(COOKIE)
            .and_then(|c| Lang::from_code(c.value()))
    };
    let from_header = || {
        headers
            .get_all(header::ACCEPT_LANGUAGE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(from_accept_language)
    };
    // OpenID Connect `ui_locales` (Core §3.1.2.1): the application's word for the person's
    // languages, on the authorization request — or on the request the login page will
    // return to. Below the person's own choice (the switch), above the browser's.
    let in_request = || {
        let query = query?;
        let params: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        let direct = params.iter().find(|(k, _)| k == "ui_locales").cloned();
        let nested = || {
            let (_, return_to) = params.iter().find(|(k, _)| k == "return_to")?;
            let (_, inner) = return_to.split_once('?')?;
            url::form_urlencoded::parse(inner.as_bytes())
                .into_owned()
                .find(|(k, _)| k == "ui_locales")
        };
        let (_, tags) = direct.or_else(nested)?;
        from_ui_locales(&tags)
    };
    from_query
        .or_else(from_cookie)
        .or(suggested)
        .or_else(in_request)
        .or_else(from_header)
        .unwrap_or(Lang::DEFAULT)
}

/// The cookie the language switch sets: for every page (`Path=/`), a year.
pub fn cookie(lang: Lang, secure: bool) -> Cookie<'static> {
    Cookie::build((COOKIE, lang.code()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(time::Duration::days(COOKIE_DAYS))
        .build()
}

/// The translator a page renders with: the request's language and where the request was
/// (for the link to the same page in the other language). Cheap to clone.
#[derive(Clone, Debug)]
pub struct Tr {
    lang: Lang,
    /// Path and query of the page, without any `lang` parameter.
    here: Arc<str>,
}

/// A Fluent argument: text (inserted as is; the page escapes it) or a number (which plural
/// selectors such as `[one]` can match).
pub trait Arg {
    fn fluent(&self) -> FluentValue<'_>;
}

impl Arg for str {
    fn fluent(&self) -> FluentValue<'_> {
        FluentValue::from(self)
    }
}

impl Arg for String {
    fn fluent(&self) -> FluentValue<'_> {
        FluentValue::from(self.as_str())
    }
}

impl Arg for u64 {
    fn fluent(&self) -> FluentValue<'_> {
        FluentValue::from(*self)
    }
}

impl<T: Arg + ?Sized> Arg for &T {
    fn fluent(&self) -> FluentValue<'_> {
        (**self).fluent()
    }
}

impl Tr {
    pub fn new(lang: Lang, here: &str) -> Self {
        Self {
            lang,
            here: here.into(),
        }
    }

    /// The language and place of a request (what [`Locale`] extracts).
    pub fn of_request(uri: &Uri, headers: &HeaderMap) -> Self {
        let lang = choose(uri.query(), headers);
        Self::new(lang, &without_lang(uri.path(), uri.query()))
    }

    /// The same place in another language.
    pub fn in_lang(&self, lang: Lang) -> Self {
        Self {
            lang,
            here: self.here.clone(),
        }
    }

    /// The same translator for a page that stands for another address: a page rendered for
    /// a POST links the switch to the GET that shows it again.
    pub fn at(&self, here: &str) -> Self {
        Self::new(self.lang, here)
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The message `key`.
    pub fn t(&self, key: &str) -> String {
        self.lookup(key, None)
    }

    /// The message `key` with the argument `$name`.
    pub fn t1(&self, key: &str, name: &str, value: impl Arg) -> String {
        let args = HashMap::from([(name, value.fluent())]);
        self.lookup(key, Some(&args))
    }

    /// The message `key` with the arguments `$name1` and `$name2`.
    pub fn t2(
        &self,
        key: &str,
        name1: &str,
        value1: impl Arg,
        name2: &str,
        value2: impl Arg,
    ) -> String {
        let args = HashMap::from([(name1, value1.fluent()), (name2, value2.fluent())]);
        self.lookup(key, Some(&args))
    }

    /// The message `key` as HTML, its argument `$name` in `<strong>`: message and argument
    /// are both escaped here, so the template writes the result as it is.
    pub fn strong(&self, key: &str, name: &str, value: impl AsRef<str>) -> HtmlSafeOutput<String> {
        // A private-use character stands for the argument: it is in no message.
        const MARK: &str = "\u{e000}";
        let text = self.t1(key, name, MARK);
        let mut html = String::with_capacity(text.len() + value.as_ref().len() + 32);
        for (i, part) in text.split(MARK).enumerate() {
            if i > 0 {
                html.push_str("<strong>");
                let _ = Html.write_escaped_str(&mut html, value.as_ref());
                html.push_str("</strong>");
            }
            let _ = Html.write_escaped_str(&mut html, part);
        }
        HtmlSafeOutput(html)
    }

    /// The other language's name, in that language ("Français" on English pages).
    pub fn switch_label(&self) -> String {
        self.t("lang-switch")
    }

    /// The address that switches to the other language and comes back here.
    pub fn switch_url(&self) -> String {
        with_query(
            LANG_SWITCH,
            &[("to", self.lang.other().code()), ("return_to", &self.here)],
        )
    }

    fn lookup(&self, key: &str, args: Option<&HashMap<&str, FluentValue<'_>>>) -> String {
        if let Ok(text) = LOCALES.lookup_single_language(self.lang.id(), key, args) {
            return text;
        }
        // A missing or broken message is a bug (the tests look for them): say which, and show
        // the English text if there is one rather than nothing.
        tracing::error!(key, lang = self.lang.code(), "message missing or broken");
        #[cfg(test)]
        MISSING.with(|m| m.borrow_mut().push(format!("{}: {key}", self.lang.code())));
        if self.lang != Lang::En
            && let Ok(text) = LOCALES.lookup_single_language(&EN, key, args)
        {
            return text;
        }
        key.to_owned()
    }
}

/// `path_and_query` without its `lang` parameter, which would win over the language switch.
pub fn without_lang_param(path_and_query: &str) -> String {
    match path_and_query.split_once('?') {
        Some((path, query)) => without_lang(path, Some(query)),
        None => path_and_query.to_owned(),
    }
}

fn without_lang(path: &str, query: Option<&str>) -> String {
    let kept: Vec<&str> = query
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty() && p.split('=').next() != Some("lang"))
        .collect();
    if kept.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", kept.join("&"))
    }
}

/// The request's [`Tr`]; never fails.
pub struct Locale(pub Tr);

impl<S: Send + Sync> FromRequestParts<S> for Locale {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(Tr::of_request(&parts.uri, &parts.headers)))
    }
}

#[cfg(test)]
thread_local! {
    /// The messages this thread failed to find, for the tests to look at.
    static MISSING: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The messages this thread's lookups have failed to find since the last call (tests only).
#[cfg(test)]
pub(crate) fn take_missing() -> Vec<String> {
    MISSING.with(|m| std::mem::take(&mut *m.borrow_mut()))
}

/// Only for this module's tests and the page tests: the message files as shipped.
#[cfg(test)]
pub(crate) fn message_file(lang: Lang) -> &'static str {
    match lang {
        Lang::En => include_str!("../../locales/en/main.ftl"),
        Lang::Fr => include_str!("../../locales/fr/main.ftl"),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    #[test]
    fn accept_language_q_values_regions_and_order() {
        use Lang::*;
        let cases: &[(&str, Option<Lang>)] = &[
            ("fr", Some(Fr)),
            ("fr-CA", Some(Fr)),
            ("FR-ca", Some(Fr)),
            ("fr_FR", Some(Fr)),
            ("en-GB,en;q=0.9", Some(En)),
            ("de-DE, fr;q=0.5, en;q=0.3", Some(Fr)),
            ("en;q=0.3, fr;q=0.8", Some(Fr)),
            ("fr;q=0.8, en;q=0.8", Some(Fr)),
            ("en;q=0.8, fr;q=0.8", Some(En)),
            (" fr-BE ; q=1.0 , en ; q=0.1", Some(Fr)),
            ("fr;q=0, en;q=0.1", Some(En)),
            ("fr;q=0", None),
            ("de, es;q=0.9", None),
            ("*", Some(En)),
            ("de, *;q=0.5, fr;q=0.4", Some(En)),
            ("", None),
            ("french", None),
            ("frx", None),
            (";;;,,,", None),
            ("fr;q=abc, en;q=0.5", Some(En)),
            ("fr;q=2, en;q=0.5", Some(En)),
            ("fr;q=-1", None),
            ("fr;q=0.12345", None),
            ("fr;level=1;q=0.7, en;q=0.6", Some(Fr)),
        ];
        for (header, want) in cases {
            assert_eq!(from_accept_language(header), *want, "{header:?}");
        }
    }

    #[test]
    fn query_wins_then_cookie_then_header_then_english() {
        let fr_header = headers(&[("accept-language", "fr-CA,fr;q=0.9")]);
        let en_cookie_fr_header = headers(&[
            ("cookie", "jeton_session=x; jeton_lang=en"),
            ("accept-language", "fr"),
        ]);
        assert_eq!(choose(None, &HeaderMap::new()), Lang::En);
        assert_eq!(choose(None, &fr_header), Lang::Fr);
        assert_eq!(choose(Some("lang=en"), &fr_header), Lang::En);
        assert_eq!(choose(None, &en_cookie_fr_header), Lang::En);
        assert_eq!(choose(Some("a=1&lang=fr"), &en_cookie_fr_header), Lang::Fr);
        // A value that names no language is passed over, not an error.
        assert_eq!(choose(Some("lang=de"), &fr_header), Lang::Fr);
        let bad_cookie = headers(&[("cookie", "jeton_lang=xx"), ("accept-language", "fr")]);
        assert_eq!(choose(None, &bad_cookie), Lang::Fr);
        let garbage = headers(&[("accept-language", "\"<>\"; q=; ,")]);
        assert_eq!(choose(None, &garbage), Lang::En);
    }

    #[test]
    fn ui_locales_come_after_the_persons_choice_and_before_the_browsers() {
        assert_eq!(from_ui_locales("de fr-CA en"), Some(Lang::Fr));
        assert_eq!(from_ui_locales("de"), None);
        assert_eq!(from_ui_locales(""), None);
        let fr_header = headers(&[("accept-language", "fr")]);
        let en_cookie = headers(&[("cookie", "jeton_lang=en")]);
        assert_eq!(choose_suggested(None, &fr_header, Some(Lang::En)), Lang::En);
        assert_eq!(choose_suggested(None, &en_cookie, Some(Lang::Fr)), Lang::En);
        assert_eq!(
            choose_suggested(Some("lang=fr"), &HeaderMap::new(), Some(Lang::En)),
            Lang::Fr
        );
        assert_eq!(choose_suggested(None, &fr_header, None), Lang::Fr);
    }

    #[test]
    fn here_drops_the_lang_parameter() {
        let uri: Uri = "/d/main/login?lang=fr&return_to=%2Fd%2Fmain%2F&langue=x"
            .parse()
            .unwrap();
        let tr = Tr::of_request(&uri, &HeaderMap::new());
        assert_eq!(tr.lang(), Lang::Fr);
        assert_eq!(&*tr.here, "/d/main/login?return_to=%2Fd%2Fmain%2F&langue=x");
        assert_eq!(
            tr.switch_url(),
            "/lang?to=en&return_to=%2Fd%2Fmain%2Flogin%3Freturn_to%3D%252Fd%252Fmain%252F%26langue%3Dx"
        );
        assert_eq!(without_lang_param("/d/main/?lang=fr"), "/d/main/");
        assert_eq!(
            without_lang_param("/d/main/?a=1&lang=fr&b"),
            "/d/main/?a=1&b"
        );
        let tr = Tr::of_request(&"/?lang=en".parse().unwrap(), &HeaderMap::new());
        assert_eq!(&*tr.here, "/");
        assert_eq!(tr.switch_url(), "/lang?to=fr&return_to=%2F");
    }

    #[test]
    fn messages_take_arguments_without_isolation_marks() {
        let en = Tr::new(Lang::En, "/");
        let fr = Tr::new(Lang::Fr, "/");
        assert_eq!(en.t("login-heading"), "Sign in");
        assert_eq!(fr.t("login-heading"), "Connexion");
        assert_eq!(
            en.t1("login-title", "domain", "<Acme>"),
            "Sign in to <Acme>",
            "plain text: the template escapes it"
        );
        assert_eq!(fr.t1("login-title", "domain", "Acme"), "Connexion à Acme");
        let minutes = |tr: &Tr, n: u64| tr.t1("login-throttled", "minutes", n);
        assert_eq!(
            minutes(&en, 1),
            "Too many failed attempts. Try again in 1 minute."
        );
        assert_eq!(
            minutes(&en, 5),
            "Too many failed attempts. Try again in 5 minutes."
        );
        assert!(minutes(&fr, 1).ends_with("dans 1 minute."));
        assert!(minutes(&fr, 5).ends_with("dans 5 minutes."));
        for s in [minutes(&en, 5), fr.t1("login-title", "domain", "Acme")] {
            assert!(!s.contains(['\u{2068}', '\u{2069}']), "{s:?}");
        }
        assert_eq!(en.switch_label(), "Français");
        assert_eq!(fr.switch_label(), "English");
    }

    #[test]
    fn strong_escapes_message_and_argument() {
        let en = Tr::new(Lang::En, "/");
        assert_eq!(
            en.strong("consent-signed-in-as", "user", "<b>\"x\" & 'y'</b>")
                .0,
            "Signed in as <strong>&#60;b&#62;&#34;x&#34; &#38; &#39;y&#39;&#60;/b&#62;</strong>"
        );
        let fr = Tr::new(Lang::Fr, "/");
        assert_eq!(
            fr.strong("logout-signed-in-as", "user", "alice").0,
            "Vous êtes connecté en tant que <strong>alice</strong>."
        );
    }

    #[test]
    fn a_missing_message_shows_its_key() {
        let fr = Tr::new(Lang::Fr, "/");
        take_missing();
        assert_eq!(fr.t("no-such-message"), "no-such-message");
        // A message called without its argument is broken too: not half a sentence.
        assert_eq!(fr.t("login-title"), "login-title");
        assert_eq!(take_missing(), ["fr: no-such-message", "fr: login-title"]);
    }

    /// The ids of the messages of a file (parsed, so that a syntax error fails here too).
    pub(crate) fn message_ids(lang: Lang) -> Vec<String> {
        let ast = fluent_syntax::parser::parse(message_file(lang))
            .unwrap_or_else(|(_, errors)| panic!("{lang:?}: {errors:?}"));
        let mut ids: Vec<String> = ast
            .body
            .iter()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                fluent_syntax::ast::Entry::Term(t) => Some(format!("-{}", t.id.name)),
                _ => None,
            })
            .collect();
        let count = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), count, "{lang:?}: a message is defined twice");
        ids
    }

    #[test]
    fn every_message_is_in_both_languages() {
        let en = message_ids(Lang::En);
        let fr = message_ids(Lang::Fr);
        let only_en: Vec<_> = en.iter().filter(|k| !fr.contains(k)).collect();
        let only_fr: Vec<_> = fr.iter().filter(|k| !en.contains(k)).collect();
        assert!(only_en.is_empty(), "missing in fr/main.ftl: {only_en:?}");
        assert!(only_fr.is_empty(), "missing in en/main.ftl: {only_fr:?}");
        assert!(en.len() > 50, "the files were read");
    }

    #[test]
    fn the_cookie_is_for_every_page_for_a_year() {
        let c = cookie(Lang::Fr, false).to_string();
        assert!(c.starts_with("jeton_lang=fr"), "{c}");
        assert!(c.contains("Path=/;") || c.ends_with("Path=/"), "{c}");
        assert!(c.contains("SameSite=Lax") && c.contains("HttpOnly"), "{c}");
        assert!(c.contains("Max-Age=31536000"), "{c}");
        assert!(!c.contains("Secure"), "{c}");
        assert!(cookie(Lang::En, true).to_string().contains("Secure"));
    }
}
