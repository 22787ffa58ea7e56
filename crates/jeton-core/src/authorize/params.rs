//! The authorization request's parameters as they arrived (RFC 6749 §3.1, §4.1.1).

/// The raw parameters, as they arrived (query string or form body).
#[derive(Debug, Clone, Default)]
pub struct AuthorizeParams {
    pub response_type: Option<String>,
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub scope: Option<String>,
    pub state: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub response_mode: Option<String>,
    /// OpenID Connect Core §3.1.2.1: echoed in the ID token.
    pub nonce: Option<String>,
    /// Core §3.1.2.1: `none`, `login`, `consent`, `select_account`, space-separated.
    pub prompt: Option<String>,
    /// Core §3.1.2.1: the longest time since the person signed in, in seconds.
    pub max_age: Option<String>,
    /// Core §3.1.2.1: who the client thinks is signing in (pre-fills the login form).
    pub login_hint: Option<String>,
    /// Core §3.1.2.1: an ID token the client received before, naming who it expects.
    pub id_token_hint: Option<String>,
    /// Core §3.1.2.1: the person's preferred languages, space-separated BCP 47 tags.
    pub ui_locales: Option<String>,
    /// Core §5.5: individual claims asked for in the ID token and at UserInfo (JSON).
    pub claims: Option<String>,
    /// Names of parameters that appeared more than once (RFC 6749 §3.1 forbids it).
    pub repeated: Vec<String>,
}

impl AuthorizeParams {
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut p = Self::default();
        for (k, v) in pairs {
            // RFC 6749 §3.1: parameters sent without a value are treated as omitted.
            if v.is_empty() {
                continue;
            }
            let slot = match k {
                "response_type" => &mut p.response_type,
                "client_id" => &mut p.client_id,
                "redirect_uri" => &mut p.redirect_uri,
                "scope" => &mut p.scope,
                "state" => &mut p.state,
                "code_challenge" => &mut p.code_challenge,
                "code_challenge_method" => &mut p.code_challenge_method,
                "response_mode" => &mut p.response_mode,
                "nonce" => &mut p.nonce,
                "prompt" => &mut p.prompt,
                "max_age" => &mut p.max_age,
                "login_hint" => &mut p.login_hint,
                "id_token_hint" => &mut p.id_token_hint,
                "ui_locales" => &mut p.ui_locales,
                "claims" => &mut p.claims,
                // RFC 6749 §3.1: unrecognized parameters are ignored.
                _ => continue,
            };
            if slot.is_some() {
                p.repeated.push(k.to_owned());
            } else {
                *slot = Some(v.to_owned());
            }
        }
        p
    }

    /// The parameters to carry through login and consent, in a fixed order.
    pub fn to_pairs(&self) -> Vec<(&'static str, &str)> {
        [
            ("response_type", &self.response_type),
            ("client_id", &self.client_id),
            ("redirect_uri", &self.redirect_uri),
            ("scope", &self.scope),
            ("state", &self.state),
            ("code_challenge", &self.code_challenge),
            ("code_challenge_method", &self.code_challenge_method),
            ("response_mode", &self.response_mode),
            ("nonce", &self.nonce),
            ("prompt", &self.prompt),
            ("max_age", &self.max_age),
            ("login_hint", &self.login_hint),
            ("id_token_hint", &self.id_token_hint),
            ("ui_locales", &self.ui_locales),
            ("claims", &self.claims),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
        .collect()
    }
}
