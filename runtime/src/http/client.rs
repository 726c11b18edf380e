//! Support for generated reqwest clients.
//!
//! A generated `Client` is a thin layer: one method per operation that names the
//! operation's [`OperationInfo`], hands its parameters and body to a [`Call`], lists the
//! statuses the spec documents ([`Documented`]) and gives the operation's
//! `Response::from_json` to [`Call::send`]. Everything else happens here:
//!
//! - the URL: the base URL of the [`ClientConfig`] (the spec's first server by default),
//!   the path template with its parameters percent-encoded, and the query string, each
//!   parameter written in its OpenAPI [`Style`];
//! - header and cookie parameters, the body (JSON, form, text or bytes) with its
//!   `Content-Type`, and the credentials of the first security alternative the
//!   configuration can satisfy ([`Credential`], [`TokenProvider`]);
//! - optional validation of the request body before anything is sent
//!   ([`ClientConfig::validate_requests`]);
//! - a `tracing` span per call (`specgen.client`, with the operation, method, path template
//!   and the status received);
//! - the response: an undocumented status, a content type other than the documented one,
//!   or a body that does not decode are each their own [`ClientError`].

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use http::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use serde::Serialize;
use serde_json::Value;
use tracing::Instrument;

use crate::validate::{collect_violations, ValidateFn, Violation};
use crate::{DecodeError, OperationInfo};

/// Any error, as a [`TokenProvider`] reports it.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The future a [`TokenProvider`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<String, BoxError>> + Send + 'a>>;

/// Supplies a bearer token for every call, so that a token can be refreshed (an OAuth2
/// client-credentials flow, a token read from a file that rotates, …) without rebuilding
/// the client. Called once per request that needs the scheme; cache inside the provider.
///
/// Any `Fn() -> impl Future<Output = Result<String, BoxError>>` closure is a provider.
pub trait TokenProvider: Send + Sync {
    /// The token to send now (without the `Bearer ` prefix).
    fn token(&self) -> TokenFuture<'_>;
}

impl<F, Fut> TokenProvider for F
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<String, BoxError>> + Send + 'static,
{
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(self())
    }
}

/// What the client presents for one security scheme.
///
/// For HTTP schemes (`bearer`, `basic`, OAuth2, OpenID Connect, other `Authorization`
/// schemes) a token becomes `Authorization: Bearer <token>`, basic credentials
/// `Authorization: Basic <base64>`, and an API key the whole `Authorization` value. For
/// `apiKey` schemes the key (or a token) travels as the header, query parameter or cookie
/// the spec names.
#[derive(Clone)]
pub enum Credential {
    /// A fixed bearer token.
    Bearer(String),
    /// A bearer token asked for on every call.
    TokenProvider(Arc<dyn TokenProvider>),
    /// A user name and an optional password.
    Basic {
        /// The user name.
        username: String,
        /// The password, if any.
        password: Option<String>,
    },
    /// An API key (or a complete `Authorization` value for other HTTP schemes).
    ApiKey(String),
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Secrets never reach logs.
        f.write_str(match self {
            Self::Bearer(_) => "Bearer(<redacted>)",
            Self::TokenProvider(_) => "TokenProvider(..)",
            Self::Basic { .. } => "Basic(<redacted>)",
            Self::ApiKey(_) => "ApiKey(<redacted>)",
        })
    }
}

/// How a generated client connects: base URL, HTTP client, timeout, user agent, credentials
/// per security scheme, request validation. Built with chained calls:
///
/// ```
/// # use specgen_runtime::http::client::ClientConfig;
/// let config = ClientConfig::new()
///     .base_url("http://localhost:8080/api")
///     .timeout(std::time::Duration::from_secs(5))
///     .bearer_token("bearerAuth", "secret")
///     .validate_requests(true);
/// # drop(config);
/// ```
#[derive(Clone, Default)]
pub struct ClientConfig {
    base_url: Option<String>,
    http: Option<reqwest::Client>,
    timeout: Option<Duration>,
    user_agent: Option<String>,
    credentials: BTreeMap<String, Credential>,
    validate_requests: bool,
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("base_url", &self.base_url)
            .field("http", &self.http.as_ref().map(|_| ".."))
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("credentials", &self.credentials)
            .field("validate_requests", &self.validate_requests)
            .finish()
    }
}

