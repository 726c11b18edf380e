//! OpenAPI 3.0 documents as an independent validator sees them: loading (JSON or YAML),
//! overlays (Overlay 1.0, as `codegen/src/overlay.rs` applies them) and the translation of
//! OpenAPI 3.0 schemas to JSON Schema Draft 4, and of OpenAPI 3.1 schemas to JSON Schema
//! 2020-12, for the `jsonschema` crate.
//!
//! Shared by `tests/tests/oracle.rs` and `tests/benches/validate.rs` (included with
//! `#[path]`). Every rule is listed in `tests/oracle/README.md`.

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::Path;

use serde_json::{json, Map, Value};
use serde_json_path::JsonPath;
use yaml_rust2::{Yaml, YamlLoader};

/// Reads a JSON or YAML document.
pub fn load_document(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    let is_json =
        path.extension().is_some_and(|e| e == "json") || text.trim_start().starts_with('{');
    if is_json {
        serde_json::from_str(&text)
            .unwrap_or_else(|error| panic!("{} is no JSON: {error}", path.display()))
    } else {
        let documents = YamlLoader::load_from_str(&text)
            .unwrap_or_else(|error| panic!("{} is no YAML: {error}", path.display()));
        yaml_to_json(documents.first().unwrap_or(&Yaml::Null))
    }
}

fn yaml_to_json(yaml: &Yaml) -> Value {
    match yaml {
        Yaml::Null | Yaml::BadValue => Value::Null,
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Integer(i) => Value::from(*i),
        Yaml::Real(text) => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| Value::String(text.clone()), Value::Number),
        Yaml::String(text) => Value::String(text.clone()),
        Yaml::Array(items) => Value::Array(items.iter().map(yaml_to_json).collect()),
        Yaml::Hash(hash) => Value::Object(
            hash.iter()
                .map(|(key, value)| {
                    let key = match key {
                        Yaml::String(s) | Yaml::Real(s) => s.clone(),
                        Yaml::Integer(i) => i.to_string(),
                        Yaml::Boolean(b) => b.to_string(),
                        other => panic!("unsupported YAML key {other:?}"),
                    };
                    (key, yaml_to_json(value))
                })
                .collect(),
        ),
        Yaml::Alias(_) => panic!("YAML aliases are not used by the specs"),
    }
}

/// Applies an Overlay 1.0 document: `update` merges objects member by member, appends to an
/// array target and replaces anything else; `remove: true` deletes every match.
pub fn apply_overlay(document: &mut Value, overlay: &Value) {
    for action in overlay["actions"].as_array().expect("overlay actions") {
        let target = action["target"].as_str().expect("overlay target");
        let path = JsonPath::parse(target).expect("valid JSONPath");
        let mut pointers: Vec<String> = path
            .query_located(document)
            .locations()
            .map(|location| location.to_json_pointer())
            .collect();
        assert!(
            !pointers.is_empty(),
            "overlay target {target} matches nothing"
        );
        if action.get("remove") == Some(&Value::Bool(true)) {
            pointers.sort_by(|a, b| b.cmp(a));
            for pointer in pointers {
                let (parent, last) = pointer.rsplit_once('/').expect("not the root");
                let last = unescape(last);
                match document.pointer_mut(parent) {
                    Some(Value::Object(map)) => {
                        map.remove(&last);
                    }
                    Some(Value::Array(items)) => {
                        items.remove(last.parse::<usize>().expect("index"));
                    }
                    _ => {}
                }
            }
        } else {
            let update = action.get("update").expect("update or remove");
            for pointer in pointers {
                merge(document.pointer_mut(&pointer).expect("matched"), update);
            }
        }
    }
}

fn merge(target: &mut Value, update: &Value) {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => {
            for (key, value) in update {
                match target.get_mut(key) {
                    Some(existing) if existing.is_object() && value.is_object() => {
                        merge(existing, value)
                    }
                    _ => {
                        target.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(items), update) => items.push(update.clone()),
        (target, update) => *target = update.clone(),
    }
}

/// RFC 6901 unescaping of one pointer token.
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(byte) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).expect("percent-decoded UTF-8")
}

/// The overlaid document of one API of a `specgen.toml` manifest.
pub fn overlaid_document(api: &specgen::ApiSource) -> Value {
    let mut document = load_document(&api.spec);
    for (path, _) in &api.overlays {
        apply_overlay(&mut document, &load_document(path));
    }
    document
}

/// A `decimal` string: an optional `-`, digits and an optional fraction, 28 digits at most.
pub const DECIMAL_STRING: &str = r"^-?(?:[0-9]{1,28}|(?=[0-9.]{3,29}$)[0-9]+\.[0-9]+)$";

