//! The effective spec: the document specgen generates from, as standard OpenAPI 3.0, for
//! tools that read specs themselves (schemathesis, Prism, other generators).

use serde_json::{Map, Value};

use crate::diagnostics::Failure;
use crate::openapi::{parse_response_key, ResponseKey};

use super::ApiSource;

/// The overlaid OpenAPI document of `source`, made standard: the non-standard alternative
/// response keys of a status (`"400 (1)"`, `"400 (2)"`, …) become one response of that status
/// whose content schema is a `oneOf` of the alternatives' schemas, with their descriptions
/// joined by ` / `, their examples and headers merged; and schemas state the limits of the
/// Rust types specgen decodes them into (the `pattern` of its own `decimal` format, the
/// range of `i64` for an `integer`, …), so that tools which do not know those types generate
/// and accept the same values. Everything else, the `x-` extensions specgen
/// reads included, is as the overlays leave it; member order is the document's, so the same
/// inputs give the same bytes.
///
/// An XML Schema has no OpenAPI document: it is an error, like a spec that does not load.
pub fn effective_document(source: &ApiSource) -> Result<Value, Failure> {
    super::overlaid_document(source).map(normalize)
}

/// `document` with the alternative responses of every operation merged (see
/// [`effective_document`]).
pub(crate) fn normalize(mut document: Value) -> Value {
    state_formats(&mut document);
    let root = document.clone();
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut().filter_map(Value::as_object_mut) {
            for (key, operation) in item.iter_mut() {
                if crate::ir::HttpMethod::from_key(key).is_none() {
                    continue;
                }
                if let Some(responses) = operation
                    .get_mut("responses")
                    .and_then(Value::as_object_mut)
                {
                    normalize_responses(responses, &root);
                }
            }
        }
    }
    document
}

/// The texts a `decimal` string accepts (`Format::Decimal` of the runtime): `-`, digits
/// and a fraction, at most 28 digits in all.
const DECIMAL_PATTERN: &str = r"^-?(?:[0-9]{1,28}|(?=[0-9.]{3,29}$)[0-9]+\.[0-9]+)$";

/// States in every schema the limits specgen's types add to it, where the schema has no
/// tighter one: the [`DECIMAL_PATTERN`] of a `decimal` string; the range of the Rust type an
/// `integer` (or `int32`/`int64` number) decodes into, `i64` unless its format is `int32`;
/// the range of `rust_decimal::Decimal` for a `decimal` number and of `f32` for a `float`.
fn state_formats(value: &mut Value) {
    match value {
        Value::Object(object) => {
            let format = object.get("format").and_then(Value::as_str);
            let bounds: Option<(Value, Value, bool)> =
                match (object.get("type").and_then(Value::as_str), format) {
                    (Some("string"), Some("decimal")) => {
                        if !object.contains_key("pattern") {
                            object.insert("pattern".into(), DECIMAL_PATTERN.into());
                        }
                        None
                    }
                    (Some("integer"), Some("int32")) | (Some("number"), Some("int32")) => {
                        Some((i32::MIN.into(), i32::MAX.into(), false))
                    }
                    (Some("integer"), _) | (Some("number"), Some("int64")) => {
                        Some((i64::MIN.into(), i64::MAX.into(), false))
                    }
                    // 2^96, exclusive: the largest magnitude a 96-bit mantissa holds is 2^96 - 1.
                    (Some("number"), Some("decimal")) => {
                        let limit = 2f64.powi(96);
                        Some(((-limit).into(), limit.into(), true))
                    }
                    (Some("number"), Some("float")) => Some((
                        f64::from(f32::MIN).into(),
                        f64::from(f32::MAX).into(),
                        false,
                    )),
                    _ => None,
                };
            if let Some((minimum, maximum, exclusive)) = bounds {
                for (key, bound, exclusive_key) in [
                    ("minimum", minimum, "exclusiveMinimum"),
                    ("maximum", maximum, "exclusiveMaximum"),
                ] {
                    if !object.contains_key(key) {
                        object.insert(key.into(), bound);
                        if exclusive {
                            object.insert(exclusive_key.into(), true.into());
                        }
                    }
                }
            }
            object.values_mut().for_each(state_formats);
        }
        Value::Array(items) => items.iter_mut().for_each(state_formats),
        _ => {}
    }
}

