//! The create form of "My OAuth clients": what it holds (as first shown, or as sent), the
//! request it makes, and the form the page renders, with the message next to a refused
//! field in the page's language.

use jeton_core::client_registration::{
    ExpiryDates, FieldError, PersonalClientRequest, personal_client_expiry_dates,
};
use jeton_core::dates;
use jeton_core::ids::new_id;
use jeton_core::scope::ScopeSet;
use jeton_flows::error::ManageError;

use super::Visit;
use crate::state::AppState;
use crate::ui::form::PageForm;
use crate::ui::pages::{Field, NewClientForm, ScopeChoice, ScopeView};
use crate::web::locale::Tr;
use crate::web::urls::Endpoint;

/// What the create form holds.
pub(super) struct Typed {
    /// Minted when the form is shown; the same form sent again creates nothing more.
    once: String,
    name: String,
    expires: String,
    /// The scopes checked; `None` when the form is first shown (all are checked then).
    checked: Option<Vec<String>>,
}

impl Typed {
    /// The form as first shown: empty, every scope checked, a new `once`.
    pub(super) fn fresh(state: &AppState) -> Self {
        Self {
            once: new_id(state.flows.random()),
            name: String::new(),
            expires: String::new(),
            checked: None,
        }
    }

    /// The form as sent.
    pub(super) fn posted(form: &PageForm) -> Self {
        Self {
            once: form.get("once").unwrap_or("").to_owned(),
            name: form.get("name").unwrap_or("").to_owned(),
            expires: form.get("expires_at").unwrap_or("").trim().to_owned(),
            checked: Some(
                form.0
                    .iter()
                    .filter(|(k, _)| k == "scope")
                    .map(|(_, v)| v.clone())
                    .collect(),
            ),
        }
    }

    /// The form's `once` (none in a form that lost it: the client then gets a random id).
    pub(super) fn once(&self) -> Option<&str> {
        Some(self.once.as_str()).filter(|o| !o.is_empty())
    }

    /// What the form asks the flow for. The form's rule, stated on the page: the client gets
    /// exactly the scopes checked (none checked: none).
    pub(super) fn request(&self) -> Result<PersonalClientRequest, FieldError> {
        let scopes = ScopeSet::from_tokens(self.checked.iter().flatten())
            .map_err(|e| FieldError::new("scopes", e.to_string()))?;
        Ok(PersonalClientRequest {
            name: self.name.clone(),
            // A date that does not parse is no date: the flow says the expiry date is missing.
            expires_at: dates::parse_expiry(&self.expires).ok(),
            scopes: Some(scopes),
        })
    }
}

/// The form to render: the scopes the person holds, the dates the domain allows, what was
/// typed, and the message about a refused field.
pub(super) async fn form(
    state: &AppState,
    v: &Visit,
    typed: Typed,
    error: Option<FieldError>,
) -> Result<NewClientForm, ManageError> {
    let held = state.flows.my_scopes(&v.domain, &v.user).await?;
    let definitions = state.flows.scope_definitions(&v.domain.id).await?;
    let offered = personal_client_expiry_dates(&v.domain.settings, state.flows.now());
    let scopes = ScopeView::describe(held.iter(), &definitions)
        .into_iter()
        .map(|scope| ScopeChoice {
            checked: typed
                .checked
                .as_ref()
                .is_none_or(|c| c.contains(&scope.name)),
            scope,
        })
        .collect();
    let error = error.map(|e| message(&v.tr, &e, &offered));
    Ok(NewClientForm {
        action: Endpoint::AccountClients.path(&v.domain.slug),
        once: typed.once,
        name: typed.name,
        expires: typed.expires,
        earliest: offered.earliest,
        latest: offered.latest,
        scopes,
        error,
    })
}

/// The message shown next to the field a refusal names.
fn message(tr: &Tr, e: &FieldError, offered: &ExpiryDates) -> (Field, String) {
    match e.field {
        "name" => (Field::Name, tr.t("clients-error-name")),
        "expires_at" => (
            Field::Expiry,
            tr.t2(
                "clients-error-expires",
                "earliest",
                &offered.earliest,
                "latest",
                &offered.latest,
            ),
        ),
        "scopes" => (Field::Scopes, tr.t("clients-error-scopes")),
        _ => (Field::Form, tr.t("clients-error-form")),
    }
}