impl ClientConfig {
    /// The defaults: the spec's first server, a default `reqwest::Client`, no timeout
    /// beyond the HTTP client's, no user agent, no credentials, no request validation.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sends requests to `url` instead of the spec's first server. Paths are appended to it
    /// (`http://host/api` + `/bets/1`); a trailing `/` is ignored.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sends requests through this HTTP client (its proxies, TLS settings, connection pool
    /// and default headers).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Gives up on a call after `timeout` (connecting, sending and reading the whole
    /// response): the call fails with [`ClientError::Timeout`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sends this `User-Agent` header with every request.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Presents `credential` for the security scheme named `scheme` (its key under
    /// `components/securitySchemes`).
    pub fn credential(mut self, scheme: impl Into<String>, credential: Credential) -> Self {
        self.credentials.insert(scheme.into(), credential);
        self
    }

    /// A fixed bearer token for `scheme`.
    pub fn bearer_token(self, scheme: impl Into<String>, token: impl Into<String>) -> Self {
        self.credential(scheme, Credential::Bearer(token.into()))
    }

    /// A bearer token for `scheme`, asked of `provider` on every call that needs it.
    pub fn token_provider(
        self,
        scheme: impl Into<String>,
        provider: impl TokenProvider + 'static,
    ) -> Self {
        self.credential(scheme, Credential::TokenProvider(Arc::new(provider)))
    }

    /// Basic credentials for `scheme`.
    pub fn basic_auth(
        self,
        scheme: impl Into<String>,
        username: impl Into<String>,
        password: Option<String>,
    ) -> Self {
        self.credential(
            scheme,
            Credential::Basic {
                username: username.into(),
                password,
            },
        )
    }

    /// An API key for `scheme`.
    pub fn api_key(self, scheme: impl Into<String>, key: impl Into<String>) -> Self {
        self.credential(scheme, Credential::ApiKey(key.into()))
    }

    /// Whether request bodies are checked against their schema before they are sent (off
    /// by default): an invalid body fails the call with [`ClientError::InvalidRequest`]
    /// and nothing goes on the wire. Bodies of named schemas are checked.
    pub fn validate_requests(mut self, validate: bool) -> Self {
        self.validate_requests = validate;
        self
    }
}

/// Why a call did not produce a documented response.
///
/// A documented error status (a `400` the spec describes, say) is not an error here: it is
/// a variant of the operation's `Response`. A status the spec documents neither itself nor
/// through a range (`4XX`) or `default` is [`ClientError::UndocumentedStatus`]; generated
/// clients never return `Response::Undocumented`.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The request did not complete: the connection was refused or reset, the URL is not
    /// valid, the response could not be read.
    #[error("the request failed: {0}")]
    Transport(#[source] reqwest::Error),
    /// No complete response arrived within the configured timeout.
    #[error("the request timed out")]
    Timeout,
    /// The request body breaks its schema ([`ClientConfig::validate_requests`]); nothing
    /// was sent.
    #[error("the request body is invalid: {}", summary(.0))]
    InvalidRequest(Vec<Violation>),
    /// A parameter, header or body could not be written (a header value with a line
    /// break, a value that does not serialize, a path parameter without a value); nothing
    /// was sent.
    #[error("the request cannot be written: {0}")]
    Encode(String),
    /// A [`TokenProvider`] failed; nothing was sent.
    #[error("no token for security scheme `{scheme}`: {error}")]
    Credentials {
        /// The security scheme.
        scheme: String,
        /// What the provider reported.
        #[source]
        error: BoxError,
    },
    /// The body of a documented status does not decode as its documented type.
    #[error("the {status} response does not decode: {error}")]
    Undecodable {
        /// The status.
        status: u16,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// The body as received.
        body: Vec<u8>,
        /// Where (JSON Pointer) and why decoding failed.
        #[source]
        error: DecodeError,
    },
    /// A status the operation documents neither itself nor through a range or `default`.
    #[error("status {status} is not documented for this operation")]
    UndocumentedStatus {
        /// The status.
        status: u16,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// The body as received.
        body: Vec<u8>,
    },
    /// The response's `Content-Type` is not the documented media type of its status.
    #[error("the {status} response has content type {}, not the documented one", .content_type.as_deref().unwrap_or("(none)"))]
    UnexpectedContentType {
        /// The status.
        status: u16,
        /// The `Content-Type` received, if any.
        content_type: Option<String>,
        /// The body as received.
        body: Vec<u8>,
    },
}

