//! Bad specs are reported, never panicked on: every problem of a spec comes back in one
//! `Failure`, each with its file, line:column and JSON Pointer, sorted by position.
//!
//! The specs are in `tests/specs/invalid/`; files that cannot be committed sensibly (bytes
//! that are not UTF-8, very deep nesting) are written into a temporary directory.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use specgen::{ApiSource, Diagnostic, Failure, Lowered, Severity};

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// An `ApiSource` for `tests/<relative>`, displayed as `tests/<relative>`.
fn source(relative: &str) -> ApiSource {
    ApiSource {
        module: "api".into(),
        spec: crate_dir().join(relative),
        spec_display: format!("tests/{relative}"),
        overlays: Vec::new(),
        ..Default::default()
    }
}

fn lower(source: &ApiSource) -> Result<Lowered, Failure> {
    catch_unwind(AssertUnwindSafe(|| specgen::lower(source)))
        .unwrap_or_else(|_| panic!("specgen panicked on {}", source.spec_display))
}

fn fails(source: &ApiSource) -> Failure {
    match lower(source) {
        Ok(_) => panic!("{} lowered without errors", source.spec_display),
        Err(failure) => failure,
    }
}

fn errors(failure: &Failure) -> Vec<&Diagnostic> {
    failure
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

/// The only error of `failure` (fails when there are several).
fn single_error(failure: &Failure) -> &Diagnostic {
    let errors = errors(failure);
    assert_eq!(errors.len(), 1, "expected exactly one error:\n{failure}");
    errors[0]
}

/// A scratch directory of its own for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("diagnostics")
        .join(test);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

#[test]
fn every_problem_of_a_spec_is_reported_at_once() {
    let source = source("specs/invalid/many-problems.yaml");
    let failure = fails(&source);
    let file = "tests/specs/invalid/many-problems.yaml";
    // (what the message says, the JSON Pointer it is reported at)
    let expected: &[(&str, &str)] = &[
        (
            "security scheme `bearer` is not declared",
            "/paths/~1things~1{thingId}/get/security/0/bearer",
        ),
        (
            "path parameter `thingId` must be `required: true`",
            "/paths/~1things~1{thingId}/get/parameters/0",
        ),
        (
            "response key `abc` is neither a status code",
            "/paths/~1things~1{thingId}/get/responses/abc",
        ),
        (
            "unresolvable `$ref`: `#/components/schemas/Nope`",
            "/components/schemas/Thing/properties/missing/$ref",
        ),
        (
            "external `$ref` `other.yaml#/components/schemas/Elsewhere` is not supported",
            "/components/schemas/Thing/properties/external/$ref",
        ),
        (
            "`type` as a list is OpenAPI 3.1",
            "/components/schemas/Thing/properties/either/type",
        ),
        (
            "unknown schema type `text`",
            "/components/schemas/Thing/properties/weird/type",
        ),
        (
            "`exclusiveMinimum` must be a boolean in OpenAPI 3.0",
            "/components/schemas/Thing/properties/positive/exclusiveMinimum",
        ),
    ];
    let errors = errors(&failure);
    for (message, pointer) in expected {
        let found = errors
            .iter()
            .find(|d| d.message.contains(message))
            .unwrap_or_else(|| panic!("no error saying {message:?} in:\n{failure}"));
        let location = found
            .location
            .as_ref()
            .unwrap_or_else(|| panic!("{message:?} has no location"));
        assert_eq!(&*location.file, file, "{found}");
        assert_eq!(location.pointer, *pointer, "{found}");
        let (line, column) = location
            .line_col
            .unwrap_or_else(|| panic!("{message:?} has no line:column"));
        assert!(line > 1 && column > 0, "{found}");
        // The rendered diagnostic shows all three.
        let rendered = found.to_string();
        assert!(
            rendered.contains(&format!("{file}:{line}:{column} (#{pointer})")),
            "{rendered}"
        );
    }
    assert_eq!(
        errors.len(),
        expected.len(),
        "every error is expected, and none is reported twice:\n{failure}"
    );
    // A listed value of another type is a contradiction reported with the rest, as a
    // warning: the schema becomes a JSON value checked as JSON Schema says.
    assert!(
        failure
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Warning
                && d.code.map(|code| code.as_str()) == Some("enum-type-mismatch")
                && d.message
                    .contains("enum value \"two\" is not of the schema's type `integer`")
                && d.location.as_ref().unwrap().pointer
                    == "/components/schemas/Thing/properties/level/enum/1"),
        "{failure}"
    );
    // The external reference says what to do about it.
    let external = errors
        .iter()
        .find(|d| d.message.contains("external"))
        .unwrap();
    assert!(
        external
            .help
            .as_deref()
            .is_some_and(|h| h.contains("bundle")),
        "{external}"
    );
    // An array without `items` (invalid in 3.0, common in practice) is a warning, not an
    // error: its items are any JSON values.
    let list = failure
        .diagnostics
        .iter()
        .find(|d| d.message.contains("has no `items`"))
        .unwrap_or_else(|| panic!("no warning about `items`:\n{failure}"));
    assert_eq!(list.severity, Severity::Warning, "{list}");
    assert_eq!(
        list.location.as_ref().unwrap().pointer,
        "/components/schemas/Thing/properties/list"
    );
    // Sorted top to bottom, so the report reads like the file.
    let positions: Vec<(usize, usize)> = failure
        .diagnostics
        .iter()
        .map(|d| d.location.as_ref().and_then(|l| l.line_col).unwrap())
        .collect();
    let mut sorted = positions.clone();
    sorted.sort();
    assert_eq!(positions, sorted, "diagnostics are not sorted:\n{failure}");
    // Lines point at the right places: `abc:` is on line 24 of the file.
    let abc = errors.iter().find(|d| d.message.contains("`abc`")).unwrap();
    assert_eq!(
        abc.location.as_ref().unwrap().line_col,
        Some((24, 9)),
        "{abc}"
    );
    assert!(
        failure.to_string().ends_with("specgen: 8 errors found"),
        "{failure}"
    );
}

