//! Generated validation against a compiled `jsonschema` validator (Draft 4, formats on, the
//! translation of `tests/oracle/translate.rs`): both on an already-parsed `serde_json::Value`;
//! our typed validation on the decoded model (decoded once, outside the timed loop); and end
//! to end from bytes (ours: decode into the model and validate it; theirs: parse into a
//! `serde_json::Value` and validate that).
//!
//! `cargo bench -p specgen-tests --bench validate`; figures in BENCHMARKS.md.

#[path = "../oracle/translate.rs"]
mod translate;

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::{json, Value};
use specgen_runtime::validate::{collect_violations, ValidateFn, Validator};
use specgen_runtime::{decode_then_validate, decode_valid, Validate};
use specgen_tests::bench_data::fixture_metadata;

/// A system bet slip with four selections.
fn place_bet() -> Value {
    let selections: Vec<Value> = [
        ("13120001", "1", None, "3994305121312000111", 1.85),
        ("13120002", "2", Some("2.5"), "2156874231312000222", 2.10),
        ("13120003", "1", None, "4112569801312000333", 1.62),
        ("13120004", "28", Some("-1.5"), "1790234561312000444", 3.40),
    ]
    .into_iter()
    .map(|(event, market, line, bet, odds)| {
        json!({
            "eventId": event,
            "eventType": "match",
            "eventContext": "prematch",
            "market": {"id": market, "line": line},
            "bet": {"id": bet, "odds": odds},
        })
    })
    .collect();
    json!({
        "betSlipId": "c0a80164-slip-0001",
        "betSlipContext": "prematch",
        "betType": "system",
        "stake": {"totalAmount": 30.0},
        "totalSelections": 4,
        "selections": selections,
        "systemStructure": [
            {"selections": 2, "quantity": 6, "betAmount": 2.5},
            {"selections": 3, "quantity": 4, "betAmount": 3.75},
        ],
        "userInfo": {"id": "user-1001", "userName": "player1001"},
        "accept_odds": true,
    })
}

/// The compiled jsonschema validator of a component of one API of `spec/specgen.toml`, with
/// the API's overlays applied.
fn oracle_for(module: &str, pointer: &str) -> jsonschema::Validator {
    let manifest_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/specgen.toml");
    let manifest = specgen::manifest::Manifest::load(&manifest_path).expect("spec/specgen.toml");
    let api = manifest
        .apis
        .iter()
        .find(|api| api.module == module)
        .expect("API in the manifest");
    let document = translate::overlaid_document(api);
    let schema = translate::Translator::faithful(&document).root(pointer);
    translate::compile(&schema)
}

/// Boolean verdict: one pass of a [`Validator::fast`].
fn generated_is_valid(check: ValidateFn, value: &Value) -> bool {
    let mut validator = Validator::fast();
    check(value, &mut validator);
    validator.is_valid()
}

/// Every violation with its pointer, as `decode_valid` gets them (a fast pass, and a
/// recording pass only for invalid input).
fn generated_violations(check: ValidateFn, value: &Value) -> usize {
    match collect_violations(check, value) {
        Ok(()) => 0,
        Err(violations) => violations.len(),
    }
}

/// Every violation with its pointer from a single recording pass (pointers kept throughout).
fn generated_violations_one_pass(check: ValidateFn, value: &Value) -> usize {
    let mut validator = Validator::new();
    check(value, &mut validator);
    validator.violations().len()
}

/// Boolean verdict of the typed validation: one pass of a [`Validator::fast`].
fn typed_is_valid<T: Validate>(model: &T) -> bool {
    let mut validator = Validator::fast();
    model.validate_into(&mut validator);
    validator.is_valid()
}

/// Every violation of the decoded model, as `Validate::validate` gets them.
fn typed_violations<T: Validate>(model: &T) -> usize {
    match model.validate() {
        Ok(()) => 0,
        Err(violations) => violations.len(),
    }
}