fn summary(violations: &[Violation]) -> String {
    match violations {
        [] => "(no violation reported)".to_owned(),
        [one] => one.to_string(),
        [first, rest @ ..] => format!("{first} (and {} more)", rest.len()),
    }
}

fn transport(error: reqwest::Error) -> ClientError {
    if error.is_timeout() {
        ClientError::Timeout
    } else {
        ClientError::Transport(error)
    }
}

/// How a parameter is written (OpenAPI's `style`); `explode` is passed beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `form`: `id=1&id=2` exploded, `id=1,2` not (query and cookie default).
    Form,
    /// `simple`: `1,2` (path and header default).
    Simple,
    /// `label`: `.1.2` exploded, `.1,2` not (path).
    Label,
    /// `matrix`: `;id=1;id=2` exploded, `;id=1,2` not (path).
    Matrix,
    /// `spaceDelimited`: `id=1%202` (query arrays).
    SpaceDelimited,
    /// `pipeDelimited`: `id=1|2` (query arrays).
    PipeDelimited,
    /// `deepObject`: `filter[name]=x` (query objects).
    DeepObject,
}

/// Where an API key travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// A security scheme of the spec, as an operation requires it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// A bearer token in `Authorization` (HTTP bearer, OAuth2, OpenID Connect), by scheme name.
    Bearer(&'static str),
    /// Basic credentials in `Authorization`, by scheme name.
    Basic(&'static str),
    /// Another HTTP scheme: the credential is the whole `Authorization` value.
    Authorization(&'static str),
    /// An API key.
    ApiKey {
        /// The scheme's name.
        scheme: &'static str,
        /// Where the key travels.
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name.
        name: &'static str,
    },
}

impl Scheme {
    /// The scheme's name (its key under `components/securitySchemes`).
    pub fn name(&self) -> &'static str {
        match self {
            Self::Bearer(name) | Self::Basic(name) | Self::Authorization(name) => name,
            Self::ApiKey { scheme, .. } => scheme,
        }
    }
}

/// The media type the spec documents for a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    /// No body (or none the client reads): any content type is accepted and ignored.
    Empty,
    /// JSON (`application/json`, `+json`); a response without `Content-Type` is tried as JSON.
    Json,
    /// Text (`text/*`).
    Text,
    /// Any other media type, read as bytes: any content type is accepted.
    Bytes,
}

impl Media {
    fn accepts(self, content_type: Option<&str>) -> bool {
        let Some(content_type) = content_type else {
            return true;
        };
        let essence = content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        match self {
            Self::Empty | Self::Bytes => true,
            Self::Json => essence == "application/json" || essence.ends_with("+json"),
            Self::Text => essence.starts_with("text/"),
        }
    }
}

/// A status (or range of statuses) an operation documents, with its media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Documented {
    /// One status code.
    Status(u16, Media),
    /// A class of statuses by its first digit (`4` for `4XX`).
    Class(u8, Media),
    /// `default`: any status not documented otherwise.
    Default(Media),
}

impl Documented {
    /// The media type documented for `status`: an exact status first, then its class, then
    /// `default`; `None` when the status is undocumented.
    pub fn lookup(documented: &[Documented], status: u16) -> Option<Media> {
        let exact = documented.iter().find_map(|d| match d {
            Self::Status(code, media) if *code == status => Some(*media),
            _ => None,
        });
        let class = || {
            documented.iter().find_map(|d| match d {
                Self::Class(class, media) if u16::from(*class) == status / 100 => Some(*media),
                _ => None,
            })
        };
        let default = || {
            documented.iter().find_map(|d| match d {
                Self::Default(media) => Some(*media),
                _ => None,
            })
        };
        exact.or_else(class).or_else(default)
    }
}