#[test]
fn unknown_openapi_versions_are_rejected_at_their_version() {
    let failure = fails(&source("specs/invalid/openapi-4.0.yaml"));
    let error = single_error(&failure);
    assert!(
        error
            .message
            .contains("OpenAPI 4.0.0 is not supported: specgen reads OpenAPI 3.0.x and 3.1.x"),
        "{error}"
    );
    let location = error.location.as_ref().unwrap();
    assert_eq!(&*location.file, "tests/specs/invalid/openapi-4.0.yaml");
    assert_eq!(location.pointer, "/openapi");
    assert_eq!(location.line_col, Some((1, 1)));
}

#[test]
fn swagger_2_is_rejected_with_advice() {
    let failure = fails(&source("specs/invalid/swagger-2.0.yaml"));
    let error = single_error(&failure);
    assert!(
        error
            .message
            .contains("Swagger 2.0 documents are not supported"),
        "{error}"
    );
    assert!(error.message.contains("convert to OpenAPI 3.0"), "{error}");
    assert_eq!(error.location.as_ref().unwrap().pointer, "/swagger");
}

#[test]
fn invalid_json_names_line_and_column() {
    let failure = fails(&source("specs/invalid/invalid-json.json"));
    let error = single_error(&failure);
    // The trailing comma is on line 5; serde_json notices at the `}` on line 6.
    assert!(error.message.starts_with("invalid JSON: "), "{error}");
    assert!(error.message.contains("at line 6 column 3"), "{error}");
    let location = error.location.as_ref().unwrap();
    assert_eq!(&*location.file, "tests/specs/invalid/invalid-json.json");
    assert_eq!(location.line_col, Some((6, 3)));
}

#[test]
fn invalid_yaml_names_line_and_column() {
    let failure = fails(&source("specs/invalid/invalid-yaml.yaml"));
    let error = single_error(&failure);
    assert!(error.message.starts_with("invalid YAML: "), "{error}");
    let (line, column) = error.location.as_ref().unwrap().line_col.unwrap();
    assert!(
        error
            .message
            .contains(&format!("at line {line} column {column}")),
        "{error}"
    );
    assert!(line >= 5, "{error}");
}

#[test]
fn duplicate_yaml_keys_are_errors_at_the_second_key() {
    let failure = fails(&source("specs/invalid/duplicate-key.yaml"));
    let error = single_error(&failure);
    assert!(error.message.contains("duplicate key `Thing`"), "{error}");
    assert_eq!(error.location.as_ref().unwrap().line_col, Some((10, 5)));
}

