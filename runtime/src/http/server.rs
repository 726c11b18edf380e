//! Support for generated axum servers.
//!
//! A generated `server` module declares a trait `Api` with one method per operation and a
//! `router_with(api, config)` that lists every operation once, as an [`Operation`] (the
//! operation's [`OperationInfo`], security, body and three small functions over its
//! generated types) and a closure calling the trait method. Everything else happens here,
//! the same for every operation:
//!
//! 1. routing: the request path is matched against the path templates; 404 when none
//!    matches, 405 with an `Allow` header when the path exists but not for this method;
//! 2. authentication against the operation's security alternatives ([`Credentials`]);
//!    failure is 401;
//! 3. the body: over [`ServerConfig::body_limit`] is 413, a content type other than the
//!    documented one is 415, a JSON body is decoded with full validation
//!    ([`crate::decode_valid`]) and a body that breaks its schema is 400;
//! 4. parameters (path, query, header, cookie) are parsed honouring `style` and `explode`;
//!    a value that does not fit its type is 400;
//! 5. the handler is called; its response is written with the status and body of its
//!    variant, and a [`HandlerError`] goes to [`ServerConfig::on_error`] and becomes the
//!    documented body of the error's status (500 by default).
//!
//! Every error the layer produces (steps 1 to 5) is answered with the spec's own body for
//! that status when the spec documents one that is an error report (`x-violation-report`,
//! built with its `from_violations`), and with an empty body of that status otherwise.

use std::collections::BTreeSet;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::body::{Body, Bytes, HttpBody};
use http::header::{HeaderValue, ALLOW, AUTHORIZATION, CONTENT_TYPE, COOKIE};
use http::request::Parts;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::{OperationInfo, Validate, Violation};

/// What a handler gets besides its typed request: the raw request head (method, URI,
/// headers, extensions) and the credentials the request was admitted with.
#[derive(Debug)]
pub struct RequestContext {
    /// The request's method, URI, version, headers and extensions.
    pub parts: Parts,
    /// The credentials that satisfied the operation's security.
    pub credentials: Credentials,
}

/// The credentials a request was admitted with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// The operation needs none (or an empty security alternative was chosen).
    None,
    /// A bearer token the configured [`BearerVerifier`] accepted.
    Bearer(String),
    /// HTTP basic credentials the configured [`BasicVerifier`] accepted.
    Basic {
        /// The user name.
        username: String,
        /// The password.
        password: String,
    },
    /// An API key the configured [`ApiKeyVerifier`] accepted.
    ApiKey(String),
    /// The caller identity a trusted gateway forwarded after checking the credential itself
    /// (the scheme's `x-forwarded-identity-header`).
    ForwardedIdentity {
        /// The header it came in.
        header: String,
        /// The identity, as sent.
        value: String,
    },
}

/// A handler's failure: any error, optionally with the HTTP status to answer with.
///
/// Without a status the answer is 500 and the cause stays private (it reaches only
/// [`ServerConfig::on_error`]); with [`HandlerError::with_status`] the message is meant for
/// the caller and fills the documented error body of that status.
pub struct HandlerError {
    status: Option<u16>,
    error: Box<dyn std::error::Error + Send + Sync>,
}

impl HandlerError {
    /// A failure answered with 500.
    pub fn new(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self {
            status: None,
            error: error.into(),
        }
    }

    /// A failure answered with `status`; `error`'s message is shown to the caller.
    pub fn with_status(
        status: u16,
        error: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Self {
            status: Some(status),
            error: error.into(),
        }
    }

    /// The status the failure asks for, if any.
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// The underlying error.
    pub fn cause(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.error
    }

    /// The underlying error, by value.
    pub fn into_cause(self) -> Box<dyn std::error::Error + Send + Sync> {
        self.error
    }

    /// The status of the answer: the one asked for when it is a valid error status, else 500.
    fn answer_status(&self) -> u16 {
        self.status
            .filter(|status| (400..=599).contains(status))
            .unwrap_or(500)
    }

    /// What the caller is told.
    fn public_message(&self) -> String {
        match self.status {
            Some(_) => self.error.to_string(),
            None => "Internal server error".to_owned(),
        }
    }
}

impl<E: Into<Box<dyn std::error::Error + Send + Sync>>> From<E> for HandlerError {
    fn from(error: E) -> Self {
        Self::new(error)
    }
}

impl fmt::Debug for HandlerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HandlerError")
            .field("status", &self.status)
            .field("error", &self.error)
            .finish()
    }
}

impl fmt::Display for HandlerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.status {
            Some(status) => write!(f, "{status}: {}", self.error),
            None => fmt::Display::fmt(&self.error, f),
        }
    }
}

/// Checks bearer tokens (`Authorization: Bearer …`). Any `Fn(&str) -> bool` is one.
///
/// Verification is synchronous: check a signature or a cache here; a handler that must
/// ask a remote service can do so itself from [`RequestContext::credentials`].
pub trait BearerVerifier: Send + Sync {
    /// Whether `token` is valid.
    fn verify(&self, token: &str) -> bool;
}

impl<F: Fn(&str) -> bool + Send + Sync> BearerVerifier for F {
    fn verify(&self, token: &str) -> bool {
        self(token)
    }
}

/// Checks API keys (header, query or cookie). Any `Fn(&str) -> bool` is one.
pub trait ApiKeyVerifier: Send + Sync {
    /// Whether `key` is valid.
    fn verify(&self, key: &str) -> bool;
}

