//! What a client may be registered with (DESIGN §4 `client create`, and the pages and API
//! that will register clients): its name, how it authenticates, which grants it gets when none
//! are named. `grant_type::check_client_settings` then checks that the whole fits together.

use crate::clock::UnixTime;
use crate::dates;
use crate::entities::DomainSettings;
use crate::grant_type::{AuthMethod, GrantType};
use crate::roles;
use crate::scope::ScopeSet;

/// Input that cannot be accepted, naming the field (the API's 400 says which one).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

/// Why someone may not create personal clients at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonalClientsRefusal {
    /// The domain has personal clients switched off.
    SwitchedOff,
    /// The person lacks the role that allows them (`roles::PERSONAL_CLIENTS`).
    NoRole,
}

/// Whether a person holding `user_roles` may have personal clients in a domain with
/// `settings` (the "My OAuth clients" section is shown only then).
pub fn may_have_personal_clients(
    settings: &DomainSettings,
    user_roles: &[String],
) -> Result<(), PersonalClientsRefusal> {
    if !settings.personal_clients_enabled {
        return Err(PersonalClientsRefusal::SwitchedOff);
    }
    if !roles::holds(user_roles, roles::PERSONAL_CLIENTS) {
        return Err(PersonalClientsRefusal::NoRole);
    }
    Ok(())
}

/// A personal client as its owner asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonalClientRequest {
    pub name: String,
    pub expires_at: Option<UnixTime>,
    /// `None`: every scope the owner is entitled to now.
    pub scopes: Option<ScopeSet>,
}

/// A personal client that may be created: its trimmed name, its expiry and its scopes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonalClientPlan {
    pub name: String,
    pub expires_at: UnixTime,
    pub scopes: ScopeSet,
}

/// The rules of DESIGN §1 for a personal client: a name, an expiry date that is required, in
/// the future and within the domain's maximum lifetime, and scopes within the owner's own
/// (`entitled`). With no scopes named, the client gets the owner's entitled scopes as of
/// now; at every request it is further narrowed to what the owner holds then.
pub fn plan_personal_client(
    request: &PersonalClientRequest,
    entitled: &ScopeSet,
    settings: &DomainSettings,
    now: UnixTime,
) -> Result<PersonalClientPlan, FieldError> {
    let name = name(&request.name).map_err(|m| FieldError::new("name", m))?;
    let expires_at = request
        .expires_at
        .ok_or_else(|| FieldError::new("expires_at", "a personal client needs an expiry date"))?;
    check_expiry(expires_at, now).map_err(|m| FieldError::new("expires_at", m))?;
    let max = settings.personal_client_max_lifetime_secs;
    if expires_at - now > max {
        return Err(FieldError::new(
            "expires_at",
            format!(
                "the expiry date is more than {} days away, the most this domain allows",
                max / 86_400
            ),
        ));
    }
    let scopes = match &request.scopes {
        None => entitled.clone(),
        Some(asked) => {
            let beyond = asked.difference(entitled);
            if !beyond.is_empty() {
                return Err(FieldError::new(
                    "scopes",
                    format!("you do not hold these scopes: {beyond}"),
                ));
            }
            asked.clone()
        }
    };
    Ok(PersonalClientPlan {
        name: name.to_owned(),
        expires_at,
        scopes,
    })
}

/// The expiry dates a form offers for a new personal client, as `YYYY-MM-DD` (the `min` and
/// `max` of an `<input type="date">`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpiryDates {
    /// Tomorrow.
    pub earliest: String,
    /// The last day that [`plan_personal_client`] accepts: a date means "through that day"
    /// (`dates::parse_expiry`), so its end must lie within the domain's maximum lifetime.
    pub latest: String,
}

/// See [`ExpiryDates`].
pub fn personal_client_expiry_dates(settings: &DomainSettings, now: UnixTime) -> ExpiryDates {
    const DAY: i64 = 86_400;
    let latest = dates::date_field(now + settings.personal_client_max_lifetime_secs - DAY);
    let earliest = dates::date_field(now + DAY);
    ExpiryDates {
        // A domain whose maximum is under two days offers what it accepts: today at most.
        earliest: earliest.min(latest.clone()),
        latest,
    }
}

