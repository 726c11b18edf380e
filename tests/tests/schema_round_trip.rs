//! For every schema in `spec/` (overlays applied), the JSON Schema that `schemars` derives from
//! the generated type is equivalent to the source schema after normalisation: members,
//! required set, types, nullability, formats, enum values and every bound. A constraint an
//! emitter drops makes this test fail.
//!
//! Normalisation: references are expanded (a cycle becomes `{"recursive": name}`), `nullable:
//! true` and `type: [T, "null"]` both become `nullable`, `null` is removed from enums and
//! unions, OpenAPI 3.0 boolean `exclusiveMinimum` and the numeric draft 6 form both become a
//! bound plus a flag, numbers compare as `f64`, `oneOf` and `anyOf` both become
//! `alternatives`. Not compared: descriptions, titles, examples, defaults and
//! `additionalProperties` (every generated object keeps undeclared members to report them);
//! `format: int64` on integers and `format: double` on numbers are the defaults of those types
//! (the Rust types `i64` and `f64` announce them) and are dropped on both sides.

use std::path::Path;

use schemars::generate::SchemaSettings;
use serde_json::{json, Map, Value};

fn canon(schema: &Value, resolve: &dyn Fn(&str) -> Option<Value>, seen: &mut Vec<String>) -> Value {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.rsplit('/').next().unwrap_or_default().to_owned();
        if seen.contains(&name) {
            return json!({ "recursive": name });
        }
        let Some(target) = resolve(reference) else {
            return json!({ "unresolved": reference });
        };
        seen.push(name);
        let mut expanded = canon(&target, resolve, seen);
        seen.pop();
        if schema.get("nullable") == Some(&Value::Bool(true)) {
            expanded["nullable"] = Value::Bool(true);
        }
        return expanded;
    }
    let mut out = Map::new();
    let mut nullable = schema.get("nullable") == Some(&Value::Bool(true));
    match schema.get("type") {
        Some(Value::String(ty)) => {
            out.insert("type".into(), ty.as_str().into());
        }
        Some(Value::Array(types)) => {
            nullable |= types.iter().any(|t| t == "null");
            if let Some(ty) = types.iter().find(|t| *t != "null") {
                out.insert("type".into(), ty.clone());
            }
        }
        _ => {}
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        // A one-part allOf is a reference with siblings; several parts merge into one object.
        for part in parts {
            if let Value::Object(merged) = canon(part, resolve, seen) {
                for (key, value) in merged {
                    out.entry(key).or_insert(value);
                }
            }
        }
    }
    for keyword in ["oneOf", "anyOf"] {
        if let Some(parts) = schema.get(keyword).and_then(Value::as_array) {
            let mut alternatives = Vec::new();
            for part in parts {
                if part.get("type") == Some(&json!("null")) {
                    nullable = true;
                } else {
                    alternatives.push(canon(part, resolve, seen));
                }
            }
            if alternatives.len() == 1 {
                let only = alternatives.pop().unwrap();
                if let Value::Object(only) = only {
                    out.extend(only);
                }
            } else {
                out.insert("alternatives".into(), Value::Array(alternatives));
            }
        }
    }
    if let Some(format) = schema.get("format").and_then(Value::as_str) {
        let default_format = matches!(
            (out.get("type").and_then(Value::as_str), format),
            (Some("integer"), "int64") | (Some("number"), "double")
        );
        if !default_format {
            out.insert("format".into(), format.into());
        }
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        nullable |= values.iter().any(Value::is_null);
        let mut values: Vec<String> = values
            .iter()
            .filter(|v| !v.is_null())
            .map(Value::to_string)
            .collect();
        values.sort();
        out.insert("enum".into(), json!(values));
    }
    let number = |key: &str| schema.get(key).and_then(Value::as_f64);
    for (bound, exclusive) in [
        ("minimum", "exclusiveMinimum"),
        ("maximum", "exclusiveMaximum"),
    ] {
        match (number(bound), schema.get(exclusive)) {
            (_, Some(Value::Number(n))) => {
                out.insert(bound.into(), json!(n.as_f64()));
                out.insert(exclusive.into(), Value::Bool(true));
            }
            (Some(value), flag) => {
                out.insert(bound.into(), json!(value));
                if flag == Some(&Value::Bool(true)) {
                    out.insert(exclusive.into(), Value::Bool(true));
                }
            }
            (None, _) => {}
        }
    }
    if let Some(factor) = number("multipleOf") {
        out.insert("multipleOf".into(), json!(factor));
    }
    for key in [
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "minProperties",
        "maxProperties",
    ] {
        if let Some(value) = schema.get(key).and_then(Value::as_u64) {
            out.insert(key.into(), json!(value));
        }
    }
    if let Some(pattern) = schema.get("pattern") {
        out.insert("pattern".into(), pattern.clone());
    }
    if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
        out.insert("uniqueItems".into(), Value::Bool(true));
    }
    if let Some(items) = schema.get("items") {
        out.insert("items".into(), canon(items, resolve, seen));
    }
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        let members: Map<String, Value> = properties
            .iter()
            .map(|(name, member)| (name.clone(), canon(member, resolve, seen)))
            .collect();
        out.insert("properties".into(), Value::Object(members));
        let mut required: Vec<String> = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|r| r.as_str().map(str::to_owned))
            .collect();
        required.sort();
        out.insert("required".into(), json!(required));
    }
    if nullable {
        out.insert("nullable".into(), Value::Bool(true));
    }
    Value::Object(out)
}