impl<F: Fn(&str) -> bool + Send + Sync> ApiKeyVerifier for F {
    fn verify(&self, key: &str) -> bool {
        self(key)
    }
}

/// Checks HTTP basic credentials. Any `Fn(&str, &str) -> bool` is one.
pub trait BasicVerifier: Send + Sync {
    /// Whether `username` and `password` are valid.
    fn verify(&self, username: &str, password: &str) -> bool;
}

impl<F: Fn(&str, &str) -> bool + Send + Sync> BasicVerifier for F {
    fn verify(&self, username: &str, password: &str) -> bool {
        self(username, password)
    }
}

/// The hook every handler error goes through (see [`ServerConfig::on_error`]).
pub type ErrorHook = Arc<dyn Fn(&OperationInfo, &HandlerError) + Send + Sync>;

/// How a generated server behaves; build with the methods, starting from `default()`.
///
/// By default: bodies up to 1 MiB, no bearer token, API key or basic credentials accepted
/// (configure a verifier), forwarded identity headers trusted (the spec declares a gateway
/// that checked the credential), and handler errors logged with `tracing::error!`.
#[derive(Clone)]
pub struct ServerConfig {
    body_limit: usize,
    bearer_verifier: Option<Arc<dyn BearerVerifier>>,
    api_key_verifier: Option<Arc<dyn ApiKeyVerifier>>,
    basic_verifier: Option<Arc<dyn BasicVerifier>>,
    trust_forwarded_identity: bool,
    on_error: ErrorHook,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            body_limit: 1024 * 1024,
            bearer_verifier: None,
            api_key_verifier: None,
            basic_verifier: None,
            trust_forwarded_identity: true,
            on_error: Arc::new(|info: &OperationInfo, error: &HandlerError| {
                tracing::error!(operation = info.name, error = %error, "handler failed");
            }),
        }
    }
}

impl fmt::Debug for ServerConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServerConfig")
            .field("body_limit", &self.body_limit)
            .field("bearer_verifier", &self.bearer_verifier.is_some())
            .field("api_key_verifier", &self.api_key_verifier.is_some())
            .field("basic_verifier", &self.basic_verifier.is_some())
            .field("trust_forwarded_identity", &self.trust_forwarded_identity)
            .finish_non_exhaustive()
    }
}

impl ServerConfig {
    /// The largest request body accepted, in bytes (default 1 MiB); longer is 413.
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Verifies bearer tokens (without one, no token is accepted).
    pub fn bearer_verifier(mut self, verifier: impl BearerVerifier + 'static) -> Self {
        self.bearer_verifier = Some(Arc::new(verifier));
        self
    }

    /// Accepts any bearer token: for mocks and tests.
    pub fn accept_any_bearer(self) -> Self {
        self.bearer_verifier(|_: &str| true)
    }

    /// Verifies API keys (without one, no key is accepted).
    pub fn api_key_verifier(mut self, verifier: impl ApiKeyVerifier + 'static) -> Self {
        self.api_key_verifier = Some(Arc::new(verifier));
        self
    }

    /// Accepts any API key: for mocks and tests.
    pub fn accept_any_api_key(self) -> Self {
        self.api_key_verifier(|_: &str| true)
    }

    /// Verifies HTTP basic credentials (without one, none are accepted).
    pub fn basic_verifier(mut self, verifier: impl BasicVerifier + 'static) -> Self {
        self.basic_verifier = Some(Arc::new(verifier));
        self
    }

    /// Whether a scheme's forwarded identity header (`x-forwarded-identity-header`) admits
    /// a request (default: yes). Turn it off when the server is reachable other than
    /// through the gateway that sets the header.
    pub fn trust_forwarded_identity(mut self, trust: bool) -> Self {
        self.trust_forwarded_identity = trust;
        self
    }

    /// The hook called with every handler error, before the error is answered (default:
    /// `tracing::error!` with the operation name and the cause).
    pub fn on_error(
        mut self,
        hook: impl Fn(&OperationInfo, &HandlerError) + Send + Sync + 'static,
    ) -> Self {
        self.on_error = Arc::new(hook);
        self
    }
}

/// One security scheme of an operation's security alternative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// `Authorization: Bearer <token>` (also OAuth 2 and OpenID Connect).
    Bearer {
        /// A header a trusted gateway sets with the caller identity instead.
        forwarded: Option<&'static str>,
    },
    /// `Authorization: Basic <base64>`.
    Basic {
        /// A header a trusted gateway sets with the caller identity instead.
        forwarded: Option<&'static str>,
    },
    /// An API key.
    ApiKey {
        /// Where it travels.
        location: In,
        /// The header, query parameter or cookie name.
        name: &'static str,
        /// A header a trusted gateway sets with the caller identity instead.
        forwarded: Option<&'static str>,
    },
    /// A scheme the server cannot check itself (an HTTP scheme such as `digest`): only its
    /// forwarded identity header admits a request.
    Other {
        /// A header a trusted gateway sets with the caller identity instead.
        forwarded: Option<&'static str>,
    },
}

/// Where a parameter or an API key travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum In {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In a cookie.
    Cookie,
}

