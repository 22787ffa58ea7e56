use futures_util::future::join_all;

use crate::helpers::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_parallel_redemptions_of_one_code_have_one_winner() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let p = pkce();
    let b = Browser::new(&app);
    let loc = b
        .authorize(&code_request(&c.id, &p.challenge, "read", "s"), "alice")
        .await;
    let code = query_of(&loc)["code"].clone();
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT),
        ("code_verifier", p.verifier.as_str()),
    ];
    let results = join_all((0..20).map(|_| app.token(&c, &form))).await;
    let mut winners = Vec::new();
    for r in results {
        match r.status().as_u16() {
            200 => winners.push(r.json::<serde_json::Value>().await.unwrap()),
            400 => assert_eq!(
                r.json::<serde_json::Value>().await.unwrap()["error"],
                "invalid_grant"
            ),
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one redemption succeeds");
    // The losers' replays revoked the grant: the winner's token is dead too.
    let at = winners[0]["access_token"].as_str().unwrap();
    assert_eq!(app.introspect(&c, at).await["active"], false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_parallel_refreshes_have_one_winner_and_revoke_the_grant() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let t = tokens_for(&app, &c, "read").await;
    let rt = t["refresh_token"].as_str().unwrap().to_owned();
    let form = [
        ("grant_type", "refresh_token"),
        ("refresh_token", rt.as_str()),
    ];
    let results = join_all((0..20).map(|_| app.token(&c, &form))).await;
    let mut winners = Vec::new();
    for r in results {
        match r.status().as_u16() {
            200 => winners.push(r.json::<serde_json::Value>().await.unwrap()),
            400 => {}
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one rotation succeeds");
    let new_rt = winners[0]["refresh_token"].as_str().unwrap();
    let res = app
        .token(
            &c,
            &[("grant_type", "refresh_token"), ("refresh_token", new_rt)],
        )
        .await;
    assert_eq!(res.status(), 400, "the grant was revoked by the reuse");
    assert_eq!(
        app.introspect(&c, winners[0]["access_token"].as_str().unwrap())
            .await["active"],
        false
    );
}
