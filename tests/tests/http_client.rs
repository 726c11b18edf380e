//! The generated reqwest clients against hand-written axum servers on real sockets
//! (`127.0.0.1:0`): every operation of the three LSports APIs with each documented status
//! (each alternative `400 (n)` body included), credentials, base URL, user agent, timeout,
//! request validation, misbehaving servers, and the parameters of the feature spec
//! `tests/specs/http.yaml` as they arrive on the wire.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use specgen_runtime::http::axum::{self, body::Body, extract::Request, Router};
use specgen_runtime::http::client::{BoxError, ClientConfig, ClientError};
use specgen_runtime::http::http::{self, HeaderMap};

/// The feature spec's client, generated here behind this crate's `shelter-client` feature.
mod shelter {
    specgen_macros::openapi!("specs/http.yaml", client_feature = "shelter-client");
}

/// A request as the server received it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    /// Path and query, exactly as sent.
    uri: String,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("the client sent JSON")
    }
}

/// What the server answers next.
struct Reply {
    status: u16,
    content_type: Option<&'static str>,
    body: Vec<u8>,
}

/// A server that answers scripted replies in order and records every request.
#[derive(Clone, Default)]
struct Script {
    replies: Arc<Mutex<VecDeque<Reply>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Script {
    /// Starts the server; returns its base URL.
    async fn start(&self) -> String {
        let script = self.clone();
        let app = Router::new().fallback(move |request: Request| {
            let script = script.clone();
            async move { script.answer(request).await }
        });
        serve(app).await
    }

    async fn answer(&self, request: Request) -> http::Response<Body> {
        let (parts, body) = request.into_parts();
        let body = axum::body::to_bytes(body, usize::MAX)
            .await
            .map(|b| b.to_vec())
            .unwrap_or_default();
        self.seen.lock().unwrap().push(Seen {
            method: parts.method.to_string(),
            uri: parts.uri.to_string(),
            headers: parts.headers,
            body,
        });
        let reply = self.replies.lock().unwrap().pop_front().unwrap_or(Reply {
            status: 599,
            content_type: None,
            body: b"no reply scripted".to_vec(),
        });
        let mut response = http::Response::builder().status(reply.status);
        if let Some(content_type) = reply.content_type {
            response = response.header("content-type", content_type);
        }
        response.body(Body::from(reply.body)).unwrap()
    }

    fn reply(&self, status: u16, content_type: Option<&'static str>, body: impl Into<Vec<u8>>) {
        self.replies.lock().unwrap().push_back(Reply {
            status,
            content_type,
            body: body.into(),
        });
    }

    fn json(&self, status: u16, body: &Value) {
        self.reply(status, Some("application/json"), body.to_string());
    }

    /// Every request received so far, emptying the record.
    fn take(&self) -> Vec<Seen> {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }

    /// The one request received since the last look.
    fn last(&self) -> Seen {
        let mut seen = self.take();
        assert_eq!(seen.len(), 1, "expected exactly one request: {seen:?}");
        seen.remove(0)
    }
}

async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{address}")
}

/// Scripts a JSON reply, makes the call, and returns its response.
async fn answer<T>(
    script: &Script,
    status: u16,
    body: Value,
    call: impl Future<Output = Result<T, ClientError>>,
) -> T {
    script.json(status, &body);
    match call.await {
        Ok(response) => response,
        Err(error) => panic!("status {status} with {body}: {error:?}"),
    }
}

fn decode<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("test value fits its type")
}