/// A client's display name, trimmed: 1 to 200 characters.
pub fn name(s: &str) -> Result<&str, String> {
    let name = s.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err("a client name has 1 to 200 characters".into());
    }
    Ok(name)
}

/// How the client authenticates: public clients have no secret (`none`); a confidential
/// client defaults to `client_secret_basic`, the method RFC 6749 §2.3.1 requires servers to
/// support.
pub fn auth_method(public: bool, requested: Option<&str>) -> Result<AuthMethod, String> {
    match (public, requested) {
        (true, None | Some("none")) => Ok(AuthMethod::None),
        (true, Some(m)) => Err(format!(
            "a public client has no secret: --auth-method {m} contradicts --public"
        )),
        (false, None) => Ok(AuthMethod::ClientSecretBasic),
        (false, Some(m)) => AuthMethod::parse(m).ok_or_else(|| {
            format!(
                "unknown auth method {m:?}: use client_secret_basic, client_secret_post or none"
            )
        }),
    }
}

/// The grants named (each once), or the defaults: a client with redirect URIs acts for
/// people (authorization code, with refresh tokens); one without acts for itself (client
/// credentials).
pub fn grant_types(
    requested: &[String],
    has_redirect_uris: bool,
) -> Result<Vec<GrantType>, String> {
    if requested.is_empty() {
        return Ok(if has_redirect_uris {
            vec![GrantType::AuthorizationCode, GrantType::RefreshToken]
        } else {
            vec![GrantType::ClientCredentials]
        });
    }
    let mut grants = Vec::new();
    for s in requested {
        let g = GrantType::parse(s).ok_or_else(|| format!("unknown grant type {s:?}"))?;
        if !grants.contains(&g) {
            grants.push(g);
        }
    }
    Ok(grants)
}

/// An expiry date must lie in the future.
pub fn check_expiry(expires_at: UnixTime, now: UnixTime) -> Result<(), String> {
    if expires_at <= now {
        return Err("the expiry date is in the past".into());
    }
    Ok(())
}

/// The most redirect URIs a user-registered application may have.
pub const MAX_APPLICATION_REDIRECT_URIS: usize = 10;

/// A third-party application as a user registers it ("My applications").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationRequest {
    pub name: String,
    pub description: String,
    pub redirect_uris: Vec<String>,
    pub scopes: Vec<String>,
    /// `client_secret_basic` (default) or `client_secret_post`.
    pub auth_method: Option<String>,
}

/// What an application registration becomes, checked field by field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationPlan {
    pub name: String,
    pub description: String,
    pub redirect_uris: Vec<String>,
    pub scopes: ScopeSet,
    pub auth_method: AuthMethod,
    pub grant_types: Vec<GrantType>,
}

