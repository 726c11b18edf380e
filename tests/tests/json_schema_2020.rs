//! The JSON Schema 2020-12 keywords of OpenAPI 3.1 that have no OpenAPI 3.0 form
//! (`tests/specs/openapi_31.yaml`): `prefixItems` (with `items` about the rest),
//! `propertyNames`, `dependentRequired`, `dependentSchemas`, the boolean schema `false`, and
//! the content annotations. Each case is checked by the JSON walk (`validation::SCHEMAS`), by
//! the typed validation (`typed_validation::SCHEMAS`) and, through a struct that holds the
//! schemas, by `decode_valid`; all three must report the same (pointer, keyword) pairs.

use serde_json::{json, Value};
use specgen_runtime::validate::{collect_violations, Validator};
use specgen_tests::snapshots::openapi_31 as spec;

/// The sorted `pointer keyword` pairs the JSON walk reports for `value` against component
/// `name`; the typed validation must report the same (or the value must not decode).
fn check(name: &str, value: &Value) -> Vec<String> {
    let pointer = format!("/components/schemas/{name}");
    let (_, walk) = spec::validation::SCHEMAS
        .iter()
        .find(|(p, _)| *p == pointer)
        .unwrap_or_else(|| panic!("no schema {pointer}"));
    let (_, typed) = spec::typed_validation::SCHEMAS
        .iter()
        .find(|(p, _)| *p == pointer)
        .unwrap_or_else(|| panic!("no typed schema {pointer}"));
    let mut found: Vec<String> = match collect_violations(*walk, value) {
        Ok(()) => Vec::new(),
        Err(violations) => violations
            .iter()
            .map(|v| format!("{} {}", v.pointer, v.keyword))
            .collect(),
    };
    found.sort();
    let mut validator = Validator::new();
    match typed(value, &mut validator) {
        Ok(encoded) => {
            assert_eq!(encoded, *value, "{name}: re-encoding changed {value}");
            let mut typed_found: Vec<String> = validator
                .violations()
                .iter()
                .map(|v| format!("{} {}", v.pointer, v.keyword))
                .collect();
            typed_found.sort();
            assert_eq!(typed_found, found, "{name}: typed vs JSON walk on {value}");
        }
        Err(error) => panic!("{name}: {value} does not decode: {error:?}"),
    }
    found
}

fn valid(name: &str, values: &[Value]) {
    for value in values {
        assert_eq!(check(name, value), Vec::<String>::new(), "{name}: {value}");
    }
}

fn invalid(name: &str, cases: &[(Value, &[&str])]) {
    for (value, expected) in cases {
        assert_eq!(check(name, value), *expected, "{name}: {value}");
    }
}

/// `decode_valid::<Upload>`'s (pointer, keyword) pairs, sorted.
fn upload_violations(value: Value) -> Vec<String> {
    let mut found: Vec<String> =
        match specgen_runtime::decode_valid::<spec::Upload>(value.to_string().as_bytes()) {
            Ok(_) => Vec::new(),
            Err(violations) => violations
                .into_iter()
                .map(|v| format!("{} {}", v.pointer, v.keyword))
                .collect(),
        };
    found.sort();
    found
}

#[test]
fn prefix_items_check_positions_and_items_the_rest() {
    valid(
        "Pair",
        &[json!(["a", 0]), json!(["name", 7]), json!(["a"]), json!([])],
    );
    invalid(
        "Pair",
        &[
            (json!(["", 1]), &["/0 minLength"]),
            (json!([1, -1]), &["/0 type", "/1 minimum"]),
            (json!(["a", 1.5]), &["/1 type"]),
            // `items: false`: nothing after the prefix.
            (json!(["a", 1, null]), &["/2 not"]),
            (json!(["a", 1, "x", 2]), &["/2 not", "/3 not"]),
            (json!({"0": "a"}), &[" type"]),
        ],
    );
    valid(
        "Series",
        &[
            json!(["2024-01-01T00:00:00Z"]),
            json!(["2024-01-01T00:00:00Z", 1, 2.5, 100]),
        ],
    );
    invalid(
        "Series",
        &[
            (json!([]), &[" minItems"]),
            // The prefix position is a date-time, not a number; the rest are numbers.
            (json!([5]), &["/0 type"]),
            (
                json!(["2024-01-01T00:00:00Z", "x", 101]),
                &["/1 type", "/2 maximum"],
            ),
            (json!(["not a time", 1]), &["/0 format"]),
        ],
    );
}

