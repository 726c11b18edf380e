//! The generated client against the generated server, over real sockets: each API's mock
//! (the generated `server::Api` implemented from the spec's examples, served by the generated
//! router) is called through the generated reqwest client for every operation and every
//! documented status, and each answer must arrive as the typed variant of that status.

use std::net::SocketAddr;
use std::path::Path;

use specgen::ir::Api;
use specgen_runtime::http::client::{ClientConfig, ClientError};
use specgen_runtime::http::{axum, reqwest};
use specgen_runtime::OperationInfo;

fn api(module: &str) -> Api {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/specgen.toml");
    let manifest = specgen::manifest::Manifest::load(&manifest).expect("manifest loads");
    let source = manifest.apis.iter().find(|s| s.module == module).unwrap();
    specgen::lower(source).unwrap().api
}

/// A valid request body for `operation` of `api`, derived from its schema.
fn body<T: serde::de::DeserializeOwned>(api: &Api, operation: &str) -> T {
    let op = api
        .operations
        .iter()
        .find(|o| o.name.rust == operation)
        .unwrap();
    let ty = op
        .request_body
        .as_ref()
        .and_then(|b| b.ty.as_ref())
        .unwrap();
    serde_json::from_value(specgen::mock_values::value_of(api, ty)).expect("a valid body")
}

async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address: SocketAddr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{address}")
}

/// The exact statuses an operation documents.
fn documented(info: &OperationInfo) -> Vec<u16> {
    let mut codes: Vec<u16> = info.responses.iter().filter_map(|r| r.status).collect();
    codes.dedup();
    codes
}

/// A client configuration asking the mock for `status` (`Prefer: code=…`, as Prism reads it).
fn asking_for(base: &str, status: u16, bearer: bool) -> ClientConfig {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "prefer",
        reqwest::header::HeaderValue::from_str(&format!("code={status}")).unwrap(),
    );
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let config = ClientConfig::new().base_url(base).http_client(http);
    if bearer {
        config.bearer_token("bearerAuth", "any-token")
    } else {
        config
    }
}

/// Calls `$op` once per documented status and checks the typed answer has that status and
/// is not `Undocumented`; returns how many calls were made.
macro_rules! every_status {
    ($base:expr, $api:ident, $op:ident, $request:expr, $bearer:expr) => {{
        use lsports::$api::operations::$op::{Response, INFO};
        let mut calls = 0;
        for status in documented(&INFO) {
            let client =
                lsports::$api::client::Client::with_config(asking_for(&$base, status, $bearer));
            let response: Response = client
                .$op($request.clone())
                .await
                .unwrap_or_else(|error| panic!("{} {status}: {error}", INFO.name));
            assert_eq!(response.status(), status, "{}", INFO.name);
            assert!(
                !matches!(response, Response::Undocumented { .. }),
                "{} {status}: {response:?}",
                INFO.name
            );
            calls += 1;
        }
        calls
    }};
}

#[tokio::test]
async fn livescore_client_against_its_server() {
    use lsports::livescore_customers::operations::*;
    let api = api("livescore_customers");
    let base = serve(lsports::livescore_customers::mock::router()).await;
    let credentials = body::<trigger_snapshot::RequestBody>(&api, "trigger_snapshot");
    let calls = every_status!(
        base,
        livescore_customers,
        trigger_snapshot,
        trigger_snapshot::Request {
            body: credentials.clone()
        },
        false
    ) + every_status!(
        base,
        livescore_customers,
        activate_package,
        activate_package::Request {
            body: credentials.clone()
        },
        false
    ) + every_status!(
        base,
        livescore_customers,
        deactivate_package,
        deactivate_package::Request {
            body: credentials.clone()
        },
        false
    ) + every_status!(
        base,
        livescore_customers,
        get_package_status,
        get_package_status::Request {
            body: credentials.clone()
        },
        false
    );
    assert_eq!(calls, 12);

    // A request the server's validation refuses arrives as the documented 400, with the
    // spec's own message.
    let client = lsports::livescore_customers::client::Client::with_config(
        ClientConfig::new().base_url(&base),
    );
    let mut invalid = credentials;
    invalid.package_id = 0;
    let response = client
        .trigger_snapshot(trigger_snapshot::Request { body: invalid })
        .await
        .unwrap();
    let trigger_snapshot::Response::BadRequest(error) = response else {
        panic!("expected the 400 body, got {response:?}");
    };
    assert_eq!(error.error, "PackageId must be a positive integer");
}

