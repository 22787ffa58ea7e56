//! What the flows refuse, in the page's language. The flows name the field (`FieldError`) and
//! say why in English for the API and the CLI; a page says it in the person's language, next
//! to the field, stating the rule the flow applied (the same core rules, read here to explain
//! rather than to decide).

use axum::http::StatusCode;
use axum::response::Response;
use jeton_core::client_registration::FieldError;
use jeton_core::ids;
use jeton_core::roles::{self, Authority};
use jeton_flows::error::ManageError;
use jeton_store::{Domain, DomainSettings};

use crate::ui::pages::{error_page, error_page_text, unavailable};
use crate::web::locale::Tr;

const DAY: i64 = 86_400;

/// A refusal that belongs to no field of the page: a page of its own.
pub fn page(tr: &Tr, domain: &Domain, e: ManageError) -> Response {
    page_in(tr, Some(&domain.name), e)
}

/// [`page`], under the name of a domain if there is one (the admin pages use it too).
pub fn page_in(tr: &Tr, domain_name: Option<&str>, e: ManageError) -> Response {
    let name = domain_name;
    match e {
        ManageError::NotFound(what) => {
            let message = match what {
                "user" => "manage-user-not-found",
                "client" | "live client" => "manage-client-not-found",
                _ => "error-not-found",
            };
            error_page(
                tr,
                StatusCode::NOT_FOUND,
                "error-not-found-title",
                message,
                name,
            )
        }
        ManageError::Forbidden(_) => error_page(
            tr,
            StatusCode::FORBIDDEN,
            "manage-refused-title",
            "manage-refused",
            name,
        ),
        ManageError::Conflict(_) => error_page(
            tr,
            StatusCode::CONFLICT,
            "error-conflict-title",
            "error-conflict",
            name,
        ),
        ManageError::Invalid(f) => error_page_text(
            tr,
            StatusCode::BAD_REQUEST,
            "error-bad-request-title",
            field(tr, &f),
            name,
        ),
        ManageError::Store(e) => unavailable(tr, e),
    }
}

/// The status of a form shown again with what was refused.
pub fn status(e: &ManageError) -> StatusCode {
    match e {
        ManageError::Conflict(_) => StatusCode::CONFLICT,
        ManageError::Forbidden(_) => StatusCode::FORBIDDEN,
        _ => StatusCode::BAD_REQUEST,
    }
}

/// What a refused field's rule is, in the page's language.
pub fn field(tr: &Tr, e: &FieldError) -> String {
    let seconds = |range: std::ops::RangeInclusive<i64>| {
        tr.t2(
            "manage-error-seconds",
            "min",
            unsigned(*range.start()),
            "max",
            unsigned(*range.end()),
        )
    };
    match e.field {
        "username" => tr.t("manage-error-username"),
        "email" => tr.t("manage-error-email"),
        "password" => tr.t("manage-error-password"),
        "roles" => tr.t("manage-error-roles"),
        "attributes" => tr.t("manage-error-attributes"),
        "name" => tr.t("manage-error-scope-name"),
        "introspection_attributes" => tr.t("manage-error-check-attributes"),
        "access_token_header" => tr.t("manage-error-check-header"),
        "code_ttl_secs" => seconds(DomainSettings::CODE_TTL_SECS),
        "access_token_ttl_secs" => seconds(DomainSettings::ACCESS_TOKEN_TTL_SECS),
        "refresh_token_absolute_ttl_secs" => {
            let (min, max) = (
                unsigned(*DomainSettings::REFRESH_TOKEN_ABSOLUTE_TTL_SECS.start()),
                unsigned(*DomainSettings::REFRESH_TOKEN_ABSOLUTE_TTL_SECS.end()),
            );
            tr.t2("manage-error-seconds-or-off", "min", min, "max", max)
        }
        "id_token_ttl_secs" => seconds(DomainSettings::ID_TOKEN_TTL_SECS),
        "refresh_token_ttl_secs" => seconds(DomainSettings::REFRESH_TOKEN_TTL_SECS),
        "refresh_grace_secs" => seconds(DomainSettings::REFRESH_GRACE_SECS),
        "personal_client_max_lifetime_secs" => {
            let (min, max) = days(DomainSettings::PERSONAL_CLIENT_MAX_LIFETIME_SECS);
            tr.t2("manage-error-days", "min", min, "max", max)
        }
        _ => tr.t("manage-error-invalid"),
    }
}