#[test]
fn files_that_are_not_utf8_are_rejected() {
    let dir = scratch("not-utf8");
    let path = dir.join("latin1.yaml");
    // "openapi: 3.0.3\ninfo:\n  title: Caf\xe9\n": Latin-1, not UTF-8.
    let mut bytes = b"openapi: 3.0.3\ninfo:\n  title: Caf".to_vec();
    bytes.push(0xE9);
    bytes.extend_from_slice(b"\n  version: '1'\npaths: {}\n");
    std::fs::write(&path, &bytes).unwrap();
    let failure = fails(&ApiSource {
        module: "api".into(),
        spec: path,
        spec_display: "latin1.yaml".into(),
        overlays: Vec::new(),
        ..Default::default()
    });
    let error = single_error(&failure);
    assert!(
        error
            .message
            .contains("not valid UTF-8 (invalid byte at offset 33, line 3 column 13)"),
        "{error}"
    );
    let location = error.location.as_ref().unwrap();
    assert_eq!(&*location.file, "latin1.yaml");
    assert_eq!(location.line_col, Some((3, 13)));
}

#[test]
fn deeply_nested_documents_are_errors_not_stack_overflows() {
    let dir = scratch("deep");
    for depth in [200, 3_000] {
        let mut text =
            String::from("openapi: 3.0.3\ninfo: {title: deep, version: '1'}\npaths: {}\nx-deep:\n");
        for level in 1..=depth {
            text.push_str(&format!("{}k:\n", " ".repeat(level)));
        }
        let path = dir.join(format!("deep-{depth}.yaml"));
        std::fs::write(&path, &text).unwrap();
        let source = ApiSource {
            module: "api".into(),
            spec: path,
            spec_display: format!("deep-{depth}.yaml"),
            overlays: Vec::new(),
            ..Default::default()
        };
        // On a small stack: loading must not recurse once per level (it did, in the YAML
        // parser, and a few thousand levels overflowed the stack).
        let failure = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || fails(&source))
            .unwrap()
            .join()
            .expect("no stack overflow or panic");
        let error = single_error(&failure);
        assert!(
            error
                .message
                .contains("the document nests deeper than 128 levels"),
            "{error}"
        );
        // Reported where the limit is crossed.
        let (line, _) = error.location.as_ref().unwrap().line_col.unwrap();
        assert_eq!(line, 4 + 128, "{error}");
    }

    // Deep JSON, through the JSON parser.
    let json_path = dir.join("deep.json");
    std::fs::write(
        &json_path,
        format!(
            "{{\"openapi\": \"3.0.3\", \"x\": {}1{}}}",
            "[".repeat(10_000),
            "]".repeat(10_000)
        ),
    )
    .unwrap();
    let failure = fails(&ApiSource {
        module: "api".into(),
        spec: json_path,
        spec_display: "deep.json".into(),
        overlays: Vec::new(),
        ..Default::default()
    });
    let error = single_error(&failure);
    assert!(error.message.starts_with("invalid JSON"), "{error}");
    assert!(error.message.contains("recursion limit"), "{error}");
}

#[test]
fn overlay_target_matching_nothing_is_an_error_in_the_overlay() {
    let mut source = source("specs/maps.yaml");
    source.overlays.push((
        crate_dir().join("specs/invalid/overlay-no-match.yaml"),
        "tests/specs/invalid/overlay-no-match.yaml".into(),
    ));
    let failure = fails(&source);
    let error = single_error(&failure);
    assert!(
        error.message.contains(
            "overlay target `$.components.schemas.DoesNotExist` matches nothing in `tests/specs/maps.yaml`"
        ),
        "{error}"
    );
    let location = error.location.as_ref().unwrap();
    assert_eq!(&*location.file, "tests/specs/invalid/overlay-no-match.yaml");
    assert_eq!(location.pointer, "/actions/1/target");
    // Members are reported at their key.
    assert_eq!(location.line_col, Some((9, 5)));
}