fn derived(module: &str) -> (Vec<(&'static str, schemars::Schema)>, Map<String, Value>) {
    let mut generator = SchemaSettings::openapi3().into_generator();
    let schemas = match module {
        "livescore_customers" => lsports::livescore_customers::json_schemas(&mut generator),
        "rms_customer_integration" => {
            lsports::rms_customer_integration::json_schemas(&mut generator)
        }
        "rms_bet" => lsports::rms_bet::json_schemas(&mut generator),
        other => panic!("no generated module `{other}`: add it here"),
    };
    let definitions = generator.definitions().clone();
    (schemas, definitions)
}

#[test]
fn every_spec_schema_survives_the_trip_through_the_generated_types() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let manifest = specgen::manifest::Manifest::load(&root.join("spec/specgen.toml")).unwrap();
    let mut compared = 0;
    let mut mismatches = Vec::new();
    // The feed modules come from XML Schemas: their schemas are not JSON Schemas to compare.
    for api in manifest
        .apis
        .iter()
        .filter(|api| !api.spec_display.ends_with(".xsd"))
    {
        let document =
            specgen::overlaid_document(api).unwrap_or_else(|failure| panic!("{failure}"));
        let (schemas, definitions) = derived(&api.module);
        let source_names: Vec<&String> = document["components"]["schemas"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(
            schemas.len(),
            source_names.len(),
            "{}: one derived schema per source schema",
            api.module
        );
        let resolve_source =
            |reference: &str| document.pointer(reference.trim_start_matches('#')).cloned();
        let resolve_derived = |reference: &str| {
            definitions
                .get(reference.rsplit('/').next().unwrap_or_default())
                .cloned()
        };
        for (pointer, schema) in schemas {
            let source = document
                .pointer(pointer)
                .unwrap_or_else(|| panic!("{pointer} is not in the spec"));
            let expected = canon(source, &resolve_source, &mut Vec::new());
            let actual = canon(schema.as_value(), &resolve_derived, &mut Vec::new());
            compared += 1;
            if expected != actual {
                mismatches.push(format!(
                    "{} {pointer}\n  spec:    {}\n  derived: {}",
                    api.module,
                    serde_json::to_string(&expected).unwrap(),
                    serde_json::to_string(&actual).unwrap()
                ));
            }
        }
    }
    assert!(
        compared >= 45,
        "expected every schema of the three specs, compared {compared}"
    );
    assert!(
        mismatches.is_empty(),
        "{} of {compared} schemas differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[test]
fn the_normalisation_notices_a_dropped_constraint() {
    let spec = json!({"type": "object", "required": ["a"], "properties": {"a": {"type": "string", "minLength": 1}}});
    let dropped =
        json!({"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}});
    let none = |_: &str| None;
    assert_ne!(
        canon(&spec, &none, &mut Vec::new()),
        canon(&dropped, &none, &mut Vec::new())
    );
    let nullable_30 = json!({"type": "string", "nullable": true, "enum": ["a", null]});
    let nullable_31 = json!({"type": ["string", "null"], "enum": ["a"]});
    assert_eq!(
        canon(&nullable_30, &none, &mut Vec::new()),
        canon(&nullable_31, &none, &mut Vec::new())
    );
}
