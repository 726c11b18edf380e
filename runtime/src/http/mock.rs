//! Support for generated mocks: a `mock` module per API implements its server trait with
//! [`answer`] over a table of [`Answer`]s (one per documented response body and example),
//! and serves it with [`router`].
//!
//! The caller picks the answer the way Prism lets it, with a `Prefer` request header:
//!
//! - no `Prefer` (or one naming neither): the first answer of the first documented success
//!   status (2XX), else the first answer;
//! - `Prefer: code=400`: the first answer of status 400 (a documented range such as `4XX`,
//!   then `default`, covers a code it contains);
//! - `Prefer: example=<name>` (alone or with `code`): the answer of that name (a spec
//!   example's name; values derived from a schema are named `derived`, or `derived-<n>`
//!   for the n-th body of a status documented with several).
//!
//! A code or example the spec does not document is answered with status 501 (Not
//! Implemented) and a JSON body `{"error": "…"}` saying what is documented (through the
//! operation's `Response::Undocumented`; when the spec documents a `default` body that the
//! explanation does not fit, the body is the documented error body of 501, if any): a mock
//! never invents one of the API's responses, and 501 is no status a caller mistakes for one.

use std::sync::Arc;

use axum::body::Body;
use http::header::{HeaderValue, CONTENT_TYPE};

use super::server::{HandlerError, RequestContext, ServerConfig};
use crate::DecodeError;

/// One way a mock can answer an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    /// The response key: a status (`"200"`), a range (`"4XX"`) or `"default"`.
    pub status: &'static str,
    /// The example's name (see the module documentation).
    pub example: &'static str,
    /// The body, as JSON text; empty for a response without a JSON body.
    pub body: &'static str,
}

/// Why a mock cannot answer as asked: the caller asked for a status or example the spec
/// does not document. Answered with 501 and this message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unanswerable(pub String);

impl std::fmt::Display for Unanswerable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unanswerable {}

/// What a `Prefer` header asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preference {
    /// `code=<status>`.
    pub code: Option<u16>,
    /// `example=<name>`.
    pub example: Option<String>,
}

impl Preference {
    /// Reads every `Prefer` header of a request: `key=value` preferences separated by `,` or
    /// `;`, values optionally quoted; other preferences are ignored.
    pub fn of(context: &RequestContext) -> Self {
        let mut preference = Self::default();
        for header in context.parts.headers.get_all("prefer") {
            let Ok(text) = header.to_str() else { continue };
            for item in text.split([',', ';']) {
                let Some((key, value)) = item.split_once('=') else {
                    continue;
                };
                let value = value.trim().trim_matches('"');
                match key.trim().to_ascii_lowercase().as_str() {
                    "code" => preference.code = value.parse().ok(),
                    "example" => preference.example = Some(value.to_owned()),
                    _ => {}
                }
            }
        }
        preference
    }
}

/// Whether the response key `key` covers `status`, and how closely: an exact status
/// before a range before `default`.
fn covers(key: &str, status: u16) -> Option<u8> {
    if key == status.to_string() {
        Some(0)
    } else if key.len() == 3
        && key[1..].eq_ignore_ascii_case("XX")
        && key.as_bytes()[0] == b'0' + (status / 100) as u8
    {
        Some(1)
    } else if key == "default" {
        Some(2)
    } else {
        None
    }
}

/// The status an answer of key `key` is sent with: the status asked for when the key
/// covers it, the key's own status, the first of its range, or for `default` 200 when the
/// operation documents no success and 500 otherwise.
fn status_of(key: &str, asked: Option<u16>, answers: &[Answer]) -> u16 {
    if let Some(code) = asked.filter(|code| covers(key, *code).is_some()) {
        return code;
    }
    if let Ok(code) = key.parse() {
        return code;
    }
    if key == "default" {
        let success = answers.iter().any(|a| a.status.starts_with('2'));
        return if success { 500 } else { 200 };
    }
    u16::from(key.as_bytes()[0].saturating_sub(b'0')) * 100
}

/// The answer `preference` picks from `answers`, with its status.
pub fn choose(answers: &[Answer], preference: &Preference) -> Result<(u16, Answer), Unanswerable> {
    let documented = || {
        let mut keys: Vec<String> = Vec::new();
        for answer in answers {
            let entry = format!("{} ({})", answer.status, answer.example);
            if !keys.contains(&entry) {
                keys.push(entry);
            }
        }
        keys.join(", ")
    };
    let of_code: Vec<&Answer> = match preference.code {
        Some(code) => {
            let best = answers.iter().filter_map(|a| covers(a.status, code)).min();
            answers
                .iter()
                .filter(|a| best.is_some() && covers(a.status, code) == best)
                .collect()
        }
        None => answers.iter().collect(),
    };
    let chosen: Option<&Answer> = match (&preference.example, preference.code) {
        (Some(name), _) => of_code.into_iter().find(|a| a.example == name),
        (None, Some(_)) => of_code.first().copied(),
        (None, None) => answers
            .iter()
            .find(|a| a.status.starts_with('2'))
            .or(answers.first()),
    };
    match chosen {
        Some(answer) => Ok((status_of(answer.status, preference.code, answers), *answer)),
        None => Err(Unanswerable(format!(
            "the mock has no answer for {}{}; documented: {}",
            preference
                .code
                .map_or_else(String::new, |code| format!("status {code}")),
            preference
                .example
                .as_ref()
                .map_or_else(String::new, |name| format!(" example `{name}`")),
            documented()
        ))),
    }
}