#[tokio::test]
async fn rms_customer_integration_client_against_its_server() {
    use lsports::rms_customer_integration::operations::*;
    let api = api("rms_customer_integration");
    let base = serve(lsports::rms_customer_integration::mock::router()).await;
    let fixtures = post_customer_integration_fixture_metadata::Request {
        body: body(&api, "post_customer_integration_fixture_metadata"),
    };
    let prematch = post_customer_integration_prematch_market::Request {
        body: body(&api, "post_customer_integration_prematch_market"),
    };
    let inplay = post_customer_integration_inplay_market::Request {
        body: body(&api, "post_customer_integration_inplay_market"),
    };
    let calls = every_status!(
        base,
        rms_customer_integration,
        post_customer_integration_fixture_metadata,
        fixtures,
        true
    ) + every_status!(
        base,
        rms_customer_integration,
        post_customer_integration_prematch_market,
        prematch,
        true
    ) + every_status!(
        base,
        rms_customer_integration,
        post_customer_integration_inplay_market,
        inplay,
        true
    );
    assert_eq!(calls, 12);

    // Without credentials: the documented 401, typed.
    let client = lsports::rms_customer_integration::client::Client::with_config(
        ClientConfig::new().base_url(&base),
    );
    let response = client
        .post_customer_integration_fixture_metadata(fixtures)
        .await
        .unwrap();
    assert!(
        matches!(
            response,
            post_customer_integration_fixture_metadata::Response::Unauthorized(_)
        ),
        "{response:?}"
    );
}

#[tokio::test]
async fn rms_bet_client_against_its_server() {
    use lsports::rms_bet::operations::*;
    let api = api("rms_bet");
    let base = serve(lsports::rms_bet::mock::router()).await;
    let place = post_cart_place_bet::Request {
        body: body(&api, "post_cart_place_bet"),
    };
    let detail = post_bet_detail::Request {
        body: body(&api, "post_bet_detail"),
    };
    let define = post_bet_define::Request {
        body: body(&api, "post_bet_define"),
    };
    let calls = every_status!(base, rms_bet, post_cart_place_bet, place, true)
        + every_status!(base, rms_bet, post_bet_detail, detail, true)
        + every_status!(base, rms_bet, post_bet_define, define, true);
    // The count proves every documented status of the three operations was called.
    let expected: usize = [
        &post_cart_place_bet::INFO,
        &post_bet_detail::INFO,
        &post_bet_define::INFO,
    ]
    .iter()
    .map(|info| documented(info).len())
    .sum();
    assert_eq!(calls, expected);
    assert!(calls >= 9, "{calls}");

    // A status the server sends that the operation does not document is the client's
    // `UndocumentedStatus`, never a silently wrong variant.
    let client = lsports::rms_bet::client::Client::with_config(asking_for(&base, 418, true));
    match client.post_bet_define(define).await {
        Err(ClientError::UndocumentedStatus { status, .. }) => assert_eq!(status, 501),
        other => panic!("expected an undocumented status, got {other:?}"),
    }
}

/// A client configuration asking the mock for one named example of a status
/// (`Prefer: code=…, example=…`).
fn asking_for_example(base: &str, status: u16, example: &str) -> ClientConfig {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "prefer",
        reqwest::header::HeaderValue::from_str(&format!("code={status}, example={example}"))
            .unwrap(),
    );
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    ClientConfig::new()
        .base_url(base)
        .http_client(http)
        .bearer_token("bearerAuth", "any-token")
}

#[tokio::test]
async fn each_alternative_body_of_a_status_arrives_as_its_own_variant() {
    use lsports::rms_bet::operations::{post_bet_define, post_cart_place_bet};
    let api = api("rms_bet");
    let base = serve(lsports::rms_bet::mock::router()).await;
    let place = post_cart_place_bet::Request {
        body: body(&api, "post_cart_place_bet"),
    };
    let define = post_bet_define::Request {
        body: body(&api, "post_bet_define"),
    };
    let call = |example: &str| {
        lsports::rms_bet::client::Client::with_config(asking_for_example(&base, 400, example))
    };

    // `400 (1)` is the validation report, `400 (2)` the risk system's error.
    use post_cart_place_bet::{BadRequest as PlaceBad, Response as Place};
    let first = call("derived").post_cart_place_bet(place.clone()).await;
    assert!(
        matches!(
            first,
            Ok(Place::BadRequest(PlaceBad::ValidationErrorResponseDto(_)))
        ),
        "{first:?}"
    );
    let second = call("derived-2").post_cart_place_bet(place).await;
    assert!(
        matches!(second, Ok(Place::BadRequest(PlaceBad::ErrorResponseDto(_)))),
        "{second:?}"
    );

    // `400 (1)`, `(2)` and `(4)` share one schema (one variant); `400 (3)` is `{"error": …}`.
    use post_bet_define::{BadRequest as DefineBad, Response as Define};
    for example in ["derived", "derived-2", "derived-4"] {
        let answer = call(example).post_bet_define(define.clone()).await;
        assert!(
            matches!(
                answer,
                Ok(Define::BadRequest(DefineBad::ErrorResponseDto(_)))
            ),
            "{example}: {answer:?}"
        );
    }
    let third = call("derived-3").post_bet_define(define).await;
    assert!(
        matches!(
            third,
            Ok(Define::BadRequest(DefineBad::PostBetDefineBadRequestBody3(
                _
            )))
        ),
        "{third:?}"
    );
}