// ---------------------------------------------------------------------------------------
// The three LSports APIs, every operation and every documented status
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn livescore_customers_every_operation_and_status() {
    use lsports::livescore_customers::client::Client;
    use lsports::livescore_customers::operations as ops;

    let script = Script::default();
    // The base URL keeps its path: the operations' paths are appended to it.
    let base = format!("{}/api/livescore", script.start().await);
    let client = Client::with_config(ClientConfig::new().base_url(&base));
    assert_eq!(client.base_url(), base);
    let credentials =
        json!({"packageId": 123, "username": "user@example.com", "password": "password123"});
    let body = || decode::<lsports::livescore_customers::PackageCredentials>(credentials.clone());
    let bad_request = json!({"error": "PackageId must be a positive integer"});
    let server_error = json!({"success": false, "message": "Error message"});

    macro_rules! action {
        ($op:ident, $path:literal, $message:literal) => {{
            use ops::$op::{Request, Response};
            let ok = json!({"success": true, "message": $message, "packageId": 123, "username": "user@example.com"});
            let response = answer(&script, 200, ok, client.$op(Request { body: body() })).await;
            assert!(
                matches!(&response, Response::Ok(b) if b.success && b.message == $message && b.package_id == 123 && b.username == "user@example.com"),
                "{response:?}"
            );
            let seen = script.last();
            assert_eq!(seen.method, "POST");
            assert_eq!(seen.uri, concat!("/api/livescore", $path));
            assert_eq!(seen.header("content-type"), Some("application/json"));
            assert_eq!(seen.json(), credentials);

            let response = answer(&script, 400, bad_request.clone(), client.$op(Request { body: body() })).await;
            assert!(
                matches!(&response, Response::BadRequest(b) if b.error == "PackageId must be a positive integer"),
                "{response:?}"
            );
            let response = answer(&script, 500, server_error.clone(), client.$op(Request { body: body() })).await;
            assert!(
                matches!(&response, Response::InternalServerError(b) if !b.success && b.message == "Error message"),
                "{response:?}"
            );
            assert_eq!(script.take().len(), 2);
        }};
    }
    action!(
        trigger_snapshot,
        "/snapshots/trigger",
        "Livescore snapshot request sent successfully"
    );
    action!(
        activate_package,
        "/package/activate",
        "Package activation completed successfully"
    );
    action!(
        deactivate_package,
        "/package/deactivate",
        "Package deactivation completed successfully"
    );

    use ops::get_package_status::{Request, Response};
    let status = json!({"success": true, "status": "active", "packageId": 123, "username": "user@example.com"});
    let response = answer(
        &script,
        200,
        status,
        client.get_package_status(Request { body: body() }),
    )
    .await;
    assert!(
        matches!(&response, Response::Ok(b) if b.success && b.status == lsports::livescore_customers::PackageStatusResponseStatus::Active && b.package_id == 123),
        "{response:?}"
    );
    assert_eq!(script.last().uri, "/api/livescore/package/status");
    let response = answer(
        &script,
        400,
        bad_request,
        client.get_package_status(Request { body: body() }),
    )
    .await;
    assert!(
        matches!(&response, Response::BadRequest(b) if b.error.starts_with("PackageId")),
        "{response:?}"
    );
    let response = answer(
        &script,
        500,
        server_error,
        client.get_package_status(Request { body: body() }),
    )
    .await;
    assert!(
        matches!(&response, Response::InternalServerError(b) if b.message == "Error message"),
        "{response:?}"
    );
}

#[tokio::test]
async fn rms_customer_integration_every_operation_and_status() {
    use lsports::rms_customer_integration::client::Client;
    use lsports::rms_customer_integration::operations as ops;

    let script = Script::default();
    let client = Client::with_config(
        ClientConfig::new()
            .base_url(script.start().await)
            .bearer_token("bearerAuth", "jwt-token"),
    );
    let header = json!({"Type": 3, "MsgGuid": "7d9c1f0e-4b8a-4c2e-9a51-0f6b2d3c4e5f", "ServerTimestamp": 1700000000000_i64});
    let request = json!({"Header": header, "Body": {"Events": []}});
    let success =
        json!({"status": "success", "messageId": "m-1", "timestamp": "2024-05-01T12:00:00Z"});
    let validation =
        json!({"statusCode": 400, "correlationId": "c-1", "message": "Validation failed"});
    let error = |code: u16| json!({"statusCode": code, "correlationId": "c-2", "message": "No"});

    macro_rules! market {
        ($op:ident, $path:literal) => {{
            use ops::$op::{Request, Response};
            let call = || client.$op(Request { body: decode(request.clone()) });
            let response = answer(&script, 200, success.clone(), call()).await;
            assert!(
                matches!(&response, Response::Ok(b) if b.message_id == "m-1" && b.timestamp.to_string() == "2024-05-01T12:00:00Z"),
                "{response:?}"
            );
            let seen = script.last();
            assert_eq!((seen.method.as_str(), seen.uri.as_str()), ("POST", $path));
            assert_eq!(seen.header("authorization"), Some("Bearer jwt-token"));
            assert_eq!(seen.json(), request);
            let response = answer(&script, 400, validation.clone(), call()).await;
            assert!(
                matches!(&response, Response::BadRequest(b) if b.status_code == Some(400) && b.correlation_id.as_deref() == Some("c-1")),
                "{response:?}"
            );
            let response = answer(&script, 401, error(401), call()).await;
            assert!(matches!(&response, Response::Unauthorized(b) if b.status_code == Some(401)), "{response:?}");
            let response = answer(&script, 500, error(500), call()).await;
            assert!(matches!(&response, Response::InternalServerError(b) if b.status_code == Some(500)), "{response:?}");
            assert_eq!(script.take().len(), 3);
        }};
    }
    market!(
        post_customer_integration_fixture_metadata,
        "/customer-integration/fixture-metadata"
    );
    market!(
        post_customer_integration_prematch_market,
        "/customer-integration/prematch-market"
    );
    market!(
        post_customer_integration_inplay_market,
        "/customer-integration/inplay-market"
    );
}