/// How a parameter is written (OpenAPI `style`), with `explode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `form`: `?id=1&id=2` exploded, `?id=1,2` not.
    Form {
        /// `explode`.
        explode: bool,
    },
    /// `simple`: `1,2`.
    Simple,
    /// `label`: `.1.2` exploded, `.1,2` not.
    Label {
        /// `explode`.
        explode: bool,
    },
    /// `matrix`: `;id=1;id=2` exploded, `;id=1,2` not.
    Matrix {
        /// `explode`.
        explode: bool,
    },
    /// `spaceDelimited`: `?id=1%202`.
    SpaceDelimited,
    /// `pipeDelimited`: `?id=1|2`.
    PipeDelimited,
}

/// An operation's request body, as documented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodySpec {
    /// The documented media type (`application/json`, `text/*`, …).
    pub content_type: &'static str,
    /// Whether a body must be sent.
    pub required: bool,
}

/// Why the generated layer refused a request before the handler: the status and the
/// violations that fill the documented error body.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    /// The HTTP status.
    pub status: u16,
    /// What was wrong.
    pub violations: Vec<Violation>,
}

impl Rejection {
    /// A rejection with one violation at `pointer`.
    pub fn new(
        status: u16,
        pointer: impl Into<String>,
        keyword: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            status,
            violations: vec![Violation {
                pointer: pointer.into(),
                keyword,
                message: message.into(),
            }],
        }
    }
}

/// Everything a generated server says about one operation; the router does the rest.
pub struct Operation<Req, Resp> {
    /// What the spec says about it (method and path included).
    pub info: &'static OperationInfo,
    /// Security alternatives, each a set of schemes that must all be satisfied; empty
    /// when the operation needs no credentials.
    pub security: &'static [&'static [Scheme]],
    /// The request body, if the operation has one.
    pub body: Option<BodySpec>,
    /// Media types of response bodies that are not `application/json`, by status range
    /// (`(low, high, media type)`, first match wins).
    pub content_types: &'static [(u16, u16, &'static str)],
    /// Builds the typed request from the parsed input.
    pub request: fn(&RequestInput<'_>) -> Result<Req, Rejection>,
    /// The status of a response.
    pub status: fn(&Resp) -> u16,
    /// The body of a response as it goes on the wire.
    pub encode: fn(Resp) -> Result<crate::WireBody, serde_json::Error>,
    /// The documented response for an error of a status the layer produces, built from
    /// violations (`from_violations`); `None` answers with an empty body.
    pub error: fn(u16, &[Violation]) -> Option<Resp>,
}

/// Path parameters by name, still percent-encoded.
type PathParams = Vec<(String, String)>;

type BoxFuture = Pin<Box<dyn Future<Output = http::Response<Body>> + Send>>;
type Endpoint = Arc<dyn Fn(http::Request<Body>, Vec<(String, String)>) -> BoxFuture + Send + Sync>;

struct Route {
    method: http::Method,
    template: Vec<Piece>,
    endpoint: Endpoint,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Literal(String),
    Param(String),
}

/// The routes of a generated server, built by its `router_with`.
pub struct Routes<A> {
    api: Arc<A>,
    config: Arc<ServerConfig>,
    routes: Vec<Route>,
}

impl<A: Send + Sync + 'static> Routes<A> {
    /// No routes yet, for `api` configured by `config`.
    pub fn new(api: A, config: ServerConfig) -> Self {
        Self {
            api: Arc::new(api),
            config: Arc::new(config),
            routes: Vec::new(),
        }
    }

    /// Adds an operation, answered by `handler` (which calls the trait method).
    pub fn operation<Req, Resp, F, Fut>(
        mut self,
        operation: Operation<Req, Resp>,
        handler: F,
    ) -> Self
    where
        Req: Send + 'static,
        Resp: Send + 'static,
        F: Fn(Arc<A>, Req, RequestContext) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Resp, HandlerError>> + Send + 'static,
    {
        let method =
            http::Method::from_bytes(operation.info.method.as_bytes()).unwrap_or(http::Method::GET);
        let template = parse_template(operation.info.path);
        let operation = Arc::new(operation);
        let handler = Arc::new(handler);
        let api = self.api.clone();
        let config = self.config.clone();
        let endpoint: Endpoint = Arc::new(move |request, path_params| {
            let (operation, handler, api, config) = (
                operation.clone(),
                handler.clone(),
                api.clone(),
                config.clone(),
            );
            Box::pin(async move {
                serve(
                    &operation,
                    &config,
                    request,
                    path_params,
                    |request, context| handler(api, request, context),
                )
                .await
            })
        });
        self.routes.push(Route {
            method,
            template,
            endpoint,
        });
        self
    }

    /// The axum router answering every operation.
    pub fn into_router(self) -> axum::Router {
        let table = Arc::new(self.routes);
        axum::Router::new().fallback(move |request: http::Request<Body>| {
            let table = table.clone();
            async move { dispatch(&table, request).await }
        })
    }
}

/// Finds the route of a request: the most specific template matching the path with this
/// method wins; 404 when no template matches, 405 when none matches with this method.
async fn dispatch(routes: &[Route], request: http::Request<Body>) -> http::Response<Body> {
    let path = request.uri().path().to_owned();
    let mut best: Option<(usize, &Route, PathParams)> = None;
    let mut allowed = BTreeSet::new();
    for route in routes {
        let Some(params) = match_template(&route.template, &path) else {
            continue;
        };
        allowed.insert(route.method.as_str().to_owned());
        if route.method != request.method() {
            continue;
        }
        let specificity = literal_length(&route.template);
        if best.as_ref().is_none_or(|(s, _, _)| specificity > *s) {
            best = Some((specificity, route, params));
        }
    }
    match best {
        Some((_, route, params)) => (route.endpoint)(request, params).await,
        None if allowed.is_empty() => empty(404),
        None => {
            let mut response = empty(405);
            let allow = allowed.into_iter().collect::<Vec<_>>().join(", ");
            if let Ok(value) = HeaderValue::from_str(&allow) {
                response.headers_mut().insert(ALLOW, value);
            }
            response
        }
    }
}

