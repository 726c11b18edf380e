//! Every JSON example of the vendor documents that belongs to an endpoint (request bodies and
//! responses; see `fixtures/seed-examples/README.md`) decodes into the generated types and
//! re-encodes to an equal JSON value.

use std::path::{Path, PathBuf};

use serde_json::Value;

type Decode = fn(&str, &[u8]) -> Result<Value, String>;

/// Decodes with the operation's generated types and re-encodes; `kind` is `request` or a
/// status code (optionally `-n` for a further example of that status).
macro_rules! codec {
    ($api:ident :: $operation:ident) => {{
        fn decode(kind: &str, bytes: &[u8]) -> Result<Value, String> {
            use lsports::$api::operations::$operation as op;
            if kind == "request" {
                let body: op::RequestBody =
                    specgen_runtime::from_json_slice(bytes).map_err(|e| e.to_string())?;
                return serde_json::to_value(&body).map_err(|e| e.to_string());
            }
            let status: u16 = kind
                .split('-')
                .next()
                .unwrap()
                .parse()
                .map_err(|e| format!("bad status in file name: {e}"))?;
            let response = op::Response::from_json(status, bytes).map_err(|e| e.to_string())?;
            if let op::Response::Undocumented { .. } = response {
                return Err(format!("status {status} decoded as undocumented"));
            }
            response.to_json_value().map_err(|e| e.to_string())
        }
        decode as Decode
    }};
}

fn codecs() -> Vec<(&'static str, Decode)> {
    vec![
        (
            "livescore_customers/triggerSnapshot",
            codec!(livescore_customers::trigger_snapshot),
        ),
        (
            "livescore_customers/activatePackage",
            codec!(livescore_customers::activate_package),
        ),
        (
            "livescore_customers/deactivatePackage",
            codec!(livescore_customers::deactivate_package),
        ),
        (
            "livescore_customers/getPackageStatus",
            codec!(livescore_customers::get_package_status),
        ),
        (
            "rms_bet/post_cart_place_bet",
            codec!(rms_bet::post_cart_place_bet),
        ),
    ]
}

fn fixture_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seed-examples");
    let mut files = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_seed_example_round_trips_through_the_generated_types() {
    let codecs = codecs();
    let files = fixture_files();
    assert!(
        files.len() >= 17,
        "expected the 17 seed examples, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for file in &files {
        let operation_dir = file.parent().unwrap();
        let key = format!(
            "{}/{}",
            operation_dir
                .parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy(),
            operation_dir.file_name().unwrap().to_string_lossy()
        );
        let Some((_, decode)) = codecs.iter().find(|(k, _)| *k == key) else {
            failures.push(format!(
                "{}: no generated operation is mapped to `{key}`",
                file.display()
            ));
            continue;
        };
        let bytes = std::fs::read(file).unwrap();
        let original: Value = serde_json::from_slice(&bytes).unwrap();
        let kind = file.file_stem().unwrap().to_string_lossy();
        match decode(&kind, &bytes) {
            Ok(reencoded) if reencoded == original => {}
            Ok(reencoded) => failures.push(format!(
                "{}: re-encoded differently:\n{reencoded:#}",
                file.display()
            )),
            Err(error) => failures.push(format!("{}: {error}", file.display())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_odds_validation_body_lands_in_the_overlaid_error_type() {
    use lsports::rms_bet::operations::post_cart_place_bet::{BadRequest, Response};
    use lsports::rms_bet::OddsUpdateDtoReason;
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/seed-examples/rms_bet/post_cart_place_bet/400.json"),
    )
    .unwrap();
    let Response::BadRequest(BadRequest::ErrorResponseDto(body)) =
        Response::from_json(400, &bytes).unwrap()
    else {
        panic!("the odds-validation body must decode as ErrorResponseDto");
    };
    assert_eq!(body.error_code.as_deref(), Some("update_odds"));
    let updates = body
        .data_to_update
        .flatten()
        .expect("data_to_update is an array");
    assert_eq!(updates.len(), 1);
    assert_eq!(
        updates[0].reason,
        Some(OddsUpdateDtoReason::ChangedOddValue)
    );
    assert!(body.additional_properties.is_empty());
}

#[test]
fn validation_errors_decode_as_the_validation_alternative() {
    use lsports::rms_bet::operations::post_cart_place_bet::{BadRequest, Response};
    let body = br#"{"message": "Validation failed", "errors": ["stake.totalAmount must be >= 0.01"], "warnings": null}"#;
    let response = Response::from_json(400, body).unwrap();
    let Response::BadRequest(BadRequest::ValidationErrorResponseDto(error)) = &response else {
        panic!("decoded as {response:?}");
    };
    assert_eq!(
        error.errors.as_deref(),
        Some(&["stake.totalAmount must be >= 0.01".to_owned()][..])
    );
    assert_eq!(
        error.warnings,
        Some(None),
        "an explicit null stays distinct from absence"
    );
    assert_eq!(
        response.to_json_value().unwrap(),
        serde_json::from_slice::<Value>(body).unwrap()
    );
}
