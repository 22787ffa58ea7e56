//! The authorization request's decisions, case by case.

use super::*;

const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

struct Fixture {
    uris: Vec<String>,
    grants: Vec<GrantType>,
    allowed: ScopeSet,
    default: ScopeSet,
}

fn fixture() -> Fixture {
    Fixture {
        uris: vec![
            "https://app.example/cb".into(),
            "http://127.0.0.1/cb".into(),
        ],
        grants: vec![GrantType::AuthorizationCode, GrantType::RefreshToken],
        allowed: ScopeSet::parse("read write").unwrap(),
        default: ScopeSet::parse("read").unwrap(),
    }
}

fn reg(f: &Fixture, method: AuthMethod) -> ClientRegistration<'_> {
    ClientRegistration {
        redirect_uris: &f.uris,
        grant_types: &f.grants,
        auth_method: method,
        allowed_scopes: &f.allowed,
        default_scopes: &f.default,
        require_pkce: true,
        allow_plain_pkce: false,
    }
}

fn params(extra: &[(&'static str, &'static str)]) -> AuthorizeParams {
    let mut pairs = vec![
        ("response_type", "code"),
        ("client_id", "c1"),
        ("redirect_uri", "https://app.example/cb"),
        ("state", "xyz"),
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
    ];
    for (k, v) in extra {
        pairs.retain(|(pk, _)| pk != k);
        if !v.is_empty() {
            pairs.push((k, v));
        }
    }
    AuthorizeParams::from_pairs(pairs)
}

fn redirect_code(r: Result<ValidRequest, Rejection>) -> ErrorCode {
    match r {
        Err(Rejection::Redirect(e)) => {
            assert_eq!(e.state.as_deref(), Some("xyz"));
            e.error.code
        }
        other => panic!("expected a redirect error, got {other:?}"),
    }
}

#[test]
fn valid_request_gets_default_scope() {
    let f = fixture();
    let v = validate(&params(&[]), Some(&reg(&f, AuthMethod::None))).unwrap();
    assert_eq!(v.scopes.to_string(), "read");
    assert!(v.redirect_uri_given);
    assert_eq!(
        v.code_challenge,
        Some((CHALLENGE.into(), ChallengeMethod::S256))
    );
}

#[test]
fn untrusted_client_or_redirect_gives_a_page() {
    let f = fixture();
    let r = reg(&f, AuthMethod::None);
    assert_eq!(
        validate(&params(&[]), None),
        Err(Rejection::Page(PageError::UnknownClient))
    );
    assert_eq!(
        validate(&params(&[("client_id", "")]), Some(&r)),
        Err(Rejection::Page(PageError::MissingClientId))
    );
    assert_eq!(
        validate(
            &params(&[("redirect_uri", "https://evil.example/cb")]),
            Some(&r)
        ),
        Err(Rejection::Page(PageError::UnregisteredRedirectUri))
    );
    // Two registered URIs and none given: which one is unknowable.
    assert_eq!(
        validate(&params(&[("redirect_uri", "")]), Some(&r)),
        Err(Rejection::Page(PageError::MissingRedirectUri))
    );
    let mut p = params(&[]);
    p.repeated.push("redirect_uri".into());
    assert_eq!(
        validate(&p, Some(&r)),
        Err(Rejection::Page(PageError::RepeatedParameter(
            "redirect_uri".into()
        )))
    );
}

#[test]
fn loopback_redirect_with_any_port_is_accepted_as_given() {
    let f = fixture();
    let v = validate(
        &params(&[("redirect_uri", "http://127.0.0.1:4567/cb")]),
        Some(&reg(&f, AuthMethod::None)),
    )
    .unwrap();
    assert_eq!(v.redirect_uri, "http://127.0.0.1:4567/cb");
}

#[test]
fn errors_after_validation_are_redirected() {
    let f = fixture();
    let r = reg(&f, AuthMethod::None);
    assert_eq!(
        redirect_code(validate(&params(&[("response_type", "")]), Some(&r))),
        ErrorCode::InvalidRequest
    );
    assert_eq!(
        redirect_code(validate(
            &params(&[("response_type", "code id_token")]),
            Some(&r)
        )),
        ErrorCode::UnsupportedResponseType
    );
    assert_eq!(
        redirect_code(validate(&params(&[("scope", "admin")]), Some(&r))),
        ErrorCode::InvalidScope
    );
    assert_eq!(
        redirect_code(validate(&params(&[("scope", "a\\b")]), Some(&r))),
        ErrorCode::InvalidScope
    );
    assert_eq!(
        redirect_code(validate(&params(&[("code_challenge", "")]), Some(&r))),
        ErrorCode::InvalidRequest
    );
    assert_eq!(
        redirect_code(validate(
            &params(&[("code_challenge_method", "plain")]),
            Some(&r)
        )),
        ErrorCode::InvalidRequest
    );
    assert_eq!(
        redirect_code(validate(
            &params(&[("code_challenge_method", "S512")]),
            Some(&r)
        )),
        ErrorCode::InvalidRequest
    );
    assert_eq!(
        redirect_code(validate(&params(&[("code_challenge", "short")]), Some(&r))),
        ErrorCode::InvalidRequest
    );
    let mut p = params(&[]);
    p.repeated.push("scope".into());
    assert_eq!(
        redirect_code(validate(&p, Some(&r))),
        ErrorCode::InvalidRequest
    );
}

#[test]
fn client_without_code_grant_is_unauthorized() {
    let mut f = fixture();
    f.grants = vec![GrantType::ClientCredentials];
    assert_eq!(
        redirect_code(validate(
            &params(&[]),
            Some(&reg(&f, AuthMethod::ClientSecretBasic))
        )),
        ErrorCode::UnauthorizedClient
    );
}

