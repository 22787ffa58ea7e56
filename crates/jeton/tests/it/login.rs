//! The login page: the per-IP failure limit and escaping of what it reflects.

use crate::helpers::*;

#[tokio::test]
async fn failures_over_many_usernames_from_one_ip_are_limited() {
    let app = spawn_app().await;
    app.standard().await;
    let b = Browser::new(&app);
    let mut limited_after = None;
    for i in 0..30 {
        // A different, nonexistent account each time: only the IP is shared.
        let res = b.login(&format!("ghost-{i}"), "wrong password", "").await;
        if res.status() == 429 {
            limited_after = Some(i);
            break;
        }
        assert_eq!(res.status(), 401, "attempt {i}");
    }
    let n = limited_after.expect("one IP guessing across accounts is limited");
    assert!(
        n >= 3,
        "a few mistakes are allowed first (limited after {n})"
    );
    // The limit is on the IP, so even alice with the right password waits.
    let res = b.login("alice", PASSWORD, "").await;
    assert_eq!(res.status(), 429);
    let html = res.text().await.unwrap();
    assert!(html.contains("Too many failed attempts"), "{html}");
    // It is the address, not the browser: a fresh one (no cookies) from it is refused too.
    let other = Browser::new(&app);
    assert_eq!(other.login("alice", PASSWORD, "").await.status(), 429);
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