/// Merges every status written with alternative keys into one response of that status, at
/// the place of its first key.
fn normalize_responses(responses: &mut Map<String, Value>, root: &Value) {
    let status_of = |key: &str| match parse_response_key(key) {
        Some(ResponseKey::Alternative(code)) => Some(code),
        _ => None,
    };
    if !responses.keys().any(|key| status_of(key).is_some()) {
        return;
    }
    let mut merged: Vec<(String, Vec<Value>)> = Vec::new();
    for (key, response) in std::mem::take(responses) {
        let code = status_of(&key).or_else(|| {
            key.parse::<u16>()
                .ok()
                .filter(|code| (100..=599).contains(code) && key.len() == 3)
        });
        let Some(code) = code else {
            merged.push((key, vec![response]));
            continue;
        };
        let status = code.to_string();
        match merged.iter_mut().find(|(k, _)| *k == status) {
            Some((_, alternatives)) => alternatives.push(response),
            None => merged.push((status, vec![response])),
        }
    }
    for (key, mut alternatives) in merged {
        let response = if alternatives.len() == 1 {
            alternatives.remove(0)
        } else {
            merge(&alternatives, root)
        };
        responses.insert(key, response);
    }
}

/// One response standing for every alternative.
fn merge(alternatives: &[Value], root: &Value) -> Value {
    let resolved: Vec<&Value> = alternatives.iter().map(|a| resolve(a, root)).collect();
    let descriptions: Vec<&str> = resolved
        .iter()
        .filter_map(|r| r.get("description").and_then(Value::as_str))
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .collect();
    let mut response = Map::new();
    response.insert("description".into(), descriptions.join(" / ").into());
    let mut headers = Map::new();
    for alternative in &resolved {
        if let Some(more) = alternative.get("headers").and_then(Value::as_object) {
            for (name, header) in more {
                headers
                    .entry(name.clone())
                    .or_insert_with(|| header.clone());
            }
        }
    }
    if !headers.is_empty() {
        response.insert("headers".into(), headers.into());
    }
    // Per media type, in the order the alternatives first name them.
    let mut content = Map::new();
    for alternative in &resolved {
        let Some(media) = alternative.get("content").and_then(Value::as_object) else {
            continue;
        };
        for media_type in media.keys() {
            if content.contains_key(media_type) {
                continue;
            }
            content.insert(
                media_type.clone(),
                merge_media(media_type, &resolved).into(),
            );
        }
    }
    if !content.is_empty() {
        response.insert("content".into(), content.into());
    }
    for alternative in &resolved {
        if let Some(object) = alternative.as_object() {
            for (key, value) in object.iter().filter(|(k, _)| k.starts_with("x-")) {
                response.entry(key.clone()).or_insert_with(|| value.clone());
            }
        }
    }
    response.into()
}