#[tokio::test]
async fn rms_bet_every_operation_status_and_alternative() {
    use lsports::rms_bet::client::Client;
    use lsports::rms_bet::operations as ops;

    let script = Script::default();
    let client = Client::with_config(
        ClientConfig::new()
            .base_url(script.start().await)
            .bearer_token("bearerAuth", "bet-token"),
    );

    // POST /cart/place-bet: 200, 404, 422, 500, 503 and both bodies of 400.
    {
        use ops::post_cart_place_bet::{BadRequest, Request, Response};
        let slip = json!({
            "betSlipContext": "prematch", "betType": "single", "stake": {"totalAmount": 10},
            "totalSelections": 0, "selections": [], "userInfo": {"id": "u-1", "userName": "ann"}
        });
        let call = || {
            client.post_cart_place_bet(Request {
                body: decode(slip.clone()),
            })
        };
        let response = answer(
            &script,
            200,
            json!({"shortCode": "ABC", "result": true}),
            call(),
        )
        .await;
        assert!(
            matches!(&response, Response::Ok(b) if b.short_code.as_deref() == Some("ABC") && b.result == Some(true)),
            "{response:?}"
        );
        let seen = script.last();
        assert_eq!(
            (seen.method.as_str(), seen.uri.as_str()),
            ("POST", "/cart/place-bet")
        );
        assert_eq!(seen.header("authorization"), Some("Bearer bet-token"));
        assert_eq!(seen.json(), slip);
        let error = |kind: &str| json!({"message": "No", "errorType": kind});
        let response = answer(&script, 404, error("NOT_FOUND"), call()).await;
        assert!(
            matches!(&response, Response::NotFound(b) if b.error_type.as_deref() == Some("NOT_FOUND")),
            "{response:?}"
        );
        let response = answer(&script, 422, error("CONSTRUCTION"), call()).await;
        assert!(
            matches!(&response, Response::UnprocessableEntity(b) if b.error_type.as_deref() == Some("CONSTRUCTION")),
            "{response:?}"
        );
        let response = answer(&script, 500, error("INTERNAL"), call()).await;
        assert!(
            matches!(&response, Response::InternalServerError(b) if b.error_type.as_deref() == Some("INTERNAL")),
            "{response:?}"
        );
        let response = answer(&script, 503, error("UNAVAILABLE"), call()).await;
        assert!(
            matches!(&response, Response::ServiceUnavailable(b) if b.error_type.as_deref() == Some("UNAVAILABLE")),
            "{response:?}"
        );
        // 400 (1): a validation report.
        let body = json!({"message": "Validation failed", "errors": ["stake.totalAmount must be positive"]});
        let response = answer(&script, 400, body, call()).await;
        assert!(
            matches!(&response, Response::BadRequest(BadRequest::ValidationErrorResponseDto(b))
                if b.message.as_deref() == Some("Validation failed")
                    && b.errors.as_deref() == Some(&["stake.totalAmount must be positive".to_owned()][..])),
            "{response:?}"
        );
        // 400 (2): the risk system's rejection.
        let body = json!({"result": false, "error_code": "update_odds", "reason": "Invalid odds", "data_to_update": []});
        let response = answer(&script, 400, body, call()).await;
        assert!(
            matches!(&response, Response::BadRequest(BadRequest::ErrorResponseDto(b))
                if b.result == Some(false) && b.error_code.as_deref() == Some("update_odds") && b.reason.as_deref() == Some("Invalid odds")),
            "{response:?}"
        );
        assert_eq!(script.take().len(), 6);
    }

    // POST /bet/detail: 200, 401, 403.
    {
        use ops::post_bet_detail::{Request, Response};
        let call = || {
            client.post_bet_detail(Request {
                body: decode(json!({"code": "B-1"})),
            })
        };
        let body = json!({"success": true, "data": {"code": "B-1", "platform_id": 7}});
        let response = answer(&script, 200, body, call()).await;
        assert!(
            matches!(&response, Response::Ok(b) if b.success == Some(true) && b.data.as_ref().and_then(|d| d.code.as_deref()) == Some("B-1")),
            "{response:?}"
        );
        let seen = script.last();
        assert_eq!(
            (seen.uri.as_str(), seen.json()),
            ("/bet/detail", json!({"code": "B-1"}))
        );
        let response = answer(&script, 401, json!({"message": "no token"}), call()).await;
        assert!(
            matches!(&response, Response::Unauthorized(b) if b.message.as_deref() == Some("no token")),
            "{response:?}"
        );
        let response = answer(&script, 403, json!({"message": "not yours"}), call()).await;
        assert!(
            matches!(&response, Response::Forbidden(b) if b.message.as_deref() == Some("not yours")),
            "{response:?}"
        );
        assert_eq!(script.take().len(), 2);
    }

    // POST /bet/define: 200, 401, 402 and the bodies of 400 (1), (2), (4) and (3).
    {
        use ops::post_bet_define::{BadRequest, Request, Response};
        let define = json!({"code": "B-1", "status": "win"});
        let call = || {
            client.post_bet_define(Request {
                body: decode(define.clone()),
            })
        };
        let response = answer(&script, 200, json!({"message": "defined"}), call()).await;
        assert!(
            matches!(&response, Response::Ok(b) if b.message.as_deref() == Some("defined")),
            "{response:?}"
        );
        let seen = script.last();
        assert_eq!(
            (seen.uri.as_str(), seen.json()),
            ("/bet/define", define.clone())
        );
        let response = answer(&script, 401, json!({"message": "no token"}), call()).await;
        assert!(
            matches!(&response, Response::Unauthorized(b) if b.message.as_deref() == Some("no token")),
            "{response:?}"
        );
        let response = answer(&script, 402, json!({"message": "pay first"}), call()).await;
        assert!(
            matches!(&response, Response::PaymentRequired(b) if b.message.as_deref() == Some("pay first")),
            "{response:?}"
        );
        for reason in ["Bet not found", "Already defined", "Invalid status"] {
            let body = json!({"result": false, "error_code": "define", "reason": reason});
            let response = answer(&script, 400, body, call()).await;
            assert!(
                matches!(&response, Response::BadRequest(BadRequest::ErrorResponseDto(b)) if b.reason.as_deref() == Some(reason)),
                "{response:?}"
            );
        }
        let response = answer(&script, 400, json!({"error": "code is required"}), call()).await;
        assert!(
            matches!(&response, Response::BadRequest(BadRequest::PostBetDefineBadRequestBody3(b)) if b.error.as_deref() == Some("code is required")),
            "{response:?}"
        );
        assert_eq!(script.take().len(), 6);
    }
}