#[test]
fn overlay_that_matches_is_applied() {
    // The control for the test above: the first action alone is fine.
    let dir = scratch("overlay-ok");
    let overlay = dir.join("ok.yaml");
    std::fs::write(
        &overlay,
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.components.schemas.Item.properties.count\n    update:\n      format: int32\n",
    )
    .unwrap();
    let mut source = source("specs/maps.yaml");
    source.overlays.push((overlay, "ok.yaml".into()));
    let lowered = lower(&source).unwrap_or_else(|failure| panic!("{failure}"));
    let rendered = specgen::render_api(&lowered.api, &specgen::Options::default());
    assert!(rendered.contains("pub count: i32,"), "{rendered}");
    assert!(rendered.starts_with(
        "// This file is @generated by specgen from `tests/specs/maps.yaml`, `ok.yaml`."
    ));
}

#[test]
fn malformed_code_tables_are_reported_entry_by_entry() {
    let failure = fails(&source("specs/invalid/x-codes-malformed.yaml"));
    let errors = errors(&failure);
    let messages: Vec<(&str, &str)> = errors
        .iter()
        .map(|d| {
            (
                d.message.as_str(),
                d.location.as_ref().unwrap().pointer.as_str(),
            )
        })
        .collect();
    assert_eq!(
        messages,
        [
            (
                "an `x-codes` entry needs an integer `value` and a string `name`",
                "/components/schemas/Codes/x-codes/1"
            ),
            (
                "an `x-codes` entry needs an integer `value` and a string `name`",
                "/components/schemas/Codes/x-codes/2"
            ),
            (
                "code 1 is listed twice",
                "/components/schemas/Codes/x-codes/3"
            ),
            (
                "`x-codes` must be a list of `{value, name, description}` entries",
                "/components/schemas/NotAList/x-codes"
            ),
        ],
        "{failure}"
    );
}

#[test]
fn schemas_that_describe_no_value_are_rejected() {
    let failure = fails(&source("specs/invalid/reference-cycles.yaml"));
    let messages: Vec<(&str, &str)> = errors(&failure)
        .iter()
        .map(|d| {
            (
                d.message.as_str(),
                d.location.as_ref().unwrap().pointer.as_str(),
            )
        })
        .collect();
    assert_eq!(
        messages,
        [
            (
                "this schema is only a `$ref` to itself and describes no value",
                "/components/schemas/Itself"
            ),
            (
                "`$ref` cycle `Ping` → `Pong` → `Ping` never reaches a schema that describes a value",
                "/components/schemas/Ping"
            ),
            (
                "`$ref` cycle `Pong` → `Ping` → `Pong` never reaches a schema that describes a value",
                "/components/schemas/Pong"
            ),
            (
                "`$ref` cycle `Either` → `Either` never reaches a schema that describes a value",
                "/components/schemas/Either"
            ),
        ],
        "{failure}"
    );
    // `enum: []` admits no value either, but vendors publish it (beside the `allOf` that
    // holds the values): a warning, not an error.
    assert!(
        failure
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Warning
                && d.code.map(|code| code.as_str()) == Some("empty-enum")
                && d.location.as_ref().unwrap().pointer == "/components/schemas/Nothing/enum"),
        "{failure}"
    );
}

#[test]
fn repeated_enum_values_are_warnings() {
    let lowered = lower(&source("specs/naming.yaml")).unwrap_or_else(|f| panic!("{f}"));
    let warnings: Vec<String> = lowered.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].starts_with(
            "warning[duplicate-enum-value]: enum value 2 is listed twice; the repeat is ignored"
        ),
        "{}",
        warnings[0]
    );
    assert!(
        warnings[0].contains("(#/components/schemas/Priority/enum/4)"),
        "{}",
        warnings[0]
    );
}

#[test]
fn non_standard_response_keys_are_warnings() {
    let lowered = lower(&source("specs/operations.yaml")).unwrap_or_else(|f| panic!("{f}"));
    let warnings: Vec<String> = lowered.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    for (warning, key) in warnings.iter().zip(["404 (1)", "404 (2)"]) {
        assert!(
            warning.starts_with(&format!(
                "warning[non-standard-response-key]: non-standard response key `{key}`"
            )),
            "{warning}"
        );
        assert!(
            warning.contains("tests/specs/operations.yaml:"),
            "{warning}"
        );
        assert!(warning.contains(&format!("/responses/{key})")), "{warning}");
    }
}