fn parse_template(template: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            pieces.push(Piece::Literal(rest[..open].to_owned()));
        }
        pieces.push(Piece::Param(rest[open + 1..close].to_owned()));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Literal(rest.to_owned()));
    }
    pieces
}

fn literal_length(template: &[Piece]) -> usize {
    template
        .iter()
        .map(|piece| match piece {
            Piece::Literal(text) => text.len(),
            Piece::Param(_) => 0,
        })
        .sum()
}

/// The raw (still percent-encoded) parameter values of `path` if it fits `template`. A
/// parameter takes at least one character and never a `/`.
fn match_template(template: &[Piece], path: &str) -> Option<Vec<(String, String)>> {
    let mut params = Vec::new();
    let mut rest = path;
    let mut pieces = template.iter().peekable();
    while let Some(piece) = pieces.next() {
        match piece {
            Piece::Literal(text) => rest = rest.strip_prefix(text.as_str())?,
            Piece::Param(name) => {
                let end = match pieces.peek() {
                    Some(Piece::Literal(next)) => rest.find(next.as_str())?,
                    _ => rest.len(),
                };
                let value = &rest[..end];
                if value.is_empty() || value.contains('/') {
                    return None;
                }
                params.push((name.clone(), value.to_owned()));
                rest = &rest[end..];
            }
        }
    }
    rest.is_empty().then_some(params)
}

fn empty(status: u16) -> http::Response<Body> {
    let mut response = http::Response::new(Body::empty());
    *response.status_mut() =
        http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    response
}

/// One request through one operation: credentials, body, parameters, handler, response.
async fn serve<Req, Resp, Fut>(
    operation: &Operation<Req, Resp>,
    config: &ServerConfig,
    request: http::Request<Body>,
    path_params: Vec<(String, String)>,
    handler: impl FnOnce(Req, RequestContext) -> Fut,
) -> http::Response<Body>
where
    Fut: Future<Output = Result<Resp, HandlerError>>,
{
    let (parts, body) = request.into_parts();
    let credentials = match authenticate(operation.security, &parts, config) {
        Ok(credentials) => credentials,
        Err(rejection) => return reject(operation, rejection),
    };
    let body = match read_body(operation.body, &parts, body, config.body_limit).await {
        Ok(body) => body,
        Err(rejection) => return reject(operation, rejection),
    };
    let input = RequestInput {
        parts: &parts,
        path: path_params,
        query: parts.uri.query().map(parse_pairs).unwrap_or_default(),
        body,
    };
    let request = match (operation.request)(&input) {
        Ok(request) => request,
        Err(rejection) => return reject(operation, rejection),
    };
    drop(input);
    let context = RequestContext { parts, credentials };
    match handler(request, context).await {
        Ok(response) => respond(operation, response),
        Err(error) => {
            (config.on_error)(operation.info, &error);
            let rejection =
                Rejection::new(error.answer_status(), "", "handler", error.public_message());
            reject(operation, rejection)
        }
    }
}

fn reject<Req, Resp>(
    operation: &Operation<Req, Resp>,
    rejection: Rejection,
) -> http::Response<Body> {
    match (operation.error)(rejection.status, &rejection.violations) {
        Some(response) if (operation.status)(&response) == rejection.status => {
            respond(operation, response)
        }
        _ => empty(rejection.status),
    }
}

fn respond<Req, Resp>(operation: &Operation<Req, Resp>, response: Resp) -> http::Response<Body> {
    let status = (operation.status)(&response);
    let body = match (operation.encode)(response) {
        Ok(body) => body,
        Err(error) => {
            tracing::error!(operation = operation.info.name, %error, "response does not encode");
            return empty(500);
        }
    };
    let documented = operation
        .content_types
        .iter()
        .find(|(low, high, _)| (*low..=*high).contains(&status))
        .map(|(_, _, media)| *media);
    let (bytes, content_type) = match body {
        crate::WireBody::None => return empty(status),
        crate::WireBody::Json(bytes) => (bytes, documented.unwrap_or("application/json")),
        crate::WireBody::Text(text) => (text.into_bytes(), documented.unwrap_or("text/plain")),
        crate::WireBody::Bytes(bytes) => (bytes, documented.unwrap_or("application/octet-stream")),
    };
    let mut out = http::Response::new(Body::from(bytes));
    *out.status_mut() =
        http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    if let Ok(value) = HeaderValue::from_str(content_type) {
        out.headers_mut().insert(CONTENT_TYPE, value);
    }
    out
}