/// Every violation of the decoded model from a single recording pass.
fn typed_violations_one_pass<T: Validate>(model: &T) -> usize {
    let mut validator = Validator::new();
    model.validate_into(&mut validator);
    validator.violations().len()
}

fn compare<T: Validate>(
    c: &mut Criterion,
    name: &str,
    check: ValidateFn,
    oracle: &jsonschema::Validator,
    value: &Value,
) {
    let bytes = serde_json::to_vec(value).expect("encodes");
    let model: T = decode_valid(&bytes).expect("valid and decodes");
    assert!(typed_is_valid(&model), "{name}: typed says invalid");
    assert_eq!(typed_violations_one_pass(&model), 0, "{name}");
    assert!(decode_then_validate::<T>(&bytes).is_ok(), "{name}");
    assert!(
        generated_is_valid(check, value),
        "{name}: generated says invalid"
    );
    assert_eq!(generated_violations_one_pass(check, value), 0, "{name}");
    assert!(oracle.is_valid(value), "{name}: jsonschema says invalid");
    let mut group = c.benchmark_group(name);
    group.bench_function("generated: collect_violations", |b| {
        b.iter(|| generated_violations(check, black_box(value)))
    });
    group.bench_function("generated: recording Validator::new pass", |b| {
        b.iter(|| generated_violations_one_pass(check, black_box(value)))
    });
    group.bench_function("jsonschema: iter_errors().count()", |b| {
        b.iter(|| oracle.iter_errors(black_box(value)).count())
    });
    group.bench_function("generated: Validator::fast is_valid", |b| {
        b.iter(|| generated_is_valid(check, black_box(value)))
    });
    group.bench_function("jsonschema: is_valid", |b| {
        b.iter(|| oracle.is_valid(black_box(value)))
    });
    group.bench_function("typed: Validate::validate", |b| {
        b.iter(|| typed_violations(black_box(&model)))
    });
    group.bench_function("typed: recording Validator::new pass", |b| {
        b.iter(|| typed_violations_one_pass(black_box(&model)))
    });
    group.bench_function("typed: Validator::fast is_valid", |b| {
        b.iter(|| typed_is_valid(black_box(&model)))
    });
    group.bench_function(
        "bytes: decode_then_validate (typed decode + typed validation)",
        |b| b.iter(|| decode_then_validate::<T>(black_box(&bytes)).is_ok()),
    );
    group.bench_function("bytes: decode_valid (Value + JSON walk + decode)", |b| {
        b.iter(|| decode_valid::<T>(black_box(&bytes)).is_ok())
    });
    group.bench_function("bytes: from_slice::<Value> + jsonschema iter_errors", |b| {
        b.iter(|| {
            let parsed: Value = serde_json::from_slice(black_box(&bytes)).expect("parses");
            oracle.iter_errors(&parsed).count()
        })
    });
    group.bench_function("bytes: from_slice::<Value> + jsonschema is_valid", |b| {
        b.iter(|| {
            let parsed: Value = serde_json::from_slice(black_box(&bytes)).expect("parses");
            oracle.is_valid(&parsed)
        })
    });
    group.finish();
}

fn validate(c: &mut Criterion) {
    let fixtures = fixture_metadata(50);
    let fixtures_oracle = oracle_for(
        "rms_customer_integration",
        "/components/schemas/FixtureMetadataRequestDto",
    );
    compare::<lsports::rms_customer_integration::FixtureMetadataRequestDto>(
        c,
        "FixtureMetadataRequestDto, 50 events",
        lsports::rms_customer_integration::validation::fixture_metadata_request_dto,
        &fixtures_oracle,
        &fixtures,
    );

    let bet = place_bet();
    let bet_oracle = oracle_for("rms_bet", "/components/schemas/PlaceBetRequestDto");
    compare::<lsports::rms_bet::PlaceBetRequestDto>(
        c,
        "PlaceBetRequestDto, 4 selections",
        lsports::rms_bet::validation::place_bet_request_dto,
        &bet_oracle,
        &bet,
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = validate
}
criterion_main!(benches);