/// What a generated client holds: the HTTP client and the configuration, shared by every
/// operation method.
#[derive(Clone)]
pub struct ClientCore {
    http: reqwest::Client,
    base_url: String,
    /// The rest of the configuration, as given (its `http` and `base_url` are resolved above).
    config: ClientConfig,
}

impl fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCore")
            .field("base_url", &self.base_url)
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl ClientCore {
    /// A core from `config`, sending to `default_base_url` unless the configuration names
    /// another base URL. Without an HTTP client in the configuration a default
    /// `reqwest::Client` is built.
    pub fn new(mut config: ClientConfig, default_base_url: &str) -> Self {
        Self {
            http: config.http.take().unwrap_or_default(),
            base_url: config
                .base_url
                .take()
                .unwrap_or_else(|| default_base_url.to_owned()),
            config,
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Starts a call of the operation `info` describes.
    pub fn call(&self, info: &'static OperationInfo) -> Call<'_> {
        Call {
            core: self,
            info,
            path_values: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            security: Vec::new(),
            body: None,
            error: None,
        }
    }
}

/// One request being put together by a generated operation method, then sent with
/// [`Call::send`]. A parameter or body that cannot be written is remembered and reported
/// by `send`, before anything goes on the wire.
#[derive(Debug)]
pub struct Call<'a> {
    core: &'a ClientCore,
    info: &'static OperationInfo,
    /// Path parameters by wire name, already encoded.
    path_values: Vec<(&'static str, String)>,
    /// Query pairs, already percent-encoded.
    query: Vec<(String, String)>,
    headers: Vec<(&'static str, String)>,
    /// `name=value` cookie pairs, already encoded.
    cookies: Vec<String>,
    security: Vec<Scheme>,
    body: Option<(&'static str, Vec<u8>)>,
    error: Option<ClientError>,
}

impl<'a> Call<'a> {
    fn fail(&mut self, error: ClientError) {
        if self.error.is_none() {
            self.error = Some(error);
        }
    }

    fn flat<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Option<Flat> {
        match serde_json::to_value(value) {
            Ok(value) => Some(Flat::of(&value)),
            Err(error) => {
                self.fail(ClientError::Encode(format!("parameter `{name}`: {error}")));
                None
            }
        }
    }

    /// A path parameter: replaces `{name}` in the path template, percent-encoded.
    pub fn path<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        style: Style,
        explode: bool,
    ) -> Self {
        if let Some(flat) = self.flat(name, value) {
            let text = path_text(name, &flat, style, explode);
            self.path_values.push((name, text));
        }
        self
    }

    /// A query parameter; nothing is sent when its value is `None`.
    pub fn query<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        style: Style,
        explode: bool,
    ) -> Self {
        if let Some(flat) = self.flat(name, value) {
            query_pairs(&mut self.query, name, &flat, style, explode);
        }
        self
    }

    /// A header parameter (`simple` style); nothing is sent when its value is `None`.
    pub fn header<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        _style: Style,
        explode: bool,
    ) -> Self {
        if let Some(flat) = self.flat(name, value) {
            if !matches!(flat, Flat::Absent) {
                let text = simple(&flat, explode, &|s| s.to_owned());
                self.headers.push((name, text));
            }
        }
        self
    }

    /// A cookie parameter (`form` style); nothing is sent when its value is `None`.
    pub fn cookie<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        _style: Style,
        explode: bool,
    ) -> Self {
        if let Some(flat) = self.flat(name, value) {
            let enc = |s: &str| encode(s, is_cookie_octet);
            match (&flat, explode) {
                (Flat::Absent, _) => {}
                (Flat::Scalar(s), _) => self.cookies.push(format!("{name}={}", enc(s))),
                (Flat::List(items), true) => self
                    .cookies
                    .extend(items.iter().map(|i| format!("{name}={}", enc(i)))),
                (Flat::Pairs(pairs), true) => self
                    .cookies
                    .extend(pairs.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v)))),
                (_, false) => self
                    .cookies
                    .push(format!("{name}={}", simple(&flat, false, &enc))),
            }
        }
        self
    }

    /// The operation's security requirement: alternatives, each a set of schemes that must
    /// all be presented. The first alternative that needs credentials and has all of them in
    /// the configuration is used; when none has, the request goes without credentials (and
    /// the server answers as documented, typically `401`).
    pub fn security(mut self, alternatives: &[&[Scheme]]) -> Self {
        let chosen = alternatives.iter().find(|schemes| {
            !schemes.is_empty()
                && schemes
                    .iter()
                    .all(|s| self.core.config.credentials.contains_key(s.name()))
        });
        if let Some(schemes) = chosen {
            self.security = schemes.to_vec();
        }
        self
    }

    fn serialize_body<T: Serialize + ?Sized>(
        &mut self,
        body: &T,
        validate: Option<ValidateFn>,
    ) -> Option<Value> {
        let value = match serde_json::to_value(body) {
            Ok(value) => value,
            Err(error) => {
                self.fail(ClientError::Encode(format!("the body: {error}")));
                return None;
            }
        };
        if let (true, Some(check)) = (self.core.config.validate_requests, validate) {
            if let Err(violations) = collect_violations(check, &value) {
                self.fail(ClientError::InvalidRequest(violations));
                return None;
            }
        }
        Some(value)
    }

    /// A JSON body (none when `body` is `None`), checked with `validate` first when the
    /// configuration asks for request validation.
    pub fn json<T: Serialize + ?Sized>(
        mut self,
        content_type: &'static str,
        body: Option<&T>,
        validate: Option<ValidateFn>,
    ) -> Self {
        let Some(body) = body else {
            return self;
        };
        // Written straight to bytes unless it is to be validated first: the JSON value in
        // between is the validator's input, and costs a copy of the whole body.
        let bytes = if self.core.config.validate_requests && validate.is_some() {
            match self.serialize_body(body, validate) {
                Some(value) => serde_json::to_vec(&value),
                None => return self,
            }
        } else {
            serde_json::to_vec(body)
        };
        match bytes {
            Ok(bytes) => self.body = Some((content_type, bytes)),
            Err(error) => self.fail(ClientError::Encode(format!("the body: {error}"))),
        }
        self
    }

    /// A form body (`application/x-www-form-urlencoded`): the members of the serialized
    /// object, arrays as repeated keys.
    pub fn form<T: Serialize + ?Sized>(
        mut self,
        content_type: &'static str,
        body: Option<&T>,
        validate: Option<ValidateFn>,
    ) -> Self {
        if let Some(value) = body.and_then(|body| self.serialize_body(body, validate)) {
            let mut pairs = Vec::new();
            match &value {
                Value::Object(members) => {
                    for (key, member) in members {
                        query_pairs(&mut pairs, key, &Flat::of(member), Style::Form, true);
                    }
                }
                other => query_pairs(&mut pairs, "value", &Flat::of(other), Style::Form, true),
            }
            self.body = Some((content_type, join_pairs(&pairs).into_bytes()));
        }
        self
    }

    /// A text body.
    pub fn text(mut self, content_type: &'static str, body: Option<String>) -> Self {
        if let Some(body) = body {
            self.body = Some((content_type, body.into_bytes()));
        }
        self
    }

    /// A body of raw bytes.
    pub fn bytes(mut self, content_type: &'static str, body: Option<Vec<u8>>) -> Self {
        if let Some(body) = body {
            self.body = Some((content_type, body));
        }
        self
    }

    /// Sends the request and decodes the response with `decode` (the operation's
    /// `Response::from_json`), once the status is found in `documented` and the content type
    /// matches the documented media type. Runs in a `specgen.client` span.
    pub async fn send<R>(
        self,
        documented: &[Documented],
        decode: fn(u16, &[u8]) -> Result<R, DecodeError>,
    ) -> Result<R, ClientError> {
        let span = tracing::info_span!(
            "specgen.client",
            operation = self.info.name,
            method = self.info.method,
            path = self.info.path,
            status = tracing::field::Empty,
        );
        async move {
            let result = self.execute(documented, decode).await;
            if let Err(error) = &result {
                tracing::debug!(%error, "call failed");
            }
            result
        }
        .instrument(span)
        .await
    }

    async fn execute<R>(
        mut self,
        documented: &[Documented],
        decode: fn(u16, &[u8]) -> Result<R, DecodeError>,
    ) -> Result<R, ClientError> {
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        self.apply_credentials().await?;
        let url = self.url()?;
        let headers = self.header_map()?;
        let method = reqwest::Method::from_bytes(self.info.method.as_bytes())
            .map_err(|error| ClientError::Encode(format!("method: {error}")))?;
        let mut request = self.core.http.request(method, url).headers(headers);
        if let Some((_, body)) = self.body {
            request = request.body(body);
        }
        if let Some(timeout) = self.core.config.timeout {
            request = request.timeout(timeout);
        }
        let mut response = request.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        tracing::Span::current().record("status", status);
        let headers = std::mem::take(response.headers_mut());
        let body = response.bytes().await.map_err(transport)?.to_vec();
        let Some(media) = Documented::lookup(documented, status) else {
            return Err(ClientError::UndocumentedStatus {
                status,
                headers: Box::new(headers),
                body,
            });
        };
        let content_type = headers
            .get(CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        if !media.accepts(content_type.as_deref()) {
            return Err(ClientError::UnexpectedContentType {
                status,
                content_type,
                body,
            });
        }
        decode(status, &body).map_err(|error| ClientError::Undecodable {
            status,
            headers: Box::new(headers),
            body,
            error,
        })
    }

    /// Turns the chosen security schemes into headers, query pairs and cookies.
    async fn apply_credentials(&mut self) -> Result<(), ClientError> {
        for scheme in std::mem::take(&mut self.security) {
            let Some(credential) = self.core.config.credentials.get(scheme.name()) else {
                continue;
            };
            let (authorization, secret) = match credential {
                Credential::Bearer(token) => (format!("Bearer {token}"), token.clone()),
                Credential::TokenProvider(provider) => {
                    let token =
                        provider
                            .token()
                            .await
                            .map_err(|error| ClientError::Credentials {
                                scheme: scheme.name().to_owned(),
                                error,
                            })?;
                    (format!("Bearer {token}"), token)
                }
                Credential::Basic { username, password } => {
                    let pair = format!("{username}:{}", password.as_deref().unwrap_or(""));
                    let encoded = base64(pair.as_bytes());
                    (format!("Basic {encoded}"), encoded)
                }
                Credential::ApiKey(key) => (key.clone(), key.clone()),
            };
            match scheme {
                Scheme::Bearer(_) | Scheme::Basic(_) => {
                    self.headers.push(("authorization", authorization));
                }
                Scheme::Authorization(_) => {
                    self.headers.push(("authorization", secret));
                }
                Scheme::ApiKey {
                    location: ApiKeyLocation::Header,
                    name,
                    ..
                } => self.headers.push((name, secret)),
                Scheme::ApiKey {
                    location: ApiKeyLocation::Query,
                    name,
                    ..
                } => self
                    .query
                    .push((encode(name, is_unreserved), encode(&secret, is_unreserved))),
                Scheme::ApiKey {
                    location: ApiKeyLocation::Cookie,
                    name,
                    ..
                } => self
                    .cookies
                    .push(format!("{name}={}", encode(&secret, is_cookie_octet))),
            }
        }
        Ok(())
    }

    /// The base URL, the path template with its parameters, and the query string.
    fn url(&self) -> Result<String, ClientError> {
        let mut url = self.core.base_url.trim_end_matches('/').to_owned();
        let mut rest = self.info.path;
        while let Some(open) = rest.find('{') {
            url.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                break;
            };
            let name = &after[..close];
            let value = self
                .path_values
                .iter()
                .find(|(n, _)| *n == name)
                .ok_or_else(|| {
                    ClientError::Encode(format!("path parameter `{name}` has no value"))
                })?;
            url.push_str(&value.1);
            rest = &after[close + 1..];
        }
        url.push_str(rest);
        if !self.query.is_empty() {
            url.push('?');
            url.push_str(&join_pairs(&self.query));
        }
        Ok(url)
    }

    fn header_map(&self) -> Result<HeaderMap, ClientError> {
        let mut map = HeaderMap::new();
        let mut add = |name: &str, value: &str| -> Result<(), ClientError> {
            let header = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| ClientError::Encode(format!("`{name}` is no header name")))?;
            let value = HeaderValue::from_str(value)
                .map_err(|_| ClientError::Encode(format!("header `{name}`: invalid value")))?;
            map.append(header, value);
            Ok(())
        };
        if let Some(agent) = &self.core.config.user_agent {
            add("user-agent", agent)?;
        }
        for (name, value) in &self.headers {
            add(name, value)?;
        }
        if !self.cookies.is_empty() {
            add("cookie", &self.cookies.join("; "))?;
        }
        if let Some((content_type, _)) = &self.body {
            add("content-type", content_type)?;
        }
        Ok(map)
    }
}