/// The credentials satisfying one of the alternatives (non-empty ones first), or 401.
fn authenticate(
    alternatives: &[&[Scheme]],
    parts: &Parts,
    config: &ServerConfig,
) -> Result<Credentials, Rejection> {
    if alternatives.is_empty() {
        return Ok(Credentials::None);
    }
    let mut presented = false;
    for alternative in alternatives.iter().filter(|a| !a.is_empty()) {
        let mut first = None;
        let mut satisfied = true;
        for scheme in alternative.iter() {
            match check_scheme(scheme, parts, config) {
                Check::Accepted(credentials) => {
                    first.get_or_insert(credentials);
                }
                Check::Refused => {
                    presented = true;
                    satisfied = false;
                }
                Check::Absent => satisfied = false,
            }
        }
        if let (true, Some(credentials)) = (satisfied, first) {
            return Ok(credentials);
        }
    }
    if alternatives.iter().any(|a| a.is_empty()) {
        return Ok(Credentials::None);
    }
    let message = if presented {
        "Invalid credentials"
    } else {
        "Missing credentials"
    };
    Err(Rejection::new(401, "", "security", message))
}

enum Check {
    Accepted(Credentials),
    Refused,
    Absent,
}

fn check_scheme(scheme: &Scheme, parts: &Parts, config: &ServerConfig) -> Check {
    let forwarded = match scheme {
        Scheme::Bearer { forwarded }
        | Scheme::Basic { forwarded }
        | Scheme::ApiKey { forwarded, .. }
        | Scheme::Other { forwarded } => *forwarded,
    };
    if let (Some(header), true) = (forwarded, config.trust_forwarded_identity) {
        if let Some(value) = header_text(parts, header).filter(|v| !v.trim().is_empty()) {
            return Check::Accepted(Credentials::ForwardedIdentity {
                header: header.to_owned(),
                value,
            });
        }
    }
    let authorization = |scheme_name: &str| {
        let value = header_text(parts, AUTHORIZATION.as_str())?;
        let (name, rest) = value.split_once(' ')?;
        name.eq_ignore_ascii_case(scheme_name)
            .then(|| rest.trim().to_owned())
    };
    match scheme {
        Scheme::Bearer { .. } => match authorization("Bearer") {
            None => Check::Absent,
            Some(token) => match &config.bearer_verifier {
                Some(verifier) if !token.is_empty() && verifier.verify(&token) => {
                    Check::Accepted(Credentials::Bearer(token))
                }
                _ => Check::Refused,
            },
        },
        Scheme::Basic { .. } => match authorization("Basic") {
            None => Check::Absent,
            Some(encoded) => {
                let decoded =
                    base64_decode(&encoded).and_then(|bytes| String::from_utf8(bytes).ok());
                let Some((username, password)) = decoded.as_deref().and_then(|d| d.split_once(':'))
                else {
                    return Check::Refused;
                };
                match &config.basic_verifier {
                    Some(verifier) if verifier.verify(username, password) => {
                        Check::Accepted(Credentials::Basic {
                            username: username.to_owned(),
                            password: password.to_owned(),
                        })
                    }
                    _ => Check::Refused,
                }
            }
        },
        Scheme::ApiKey { location, name, .. } => {
            let key = match location {
                In::Header => header_text(parts, name),
                In::Query => parts
                    .uri
                    .query()
                    .map(parse_pairs)
                    .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == name))
                    .and_then(|(_, v)| v),
                In::Cookie => cookies(parts)
                    .into_iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v),
                In::Path => None,
            };
            match key {
                None => Check::Absent,
                Some(key) => match &config.api_key_verifier {
                    Some(verifier) if verifier.verify(&key) => {
                        Check::Accepted(Credentials::ApiKey(key))
                    }
                    _ => Check::Refused,
                },
            }
        }
        Scheme::Other { .. } => match header_text(parts, AUTHORIZATION.as_str()) {
            None => Check::Absent,
            Some(_) => Check::Refused,
        },
    }
}

/// Every value of a header, joined with commas as HTTP allows; `None` when absent or not
/// visible ASCII.
fn header_text(parts: &Parts, name: &str) -> Option<String> {
    let values: Vec<&str> = parts
        .headers
        .get_all(name)
        .iter()
        .map(|value| value.to_str().ok())
        .collect::<Option<_>>()?;
    (!values.is_empty()).then(|| values.join(","))
}

fn cookies(parts: &Parts) -> Vec<(String, String)> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|header| header.split(';'))
        .filter_map(|pair| {
            let (name, value) = pair.split_once('=')?;
            let value = value.trim().trim_matches('"');
            Some((name.trim().to_owned(), percent_decode(value, false)?))
        })
        .collect()
}

/// `a=1&b=2` as decoded pairs (`+` is a space); a pair without `=` has no value, and
/// pairs that do not decode to UTF-8 are dropped.
fn parse_pairs(query: &str) -> Vec<(String, Option<String>)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter_map(|pair| match pair.split_once('=') {
            Some((name, value)) => Some((
                percent_decode(name, true)?,
                Some(percent_decode(value, true)?),
            )),
            None => Some((percent_decode(pair, true)?, None)),
        })
        .collect()
}

/// Decodes `%XX` escapes (and `+` as a space when `plus` is set); `None` for text that
/// is not UTF-8 once decoded. A `%` without two hex digits stays as written.
fn percent_decode(text: &str, plus: bool) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        let hex = |i: usize| bytes.get(i).and_then(|b| (*b as char).to_digit(16));
        match byte {
            b'%' => match (hex(index + 1), hex(index + 2)) {
                (Some(high), Some(low)) => {
                    out.push((high * 16 + low) as u8);
                    index += 3;
                    continue;
                }
                _ => out.push(byte),
            },
            b'+' if plus => out.push(b' '),
            _ => out.push(byte),
        }
        index += 1;
    }
    String::from_utf8(out).ok()
}