#[test]
fn property_names_apply_to_every_member_name() {
    valid(
        "Labels",
        &[
            json!({}),
            json!({"a": "x", "abcdef": "y"}),
            json!({"env": "prod"}),
        ],
    );
    invalid(
        "Labels",
        &[
            // Too long, not lower case, empty: each reported at the object.
            (json!({"abcdefg": "x"}), &[" propertyNames"]),
            (
                json!({"Env": "x", "a1": "y"}),
                &[" propertyNames", " propertyNames"],
            ),
            (json!({"": "x"}), &[" propertyNames"]),
            (json!({"ok": "x".repeat(13)}), &["/ok maxLength"]),
            (
                json!({"a": "1", "b": "2", "c": "3", "d": "4", "e": "5"}),
                &[" maxProperties"],
            ),
        ],
    );
    // The message names the member and why.
    let walk = spec::validation::SCHEMAS
        .iter()
        .find(|(p, _)| *p == "/components/schemas/Labels")
        .map(|(_, f)| *f)
        .unwrap();
    let violations = collect_violations(walk, &json!({"Env": "x"})).unwrap_err();
    assert!(
        violations[0].message.contains("`Env`") && violations[0].message.contains("pattern"),
        "{}",
        violations[0].message
    );
}

#[test]
fn dependent_required_and_dependent_schemas_apply_when_the_member_is_there() {
    valid(
        "Billing",
        &[
            json!({"name": "a"}),
            json!({"name": "a", "card": "1234", "address": "x", "postcode": "y"}),
            json!({"name": "a", "amount": 3, "currency": "EUR"}),
            json!({"name": "a", "amount": 3, "currency": "EUR", "address": "Long Road"}),
            // `address` alone is constrained by nothing.
            json!({"name": "a", "address": "x"}),
        ],
    );
    invalid(
        "Billing",
        &[
            (
                json!({"name": "a", "card": "1234"}),
                &[" dependentRequired", " dependentRequired"],
            ),
            (
                json!({"name": "a", "card": "1234", "address": "x"}),
                &[" dependentRequired"],
            ),
            (json!({"name": "a", "amount": 3}), &[" required"]),
            (
                json!({"name": "a", "amount": 3, "currency": "EUR", "address": "x"}),
                &["/address minLength"],
            ),
            (
                json!({"name": "a", "amount": 3, "currency": "eur"}),
                &["/currency pattern"],
            ),
            (
                json!({"amount": 3, "currency": "EUR", "extra": 1}),
                &[" additionalProperties", " required"],
            ),
        ],
    );
}

#[test]
fn decode_valid_enforces_the_2020_keywords_of_its_members() {
    assert_eq!(
        upload_violations(json!({"data": "AAAA", "labels": {"env": "prod"}, "shape": ["a", 1]})),
        Vec::<String>::new()
    );
    assert_eq!(
        upload_violations(json!({
            "data": "not base64 at all, but content keywords only annotate",
            "labels": {"Env": "prod"},
            "shape": ["a", 1, 2]
        })),
        ["/labels propertyNames", "/shape/2 not"]
    );
    // The typed validation of a decoded value says the same.
    let decoded: spec::Upload = specgen_runtime::from_json_value(
        json!({"data": "x", "labels": {"toolong": "v"}, "shape": [""]}),
    )
    .unwrap();
    let mut found: Vec<String> = match specgen_runtime::Validate::validate(&decoded) {
        Ok(()) => Vec::new(),
        Err(violations) => violations
            .into_iter()
            .map(|v| format!("{} {}", v.pointer, v.keyword))
            .collect(),
    };
    found.sort();
    assert_eq!(found, ["/labels propertyNames", "/shape/0 minLength"]);
}

#[test]
fn type_lists_of_several_types_admit_exactly_those() {
    valid(
        "Code",
        &[json!(1), json!(70), json!("AB"), json!(""), json!(null)],
    );
    invalid(
        "Code",
        &[
            (json!(0), &[" minimum"]),
            (json!("ABCDE"), &[" maxLength"]),
            // Neither an integer nor a string: before, a list of several types was dropped.
            (json!(1.5), &[" anyOf"]),
            (json!(true), &[" anyOf"]),
            (json!([]), &[" anyOf"]),
            (json!({}), &[" anyOf"]),
        ],
    );
}