/// A parameter value as OpenAPI styles see it.
#[derive(Debug)]
enum Flat {
    /// `null` (an absent optional parameter).
    Absent,
    Scalar(String),
    List(Vec<String>),
    Pairs(Vec<(String, String)>),
}

impl Flat {
    fn of(value: &Value) -> Self {
        match value {
            Value::Null => Self::Absent,
            Value::Array(items) => Self::List(items.iter().map(scalar_text).collect()),
            Value::Object(members) => Self::Pairs(
                members
                    .iter()
                    .map(|(k, v)| (k.clone(), scalar_text(v)))
                    .collect(),
            ),
            scalar => Self::Scalar(scalar_text(scalar)),
        }
    }
}

/// A scalar's text; nested arrays and objects (which no style defines) as JSON.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        nested => nested.to_string(),
    }
}

/// `simple` style: items and members comma-separated (`k=v` members when exploded).
fn simple(flat: &Flat, explode: bool, enc: &dyn Fn(&str) -> String) -> String {
    match flat {
        Flat::Absent => String::new(),
        Flat::Scalar(s) => enc(s),
        Flat::List(items) => items.iter().map(|i| enc(i)).collect::<Vec<_>>().join(","),
        Flat::Pairs(pairs) => pairs
            .iter()
            .map(|(k, v)| {
                if explode {
                    format!("{}={}", enc(k), enc(v))
                } else {
                    format!("{},{}", enc(k), enc(v))
                }
            })
            .collect::<Vec<_>>()
            .join(","),
    }
}

