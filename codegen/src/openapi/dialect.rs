//! OpenAPI 3.1 schemas (JSON Schema 2020-12) rewritten into the OpenAPI 3.0 dialect the
//! schema lowering reads, one schema object at a time, so that both versions lower into the
//! same IR.
//!
//! What 3.1 writes differently: `type` as a list with `"null"` (3.0's `nullable`), `const`
//! (a one-value `enum`), numeric `exclusiveMinimum` / `exclusiveMaximum` (3.0's booleans
//! beside `minimum` / `maximum`), `examples` as a list, `$ref` with sibling keywords (3.0
//! ignores them; 3.1 applies them too), and keywords that only annotate or only hold other
//! schemas (`$defs`, `$schema`, `$id`, `$anchor`, `$comment`, `contentEncoding`,
//! `contentMediaType`). A keyword that has no 3.0 form (`prefixItems`, `dependentRequired`, …)
//! is left as it is: the lowering keeps such a schema as a JSON value or reports the keyword.

use serde_json::{Map, Value};

/// Which schema dialect a document uses (its `openapi` version).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Dialect {
    /// OpenAPI 3.0: its own Schema Object (an extended subset of JSON Schema draft 5).
    #[default]
    OpenApi30,
    /// OpenAPI 3.1: JSON Schema 2020-12.
    OpenApi31,
}

/// Keywords of 3.1 schemas with nothing to check in a 3.0 one: annotations, identifiers, and
/// `$defs`, whose schemas are reached through the references that point into it.
const DROPPED: &[&str] = &[
    "$defs",
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$comment",
    "$vocabulary",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
];

/// Keywords that only annotate, which may stand beside a `$ref` without making it a
/// combination.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "example",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "externalDocs",
];

