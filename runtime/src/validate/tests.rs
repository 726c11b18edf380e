//! Unit tests of the validator, its rules and its formats.

use rust_decimal::Decimal;
use serde_json::Number;

use super::rules::decimal_as_f64;
use super::*;
use serde_json::json;

#[test]
fn reports_every_violation_with_pointers_and_custom_messages() {
    let value = json!({"name": "", "tags": ["a", "a"], "extra": 1, "age": 1.5});
    let mut v = Validator::new();
    let object = v.object(&value, false).unwrap();
    v.object_rules(
        object,
        &ObjectRules {
            required: &[("name", None), ("id", Some("Id is required"))],
            declared: &["name", "tags", "age"],
            forbid_undeclared: true,
            min_properties: None,
            max_properties: Some(3),
        },
    );
    v.at_member("name", Some("Name must not be empty"), |v| {
        let text = v.string(&value["name"], false).unwrap();
        v.string_rules(
            text,
            &StringRules {
                min_length: Some(1),
                ..StringRules::NONE
            },
        );
    });
    v.at_member("tags", None, |v| {
        let items = v.array(&value["tags"], false).unwrap();
        v.array_rules(
            items,
            &ArrayRules {
                unique_items: true,
                ..Default::default()
            },
        );
    });
    v.at_member("age", None, |v| {
        v.integer(&value["age"], false);
    });
    let found: Vec<(String, &str, String)> = v
        .violations()
        .iter()
        .map(|x| (x.pointer.clone(), x.keyword, x.message.clone()))
        .collect();
    assert_eq!(
        found,
        [
            ("".into(), "required", "Id is required".into()),
            (
                "".into(),
                "additionalProperties",
                "member `extra` is not allowed".into()
            ),
            (
                "".into(),
                "maxProperties",
                "must have at most 3 members, has 4".into()
            ),
            ("/name".into(), "minLength", "Name must not be empty".into()),
            (
                "/tags".into(),
                "uniqueItems",
                "items 0 and 1 are equal".into()
            ),
            (
                "/age".into(),
                "type",
                "expected an integer, found a number".into()
            ),
        ]
    );
}

#[test]
fn numeric_bounds_are_exact() {
    let check = |value: Value, rules: NumberRules| {
        let mut v = Validator::new();
        v.number_rules(value.as_number().unwrap(), &rules);
        v.violations().iter().map(|x| x.keyword).collect::<Vec<_>>()
    };
    assert!(check(
        json!(0.3),
        NumberRules {
            multiple_of: Some(0.1),
            ..Default::default()
        }
    )
    .is_empty());
    assert_eq!(
        check(
            json!(0.35),
            NumberRules {
                multiple_of: Some(0.1),
                ..Default::default()
            }
        ),
        ["multipleOf"]
    );
    assert_eq!(
        check(
            json!(1),
            NumberRules {
                minimum: Some(1.0),
                exclusive_minimum: true,
                ..Default::default()
            }
        ),
        ["exclusiveMinimum"]
    );
    assert!(check(
        json!(1),
        NumberRules {
            minimum: Some(1.0),
            ..Default::default()
        }
    )
    .is_empty());
    assert_eq!(
        check(
            json!(9007199254740993_u64),
            NumberRules {
                maximum: Some(9007199254740992.0),
                ..Default::default()
            }
        ),
        ["maximum"]
    );
    assert_eq!(
        check(
            json!(3_000_000_000_u64),
            NumberRules {
                integer_range: Some((i32::MIN.into(), i32::MAX.into())),
                ..Default::default()
            }
        ),
        ["format"]
    );
}

#[test]
fn formats_and_patterns() {
    static DIGITS: Pattern = Pattern::new("^[0-9]+$");
    let check = |text: &str, rules: StringRules| {
        let mut v = Validator::new();
        v.string_rules(text, &rules);
        v.is_valid()
    };
    assert!(check(
        "6f1c2a52-3b0e-4e39-9d36-0f6a3c1b2d4e",
        StringRules {
            format: Some(Format::Uuid),
            ..Default::default()
        }
    ));
    assert!(!check(
        "6f1c2a52",
        StringRules {
            format: Some(Format::Uuid),
            ..Default::default()
        }
    ));
    assert!(check(
        "2023-08-03T07:54:42.1124647Z",
        StringRules {
            format: Some(Format::DateTime),
            ..Default::default()
        }
    ));
    assert!(!check(
        "2023-08-03T07:54:42",
        StringRules {
            format: Some(Format::DateTime),
            ..Default::default()
        }
    ));
    assert!(!check(
        "2023-02-30",
        StringRules {
            format: Some(Format::Date),
            ..Default::default()
        }
    ));
    assert!(check(
        "a@b.c",
        StringRules {
            format: Some(Format::Email),
            ..Default::default()
        }
    ));
    assert!(!check(
        "a b@c",
        StringRules {
            format: Some(Format::Email),
            ..Default::default()
        }
    ));
    assert!(check(
        "123",
        StringRules {
            pattern: Some(&DIGITS),
            ..Default::default()
        }
    ));
    assert!(!check(
        "12a",
        StringRules {
            pattern: Some(&DIGITS),
            ..Default::default()
        }
    ));
    assert!(!check(
        "ab",
        StringRules {
            min_length: Some(3),
            ..Default::default()
        }
    ));
    assert!(
        check(
            "äöü",
            StringRules {
                max_length: Some(3),
                ..Default::default()
            }
        ),
        "length counts characters"
    );
}