fn path_text(name: &str, flat: &Flat, style: Style, explode: bool) -> String {
    let enc = |s: &str| encode(s, is_unreserved);
    match style {
        Style::Label => {
            let separator = if explode { "." } else { "," };
            let parts: Vec<String> = match flat {
                Flat::Absent => Vec::new(),
                Flat::Scalar(s) => vec![enc(s)],
                Flat::List(items) => items.iter().map(|i| enc(i)).collect(),
                Flat::Pairs(pairs) => pairs
                    .iter()
                    .map(|(k, v)| {
                        if explode {
                            format!("{}={}", enc(k), enc(v))
                        } else {
                            format!("{},{}", enc(k), enc(v))
                        }
                    })
                    .collect(),
            };
            format!(".{}", parts.join(separator))
        }
        Style::Matrix => {
            let name = enc(name);
            match (flat, explode) {
                (Flat::Absent, _) => format!(";{name}"),
                (Flat::Scalar(s), _) => format!(";{name}={}", enc(s)),
                (Flat::List(items), true) => items
                    .iter()
                    .map(|i| format!(";{name}={}", enc(i)))
                    .collect(),
                (Flat::Pairs(pairs), true) => pairs
                    .iter()
                    .map(|(k, v)| format!(";{}={}", enc(k), enc(v)))
                    .collect(),
                (_, false) => format!(";{name}={}", simple(flat, false, &enc)),
            }
        }
        _ => simple(flat, explode, &enc),
    }
}