/// Formats `specgen` checks: the only ones the oracle asserts (others are annotations).
const CHECKED_FORMATS: &[&str] = &["uuid", "date-time", "date", "email"];

/// Keywords with no validation meaning in the translation; everything not listed here or
/// handled explicitly below is an error, so a new keyword in a spec cannot slip by.
const DROPPED: &[&str] = &[
    "description",
    "title",
    "default",
    "example",
    "examples",
    "discriminator",
    "readOnly",
    "writeOnly",
    "xml",
    "externalDocs",
    "deprecated",
    "nullable",
];

/// Translates the schemas of one OpenAPI 3.0 document to JSON Schema Draft 4.
///
/// Every schema reached through `$ref` (and every schema asked for) becomes one entry of
/// `definitions`, named `d<N>`; `nullable` schemas reached from a nullable context get a
/// second, null-admitting entry.
pub struct Translator<'d> {
    document: &'d Value,
    definitions: Map<String, Value>,
    ids: HashMap<(String, Nulls), String>,
    known_gaps: bool,
    /// An OpenAPI 3.1 document: its schemas are JSON Schema 2020-12, translated to 2020-12.
    draft_2020: bool,
}

/// How a definition treats `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Nulls {
    /// As the schema says.
    AsWritten,
    /// Also admitted (the schema is reached from a `nullable` context).
    Admitted,
}

impl<'d> Translator<'d> {
    /// The translation the differential test uses: faithful except for the known gaps
    /// listed in the README (each one also asserted by `known_differences_still_hold`).
    pub fn new(document: &'d Value) -> Self {
        Self {
            document,
            definitions: Map::new(),
            ids: HashMap::new(),
            known_gaps: true,
            draft_2020: document["openapi"]
                .as_str()
                .is_some_and(|version| version.starts_with("3.1.")),
        }
    }

    /// The translation without exclusions.
    pub fn faithful(document: &'d Value) -> Self {
        Self {
            known_gaps: false,
            ..Self::new(document)
        }
    }

    /// A self-contained Draft 4 schema for the OpenAPI schema at `pointer`.
    pub fn root(&mut self, pointer: &str) -> Value {
        let id = self.definition(pointer, Nulls::AsWritten);
        if self.draft_2020 {
            return json!({
                "$schema": DRAFT_2020_12,
                "$defs": Value::Object(self.definitions.clone()),
                "allOf": [{"$ref": format!("#/$defs/{id}")}],
            });
        }
        json!({
            "$schema": "http://json-schema.org/draft-04/schema#",
            "definitions": Value::Object(self.definitions.clone()),
            "allOf": [{"$ref": format!("#/definitions/{id}")}],
        })
    }

    fn definition(&mut self, pointer: &str, nulls: Nulls) -> String {
        let key = (pointer.to_owned(), nulls);
        if let Some(id) = self.ids.get(&key) {
            return id.clone();
        }
        let id = format!("d{}", self.ids.len());
        self.ids.insert(key, id.clone());
        let node = self
            .document
            .pointer(pointer)
            .unwrap_or_else(|| panic!("unresolvable schema pointer {pointer}"));
        let translated = if self.draft_2020 {
            self.schema_2020(node)
        } else {
            self.schema(node, nulls)
        };
        self.definitions.insert(id.clone(), translated);
        id
    }