// ---------------------------------------------------------------------------------------
// Configuration: credentials, base URL, user agent, timeout, validation
// ---------------------------------------------------------------------------------------

fn bet_detail_request() -> lsports::rms_bet::operations::post_bet_detail::Request {
    lsports::rms_bet::operations::post_bet_detail::Request {
        body: decode(json!({"code": "B-1"})),
    }
}

#[tokio::test]
async fn a_token_provider_is_asked_on_every_call() {
    use lsports::rms_bet::client::Client;

    let script = Script::default();
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    // A provider that refreshes its token on every call (token-1, token-2, …).
    let provider = move || {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        async move { Ok::<_, BoxError>(format!("token-{n}")) }
    };
    let client = Client::with_config(
        ClientConfig::new()
            .base_url(script.start().await)
            .token_provider("bearerAuth", provider),
    );
    for expected in ["Bearer token-1", "Bearer token-2"] {
        answer(
            &script,
            200,
            json!({}),
            client.post_bet_detail(bet_detail_request()),
        )
        .await;
        assert_eq!(script.last().header("authorization"), Some(expected));
    }
    assert_eq!(calls.load(Ordering::SeqCst), 2);

    // A failing provider stops the call before anything is sent.
    let failing = || async { Err::<String, BoxError>("token endpoint down".into()) };
    let client = Client::with_config(
        ClientConfig::new()
            .base_url(client.base_url())
            .token_provider("bearerAuth", failing),
    );
    let error = client
        .post_bet_detail(bet_detail_request())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, ClientError::Credentials { scheme, error } if scheme == "bearerAuth" && error.to_string() == "token endpoint down"),
        "{error:?}"
    );
    assert!(script.take().is_empty());
}

