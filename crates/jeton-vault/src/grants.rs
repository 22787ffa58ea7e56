//! The token requests (client credentials, password, refresh) and revocation, built and
//! read by `oauth2` over [`crate::http::BoundedHttp`].

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
    BasicTokenType,
};
use oauth2::{
    AccessToken, AuthType, ClientId, ClientSecret, EndpointNotSet, EndpointSet, ErrorResponse,
    RefreshToken, RequestTokenError, ResourceOwnerPassword, ResourceOwnerUsername, Scope,
    StandardRevocableToken, TokenResponse, TokenUrl,
};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::error::{ProviderError, provider_text};
use crate::http::{BoundedHttp, Transport};
use jeton_core::vault::ClientAuth;

/// A credential's settings as the provider sees them.
#[derive(Debug, Clone, Copy)]
pub struct Provider<'a> {
    pub token_endpoint: &'a str,
    pub client_id: &'a str,
    pub client_secret: Option<&'a SecretString>,
    pub client_auth: ClientAuth,
    /// Space-separated; sent on new-token requests (a refresh keeps the grant's scope,
    /// RFC 6749 §6).
    pub scope: Option<&'a str>,
    /// Sent on every token request (`audience`, `resource`, ...).
    pub extra_params: &'a [(String, String)],
}

/// What to ask the token endpoint for.
#[derive(Debug, Clone, Copy)]
pub enum Grant<'a> {
    /// RFC 6749 §4.4.
    ClientCredentials,
    /// RFC 6749 §4.3.
    Password {
        username: &'a SecretString,
        password: &'a SecretString,
    },
    /// RFC 6749 §6.
    Refresh { refresh_token: &'a SecretString },
    /// RFC 6749 §4.1.3: the code the provider sent back through the browser, with the
    /// redirect URI of the authorization request and, with PKCE, the verifier (RFC 7636 §4.5).
    AuthorizationCode {
        code: &'a SecretString,
        redirect_uri: &'a str,
        code_verifier: Option<&'a SecretString>,
    },
}

/// What the provider issued.
#[derive(Debug)]
pub struct Tokens {
    pub access_token: SecretString,
    pub token_type: String,
    pub expires_in: Option<u64>,
    /// A new refresh token: with rotation, the previous one is spent and this must be kept
    /// before the access token is used.
    pub refresh_token: Option<SecretString>,
    pub scope: Option<String>,
}

/// RFC 6749 §5.1, read like `oauth2`'s standard response except that `expires_in` may come
/// as a string ("3600"), as some providers send it.
#[derive(Debug, Deserialize, Serialize)]
pub(crate) struct TokenBody {
    access_token: AccessToken,
    #[serde(deserialize_with = "oauth2::helpers::deserialize_untagged_enum_case_insensitive")]
    token_type: BasicTokenType,
    #[serde(default, deserialize_with = "lenient_seconds")]
    expires_in: Option<u64>,
    #[serde(default)]
    refresh_token: Option<RefreshToken>,
    #[serde(
        rename = "scope",
        default,
        deserialize_with = "oauth2::helpers::deserialize_space_delimited_vec"
    )]
    scopes: Option<Vec<Scope>>,
}

impl TokenResponse for TokenBody {
    type TokenType = BasicTokenType;
    fn access_token(&self) -> &AccessToken {
        &self.access_token
    }
    fn token_type(&self) -> &BasicTokenType {
        &self.token_type
    }
    fn expires_in(&self) -> Option<Duration> {
        self.expires_in.map(Duration::from_secs)
    }
    fn refresh_token(&self) -> Option<&RefreshToken> {
        self.refresh_token.as_ref()
    }
    fn scopes(&self) -> Option<&Vec<Scope>> {
        self.scopes.as_ref()
    }
}

fn lenient_seconds<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Seconds {
        Number(u64),
        Float(f64),
        Text(String),
    }
    match Option::<Seconds>::deserialize(d)? {
        None => Ok(None),
        Some(Seconds::Number(n)) => Ok(Some(n)),
        Some(Seconds::Float(f)) if f.is_finite() && f >= 0.0 => Ok(Some(f as u64)),
        Some(Seconds::Text(t)) => t
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| serde::de::Error::custom("expires_in is not a number of seconds")),
        Some(Seconds::Float(_)) => Err(serde::de::Error::custom(
            "expires_in is not a number of seconds",
        )),
    }
}