#[test]
fn every_invalid_spec_fails_with_located_errors() {
    let dir = crate_dir().join("specs/invalid");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("overlay-") {
            continue; // overlays, not specs
        }
        let failure = fails(&source(&format!("specs/invalid/{name}")));
        for error in errors(&failure) {
            let location = error
                .location
                .as_ref()
                .unwrap_or_else(|| panic!("{name}: error without location: {error}"));
            assert_eq!(&*location.file, format!("tests/specs/invalid/{name}"));
            assert!(
                location.line_col.is_some(),
                "{name}: no line:column: {error}"
            );
        }
        checked += 1;
    }
    assert!(checked >= 7, "only {checked} invalid specs found");
}

/// Removing any one line of a feature spec gives a spec that either still lowers (and then
/// renders to code that parses) or fails with diagnostics; it never panics.
#[test]
fn mutilated_specs_never_panic() {
    let dir = crate_dir().join("specs");
    let scratch = scratch("mutilated");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    let mut outcomes = (0, 0);
    for spec in specs {
        let text = std::fs::read_to_string(&spec).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let stem = spec.file_stem().unwrap().to_string_lossy().into_owned();
        for skip in 0..lines.len() {
            let mutilated: String = lines
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, l)| format!("{l}\n"))
                .collect();
            let path = scratch.join(format!("{stem}.yaml"));
            std::fs::write(&path, &mutilated).unwrap();
            let source = ApiSource {
                module: stem.clone(),
                spec: path,
                spec_display: format!("{stem} without line {}", skip + 1),
                overlays: Vec::new(),
                ..Default::default()
            };
            let result = catch_unwind(AssertUnwindSafe(|| {
                specgen::lower(&source)
                    .map(|lowered| specgen::render_api(&lowered.api, &specgen::Options::default()))
            }));
            match result {
                Ok(Ok(_)) => outcomes.0 += 1,
                Ok(Err(failure)) => {
                    assert!(!errors(&failure).is_empty(), "{failure}");
                    outcomes.1 += 1;
                }
                Err(_) => panic!(
                    "specgen panicked on {} without line {}: {:?}",
                    spec.display(),
                    skip + 1,
                    lines[skip]
                ),
            }
        }
    }
    // Both outcomes occur, so the mutations do exercise the error paths.
    assert!(outcomes.0 > 0 && outcomes.1 > 0, "{outcomes:?}");
}

#[test]
fn unenforceable_patterns_and_bad_violation_reports_are_located_errors() {
    let failure = fails(&source("specs/invalid/unenforceable-pattern.yaml"));
    let found: Vec<(String, String)> = errors(&failure)
        .iter()
        .map(|d| (d.message.clone(), d.location.as_ref().unwrap().to_string()))
        .collect();
    assert_eq!(found.len(), 4, "{found:#?}");
    assert!(
        found[0]
            .0
            .starts_with("pattern `^(A[A-Z]{3}$` is not an ECMA 262 regular expression"),
        "{found:#?}"
    );
    assert_eq!(found[0].1, "tests/specs/invalid/unenforceable-pattern.yaml:13:11 (#/components/schemas/Code/properties/broken/pattern)");
    assert!(
        found
            .iter()
            .any(|(m, _)| m == "`summary` must name a string member; `count` is not one"),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|(m, _)| m == "`list` must name an array member; `missing` is not one"),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|(m, _)| m == "required member `other` cannot be filled from violations"),
        "{found:#?}"
    );
}