/// Standard base64 (padding optional); `None` for anything else.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for byte in text.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Whether a media type is JSON (`application/json` or a `+json` type).
fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}

/// The essence of a media type (`application/json` of `Application/JSON; charset=utf-8`).
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Whether a request's content type fits the documented one: the same essence, both
/// JSON (`application/json` and `+json` types), or within a documented wildcard (`text/*`).
fn media_fits(sent: &str, documented: &str) -> bool {
    let (sent, documented) = (essence(sent), essence(documented));
    if sent == documented || documented == "*/*" {
        return true;
    }
    if is_json(&sent) && is_json(&documented) {
        return true;
    }
    match documented.strip_suffix("/*") {
        Some(kind) => sent.split('/').next() == Some(kind),
        None => false,
    }
}

/// Reads and drops at most `bound` more bytes of `body`.
async fn drain(body: &mut Body, bound: u64) {
    let mut read = 0u64;
    while read <= bound {
        match std::future::poll_fn(|cx| Pin::new(&mut *body).poll_frame(cx)).await {
            Some(Ok(frame)) => {
                if let Ok(data) = frame.into_data() {
                    read += data.len() as u64;
                }
            }
            _ => return,
        }
    }
}

/// Reads the body within the limit (413 over it) after checking its content type (415).
/// A body the operation does not document is not read.
async fn read_body(
    spec: Option<BodySpec>,
    parts: &Parts,
    mut body: Body,
    limit: usize,
) -> Result<Option<Bytes>, Rejection> {
    let Some(spec) = spec else {
        return Ok(None);
    };
    let too_large = || {
        Rejection::new(
            413,
            "",
            "bodyLimit",
            format!("The request body is over the limit of {limit} bytes"),
        )
    };
    let declared = parts
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    // A client that is still sending when the 413 goes out sees a broken connection
    // instead of the answer, so a moderately large body is read and dropped first (memory
    // stays bounded: nothing is kept); a larger one is refused at once.
    let drain_bound = (limit as u64).saturating_mul(4).max(8 * 1024 * 1024);
    if let Some(length) = declared.filter(|length| *length > limit as u64) {
        if length <= drain_bound {
            drain(&mut body, drain_bound).await;
        }
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let frame = frame.map_err(|error| {
            Rejection::new(
                400,
                "",
                "body",
                format!("The request body could not be read: {error}"),
            )
        })?;
        if let Ok(data) = frame.into_data() {
            if bytes.len() + data.len() > limit {
                drain(&mut body, drain_bound.saturating_sub(bytes.len() as u64)).await;
                return Err(too_large());
            }
            bytes.extend_from_slice(&data);
        }
    }
    if bytes.is_empty() && !spec.required {
        return Ok(None);
    }
    let sent = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    // No body at all is a request that leaves out a required part (400, the spec's own
    // validation body), not one in an unsupported format.
    if bytes.is_empty() && sent.is_none() {
        return Err(Rejection::new(
            400,
            "",
            "required",
            "The request body is required".to_owned(),
        ));
    }
    match sent {
        Some(sent) if media_fits(sent, spec.content_type) => Ok(Some(Bytes::from(bytes))),
        _ => Err(Rejection::new(
            415,
            "",
            "contentType",
            format!(
                "Unsupported content type {}; expected `{}`",
                sent.map_or_else(|| "(none)".to_owned(), |s| format!("`{s}`")),
                spec.content_type
            ),
        )),
    }
}

/// A request as the generated `request` function of an [`Operation`] reads it: its
/// parameters and its body, already limited in size and checked for content type.
pub struct RequestInput<'a> {
    parts: &'a Parts,
    path: Vec<(String, String)>,
    query: Vec<(String, Option<String>)>,
    body: Option<Bytes>,
}