type Client<HasRevocationUrl> = oauth2::Client<
    BasicErrorResponse,
    TokenBody,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    HasRevocationUrl,
    EndpointSet,
>;

fn client(p: &Provider<'_>) -> Result<Client<EndpointNotSet>, ProviderError> {
    let token_url = TokenUrl::new(p.token_endpoint.to_owned())
        .map_err(|_| ProviderError::Setup("the token endpoint is not a valid URL".to_owned()))?;
    let mut c = oauth2::Client::new(ClientId::new(p.client_id.to_owned()))
        .set_token_uri(token_url)
        .set_auth_type(match p.client_auth {
            ClientAuth::Header => AuthType::BasicAuth,
            ClientAuth::Body => AuthType::RequestBody,
        });
    if let Some(secret) = p.client_secret {
        c = c.set_client_secret(ClientSecret::new(secret.expose_secret().to_owned()));
    }
    Ok(c)
}

fn host(endpoint: &str) -> String {
    endpoint
        .parse::<oauth2::http::Uri>()
        .map(|u| crate::http::host_of(&u))
        .unwrap_or_else(|_| "the configured endpoint".to_owned())
}

pub(crate) async fn request_token(
    http: &BoundedHttp,
    p: &Provider<'_>,
    grant: Grant<'_>,
) -> Result<Tokens, ProviderError> {
    let c = client(p)?;
    let scopes = || {
        p.scope
            .unwrap_or("")
            .split_ascii_whitespace()
            .map(|s| Scope::new(s.to_owned()))
            .collect::<Vec<_>>()
    };
    let answer = match grant {
        Grant::ClientCredentials => {
            let mut r = c.exchange_client_credentials().add_scopes(scopes());
            for (k, v) in p.extra_params {
                r = r.add_extra_param(k.clone(), v.clone());
            }
            r.request_async(http).await
        }
        Grant::Password { username, password } => {
            let username = ResourceOwnerUsername::new(username.expose_secret().to_owned());
            let password = ResourceOwnerPassword::new(password.expose_secret().to_owned());
            let mut r = c
                .exchange_password(&username, &password)
                .add_scopes(scopes());
            for (k, v) in p.extra_params {
                r = r.add_extra_param(k.clone(), v.clone());
            }
            r.request_async(http).await
        }
        Grant::AuthorizationCode {
            code,
            redirect_uri,
            code_verifier,
        } => {
            let redirect = oauth2::RedirectUrl::new(redirect_uri.to_owned()).map_err(|_| {
                ProviderError::Setup("the redirect URI is not a valid URL".to_owned())
            })?;
            let code = oauth2::AuthorizationCode::new(code.expose_secret().to_owned());
            let mut r = c
                .exchange_code(code)
                .set_redirect_uri(std::borrow::Cow::Owned(redirect));
            if let Some(v) = code_verifier {
                r = r
                    .set_pkce_verifier(oauth2::PkceCodeVerifier::new(v.expose_secret().to_owned()));
            }
            for (k, v) in p.extra_params {
                r = r.add_extra_param(k.clone(), v.clone());
            }
            r.request_async(http).await
        }
        Grant::Refresh { refresh_token } => {
            let token = RefreshToken::new(refresh_token.expose_secret().to_owned());
            let mut r = c.exchange_refresh_token(&token);
            for (k, v) in p.extra_params {
                r = r.add_extra_param(k.clone(), v.clone());
            }
            r.request_async(http).await
        }
    };
    let body = answer.map_err(|e| token_error(&host(p.token_endpoint), e))?;
    if body.access_token.secret().is_empty() {
        return Err(ProviderError::Malformed {
            host: host(p.token_endpoint),
            detail: "access_token is empty".into(),
        });
    }
    Ok(Tokens {
        access_token: SecretString::from(body.access_token.secret().to_owned()),
        // RFC 6750 writes it "Bearer"; providers send any case.
        token_type: match body.token_type.as_ref() {
            t if t.eq_ignore_ascii_case("bearer") => "Bearer".to_owned(),
            t => t.to_owned(),
        },
        expires_in: body.expires_in,
        refresh_token: body
            .refresh_token
            .as_ref()
            .filter(|t| !t.secret().is_empty())
            .map(|t| SecretString::from(t.secret().to_owned())),
        scope: body
            .scopes
            .map(|s| s.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(" ")),
    })
}