#[test]
fn misspelled_schema_keywords_are_warnings_with_the_keyword_meant() {
    let dir = scratch("misspelled_keywords");
    let spec = dir.join("typos.yaml");
    std::fs::write(
        &spec,
        r#"openapi: 3.0.3
info: {title: Typos, version: "1"}
paths: {}
components:
  schemas:
    Order:
      type: object
      requried: [id]
      x-vendor-note: extensions are silent
      properties:
        id:
          type: string
          minLenght: 3
        note:
          type: string
          nulable: true
        colour:
          type: string
          flavour: blue
"#,
    )
    .unwrap();
    let source = ApiSource {
        module: "typos".into(),
        spec: spec.clone(),
        spec_display: "typos.yaml".into(),
        ..Default::default()
    };
    let lowered = lower(&source).unwrap_or_else(|f| panic!("{f}"));
    let warnings: Vec<String> = lowered.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 4, "{warnings:#?}");
    for (key, pointer, meant) in [
        (
            "requried",
            "/components/schemas/Order/requried",
            Some("required"),
        ),
        (
            "minLenght",
            "/components/schemas/Order/properties/id/minLenght",
            Some("minLength"),
        ),
        (
            "nulable",
            "/components/schemas/Order/properties/note/nulable",
            Some("nullable"),
        ),
        (
            "flavour",
            "/components/schemas/Order/properties/colour/flavour",
            None,
        ),
    ] {
        let warning = warnings
            .iter()
            .find(|w| w.contains(&format!("`{key}`")))
            .unwrap_or_else(|| panic!("no warning for {key}: {warnings:#?}"));
        assert!(
            warning.starts_with(&format!(
                "warning[unknown-keyword]: `{key}` is not an OpenAPI schema keyword"
            )),
            "{warning}"
        );
        assert!(warning.contains(&format!("(#{pointer})")), "{warning}");
        assert!(warning.contains("typos.yaml:"), "{warning}");
        match meant {
            Some(meant) => assert!(
                warning.contains(&format!("did you mean `{meant}`?")),
                "{warning}"
            ),
            None => assert!(!warning.contains("did you mean"), "{warning}"),
        }
    }
}

#[test]
fn openapi_31_documents_lower_and_say_what_they_leave_out() {
    let lowered = lower(&source("specs/openapi_31.yaml")).unwrap_or_else(|f| panic!("{f}"));
    let warnings: Vec<String> = lowered.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].starts_with("warning[ungenerated-webhooks]: `webhooks` are not generated"),
        "{}",
        warnings[0]
    );
    assert!(warnings[0].contains("(#/webhooks)"), "{}", warnings[0]);
    // What 3.1 has and specgen does not check is an error at its keyword, not a dropped
    // check; a malformed 2020-12 keyword specgen does check is an error at its place.
    let dir = scratch("openapi_31_unsupported");
    for (name, schema, message, pointer) in [
        (
            "contains",
            "type: array\n      contains: {type: string}",
            "`contains` is not supported yet",
            "/components/schemas/Pair/contains",
        ),
        (
            "dependent",
            "type: object\n      dependentRequired: {a: b}",
            "`dependentRequired` values must be lists of member names",
            "/components/schemas/Pair/dependentRequired/a",
        ),
        (
            "prefix",
            "type: array\n      prefixItems: []",
            "`prefixItems` must be a non-empty list of schemas",
            "/components/schemas/Pair/prefixItems",
        ),
    ] {
        let spec = dir.join(format!("{name}.yaml"));
        std::fs::write(
            &spec,
            format!("openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Pair:\n      {schema}\n"),
        )
        .unwrap();
        let failure = fails(&ApiSource {
            module: "tuple".into(),
            spec,
            spec_display: format!("{name}.yaml"),
            ..Default::default()
        });
        let error = single_error(&failure);
        assert!(error.message.contains(message), "{error}");
        assert_eq!(error.location.as_ref().unwrap().pointer, pointer);
    }
    // In a 3.0 document the 2020-12 keywords stay errors.
    let spec = dir.join("tuple30.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pair:\n      type: array\n      items: {type: string}\n      prefixItems: [{type: string}]\n",
    )
    .unwrap();
    let failure = fails(&ApiSource {
        module: "tuple".into(),
        spec,
        spec_display: "tuple30.yaml".into(),
        ..Default::default()
    });
    let error = single_error(&failure);
    assert!(
        error
            .message
            .contains("`prefixItems` is not part of OpenAPI 3.0 schemas"),
        "{error}"
    );
}

