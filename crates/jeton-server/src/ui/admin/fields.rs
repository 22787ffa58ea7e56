//! What the flows refuse in the admin forms, in the page's language, next to the field it is
//! about. The flows name the field (`FieldError`) and say why in English for the API and the
//! CLI; a page states the rule the flow applied, read from core to explain, not to decide
//! (as `ui::manage::refusal` does for the manager pages).

use jeton_core::client_registration::{ExpiryDates, FieldError};
use jeton_core::redirect_uri;

use crate::ui::manage::refusal;
use crate::web::locale::Tr;

/// Which admin form a refusal comes from (the same field name means different things in
/// different forms: `name` is a domain's, a consumer's or a token's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    NewDomain,
    Rename,
    Appoint,
    Consumer,
    Token,
}

/// The page's field a refusal is shown next to, and what it says.
pub fn message(
    tr: &Tr,
    form: Form,
    e: &FieldError,
    typed_uris: &[String],
    offered: Option<&ExpiryDates>,
) -> (&'static str, String) {
    match (form, e.field) {
        (Form::NewDomain, "slug") => ("slug", tr.t("admin-error-slug")),
        (Form::NewDomain, "name") => ("name", tr.t("admin-error-domain-name")),
        (Form::Rename, _) => ("domain_name", tr.t("admin-error-domain-name")),
        (Form::Appoint, _) => ("username", tr.t("manage-error-username")),
        (Form::Consumer, "name") => ("consumer_name", tr.t("admin-error-consumer-name")),
        (Form::Consumer, "redirect_uris") => ("redirect_uris", redirect_uris(tr, typed_uris)),
        (Form::Consumer, "grant_types") => ("grant_types", tr.t("admin-error-grants")),
        (Form::Consumer, "scopes") => ("scopes", tr.t("admin-error-scopes")),
        (Form::Token, "name") => ("name", tr.t("admin-error-token-name")),
        (Form::Token, "scope") => ("scope", tr.t("admin-error-token-scope")),
        (Form::Token, "expires_at") => match offered {
            Some(d) => (
                "expires_at",
                tr.t2(
                    "admin-error-token-expires",
                    "earliest",
                    &d.earliest,
                    "latest",
                    &d.latest,
                ),
            ),
            None => ("expires_at", tr.t("manage-error-invalid")),
        },
        (Form::NewDomain, _) => ("slug", refusal::field(tr, e)),
        (Form::Consumer, _) => ("consumer_name", refusal::field(tr, e)),
        (Form::Token, _) => ("name", refusal::field(tr, e)),
    }
}

/// Why the redirect URIs were refused: the first one that cannot be registered
/// (`redirect_uri::check_registrable`, the flow's rule), or none given for the authorization
/// code.
fn redirect_uris(tr: &Tr, typed: &[String]) -> String {
    match typed
        .iter()
        .find(|u| redirect_uri::check_registrable(u).is_err())
    {
        Some(uri) => tr.t1("admin-error-redirect-uri", "uri", uri),
        None => tr.t("admin-error-redirect-needed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::locale::{Lang, take_missing};

    /// Every message these explanations use exists in both languages, with its arguments.
    #[test]
    fn every_refusal_reads_in_both_languages() {
        take_missing();
        let dates = ExpiryDates {
            earliest: "2027-01-02".into(),
            latest: "2028-01-01".into(),
        };
        for lang in [Lang::En, Lang::Fr] {
            let tr = Tr::new(lang, "/admin/");
            for (form, f) in [
                (Form::NewDomain, "slug"),
                (Form::NewDomain, "name"),
                (Form::NewDomain, "other"),
                (Form::Rename, "name"),
                (Form::Appoint, "username"),
                (Form::Consumer, "name"),
                (Form::Consumer, "redirect_uris"),
                (Form::Consumer, "grant_types"),
                (Form::Consumer, "scopes"),
                (Form::Consumer, "client"),
                (Form::Token, "name"),
                (Form::Token, "scope"),
                (Form::Token, "expires_at"),
                (Form::Token, "other"),
            ] {
                let (_, m) = message(&tr, form, &FieldError::new(f, "x"), &[], Some(&dates));
                assert!(!m.is_empty());
            }
            let bad = [
                "https://ok.example/cb".to_owned(),
                "http://no.example/cb".to_owned(),
            ];
            let (field, m) = message(
                &tr,
                Form::Consumer,
                &FieldError::new("redirect_uris", "x"),
                &bad,
                None,
            );
            assert_eq!(field, "redirect_uris");
            assert!(m.contains("http://no.example/cb"), "{m}");
            let (_, m) = message(
                &tr,
                Form::Token,
                &FieldError::new("expires_at", "x"),
                &[],
                Some(&dates),
            );
            assert!(m.contains("2028-01-01"), "{m}");
        }
        assert_eq!(take_missing(), Vec::<String>::new());
    }
}