/// The media type object of `media_type` for merged alternatives: a `oneOf` of their
/// schemas (an alternative without a schema admits anything, so then there is none), and
/// their examples under unique names.
fn merge_media(media_type: &str, alternatives: &[&Value]) -> Map<String, Value> {
    let objects: Vec<&Value> = alternatives
        .iter()
        .filter_map(|a| a.get("content")?.get(media_type))
        .collect();
    let mut media = Map::new();
    let schemas: Option<Vec<Value>> = objects.iter().map(|o| o.get("schema").cloned()).collect();
    match schemas {
        Some(schemas) if schemas.len() == 1 => {
            media.insert(
                "schema".into(),
                schemas.into_iter().next().unwrap_or_default(),
            );
        }
        Some(schemas) => {
            let mut schema = Map::new();
            schema.insert("oneOf".into(), schemas.into());
            media.insert("schema".into(), schema.into());
        }
        None => {}
    }
    let mut examples = Map::new();
    for object in &objects {
        let named = object
            .get("examples")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(name, example)| (name.clone(), example.clone()));
        let lone = object.get("example").map(|value| {
            let mut example = Map::new();
            example.insert("value".into(), value.clone());
            ("default".to_owned(), Value::from(example))
        });
        for (name, example) in named.chain(lone) {
            let mut unique = name.clone();
            let mut n = 2;
            while examples.contains_key(&unique) {
                unique = format!("{name}-{n}");
                n += 1;
            }
            examples.insert(unique, example);
        }
    }
    if !examples.is_empty() {
        media.insert("examples".into(), examples.into());
    }
    media
}

/// Follows local `$ref`s (`#/components/responses/…`); anything else is returned as is.
fn resolve<'v>(mut node: &'v Value, root: &'v Value) -> &'v Value {
    for _ in 0..32 {
        let Some(target) = node
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|pointer| root.pointer(pointer))
        else {
            break;
        };
        node = target;
    }
    node
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn alternatives_merge_into_one_status_in_place() {
        let root = json!({"components": {"responses": {"Gone": {
            "description": "gone", "content": {"application/json": {"schema": {"type": "string"}, "example": "x"}}
        }}}});
        let mut responses = json!({
            "200": {"description": "ok"},
            "400 (1)": {"description": "bad", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}, "examples": {"one": {"value": 1}}}}},
            "404": {"description": "missing"},
            "400 (2)": {"$ref": "#/components/responses/Gone"},
            "x-note": true,
        });
        normalize_responses(responses.as_object_mut().unwrap(), &root);
        assert_eq!(
            responses,
            json!({
                "200": {"description": "ok"},
                "400": {"description": "bad / gone", "content": {"application/json": {
                    "schema": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "string"}]},
                    "examples": {"one": {"value": 1}, "default": {"value": "x"}},
                }}},
                "404": {"description": "missing"},
                "x-note": true,
            })
        );
        let keys: Vec<&String> = responses.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["200", "400", "404", "x-note"]);
    }

    #[test]
    fn standard_responses_are_untouched() {
        let mut responses = json!({"200": {"description": "ok"}, "4XX": {"description": "no"}, "default": {"description": "?"}});
        let before = responses.clone();
        normalize_responses(responses.as_object_mut().unwrap(), &Value::Null);
        assert_eq!(responses, before);
    }

    #[test]
    fn schemas_state_the_limits_of_their_rust_types() {
        let mut document = json!({"components": {"schemas": {
            "Counts": {"type": "object", "properties": {
                "plain": {"type": "integer"},
                "small": {"type": "integer", "format": "int32", "minimum": 0},
                "price": {"type": "string", "format": "decimal"},
                "odds": {"type": "number", "format": "decimal", "minimum": 1.01},
                "own": {"type": "string", "format": "decimal", "pattern": "^[0-9]$"},
                "ratio": {"type": "number"},
            }},
        }}});
        state_formats(&mut document);
        let members = &document["components"]["schemas"]["Counts"]["properties"];
        assert_eq!(
            members["plain"],
            json!({"type": "integer", "minimum": i64::MIN, "maximum": i64::MAX})
        );
        assert_eq!(
            members["small"],
            json!({"type": "integer", "format": "int32", "minimum": 0, "maximum": i32::MAX})
        );
        assert_eq!(members["price"]["pattern"], DECIMAL_PATTERN);
        assert_eq!(members["own"]["pattern"], "^[0-9]$");
        assert_eq!(
            members["odds"],
            json!({"type": "number", "format": "decimal", "minimum": 1.01,
                   "maximum": 2f64.powi(96), "exclusiveMaximum": true})
        );
        assert_eq!(members["ratio"], json!({"type": "number"}));
    }
}