#[tokio::test]
async fn without_credentials_no_authorization_is_sent() {
    use lsports::rms_bet::client::Client;
    use lsports::rms_bet::operations::post_bet_detail::Response;

    let script = Script::default();
    let client = Client::with_config(ClientConfig::new().base_url(script.start().await));
    let response = answer(
        &script,
        401,
        json!({"message": "no token"}),
        client.post_bet_detail(bet_detail_request()),
    )
    .await;
    assert!(matches!(response, Response::Unauthorized(_)));
    assert_eq!(script.last().header("authorization"), None);
}

#[tokio::test]
async fn base_url_default_override_and_user_agent() {
    use lsports::livescore_customers::client::Client;
    use lsports::livescore_customers::operations::get_package_status::{Request, Response};

    assert_eq!(
        Client::DEFAULT_BASE_URL,
        "https://engage-api.lsports.eu/api/livescore"
    );
    assert_eq!(Client::new().base_url(), Client::DEFAULT_BASE_URL);
    assert_eq!(
        lsports::rms_bet::client::Client::DEFAULT_BASE_URL,
        "https://rms.lsports.eu/rms-bet/v1"
    );

    let script = Script::default();
    // A trailing slash on the base URL does not double the path's.
    let base = format!("{}/proxy/", script.start().await);
    let http = specgen_runtime::http::reqwest::Client::builder()
        .build()
        .unwrap();
    let client = Client::with_config(
        ClientConfig::new()
            .base_url(base)
            .http_client(http)
            .user_agent("specgen-tests/1.0"),
    );
    let body = json!({"success": true, "status": "inactive", "packageId": 1, "username": "u"});
    let request = Request {
        body: decode(json!({"packageId": 1, "username": "u", "password": "p"})),
    };
    let response = answer(&script, 200, body, client.get_package_status(request)).await;
    assert!(
        matches!(&response, Response::Ok(b) if b.package_id == 1),
        "{response:?}"
    );
    let seen = script.last();
    assert_eq!(seen.uri, "/proxy/package/status");
    assert_eq!(seen.header("user-agent"), Some("specgen-tests/1.0"));
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    use lsports::rms_bet::client::Client;

    let app = Router::new().fallback(|| async {
        tokio::time::sleep(Duration::from_secs(30)).await;
        "too late"
    });
    let base = serve(app).await;
    let client = Client::with_config(
        ClientConfig::new()
            .base_url(base)
            .timeout(Duration::from_millis(200)),
    );
    let started = Instant::now();
    let error = client
        .post_bet_detail(bet_detail_request())
        .await
        .unwrap_err();
    assert!(matches!(error, ClientError::Timeout), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(error.to_string(), "the request timed out");
}

#[tokio::test]
async fn validate_requests_rejects_an_invalid_body_before_sending() {
    use lsports::livescore_customers::client::Client;
    use lsports::livescore_customers::operations::trigger_snapshot::Request;

    let script = Script::default();
    let base = script.start().await;
    let client = Client::with_config(ClientConfig::new().base_url(&base).validate_requests(true));
    let invalid = || Request {
        body: decode(json!({"packageId": 0, "username": "", "password": "p"})),
    };
    let error = client.trigger_snapshot(invalid()).await.unwrap_err();
    let ClientError::InvalidRequest(violations) = &error else {
        panic!("expected an invalid request: {error:?}");
    };
    let found: Vec<(&str, &str, &str)> = violations
        .iter()
        .map(|v| (v.pointer.as_str(), v.keyword, v.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "/packageId",
                "minimum",
                "PackageId must be a positive integer"
            ),
            ("/username", "minLength", "Username is required"),
        ]
    );
    assert!(
        error.to_string().starts_with(
            "the request body is invalid: /packageId: PackageId must be a positive integer"
        ),
        "{error}"
    );
    assert!(script.take().is_empty(), "nothing may be sent");

    // Validation is opt-in: without it the body goes out and the server judges it.
    let client = Client::with_config(ClientConfig::new().base_url(&base));
    let report = json!({"error": "PackageId must be a positive integer"});
    let response = answer(&script, 400, report, client.trigger_snapshot(invalid())).await;
    assert_eq!(response.status(), 400);
    assert_eq!(script.last().json()["packageId"], 0);
}