    /// Translates one schema.
    fn schema(&mut self, node: &Value, nulls: Nulls) -> Value {
        let object = node
            .as_object()
            .expect("an OpenAPI 3.0 schema is an object");
        if let Some(reference) = object.get("$ref") {
            // OpenAPI 3.0: members beside `$ref` are ignored.
            let reference = reference.as_str().expect("$ref is a string");
            let target = percent_decode(reference.strip_prefix('#').expect("local $ref"));
            let id = self.definition(&target, nulls);
            return json!({"$ref": format!("#/definitions/{id}")});
        }
        let nullable = match nulls {
            Nulls::Admitted => true,
            Nulls::AsWritten => object.get("nullable") == Some(&Value::Bool(true)),
        };
        // What the parts of an `allOf` get: null passes `allOf` exactly when it passes every part.
        let parts_nulls = if nullable {
            Nulls::Admitted
        } else {
            Nulls::AsWritten
        };
        let union = is_union(object);
        let mut out = Map::new();
        for (key, value) in object {
            match key.as_str() {
                "type" => {
                    let ty = value.as_str().expect("OpenAPI 3.0 type is one string");
                    let ty = if nullable && !union {
                        json!([ty, "null"])
                    } else {
                        json!(ty)
                    };
                    out.insert("type".into(), ty);
                }
                "enum" => {
                    let mut values = value.as_array().expect("enum list").clone();
                    if nullable && !union && !values.contains(&Value::Null) {
                        values.push(Value::Null);
                    }
                    out.insert("enum".into(), Value::Array(values));
                }
                "properties" => {
                    let properties = value
                        .as_object()
                        .expect("properties object")
                        .iter()
                        .map(|(name, schema)| (name.clone(), self.schema(schema, Nulls::AsWritten)))
                        .collect();
                    out.insert("properties".into(), Value::Object(properties));
                }
                "additionalProperties" => {
                    let translated = match value {
                        Value::Bool(_) => value.clone(),
                        schema => self.schema(schema, Nulls::AsWritten),
                    };
                    out.insert(key.clone(), translated);
                }
                "items" | "not" => {
                    let translated = self.schema(value, Nulls::AsWritten);
                    out.insert(key.clone(), translated);
                }
                "allOf" => {
                    let parts = value
                        .as_array()
                        .expect("allOf list")
                        .iter()
                        .map(|part| self.schema(part, parts_nulls))
                        .collect();
                    out.insert(key.clone(), Value::Array(parts));
                }
                "oneOf" | "anyOf" => {
                    let parts = value
                        .as_array()
                        .expect("union list")
                        .iter()
                        .map(|part| self.schema(part, Nulls::AsWritten))
                        .collect();
                    out.insert(key.clone(), Value::Array(parts));
                }
                "required" => {
                    // Draft 4 wants at least one name.
                    if value.as_array().is_some_and(|names| !names.is_empty()) {
                        out.insert(key.clone(), value.clone());
                    }
                }
                "minimum" | "maximum" | "multipleOf" | "minLength" | "maxLength" | "pattern"
                | "minItems" | "maxItems" | "uniqueItems" | "minProperties" | "maxProperties" => {
                    out.insert(key.clone(), value.clone());
                }
                "exclusiveMinimum" | "exclusiveMaximum" => {
                    // Draft 4 has the same boolean form; it needs the bound beside it.
                    let bound = if key == "exclusiveMinimum" {
                        "minimum"
                    } else {
                        "maximum"
                    };
                    if object.contains_key(bound) {
                        out.insert(key.clone(), value.clone());
                    }
                }
                "format" => {
                    let format = value.as_str().expect("format string");
                    if CHECKED_FORMATS.contains(&format) {
                        out.insert(key.clone(), value.clone());
                    }
                }
                other if other.starts_with("x-") || DROPPED.contains(&other) => {}
                other => panic!("the oracle cannot translate the keyword `{other}` yet"),
            }
        }
        // specgen's `decimal` strings are exact decimal numbers of at most 28 digits (what
        // `rust_decimal` holds without rounding), which JSON Schema writes as a pattern.
        if object.get("type").and_then(Value::as_str) == Some("string")
            && object.get("format").and_then(Value::as_str) == Some("decimal")
        {
            push_all_of(&mut out, json!({"pattern": DECIMAL_STRING}));
        }
        // int32 / int64 are value ranges, which JSON Schema writes as bounds.
        if object.get("type").and_then(Value::as_str) == Some("integer") {
            let range = match object.get("format").and_then(Value::as_str) {
                Some("int32") => Some(json!({"minimum": i32::MIN, "maximum": i32::MAX})),
                Some("int64") => Some(json!({"minimum": i64::MIN, "maximum": i64::MAX})),
                _ => None,
            };
            if let Some(range) = range {
                push_all_of(&mut out, range);
            }
        }
        if nullable && union {
            // null, or the union: the union's own error is reported at its pointer either way.
            return json!({"anyOf": [{"type": "null"}, Value::Object(out)]});
        }
        Value::Object(out)
    }
}