/// Answers an operation as the request's `Prefer` header asks, from its answers (response
/// key, example name and JSON body, as in [`Answer`]), decoding the chosen body with the
/// operation's `Response::from_json`.
pub fn answer<R>(
    context: &RequestContext,
    answers: &[(&'static str, &'static str, &'static str)],
    decode: fn(u16, &[u8]) -> Result<R, DecodeError>,
) -> Result<R, HandlerError> {
    let answers: Vec<Answer> = answers
        .iter()
        .map(|&(status, example, body)| Answer {
            status,
            example,
            body,
        })
        .collect();
    match choose(&answers, &Preference::of(context)) {
        Ok((status, answer)) => decode(status, answer.body.as_bytes()).map_err(HandlerError::new),
        Err(unanswerable) => {
            let body = serde_json::json!({ "error": unanswerable.0 }).to_string();
            decode(501, body.as_bytes()).map_err(|_| HandlerError::with_status(501, unanswerable))
        }
    }
}

/// The server configuration of a mock: any bearer token, API key or basic credentials are
/// accepted (a missing one is still 401).
pub fn config() -> ServerConfig {
    ServerConfig::default()
        .accept_any_bearer()
        .accept_any_api_key()
        .basic_verifier(|_: &str, _: &str| true)
}

/// The server configuration of a mock that accepts one credential only: the bearer token
/// `credential`, the API key `credential`, or basic credentials whose password is
/// `credential` (anything else is 401, as a real server answers a wrong credential).
pub fn config_accepting(credential: impl Into<String>) -> ServerConfig {
    let credential: Arc<str> = credential.into().into();
    let (token, key, password) = (credential.clone(), credential.clone(), credential);
    ServerConfig::default()
        .bearer_verifier(move |sent: &str| sent == &*token)
        .api_key_verifier(move |sent: &str| sent == &*key)
        .basic_verifier(move |_: &str, sent: &str| sent == &*password)
}

/// `server` (a generated router around a mock) that also serves `openapi` (the effective
/// OpenAPI document, as JSON text) at `GET /openapi.json`.
pub fn router(server: axum::Router, openapi: &'static str) -> axum::Router {
    server.route(
        "/openapi.json",
        axum::routing::get(move || async move {
            let mut response = http::Response::new(Body::from(openapi));
            response
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            response
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANSWERS: &[Answer] = &[
        Answer {
            status: "200",
            example: "first",
            body: "{}",
        },
        Answer {
            status: "200",
            example: "second",
            body: "[]",
        },
        Answer {
            status: "400",
            example: "derived",
            body: "1",
        },
        Answer {
            status: "400",
            example: "derived-2",
            body: "2",
        },
        Answer {
            status: "5XX",
            example: "derived",
            body: "",
        },
    ];

    fn pick(code: Option<u16>, example: Option<&str>) -> Result<(u16, &'static str), String> {
        choose(
            ANSWERS,
            &Preference {
                code,
                example: example.map(str::to_owned),
            },
        )
        .map(|(status, answer)| (status, answer.body))
        .map_err(|e| e.0)
    }

    #[test]
    fn prefer_picks_status_and_example() {
        assert_eq!(pick(None, None), Ok((200, "{}")));
        assert_eq!(pick(None, Some("second")), Ok((200, "[]")));
        assert_eq!(pick(Some(400), None), Ok((400, "1")));
        assert_eq!(pick(Some(400), Some("derived-2")), Ok((400, "2")));
        assert_eq!(pick(Some(503), None), Ok((503, "")));
        let unknown = pick(Some(404), None).unwrap_err();
        assert!(unknown.contains("status 404"), "{unknown}");
        assert!(unknown.contains("200 (first), 200 (second)"), "{unknown}");
        assert!(pick(Some(200), Some("nope")).is_err());
        assert_eq!(status_of("default", None, &ANSWERS[..1]), 500);
        assert_eq!(status_of("default", None, &ANSWERS[2..]), 200);
    }

    #[test]
    fn prefer_headers_are_read_like_prism_does() {
        let request = http::Request::builder()
            .header("Prefer", "code=400, example=\"bad one\"")
            .header("prefer", "dynamic=true; other")
            .body(())
            .unwrap();
        let (parts, ()) = request.into_parts();
        let context = RequestContext {
            parts,
            credentials: super::super::server::Credentials::None,
        };
        assert_eq!(
            Preference::of(&context),
            Preference {
                code: Some(400),
                example: Some("bad one".into())
            }
        );
    }
}