#[test]
fn empty_enums_are_ignored_with_a_located_warning() {
    let dir = scratch("empty_enum");
    let spec = dir.join("empty-enum.json");
    // As a vendor's published 3.1 document writes it: the values come from the `allOf`.
    std::fs::write(
        &spec,
        r##"{"openapi": "3.1.0", "info": {"title": "Empty", "version": "1"}, "paths": {},
  "components": {"schemas": {
    "Status": {"type": "string", "enum": ["approved", "rejected"]},
    "Decision": {"type": "object", "properties": {
      "action": {"type": "string", "enum": [], "allOf": [{"$ref": "#/components/schemas/Status"}]},
      "note": {"type": "string", "enum": []}}}}}}"##,
    )
    .unwrap();
    let source = ApiSource {
        module: "empty_enum".into(),
        spec: spec.clone(),
        spec_display: "empty-enum.json".into(),
        ..Default::default()
    };
    let lowered = lower(&source).unwrap_or_else(|f| panic!("{f}"));
    let warnings: Vec<String> = lowered.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    for (warning, member) in warnings.iter().zip(["action", "note"]) {
        assert!(warning.starts_with("warning[empty-enum]"), "{warning}");
        assert!(
            warning.contains(&format!(
                "#/components/schemas/Decision/properties/{member}/enum"
            )),
            "{warning}"
        );
    }
    // `action` is the enum its `allOf` names (the `type` beside it says nothing more);
    // `note` is a plain string.
    let decision = lowered.api.types.iter().find(|t| t.name == "Decision");
    let decision = format!("{:?}", decision.unwrap());
    assert!(decision.contains(r#"kind: Named("Status")"#), "{decision}");
    assert!(decision.contains("Scalar(String)"), "{decision}");
    // A value that is not a list is still an error.
    std::fs::write(
        &spec,
        r#"{"openapi": "3.0.3", "info": {"title": "Bad", "version": "1"}, "paths": {},
  "components": {"schemas": {"S": {"type": "string", "enum": "a"}}}}"#,
    )
    .unwrap();
    let failure = lower(&source).unwrap_err().to_string();
    assert!(failure.contains("`enum` must be a list"), "{failure}");
}

#[test]
fn fastapi_shaped_documents_lower_with_nullable_optionals() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/own/fastapi_style.json");
    let source = ApiSource {
        module: "fastapi_style".into(),
        spec,
        spec_display: "fastapi_style.json".into(),
        ..Default::default()
    };
    let lowered = lower(&source).unwrap_or_else(|f| panic!("{f}"));
    // Only the multipart body is reported: it is kept as bytes.
    let warnings: Vec<String> = lowered.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].starts_with("warning[unsupported-media-type]"));
    let item = lowered.api.types.iter().find(|t| t.name == "Item").unwrap();
    let item = format!("{item:?}");
    // `tax: anyOf [number, null]` is a nullable number, `owner` a nullable `User`: no union
    // types of one alternative.
    for union in ["ItemTax", "ItemOwner"] {
        assert!(!item.contains(union), "{item}");
        assert!(lowered.api.types.iter().all(|t| t.name != union));
    }
    assert!(
        lowered.api.types.iter().any(|t| t.name == "ItemRatio"),
        "a real union stays one"
    );
}

#[test]
fn discriminator_mappings_to_copies_or_nowhere_do_not_stop_generation() {
    let dir = scratch("mapping_copies");
    let spec = dir.join("mapping.json");
    // As documents written by dereferencing tools are: the mapping points at a copy of the
    // inline alternative elsewhere (`Copy`), or through a `$ref` to where nothing is.
    std::fs::write(
        &spec,
        r##"{"openapi": "3.0.3", "info": {"title": "Mapping", "version": "1"}, "paths": {},
  "components": {"schemas": {
    "Copy": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}, "text": {"type": "string"}}},
    "Option": {"type": "object", "properties": {"data": {
      "oneOf": [
        {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}, "text": {"type": "string"}}},
        {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}, "number": {"type": "integer"}}}],
      "discriminator": {"propertyName": "kind", "mapping": {
        "text": "#/components/schemas/Copy",
        "number": "#/components/schemas/Option/properties/data/items/oneOf/1"}}}}}}}}"##,
    )
    .unwrap();
    let source = ApiSource {
        module: "mapping".into(),
        spec: spec.clone(),
        spec_display: "mapping.json".into(),
        ..Default::default()
    };
    let lowered = lower(&source).unwrap_or_else(|f| panic!("{f}"));
    let warnings: Vec<String> = lowered.warnings.iter().map(ToString::to_string).collect();
    // The copy is matched by its value; the entry that leads nowhere is ignored, said so,
    // and then the second alternative has no tag either: the union is decoded by trying.
    assert!(
        warnings.iter().any(|w| w
            .starts_with("warning[unusable-discriminator]: discriminator mapping `number`")
            && w.contains(
                "#/components/schemas/Option/properties/data/discriminator/mapping/number"
            )),
        "{warnings:#?}"
    );
    assert!(
        !warnings.iter().any(|w| w.contains("mapping `text`")),
        "{warnings:#?}"
    );
}