impl RequestInput<'_> {
    /// The parameter `name` in `location`, written in `style`, decoded into `T`. An absent
    /// parameter is `null` for `T` (so `Option<T>` is `None`); a required one is 400.
    ///
    /// Values are tried as strings first, then as JSON scalars (`5`, `true`), and arrays
    /// are split per style, so `?tags=a&tags=b`, `?tags=a,b` and `/1,2,3` all work.
    pub fn param<T: DeserializeOwned>(
        &self,
        location: In,
        name: &str,
        style: Style,
    ) -> Result<T, Rejection> {
        self.decoded_param(location, name, style)
            .map(|(value, _)| value)
    }

    /// [`Self::param`], then the parameter's schema checked by `check` (bounds, lengths,
    /// patterns, items…) on the value as decoded: every violation is a 400 at
    /// `/<location>/<name>` and below.
    pub fn checked_param<T: DeserializeOwned>(
        &self,
        location: In,
        name: &str,
        style: Style,
        check: crate::validate::ValidateFn,
    ) -> Result<T, Rejection> {
        let (value, json) = self.decoded_param(location, name, style)?;
        if let Some(json) = json {
            crate::validate::collect_violations(check, &json).map_err(|violations| {
                let at = pointer(location, name);
                Rejection {
                    status: 400,
                    violations: violations
                        .into_iter()
                        .map(|violation| Violation {
                            pointer: format!("{at}{}", violation.pointer),
                            message: format!(
                                "The {} parameter `{name}` {}",
                                place(location),
                                violation.message
                            ),
                            ..violation
                        })
                        .collect(),
                }
            })?;
        }
        Ok(value)
    }

    /// The parameter decoded into `T`, with the JSON form it was decoded from (`None` when
    /// it is absent).
    fn decoded_param<T: DeserializeOwned>(
        &self,
        location: In,
        name: &str,
        style: Style,
    ) -> Result<(T, Option<Value>), Rejection> {
        let (whole, items) = match self.raw_param(location, name, style) {
            Some(found) => found,
            None => {
                return serde_json::from_value(Value::Null)
                    .map(|value| (value, None))
                    .map_err(|_| {
                        Rejection::new(
                            400,
                            pointer(location, name),
                            "required",
                            format!("The {} parameter `{name}` is required", place(location)),
                        )
                    })
            }
        };
        let parsed = |text: &str| {
            serde_json::from_str::<Value>(text)
                .ok()
                .filter(|v| !v.is_object() && !v.is_array())
                .unwrap_or_else(|| Value::String(text.to_owned()))
        };
        let candidates = [
            Value::String(whole.clone()),
            parsed(&whole),
            Value::Array(items.iter().cloned().map(Value::String).collect()),
            Value::Array(items.iter().map(|item| parsed(item)).collect()),
        ];
        let mut last = None;
        for candidate in candidates {
            match T::deserialize(&candidate) {
                Ok(value) => return Ok((value, Some(candidate))),
                Err(error) => last = Some(error),
            }
        }
        Err(Rejection::new(
            400,
            pointer(location, name),
            "type",
            format!(
                "The {} parameter `{name}` is invalid: {}",
                place(location),
                last.map(|e| e.to_string()).unwrap_or_default()
            ),
        ))
    }

    /// The parameter's whole text and its items per style, decoded; `None` when absent.
    fn raw_param(&self, location: In, name: &str, style: Style) -> Option<(String, Vec<String>)> {
        let split = |text: &str, separator: char| -> Vec<String> {
            text.split(separator).map(str::to_owned).collect()
        };
        match location {
            In::Path => {
                let raw = &self.path.iter().find(|(n, _)| n == name)?.1;
                let items: Vec<String> = match style {
                    Style::Label { explode } => {
                        let rest = raw.strip_prefix('.').unwrap_or(raw);
                        split(rest, if explode { '.' } else { ',' })
                    }
                    Style::Matrix { explode } => {
                        let prefix = format!(";{name}=");
                        if explode {
                            raw.split(';')
                                .filter_map(|part| part.strip_prefix(&format!("{name}=")))
                                .map(str::to_owned)
                                .collect()
                        } else {
                            split(raw.strip_prefix(&prefix).unwrap_or(raw), ',')
                        }
                    }
                    _ => split(raw, ','),
                };
                let items = items
                    .iter()
                    .map(|item| percent_decode(item, false))
                    .collect::<Option<Vec<_>>>()?;
                let whole = match style {
                    Style::Label { .. } | Style::Matrix { .. } if items.len() == 1 => {
                        items[0].clone()
                    }
                    _ => percent_decode(raw, false)?,
                };
                Some((whole, items))
            }
            In::Query => {
                let values: Vec<String> = self
                    .query
                    .iter()
                    .filter(|(n, _)| n == name)
                    .map(|(_, v)| v.clone().unwrap_or_default())
                    .collect();
                let first = values.first()?.clone();
                let items = match style {
                    Style::Form { explode: true } => values,
                    Style::SpaceDelimited => split(&first, ' '),
                    Style::PipeDelimited => split(&first, '|'),
                    _ => split(&first, ','),
                };
                Some((first, items))
            }
            In::Header => {
                let text = header_text(self.parts, name)?;
                let items = text.split(',').map(|s| s.trim().to_owned()).collect();
                Some((text, items))
            }
            In::Cookie => {
                let value = cookies(self.parts).into_iter().find(|(n, _)| n == name)?.1;
                let items = split(&value, ',');
                Some((value, items))
            }
        }
    }

    fn required_body(&self) -> Result<&[u8], Rejection> {
        self.body
            .as_deref()
            .ok_or_else(|| Rejection::new(400, "", "required", "The request body is required"))
    }

    /// The JSON body, decoded only if it satisfies every constraint of its schema (400
    /// with every violation otherwise).
    pub fn json<T: Validate>(&self) -> Result<T, Rejection> {
        let bytes = self.required_body()?;
        crate::decode_valid(bytes).map_err(|violations| Rejection {
            status: 400,
            violations,
        })
    }

    /// [`RequestInput::json`] for an optional body: `None` when none was sent.
    pub fn optional_json<T: Validate>(&self) -> Result<Option<T>, Rejection> {
        match self.body {
            None => Ok(None),
            Some(_) => self.json().map(Some),
        }
    }

    /// The JSON body of a schema kept as a JSON value, checked by its validation function
    /// `check` (such a type has no `Validate` impl of its own).
    pub fn json_checked(&self, check: crate::validate::ValidateFn) -> Result<Value, Rejection> {
        let bytes = self.required_body()?;
        let value: Value = crate::from_json_slice(bytes)
            .map_err(|error| Rejection::new(400, error.pointer(), "type", error.message()))?;
        crate::validate::collect_violations(check, &value).map_err(|violations| Rejection {
            status: 400,
            violations,
        })?;
        Ok(value)
    }

    /// [`RequestInput::json_checked`] for an optional body: `None` when none was sent.
    pub fn optional_json_checked(
        &self,
        check: crate::validate::ValidateFn,
    ) -> Result<Option<Value>, Rejection> {
        match self.body {
            None => Ok(None),
            Some(_) => self.json_checked(check).map(Some),
        }
    }

    /// The JSON body, decoded (for body types without a validator of their own).
    pub fn json_unvalidated<T: DeserializeOwned>(&self) -> Result<T, Rejection> {
        let bytes = self.required_body()?;
        crate::from_json_slice(bytes)
            .map_err(|error| Rejection::new(400, error.pointer(), "type", error.message()))
    }

    /// [`RequestInput::json_unvalidated`] for an optional body.
    pub fn optional_json_unvalidated<T: DeserializeOwned>(&self) -> Result<Option<T>, Rejection> {
        match self.body {
            None => Ok(None),
            Some(_) => self.json_unvalidated().map(Some),
        }
    }

    /// A form body (`application/x-www-form-urlencoded`), decoded and validated: members
    /// are tried as strings, then as JSON scalars.
    pub fn form<T: Validate>(&self) -> Result<T, Rejection> {
        let bytes = self.required_body()?;
        let text = std::str::from_utf8(bytes)
            .map_err(|_| Rejection::new(400, "", "type", "The form body is not UTF-8"))?;
        let pairs = parse_pairs(text);
        let object = |typed: bool| {
            let mut map = serde_json::Map::new();
            for (name, value) in &pairs {
                let value = value.clone().unwrap_or_default();
                let value = match serde_json::from_str::<Value>(&value) {
                    Ok(parsed) if typed && !parsed.is_object() && !parsed.is_array() => parsed,
                    _ => Value::String(value),
                };
                map.insert(name.clone(), value);
            }
            Value::Object(map)
        };
        let mut violations = Vec::new();
        for candidate in [object(false), object(true)] {
            match crate::validate::collect_violations(T::validate_json, &candidate) {
                Ok(()) => {
                    return crate::from_json_value(candidate).map_err(|error| {
                        Rejection::new(400, error.pointer(), "type", error.message())
                    })
                }
                Err(found) => violations = found,
            }
        }
        Err(Rejection {
            status: 400,
            violations,
        })
    }

    /// [`RequestInput::form`] for an optional body.
    pub fn optional_form<T: Validate>(&self) -> Result<Option<T>, Rejection> {
        match self.body {
            None => Ok(None),
            Some(_) => self.form().map(Some),
        }
    }

    /// A text body (`text/*`).
    pub fn text(&self) -> Result<String, Rejection> {
        let bytes = self.required_body()?;
        String::from_utf8(bytes.to_vec())
            .map_err(|_| Rejection::new(400, "", "type", "The text body is not UTF-8"))
    }

    /// [`RequestInput::text`] for an optional body.
    pub fn optional_text(&self) -> Result<Option<String>, Rejection> {
        match self.body {
            None => Ok(None),
            Some(_) => self.text().map(Some),
        }
    }

    /// A body of any other media type, as bytes.
    pub fn bytes(&self) -> Result<Vec<u8>, Rejection> {
        self.required_body().map(<[u8]>::to_vec)
    }

    /// [`RequestInput::bytes`] for an optional body.
    pub fn optional_bytes(&self) -> Result<Option<Vec<u8>>, Rejection> {
        Ok(self.body.as_deref().map(<[u8]>::to_vec))
    }
}