impl Translator<'_> {
    /// Translates one schema of an OpenAPI 3.1 document (JSON Schema 2020-12) to 2020-12:
    /// the keywords are kept as written (type lists, numeric exclusive bounds,
    /// `prefixItems`, `propertyNames`, `dependentRequired`, `dependentSchemas`, boolean
    /// schemas, content annotations), `$ref` points into the root's `$defs` and its siblings
    /// stay beside it (an `allOf` of the reference and them: the same in 2020-12), `const` is
    /// the one-value `enum` it equals, and the formats and integer ranges are as for 3.0.
    fn schema_2020(&mut self, node: &Value) -> Value {
        let object = match node {
            Value::Bool(_) => return node.clone(),
            Value::Object(object) => object,
            other => panic!("a 2020-12 schema is an object or a boolean, not {other}"),
        };
        let mut out = Map::new();
        let mut reference = None;
        for (key, value) in object {
            match key.as_str() {
                "$ref" => {
                    let text = value.as_str().expect("$ref is a string");
                    let target = percent_decode(text.strip_prefix('#').expect("local $ref"));
                    let id = self.definition(&target, Nulls::AsWritten);
                    reference = Some(json!({"$ref": format!("#/$defs/{id}")}));
                }
                "properties" | "dependentSchemas" => {
                    let members = value
                        .as_object()
                        .expect("an object of schemas")
                        .iter()
                        .map(|(name, schema)| (name.clone(), self.schema_2020(schema)))
                        .collect();
                    out.insert(key.clone(), Value::Object(members));
                }
                "additionalProperties" | "items" | "not" | "propertyNames" => {
                    let translated = self.schema_2020(value);
                    out.insert(key.clone(), translated);
                }
                "prefixItems" | "allOf" | "oneOf" | "anyOf" => {
                    let parts = value
                        .as_array()
                        .expect("a list of schemas")
                        .iter()
                        .map(|part| self.schema_2020(part))
                        .collect();
                    out.insert(key.clone(), Value::Array(parts));
                }
                "const" => {
                    if object.contains_key("enum") {
                        push_all_of(&mut out, json!({"enum": [value]}));
                    } else {
                        out.insert("enum".into(), json!([value]));
                    }
                }
                "type" | "enum" | "required" | "minimum" | "maximum" | "exclusiveMinimum"
                | "exclusiveMaximum" | "multipleOf" | "minLength" | "maxLength" | "pattern"
                | "minItems" | "maxItems" | "uniqueItems" | "minProperties" | "maxProperties"
                | "dependentRequired" | "contentEncoding" | "contentMediaType" => {
                    out.insert(key.clone(), value.clone());
                }
                "format" => {
                    let format = value.as_str().expect("format string");
                    if CHECKED_FORMATS.contains(&format) {
                        out.insert(key.clone(), value.clone());
                    }
                }
                // Reached through the references that point into them.
                "$defs" | "$comment" => {}
                other if other.starts_with("x-") || DROPPED.contains(&other) => {}
                other => panic!("the oracle cannot translate the 2020-12 keyword `{other}` yet"),
            }
        }
        let types = match object.get("type") {
            Some(Value::String(ty)) => vec![ty.as_str()],
            Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let format = object.get("format").and_then(Value::as_str);
        if types.contains(&"string") && format == Some("decimal") {
            push_all_of(&mut out, json!({"pattern": DECIMAL_STRING}));
        }
        if types.contains(&"integer") {
            let range = match format {
                Some("int32") => Some(json!({"minimum": i32::MIN, "maximum": i32::MAX})),
                Some("int64") => Some(json!({"minimum": i64::MIN, "maximum": i64::MAX})),
                _ => None,
            };
            if let Some(range) = range {
                push_all_of(&mut out, range);
            }
        }
        match reference {
            Some(reference) if out.is_empty() => reference,
            Some(reference) => {
                push_all_of(&mut out, reference);
                Value::Object(out)
            }
            None => Value::Object(out),
        }
    }
}

/// The `$schema` of JSON Schema 2020-12.
pub const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

fn is_union(object: &Map<String, Value>) -> bool {
    object.contains_key("oneOf") || object.contains_key("anyOf")
}

fn push_all_of(out: &mut Map<String, Value>, part: Value) {
    match out.get_mut("allOf") {
        Some(Value::Array(parts)) => parts.push(part),
        _ => {
            out.insert("allOf".into(), json!([part]));
        }
    }
}

/// RFC 4122's string form, `8-4-4-4-12` hexadecimal digits in either case: jsonschema checks
/// `uuid` from Draft 2019-09 on only, so the Draft 4 oracle is given this check.
pub fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(group, length)| {
            group.len() == length && group.bytes().all(|b| b.is_ascii_hexdigit())
        })
}

/// The oracle: jsonschema with format assertions on, in Draft 4, or in Draft 2020-12 for a
/// schema whose `$schema` says so (the translation of an OpenAPI 3.1 document).
pub fn compile(schema: &Value) -> jsonschema::Validator {
    let draft = if schema["$schema"] == DRAFT_2020_12 {
        jsonschema::Draft::Draft202012
    } else {
        jsonschema::Draft::Draft4
    };
    jsonschema::options()
        .with_draft(draft)
        .should_validate_formats(true)
        .with_format("uuid", is_uuid)
        .build(schema)
        .unwrap_or_else(|error| panic!("translated schema does not compile: {error}\n{schema:#}"))
}