#[test]
fn plain_pkce_only_when_configured_and_pkce_optional_only_for_confidential_opt_out() {
    let f = fixture();
    let mut r = reg(&f, AuthMethod::ClientSecretBasic);
    r.allow_plain_pkce = true;
    let v = validate(&params(&[("code_challenge_method", "")]), Some(&r)).unwrap();
    assert_eq!(v.code_challenge.unwrap().1, ChallengeMethod::Plain);
    r.require_pkce = false;
    let v = validate(
        &params(&[("code_challenge", ""), ("code_challenge_method", "")]),
        Some(&r),
    )
    .unwrap();
    assert_eq!(v.code_challenge, None);
    // A public client can never skip PKCE.
    let mut public = reg(&f, AuthMethod::None);
    public.require_pkce = false;
    assert_eq!(
        redirect_code(validate(
            &params(&[("code_challenge", ""), ("code_challenge_method", "")]),
            Some(&public)
        )),
        ErrorCode::InvalidRequest
    );
}

#[test]
fn personal_clients_and_consent_reuse() {
    let (u1, u2) = (UserId::from("u1"), UserId::from("u2"));
    assert!(check_personal_client(None, &u1).is_ok());
    assert!(check_personal_client(Some(&u1), &u1).is_ok());
    assert_eq!(
        check_personal_client(Some(&u1), &u2).unwrap_err().code,
        ErrorCode::AccessDenied
    );
    let read = ScopeSet::parse("read").unwrap();
    let both = ScopeSet::parse("read write").unwrap();
    assert!(may_skip_consent(false, &both, &read));
    assert!(!may_skip_consent(false, &read, &both));
    assert!(!may_skip_consent(true, &both, &read));
}

#[test]
fn pairs_round_trip_and_unknown_parameters_are_ignored() {
    let p = AuthorizeParams::from_pairs([("client_id", "a"), ("foo", "b"), ("state", "s")]);
    assert_eq!(p.to_pairs(), vec![("client_id", "a"), ("state", "s")]);
    assert!(p.repeated.is_empty());
}

#[test]
fn response_mode_is_gated_by_the_capability_table() {
    let f = fixture();
    let r = reg(&f, AuthMethod::None);
    for served in ["query", "fragment", "form_post"] {
        let v = validate(&params(&[("response_mode", served)]), Some(&r)).unwrap();
        assert_eq!(v.response_mode.as_str(), served);
    }
    for unserved in ["jwt", "query.jwt"] {
        assert_eq!(
            redirect_code(validate(&params(&[("response_mode", unserved)]), Some(&r))),
            ErrorCode::InvalidRequest
        );
    }
    // Carried through login and consent like the other parameters.
    let p = AuthorizeParams::from_pairs([("client_id", "a"), ("response_mode", "query")]);
    assert_eq!(
        p.to_pairs(),
        vec![("client_id", "a"), ("response_mode", "query")]
    );
}

#[test]
fn prompt_values_are_read_and_bad_combinations_refused() {
    use super::Prompt;
    assert_eq!(Prompt::parse(None).unwrap(), Prompt::default());
    let p = Prompt::parse(Some("login consent")).unwrap();
    assert!(p.login && p.consent && !p.none);
    assert_eq!(p.after_sign_in(), Some("consent"));
    assert_eq!(Prompt::parse(Some("login")).unwrap().after_sign_in(), None);
    assert!(Prompt::parse(Some("none")).unwrap().none);
    assert_eq!(
        Prompt::parse(Some("none consent")).unwrap_err().code,
        ErrorCode::InvalidRequest
    );
    assert_eq!(
        Prompt::parse(Some("select_account")).unwrap_err().code,
        ErrorCode::AccountSelectionRequired
    );
    assert_eq!(
        Prompt::parse(Some("sometimes")).unwrap_err().code,
        ErrorCode::InvalidRequest
    );
}

#[test]
fn a_sign_in_is_too_old_past_max_age_or_with_prompt_login() {
    use super::{Prompt, needs_fresh_sign_in};
    let login = Prompt {
        login: true,
        ..Prompt::default()
    };
    assert!(needs_fresh_sign_in(login, None, 1000, 1000));
    assert!(!needs_fresh_sign_in(Prompt::default(), None, 0, 1_000_000));
    assert!(!needs_fresh_sign_in(
        Prompt::default(),
        Some(60),
        1000,
        1060
    ));
    assert!(needs_fresh_sign_in(Prompt::default(), Some(60), 1000, 1061));
    // max_age=0: any sign-in but one of this very second is too old.
    assert!(!needs_fresh_sign_in(Prompt::default(), Some(0), 1000, 1000));
    assert!(needs_fresh_sign_in(Prompt::default(), Some(0), 1000, 1001));
}

#[test]
fn the_claims_parameter_is_parsed_or_refused_at_the_redirect_uri() {
    let f = fixture();
    let client = reg(&f, AuthMethod::ClientSecretBasic);
    let ok = validate(
        &params(&[("claims", r#"{"userinfo": {"email": null}}"#)]),
        Some(&client),
    )
    .unwrap();
    assert_eq!(ok.claims.userinfo[0].name, "email");
    assert_eq!(
        redirect_code(validate(&params(&[("claims", "{not json")]), Some(&client))),
        ErrorCode::InvalidRequest
    );
    assert_eq!(
        redirect_code(validate(
            &params(&[(
                "claims",
                r#"{"id_token": {"acr": {"essential": true, "values": ["x"]}}}"#
            )]),
            Some(&client)
        )),
        ErrorCode::AccessDenied
    );
}