#[test]
fn formats_follow_rfc_3339_and_rfc_5321() {
    let accepts = |format: Format, text: &str| format.accepts(text);
    for good in [
        "2023-08-03T07:54:42.1124647Z",
        "2023-08-03t07:54:42z",
        "2024-02-29T00:00:00+05:30",
        "1998-12-31T23:59:60Z",
        "1998-12-31T15:59:60.123-08:00",
        // RFC 3339 sets no limit on fraction digits.
        "2023-08-03T07:54:42.1234567891Z",
        "1985-04-12T00:59:59.999999999999999Z",
    ] {
        assert!(accepts(Format::DateTime, good), "{good}");
    }
    for bad in [
        "2023-08-03 07:54:42Z",
        "2023-8-3T07:54:42Z",
        "2023-08-03T7:54:42Z",
        "2023-08-03T07:54:42+0200",
        "2023-08-03T07:54:42",
        "2023-02-29T07:54:42Z",
        "2023-08-03T24:00:00Z",
        "2021-12-31T23:58:60Z",
        "2023-08-03T07:54:42.Z",
        "2023-08-03T07:54:42.1234567891xZ",
        "+023-08-03T07:54:42Z",
    ] {
        assert!(!accepts(Format::DateTime, bad), "{bad}");
    }
    assert!(accepts(Format::Date, "2024-02-29"));
    for bad in [
        "2023-02-29",
        "2023-1-01",
        "+023-01-01",
        "2023-13-01",
        "20230101",
    ] {
        assert!(!accepts(Format::Date, bad), "{bad}");
    }
    for good in [
        "user@example.com",
        "first.last+tag@sub.example.org",
        "\"quoted local\"@example.com",
        "user@[127.0.0.1]",
        "user@[IPv6:::1]",
        "a@b",
    ] {
        assert!(accepts(Format::Email, good), "{good}");
    }
    for bad in [
        "no-at-sign",
        "a..b@example.com",
        ".a@example.com",
        "a.@example.com",
        "a@-example.com",
        "a@example..com",
        "a@exa_mple.com",
        "ünïcode@example.com",
        "user name@example.com",
        "user@[300.0.0.1]",
    ] {
        assert!(!accepts(Format::Email, bad), "{bad}");
    }
    for good in [
        "0",
        "-1",
        "1.85",
        "1.50",
        "007.5",
        "9999999999999999999999999999",
        "0.000000000000000000000000001",
        "-12345678901234.56789012345678",
    ] {
        assert!(accepts(Format::Decimal, good), "{good}");
    }
    for bad in [
        "",
        "-",
        "+1",
        "1.",
        ".5",
        "1_000",
        "1e5",
        " 1",
        "1,5",
        "NaN",
        // More than 28 digits: some such numbers would be rounded, so none is accepted.
        "79228162514264337593543950335",
        "0.0000000000000000000000000001",
        "7922816251426433759354395033.56",
    ] {
        assert!(!accepts(Format::Decimal, bad), "{bad}");
    }
}

#[test]
fn patterns_follow_ecma_262() {
    let matches = |pattern: &'static Pattern, text: &str| pattern.is_match(text);
    static DIGITS: Pattern = Pattern::new(r"^\d+$");
    static WORD: Pattern = Pattern::new(r"^\w+$");
    static NO_SPACE: Pattern = Pattern::new(r"^\S+$");
    static LINE: Pattern = Pattern::new("^.+$");
    static CAT: Pattern = Pattern::new(r"\bcat\b");
    static CLASS: Pattern = Pattern::new(r"^[\d&~[]+$");
    assert!(matches(&DIGITS, "0123") && !matches(&DIGITS, "١٢٣"));
    assert!(matches(&WORD, "A_1") && !matches(&WORD, "ünï"));
    assert!(matches(&NO_SPACE, "a\u{85}b") && !matches(&NO_SPACE, "a\u{FEFF}b"));
    assert!(matches(&LINE, "é日") && !matches(&LINE, "a\rb") && !matches(&LINE, "a\u{2028}b"));
    assert!(matches(&CAT, "écat") && !matches(&CAT, "concat"));
    assert!(matches(&CLASS, "1&~[") && !matches(&CLASS, "a"));
}

