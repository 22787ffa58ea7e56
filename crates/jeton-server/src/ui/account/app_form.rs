//! The form of "My applications", to register one and to edit one: what it holds (empty, as
//! the application is, or as sent), the request it makes, and the form the page renders, with
//! the message next to a refused field in the page's language. The messages state the rules
//! `client_registration::plan_application` applied (the same core rules, read here to
//! explain rather than to decide).

use jeton_core::client_registration::{
    ApplicationRequest, FieldError, MAX_APPLICATION_REDIRECT_URIS,
};
use jeton_core::grant_type::AuthMethod;
use jeton_core::ids::new_id;
use jeton_core::redirect_uri::{self, InvalidRedirectUri};
use jeton_flows::error::ManageError;
use jeton_store::Client;

use super::Visit;
use crate::state::AppState;
use crate::ui::form::PageForm;
use crate::ui::pages::{AppForm, FieldErrors, ScopeChoice, ScopeView};
use crate::web::locale::Tr;

/// What the application form holds.
pub(super) struct Typed {
    /// The register form's value, minted when it is shown: the same form sent again
    /// registers nothing more. `None` in the edit form.
    once: Option<String>,
    name: String,
    description: String,
    /// One per line, as typed.
    redirect_uris: String,
    scopes: Vec<String>,
    /// As sent (`client_secret_basic` or `client_secret_post`; anything else is refused).
    auth_method: String,
}

impl Typed {
    /// The register form as first shown: empty, no scope checked, HTTP Basic, a new `once`.
    pub(super) fn fresh(state: &AppState) -> Self {
        Self {
            once: Some(new_id(state.flows.random())),
            name: String::new(),
            description: String::new(),
            redirect_uris: String::new(),
            scopes: Vec::new(),
            auth_method: AuthMethod::ClientSecretBasic.as_str().to_owned(),
        }
    }

    /// The edit form of `app`, as it is.
    pub(super) fn of(app: &Client) -> Self {
        Self {
            once: None,
            name: app.name.clone(),
            description: app.description.clone(),
            redirect_uris: app.redirect_uris.join("\n"),
            scopes: app.allowed_scopes.iter().map(str::to_owned).collect(),
            auth_method: app.auth_method.as_str().to_owned(),
        }
    }

    /// The form as sent: the register form (with its `once`) or the edit form.
    pub(super) fn posted(form: &PageForm, register: bool) -> Self {
        let text = |name| form.get(name).unwrap_or("").to_owned();
        Self {
            // A register form that lost its `once` still registers (with a random id).
            once: register.then(|| text("once")),
            name: text("name"),
            description: text("description"),
            // Browsers send CR LF between a textarea's lines.
            redirect_uris: text("redirect_uris").replace("\r\n", "\n"),
            scopes: form
                .0
                .iter()
                .filter(|(k, _)| k == "scope")
                .map(|(_, v)| v.clone())
                .collect(),
            auth_method: text("auth_method"),
        }
    }

    /// The register form's `once`, if it has one.
    pub(super) fn once(&self) -> Option<&str> {
        self.once.as_deref().filter(|o| !o.is_empty())
    }

    /// The redirect URIs typed, one per line, without blank lines.
    fn uris(&self) -> Vec<String> {
        self.redirect_uris
            .lines()
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// What the form asks the flow for (which trims and checks every field).
    pub(super) fn request(&self) -> ApplicationRequest {
        ApplicationRequest {
            name: self.name.clone(),
            description: self.description.clone(),
            redirect_uris: self.uris(),
            scopes: self.scopes.clone(),
            auth_method: Some(self.auth_method.clone()).filter(|m| !m.is_empty()),
        }
    }
}

/// The form to render, sent to `action`: every scope of the domain with its description,
/// what was typed, and the message about a refused field.
pub(super) async fn form(
    state: &AppState,
    v: &Visit,
    action: String,
    typed: Typed,
    error: Option<FieldError>,
) -> Result<AppForm, ManageError> {
    let definitions = state.flows.scope_definitions(&v.domain.id).await?;
    let scopes = ScopeView::describe(definitions.iter().map(|d| d.name.as_str()), &definitions)
        .into_iter()
        .map(|scope| ScopeChoice {
            checked: typed.scopes.contains(&scope.name),
            scope,
        })
        .collect();
    let mut errors = FieldErrors::default();
    if let Some(e) = error {
        let (field, message) = message(&v.tr, &e, &typed.uris());
        errors.add(field, message);
    }
    Ok(AppForm {
        action,
        once: typed.once,
        auth_post: typed.auth_method == AuthMethod::ClientSecretPost.as_str(),
        name: typed.name,
        description: typed.description,
        redirect_uris: typed.redirect_uris,
        scopes,
        errors,
    })
}

/// The field a refusal names (as the form calls it) and what to say next to it.
fn message(tr: &Tr, e: &FieldError, uris: &[String]) -> (&'static str, String) {
    match e.field {
        "name" => ("name", tr.t("clients-error-name")),
        "description" => ("description", tr.t("account-my-apps-error-description")),
        "redirect_uris" => ("redirect_uris", uris_refused(tr, uris)),
        "scopes" => ("scopes", tr.t("account-my-apps-error-scopes")),
        "auth_method" => ("auth_method", tr.t("account-my-apps-error-auth")),
        _ => ("form", tr.t("account-my-apps-error-form")),
    }
}

/// Why the redirect URIs were refused: how many there are, or the first that cannot be
/// registered and why (`redirect_uri::check_registrable`, the flow's rule).
fn uris_refused(tr: &Tr, uris: &[String]) -> String {
    let max = MAX_APPLICATION_REDIRECT_URIS as u64;
    if uris.is_empty() || uris.len() > MAX_APPLICATION_REDIRECT_URIS {
        return tr.t1("account-my-apps-error-uri-count", "max", max);
    }
    for uri in uris {
        let key = match redirect_uri::check_registrable(uri) {
            Ok(()) => continue,
            Err(InvalidRedirectUri::NotAbsolute) => "account-my-apps-error-uri-absolute",
            Err(InvalidRedirectUri::HasFragment) => "account-my-apps-error-uri-fragment",
            Err(InvalidRedirectUri::InsecureScheme) => "account-my-apps-error-uri-scheme",
        };
        return tr.t1(key, "uri", uri);
    }
    tr.t1("account-my-apps-error-uri-count", "max", max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::locale::{Lang, take_missing};

    /// Every message these explanations use exists in both languages, with its arguments.
    #[test]
    fn every_refusal_reads_in_both_languages() {
        take_missing();
        for lang in [Lang::En, Lang::Fr] {
            let tr = Tr::new(lang, "/");
            for f in [
                "name",
                "description",
                "redirect_uris",
                "scopes",
                "auth_method",
                "other",
            ] {
                let (_, m) = message(&tr, &FieldError::new(f, "x"), &[]);
                assert!(!m.is_empty(), "{f}");
            }
            let uris = |u: &[&str]| u.iter().map(|s| s.to_string()).collect::<Vec<_>>();
            assert!(uris_refused(&tr, &[]).contains("10"));
            assert!(uris_refused(&tr, &uris(&["https://a.example/cb"; 11])).contains("10"));
            for bad in [
                "not a uri",
                "https://a.example/cb#x",
                "http://a.example/cb",
                "ftp://a.example/cb",
            ] {
                let m = uris_refused(&tr, &uris(&["https://ok.example/cb", bad]));
                assert!(m.contains(bad), "{bad}: {m}");
            }
        }
        assert_eq!(take_missing(), Vec::<String>::new());
    }
}