/// A user-registered application: confidential (Basic or body secret), authorization code
/// with refresh tokens and PKCE, 1 to 10 exact redirect URIs (https, or loopback for native
/// apps), registered scopes only. It acts for whoever consents, never for its developer.
pub fn plan_application(
    r: &ApplicationRequest,
    registered_scopes: &[String],
) -> Result<ApplicationPlan, FieldError> {
    let name = name(&r.name)
        .map_err(|m| FieldError::new("name", m))?
        .to_owned();
    let description = r.description.trim().to_owned();
    if description.chars().count() > 1000 {
        return Err(FieldError::new("description", "at most 1000 characters"));
    }
    let auth_method = match r.auth_method.as_deref() {
        None | Some("client_secret_basic") => AuthMethod::ClientSecretBasic,
        Some("client_secret_post") => AuthMethod::ClientSecretPost,
        Some(other) => {
            return Err(FieldError::new(
                "auth_method",
                format!("{other:?}: use client_secret_basic or client_secret_post"),
            ));
        }
    };
    let uris: Vec<String> = r
        .redirect_uris
        .iter()
        .map(|u| u.trim().to_owned())
        .filter(|u| !u.is_empty())
        .collect();
    if uris.is_empty() || uris.len() > MAX_APPLICATION_REDIRECT_URIS {
        return Err(FieldError::new(
            "redirect_uris",
            format!("1 to {MAX_APPLICATION_REDIRECT_URIS} redirect URIs"),
        ));
    }
    for u in &uris {
        crate::redirect_uri::check_registrable(u)
            .map_err(|e| FieldError::new("redirect_uris", format!("{u}: {e}")))?;
    }
    let scopes =
        ScopeSet::from_tokens(&r.scopes).map_err(|e| FieldError::new("scopes", e.to_string()))?;
    if let Some(missing) = scopes
        .iter()
        .find(|s| !registered_scopes.iter().any(|r| r == s))
    {
        return Err(FieldError::new(
            "scopes",
            format!("{missing:?} is not a scope of this domain"),
        ));
    }
    let grant_types = vec![GrantType::AuthorizationCode, GrantType::RefreshToken];
    crate::grant_type::check_client_settings(&grant_types, auth_method, &uris)
        .map_err(|e| FieldError::new("redirect_uris", e.to_string()))?;
    Ok(ApplicationPlan {
        name,
        description,
        redirect_uris: uris,
        scopes,
        auth_method,
        grant_types,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(expires_at: Option<UnixTime>, scopes: Option<&str>) -> PersonalClientRequest {
        PersonalClientRequest {
            name: " Nightly backup ".into(),
            expires_at,
            scopes: scopes.map(|s| ScopeSet::parse(s).unwrap()),
        }
    }

    #[test]
    fn a_personal_client_needs_an_expiry_within_the_domain_maximum() {
        let settings = DomainSettings {
            personal_client_max_lifetime_secs: 30 * 86_400,
            ..DomainSettings::default()
        };
        let entitled = ScopeSet::parse("read write").unwrap();
        let now = 1_000;
        let err = plan_personal_client(&request(None, None), &entitled, &settings, now);
        assert_eq!(err.unwrap_err().field, "expires_at");
        let past = plan_personal_client(&request(Some(now), None), &entitled, &settings, now);
        assert_eq!(past.unwrap_err().field, "expires_at");
        let too_far = request(Some(now + 30 * 86_400 + 1), None);
        let e = plan_personal_client(&too_far, &entitled, &settings, now).unwrap_err();
        assert!(e.message.contains("30 days"), "{e}");
        let ok = plan_personal_client(
            &request(Some(now + 30 * 86_400), None),
            &entitled,
            &settings,
            now,
        )
        .unwrap();
        assert_eq!(ok.name, "Nightly backup");
        assert_eq!(ok.scopes, entitled, "no scopes named: the owner's own");
    }

    #[test]
    fn the_form_offers_exactly_the_dates_the_rule_accepts() {
        let settings = DomainSettings {
            personal_client_max_lifetime_secs: 30 * 86_400,
            ..DomainSettings::default()
        };
        // 2027-01-15 13:20 UTC.
        let now = dates::parse_expiry("2027-01-15T13:20:00Z").unwrap();
        let offered = personal_client_expiry_dates(&settings, now);
        assert_eq!(offered.earliest, "2027-01-16");
        assert_eq!(offered.latest, "2027-02-13");
        let plan = |date: &str| {
            let r = PersonalClientRequest {
                name: "x".into(),
                expires_at: Some(dates::parse_expiry(date).unwrap()),
                scopes: None,
            };
            plan_personal_client(&r, &ScopeSet::default(), &settings, now)
        };
        assert!(plan(&offered.earliest).is_ok());
        assert!(plan(&offered.latest).is_ok());
        assert_eq!(plan("2027-02-14").unwrap_err().field, "expires_at");
        // A maximum under two days still offers a date it accepts.
        let short = DomainSettings {
            personal_client_max_lifetime_secs: 86_400,
            ..settings
        };
        let offered = personal_client_expiry_dates(&short, now);
        assert_eq!(
            (offered.earliest.as_str(), offered.latest.as_str()),
            ("2027-01-15", "2027-01-15")
        );
    }

    #[test]
    fn a_personal_client_gets_at_most_its_owners_scopes() {
        let settings = DomainSettings::default();
        let entitled = ScopeSet::parse("read").unwrap();
        let e = plan_personal_client(
            &request(Some(2_000), Some("read admin")),
            &entitled,
            &settings,
            1_000,
        )
        .unwrap_err();
        assert_eq!(e.field, "scopes");
        assert!(
            e.message.contains("admin") && !e.message.contains("read"),
            "{e}"
        );
        let ok = plan_personal_client(
            &request(Some(2_000), Some("read")),
            &entitled,
            &settings,
            1_000,
        );
        assert_eq!(ok.unwrap().scopes, entitled);
        let blank = PersonalClientRequest {
            name: "  ".into(),
            ..request(Some(2_000), None)
        };
        assert_eq!(
            plan_personal_client(&blank, &entitled, &settings, 1_000)
                .unwrap_err()
                .field,
            "name"
        );
    }

    #[test]
    fn applications_are_checked_field_by_field() {
        let ok = ApplicationRequest {
            name: " Photo book ".into(),
            description: "Prints your photos".into(),
            redirect_uris: vec!["https://book.example/cb".into(), " ".into()],
            scopes: vec!["read".into()],
            auth_method: Some("client_secret_post".into()),
        };
        let registered = vec!["read".to_owned()];
        let plan = plan_application(&ok, &registered).unwrap();
        assert_eq!(plan.name, "Photo book");
        assert_eq!(plan.redirect_uris, vec!["https://book.example/cb"]);
        assert_eq!(plan.auth_method, AuthMethod::ClientSecretPost);
        let field = |r: ApplicationRequest| plan_application(&r, &registered).unwrap_err().field;
        assert_eq!(
            field(ApplicationRequest {
                redirect_uris: vec![],
                ..ok.clone()
            }),
            "redirect_uris"
        );
        assert_eq!(
            field(ApplicationRequest {
                redirect_uris: vec!["http://book.example/cb".into()],
                ..ok.clone()
            }),
            "redirect_uris"
        );
        assert_eq!(
            field(ApplicationRequest {
                scopes: vec!["admin".into()],
                ..ok.clone()
            }),
            "scopes"
        );
        assert_eq!(
            field(ApplicationRequest {
                auth_method: Some("none".into()),
                ..ok.clone()
            }),
            "auth_method"
        );
        assert_eq!(
            field(ApplicationRequest {
                name: "".into(),
                ..ok.clone()
            }),
            "name"
        );
    }

    #[test]
    fn personal_clients_need_the_switch_and_the_role() {
        let on = DomainSettings::default();
        let off = DomainSettings {
            personal_clients_enabled: false,
            ..on.clone()
        };
        let role = vec![roles::PERSONAL_CLIENTS.to_owned()];
        assert_eq!(may_have_personal_clients(&on, &role), Ok(()));
        assert_eq!(
            may_have_personal_clients(&on, &[]),
            Err(PersonalClientsRefusal::NoRole)
        );
        assert_eq!(
            may_have_personal_clients(&off, &role),
            Err(PersonalClientsRefusal::SwitchedOff)
        );
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(name("  Photo printer ").unwrap(), "Photo printer");
        assert!(name("   ").is_err());
        assert!(name(&"é".repeat(200)).is_ok());
        assert!(name(&"é".repeat(201)).is_err());
    }

    #[test]
    fn auth_methods() {
        assert_eq!(auth_method(true, None).unwrap(), AuthMethod::None);
        assert_eq!(auth_method(true, Some("none")).unwrap(), AuthMethod::None);
        assert!(auth_method(true, Some("client_secret_post")).is_err());
        assert_eq!(
            auth_method(false, None).unwrap(),
            AuthMethod::ClientSecretBasic
        );
        assert_eq!(
            auth_method(false, Some("client_secret_post")).unwrap(),
            AuthMethod::ClientSecretPost
        );
        assert!(auth_method(false, Some("private_key_jwt")).is_err());
    }

    #[test]
    fn default_and_named_grants() {
        assert_eq!(
            grant_types(&[], true).unwrap(),
            vec![GrantType::AuthorizationCode, GrantType::RefreshToken]
        );
        assert_eq!(
            grant_types(&[], false).unwrap(),
            vec![GrantType::ClientCredentials]
        );
        let named = [
            "client_credentials".to_owned(),
            "client_credentials".to_owned(),
        ];
        assert_eq!(
            grant_types(&named, true).unwrap(),
            vec![GrantType::ClientCredentials]
        );
        assert!(grant_types(&["magic".to_owned()], false).is_err());
    }

    #[test]
    fn expiry_is_in_the_future() {
        assert!(check_expiry(101, 100).is_ok());
        assert!(check_expiry(100, 100).is_err());
    }
}