fn query_pairs(
    out: &mut Vec<(String, String)>,
    name: &str,
    flat: &Flat,
    style: Style,
    explode: bool,
) {
    let enc = |s: &str| encode(s, is_unreserved);
    let key = enc(name);
    let joined = |items: &[String], separator: &str| {
        items
            .iter()
            .map(|i| enc(i))
            .collect::<Vec<_>>()
            .join(separator)
    };
    match (flat, style, explode) {
        (Flat::Absent, _, _) => {}
        (Flat::Scalar(s), _, _) => out.push((key, enc(s))),
        (Flat::List(items), Style::SpaceDelimited, _) => out.push((key, joined(items, "%20"))),
        (Flat::List(items), Style::PipeDelimited, _) => out.push((key, joined(items, "|"))),
        (Flat::List(items), _, true) => out.extend(items.iter().map(|i| (key.clone(), enc(i)))),
        (Flat::Pairs(pairs), Style::DeepObject, _) => out.extend(
            pairs
                .iter()
                .map(|(k, v)| (format!("{key}[{}]", enc(k)), enc(v))),
        ),
        (Flat::Pairs(pairs), _, true) => out.extend(pairs.iter().map(|(k, v)| (enc(k), enc(v)))),
        (_, _, false) => out.push((key, simple(flat, false, &enc))),
    }
}