/// RFC 7009 §2.1, written here rather than through `oauth2`: its revocation request
/// insists on an `https` endpoint, where the vault's rule (`vault::check_endpoint`) also
/// admits plain http to this machine. The client authentication is the token request's.
pub(crate) async fn revoke(
    http: &BoundedHttp,
    p: &Provider<'_>,
    endpoint: &str,
    token: &SecretString,
    refresh: bool,
) -> Result<(), ProviderError> {
    use oauth2::AsyncHttpClient;
    use oauth2::http::{HeaderValue, Method, Request, header};
    let host = host(endpoint);
    // The pairs first, serialized in one expression below: `form_urlencoded::Serializer`
    // holds a `&dyn Fn` that is not `Sync`, and kept across the await it would make this
    // future (and every page handler that deletes a credential) not `Send`.
    let mut form: Vec<(&str, &str)> = vec![
        ("token", token.expose_secret()),
        (
            "token_type_hint",
            if refresh {
                "refresh_token"
            } else {
                "access_token"
            },
        ),
    ];
    let mut req = Request::builder()
        .method(Method::POST)
        .uri(endpoint)
        .header(header::ACCEPT, HeaderValue::from_static("application/json"))
        .header(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
    match (p.client_auth, p.client_secret) {
        (ClientAuth::Header, Some(secret)) => {
            // RFC 6749 §2.3.1: each part form-urlencoded, then base64.
            let enc = |s: &str| {
                oauth2::url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>()
            };
            let pair = format!("{}:{}", enc(p.client_id), enc(secret.expose_secret()));
            req = req.header(
                header::AUTHORIZATION,
                format!("Basic {}", STANDARD.encode(pair)),
            );
        }
        (_, secret) => {
            form.push(("client_id", p.client_id));
            if let Some(s) = secret {
                form.push(("client_secret", s.expose_secret()));
            }
        }
    }
    let body = oauth2::url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&form)
        .finish()
        .into_bytes();
    let req = req
        .body(body)
        .map_err(|_| ProviderError::Setup("the revocation endpoint is not a valid URL".into()))?;
    let res = http.call(req).await.map_err(|Transport(e)| e)?;
    if res.status().is_success() {
        return Ok(());
    }
    // RFC 7009 §2.2.1: an error response as in RFC 6749 §5.2.
    let body: serde_json::Value = serde_json::from_slice(res.body()).unwrap_or_default();
    match body.get("error").and_then(|e| e.as_str()) {
        Some(error) => Err(ProviderError::Refused {
            host,
            error: provider_text(error),
            description: body
                .get("error_description")
                .and_then(|d| d.as_str())
                .map(provider_text),
        }),
        None => Err(ProviderError::Malformed {
            host,
            detail: format!(
                "HTTP {} from the revocation endpoint",
                res.status().as_u16()
            ),
        }),
    }
}

/// `oauth2`'s error, in our words; never its body (a half-parsed token response is a token).
fn token_error<T: ErrorResponse + OAuthError>(
    host: &str,
    e: RequestTokenError<Transport, T>,
) -> ProviderError {
    match e {
        RequestTokenError::ServerResponse(r) => ProviderError::Refused {
            host: host.to_owned(),
            error: provider_text(r.code()),
            description: r.description().map(provider_text),
        },
        RequestTokenError::Request(Transport(e)) => e,
        RequestTokenError::Parse(e, _body) => {
            let inner = e.inner();
            let detail = match inner.classify() {
                serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                    "the body is not JSON".to_owned()
                }
                _ => {
                    let text = inner.to_string();
                    if text.starts_with("missing field") {
                        // "missing field `access_token` at line 1 column 2": names a field only.
                        text.split(" at line").next().unwrap_or(&text).to_owned()
                    } else {
                        format!("`{}` is missing or of the wrong type", e.path())
                    }
                }
            };
            ProviderError::Malformed {
                host: host.to_owned(),
                detail,
            }
        }
        RequestTokenError::Other(s) => ProviderError::Malformed {
            host: host.to_owned(),
            detail: provider_text(&s),
        },
    }
}

/// The `error` and `error_description` of an error response `oauth2` parsed.
trait OAuthError {
    fn code(&self) -> &str;
    fn description(&self) -> Option<&str>;
}

impl OAuthError for BasicErrorResponse {
    fn code(&self) -> &str {
        self.error().as_ref()
    }
    fn description(&self) -> Option<&str> {
        self.error_description().map(String::as_str)
    }
}