/// Why roles were refused: the first role given or taken (from `old` to `new`) that is not a
/// role name, or that `by` may not give or take (`roles::may_assign`, the flow's rule).
pub fn roles_refused(
    tr: &Tr,
    old: &[String],
    new: &[String],
    by: Authority,
    in_admin_domain: bool,
) -> String {
    let changed = new
        .iter()
        .filter(|r| !old.contains(r))
        .chain(old.iter().filter(|r| !new.contains(r)));
    for r in changed {
        if ids::parse_role(r).is_err() {
            return tr.t1("manage-error-role-name", "role", r);
        }
        if roles::may_assign(r, by, in_admin_domain).is_err() {
            return if r == roles::MANAGER {
                tr.t("manage-error-role-manager")
            } else if r == roles::SUPER_ADMIN {
                tr.t("manage-error-role-super-admin")
            } else {
                tr.t1("manage-error-role-refused", "role", r)
            };
        }
    }
    tr.t("manage-error-roles")
}

/// A range of seconds as whole days.
pub fn days(range: std::ops::RangeInclusive<i64>) -> (u64, u64) {
    (unsigned(*range.start() / DAY), unsigned(*range.end() / DAY))
}

pub fn unsigned(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::locale::{Lang, take_missing};

    /// Every message these explanations use exists in both languages, with its arguments.
    #[test]
    fn every_refusal_reads_in_both_languages() {
        take_missing();
        let domain = jeton_store::Domain {
            id: "d1".into(),
            slug: "main".into(),
            name: "Acme".into(),
            settings: Default::default(),
            created_at: 0,
            disabled_at: None,
        };
        for lang in [Lang::En, Lang::Fr] {
            let tr = Tr::new(lang, "/");
            for f in [
                "username",
                "email",
                "password",
                "roles",
                "attributes",
                "name",
                "access_token_ttl_secs",
                "refresh_token_ttl_secs",
                "refresh_grace_secs",
                "personal_client_max_lifetime_secs",
                "user",
            ] {
                assert!(!field(&tr, &FieldError::new(f, "x")).is_empty());
            }
            let grace = field(&tr, &FieldError::new("refresh_grace_secs", "x"));
            assert!(grace.contains("0") && grace.contains("60"), "{grace}");
            let days = field(
                &tr,
                &FieldError::new("personal_client_max_lifetime_secs", "x"),
            );
            assert!(days.contains("1825"), "{days}");
            let s = |v: &[&str]| v.iter().map(|r| r.to_string()).collect::<Vec<_>>();
            let refused =
                |old: &[&str], new: &[&str], by| roles_refused(&tr, &s(old), &s(new), by, false);
            let manager = refused(&[], &["editor", "manager"], Authority::Manager);
            assert_eq!(manager, tr.t("manage-error-role-manager"));
            let removed = refused(&["manager"], &[], Authority::Manager);
            assert_eq!(removed, tr.t("manage-error-role-manager"));
            let admin = refused(&[], &["super-admin"], Authority::SuperAdmin);
            assert_eq!(admin, tr.t("manage-error-role-super-admin"));
            assert!(refused(&[], &["bad role!"], Authority::Manager).contains("bad role!"));
            assert_eq!(
                refused(&[], &["editor"], Authority::Manager),
                tr.t("manage-error-roles")
            );
            for e in [
                ManageError::NotFound("user"),
                ManageError::NotFound("live client"),
                ManageError::NotFound("domain"),
                ManageError::Forbidden("x"),
                ManageError::Conflict("x"),
                ManageError::Invalid(FieldError::new("name", "x")),
                ManageError::Store(jeton_store::StoreError::Contended("x")),
            ] {
                let _ = page(&tr, &domain, e);
            }
        }
        assert_eq!(take_missing(), Vec::<String>::new());
    }
}
