//! The generated HTTP layer against hand-written equivalents, side by side on loopback.
//!
//! Server: `POST /customer-integration/fixture-metadata` with the 50-event message, through
//! the generated router (routing, bearer check, content type, body limit, `decode_valid`,
//! handler, JSON answer) vs a hand-written axum route doing the same checks and the same
//! `decode_valid`; both called by one plain reqwest client. Client: the generated client vs
//! a hand-written reqwest call of the same request (serialize, send, `Response::from_json`),
//! both against the hand-written server.
//!
//! `cargo bench -p specgen-tests --bench http`; figures in BENCHMARKS.md. Besides criterion's
//! means, it prints p50/p99 latencies of 2 000 sequential calls per side.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use lsports::rms_customer_integration::operations::{
    post_customer_integration_fixture_metadata as fixture_metadata,
    post_customer_integration_inplay_market as inplay_market,
    post_customer_integration_prematch_market as prematch_market,
};
use lsports::rms_customer_integration::{
    client::Client, server, FixtureMetadataRequestDto, SuccessResponseDto,
    SuccessResponseDtoStatus, ValidationErrorResponseDto,
};
use specgen_runtime::http::axum::{self, body::Bytes, http::HeaderMap, response::IntoResponse};
use specgen_runtime::http::client::ClientConfig;
use specgen_runtime::http::reqwest;
use specgen_runtime::http::server::{HandlerError, RequestContext, ServerConfig};
use specgen_tests::bench_data::fixture_metadata as message;

const PATH: &str = "/customer-integration/fixture-metadata";

fn success() -> SuccessResponseDto {
    SuccessResponseDto {
        status: SuccessResponseDtoStatus::Success,
        message_id: "6f1c2a52-3b0e-4e39-9d36-0f6a3c1b2d4e".into(),
        timestamp: "2024-08-16T09:12:45.1124647Z".parse().expect("a date-time"),
        additional_properties: Default::default(),
    }
}

struct Integration;

impl server::Api for Integration {
    async fn post_customer_integration_fixture_metadata(
        &self,
        request: fixture_metadata::Request,
        _context: RequestContext,
    ) -> Result<fixture_metadata::Response, HandlerError> {
        black_box(&request.body);
        Ok(fixture_metadata::Response::Ok(success()))
    }

    async fn post_customer_integration_prematch_market(
        &self,
        _request: prematch_market::Request,
        _context: RequestContext,
    ) -> Result<prematch_market::Response, HandlerError> {
        Ok(prematch_market::Response::Ok(success()))
    }

    async fn post_customer_integration_inplay_market(
        &self,
        _request: inplay_market::Request,
        _context: RequestContext,
    ) -> Result<inplay_market::Response, HandlerError> {
        Ok(inplay_market::Response::Ok(success()))
    }
}

fn json_response(status: u16, body: Vec<u8>) -> axum::response::Response {
    let status = axum::http::StatusCode::from_u16(status).expect("a status");
    (
        status,
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

/// What the generated layer does for this operation, written by hand.
async fn hand_written(headers: HeaderMap, body: Bytes) -> axum::response::Response {
    let bearer = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer ") && v.len() > 7);
    if !bearer {
        return json_response(401, br#"{"message":"Missing credentials"}"#.to_vec());
    }
    let json = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !json {
        return json_response(415, Vec::new());
    }
    match specgen_runtime::decode_valid::<FixtureMetadataRequestDto>(&body) {
        Ok(request) => {
            black_box(&request);
            json_response(200, serde_json::to_vec(&success()).expect("encodes"))
        }
        Err(violations) => json_response(
            400,
            serde_json::to_vec(&ValidationErrorResponseDto::from_violations(&violations))
                .expect("encodes"),
        ),
    }
}

async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{address}")
}

fn percentiles(mut samples: Vec<Duration>) -> String {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 * q) as usize).min(samples.len() - 1)];
    format!("p50 {:?}, p99 {:?}", at(0.50), at(0.99))
}

fn http(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let body = serde_json::to_vec(&message(50)).expect("encodes");
    let typed: FixtureMetadataRequestDto = serde_json::from_slice(&body).expect("decodes");
    let (generated, manual) = runtime.block_on(async {
        let generated = serve(server::router_with(
            Integration,
            ServerConfig::default().accept_any_bearer(),
        ))
        .await;
        let manual =
            serve(axum::Router::new().route(PATH, axum::routing::post(hand_written))).await;
        (generated, manual)
    });
    let plain = reqwest::Client::new();
    let post = |base: &str| {
        let request = plain
            .post(format!("{base}{PATH}"))
            .header("authorization", "Bearer token")
            .header("content-type", "application/json")
            .body(body.clone());
        async move {
            let response = request.send().await.expect("sent");
            assert_eq!(response.status(), 200);
            response.bytes().await.expect("read")
        }
    };
    let client = Client::with_config(
        ClientConfig::new()
            .base_url(&manual)
            .http_client(plain.clone())
            .bearer_token("bearerAuth", "token"),
    );
    let generated_call = || {
        let request = fixture_metadata::Request {
            body: typed.clone(),
        };
        let client = client.clone();
        async move {
            let response = client
                .post_customer_integration_fixture_metadata(request)
                .await
                .expect("answered");
            assert!(matches!(response, fixture_metadata::Response::Ok(_)));
        }
    };
    let manual_call = || {
        // The generated client takes its request by value: both sides start from an owned
        // copy of the body.
        let typed = typed.clone();
        let request = plain
            .post(format!("{manual}{PATH}"))
            .bearer_auth("token")
            .header("content-type", "application/json")
            .body(serde_json::to_vec(&typed).expect("encodes"));
        async move {
            let response = request.send().await.expect("sent");
            let status = response.status().as_u16();
            let bytes = response.bytes().await.expect("read");
            let response = fixture_metadata::Response::from_json(status, &bytes).expect("decodes");
            assert!(matches!(response, fixture_metadata::Response::Ok(_)));
        }
    };

    let latency =
        |name: &str,
         call: &dyn Fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>| {
            let samples = (0..2000)
                .map(|_| {
                    let started = Instant::now();
                    runtime.block_on(call());
                    started.elapsed()
                })
                .collect();
            eprintln!("{name}: {}", percentiles(samples));
        };
    latency("server/generated", &|| {
        Box::pin(async {
            post(&generated).await;
        })
    });
    latency("server/hand-written", &|| {
        Box::pin(async {
            post(&manual).await;
        })
    });
    latency("client/generated", &|| Box::pin(generated_call()));
    latency("client/hand-written", &|| Box::pin(manual_call()));

    let mut group = c.benchmark_group("http fixture-metadata (50 events)");
    group.throughput(criterion::Throughput::Elements(1));
    group.bench_function("server/generated", |b| {
        b.iter(|| runtime.block_on(post(&generated)))
    });
    group.bench_function("server/hand-written", |b| {
        b.iter(|| runtime.block_on(post(&manual)))
    });
    group.bench_function("client/generated", |b| {
        b.iter(|| runtime.block_on(generated_call()))
    });
    group.bench_function("client/hand-written", |b| {
        b.iter(|| runtime.block_on(manual_call()))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    targets = http
}
criterion_main!(benches);