#[tokio::test]
async fn validate_requests_checks_a_union_body_as_a_whole() {
    use shelter::client::Client;
    use shelter::operations::add_pet::Request;

    let script = Script::default();
    let client = Client::with_config(
        ClientConfig::new()
            .base_url(script.start().await)
            .api_key("apiKey", "k")
            .validate_requests(true),
    );
    // A dog without a name fits neither alternative of the `oneOf`.
    let nameless: shelter::Pet = decode(json!({"petType": "dog", "name": "", "goodBoy": true}));
    let error = client
        .add_pet(Request { body: nameless })
        .await
        .unwrap_err();
    let ClientError::InvalidRequest(violations) = &error else {
        panic!("expected an invalid request: {error:?}");
    };
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert_eq!(
        (violations[0].pointer.as_str(), violations[0].keyword),
        ("", "oneOf")
    );
    assert!(script.take().is_empty(), "nothing may be sent");
}

// ---------------------------------------------------------------------------------------
// Misbehaving servers
// ---------------------------------------------------------------------------------------

fn trigger_request() -> lsports::livescore_customers::operations::trigger_snapshot::Request {
    lsports::livescore_customers::operations::trigger_snapshot::Request {
        body: decode(json!({"packageId": 1, "username": "u", "password": "p"})),
    }
}

async fn livescore() -> (Script, lsports::livescore_customers::client::Client) {
    let script = Script::default();
    let config = ClientConfig::new().base_url(script.start().await);
    (
        script,
        lsports::livescore_customers::client::Client::with_config(config),
    )
}

#[tokio::test]
async fn a_wrong_content_type_is_an_error() {
    let (script, client) = livescore().await;
    script.reply(
        200,
        Some("text/html; charset=utf-8"),
        "<h1>Maintenance</h1>",
    );
    let error = client
        .trigger_snapshot(trigger_request())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, ClientError::UnexpectedContentType { status: 200, content_type: Some(t), body }
            if t == "text/html; charset=utf-8" && body == b"<h1>Maintenance</h1>"),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_undocumented_status_is_an_error() {
    let (script, client) = livescore().await;
    script.reply(418, Some("application/json"), r#"{"teapot":true}"#);
    let error = client
        .trigger_snapshot(trigger_request())
        .await
        .unwrap_err();
    let ClientError::UndocumentedStatus {
        status,
        headers,
        body,
    } = &error
    else {
        panic!("expected an undocumented status: {error:?}");
    };
    assert_eq!(*status, 418);
    assert_eq!(headers.get("content-type").unwrap(), "application/json");
    assert_eq!(body, br#"{"teapot":true}"#);
    assert_eq!(
        error.to_string(),
        "status 418 is not documented for this operation"
    );
}

#[tokio::test]
async fn truncated_and_mistyped_json_are_undecodable() {
    let (script, client) = livescore().await;
    let truncated = br#"{"success": true, "message": "sen"#;
    script.reply(200, Some("application/json"), truncated.to_vec());
    let error = client
        .trigger_snapshot(trigger_request())
        .await
        .unwrap_err();
    let ClientError::Undecodable {
        status,
        headers,
        body,
        error: decode_error,
    } = &error
    else {
        panic!("expected an undecodable body: {error:?}");
    };
    assert_eq!(*status, 200);
    assert_eq!(headers.get("content-type").unwrap(), "application/json");
    assert_eq!(body, truncated);
    assert_eq!(decode_error.pointer(), "/message");
    assert!(decode_error.message().contains("EOF"), "{decode_error}");

    // A member of the wrong type, deep in the body: its pointer is named.
    let mistyped = br#"{"success": false, "message": 7}"#;
    script.reply(500, Some("application/json"), mistyped.to_vec());
    let error = client
        .trigger_snapshot(trigger_request())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, ClientError::Undecodable { status: 500, body, error, .. } if body == mistyped && error.pointer() == "/message"),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with("the 500 response does not decode: at /message"),
        "{error}"
    );
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    // A port that was just free: bound, then released.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let client = lsports::livescore_customers::client::Client::with_config(
        ClientConfig::new().base_url(format!("http://{address}")),
    );
    let error = client
        .trigger_snapshot(trigger_request())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, ClientError::Transport(e) if e.is_connect()),
        "{error:?}"
    );
    assert!(std::error::Error::source(&error).is_some());
}