fn place(location: In) -> &'static str {
    match location {
        In::Path => "path",
        In::Query => "query",
        In::Header => "header",
        In::Cookie => "cookie",
    }
}

/// Where a parameter violation is reported: `/<location>/<name>`.
fn pointer(location: In, name: &str) -> String {
    format!(
        "/{}/{}",
        place(location),
        name.replace('~', "~0").replace('/', "~1")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_whole_segments_and_suffixes() {
        let template = parse_template("/pets/{petId}/photo");
        assert_eq!(
            match_template(&template, "/pets/12/photo"),
            Some(vec![("petId".to_owned(), "12".to_owned())])
        );
        assert_eq!(match_template(&template, "/pets//photo"), None);
        assert_eq!(match_template(&template, "/pets/1/2/photo"), None);
        let file = parse_template("/files/{name}.json");
        assert_eq!(
            match_template(&file, "/files/a.json"),
            Some(vec![("name".to_owned(), "a".to_owned())])
        );
        assert_eq!(match_template(&parse_template("/a"), "/a/"), None);
    }

    #[test]
    fn decoding() {
        assert_eq!(percent_decode("a%20b+c", true).as_deref(), Some("a b c"));
        assert_eq!(percent_decode("100%", false).as_deref(), Some("100%"));
        assert_eq!(percent_decode("%ff", false), None);
        assert_eq!(
            base64_decode("dXNlcjpwYXNz").as_deref(),
            Some(&b"user:pass"[..])
        );
        assert_eq!(base64_decode("YQ==").as_deref(), Some(&b"a"[..]));
        assert_eq!(base64_decode("!"), None);
        assert!(media_fits(
            "application/json; charset=utf-8",
            "application/json"
        ));
        assert!(media_fits("application/problem+json", "application/json"));
        assert!(media_fits("text/plain", "text/*"));
        assert!(!media_fits("text/plain", "application/json"));
    }
}