/// `object` (a 3.1 schema) in the 3.0 dialect, or `None` when it is already written the 3.0
/// way. Subschemas are left as they are: the lowering rewrites each when it reaches it.
pub(crate) fn to_openapi_30(object: &Map<String, Value>) -> Option<Map<String, Value>> {
    let needs = object
        .keys()
        .any(|key| DROPPED.contains(&key.as_str()) || matches!(key.as_str(), "const" | "examples"))
        || object.get("type").is_some_and(Value::is_array)
        || object.get("type") == Some(&Value::String("null".into()))
        || ["exclusiveMinimum", "exclusiveMaximum"]
            .iter()
            .any(|key| object.get(*key).is_some_and(Value::is_number))
        || (object.contains_key("$ref")
            && object
                .keys()
                .any(|key| key != "$ref" && !ANNOTATIONS.contains(&key.as_str())));
    if !needs {
        return None;
    }
    let mut out = object.clone();
    for key in DROPPED {
        out.remove(*key);
    }
    // `examples` is a list of values in 3.1; 3.0's `example` holds one.
    if let Some(Value::Array(examples)) = out.remove("examples") {
        if let (Some(first), false) = (examples.into_iter().next(), out.contains_key("example")) {
            out.insert("example".into(), first);
        }
    }
    if let Some(value) = out.remove("const") {
        if !out.contains_key("enum") {
            out.insert("enum".into(), Value::Array(vec![value]));
        }
    }
    match out.remove("type") {
        Some(Value::Array(types)) => {
            let null = types.iter().any(|t| t == "null");
            let others: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
            if null {
                out.insert("nullable".into(), Value::Bool(true));
            }
            match others.as_slice() {
                [one] => {
                    out.insert("type".into(), one.clone());
                }
                // Only `null`: what 3.0 writes as a nullable `enum: [null]`.
                [] => {
                    out.insert("enum".into(), Value::Array(vec![Value::Null]));
                }
                // Several types: one of them (an `anyOf` of one-type schemas), with the
                // other keywords beside it, each applying to values of its type.
                several => {
                    let alternatives = several
                        .iter()
                        .map(|ty| {
                            let mut one = Map::new();
                            one.insert("type".into(), ty.clone());
                            Value::Object(one)
                        })
                        .collect();
                    if let Some(existing) = out.remove("anyOf") {
                        // Both must hold: the existing `anyOf` moves into an `allOf` part.
                        let mut part = Map::new();
                        part.insert("anyOf".into(), existing);
                        let mut parts = match out.remove("allOf") {
                            Some(Value::Array(parts)) => parts,
                            Some(other) => vec![other],
                            None => Vec::new(),
                        };
                        parts.push(Value::Object(part));
                        out.insert("allOf".into(), Value::Array(parts));
                    }
                    out.insert("anyOf".into(), Value::Array(alternatives));
                }
            }
        }
        Some(Value::String(null)) if null == "null" => {
            out.insert("nullable".into(), Value::Bool(true));
            out.insert("enum".into(), Value::Array(vec![Value::Null]));
        }
        Some(other) => {
            out.insert("type".into(), other);
        }
        None => {}
    }
    // Numeric exclusive bounds: 3.0 writes the bound beside a boolean. With both kinds of
    // bound, the stricter wins (3.1 applies both).
    for (exclusive, inclusive, stricter) in [
        ("exclusiveMinimum", "minimum", std::cmp::Ordering::Greater),
        ("exclusiveMaximum", "maximum", std::cmp::Ordering::Less),
    ] {
        let Some(bound) = out.get(exclusive).filter(|v| v.is_number()).cloned() else {
            continue;
        };
        out.remove(exclusive);
        let keep_inclusive = out
            .get(inclusive)
            .and_then(Value::as_f64)
            .is_some_and(|other| {
                bound
                    .as_f64()
                    .and_then(|b| other.partial_cmp(&b))
                    .is_some_and(|order| order == stricter)
            });
        if !keep_inclusive {
            out.insert(inclusive.into(), bound);
            out.insert(exclusive.into(), Value::Bool(true));
        }
    }
    // `$ref` with constraining siblings applies both: 3.0 writes that as an `allOf`.
    if let Some(reference) = out.get("$ref").cloned() {
        let siblings: Map<String, Value> = out
            .iter()
            .filter(|(key, _)| *key != "$ref" && !ANNOTATIONS.contains(&key.as_str()))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        if !siblings.is_empty() {
            let mut combined: Map<String, Value> = out
                .iter()
                .filter(|(key, _)| ANNOTATIONS.contains(&key.as_str()))
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect();
            let mut reference_part = Map::new();
            reference_part.insert("$ref".into(), reference);
            combined.insert(
                "allOf".into(),
                Value::Array(vec![Value::Object(reference_part), Value::Object(siblings)]),
            );
            return Some(combined);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn downgraded(schema: Value) -> Value {
        let object = schema.as_object().unwrap();
        to_openapi_30(object).map_or(schema.clone(), Value::Object)
    }

    #[test]
    fn type_lists_become_nullable_types() {
        assert_eq!(
            downgraded(json!({"type": ["string", "null"], "maxLength": 3})),
            json!({"type": "string", "nullable": true, "maxLength": 3})
        );
        assert_eq!(
            downgraded(json!({"type": ["null"]})),
            json!({"nullable": true, "enum": [null]})
        );
        assert_eq!(
            downgraded(json!({"type": "null"})),
            json!({"nullable": true, "enum": [null]})
        );
        // Several types: one of them, beside the other keywords (never dropped).
        assert_eq!(
            downgraded(json!({"type": ["integer", "string"], "minimum": 1})),
            json!({"minimum": 1, "anyOf": [{"type": "integer"}, {"type": "string"}]})
        );
        assert_eq!(
            downgraded(json!({"type": ["array", "object", "null"], "anyOf": [{"minItems": 1}]})),
            json!({
                "nullable": true,
                "allOf": [{"anyOf": [{"minItems": 1}]}],
                "anyOf": [{"type": "array"}, {"type": "object"}]
            })
        );
    }

    #[test]
    fn const_examples_and_exclusive_bounds() {
        assert_eq!(
            downgraded(json!({"const": "a", "examples": ["a", "b"], "$comment": "x"})),
            json!({"enum": ["a"], "example": "a"})
        );
        assert_eq!(
            downgraded(json!({"type": "number", "exclusiveMinimum": 0, "maximum": 5})),
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 5})
        );
        // Both bounds: the stricter one stays.
        assert_eq!(
            downgraded(json!({"type": "number", "exclusiveMaximum": 10, "maximum": 3})),
            json!({"type": "number", "maximum": 3})
        );
        assert_eq!(
            downgraded(json!({"type": "number", "exclusiveMaximum": 3, "maximum": 10})),
            json!({"type": "number", "maximum": 3, "exclusiveMaximum": true})
        );
    }

    #[test]
    fn references_with_siblings() {
        // Annotations beside a reference change nothing.
        let plain = json!({"$ref": "#/components/schemas/A", "description": "d"});
        assert_eq!(downgraded(plain.clone()), plain);
        assert_eq!(
            downgraded(
                json!({"$ref": "#/components/schemas/A", "description": "d", "maxLength": 2})
            ),
            json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/A"}, {"maxLength": 2}]})
        );
    }

    #[test]
    fn schemas_written_the_30_way_are_left_alone() {
        let object = json!({"type": "object", "properties": {"a": {"type": "string"}}});
        assert!(to_openapi_30(object.as_object().unwrap()).is_none());
    }
}