#[tokio::test]
async fn generated_futures_are_send() {
    let (script, client) = livescore().await;
    script.json(
        200,
        &json!({"success": true, "message": "ok", "packageId": 1, "username": "u"}),
    );
    let task = tokio::spawn(async move { client.trigger_snapshot(trigger_request()).await });
    let response = task.await.unwrap().unwrap();
    assert_eq!(response.status(), 200);
}

// ---------------------------------------------------------------------------------------
// tests/specs/http.yaml: parameters, security, bodies that are not JSON
// ---------------------------------------------------------------------------------------

async fn shelter_client(script: &Script) -> shelter::client::Client {
    let base = format!("{}/v1", script.start().await);
    shelter::client::Client::with_config(
        ClientConfig::new()
            .base_url(base)
            .api_key("apiKey", "key-123")
            .bearer_token("bearer", "staff-jwt"),
    )
}

#[tokio::test]
async fn query_arrays_headers_and_an_api_key() {
    use shelter::operations::list_pets::{Params, Request, Response};

    assert_eq!(
        shelter::client::Client::DEFAULT_BASE_URL,
        "https://shelter.example.com/v1"
    );
    let script = Script::default();
    let client = shelter_client(&script).await;
    let pets = json!([
        {"petType": "cat", "name": "Tom", "lives": 9},
        {"petType": "dog", "name": "Rex", "goodBoy": true}
    ]);
    let request = Request {
        params: Params {
            tags: Some(vec!["fluffy".into(), "black & white".into()]),
            limit: Some(5),
            x_request_id: Some("0b7e2f4a-1c3d-4e5f-8a9b-0c1d2e3f4a5b".parse().unwrap()),
        },
    };
    let response = answer(&script, 200, pets, client.list_pets(request)).await;
    let Response::Ok(pets) = &response else {
        panic!("expected the pets: {response:?}");
    };
    assert!(matches!(&pets[0], shelter::Pet::Cat(c) if c.name == "Tom" && c.lives == 9));
    assert!(matches!(&pets[1], shelter::Pet::Dog(d) if d.name == "Rex" && d.good_boy));
    let seen = script.last();
    assert_eq!(seen.method, "GET");
    // `tags` is form-exploded: one pair per item, items percent-encoded.
    assert_eq!(
        seen.uri,
        "/v1/pets?tags=fluffy&tags=black%20%26%20white&limit=5"
    );
    assert_eq!(
        seen.header("x-request-id"),
        Some("0b7e2f4a-1c3d-4e5f-8a9b-0c1d2e3f4a5b")
    );
    assert_eq!(seen.header("x-api-key"), Some("key-123"));
    assert_eq!(seen.header("authorization"), None);
    assert_eq!(seen.header("content-type"), None);
    assert!(seen.body.is_empty());

    // Absent optional parameters are not sent at all.
    let request = Request {
        params: Params {
            tags: None,
            limit: None,
            x_request_id: None,
        },
    };
    let response = answer(
        &script,
        401,
        json!({"message": "wrong key"}),
        client.list_pets(request),
    )
    .await;
    assert!(
        matches!(&response, Response::Unauthorized(e) if e.message == "wrong key"),
        "{response:?}"
    );
    let seen = script.last();
    assert_eq!(seen.uri, "/v1/pets");
    assert_eq!(seen.header("x-request-id"), None);
}

