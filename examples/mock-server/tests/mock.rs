//! The generated mocks over HTTP: every operation of every API answers a valid request with
//! its first success, every documented status on `Prefer: code=…`, a named example on
//! `Prefer: example=…`, 501 for what the spec does not document, and the effective document
//! at `/openapi.json`.

use std::net::SocketAddr;
use std::path::Path;

use serde_json::Value;
use specgen::ir::{Api, StatusKey};
use specgen::mock_values::value_of;
use specgen_runtime::http::axum;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn manifest() -> specgen::manifest::Manifest {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/specgen.toml");
    specgen::manifest::Manifest::load(&root).expect("manifest loads")
}

async fn serve(router: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    address
}

/// One HTTP/1.1 exchange: the status and the body.
async fn exchange(
    address: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String) {
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nhost: mock\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    if !body.is_empty() {
        request.push_str("content-type: application/json\r\n");
    }
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, body.to_owned())
}

const AUTH: (&str, &str) = ("authorization", "Bearer any-token");

async fn check_api(module: &str, router: axum::Router) -> usize {
    let manifest = manifest();
    let source = manifest.apis.iter().find(|s| s.module == module).unwrap();
    let api: Api = specgen::lower(source).unwrap().api;
    let address = serve(router).await;
    let mut exchanges = 0;
    for op in &api.operations {
        let body = op
            .request_body
            .as_ref()
            .and_then(|b| b.ty.as_ref())
            .map(|ty| value_of(&api, ty).to_string())
            .unwrap_or_default();
        let method = op.method.as_str();
        let documented: Vec<u16> = op
            .responses
            .iter()
            .filter_map(|r| match r.status {
                StatusKey::Code(code) => Some(code),
                _ => None,
            })
            .collect();
        let success = documented.iter().copied().find(|c| (200..300).contains(c));
        let (status, text) = exchange(address, method, &op.path, &[AUTH], &body).await;
        assert_eq!(Some(status), success, "{} {body}: {text}", op.name.wire);
        for code in &documented {
            let prefer = format!("code={code}");
            let (status, text) = exchange(
                address,
                method,
                &op.path,
                &[AUTH, ("prefer", &prefer)],
                &body,
            )
            .await;
            assert_eq!(status, *code, "{} {prefer}: {text}", op.name.wire);
            assert!(
                text.is_empty() || serde_json::from_str::<Value>(&text).is_ok(),
                "{text}"
            );
            exchanges += 1;
        }
        for response in &op.responses {
            for example in response.alternatives.iter().flat_map(|b| &b.examples) {
                let prefer = format!("example={}", example.name);
                let (status, text) = exchange(
                    address,
                    method,
                    &op.path,
                    &[AUTH, ("prefer", &prefer)],
                    &body,
                )
                .await;
                assert_eq!(
                    StatusKey::Code(status),
                    response.status,
                    "{} {prefer}",
                    op.name.wire
                );
                let served: Value = serde_json::from_str(&text).unwrap();
                assert_eq!(served, example.value, "{} {prefer}", op.name.wire);
                exchanges += 1;
            }
        }
        for prefer in ["code=418", "example=no-such-example"] {
            let (status, text) = exchange(
                address,
                method,
                &op.path,
                &[AUTH, ("prefer", prefer)],
                &body,
            )
            .await;
            assert_eq!(status, 501, "{} {prefer}: {text}", op.name.wire);
            assert!(text.contains("documented"), "{text}");
        }
        if !op.security.is_empty() {
            let (status, _) = exchange(address, method, &op.path, &[], &body).await;
            assert_eq!(status, 401, "{} without credentials", op.name.wire);
        }
    }
    let (status, text) = exchange(address, "GET", "/openapi.json", &[], "").await;
    assert_eq!(status, 200);
    let served: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(served, specgen::effective_document(source).unwrap());
    exchanges
}

#[tokio::test]
async fn livescore_mock_answers_every_documented_response() {
    let exchanges = check_api(
        "livescore_customers",
        lsports::livescore_customers::mock::router(),
    )
    .await;
    assert!(exchanges > 12, "{exchanges}");
}

#[tokio::test]
async fn rms_customer_integration_mock_answers_every_documented_response() {
    let exchanges = check_api(
        "rms_customer_integration",
        lsports::rms_customer_integration::mock::router(),
    )
    .await;
    assert!(exchanges >= 12, "{exchanges}");
}

#[tokio::test]
async fn rms_bet_mock_answers_every_documented_response() {
    let exchanges = check_api("rms_bet", lsports::rms_bet::mock::router()).await;
    assert!(exchanges >= 12, "{exchanges}");
}
