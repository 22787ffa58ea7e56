//! The login page: failure limits and escaping of what it reflects.

use crate::helpers::*;

/// One address failing on many accounts (people behind one NAT, a colleague's typos) does not
/// lock anyone else at that address out: the limits are per account and address, so each
/// guessed account is limited on its own (DESIGN §6).
#[tokio::test]
async fn failures_over_many_usernames_from_one_ip_lock_out_no_one_else() {
    let app = spawn_app().await;
    app.standard().await;
    let b = Browser::new(&app);
    for i in 0..30 {
        // A different, nonexistent account each time: only the IP is shared.
        let res = b.login(&format!("ghost-{i}"), "wrong password", "").await;
        assert_eq!(res.status(), 401, "attempt {i}");
    }
    let other = Browser::new(&app);
    assert_eq!(
        other.login("alice", PASSWORD, "").await.status(),
        303,
        "alice at the same address signs in"
    );
    // One guessed account is limited from this address, and the page says so.
    let mut refused = None;
    for _ in 0..(jeton_core::lockout::LIMIT + 1) {
        let res = b.login("ghost-0", "wrong password", "").await;
        if res.status() == 429 {
            assert!(
                res.headers().contains_key("retry-after"),
                "429 says when to retry"
            );
            refused = Some(res.text().await.unwrap());
            break;
        }
    }
    let html = refused.expect("guessing one account from one address is limited");
    assert!(html.contains("Too many failed attempts"), "{html}");
}

#[tokio::test]
async fn the_reflected_username_is_escaped() {
    let app = spawn_app().await;
    app.standard().await;
    let b = Browser::new(&app);
    let nasty = "<b>x</b>\"";
    let res = b.login(nasty, "wrong password", "").await;
    assert_eq!(res.status(), 401);
    let html = res.text().await.unwrap();
    assert!(!html.contains("<b>x</b>"), "{html}");
    assert!(!html.contains("x</b>\""), "{html}");
    assert_eq!(
        input_value(&html, "username").as_deref(),
        Some(nasty),
        "reflected exactly, once decoded"
    );
}

#[tokio::test]
async fn return_to_is_escaped_in_the_hidden_field() {
    let app = spawn_app().await;
    app.standard().await;
    let b = Browser::new(&app);
    // A safe path (so it is kept) with characters that would break out of the attribute.
    let nasty = "/d/main/account?x=\"><script>alert(1)</script>&y='1'";
    let res = b
        .get(&format!("/d/main/login?return_to={}", urlencode(nasty)))
        .await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(!html.contains("<script>alert(1)</script>"), "{html}");
    assert_eq!(hidden(&html, "return_to").as_deref(), Some(nasty));
    // After a failed attempt the page is shown again with the same, still escaped, value.
    let res = b.login("alice", "wrong password", nasty).await;
    assert_eq!(res.status(), 401);
    let html = res.text().await.unwrap();
    assert!(!html.contains("<script>alert(1)</script>"), "{html}");
    assert_eq!(hidden(&html, "return_to").as_deref(), Some(nasty));
    // And a successful one goes there.
    let res = b.login("alice", PASSWORD, nasty).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), nasty);
}

/// A burst of parallel guesses cannot slip past the limit while their hashes run: each
/// attempt is counted before its password is checked.
#[tokio::test]
async fn parallel_guesses_get_no_more_tries_than_the_limit() {
    let app = spawn_app().await;
    app.standard().await;
    let browsers: Vec<Browser> = (0..30).map(|_| Browser::new(&app)).collect();
    let statuses = futures_util::future::join_all(
        browsers
            .iter()
            .map(|b| async move { b.login("alice", "guess", "").await.status().as_u16() }),
    )
    .await;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(checked + refused, 30, "{statuses:?}");
    assert!(
        checked <= jeton_core::lockout::LIMIT as usize,
        "at most {} guesses were checked, not {checked}",
        jeton_core::lockout::LIMIT
    );
}
