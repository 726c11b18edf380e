//! JSON Schema's keyword semantics in generated validation (`tests/specs/json_schema.yaml`):
//! each keyword applies to the instances of its type only, untyped schemas accept every
//! type, combinators see the keywords beside them. Every case is checked by the JSON walk
//! (`validation::SCHEMAS`) and by the typed validation (`typed_validation::SCHEMAS`:
//! decode, validate, re-encode), which must agree.

use serde_json::{json, Value};
use specgen_runtime::validate::{collect_violations, Validator};
use specgen_tests::snapshots::json_schema as spec;

/// The keywords the JSON walk reports for `value` against component `name`; the typed
/// validation must report the same, or the value must not decode.
fn check(name: &str, value: &Value) -> Vec<&'static str> {
    let pointer = format!("/components/schemas/{name}");
    let (_, walk) = spec::validation::SCHEMAS
        .iter()
        .find(|(p, _)| *p == pointer)
        .unwrap_or_else(|| panic!("no schema {pointer}"));
    let (_, typed) = spec::typed_validation::SCHEMAS
        .iter()
        .find(|(p, _)| *p == pointer)
        .unwrap_or_else(|| panic!("no typed schema {pointer}"));
    let keywords: Vec<&'static str> = match collect_violations(*walk, value) {
        Ok(()) => Vec::new(),
        Err(violations) => violations.iter().map(|v| v.keyword).collect(),
    };
    let mut validator = Validator::new();
    if let Ok(encoded) = typed(value, &mut validator) {
        let typed_keywords: Vec<&'static str> =
            validator.violations().iter().map(|v| v.keyword).collect();
        if encoded == *value {
            assert_eq!(
                typed_keywords, keywords,
                "{name}: typed vs JSON walk on {value}"
            );
        }
    } else {
        assert!(
            !keywords.is_empty(),
            "{name}: {value} is valid but does not decode"
        );
    }
    keywords
}

fn valid(name: &str, values: &[Value]) {
    for value in values {
        assert_eq!(check(name, value), Vec::<&str>::new(), "{name}: {value}");
    }
}

fn invalid(name: &str, cases: &[(Value, &str)]) {
    for (value, keyword) in cases {
        assert!(
            check(name, value).contains(keyword),
            "{name}: {value} must break `{keyword}`"
        );
    }
}

const OTHER_TYPES: fn() -> [Value; 7] = || {
    [
        json!(null),
        json!(true),
        json!(12),
        json!(1.5),
        json!("x"),
        json!([]),
        json!({}),
    ]
};

#[test]
fn untyped_keywords_apply_to_their_type_only() {
    let others = OTHER_TYPES();
    let not_numbers: Vec<Value> = others.iter().filter(|v| !v.is_number()).cloned().collect();
    valid("AtLeastTwo", &not_numbers);
    valid("AtLeastTwo", &[json!(2), json!(2.0), json!(1e52)]);
    invalid(
        "AtLeastTwo",
        &[(json!(1), "minimum"), (json!(1.99), "minimum")],
    );
    valid("BoundedNumber", &[json!(3), json!("text"), json!(-0.5)]);
    invalid(
        "BoundedNumber",
        &[
            (json!(3.5), "exclusiveMaximum"),
            (json!(0.25), "multipleOf"),
        ],
    );
    valid(
        "ShortText",
        &[json!("ab"), json!(5), json!(null), json!({})],
    );
    invalid(
        "ShortText",
        &[
            (json!("a"), "minLength"),
            (json!("abcde"), "maxLength"),
            (json!("A1"), "pattern"),
        ],
    );
    valid(
        "FewItems",
        &[json!([1]), json!([1, 1.5]), json!("x"), json!({})],
    );
    invalid(
        "FewItems",
        &[
            (json!([]), "minItems"),
            (json!([1, 2, 3]), "maxItems"),
            // JSON Schema's equality: `1` and `1.0` are the same item.
            (json!([1, 1.0]), "uniqueItems"),
        ],
    );
    valid("FewMembers", &[json!({"a": 1}), json!([]), json!(0)]);
    invalid("FewMembers", &[(json!({}), "minProperties")]);
    valid(
        "UntypedDate",
        &[json!("2024-02-29"), json!(20240229), json!(null)],
    );
    invalid("UntypedDate", &[(json!("2023-02-29"), "format")]);
    valid(
        "NeedsId",
        &[
            json!([]),
            json!(""),
            json!(12),
            json!(null),
            json!({"id": null}),
        ],
    );
    invalid("NeedsId", &[(json!({"name": 1}), "required")]);
    valid("ListOfIntegers", &[json!({}), json!([1, 2]), json!("x")]);
    invalid("ListOfIntegers", &[(json!([1, "2"]), "type")]);
    valid(
        "UntypedObject",
        &[json!({"name": "a"}), json!([1]), json!(3)],
    );
    invalid(
        "UntypedObject",
        &[
            (json!({"name": 1}), "type"),
            (json!({"other": 1}), "additionalProperties"),
        ],
    );
}

