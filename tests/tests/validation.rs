//! Generated validation of the vendor schemas: spec-defined messages, every violation at
//! once, and malformed input that must produce errors (never a panic or a stack overflow).

use lsports::livescore_customers::PackageCredentials;
use lsports::rms_bet::PlaceBetRequestDto;
use specgen_runtime::{decode_valid, Validate, Violation};

fn problems<T: Validate>(json: &str) -> Vec<(String, &'static str, String)> {
    match decode_valid::<T>(json.as_bytes()) {
        Ok(_) => Vec::new(),
        Err(violations) => violations
            .into_iter()
            .map(|v| (v.pointer, v.keyword, v.message))
            .collect(),
    }
}

fn messages<T: Validate>(json: &str) -> Vec<String> {
    problems::<T>(json)
        .into_iter()
        .map(|(_, _, message)| message)
        .collect()
}

#[test]
fn livescore_validation_speaks_the_documented_messages() {
    assert_eq!(
        messages::<PackageCredentials>(r#"{}"#),
        [
            "PackageId must be a positive integer",
            "Username is required",
            "Password is required"
        ]
    );
    for bad_package in ["0", "-4", "\"123\"", "1.5", "null"] {
        let json = format!(r#"{{"packageId": {bad_package}, "username": "u", "password": "p"}}"#);
        assert_eq!(
            messages::<PackageCredentials>(&json),
            ["PackageId must be a positive integer"],
            "{json}"
        );
    }
    assert_eq!(
        messages::<PackageCredentials>(r#"{"packageId": 1, "username": "", "password": "p"}"#),
        ["Username is required"]
    );
    assert_eq!(
        messages::<PackageCredentials>(r#"{"packageId": 1, "username": "u", "password": 7}"#),
        ["Password is required"]
    );
    // Credentials that are merely wrong are the service's business, not validation's.
    let valid = decode_valid::<PackageCredentials>(
        br#"{"packageId": 123, "username": "user@example.com", "password": "wrong"}"#,
    );
    assert_eq!(valid.unwrap().package_id, 123);
}

#[test]
fn every_violation_is_reported_at_once_with_its_pointer() {
    let json = r#"{
        "betSlipContext": "later", "betType": "single", "stake": {"totalAmount": 0},
        "totalSelections": 0, "selections": [{"eventId": "e", "eventType": "match", "eventContext": "live",
        "market": {"id": "m"}, "bet": {"id": "b", "odds": 1.0}, "colour": "red"}],
        "userInfo": {"id": "u"}, "accept_odds": "yes"
    }"#;
    let found = problems::<PlaceBetRequestDto>(json);
    let pointers: Vec<(&str, &str)> = found.iter().map(|(p, k, _)| (p.as_str(), *k)).collect();
    assert_eq!(
        pointers,
        [
            ("/betSlipContext", "enum"),
            ("/stake/totalAmount", "minimum"),
            ("/totalSelections", "minimum"),
            ("/selections/0", "additionalProperties"),
            ("/selections/0/bet/odds", "minimum"),
            ("/userInfo", "required"),
            ("/accept_odds", "type"),
        ],
        "{found:#?}"
    );
}

#[test]
fn typed_values_validate_as_they_would_be_encoded() {
    let mut request: PackageCredentials =
        serde_json_from(r#"{"packageId": 5, "username": "u", "password": "p"}"#);
    assert!(request.validate().is_ok());
    request.package_id = 0;
    request
        .additional_properties
        .insert("extra".into(), 1.into());
    let violations = request.validate().unwrap_err();
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert_eq!(
        violations[0].message,
        "PackageId must be a positive integer"
    );
}

fn serde_json_from<T: serde::de::DeserializeOwned>(json: &str) -> T {
    specgen_runtime::from_json_slice(json.as_bytes()).unwrap()
}

#[test]
fn malformed_input_is_a_clear_error_never_a_panic() {
    let one = |json: &[u8]| -> Violation {
        let violations = decode_valid::<PlaceBetRequestDto>(json).expect_err("must be rejected");
        violations.into_iter().next().unwrap()
    };
    let not_json = one(b"{\"betType\": ");
    assert_eq!(not_json.keyword, "json");
    assert!(not_json.message.contains("line 1 column"), "{not_json}");
    let invalid_utf8 = one(b"{\"betType\": \"\xff\"}");
    assert_eq!(invalid_utf8.keyword, "json");
    let wrong_root = one(b"[1, 2]");
    assert_eq!(
        (wrong_root.pointer.as_str(), wrong_root.keyword),
        ("", "type")
    );

    // A 1 MB string where a short enum value belongs.
    let huge = format!(r#"{{"betSlipContext": "{}"}}"#, "x".repeat(1 << 20));
    let violations = decode_valid::<PlaceBetRequestDto>(huge.as_bytes()).unwrap_err();
    let enum_violation = violations
        .iter()
        .find(|v| v.pointer == "/betSlipContext")
        .unwrap();
    assert_eq!(enum_violation.keyword, "enum");

    // 10 000 levels of nesting: serde_json's depth limit turns it into an error.
    let deep = format!(
        r#"{{"selections": {}{}}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let deep = one(deep.as_bytes());
    assert_eq!(deep.keyword, "json");
    assert!(deep.message.contains("recursion limit"), "{deep}");
}

#[test]
fn error_reports_are_built_from_violations_as_the_specs_say() {
    use lsports::livescore_customers::ValidationError;
    let violations =
        decode_valid::<PackageCredentials>(br#"{"packageId": 1, "password": "p"}"#).unwrap_err();
    let body = ValidationError::from_violations(&violations);
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        serde_json::json!({"error": "Username is required"})
    );

    let violations = decode_valid::<PlaceBetRequestDto>(
        br#"{"betSlipContext": "live", "betType": "single", "stake": {"totalAmount": 0},
        "totalSelections": 1, "selections": [], "userInfo": {"id": "u", "userName": "n"}}"#,
    )
    .unwrap_err();
    let body = lsports::rms_bet::ValidationErrorResponseDto::from_violations(&violations);
    assert_eq!(body.message.as_deref(), Some("Request validation failed"));
    assert_eq!(body.errors.as_ref().map(Vec::len), Some(2));
    assert_eq!(
        body.errors.as_ref().unwrap()[0],
        "/stake/totalAmount: must be at least 0.01, is 0 (minimum)"
    );

    let body =
        lsports::rms_customer_integration::ValidationErrorResponseDto::from_violations(&violations);
    let errors = body.errors.unwrap();
    assert_eq!(errors.len(), 2);
    assert_eq!(
        errors[1].message.as_deref(),
        Some("/selections: must have at least 1 items, has 0 (minItems)")
    );
    assert_eq!(body.message.as_deref(), Some("Validation failed"));
}

/// Every violation (pointer, keyword and message) of the typed validation and of the
/// JSON-value validation of the same decoded value, in order.
fn both_ways<T: Validate>(json: &str) -> (Vec<Violation>, Vec<Violation>) {
    let decoded: T = serde_json_from(json);
    let typed = decoded.validate().err().unwrap_or_default();
    let encoded = serde_json::to_value(&decoded).unwrap();
    let walked = specgen_runtime::validate::collect_violations(T::validate_json, &encoded)
        .err()
        .unwrap_or_default();
    (typed, walked)
}

#[test]
fn typed_validation_reports_what_the_json_walk_reports() {
    let sorted = |mut violations: Vec<Violation>| {
        violations.sort_by(|a, b| (&a.pointer, a.keyword).cmp(&(&b.pointer, b.keyword)));
        violations
    };
    // Spec messages (`x-error-message`) replace the generated ones in both.
    let (typed, walked) = both_ways::<PackageCredentials>(
        r#"{"packageId": 0, "username": "", "password": "p", "extra": true}"#,
    );
    assert_eq!(
        typed.iter().map(|v| v.message.as_str()).collect::<Vec<_>>(),
        [
            "PackageId must be a positive integer",
            "Username is required"
        ]
    );
    assert_eq!(sorted(typed), sorted(walked));

    // Closed enums kept as `Unknown`, undeclared members the spec forbids, bounds on exact
    // decimals and integers, `minItems`, at every depth.
    let (typed, walked) = both_ways::<PlaceBetRequestDto>(
        r#"{"betSlipContext": "later", "betType": "single", "stake": {"totalAmount": 0.001},
        "totalSelections": 0, "selections": [], "userInfo": {"id": "u", "userName": "n", "x/y": 1},
        "systemStructure": [{"selections": 0, "quantity": 1, "betAmount": 0.5}], "extra": 1}"#,
    );
    let found: Vec<(&str, &str)> = typed
        .iter()
        .map(|v| (v.pointer.as_str(), v.keyword))
        .collect();
    assert_eq!(
        found,
        [
            ("", "additionalProperties"),
            ("/betSlipContext", "enum"),
            ("/stake/totalAmount", "minimum"),
            ("/totalSelections", "minimum"),
            ("/selections", "minItems"),
            ("/systemStructure/0/selections", "minimum"),
            ("/userInfo", "additionalProperties"),
        ]
    );
    assert_eq!(sorted(typed), sorted(walked));
}

#[test]
fn decode_then_validate_reports_everything_when_decoding_fails() {
    use specgen_runtime::decode_then_validate;
    // Missing members and a wrong type leave no typed value: the JSON walk reports them all.
    let json = br#"{"packageId": "one", "username": ""}"#;
    let violations = decode_then_validate::<PackageCredentials>(json).unwrap_err();
    assert_eq!(
        violations,
        decode_valid::<PackageCredentials>(json).unwrap_err()
    );
    assert_eq!(violations.len(), 3, "{violations:?}");
    // A decodable but invalid value is judged typed.
    let json = br#"{"packageId": 0, "username": "u", "password": "p"}"#;
    let violations = decode_then_validate::<PackageCredentials>(json).unwrap_err();
    assert_eq!(
        violations,
        decode_valid::<PackageCredentials>(json).unwrap_err()
    );
    let valid = br#"{"packageId": 3, "username": "u", "password": "p"}"#;
    assert_eq!(
        decode_then_validate::<PackageCredentials>(valid)
            .unwrap()
            .package_id,
        3
    );
}

#[test]
fn bodies_over_the_size_limit_are_one_violation_before_parsing() {
    // A 100 MB string was parsed whole: now nothing past the limit is read.
    let username = "u".repeat(specgen_runtime::DEFAULT_MAX_JSON_BYTES);
    let json = format!(r#"{{"packageId": 1, "username": "{username}", "password": "p"}}"#);
    let found = problems::<PackageCredentials>(&json);
    assert_eq!(found.len(), 1, "{found:?}");
    let (pointer, keyword, message) = &found[0];
    assert_eq!((pointer.as_str(), *keyword), ("", "maxBytes"));
    assert!(
        message.contains(&format!(
            "{} bytes long, over the limit of 16777216 bytes",
            json.len()
        )),
        "{message}"
    );
    let error =
        specgen_runtime::decode_then_validate::<PackageCredentials>(json.as_bytes()).unwrap_err();
    assert_eq!(error[0].keyword, "maxBytes");
    // A limit of its own per call, either way.
    let small = br#"{"packageId": 1, "username": "u", "password": "p"}"#;
    let error = specgen_runtime::decode_valid_limited::<PackageCredentials>(small, 10).unwrap_err();
    assert_eq!(error[0].keyword, "maxBytes");
    let ok = specgen_runtime::decode_valid_limited::<PackageCredentials>(small, small.len());
    assert_eq!(ok.unwrap().package_id, 1);
    let ok =
        specgen_runtime::decode_valid_limited::<PackageCredentials>(json.as_bytes(), json.len());
    assert_eq!(ok.unwrap().username.len(), username.len());
}

/// A list wrapper (`<Markets><Market/>…</Markets>`) is its list in JSON (`"Markets": [...]`):
/// the typed validation reports a violation inside it at the same JSON Pointer as the
/// JSON-value walk, with no member of the wrapper's own in between.
#[test]
fn violations_inside_list_wrappers_are_at_the_json_pointer() {
    use lsports::odds_service_feed::{validation, Message};
    let json = r#"{"Header":{"Type":3,"ServerTimestamp":1489661091},"Body":{"Events":[{"FixtureId":2390441,"Markets":[{"Id":13,"Name":"European Handicap","Providers":[{"Id":8,"Name":"Bet365","LastUpdate":"2017-03-16T10:44:43.4209099Z","Bets":[{"Id":18933138861385821,"Name":"1","Status":1,"Price":"2.4","LastUpdate":"2017-03-04T16:09:35"}]}]}]}]}}"#;
    let message =
        Message::from_json(json.as_bytes()).expect("the decoder tolerates a zone-less time");
    let typed: Vec<(String, &str)> = message
        .validate()
        .unwrap_err()
        .into_iter()
        .map(|v| (v.pointer, v.keyword))
        .collect();
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    let walked: Vec<(String, &str)> =
        specgen_runtime::validate::collect_violations(validation::message, &value)
            .unwrap_err()
            .into_iter()
            .map(|v| (v.pointer, v.keyword))
            .collect();
    let expected = "/Body/Events/0/Markets/0/Providers/0/Bets/0/LastUpdate";
    assert_eq!(typed, [(expected.to_owned(), "format")]);
    assert_eq!(walked, typed);
}
