//! The generated axum servers on real sockets: hand-written implementations of the
//! Livescore, RMS Customer Integration, RMS Bet and feature-spec (`tests/specs/http.yaml`)
//! `Api` traits, called with raw HTTP requests; every assertion is on the status, the
//! headers and the exact body that arrive.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use specgen_runtime::http::axum;
use specgen_runtime::http::server::{Credentials, HandlerError, RequestContext, ServerConfig};

/// The feature spec's server, generated here behind this crate's `shelter-server` feature.
#[allow(dead_code)]
mod shelter {
    specgen_macros::openapi!("specs/http.yaml", server_feature = "shelter-server");
}

/// Serves `router` on an ephemeral port; the base URL.
async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind an ephemeral port");
    let address = listener.local_addr().expect("bound address");
    tokio::spawn(async move {
        axum::serve(listener, router).await.expect("server runs");
    });
    format!("http://{address}")
}

/// What arrived: status, content type, body.
struct Answer {
    status: u16,
    content_type: Option<String>,
    allow: Option<String>,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|error| {
            panic!(
                "JSON body expected ({error}): {:?}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8 body")
    }
}

async fn send(request: reqwest::RequestBuilder) -> Answer {
    let response = request.send().await.expect("request sent");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().expect("ASCII header").to_owned())
    };
    let (content_type, allow) = (header("content-type"), header("allow"));
    let status = response.status().as_u16();
    let body = response.bytes().await.expect("body read").to_vec();
    Answer {
        status,
        content_type,
        allow,
        body,
    }
}

fn post_json(client: &reqwest::Client, url: String, body: &Value) -> reqwest::RequestBuilder {
    client
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_string())
}

