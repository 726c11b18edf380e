//! Runs the official JSON Schema Test Suite's draft-4 files that fit OpenAPI 3.0's keyword
//! set, or its draft2020-12 files that fit what specgen checks of OpenAPI 3.1, through
//! generated validation (see `tests/oracle/README.md`):
//!
//! ```sh
//! git clone https://github.com/json-schema-org/JSON-Schema-Test-Suite /tmp/suite
//! cargo run -p specgen-tests --example json_schema_suite -- /tmp/suite/tests/draft4
//! cargo run -p specgen-tests --example json_schema_suite -- /tmp/suite/tests/draft2020-12
//! ```
//!
//! Each test group's schema becomes a component schema of one OpenAPI 3.0.3 document (for a
//! directory whose name has `2020-12`: one OpenAPI 3.1.0 document, the group's local `$ref`s
//! rebased onto its component). Groups using keywords the dialect lacks or specgen does not
//! check are not applicable; a schema the generator refuses with an error is counted as
//! refused. The document is generated into a scratch
//! crate under the target directory, which is built and run: it checks every test's
//! instance with the JSON walk (`validation::SCHEMAS`), the typed validation
//! (`typed_validation::SCHEMAS`: decode, validate) and compares with the suite's verdict.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use serde_json::{json, Map, Value};

const OPENAPI_30: &[&str] = &[
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "enum",
    "type",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "items",
    "properties",
    "additionalProperties",
    "description",
    "format",
    "default",
    "title",
];

/// The keywords of JSON Schema 2020-12 an OpenAPI 3.1 schema may use that specgen checks
/// (or that only annotate), besides [`OPENAPI_30`]'s.
const OPENAPI_31_MORE: &[&str] = &[
    "const",
    "prefixItems",
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
    "contentEncoding",
    "contentMediaType",
    "$comment",
    "$defs",
    "$ref",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
];

/// Whether `schema` uses only keywords specgen checks in an OpenAPI 3.1 document: those of
/// [`OPENAPI_30`] and [`OPENAPI_31_MORE`], boolean schemas, `type` lists, local `$ref`s (no
/// `$id`, `$anchor`, `$dynamicRef`, remote references, `contains`, `if`, `patternProperties`,
/// `unevaluated*`), and `$schema` only as 2020-12's.
fn applicable_31(schema: &Value) -> bool {
    let object = match schema {
        Value::Bool(_) => return true,
        Value::Object(object) => object,
        _ => return false,
    };
    let all = |value: &Value| {
        value
            .as_array()
            .is_some_and(|parts| parts.iter().all(applicable_31))
    };
    let members = |value: &Value| {
        value
            .as_object()
            .is_some_and(|members| members.values().all(applicable_31))
    };
    object.iter().all(|(key, value)| match key.as_str() {
        "$schema" => value == "https://json-schema.org/draft/2020-12/schema",
        "type" => {
            value.is_string()
                || value
                    .as_array()
                    .is_some_and(|t| t.iter().all(Value::is_string))
        }
        "items" | "not" | "additionalProperties" | "propertyNames" => applicable_31(value),
        "properties" | "dependentSchemas" | "$defs" => members(value),
        "allOf" | "anyOf" | "oneOf" | "prefixItems" => all(value),
        "$ref" => value.as_str().is_some_and(|r| r.starts_with('#')),
        key => OPENAPI_30.contains(&key) || OPENAPI_31_MORE.contains(&key),
    })
}

/// Files of `draft2020-12/` left out as a whole, and why.
const EXCLUDED_2020: &[(&str, &str)] = &[(
    "format",
    "2020-12 makes `format` an annotation by default; specgen asserts `uuid`, `date-time`, \
     `date`, `email` by design (run `optional/format/` for those)",
)];