fn join_pairs(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// RFC 3986 unreserved characters: everything else is percent-encoded in paths and queries.
fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

/// RFC 6265 `cookie-octet`, minus `%` (which escapes the others).
fn is_cookie_octet(byte: u8) -> bool {
    matches!(byte, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E) && byte != b'%'
}

fn encode(text: &str, keep: fn(u8) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        if keep(byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn styles() {
        let list = Flat::of(&json!([1, "a b", true]));
        let object = Flat::of(&json!({"r": 100, "g": "x/y"}));
        assert_eq!(path_text("id", &list, Style::Simple, false), "1,a%20b,true");
        assert_eq!(
            path_text("id", &object, Style::Simple, true),
            "r=100,g=x%2Fy"
        );
        assert_eq!(path_text("id", &list, Style::Label, true), ".1.a%20b.true");
        assert_eq!(
            path_text("id", &list, Style::Matrix, true),
            ";id=1;id=a%20b;id=true"
        );
        assert_eq!(
            path_text("id", &list, Style::Matrix, false),
            ";id=1,a%20b,true"
        );
        let mut pairs = Vec::new();
        query_pairs(&mut pairs, "t", &list, Style::Form, true);
        query_pairs(&mut pairs, "u", &list, Style::Form, false);
        query_pairs(&mut pairs, "p", &list, Style::PipeDelimited, false);
        query_pairs(&mut pairs, "f", &object, Style::DeepObject, true);
        query_pairs(&mut pairs, "n", &Flat::of(&Value::Null), Style::Form, true);
        assert_eq!(
            join_pairs(&pairs),
            "t=1&t=a%20b&t=true&u=1,a%20b,true&p=1|a%20b|true&f[r]=100&f[g]=x%2Fy"
        );
    }

    #[test]
    fn encodings() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"user:pass"), "dXNlcjpwYXNz");
        assert_eq!(encode("a b;c,é", is_cookie_octet), "a%20b%3Bc%2C%C3%A9");
    }

    #[test]
    fn documented_statuses() {
        let documented = [
            Documented::Status(404, Media::Json),
            Documented::Class(4, Media::Text),
            Documented::Default(Media::Bytes),
        ];
        assert_eq!(Documented::lookup(&documented, 404), Some(Media::Json));
        assert_eq!(Documented::lookup(&documented, 400), Some(Media::Text));
        assert_eq!(Documented::lookup(&documented, 503), Some(Media::Bytes));
        assert_eq!(Documented::lookup(&documented[..2], 503), None);
        assert!(Media::Json.accepts(Some("application/problem+json; charset=utf-8")));
        assert!(Media::Json.accepts(None));
        assert!(!Media::Json.accepts(Some("text/html")));
        assert!(Media::Text.accepts(Some("text/plain")));
        assert!(!Media::Text.accepts(Some("application/json")));
    }

    #[test]
    fn error_size() {
        // Results carrying a `ClientError` stay small enough to return in registers-ish.
        assert!(std::mem::size_of::<ClientError>() <= 128);
    }
}