#[tokio::test]
async fn path_parameters_cookies_and_bearer() {
    use shelter::operations::{delete_pet, get_pet, get_pets_by_ids};

    let script = Script::default();
    let client = shelter_client(&script).await;

    let request = get_pet::Request {
        params: get_pet::Params {
            pet_id: 42,
            session: Some("s=1;x".into()),
        },
    };
    let tom = json!({"petType": "cat", "name": "Tom", "lives": 3});
    let response = answer(&script, 200, tom, client.get_pet(request)).await;
    assert!(
        matches!(&response, get_pet::Response::Ok(shelter::Pet::Cat(c)) if c.lives == 3),
        "{response:?}"
    );
    let seen = script.last();
    assert_eq!(seen.uri, "/v1/pets/42");
    // The cookie value is escaped where cookie syntax forbids its characters.
    assert_eq!(seen.header("cookie"), Some("session=s=1%3Bx"));
    assert_eq!(seen.header("x-api-key"), Some("key-123"));

    let request = get_pet::Request {
        params: get_pet::Params {
            pet_id: 7,
            session: None,
        },
    };
    let response = answer(
        &script,
        404,
        json!({"message": "no such pet"}),
        client.get_pet(request),
    )
    .await;
    assert!(
        matches!(&response, get_pet::Response::NotFound(e) if e.message == "no such pet"),
        "{response:?}"
    );
    let seen = script.last();
    assert_eq!(seen.uri, "/v1/pets/7");
    assert_eq!(seen.header("cookie"), None);

    // An array in the path: `simple` style, comma-separated.
    let request = get_pets_by_ids::Request {
        params: get_pets_by_ids::Params { ids: vec![1, 2, 3] },
    };
    let response = answer(&script, 200, json!([]), client.get_pets_by_ids(request)).await;
    assert!(
        matches!(&response, get_pets_by_ids::Response::Ok(pets) if pets.is_empty()),
        "{response:?}"
    );
    assert_eq!(script.last().uri, "/v1/pets/by-ids/1,2,3");

    // `deletePet` asks for the bearer scheme instead of the API key; 204 has no body.
    let request = delete_pet::Request {
        params: delete_pet::Params { pet_id: 42 },
    };
    script.reply(204, None, Vec::new());
    let response = client.delete_pet(request.clone()).await.unwrap();
    assert_eq!(response, delete_pet::Response::NoContent);
    let seen = script.last();
    assert_eq!(
        (seen.method.as_str(), seen.uri.as_str()),
        ("DELETE", "/v1/pets/42")
    );
    assert_eq!(seen.header("authorization"), Some("Bearer staff-jwt"));
    assert_eq!(seen.header("x-api-key"), None);
    let response = answer(
        &script,
        401,
        json!({"message": "expired"}),
        client.delete_pet(request),
    )
    .await;
    assert!(
        matches!(&response, delete_pet::Response::Unauthorized(e) if e.message == "expired"),
        "{response:?}"
    );
}

#[tokio::test]
async fn a_discriminated_body_text_and_bytes() {
    use shelter::operations::{add_pet, get_pet_photo, health};

    let script = Script::default();
    let client = shelter_client(&script).await;

    let rex = json!({"petType": "dog", "name": "Rex", "goodBoy": true});
    let request = add_pet::Request {
        body: decode(rex.clone()),
    };
    let response = answer(&script, 201, rex.clone(), client.add_pet(request)).await;
    assert!(
        matches!(&response, add_pet::Response::Created(shelter::Pet::Dog(d)) if d.name == "Rex"),
        "{response:?}"
    );
    let seen = script.last();
    assert_eq!(
        (seen.method.as_str(), seen.uri.as_str()),
        ("POST", "/v1/pets")
    );
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert_eq!(seen.json(), rex);
    let response = answer(
        &script,
        500,
        json!({"message": "disk full"}),
        client.add_pet(add_pet::Request { body: decode(rex) }),
    )
    .await;
    assert!(
        matches!(&response, add_pet::Response::InternalServerError(e) if e.message == "disk full"),
        "{response:?}"
    );
    script.take();

    // A text response; `health` needs no credentials.
    script.reply(200, Some("text/plain; charset=utf-8"), "ok");
    let response = client.health().await.unwrap();
    assert_eq!(response, health::Response::Ok("ok".to_owned()));
    let seen = script.last();
    assert_eq!(seen.uri, "/v1/health");
    assert_eq!(seen.header("x-api-key"), None);
    // Documented as text, answered as JSON: the wrong media type.
    script.reply(200, Some("application/json"), r#""ok""#);
    let error = client.health().await.unwrap_err();
    assert!(
        matches!(
            error,
            ClientError::UnexpectedContentType { status: 200, .. }
        ),
        "{error:?}"
    );
    script.take();

    // Bytes, as received.
    let photo = vec![0x89, b'P', b'N', b'G', 0, 255];
    script.reply(200, Some("application/octet-stream"), photo.clone());
    let request = get_pet_photo::Request {
        params: get_pet_photo::Params { pet_id: 9 },
    };
    let response = client.get_pet_photo(request.clone()).await.unwrap();
    assert_eq!(response, get_pet_photo::Response::Ok(photo));
    assert_eq!(script.take()[0].uri, "/v1/pets/9/photo");
    let response = answer(
        &script,
        404,
        json!({"message": "no photo"}),
        client.get_pet_photo(request),
    )
    .await;
    assert!(
        matches!(&response, get_pet_photo::Response::NotFound(e) if e.message == "no photo"),
        "{response:?}"
    );
}