/// A handler that answers what the test asks for: `x-status` and `x-body` (JSON), decoded
/// into the operation's `Response` with its own `from_json`.
fn echo<R>(
    context: &RequestContext,
    from_json: fn(u16, &[u8]) -> Result<R, specgen_runtime::DecodeError>,
) -> Result<Option<R>, HandlerError> {
    let header = |name: &str| {
        context
            .parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let Some(status) = header("x-status") else {
        return Ok(None);
    };
    let status: u16 = status.parse()?;
    let body = header("x-body").unwrap_or_default();
    Ok(Some(from_json(status, body.as_bytes())?))
}

// ----------------------------------------------------------------------------------------
// Livescore Customers

mod livescore {
    use super::*;
    use lsports::livescore_customers::operations::{
        activate_package, deactivate_package, get_package_status, trigger_snapshot,
    };
    use lsports::livescore_customers::{server, PackageActionResponse};

    pub struct Livescore;

    fn ok(
        body: &lsports::livescore_customers::PackageCredentials,
        message: &str,
    ) -> PackageActionResponse {
        PackageActionResponse {
            success: true,
            message: message.to_owned(),
            package_id: body.package_id,
            username: body.username.clone(),
            ..Default::default()
        }
    }

    /// `x-fail: 1` makes a handler fail without a status.
    fn fail(context: &RequestContext) -> Result<(), HandlerError> {
        match context.parts.headers.get("x-fail") {
            Some(_) => Err(HandlerError::new("the database is down")),
            None => Ok(()),
        }
    }

    impl server::Api for Livescore {
        async fn trigger_snapshot(
            &self,
            request: trigger_snapshot::Request,
            context: RequestContext,
        ) -> Result<trigger_snapshot::Response, HandlerError> {
            fail(&context)?;
            if let Some(response) = echo(&context, trigger_snapshot::Response::from_json)? {
                return Ok(response);
            }
            Ok(trigger_snapshot::Response::Ok(ok(
                &request.body,
                "Livescore snapshot request sent successfully",
            )))
        }

        async fn activate_package(
            &self,
            request: activate_package::Request,
            context: RequestContext,
        ) -> Result<activate_package::Response, HandlerError> {
            fail(&context)?;
            if let Some(response) = echo(&context, activate_package::Response::from_json)? {
                return Ok(response);
            }
            Ok(activate_package::Response::Ok(ok(
                &request.body,
                "Package activation completed successfully",
            )))
        }

        async fn deactivate_package(
            &self,
            request: deactivate_package::Request,
            context: RequestContext,
        ) -> Result<deactivate_package::Response, HandlerError> {
            fail(&context)?;
            if let Some(response) = echo(&context, deactivate_package::Response::from_json)? {
                return Ok(response);
            }
            Ok(deactivate_package::Response::Ok(ok(
                &request.body,
                "Package deactivation completed successfully",
            )))
        }

        async fn get_package_status(
            &self,
            _request: get_package_status::Request,
            context: RequestContext,
        ) -> Result<get_package_status::Response, HandlerError> {
            fail(&context)?;
            match echo(&context, get_package_status::Response::from_json)? {
                Some(response) => Ok(response),
                None => Err(HandlerError::with_status(
                    400,
                    "Invalid package credentials",
                )),
            }
        }
    }

    /// The router, recording every handler error the hook sees as `operation: cause`.
    pub fn router(errors: Arc<Mutex<Vec<String>>>) -> axum::Router {
        server::router_with(
            Livescore,
            ServerConfig::default().on_error(move |info, error| {
                errors
                    .lock()
                    .expect("lock")
                    .push(format!("{}: {error}", info.name));
            }),
        )
    }
}

fn credentials() -> Value {
    json!({"packageId": 123, "username": "user@example.com", "password": "secret"})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn livescore_answers_every_documented_status() {
    let errors = Arc::new(Mutex::new(Vec::new()));
    let base = serve(livescore::router(errors.clone())).await;
    let client = reqwest::Client::new();
    let paths = [
        "/snapshots/trigger",
        "/package/activate",
        "/package/deactivate",
        "/package/status",
    ];
    let bodies = [
        (
            200,
            json!({"success": true, "message": "done", "packageId": 123, "username": "user@example.com"}),
        ),
        (400, json!({"error": "Invalid package credentials"})),
        (
            500,
            json!({"success": false, "message": "Failed to activate package", "packageId": 123}),
        ),
    ];
    for path in paths {
        for (status, body) in &bodies {
            let body = if path == "/package/status" && *status == 200 {
                json!({"success": true, "status": "inactive", "packageId": 123, "username": "user@example.com"})
            } else {
                body.clone()
            };
            let answer = send(
                post_json(&client, format!("{base}{path}"), &credentials())
                    .header("x-status", status.to_string())
                    .header("x-body", body.to_string()),
            )
            .await;
            assert_eq!(answer.status, *status, "{path} {status}");
            assert_eq!(answer.content_type.as_deref(), Some("application/json"));
            assert_eq!(answer.json(), body, "{path} {status}");
        }
    }
    // The handlers' own answers: built from the decoded request.
    let answer = send(post_json(
        &client,
        format!("{base}/snapshots/trigger"),
        &credentials(),
    ))
    .await;
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.text(),
        r#"{"success":true,"message":"Livescore snapshot request sent successfully","packageId":123,"username":"user@example.com"}"#
    );
    // A handler error with a status: the documented body of that status.
    let answer = send(post_json(
        &client,
        format!("{base}/package/status"),
        &credentials(),
    ))
    .await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.text(), r#"{"error":"Invalid package credentials"}"#);
    assert_eq!(
        *errors.lock().expect("lock"),
        vec!["get_package_status: 400: Invalid package credentials".to_owned()]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn livescore_validation_errors_carry_the_exact_messages() {
    let base = serve(livescore::router(Arc::default())).await;
    let client = reqwest::Client::new();
    let cases = [
        (
            json!({"packageId": 0, "username": "u", "password": "p"}),
            "PackageId must be a positive integer",
        ),
        (
            json!({"packageId": -5, "username": "u", "password": "p"}),
            "PackageId must be a positive integer",
        ),
        (
            json!({"packageId": 1, "username": "", "password": "p"}),
            "Username is required",
        ),
        (
            json!({"packageId": 1, "password": "p"}),
            "Username is required",
        ),
        (
            json!({"packageId": 1, "username": "u"}),
            "Password is required",
        ),
        (
            json!({"packageId": 1, "username": "u", "password": ""}),
            "Password is required",
        ),
    ];
    for path in ["/snapshots/trigger", "/package/activate", "/package/status"] {
        for (body, message) in &cases {
            let answer = send(post_json(&client, format!("{base}{path}"), body)).await;
            assert_eq!(answer.status, 400, "{path} {body}");
            assert_eq!(answer.content_type.as_deref(), Some("application/json"));
            assert_eq!(
                answer.text(),
                json!({ "error": message }).to_string(),
                "{path} {body}"
            );
        }
    }
    // Not JSON at all: still the documented 400 body.
    let answer = send(
        client
            .post(format!("{base}/package/activate"))
            .header("content-type", "application/json")
            .body("{not json"),
    )
    .await;
    assert_eq!(answer.status, 400);
    assert!(answer.json()["error"]
        .as_str()
        .is_some_and(|m| m.starts_with("not valid JSON")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn livescore_protocol_errors() {
    let errors = Arc::new(Mutex::new(Vec::new()));
    let base = serve(livescore::router(errors.clone())).await;
    let client = reqwest::Client::new();

    // 415: a body that is not the documented media type.
    let answer = send(
        client
            .post(format!("{base}/package/activate"))
            .header("content-type", "text/plain")
            .body(credentials().to_string()),
    )
    .await;
    assert_eq!(answer.status, 415);
    assert!(answer.body.is_empty());
    let answer = send(
        client
            .post(format!("{base}/package/activate"))
            .body(credentials().to_string()),
    )
    .await;
    assert_eq!(answer.status, 415);

    // 404 and 405 with `Allow`.
    let answer = send(client.get(format!("{base}/no/such/path"))).await;
    assert_eq!(answer.status, 404);
    assert!(answer.body.is_empty());
    let answer = send(client.get(format!("{base}/package/status"))).await;
    assert_eq!(answer.status, 405);
    assert_eq!(answer.allow.as_deref(), Some("POST"));

    // 413: 2 MiB over the default 1 MiB limit, with and without a declared length.
    let big = format!(
        r#"{{"packageId": 1, "username": "{}", "password": "p"}}"#,
        "x".repeat(2 * 1024 * 1024)
    );
    let answer = send(
        client
            .post(format!("{base}/package/activate"))
            .header("content-type", "application/json")
            .body(big),
    )
    .await;
    assert_eq!(answer.status, 413);
    assert!(answer.body.is_empty());

    // 500 from a handler error: the hook is called once, the cause stays private.
    let answer = send(
        post_json(&client, format!("{base}/snapshots/trigger"), &credentials())
            .header("x-fail", "1"),
    )
    .await;
    assert_eq!(answer.status, 500);
    assert_eq!(
        answer.text(),
        r#"{"success":false,"message":"Internal server error"}"#
    );
    assert_eq!(
        *errors.lock().expect("lock"),
        vec!["trigger_snapshot: the database is down".to_owned()]
    );
}

// ----------------------------------------------------------------------------------------
// RMS Customer Integration and RMS Bet

mod rms {
    use super::*;
    use lsports::rms_bet::operations::{post_bet_define, post_bet_detail, post_cart_place_bet};
    use lsports::rms_customer_integration::operations::{
        post_customer_integration_fixture_metadata as fixture_metadata,
        post_customer_integration_inplay_market as inplay_market,
        post_customer_integration_prematch_market as prematch_market,
    };

    fn success() -> lsports::rms_customer_integration::SuccessResponseDto {
        serde_json::from_value(json!({
            "status": "success",
            "messageId": "m-1",
            "timestamp": "2024-05-01T12:00:00Z"
        }))
        .expect("a success body")
    }

    /// Records the credentials each request was admitted with.
    #[derive(Default, Clone)]
    pub struct Integration {
        pub seen: Arc<Mutex<Vec<Credentials>>>,
    }

    impl lsports::rms_customer_integration::server::Api for Integration {
        async fn post_customer_integration_fixture_metadata(
            &self,
            _request: fixture_metadata::Request,
            context: RequestContext,
        ) -> Result<fixture_metadata::Response, HandlerError> {
            self.seen
                .lock()
                .expect("lock")
                .push(context.credentials.clone());
            if let Some(response) = echo(&context, fixture_metadata::Response::from_json)? {
                return Ok(response);
            }
            Ok(fixture_metadata::Response::Ok(success()))
        }

        async fn post_customer_integration_prematch_market(
            &self,
            _request: prematch_market::Request,
            context: RequestContext,
        ) -> Result<prematch_market::Response, HandlerError> {
            match echo(&context, prematch_market::Response::from_json)? {
                Some(response) => Ok(response),
                None => Ok(prematch_market::Response::Ok(success())),
            }
        }

        async fn post_customer_integration_inplay_market(
            &self,
            _request: inplay_market::Request,
            context: RequestContext,
        ) -> Result<inplay_market::Response, HandlerError> {
            match echo(&context, inplay_market::Response::from_json)? {
                Some(response) => Ok(response),
                None => Err(HandlerError::new("no market feed")),
            }
        }
    }

    /// Records the credentials each request was admitted with.
    #[derive(Default, Clone)]
    pub struct Bet {
        pub seen: Arc<Mutex<Vec<Credentials>>>,
    }

    impl lsports::rms_bet::server::Api for Bet {
        async fn post_cart_place_bet(
            &self,
            _request: post_cart_place_bet::Request,
            context: RequestContext,
        ) -> Result<post_cart_place_bet::Response, HandlerError> {
            echo(&context, post_cart_place_bet::Response::from_json)?
                .ok_or_else(|| HandlerError::new("not implemented"))
        }

        async fn post_bet_detail(
            &self,
            request: post_bet_detail::Request,
            context: RequestContext,
        ) -> Result<post_bet_detail::Response, HandlerError> {
            if let Some(response) = echo(&context, post_bet_detail::Response::from_json)? {
                return Ok(response);
            }
            if request.body.code == "secret" {
                return Err(HandlerError::with_status(403, "Not your bet"));
            }
            self.seen.lock().expect("lock").push(context.credentials);
            Ok(post_bet_detail::Response::Ok(
                lsports::rms_bet::BetDetailResponseDto {
                    success: Some(true),
                    ..Default::default()
                },
            ))
        }

        async fn post_bet_define(
            &self,
            _request: post_bet_define::Request,
            context: RequestContext,
        ) -> Result<post_bet_define::Response, HandlerError> {
            echo(&context, post_bet_define::Response::from_json)?
                .ok_or_else(|| HandlerError::new("not implemented"))
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rms_customer_integration_validation_and_credentials() {
    let api = rms::Integration::default();
    let errors = Arc::new(AtomicUsize::new(0));
    let counted = errors.clone();
    let base = serve(lsports::rms_customer_integration::server::router_with(
        api.clone(),
        ServerConfig::default()
            .bearer_verifier(|token: &str| token == "good-token")
            .on_error(move |_, _| {
                counted.fetch_add(1, Ordering::SeqCst);
            }),
    ))
    .await;
    let client = reqwest::Client::new();
    let url = format!("{base}/customer-integration/fixture-metadata");

    // 401 without credentials, and with a token the verifier refuses.
    let answer = send(post_json(&client, url.clone(), &json!({}))).await;
    assert_eq!(answer.status, 401);
    assert_eq!(answer.text(), r#"{"message":"Missing credentials"}"#);
    let answer = send(post_json(&client, url.clone(), &json!({})).bearer_auth("forged")).await;
    assert_eq!(answer.status, 401);
    assert_eq!(answer.text(), r#"{"message":"Invalid credentials"}"#);

    // 400 with the spec's ValidationErrorResponseDto, one entry per violation.
    let answer = send(post_json(&client, url.clone(), &json!({})).bearer_auth("good-token")).await;
    assert_eq!(answer.status, 400);
    let violations = specgen_runtime::decode_valid::<
        lsports::rms_customer_integration::FixtureMetadataRequestDto,
    >(b"{}")
    .expect_err("an empty object is invalid");
    let expected =
        lsports::rms_customer_integration::ValidationErrorResponseDto::from_violations(&violations);
    assert_eq!(
        answer.json(),
        serde_json::to_value(&expected).expect("encodes")
    );
    assert_eq!(answer.json()["message"], "Validation failed");
    assert_eq!(
        answer.json()["errors"].as_array().map(Vec::len),
        Some(violations.len())
    );
    assert!(!violations.is_empty());

    // Every documented status of every operation, with a verified bearer token.
    let statuses = [
        (
            200,
            json!({"status": "success", "messageId": "m-9", "timestamp": "2024-05-01T12:00:00.5+02:00"}),
        ),
        (
            400,
            json!({"statusCode": 400, "message": "Validation failed", "errors": [{"message": "Header is required"}]}),
        ),
        (401, json!({"statusCode": 401, "message": "Unauthorized"})),
        (
            500,
            json!({"statusCode": 500, "message": "Internal error", "correlationId": "c-1"}),
        ),
    ];
    let body = fixture_body();
    for path in ["fixture-metadata", "prematch-market", "inplay-market"] {
        let body = match path {
            "fixture-metadata" => body.clone(),
            _ => market_body(),
        };
        for (status, answer_body) in &statuses {
            let answer = send(
                post_json(
                    &client,
                    format!("{base}/customer-integration/{path}"),
                    &body,
                )
                .bearer_auth("good-token")
                .header("x-status", status.to_string())
                .header("x-body", answer_body.to_string()),
            )
            .await;
            assert_eq!(answer.status, *status, "{path} {status}: {}", answer.text());
            assert_eq!(answer.json(), *answer_body, "{path} {status}");
        }
    }

    // Accepted with a verified token, and with the gateway's `customerid` header alone.
    api.seen.lock().expect("lock").clear();
    let answer = send(post_json(&client, url.clone(), &body).bearer_auth("good-token")).await;
    assert_eq!(answer.status, 200, "{}", answer.text());
    let answer = send(post_json(&client, url.clone(), &body).header("customerid", "4242")).await;
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(
        *api.seen.lock().expect("lock"),
        vec![
            Credentials::Bearer("good-token".to_owned()),
            Credentials::ForwardedIdentity {
                header: "customerid".to_owned(),
                value: "4242".to_owned()
            },
        ]
    );

    // A handler error: the documented 500 ErrorResponseDto, the hook called.
    let answer = send(
        post_json(
            &client,
            format!("{base}/customer-integration/inplay-market"),
            &market_body(),
        )
        .header("customerid", "1"),
    )
    .await;
    assert_eq!(answer.status, 500);
    assert_eq!(answer.text(), r#"{"message":"Internal server error"}"#);
    assert_eq!(errors.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rms_forwarded_identity_can_be_distrusted() {
    let base = serve(lsports::rms_customer_integration::server::router_with(
        rms::Integration::default(),
        ServerConfig::default().trust_forwarded_identity(false),
    ))
    .await;
    let client = reqwest::Client::new();
    let answer = send(
        post_json(
            &client,
            format!("{base}/customer-integration/fixture-metadata"),
            &fixture_body(),
        )
        .header("customerid", "4242"),
    )
    .await;
    assert_eq!(answer.status, 401);
    assert_eq!(answer.text(), r#"{"message":"Missing credentials"}"#);
}

fn header(kind: u8) -> Value {
    json!({"Type": kind, "MsgGuid": "67e55044-10b1-426f-9247-bb680e5fe0c8", "ServerTimestamp": 1714564800000_i64})
}

fn fixture_body() -> Value {
    json!({
        "Header": header(1),
        "Body": {"Events": [{"FixtureId": 1, "Fixture": {
            "Sport": {"Id": 6046, "Name": "Football"},
            "Location": {"Id": 1, "Name": "England"},
            "League": {"Id": 2, "Name": "Premier League"},
            "StartDate": "2024-05-01T12:00:00Z",
            "Status": 1
        }}]}
    })
}

fn market_body() -> Value {
    json!({
        "Header": header(3),
        "Body": {"Events": [{"FixtureId": 1, "Markets": [{"Id": 1, "Name": "1X2", "Bets": [
            {"Id": "b-1", "Name": "1", "Status": 1, "Price": "1.50"}
        ]}]}]}
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rms_bet_statuses_and_credentials() {
    let api = rms::Bet::default();
    let base = serve(lsports::rms_bet::server::router_with(
        api.clone(),
        ServerConfig::default().accept_any_bearer(),
    ))
    .await;
    let client = reqwest::Client::new();
    let detail = format!("{base}/bet/detail");

    // The inline 401 body `{message}` is an error report.
    let answer = send(post_json(&client, detail.clone(), &json!({"code": "B1"}))).await;
    assert_eq!(answer.status, 401);
    assert_eq!(answer.text(), r#"{"message":"Missing credentials"}"#);

    let answer =
        send(post_json(&client, detail.clone(), &json!({"code": "B1"})).bearer_auth("t-1")).await;
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.text(), r#"{"success":true}"#);
    let answer =
        send(post_json(&client, detail.clone(), &json!({"code": "B2"})).header("customerid", "77"))
            .await;
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(
        *api.seen.lock().expect("lock"),
        vec![
            Credentials::Bearer("t-1".to_owned()),
            Credentials::ForwardedIdentity {
                header: "customerid".to_owned(),
                value: "77".to_owned()
            },
        ]
    );

    // A handler error with a documented status: the inline 403 report.
    let answer =
        send(post_json(&client, detail.clone(), &json!({"code": "secret"})).bearer_auth("t")).await;
    assert_eq!(answer.status, 403);
    assert_eq!(answer.text(), r#"{"message":"Not your bet"}"#);

    // Every documented status of /bet/define, alternatives of 400 included.
    let define = json!({"code": "B1", "status": "win"});
    for (status, body) in [
        (200, json!({"message": "settled"})),
        (
            400,
            json!({"result": false, "error_code": "E1", "reason": "bad"}),
        ),
        (400, json!({"error": "Invalid status"})),
        (401, json!({"message": "Unauthorized"})),
        (402, json!({"message": "Payment required"})),
    ] {
        let answer = send(
            post_json(&client, format!("{base}/bet/define"), &define)
                .bearer_auth("t")
                .header("x-status", status.to_string())
                .header("x-body", body.to_string()),
        )
        .await;
        assert_eq!(answer.status, status, "{body}: {}", answer.text());
        assert_eq!(answer.json(), body);
    }
    // An undocumented status passes through as given.
    let answer = send(
        post_json(&client, format!("{base}/bet/define"), &define)
            .bearer_auth("t")
            .header("x-status", "418")
            .header("x-body", r#"{"teapot":true}"#),
    )
    .await;
    assert_eq!(answer.status, 418);
    assert_eq!(answer.json(), json!({"teapot": true}));

    // A place-bet body that breaks its schema: the 400 ValidationErrorResponseDto alternative.
    let answer =
        send(post_json(&client, format!("{base}/cart/place-bet"), &json!({})).bearer_auth("t"))
            .await;
    assert_eq!(answer.status, 400);
    let violations = specgen_runtime::decode_valid::<lsports::rms_bet::PlaceBetRequestDto>(b"{}")
        .expect_err("an empty object is invalid");
    assert_eq!(
        answer.json(),
        serde_json::to_value(
            lsports::rms_bet::ValidationErrorResponseDto::from_violations(&violations)
        )
        .expect("encodes")
    );
    assert_eq!(answer.json()["message"], "Request validation failed");
}

// ----------------------------------------------------------------------------------------
// The feature spec: parameters of every kind, non-JSON bodies, two security schemes

mod pets {
    use super::shelter::operations::*;
    use super::shelter::{server, Pet};
    use super::*;

    pub struct Shelter;

    fn pet(value: Value) -> Pet {
        serde_json::from_value(value).expect("a pet")
    }

    impl server::Api for Shelter {
        async fn health(&self, _context: RequestContext) -> Result<health::Response, HandlerError> {
            Ok(health::Response::Ok("ok".to_owned()))
        }

        async fn list_pets(
            &self,
            request: list_pets::Request,
            context: RequestContext,
        ) -> Result<list_pets::Response, HandlerError> {
            assert_eq!(context.credentials, Credentials::ApiKey("k-1".to_owned()));
            let params = request.params;
            let lives = params.limit.unwrap_or(1);
            let mut pets: Vec<Pet> = params
                .tags
                .unwrap_or_default()
                .into_iter()
                .map(|tag| pet(json!({"petType": "cat", "name": tag, "lives": lives})))
                .collect();
            if let Some(id) = params.x_request_id {
                pets.push(pet(
                    json!({"petType": "dog", "name": id.to_string(), "goodBoy": true}),
                ));
            }
            Ok(list_pets::Response::Ok(pets))
        }

        async fn add_pet(
            &self,
            request: add_pet::Request,
            _context: RequestContext,
        ) -> Result<add_pet::Response, HandlerError> {
            Ok(add_pet::Response::Created(request.body))
        }

        async fn get_pet(
            &self,
            request: get_pet::Request,
            _context: RequestContext,
        ) -> Result<get_pet::Response, HandlerError> {
            let params = request.params;
            if params.pet_id == 404 {
                return Err(HandlerError::with_status(404, "no such pet"));
            }
            let name = params.session.unwrap_or_else(|| "anonymous".to_owned());
            Ok(get_pet::Response::Ok(pet(
                json!({"petType": "cat", "name": name, "lives": params.pet_id}),
            )))
        }

        async fn delete_pet(
            &self,
            _request: delete_pet::Request,
            context: RequestContext,
        ) -> Result<delete_pet::Response, HandlerError> {
            assert_eq!(context.credentials, Credentials::Bearer("staff".to_owned()));
            Ok(delete_pet::Response::NoContent)
        }

        async fn get_pet_photo(
            &self,
            request: get_pet_photo::Request,
            _context: RequestContext,
        ) -> Result<get_pet_photo::Response, HandlerError> {
            match request.params.pet_id {
                7 => Ok(get_pet_photo::Response::Ok(vec![0, 159, 255, 10])),
                _ => Err(HandlerError::with_status(404, "no photo")),
            }
        }

        async fn post_note(
            &self,
            request: post_note::Request,
            _context: RequestContext,
        ) -> Result<post_note::Response, HandlerError> {
            // The layer has checked the JSON-value body against `Note` before this runs.
            assert!(request.body.is_string() || request.body.is_object());
            Ok(post_note::Response::NoContent)
        }

        async fn get_pets_by_ids(
            &self,
            request: get_pets_by_ids::Request,
            _context: RequestContext,
        ) -> Result<get_pets_by_ids::Response, HandlerError> {
            Ok(get_pets_by_ids::Response::Ok(
                request
                    .params
                    .ids
                    .iter()
                    .map(|id| pet(json!({"petType": "cat", "name": id.to_string(), "lives": 1})))
                    .collect(),
            ))
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feature_spec_parameters_bodies_and_security() {
    let base = serve(shelter::server::router_with(
        pets::Shelter,
        ServerConfig::default()
            .api_key_verifier(|key: &str| key == "k-1")
            .bearer_verifier(|token: &str| token == "staff"),
    ))
    .await;
    let client = reqwest::Client::new();

    // No security, a text body.
    let answer = send(client.get(format!("{base}/health"))).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body, b"ok");
    assert_eq!(answer.content_type.as_deref(), Some("text/plain"));

    // An octet-stream body goes out as the bytes the handler returned.
    let answer = send(
        client
            .get(format!("{base}/pets/7/photo"))
            .header("X-Api-Key", "k-1"),
    )
    .await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body, [0, 159, 255, 10]);
    assert_eq!(
        answer.content_type.as_deref(),
        Some("application/octet-stream")
    );

    // Query arrays (exploded form), an integer, a UUID header, the API key in its header.
    let answer = send(
        client
            .get(format!("{base}/pets?tags=a%20b&tags=c&limit=5"))
            .header("X-Api-Key", "k-1")
            .header("X-Request-Id", "67e55044-10b1-426f-9247-bb680e5fe0c8"),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(
        answer.text(),
        r#"[{"petType":"cat","name":"a b","lives":5},{"petType":"cat","name":"c","lives":5},{"petType":"dog","name":"67e55044-10b1-426f-9247-bb680e5fe0c8","goodBoy":true}]"#
    );
    // Missing and wrong API keys: the documented 401 `Error` report.
    let answer = send(client.get(format!("{base}/pets"))).await;
    assert_eq!(answer.status, 401);
    assert_eq!(
        answer.text(),
        r#"{"message":"Missing credentials","details":["(document root): Missing credentials (security)"]}"#
    );
    let answer = send(
        client
            .get(format!("{base}/pets"))
            .header("X-Api-Key", "nope"),
    )
    .await;
    assert_eq!(answer.status, 401);
    assert_eq!(answer.json()["message"], "Invalid credentials");
    // A parameter that does not fit its type: the documented 400 report.
    let answer = send(
        client
            .get(format!("{base}/pets?limit=many"))
            .header("X-Api-Key", "k-1"),
    )
    .await;
    assert_eq!(answer.status, 400);
    assert!(answer.json()["message"]
        .as_str()
        .is_some_and(|m| m.starts_with("The query parameter `limit` is invalid")));

    // A parameter outside its schema's bounds (`limit`: 1 to 100) is refused before the
    // handler, each violation at its pointer; the bounds themselves are accepted.
    for (limit, keyword) in [("0", "minimum"), ("101", "maximum")] {
        let answer = send(
            client
                .get(format!("{base}/pets?limit={limit}"))
                .header("X-Api-Key", "k-1"),
        )
        .await;
        assert_eq!(answer.status, 400, "limit={limit}");
        let details = answer.json()["details"].to_string();
        assert!(
            details.contains("/query/limit") && details.contains(keyword),
            "limit={limit}: {details}"
        );
    }
    for limit in ["1", "100"] {
        let answer = send(
            client
                .get(format!("{base}/pets?limit={limit}"))
                .header("X-Api-Key", "k-1"),
        )
        .await;
        assert_eq!(answer.status, 200, "limit={limit}: {}", answer.text());
    }

    // A body whose schema is kept as a JSON value is checked by its validation function.
    for (body, status, detail) in [
        (json!("ok"), 204, ""),
        (json!({"text": "hi"}), 204, ""),
        (json!("x"), 400, "minLength"),
        (json!({"text": "x"}), 400, "anyOf"),
        (json!(5), 400, "anyOf"),
    ] {
        let answer = send(post_json(&client, format!("{base}/notes"), &body)).await;
        assert_eq!(answer.status, status, "{body}: {}", answer.text());
        if status == 400 {
            let details = answer.json()["details"].to_string();
            assert!(details.contains(detail), "{body}: {details}");
        }
    }

    // A path array (`simple`), a path integer and a cookie.
    let answer = send(
        client
            .get(format!("{base}/pets/by-ids/3,1,2"))
            .header("X-Api-Key", "k-1"),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text());
    let names: Vec<Value> = answer
        .json()
        .as_array()
        .expect("an array")
        .iter()
        .map(|p| p["name"].clone())
        .collect();
    assert_eq!(names, vec![json!("3"), json!("1"), json!("2")]);
    let answer = send(
        client
            .get(format!("{base}/pets/7"))
            .header("X-Api-Key", "k-1")
            .header("Cookie", "other=1; session=tom"),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.text(), r#"{"petType":"cat","name":"tom","lives":7}"#);
    // A path integer that is not one: 400 (undocumented for this operation: empty body).
    let answer = send(
        client
            .get(format!("{base}/pets/seven"))
            .header("X-Api-Key", "k-1"),
    )
    .await;
    assert_eq!(answer.status, 400);
    assert!(answer.body.is_empty());
    // A handler error with a documented status: the documented 404 report.
    let answer = send(
        client
            .get(format!("{base}/pets/404"))
            .header("X-Api-Key", "k-1"),
    )
    .await;
    assert_eq!(answer.status, 404);
    assert_eq!(
        answer.text(),
        r#"{"message":"no such pet","details":["(document root): no such pet (handler)"]}"#
    );

    // The discriminated body: accepted, echoed; invalid, the 400 report of every violation.
    let rex = json!({"petType": "dog", "name": "Rex", "goodBoy": true});
    let answer =
        send(post_json(&client, format!("{base}/pets"), &rex).header("X-Api-Key", "k-1")).await;
    assert_eq!(answer.status, 201, "{}", answer.text());
    assert_eq!(answer.json(), rex);
    let nameless = json!({"petType": "cat", "name": "", "lives": 12});
    let answer =
        send(post_json(&client, format!("{base}/pets"), &nameless).header("X-Api-Key", "k-1"))
            .await;
    assert_eq!(answer.status, 400);
    let violations = specgen_runtime::decode_valid::<shelter::Pet>(nameless.to_string().as_bytes())
        .expect_err("invalid");
    assert_eq!(
        answer.json(),
        serde_json::to_value(shelter::Error::from_violations(&violations)).expect("encodes")
    );
    assert_eq!(
        answer.json()["message"],
        "must match exactly one alternative, matches 0; as `petType` `cat` selects: /name: A pet needs a name (minLength); /lives: must be at most 9, is 12 (maximum)"
    );

    // Bearer security on one operation; the other schemes do not count there.
    let answer = send(
        client
            .delete(format!("{base}/pets/7"))
            .header("X-Api-Key", "k-1"),
    )
    .await;
    assert_eq!(answer.status, 401);
    let answer = send(client.delete(format!("{base}/pets/7")).bearer_auth("staff")).await;
    assert_eq!(answer.status, 204);
    assert!(answer.body.is_empty());
    // 405 lists every method of the path.
    let answer = send(client.put(format!("{base}/pets/7"))).await;
    assert_eq!(answer.status, 405);
    assert_eq!(answer.allow.as_deref(), Some("DELETE, GET"));
}