#[test]
fn enums_of_any_value_compare_by_value() {
    valid("Zero", &[json!(0), json!(0.0), json!(-0.0)]);
    invalid(
        "Zero",
        &[
            (json!(false), "enum"),
            (json!("0"), "enum"),
            (json!(1e-9), "enum"),
        ],
    );
    valid(
        "Mixed",
        &[
            json!(1.0),
            json!("one"),
            json!(true),
            json!([1.0]),
            json!({"one": 1}),
        ],
    );
    invalid(
        "Mixed",
        &[
            (json!(false), "enum"),
            (json!([1, 1]), "enum"),
            (json!({"one": 2}), "enum"),
        ],
    );
    valid("Flags", &[json!([true]), json!([false, true])]);
    invalid(
        "Flags",
        &[(json!([true, false]), "enum"), (json!([]), "enum")],
    );
    valid("ShortCodes", &[json!("a")]);
    invalid(
        "ShortCodes",
        &[(json!("abcd"), "maxLength"), (json!("b"), "enum")],
    );
    valid("Switch", &[json!(true)]);
    invalid("Switch", &[(json!(false), "enum"), (json!(1), "type")]);
}

#[test]
fn required_without_properties() {
    valid("ObjectNeedsId", &[json!({"id": 1, "kind": null})]);
    invalid(
        "ObjectNeedsId",
        &[(json!({"id": 1}), "required"), (json!([]), "type")],
    );
    let missing = specgen_runtime::decode_valid::<spec::ObjectNeedsId>(br#"{"kind": 2}"#)
        .expect_err("`id` is required");
    assert_eq!(missing.len(), 1, "{missing:?}");
}

#[test]
fn combinators_see_the_keywords_beside_them() {
    valid("TypedUnion", &[json!(10), json!(1)]);
    invalid(
        "TypedUnion",
        &[
            (json!(5), "anyOf"),
            (json!(12.5), "type"),
            (json!("x"), "type"),
        ],
    );
    // `1` is an integer below 2: one alternative, not two.
    valid("Overlapping", &[json!(1), json!(2.5), json!("x")]);
    invalid("Overlapping", &[(json!(3), "oneOf")]);
    valid("ByRequired", &[json!({"a": 1}), json!({"b": 1})]);
    invalid(
        "ByRequired",
        &[
            (json!({"a": 1, "b": 2}), "oneOf"),
            (json!({}), "oneOf"),
            (json!([]), "type"),
        ],
    );
    valid(
        "AllAndOne",
        &[
            json!({"kind": "circle", "radius": 1}),
            json!({"kind": "square", "side": 2}),
        ],
    );
    invalid(
        "AllAndOne",
        &[
            (json!({"kind": "circle", "side": 1}), "oneOf"),
            (json!({"radius": 1}), "required"),
            (json!({"kind": "triangle", "side": 1}), "oneOf"),
        ],
    );
    // `additionalProperties` is about its own `properties`, not the parts' members.
    valid("ClosedBesideAllOf", &[json!({"own": "a"}), json!({})]);
    invalid(
        "ClosedBesideAllOf",
        &[
            (json!({"inherited": 1}), "additionalProperties"),
            (json!({"own": 1}), "type"),
        ],
    );
    valid("AllOfNumbers", &[json!(0), json!(3.0), json!(9)]);
    invalid(
        "AllOfNumbers",
        &[
            (json!(-3), "minimum"),
            (json!(4), "multipleOf"),
            (json!("3"), "type"),
        ],
    );
}

#[test]
fn a_redundant_type_beside_a_union_keeps_the_rust_enum() {
    let shape: spec::Shape = serde_json::from_value(json!({"side": 2.0})).unwrap();
    assert!(matches!(shape, spec::Shape::Square(_)), "{shape:?}");
    valid("Shape", &[json!({"radius": 1}), json!({"side": 1})]);
    invalid(
        "Shape",
        &[
            (json!({"radius": 1, "side": 1}), "oneOf"),
            (json!([]), "oneOf"),
        ],
    );
}

#[test]
fn not_inverts_its_schema() {
    valid("NotAString", &[json!(1), json!(null), json!([])]);
    invalid("NotAString", &[(json!("x"), "not")]);
    valid(
        "SelfNegated",
        &[
            json!({}),
            json!({"inner": 3}),
            json!({"inner": {"inner": {}}}),
        ],
    );
    invalid("SelfNegated", &[(json!({"inner": {}}), "not")]);
}

#[test]
fn nullable_enums_decode_null() {
    valid("SixOrNull", &[json!(6), json!(6.0), json!(null)]);
    invalid("SixOrNull", &[(json!(7), "enum")]);
    valid("NullableCount", &[json!(1), json!(null)]);
    invalid("NullableCount", &[(json!(3), "enum")]);
    let decoded = specgen_runtime::decode_valid::<Option<spec::NullableCount>>(b"null")
        .expect("null is one of the values");
    assert_eq!(decoded, None);
    assert!(specgen_runtime::decode_valid::<Option<spec::NullableCount>>(b"3").is_err());
}

#[test]
fn numbers_beyond_64_bits_and_bounds_at_full_precision() {
    // An integer in JSON Schema's sense, for validation; the `i64` model cannot hold it.
    let big: Value = serde_json::from_str("1.2345e52").unwrap();
    let (_, walk) = spec::validation::SCHEMAS
        .iter()
        .find(|(p, _)| *p == "/components/schemas/Whole")
        .unwrap();
    assert!(collect_violations(*walk, &big).is_ok());
    assert!(collect_violations(*walk, &json!(1.5)).is_err());
    // Beyond the decimal range: `1e308 / 0.5` overflows, the remainder is exact.
    let (_, halves) = spec::validation::SCHEMAS
        .iter()
        .find(|(p, _)| *p == "/components/schemas/Halves")
        .unwrap();
    assert!(collect_violations(*halves, &json!(1e308)).is_ok());
    assert!(collect_violations(*halves, &json!(7)).is_ok());
    assert!(
        collect_violations(*halves, &json!(7.5)).is_err(),
        "7.5 is no integer"
    );
    // The bound is exactly the spec's number: the float just below it is valid.
    let bound = 9.727837981879871e26_f64;
    let below = f64::from_bits(bound.to_bits() - 1);
    valid("BigBound", &[json!(below)]);
    invalid("BigBound", &[(json!(bound), "exclusiveMaximum")]);
}

#[test]
fn untyped_members_of_typed_objects() {
    let holder = json!({"anything": "text", "choice": 1, "maybe": null});
    assert!(specgen_runtime::decode_valid::<spec::Holder>(holder.to_string().as_bytes()).is_ok());
    let broken = json!({"anything": 0, "choice": 3, "maybe": "long"});
    let violations = specgen_runtime::decode_valid::<spec::Holder>(broken.to_string().as_bytes())
        .expect_err("three members break their schemas");
    let found: Vec<String> = violations
        .iter()
        .map(|v| format!("{} {}", v.pointer, v.keyword))
        .collect();
    assert_eq!(
        found,
        ["/anything minimum", "/choice oneOf", "/maybe maxLength"]
    );
}