#[test]
fn decimal_conversion_matches_rust_decimal() {
    let mut rng = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    for _ in 0..100_000 {
        let mantissa = i64::try_from(next() >> (next() % 64)).unwrap_or(i64::MAX);
        let mantissa = if next() % 2 == 0 { mantissa } else { -mantissa };
        let value = Decimal::new(mantissa, (next() % 29) as u32);
        let expected = f64::try_from(value).unwrap();
        assert_eq!(
            decimal_as_f64(value).to_bits(),
            expected.to_bits(),
            "{value}"
        );
    }
    // The shortcut for values clearly inside their bounds gives the exact verdict.
    for _ in 0..100_000 {
        let mantissa = (next() % 2_000_001) as i64 - 1_000_000;
        let value = Decimal::new(mantissa, (next() % 7) as u32);
        let bound = ((next() % 2_001) as f64 - 1_000.0) / 100.0;
        for exclusive in [false, true] {
            let rules = NumberRules {
                minimum: Some(bound),
                exclusive_minimum: exclusive,
                maximum: Some(bound + 0.5),
                exclusive_maximum: exclusive,
                ..NumberRules::NONE
            };
            let mut shortcut = Validator::fast();
            shortcut.numeric_decimal_rules(value, &rules);
            let mut exact = Validator::fast();
            exact.float_rules(f64::try_from(value).unwrap(), &rules);
            assert_eq!(shortcut.is_valid(), exact.is_valid(), "{value} {bound}");
        }
    }
    // Also for full-width mantissas and large scales (a decimal decoded from a JSON number
    // such as `1.85` has both), right next to the bounds.
    for _ in 0..100_000 {
        let mantissa = (i128::from(next()) << 32 | i128::from(next() >> 32)) % 10_i128.pow(28);
        let scale = 20 + (next() % 9) as u32;
        let value = Decimal::from_i128_with_scale(mantissa, scale);
        let near = f64::try_from(value).unwrap();
        for bound in [
            near,
            near * (1.0 + 1e-15),
            near * (1.0 - 1e-15),
            near - 1e-9,
            0.01,
        ] {
            let rules = NumberRules {
                minimum: Some(bound),
                ..NumberRules::NONE
            };
            let mut shortcut = Validator::fast();
            shortcut.numeric_decimal_rules(value, &rules);
            let mut exact = Validator::fast();
            exact.float_rules(near, &rules);
            assert_eq!(shortcut.is_valid(), exact.is_valid(), "{value} {bound}");
        }
    }
    // Integers: the `f64` shortcut gives the exact verdict, also beyond 2^53.
    for _ in 0..100_000 {
        let value = (next() >> (next() % 64)) as i64 * if next() % 2 == 0 { 1 } else { -1 };
        let bound = match next() % 3 {
            0 => value as f64,
            1 => (value as f64) + ((next() % 5) as f64 - 2.0) * 0.5,
            _ => ((next() % 2_001) as f64 - 1_000.0) / 10.0,
        };
        for exclusive in [false, true] {
            let rules = NumberRules {
                minimum: Some(bound),
                exclusive_minimum: exclusive,
                maximum: Some(bound + 100.0),
                exclusive_maximum: exclusive,
                ..NumberRules::NONE
            };
            let mut shortcut = Validator::fast();
            shortcut.integer_rules(value, &rules);
            let mut exact = Validator::fast();
            exact.number_rules(&Number::from(value), &rules);
            assert_eq!(shortcut.is_valid(), exact.is_valid(), "{value} {bound}");
        }
    }
    let large = Decimal::from_i128_with_scale(10_i128.pow(25) + 7, 3);
    assert_eq!(decimal_as_f64(large), f64::try_from(large).unwrap());
}

#[test]
fn fast_validator_gives_the_verdict_only() {
    let check = |value: &Value, v: &mut Validator| {
        if let Some(object) = v.object(value, false) {
            v.object_members(
                object,
                &[object.contains_key("id")],
                object.keys().filter(|k| *k != "id").count(),
                &ObjectRules {
                    required: &[("id", None)],
                    declared: &["id"],
                    forbid_undeclared: true,
                    min_properties: None,
                    max_properties: None,
                },
            );
        }
    };
    let bad = serde_json::json!({"extra": 1});
    let mut fast = Validator::fast();
    check(&bad, &mut fast);
    assert!(!fast.is_valid());
    assert!(fast.violations().is_empty());
    let found = collect_violations(check, &bad).unwrap_err();
    let keywords: Vec<&str> = found.iter().map(|v| v.keyword).collect();
    assert_eq!(keywords, ["required", "additionalProperties"]);
    assert!(collect_violations(check, &serde_json::json!({"id": 1})).is_ok());
}