/// `schema` with its local references (`#`, `#/$defs/…`) pointing into the component
/// `name` it becomes.
fn rebase_refs(schema: &mut Value, name: &str) {
    match schema {
        Value::Object(object) => {
            for (key, value) in object.iter_mut() {
                match (key.as_str(), &*value) {
                    ("$ref", Value::String(reference)) if reference.starts_with('#') => {
                        *value = Value::String(format!(
                            "#/components/schemas/{name}{}",
                            &reference[1..]
                        ));
                    }
                    // Member names and listed values are no schemas.
                    ("enum" | "const" | "examples" | "default" | "required", _) => {}
                    _ => rebase_refs(value, name),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| rebase_refs(item, name)),
        _ => {}
    }
}

/// Whether `schema` uses only OpenAPI 3.0 keywords, in OpenAPI 3.0's forms (one `type`, no
/// `null` type, `items` a schema, no references: the suite's point into the schema itself).
fn applicable(schema: &Value) -> bool {
    let Some(object) = schema.as_object() else {
        return false;
    };
    object.iter().all(|(key, value)| {
        OPENAPI_30.contains(&key.as_str())
            && match key.as_str() {
                "type" => value.is_string() && value != "null",
                "items" | "not" => applicable(value),
                "additionalProperties" => value.is_boolean() || applicable(value),
                "properties" => value
                    .as_object()
                    .is_some_and(|p| p.values().all(applicable)),
                "allOf" | "anyOf" | "oneOf" => value
                    .as_array()
                    .is_some_and(|parts| parts.iter().all(applicable)),
                // Draft 4's schema for `required` wants names; `[]` is OpenAPI's only.
                "required" => value.as_array().is_some_and(|names| !names.is_empty()),
                _ => true,
            }
    })
}

struct Group {
    file: String,
    description: String,
    name: String,
    schema: Value,
    tests: Vec<Value>,
}

fn main() -> ExitCode {
    let dir = match std::env::args_os()
        .nth(1)
        .or_else(|| std::env::var_os("JSON_SCHEMA_SUITE"))
    {
        Some(dir) => PathBuf::from(dir),
        None => {
            eprintln!(
                "usage: cargo run -p specgen-tests --example json_schema_suite -- <JSON-Schema-Test-Suite>/tests/draft4 (or …/draft2020-12)\n\
                 (or set JSON_SCHEMA_SUITE); see tests/oracle/README.md"
            );
            return ExitCode::from(2);
        }
    };
    match run(&dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("json_schema_suite: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(dir: &Path) -> Result<(), String> {
    let draft_2020 = dir.to_string_lossy().contains("2020-12");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let scratch = scratch_dir();
    std::fs::create_dir_all(scratch.join("src")).map_err(|e| e.to_string())?;
    let mut groups = Vec::new();
    let mut not_applicable: Vec<(String, usize)> = Vec::new();
    let mut refused: Vec<(String, usize, String)> = Vec::new();
    for path in &files {
        let file = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if draft_2020 {
            if let Some((_, why)) = EXCLUDED_2020.iter().find(|(name, _)| *name == file) {
                println!("excluded: {file}.json: {why}");
                continue;
            }
        }
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        let parsed: Value = serde_json::from_str(&text).map_err(|e| format!("{file}: {e}"))?;
        for (index, group) in parsed.as_array().into_iter().flatten().enumerate() {
            let tests = group["tests"].as_array().cloned().unwrap_or_default();
            let mut schema = group["schema"].clone();
            let fits = if draft_2020 {
                applicable_31(&schema)
            } else {
                applicable(&schema)
            };
            if !fits {
                not_applicable.push((file.clone(), tests.len()));
                continue;
            }
            let name = format!(
                "{}{index}",
                file.replace(|c: char| !c.is_alphanumeric(), "")
            );
            if draft_2020 {
                rebase_refs(&mut schema, &name);
            }
            // A schema the generator refuses is a located error, not a wrong verdict.
            if let Err(failure) = lower(&scratch, &name, &schema, draft_2020) {
                refused.push((file.clone(), tests.len(), failure));
                continue;
            }
            groups.push(Group {
                file: file.clone(),
                description: group["description"].as_str().unwrap_or_default().to_owned(),
                name,
                schema,
                tests,
            });
        }
    }
    let schemas: Map<String, Value> = groups
        .iter()
        .map(|g| (g.name.clone(), g.schema.clone()))
        .collect();
    let spec = scratch.join("suite.json");
    write(&spec, &document(schemas, draft_2020))?;
    let lowered = specgen::lower(&source(&spec)).map_err(|failure| failure.to_string())?;
    let code = specgen::render_api(&lowered.api, &specgen::Options::default());
    write(&scratch.join("src/api.rs"), &code)?;
    let cases: Vec<Value> = groups
        .iter()
        .flat_map(|g| {
            g.tests.iter().map(move |t| {
                json!({
                    "file": g.file,
                    "group": g.description,
                    "test": t["description"],
                    "pointer": format!("/components/schemas/{}", g.name),
                    "data": t["data"],
                    "valid": t["valid"],
                })
            })
        })
        .collect();
    write(
        &scratch.join("cases.json"),
        &Value::Array(cases).to_string(),
    )?;
    write_crate(&scratch)?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["run", "--quiet", "--offline", "--manifest-path"])
        .arg(scratch.join("Cargo.toml"))
        .arg("--")
        .arg(scratch.join("cases.json"))
        .status()
        .map_err(|e| e.to_string())?;
    let skipped: usize = not_applicable.iter().map(|(_, n)| n).sum();
    let refused_tests: usize = refused.iter().map(|(_, n, _)| n).sum();
    println!(
        "not applicable (keywords outside {}): {} groups, {skipped} tests",
        if draft_2020 {
            "what specgen checks of OpenAPI 3.1"
        } else {
            "OpenAPI 3.0"
        },
        not_applicable.len()
    );
    println!(
        "refused by the generator: {} groups, {refused_tests} tests",
        refused.len()
    );
    for (file, tests, failure) in &refused {
        let first = failure.lines().next().unwrap_or_default();
        println!("  {file} ({tests} tests): {first}");
    }
    if status.success() {
        Ok(())
    } else {
        Err("some verdicts differ from the suite's (listed above)".into())
    }
}

fn scratch_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("json-schema-suite")
}

fn document(schemas: Map<String, Value>, draft_2020: bool) -> String {
    let (openapi, draft) = if draft_2020 {
        ("3.1.0", "draft2020-12")
    } else {
        ("3.0.3", "draft4")
    };
    let document = json!({
        "openapi": openapi,
        "info": {"title": "JSON Schema Test Suite", "version": draft},
        "paths": {},
        "components": {"schemas": schemas},
    });
    serde_json::to_string_pretty(&document).unwrap_or_default()
}

fn source(spec: &Path) -> specgen::ApiSource {
    specgen::ApiSource {
        module: "suite".into(),
        spec: spec.to_owned(),
        spec_display: spec.display().to_string(),
        ..Default::default()
    }
}

fn lower(scratch: &Path, name: &str, schema: &Value, draft_2020: bool) -> Result<(), String> {
    let spec = scratch.join("group.json");
    let mut schemas = Map::new();
    schemas.insert(name.to_owned(), schema.clone());
    write(&spec, &document(schemas, draft_2020))?;
    specgen::lower(&source(&spec))
        .map(|_| ())
        .map_err(|failure| failure.to_string())
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn write_crate(scratch: &Path) -> Result<(), String> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new(".."));
    let manifest = format!(
        "[package]\nname = \"json-schema-suite\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nspecgen-runtime = {{ path = {:?} }}\nserde_json = \"1\"\n\n[workspace]\n",
        workspace.join("runtime").display().to_string()
    );
    write(&scratch.join("Cargo.toml"), &manifest)?;
    // The workspace's lock file: the same versions, and no registry look-up.
    std::fs::copy(workspace.join("Cargo.lock"), scratch.join("Cargo.lock"))
        .map_err(|e| e.to_string())?;
    write(&scratch.join("src/main.rs"), MAIN)
}

const MAIN: &str = r#"#![allow(dead_code, unused_imports, clippy::all)]
mod api {
    include!("api.rs");
}

use std::collections::BTreeMap;
use serde_json::Value;
use specgen_runtime::validate::{collect_violations, Validator};

fn main() {
    let path = std::env::args().nth(1).expect("cases.json");
    let cases: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    // file → (tests, JSON walk agrees, typed agrees)
    let mut table: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut differences = Vec::new();
    for case in &cases {
        let pointer = case["pointer"].as_str().unwrap();
        let expected = case["valid"].as_bool().unwrap();
        let data = &case["data"];
        let walk = api::validation::SCHEMAS.iter().find(|(p, _)| *p == pointer).unwrap().1;
        let typed = api::typed_validation::SCHEMAS.iter().find(|(p, _)| *p == pointer).unwrap().1;
        let json = collect_violations(walk, data).is_ok();
        let mut validator = Validator::new();
        let typed_valid = typed(data, &mut validator).is_ok() && validator.is_valid();
        let row = table.entry(case["file"].as_str().unwrap().to_owned()).or_default();
        row.0 += 1;
        row.1 += usize::from(json == expected);
        row.2 += usize::from(typed_valid == expected);
        if json != expected || typed_valid != expected {
            differences.push(format!(
                "{} / {} / {}: {} expected {}, JSON walk {}, typed {}",
                case["file"], case["group"], case["test"], data, expected, json, typed_valid
            ));
        }
    }
    println!("| file | tests | JSON walk agrees | typed agrees |");
    println!("| --- | --- | --- | --- |");
    let mut total = (0, 0, 0);
    for (file, (tests, json, typed)) in &table {
        println!("| {file} | {tests} | {json} | {typed} |");
        total = (total.0 + tests, total.1 + json, total.2 + typed);
    }
    println!("| all | {} | {} | {} |", total.0, total.1, total.2);
    for difference in &differences {
        println!("differs: {difference}");
    }
    if !differences.is_empty() {
        std::process::exit(1);
    }
}
"#;
