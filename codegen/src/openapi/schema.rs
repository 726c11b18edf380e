//! Schema objects → IR type expressions and named types.

use serde_json::{Map, Number, Value};

use super::dialect::Dialect;
use super::Lowerer;
use crate::ir::{
    Additional, Bound, Constraints, ContentModel, DecimalWire, Discriminator, Enum, EnumRepr,
    EnumVariant, Field, JsonSchema, JsonType, MemberSetMode, MemberSets, Name, Scalar, Struct,
    TypeDef, TypeExpr, TypeExprKind, TypeKind, Union, UnionMode, UnionVariant, ViolationReport,
    XmlNode,
};
use crate::naming::{self, Scope};
use crate::source::escape_pointer_token;

use crate::ir::ADDITIONAL_PROPERTIES_FIELD;

/// Keywords from JSON Schema drafts after the one OpenAPI 3.0 uses: rejected, not ignored.
/// Whether `part` of an `allOf` only annotates: it has no keyword that constrains a value
/// (`nullable: false` is the default, so it constrains nothing either).
fn annotation_only(part: &Value) -> bool {
    const ANNOTATIONS: &[&str] = &[
        "description",
        "title",
        "example",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "externalDocs",
        "xml",
    ];
    part.as_object().is_some_and(|object| {
        object.iter().all(|(key, value)| {
            ANNOTATIONS.contains(&key.as_str())
                || key.starts_with("x-")
                || (key == "nullable" && value == &Value::Bool(false))
        })
    })
}

/// The member sets of an object schema whose `anyOf`, `oneOf` and `not` only say which of its
/// members must be present together (`anyOf: [{required: [email]}, {required: [phone]}]`), or
/// `None` when it has no such combinator or one says more.
fn member_sets(object: &Map<String, Value>) -> Option<Vec<MemberSets>> {
    // Without declared members there is no struct to carry the sets (a JSON value does).
    let declares_members = object
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|properties| !properties.is_empty());
    if !declares_members {
        return None;
    }
    let required_only = |schema: &Value| -> Option<Vec<String>> {
        let schema = schema.as_object()?;
        let names: Vec<String> = schema
            .get("required")?
            .as_array()?
            .iter()
            .map(|name| name.as_str().map(str::to_owned))
            .collect::<Option<_>>()?;
        let only = schema
            .keys()
            .all(|key| matches!(key.as_str(), "required" | "description" | "title"));
        (only && !names.is_empty()).then_some(names)
    };
    let mut rules = Vec::new();
    for (keyword, mode) in [
        ("anyOf", MemberSetMode::AnyOf),
        ("oneOf", MemberSetMode::OneOf),
    ] {
        if let Some(alternatives) = object.get(keyword) {
            let sets = alternatives
                .as_array()?
                .iter()
                .map(required_only)
                .collect::<Option<Vec<_>>>()?;
            rules.push(MemberSets { mode, sets });
        }
    }
    if let Some(not) = object.get("not") {
        rules.push(MemberSets {
            mode: MemberSetMode::Not,
            sets: vec![required_only(not)?],
        });
    }
    (!rules.is_empty()).then_some(rules)
}

/// Whether `key` constrains values (not an annotation, extension, `nullable` or the
/// `discriminator`, which only helps decoding).
fn constrains(key: &str) -> bool {
    const ANNOTATIONS: &[&str] = &[
        "description",
        "title",
        "example",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "externalDocs",
        "xml",
        "nullable",
        "discriminator",
    ];
    !ANNOTATIONS.contains(&key) && !key.starts_with("x-")
}

/// The keywords of an OpenAPI 3.0 Schema Object.
const OPENAPI_30_KEYWORDS: &[&str] = &[
    "$ref",
    "title",
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
    "nullable",
    "discriminator",
    "readOnly",
    "writeOnly",
    "xml",
    "externalDocs",
    "example",
    "deprecated",
];

const NOT_OPENAPI_30: &[&str] = &[
    "const",
    "prefixItems",
    "$defs",
    "if",
    "then",
    "else",
    "patternProperties",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
    "$dynamicRef",
];

/// The JSON Schema 2020-12 keywords of [`NOT_OPENAPI_30`] a 3.1 document may use: a schema
/// with any of them is kept as a JSON value checked by the runtime schema.
const SUPPORTED_31: &[&str] = &[
    "prefixItems",
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
];

/// Title and description of a schema, as one documentation text.
pub fn docs_of(schema: &Value) -> Option<String> {
    let text = |key| {
        schema
            .get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    match (text("title"), text("description")) {
        (Some(title), Some(description)) if title != description => {
            Some(format!("{title}\n\n{description}"))
        }
        (Some(text), _) | (None, Some(text)) => Some(text.to_owned()),
        (None, None) => None,
    }
}

impl Lowerer<'_> {
    /// Lowers the schema at `pointer`. `hint` names any type it has to create; when
    /// `hint_is_reserved`, `hint` is already this schema's own (component) name.
    pub(crate) fn lower_schema(
        &mut self,
        schema: &Value,
        pointer: &str,
        hint: &str,
        hint_is_reserved: bool,
    ) -> TypeExpr {
        let any = TypeExpr::new(TypeExprKind::Any);
        let object = match schema {
            Value::Object(object) => object,
            // 3.1: `true` accepts anything; `false` nothing.
            Value::Bool(true) if self.dialect == Dialect::OpenApi31 => return any,
            Value::Bool(false) if self.dialect == Dialect::OpenApi31 => {
                return self.lower_false(pointer, hint, hint_is_reserved);
            }
            _ => {
                self.error("a schema must be an object", pointer);
                return any;
            }
        };
        let downgraded = match self.dialect {
            Dialect::OpenApi31 => super::dialect::to_openapi_30(object),
            Dialect::OpenApi30 => None,
        };
        let object = downgraded.as_ref().unwrap_or(object);
        // `enum: []` admits no value at all; in published documents it stands where the
        // values come from elsewhere (an `allOf` beside it). Refusing the document would
        // help nobody and rejecting every value would break every call: it is ignored, and
        // said so.
        let without_empty_enum;
        let object = match object.get("enum") {
            Some(Value::Array(values)) if values.is_empty() => {
                self.warning(
                    crate::diagnostics::Code::EmptyEnum,
                    "`enum` lists no value, so no value could be valid: it is ignored, and the schema's other keywords apply",
                    &format!("{pointer}/enum"),
                );
                let mut copy = object.clone();
                copy.remove("enum");
                without_empty_enum = copy;
                &without_empty_enum
            }
            _ => object,
        };
        // A misspelled keyword would silently change the generated types (`requried` makes
        // every member optional): say so, with the keyword meant.
        for key in object.keys() {
            let known = OPENAPI_30_KEYWORDS.contains(&key.as_str())
                || NOT_OPENAPI_30.contains(&key.as_str())
                || key.starts_with("x-");
            if !known {
                let hint = crate::naming::closest(key, OPENAPI_30_KEYWORDS.iter().copied())
                    .map(|keyword| format!(" (did you mean `{keyword}`?)"))
                    .unwrap_or_default();
                self.warning(
                    crate::diagnostics::Code::UnknownKeyword,
                    format!("`{key}` is not an OpenAPI schema keyword and is ignored{hint}"),
                    &format!("{pointer}/{}", escape_pointer_token(key)),
                );
            }
        }
        if let Some(reference) = object.get("$ref") {
            return self.lower_reference(reference, pointer, hint);
        }
        let dialect = self.dialect;
        let supported_31 =
            |keyword: &str| dialect == Dialect::OpenApi31 && SUPPORTED_31.contains(&keyword);
        for keyword in NOT_OPENAPI_30 {
            if object.contains_key(*keyword) && !supported_31(keyword) {
                self.error(
                    match self.dialect {
                        Dialect::OpenApi30 => {
                            format!("`{keyword}` is not part of OpenAPI 3.0 schemas")
                        }
                        Dialect::OpenApi31 => format!(
                            "`{keyword}` is not supported yet: no Rust type or check is generated for it"
                        ),
                    },
                    &format!("{pointer}/{}", escape_pointer_token(keyword)),
                );
            }
        }
        let member_sets = member_sets(object);
        let nullable = match object.get("nullable") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                self.error(
                    "`nullable` must be a boolean",
                    &format!("{pointer}/nullable"),
                );
                false
            }
        };
        // 2020-12 keywords no Rust type expresses: the value is kept as JSON and checked by
        // the runtime schema.
        let json_only = self.dialect == Dialect::OpenApi31
            && SUPPORTED_31
                .iter()
                .any(|keyword| object.contains_key(*keyword));
        // Alternatives that only require members keep the object a struct.
        if json_only || (member_sets.is_none() && self.needs_json_schema(object, pointer)) {
            return self.lower_json(object, pointer, hint, hint_is_reserved, nullable);
        }
        let constraints = self.constraints(object, pointer);
        let mut expr = if object.contains_key("allOf") {
            self.lower_all_of(object, pointer, hint, hint_is_reserved)
        } else if let Some(member_sets) = member_sets {
            // Alternatives that only require members constrain one object type.
            let expr = self.lower_object(object, pointer, hint, hint_is_reserved);
            if let TypeExprKind::Named(name) = &expr.kind {
                if let Some(TypeKind::Struct(s)) = self
                    .types
                    .iter_mut()
                    .find(|t| t.name == *name)
                    .map(|t| &mut t.kind)
                {
                    s.member_sets = member_sets;
                }
            }
            expr
        } else if let Some((keyword, mode)) =
            [("oneOf", UnionMode::OneOf), ("anyOf", UnionMode::AnyOf)]
                .into_iter()
                .find(|(k, _)| object.contains_key(*k))
        {
            self.lower_union(object, pointer, hint, hint_is_reserved, keyword, mode)
        } else {
            match object.get("type") {
                None => self.lower_untyped(object, pointer, hint, hint_is_reserved),
                Some(Value::String(ty)) => {
                    self.lower_typed(ty, object, pointer, hint, hint_is_reserved)
                }
                Some(Value::Array(_)) => {
                    self.error("`type` as a list is OpenAPI 3.1; OpenAPI 3.0 uses one type plus `nullable`", &format!("{pointer}/type"));
                    any
                }
                Some(_) => {
                    self.error("`type` must be a string", &format!("{pointer}/type"));
                    any
                }
            }
        };
        expr.nullable |= nullable;
        expr.constraints.merge(constraints);
        expr
    }

    /// Whether the schema needs JSON Schema's own semantics, which no Rust type expresses
    /// exactly: it is kept as a JSON value with every keyword checked ([`TypeKind::Json`]).
    /// That is the case when a keyword would otherwise be dropped, or would imply a type
    /// the schema does not have: an untyped schema with any constraining keyword (but a
    /// list of strings as `enum`), `enum` of booleans, numbers, arrays or objects, `oneOf` /
    /// `anyOf` beside other keywords, and an `allOf` that does not merge into one object
    /// type exactly (see [`Self::all_of_merges`]).
    fn needs_json_schema(&mut self, object: &Map<String, Value>, pointer: &str) -> bool {
        let constraining: Vec<&str> = object
            .keys()
            .map(String::as_str)
            .filter(|key| constrains(key))
            .collect();
        let has = |key: &str| object.contains_key(key);
        // No Rust type is "anything but": kept as a JSON value.
        if has("not") {
            return true;
        }
        let union = ["oneOf", "anyOf"].into_iter().filter(|k| has(k)).count();
        if union > 0 {
            // `type` beside a union says nothing more when every alternative has that type
            // already (`type: object` over alternatives that are objects).
            let redundant_type = object.get("type").is_some_and(|ty| {
                ["oneOf", "anyOf"]
                    .iter()
                    .filter_map(|k| object.get(*k).and_then(Value::as_array))
                    .flatten()
                    .all(|part| self.local_target(part).get("type") == Some(ty))
            });
            return union > 1
                || constraining.iter().any(|k| {
                    !(matches!(*k, "oneOf" | "anyOf") || (*k == "type" && redundant_type))
                });
        }
        if has("allOf") {
            return !self.all_of_merges(object, pointer);
        }
        let enum_values = object.get("enum").and_then(Value::as_array);
        // A Rust enum checks membership only: other keywords beside `enum` need the JSON form
        // (but `format`, which the listed values are written in, such as `int32` codes).
        if enum_values.is_some()
            && constraining
                .iter()
                .any(|k| !matches!(*k, "enum" | "type" | "format" | "x-codes"))
        {
            return true;
        }
        match object.get("type").and_then(Value::as_str) {
            None if object.contains_key("type") => false,
            None => match enum_values {
                // A list of strings is a string enum, exactly: nothing else is listed.
                Some(values) if values.iter().any(Value::is_string) => {
                    !values.iter().all(|v| v.is_string() || v.is_null())
                }
                _ => !constraining.is_empty(),
            },
            Some("boolean" | "number" | "array" | "object") => enum_values.is_some(),
            Some(_) => false,
        }
    }

    /// `schema`, or what its local `$ref` chain leads to (itself where it leads nowhere).
    fn local_target<'v>(&'v self, mut schema: &'v Value) -> &'v Value {
        for _ in 0..32 {
            let Some(target) = schema
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix('#'))
                .and_then(|pointer| self.root().pointer(pointer))
            else {
                break;
            };
            schema = target;
        }
        schema
    }

    /// Whether the `allOf` of `object` lowers exactly to what the parts say: one part that
    /// does all the constraining (the others only annotate) with nothing but annotations
    /// beside it, or object parts merged into one struct, which is exact when some part says
    /// `type: object`, no part has keywords other than `properties` and `required`, no member
    /// is declared twice with different schemas, and no `additionalProperties` is set
    /// (it is about the members of its own part only).
    fn all_of_merges(&mut self, object: &Map<String, Value>, pointer: &str) -> bool {
        let Some(parts) = object.get("allOf").and_then(Value::as_array) else {
            return true;
        };
        let own: Vec<&str> = object
            .keys()
            .map(String::as_str)
            .filter(|key| constrains(key) && *key != "allOf")
            .collect();
        let typed: Vec<&Value> = parts.iter().filter(|part| !annotation_only(part)).collect();
        // `type` beside one part says nothing more when that part has the same type
        // (`{type: string, allOf: [{$ref: a string enum}]}`).
        let redundant_type = match typed.as_slice() {
            [part] => object
                .get("type")
                .is_some_and(|ty| self.local_target(part).get("type") == Some(ty)),
            _ => false,
        };
        let own_constrains = own.iter().any(|key| !(*key == "type" && redundant_type));
        if typed.len() <= 1 && !own_constrains {
            return true;
        }
        let mut sources: Vec<(Value, String)> = Vec::new();
        for (index, part) in parts.iter().enumerate() {
            self.collect_all_of_part(part, &format!("{pointer}/allOf/{index}"), &mut sources, 0);
        }
        sources.push((Value::Object(object.clone()), pointer.to_owned()));
        let mut object_typed = false;
        let mut declared: Map<String, Value> = Map::new();
        let mut required: Vec<&Value> = Vec::new();
        for (part, _) in &sources {
            let Some(part) = part.as_object() else {
                return false;
            };
            for (key, value) in part {
                match key.as_str() {
                    "type" if value == "object" => object_typed = true,
                    "properties" => {
                        for (name, schema) in value.as_object().into_iter().flatten() {
                            if declared.get(name).is_some_and(|seen| seen != schema) {
                                return false;
                            }
                            declared.insert(name.clone(), schema.clone());
                        }
                    }
                    "required" => required.extend(value.as_array().into_iter().flatten()),
                    "allOf" => {}
                    "nullable" if value == &Value::Bool(false) => {}
                    key if constrains(key) => return false,
                    _ => {}
                }
            }
        }
        // A required member no part declares would have no field to be required in.
        object_typed
            && required
                .iter()
                .all(|name| name.as_str().is_some_and(|n| declared.contains_key(n)))
    }

    /// Lowers a schema kept as a JSON value (see [`Self::needs_json_schema`]).
    fn lower_json(
        &mut self,
        object: &Map<String, Value>,
        pointer: &str,
        hint: &str,
        reserved: bool,
        nullable: bool,
    ) -> TypeExpr {
        let name = self.type_name(hint, reserved);
        let slot = self.reserve_slot(&name, pointer);
        let ty = match object.get("type") {
            None => None,
            Some(Value::String(ty)) => match ty.as_str() {
                "boolean" => Some(JsonType::Boolean),
                "integer" => Some(JsonType::Integer),
                "number" => Some(JsonType::Number),
                "string" => Some(JsonType::String),
                "array" => Some(JsonType::Array),
                "object" => Some(JsonType::Object),
                other => {
                    self.error(
                        format!("unknown schema type `{other}`"),
                        &format!("{pointer}/type"),
                    );
                    None
                }
            },
            Some(_) => {
                self.error("`type` must be a string", &format!("{pointer}/type"));
                None
            }
        };
        let constraints = self.constraints(object, pointer);
        let enum_values = match object.get("enum") {
            None => None,
            Some(Value::Array(values)) if !values.is_empty() => Some(values.clone()),
            Some(_) => {
                self.error("`enum` must be a list", &format!("{pointer}/enum"));
                None
            }
        };
        let mut properties = Vec::new();
        match object.get("properties") {
            None => {}
            Some(Value::Object(members)) => {
                for (wire, schema) in members {
                    let at = format!("{pointer}/properties/{}", escape_pointer_token(wire));
                    let member_hint = naming::camel(&format!("{name}_{wire}"));
                    let ty = self.lower_schema(schema, &at, &member_hint, false);
                    properties.push((wire.clone(), ty));
                }
            }
            Some(_) => self.error(
                "`properties` must be an object",
                &format!("{pointer}/properties"),
            ),
        }
        let required = self.required_list(object, pointer);
        let additional = match object.get("additionalProperties") {
            None | Some(Value::Bool(true)) => Additional::Any,
            Some(Value::Bool(false)) => Additional::Forbidden,
            Some(schema) => Additional::Typed(Box::new(self.lower_schema(
                schema,
                &format!("{pointer}/additionalProperties"),
                &format!("{name}Value"),
                false,
            ))),
        };
        let items = object.get("items").map(|items| {
            Box::new(self.lower_schema(
                items,
                &format!("{pointer}/items"),
                &format!("{name}Item"),
                false,
            ))
        });
        let extra = if self.dialect == Dialect::OpenApi31 {
            self.json_2020_keywords(object, pointer, &name)
        } else {
            Json2020::default()
        };
        let parts = |me: &mut Self, keyword: &str, label: &str| -> Vec<TypeExpr> {
            let Some(list) = object.get(keyword) else {
                return Vec::new();
            };
            let Some(list) = list.as_array().filter(|l| !l.is_empty()) else {
                me.error(
                    format!("`{keyword}` must be a non-empty list of schemas"),
                    &format!("{pointer}/{keyword}"),
                );
                return Vec::new();
            };
            list.iter()
                .enumerate()
                .map(|(index, part)| {
                    me.lower_schema(
                        part,
                        &format!("{pointer}/{keyword}/{index}"),
                        &format!("{name}{label}{}", index + 1),
                        false,
                    )
                })
                .collect()
        };
        let not = object.get("not").map(|schema| {
            Box::new(self.lower_schema(
                schema,
                &format!("{pointer}/not"),
                &format!("{name}Not"),
                false,
            ))
        });
        let all_of = parts(self, "allOf", "Part");
        let any_of = parts(self, "anyOf", "Variant");
        let one_of = parts(self, "oneOf", "Variant");
        let kind = TypeKind::Json(Box::new(JsonSchema {
            ty,
            nullable,
            constraints,
            enum_values,
            properties,
            required,
            additional,
            items,
            prefix_items: extra.prefix_items,
            property_names: extra.property_names,
            dependent_required: extra.dependent_required,
            dependent_schemas: extra.dependent_schemas,
            all_of,
            any_of,
            one_of,
            not,
        }));
        self.fill_slot(slot, object, kind)
    }

    /// The 3.1 boolean schema `false`: no value is valid. A JSON value whose schema is
    /// `not: {}`, so that each value found there is reported at its own pointer.
    fn lower_false(&mut self, pointer: &str, hint: &str, reserved: bool) -> TypeExpr {
        let name = self.type_name(hint, reserved);
        let slot = self.reserve_slot(&name, pointer);
        let kind = TypeKind::Json(Box::new(JsonSchema {
            ty: None,
            nullable: false,
            constraints: Constraints::default(),
            enum_values: None,
            properties: Vec::new(),
            required: Vec::new(),
            additional: Additional::Any,
            items: None,
            prefix_items: Vec::new(),
            property_names: None,
            dependent_required: Vec::new(),
            dependent_schemas: Vec::new(),
            all_of: Vec::new(),
            any_of: Vec::new(),
            one_of: Vec::new(),
            not: Some(Box::new(TypeExpr::new(TypeExprKind::Any))),
        }));
        let mut docs = Map::new();
        docs.insert(
            "description".into(),
            Value::String("The schema `false`: no value is valid here.".into()),
        );
        self.fill_slot(slot, &docs, kind)
    }

    /// `prefixItems`, `propertyNames`, `dependentRequired` and `dependentSchemas` of a 3.1
    /// schema kept as a JSON value, each malformed one reported at its place.
    fn json_2020_keywords(
        &mut self,
        object: &Map<String, Value>,
        pointer: &str,
        name: &str,
    ) -> Json2020 {
        let mut out = Json2020::default();
        match object.get("prefixItems") {
            None => {}
            Some(Value::Array(list)) if !list.is_empty() => {
                for (index, item) in list.iter().enumerate() {
                    out.prefix_items.push(self.lower_schema(
                        item,
                        &format!("{pointer}/prefixItems/{index}"),
                        &format!("{name}Item{}", index + 1),
                        false,
                    ));
                }
            }
            Some(_) => self.error(
                "`prefixItems` must be a non-empty list of schemas",
                &format!("{pointer}/prefixItems"),
            ),
        }
        if let Some(names) = object.get("propertyNames") {
            out.property_names = Some(Box::new(self.lower_schema(
                names,
                &format!("{pointer}/propertyNames"),
                &format!("{name}Name"),
                false,
            )));
        }
        match object.get("dependentRequired") {
            None => {}
            Some(Value::Object(members)) => {
                for (member, list) in members {
                    let at = format!(
                        "{pointer}/dependentRequired/{}",
                        escape_pointer_token(member)
                    );
                    let Some(list) = list.as_array() else {
                        self.error(
                            "`dependentRequired` values must be lists of member names",
                            &at,
                        );
                        continue;
                    };
                    let mut names: Vec<String> = Vec::new();
                    for (index, entry) in list.iter().enumerate() {
                        match entry.as_str() {
                            Some(text) if names.iter().any(|n| n == text) => self.error(
                                format!("`{text}` is listed twice"),
                                &format!("{at}/{index}"),
                            ),
                            Some(text) => names.push(text.to_owned()),
                            None => self.error(
                                "`dependentRequired` entries must be strings",
                                &format!("{at}/{index}"),
                            ),
                        }
                    }
                    out.dependent_required.push((member.clone(), names));
                }
            }
            Some(_) => self.error(
                "`dependentRequired` must be an object of member-name lists",
                &format!("{pointer}/dependentRequired"),
            ),
        }
        match object.get("dependentSchemas") {
            None => {}
            Some(Value::Object(members)) => {
                for (member, schema) in members {
                    let ty = self.lower_schema(
                        schema,
                        &format!(
                            "{pointer}/dependentSchemas/{}",
                            escape_pointer_token(member)
                        ),
                        &naming::camel(&format!("{name}_if_{member}")),
                        false,
                    );
                    out.dependent_schemas.push((member.clone(), ty));
                }
            }
            Some(_) => self.error(
                "`dependentSchemas` must be an object of schemas",
                &format!("{pointer}/dependentSchemas"),
            ),
        }
        out
    }

    fn lower_reference(&mut self, reference: &Value, pointer: &str, hint: &str) -> TypeExpr {
        let any = TypeExpr::new(TypeExprKind::Any);
        let Some(reference) = reference.as_str() else {
            self.error("`$ref` must be a string", &format!("{pointer}/$ref"));
            return any;
        };
        let Some(target) = self.ref_target(reference, pointer) else {
            return any;
        };
        if self.root().pointer(&target).is_none() {
            self.error(
                format!("unresolvable `$ref`: `{reference}` names nothing in the document"),
                &format!("{pointer}/$ref"),
            );
            return any;
        }
        if let Some(name) = self.component_name(&target) {
            return TypeExpr::named(name);
        }
        // A reference into something other than `components/schemas`: lower the target in place.
        if self.resolving.contains(&target) {
            self.error(
                format!(
                    "recursive `$ref` `{reference}` outside `components/schemas` is not supported"
                ),
                &format!("{pointer}/$ref"),
            );
            return any;
        }
        let node = self.root().pointer(&target).expect("checked above");
        self.resolving.push(target.clone());
        let last = target
            .rsplit('/')
            .next()
            .map(crate::source::unescape_pointer_token)
            .unwrap_or_default();
        let hint = if last.is_empty() {
            hint.to_owned()
        } else {
            naming::camel(&last)
        };
        let expr = self.lower_schema(node, &target, &hint, false);
        self.resolving.pop();
        expr
    }

    fn type_name(&mut self, hint: &str, hint_is_reserved: bool) -> String {
        if hint_is_reserved {
            hint.to_owned()
        } else {
            self.type_names.take(hint)
        }
    }

    /// Reserves the place of a type about to be built, so that a type comes before the inline
    /// types of its members in the output.
    fn reserve_slot(&mut self, name: &str, pointer: &str) -> usize {
        self.types.push(TypeDef {
            accepts_null: false,
            name: name.to_owned(),
            source_name: pointer.to_owned(),
            docs: None,
            origin: self.at(pointer),
            kind: TypeKind::Alias(TypeExpr::new(TypeExprKind::Any)),
        });
        self.types.len() - 1
    }

    fn fill_slot(&mut self, slot: usize, schema: &Map<String, Value>, kind: TypeKind) -> TypeExpr {
        let ty = &mut self.types[slot];
        ty.docs = docs_of(&Value::Object(schema.clone()));
        ty.kind = kind;
        TypeExpr::named(ty.name.clone())
    }

    fn push_type(
        &mut self,
        name: &str,
        schema: &Map<String, Value>,
        pointer: &str,
        kind: TypeKind,
    ) -> TypeExpr {
        let slot = self.reserve_slot(name, pointer);
        self.fill_slot(slot, schema, kind)
    }

    fn lower_typed(
        &mut self,
        ty: &str,
        object: &Map<String, Value>,
        pointer: &str,
        hint: &str,
        reserved: bool,
    ) -> TypeExpr {
        let format = object.get("format").and_then(Value::as_str);
        if object.contains_key("enum") {
            return self.lower_enum(ty, object, pointer, hint, reserved);
        }
        if ty == "integer" && object.contains_key("x-codes") {
            return self.lower_codes(object, pointer, hint, reserved);
        }
        let scalar = |s| TypeExpr::new(TypeExprKind::Scalar(s));
        match ty {
            "string" => scalar(match format {
                Some("uuid") => Scalar::Uuid,
                Some("date-time") => Scalar::DateTime,
                Some("date") => Scalar::Date,
                Some("decimal") => Scalar::Decimal(DecimalWire::String),
                _ => Scalar::String,
            }),
            "integer" => scalar(if format == Some("int32") {
                Scalar::Int32
            } else {
                Scalar::Int64
            }),
            "number" => scalar(match format {
                Some("float") => Scalar::Float32,
                Some("decimal") => Scalar::Decimal(DecimalWire::Number),
                Some("int32") => Scalar::Int32,
                Some("int64") => Scalar::Int64,
                _ => Scalar::Float64,
            }),
            "boolean" => scalar(Scalar::Boolean),
            "array" => {
                let Some(items) = object.get("items") else {
                    self.warning(
                        crate::diagnostics::Code::ArrayWithoutItems,
                        "an `array` schema has no `items` (OpenAPI 3.0 requires it): its items are any JSON values",
                        pointer,
                    );
                    return TypeExpr::new(TypeExprKind::Array(Box::new(TypeExpr::new(
                        TypeExprKind::Any,
                    ))));
                };
                let item = self.lower_schema(
                    items,
                    &format!("{pointer}/items"),
                    &format!("{hint}Item"),
                    false,
                );
                TypeExpr::new(TypeExprKind::Array(Box::new(item)))
            }
            "object" => self.lower_object(object, pointer, hint, reserved),
            other => {
                self.error(
                    format!("unknown schema type `{other}`"),
                    &format!("{pointer}/type"),
                );
                TypeExpr::new(TypeExprKind::Any)
            }
        }
    }

    fn lower_untyped(
        &mut self,
        object: &Map<String, Value>,
        pointer: &str,
        hint: &str,
        reserved: bool,
    ) -> TypeExpr {
        if object.contains_key("properties") || object.contains_key("additionalProperties") {
            self.lower_object(object, pointer, hint, reserved)
        } else if object.contains_key("items") {
            self.lower_typed("array", object, pointer, hint, reserved)
        } else if let Some(values) = object.get("enum").and_then(Value::as_array) {
            let ty = if values
                .iter()
                .all(|v| v.is_i64() || v.is_u64() || v.is_null())
            {
                "integer"
            } else {
                "string"
            };
            self.lower_enum(ty, object, pointer, hint, reserved)
        } else {
            TypeExpr::new(TypeExprKind::Any)
        }
    }

    fn lower_object(
        &mut self,
        object: &Map<String, Value>,
        pointer: &str,
        hint: &str,
        reserved: bool,
    ) -> TypeExpr {
        let additional = match object.get("additionalProperties") {
            None | Some(Value::Bool(true)) => Additional::Any,
            Some(Value::Bool(false)) => Additional::Forbidden,
            Some(schema) => {
                let value = self.lower_schema(
                    schema,
                    &format!("{pointer}/additionalProperties"),
                    &format!("{hint}Value"),
                    false,
                );
                Additional::Typed(Box::new(value))
            }
        };
        let mut properties = match object.get("properties") {
            None => Map::new(),
            Some(Value::Object(properties)) => properties.clone(),
            Some(_) => {
                self.error(
                    "`properties` must be an object",
                    &format!("{pointer}/properties"),
                );
                Map::new()
            }
        };
        // A required member that `properties` does not declare must still be there, with
        // any value: it gets a field of any JSON value.
        for name in object
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !properties.contains_key(name) {
                properties.insert(name.to_owned(), Value::Object(Map::new()));
            }
        }
        if properties.is_empty() {
            match additional {
                Additional::Any => {
                    return TypeExpr::new(TypeExprKind::Map(Box::new(TypeExpr::new(
                        TypeExprKind::Any,
                    ))))
                }
                Additional::Typed(value) => return TypeExpr::new(TypeExprKind::Map(value)),
                Additional::Forbidden => {}
            }
        }
        let name = self.type_name(hint, reserved);
        let slot = self.reserve_slot(&name, pointer);
        let required = self.required_list(object, pointer);
        let fields = self.fields(&properties, &required, pointer, &name);
        let count = |key: &str, me: &mut Self| me.non_negative(object, key, pointer);
        let min_properties = count("minProperties", self);
        let max_properties = count("maxProperties", self);
        let violation_report = object.get("x-violation-report").and_then(|report| {
            self.violation_report(report, &format!("{pointer}/x-violation-report"), &fields)
        });
        let kind = TypeKind::Struct(Struct {
            fields,
            additional,
            content_model: ContentModel::All,
            min_properties,
            max_properties,
            violation_report,
            json_array: false,
            member_sets: Vec::new(),
        });
        self.fill_slot(slot, object, kind)
    }

    /// Reads `x-violation-report: {summary, summary-text, list, entry}`, checking that the
    /// members it names exist with fitting types and that the generated constructor can
    /// leave every other member at its default.
    fn violation_report(
        &mut self,
        report: &Value,
        pointer: &str,
        fields: &[Field],
    ) -> Option<ViolationReport> {
        let Some(report) = report.as_object() else {
            self.error("`x-violation-report` must be an object", pointer);
            return None;
        };
        let text = |key: &str| report.get(key).and_then(Value::as_str).map(str::to_owned);
        let find = |wire: &str| fields.iter().find(|f| f.name.wire == wire);
        let mut ok = true;
        let summary = text("summary");
        if let Some(wire) = &summary {
            if !find(wire).is_some_and(|f| f.ty.kind == TypeExprKind::Scalar(Scalar::String)) {
                self.error(
                    format!("`summary` must name a string member; `{wire}` is not one"),
                    &format!("{pointer}/summary"),
                );
                ok = false;
            }
        }
        let list = text("list");
        let mut entry = None;
        if let Some(wire) = &list {
            match find(wire).map(|f| &f.ty.kind) {
                Some(TypeExprKind::Array(item)) => match (&item.kind, text("entry")) {
                    (TypeExprKind::Scalar(Scalar::String), None) => {}
                    (TypeExprKind::Named(item_type), Some(entry_wire)) => {
                        let item_fields = match self
                            .types
                            .iter()
                            .find(|t| &t.name == item_type)
                            .map(|t| &t.kind)
                        {
                            Some(TypeKind::Struct(item)) => item.fields.clone(),
                            _ => Vec::new(),
                        };
                        match item_fields.iter().find(|f| f.name.wire == entry_wire) {
                            Some(f)
                                if f.ty.kind == TypeExprKind::Scalar(Scalar::String)
                                    && item_fields
                                        .iter()
                                        .all(|o| o.name.wire == entry_wire || !o.required) =>
                            {
                                entry = Some((item_type.clone(), f.name.rust.clone()));
                            }
                            _ => {
                                self.error(
                                    format!("`entry` must name a string member of `{item_type}`, whose other members are optional"),
                                    &format!("{pointer}/entry"),
                                );
                                ok = false;
                            }
                        }
                    }
                    _ => {
                        self.error("`list` items must be strings, or objects with the string member `entry` names", &format!("{pointer}/list"));
                        ok = false;
                    }
                },
                _ => {
                    self.error(
                        format!("`list` must name an array member; `{wire}` is not one"),
                        &format!("{pointer}/list"),
                    );
                    ok = false;
                }
            }
        }
        if summary.is_none() && list.is_none() {
            self.error(
                "`x-violation-report` needs `summary`, `list` or both",
                pointer,
            );
            ok = false;
        }
        let mut fixed = Vec::new();
        if let Some(members) = report.get("fixed") {
            let Some(members) = members.as_object() else {
                self.error("`fixed` must be an object", &format!("{pointer}/fixed"));
                return None;
            };
            for (wire, value) in members {
                let fits = find(wire).is_some_and(|f| {
                    matches!(
                        (&f.ty.kind, value),
                        (TypeExprKind::Scalar(Scalar::Boolean), Value::Bool(_))
                            | (TypeExprKind::Scalar(Scalar::String), Value::String(_))
                    )
                });
                match find(wire) {
                    Some(field) if fits => fixed.push((field.name.rust.clone(), value.clone())),
                    _ => {
                        self.error(
                            format!("`fixed` must name boolean or string members with a value of their type; `{wire}` is not one"),
                            &format!("{pointer}/fixed/{}", escape_pointer_token(wire)),
                        );
                        ok = false;
                    }
                }
            }
        }
        for field in fields.iter().filter(|f| f.required) {
            if Some(&field.name.wire) != summary.as_ref()
                && Some(&field.name.wire) != list.as_ref()
                && !members_fixed(report, &field.name.wire)
            {
                self.error(
                    format!(
                        "required member `{}` cannot be filled from violations",
                        field.name.wire
                    ),
                    pointer,
                );
                ok = false;
            }
        }
        let rust = |wire: &Option<String>| {
            wire.as_ref()
                .and_then(|w| find(w))
                .map(|f| f.name.rust.clone())
        };
        ok.then(|| ViolationReport {
            summary: rust(&summary),
            summary_text: text("summary-text"),
            list: rust(&list),
            entry,
            fixed,
        })
    }

    /// Generated validators run patterns with the `regex` crate, or, for what it cannot run
    /// (ECMA 262's look-around and back-references), with the ECMA 262 engine `regress`: a
    /// pattern neither accepts is an error here rather than a constraint silently not
    /// enforced.
    fn pattern_supported(&mut self, pattern: &str, pointer: &str) -> bool {
        let ecma = || {
            regress::Regex::with_flags(pattern, "u")
                .or_else(|_| regress::Regex::new(pattern))
                .is_ok()
        };
        match regex::Regex::new(pattern) {
            Ok(_) => true,
            Err(_) if ecma() => true,
            Err(error) => {
                let first_line = error
                    .to_string()
                    .lines()
                    .last()
                    .unwrap_or_default()
                    .trim()
                    .trim_start_matches("error: ")
                    .to_owned();
                self.error(
                    format!(
                        "pattern `{pattern}` is not an ECMA 262 regular expression: {first_line}"
                    ),
                    &format!("{pointer}/pattern"),
                );
                false
            }
        }
    }

    fn required_list(&mut self, object: &Map<String, Value>, pointer: &str) -> Vec<String> {
        let Some(required) = object.get("required") else {
            return Vec::new();
        };
        let Some(list) = required.as_array() else {
            self.error(
                "`required` must be a list of member names",
                &format!("{pointer}/required"),
            );
            return Vec::new();
        };
        let mut names = Vec::new();
        for (index, entry) in list.iter().enumerate() {
            let at = format!("{pointer}/required/{index}");
            match entry.as_str() {
                Some(name) => names.push(name.to_owned()),
                None => self.error("`required` entries must be strings", &at),
            }
        }
        names
    }

    fn fields(
        &mut self,
        properties: &Map<String, Value>,
        required: &[String],
        pointer: &str,
        owner: &str,
    ) -> Vec<Field> {
        let rust_names = naming::field_names(
            properties.keys().map(String::as_str),
            &[ADDITIONAL_PROPERTIES_FIELD],
        );
        let mut fields = Vec::new();
        for ((wire, schema), rust) in properties.iter().zip(rust_names) {
            let at = format!("{pointer}/properties/{}", escape_pointer_token(wire));
            let ty = self.lower_schema(
                schema,
                &at,
                &naming::camel(&format!("{owner}_{wire}")),
                false,
            );
            fields.push(Field {
                required_with_content: false,
                name: Name {
                    wire: wire.clone(),
                    rust,
                },
                ty,
                required: required.contains(wire),
                docs: docs_of(schema),
                default: schema.get("default").cloned(),
                xml: XmlNode::Element,
                json_name: None,
                origin: self.at(&at),
            });
        }
        fields
    }

    fn lower_all_of(
        &mut self,
        object: &Map<String, Value>,
        pointer: &str,
        hint: &str,
        reserved: bool,
    ) -> TypeExpr {
        let Some(parts) = object.get("allOf").and_then(Value::as_array) else {
            self.error(
                "`allOf` must be a list of schemas",
                &format!("{pointer}/allOf"),
            );
            return TypeExpr::new(TypeExprKind::Any);
        };
        let own_members =
            object.contains_key("properties") || object.contains_key("additionalProperties");
        // Parts that only annotate (`{description: …}`, `{nullable: false}`, `{}`) constrain
        // nothing: the others are the type.
        let typed: Vec<(usize, &Value)> = parts
            .iter()
            .enumerate()
            .filter(|(_, part)| !annotation_only(part))
            .collect();
        if let ([(index, part)], false) = (typed.as_slice(), own_members) {
            // `allOf: [$ref]` is the usual way to attach a description or `nullable` to a reference.
            return self.lower_schema(part, &format!("{pointer}/allOf/{index}"), hint, reserved);
        }
        if typed.is_empty() && !own_members {
            return TypeExpr::new(TypeExprKind::Any);
        }
        // Several parts: one object with every part's members, in part order, then our own.
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut forbidden = false;
        let mut sources: Vec<(Value, String)> = Vec::new();
        for (index, part) in parts.iter().enumerate() {
            self.collect_all_of_part(part, &format!("{pointer}/allOf/{index}"), &mut sources, 0);
        }
        sources.push((Value::Object(object.clone()), pointer.to_owned()));
        let mut origins = Vec::new();
        for (part, part_pointer) in &sources {
            if part.get("type").is_some_and(|t| t != "object") {
                self.error(
                    "`allOf` parts must all be objects to be merged into one type",
                    &format!("{part_pointer}/type"),
                );
                continue;
            }
            forbidden |= part.get("additionalProperties") == Some(&Value::Bool(false));
            if let Some(part_properties) = part.get("properties").and_then(Value::as_object) {
                for (key, value) in part_properties {
                    properties.insert(key.clone(), value.clone());
                    origins.push((
                        key.clone(),
                        format!("{part_pointer}/properties/{}", escape_pointer_token(key)),
                    ));
                }
            }
            if let Some(list) = part.get("required").and_then(Value::as_array) {
                required.extend(list.iter().filter_map(Value::as_str).map(str::to_owned));
            }
        }
        let name = self.type_name(hint, reserved);
        let slot = self.reserve_slot(&name, pointer);
        let rust_names = naming::field_names(
            properties.keys().map(String::as_str),
            &[ADDITIONAL_PROPERTIES_FIELD],
        );
        let mut fields = Vec::new();
        for ((wire, schema), rust) in properties.iter().zip(rust_names) {
            let at = origins
                .iter()
                .rev()
                .find(|(k, _)| k == wire)
                .map(|(_, p)| p.clone())
                .unwrap_or_default();
            let ty = self.lower_schema(
                schema,
                &at,
                &naming::camel(&format!("{name}_{wire}")),
                false,
            );
            fields.push(Field {
                required_with_content: false,
                name: Name {
                    wire: wire.clone(),
                    rust,
                },
                ty,
                required: required.contains(wire),
                docs: docs_of(schema),
                default: schema.get("default").cloned(),
                xml: XmlNode::Element,
                json_name: None,
                origin: self.at(&at),
            });
        }
        let additional = if forbidden {
            Additional::Forbidden
        } else {
            Additional::Any
        };
        let kind = TypeKind::Struct(Struct {
            fields,
            additional,
            content_model: ContentModel::All,
            min_properties: None,
            max_properties: None,
            violation_report: None,
            json_array: false,
            member_sets: Vec::new(),
        });
        self.fill_slot(slot, object, kind)
    }

    /// Flattens one `allOf` part (following references and nested `allOf`) into object parts.
    fn collect_all_of_part(
        &mut self,
        part: &Value,
        pointer: &str,
        out: &mut Vec<(Value, String)>,
        depth: usize,
    ) {
        if depth > 32 {
            self.error("`allOf` nests too deeply (cycle?)", pointer);
            return;
        }
        let Some((node, node_pointer)) = self.resolve(part, pointer) else {
            return;
        };
        if let Some(nested) = node.get("allOf").and_then(Value::as_array) {
            for (index, nested_part) in nested.iter().enumerate() {
                self.collect_all_of_part(
                    nested_part,
                    &format!("{node_pointer}/allOf/{index}"),
                    out,
                    depth + 1,
                );
            }
        }
        let mut own = match (self.dialect, node.as_object()) {
            (Dialect::OpenApi31, Some(object)) => {
                super::dialect::to_openapi_30(object).map_or_else(|| node.clone(), Value::Object)
            }
            _ => node.clone(),
        };
        if let Some(map) = own.as_object_mut() {
            map.remove("allOf");
        }
        out.push((own, node_pointer));
    }

    fn lower_union(
        &mut self,
        object: &Map<String, Value>,
        pointer: &str,
        hint: &str,
        reserved: bool,
        keyword: &str,
        mode: UnionMode,
    ) -> TypeExpr {
        let Some(parts) = object
            .get(keyword)
            .and_then(Value::as_array)
            .filter(|p| !p.is_empty())
        else {
            self.error(
                format!("`{keyword}` must be a non-empty list of schemas"),
                &format!("{pointer}/{keyword}"),
            );
            return TypeExpr::new(TypeExprKind::Any);
        };
        if object.contains_key("properties") {
            self.error(
                format!("`{keyword}` beside `properties` is not supported: move the shared members into each alternative (or into an `allOf`)"),
                &format!("{pointer}/properties"),
            );
        }
        let is_null = |part: &Value| part.get("type").and_then(Value::as_str) == Some("null");
        // `anyOf: [X, {type: "null"}]` is how Pydantic (and so FastAPI) and most 3.1 documents
        // write an optional value: it is X, nullable, not a union of one alternative. For
        // `oneOf` that holds while X itself does not accept `null` (else `null` would match
        // both alternatives, which `oneOf` refuses).
        let mut alternatives = parts.iter().enumerate().filter(|(_, part)| !is_null(part));
        if let (Some((index, part)), None) = (alternatives.next(), alternatives.next()) {
            let target = self.local_target(part);
            let accepts_null = target.get("nullable") == Some(&Value::Bool(true))
                || target
                    .get("type")
                    .and_then(Value::as_array)
                    .is_some_and(|types| types.iter().any(|ty| ty == "null"))
                || target
                    .get("enum")
                    .and_then(Value::as_array)
                    .is_some_and(|values| values.contains(&Value::Null));
            if !object.contains_key("discriminator") && (mode == UnionMode::AnyOf || !accepts_null)
            {
                let at = format!("{pointer}/{keyword}/{index}");
                let mut expr = self.lower_schema(part, &at, hint, reserved);
                expr.nullable |= parts.len() > 1;
                return expr;
            }
        }
        let name = self.type_name(hint, reserved);
        let slot = self.reserve_slot(&name, pointer);
        let mut variant_names = Scope::default();
        let mut variants = Vec::new();
        let mut targets = Vec::new();
        let mut nullable = false;
        for (index, part) in parts.iter().enumerate() {
            let at = format!("{pointer}/{keyword}/{index}");
            // `{nullable: true}` / `{type: "null"}`-style members only make the union nullable.
            if part.get("type").and_then(Value::as_str) == Some("null") {
                nullable = true;
                continue;
            }
            // An inline alternative is named by its `title` when it has one.
            let part_hint = part
                .get("title")
                .and_then(Value::as_str)
                .map(naming::camel)
                .filter(|title| !title.is_empty())
                .unwrap_or_else(|| format!("{name}Variant{}", index + 1));
            let ty = self.lower_schema(part, &at, &part_hint, false);
            let preferred = match &ty.kind {
                TypeExprKind::Named(type_name) => type_name.clone(),
                TypeExprKind::Scalar(scalar) => naming::camel(&format!("{scalar:?}")),
                TypeExprKind::Array(_) => "Array".into(),
                TypeExprKind::Map(_) => "Map".into(),
                TypeExprKind::Any => "Any".into(),
            };
            targets.push(
                part.get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix('#'))
                    .map(str::to_owned),
            );
            variants.push(UnionVariant {
                name: variant_names.take(&preferred),
                ty,
            });
        }
        // A mapping may name an inline alternative by its own pointer (`#/…/oneOf/0`).
        let own = |index: usize| Some(format!("{pointer}/{keyword}/{index}"));
        let targets: Vec<Option<String>> = targets
            .into_iter()
            .zip(parts.iter().enumerate().filter(|(_, part)| !is_null(part)))
            .map(|(target, (index, _))| target.or_else(|| own(index)))
            .collect();
        let discriminator = object.get("discriminator").and_then(|d| {
            self.discriminator(d, &format!("{pointer}/discriminator"), &targets, parts)
        });
        let kind = TypeKind::Union(Union {
            variants,
            mode,
            discriminator,
        });
        let mut expr = self.fill_slot(slot, object, kind);
        expr.nullable = nullable;
        expr
    }

    fn discriminator(
        &mut self,
        value: &Value,
        pointer: &str,
        targets: &[Option<String>],
        parts: &[Value],
    ) -> Option<Discriminator> {
        let Some(property) = value.get("propertyName").and_then(Value::as_str) else {
            self.error("`discriminator` needs a `propertyName`", pointer);
            return None;
        };
        let mut mapping = Vec::new();
        if let Some(explicit) = value.get("mapping").and_then(Value::as_object) {
            for (tag, reference) in explicit {
                let at = format!("{pointer}/mapping/{}", escape_pointer_token(tag));
                let reference = reference.as_str().unwrap_or_default();
                // Mapping values are references, or bare schema names.
                let target = if reference.starts_with('#') {
                    reference.trim_start_matches('#').to_owned()
                } else {
                    format!("/components/schemas/{}", escape_pointer_token(reference))
                };
                // Documents written by dereferencing tools point at a copy of the
                // alternative elsewhere: then it is the alternative that is that schema.
                let index = targets
                    .iter()
                    .position(|t| t.as_deref() == Some(target.as_str()))
                    .or_else(|| {
                        let copy = self.root().pointer(&target)?;
                        parts
                            .iter()
                            .filter(|part| part.get("type").and_then(Value::as_str) != Some("null"))
                            .position(|part| self.local_target(part) == copy)
                    });
                match index {
                    Some(index) => mapping.push((tag.clone(), index)),
                    // The tag only speeds decoding up; without it, the alternative is found
                    // by its constant tag, its schema name, or by trying the alternatives.
                    None => self.warning(
                        crate::diagnostics::Code::UnusableDiscriminator,
                        format!("discriminator mapping `{tag}` → `{reference}` names no alternative of this union: the entry is ignored"),
                        &at,
                    ),
                }
            }
        }
        // Alternatives the mapping does not mention are selected by the one value their
        // schema allows for the property (`enum: [x]`, `const: x`), the only tag that can
        // validate, or else by their schema name (OpenAPI's implicit mapping).
        for (index, target) in targets.iter().enumerate() {
            if mapping.iter().any(|(_, i)| *i == index) {
                continue;
            }
            let tag = parts
                .iter()
                .filter(|part| part.get("type").and_then(Value::as_str) != Some("null"))
                .nth(index)
                .and_then(|part| self.constant_tag(part, property, 0))
                .or_else(|| {
                    target
                        .as_deref()
                        .and_then(|t| t.strip_prefix("/components/schemas/"))
                        .map(crate::source::unescape_pointer_token)
                });
            match tag {
                Some(tag) => mapping.push((tag, index)),
                None => {
                    // The discriminator only speeds decoding up: without it, the union is
                    // decoded by its alternatives' schemas, which is what `oneOf` means.
                    self.warning(
                        crate::diagnostics::Code::UnusableDiscriminator,
                        format!("alternative {} of this union has no tag for discriminator `{property}` (no mapping entry, no single allowed value of `{property}`, no schema name): the union is decoded by trying its alternatives", index + 1),
                        pointer,
                    );
                    return None;
                }
            }
        }
        if let Some((tag, _)) = mapping
            .iter()
            .enumerate()
            .find(|(i, (tag, _))| mapping[..*i].iter().any(|(other, _)| other == tag))
            .map(|(_, entry)| entry)
        {
            self.warning(
                crate::diagnostics::Code::UnusableDiscriminator,
                format!("tag `{tag}` of discriminator `{property}` selects two alternatives: the union is decoded by trying its alternatives"),
                pointer,
            );
            return None;
        }
        Some(Discriminator {
            property: property.to_owned(),
            mapping,
        })
    }

    /// The one string value `part` (followed through `$ref`s and into its `allOf` parts)
    /// allows for member `property`: its `enum: [value]` or `const`.
    fn constant_tag(&self, part: &Value, property: &str, depth: usize) -> Option<String> {
        if depth > 16 {
            return None;
        }
        let mut node = part;
        for _ in 0..16 {
            let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let target = reference.strip_prefix('#')?;
            node = self.root().pointer(target)?;
        }
        let member = node.get("properties").and_then(|p| p.get(property));
        if let Some(member) = member {
            let mut member = member;
            for _ in 0..16 {
                let Some(reference) = member.get("$ref").and_then(Value::as_str) else {
                    break;
                };
                member = self.root().pointer(reference.strip_prefix('#')?)?;
            }
            if let Some(Value::String(value)) = member.get("const") {
                return Some(value.clone());
            }
            if let Some([Value::String(value)]) = member
                .get("enum")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
            {
                return Some(value.clone());
            }
        }
        node.get("allOf")
            .and_then(Value::as_array)?
            .iter()
            .find_map(|inner| self.constant_tag(inner, property, depth + 1))
    }

    fn lower_enum(
        &mut self,
        ty: &str,
        object: &Map<String, Value>,
        pointer: &str,
        hint: &str,
        reserved: bool,
    ) -> TypeExpr {
        let at = format!("{pointer}/enum");
        let Some(values) = object.get("enum").and_then(Value::as_array) else {
            self.error("`enum` must be a list", &at);
            return TypeExpr::new(TypeExprKind::Any);
        };
        let repr = match ty {
            "string" => EnumRepr::String,
            "integer" => EnumRepr::Integer,
            other => {
                self.warning(crate::diagnostics::Code::UncheckedEnum, format!("`enum` on `{other}` values is not generated as a Rust enum; the values are not checked"), &at);
                let mut without = object.clone();
                without.remove("enum");
                return self.lower_typed(other, &without, pointer, hint, reserved);
            }
        };
        if values.iter().all(Value::is_null) {
            self.error("`enum` must list at least one value", &at);
            return TypeExpr::new(TypeExprKind::Any);
        }
        let nullable = values.iter().any(Value::is_null);
        // Each value with its index in the spec's list (for pointers), `null` left out.
        let values: Vec<(usize, &Value)> = values
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.is_null())
            .collect();
        // A listed value of another type (`type: string` over a YAML list of `4.1`, `true`)
        // is one no value can match. The document contradicts itself: say so at each, and
        // keep the schema as a JSON value checked as JSON Schema says, so that decoding
        // takes whatever arrives.
        let mut contradicted = false;
        for &(index, value) in &values {
            let fits = match repr {
                EnumRepr::String => value.is_string(),
                EnumRepr::Integer => value.is_i64(),
            };
            if !fits {
                self.warning(
                    crate::diagnostics::Code::EnumTypeMismatch,
                    format!("enum value {value} is not of the schema's type `{ty}`, so no value can match it: the schema is kept as a JSON value, checked as JSON Schema says"),
                    &format!("{at}/{index}"),
                );
                contradicted = true;
            }
        }
        if contradicted {
            let nullable = object.get("nullable") == Some(&Value::Bool(true));
            return self.lower_json(object, pointer, hint, reserved, nullable);
        }
        let names = string_list(object.get("x-enum-varnames"));
        let descriptions = string_list(object.get("x-enum-descriptions"));
        if names.as_ref().is_some_and(|n| n.len() != values.len()) {
            self.error(
                "`x-enum-varnames` must name every `enum` value, in order",
                &format!("{pointer}/x-enum-varnames"),
            );
        }
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let mut variants: Vec<EnumVariant> = Vec::new();
        for (position, &(index, value)) in values.iter().enumerate() {
            // A repeated value would become an unreachable match arm in the generated code.
            if variants.iter().any(|v| v.value == *value) {
                self.warning(
                    crate::diagnostics::Code::DuplicateEnumValue,
                    format!("enum value {value} is listed twice; the repeat is ignored"),
                    &format!("{at}/{index}"),
                );
                continue;
            }
            let wire = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let preferred = names
                .as_ref()
                .and_then(|n| n.get(position))
                .cloned()
                .unwrap_or_else(|| naming::variant_name(&wire));
            variants.push(EnumVariant {
                name: Name {
                    rust: scope.take(&naming::camel(&preferred)),
                    wire,
                },
                value: value.clone(),
                docs: descriptions.as_ref().and_then(|d| d.get(position)).cloned(),
            });
        }
        let name = self.type_name(hint, reserved);
        let mut expr = self.push_type(
            &name,
            object,
            pointer,
            TypeKind::Enum(Enum {
                repr,
                variants,
                closed: true,
            }),
        );
        expr.nullable = nullable;
        expr
    }

    fn lower_codes(
        &mut self,
        object: &Map<String, Value>,
        pointer: &str,
        hint: &str,
        reserved: bool,
    ) -> TypeExpr {
        let at = format!("{pointer}/x-codes");
        let entries = object
            .get("x-codes")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_else(|| {
                self.error(
                    "`x-codes` must be a list of `{value, name, description}` entries",
                    &at,
                );
                Vec::new()
            });
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let mut variants = Vec::new();
        for (index, entry) in entries.iter().enumerate() {
            let entry_at = format!("{at}/{index}");
            let (Some(value), Some(name)) = (
                entry.get("value").and_then(Value::as_i64),
                entry.get("name").and_then(Value::as_str),
            ) else {
                self.error(
                    "an `x-codes` entry needs an integer `value` and a string `name`",
                    &entry_at,
                );
                continue;
            };
            if variants.iter().any(|v: &EnumVariant| v.value == value) {
                self.error(format!("code {value} is listed twice"), &entry_at);
                continue;
            }
            variants.push(EnumVariant {
                name: Name {
                    rust: scope.take(&naming::camel(name)),
                    wire: value.to_string(),
                },
                value: Value::from(value),
                docs: entry
                    .get("description")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            });
        }
        let name = self.type_name(hint, reserved);
        self.push_type(
            &name,
            object,
            pointer,
            TypeKind::Enum(Enum {
                repr: EnumRepr::Integer,
                variants,
                closed: false,
            }),
        )
    }

    fn non_negative(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        pointer: &str,
    ) -> Option<u64> {
        let value = object.get(key)?;
        let parsed = value.as_u64();
        if parsed.is_none() {
            self.error(
                format!("`{key}` must be a non-negative integer"),
                &format!("{pointer}/{key}"),
            );
        }
        parsed
    }

    fn constraints(&mut self, object: &Map<String, Value>, pointer: &str) -> Constraints {
        let number = |me: &mut Self, key: &str| -> Option<Number> {
            match object.get(key)? {
                Value::Number(n) => Some(n.clone()),
                _ => {
                    me.error(
                        format!("`{key}` must be a number"),
                        &format!("{pointer}/{key}"),
                    );
                    None
                }
            }
        };
        let flag = |me: &mut Self, key: &str| -> bool {
            match object.get(key) {
                None => false,
                Some(Value::Bool(b)) => *b,
                Some(Value::Number(_)) => {
                    me.error(format!("`{key}` must be a boolean in OpenAPI 3.0 (a number is the OpenAPI 3.1 form)"), &format!("{pointer}/{key}"));
                    false
                }
                Some(_) => {
                    me.error(
                        format!("`{key}` must be a boolean"),
                        &format!("{pointer}/{key}"),
                    );
                    false
                }
            }
        };
        let exclusive_minimum = flag(self, "exclusiveMinimum");
        let exclusive_maximum = flag(self, "exclusiveMaximum");
        let multiple_of = number(self, "multipleOf");
        if multiple_of
            .as_ref()
            .and_then(Number::as_f64)
            .is_some_and(|m| m <= 0.0)
        {
            self.error(
                "`multipleOf` must be greater than zero",
                &format!("{pointer}/multipleOf"),
            );
        }
        let text = |me: &mut Self, key: &str| -> Option<String> {
            match object.get(key)? {
                Value::String(s) => Some(s.clone()),
                _ => {
                    me.error(
                        format!("`{key}` must be a string"),
                        &format!("{pointer}/{key}"),
                    );
                    None
                }
            }
        };
        Constraints {
            minimum: number(self, "minimum").map(|value| Bound {
                value,
                exclusive: exclusive_minimum,
            }),
            maximum: number(self, "maximum").map(|value| Bound {
                value,
                exclusive: exclusive_maximum,
            }),
            multiple_of,
            min_length: self.non_negative(object, "minLength", pointer),
            max_length: self.non_negative(object, "maxLength", pointer),
            pattern: text(self, "pattern")
                .filter(|pattern| self.pattern_supported(pattern, pointer)),
            min_items: self.non_negative(object, "minItems", pointer),
            max_items: self.non_negative(object, "maxItems", pointer),
            unique_items: flag(self, "uniqueItems"),
            min_properties: self.non_negative(object, "minProperties", pointer),
            max_properties: self.non_negative(object, "maxProperties", pointer),
            format: text(self, "format"),
            error_message: text(self, "x-error-message"),
        }
    }
}

fn string_list(value: Option<&Value>) -> Option<Vec<String>> {
    value?
        .as_array()?
        .iter()
        .map(|v| v.as_str().map(str::to_owned))
        .collect()
}

/// Whether `x-violation-report` gives member `wire` a fixed value.
fn members_fixed(report: &Map<String, Value>, wire: &str) -> bool {
    report
        .get("fixed")
        .and_then(Value::as_object)
        .is_some_and(|fixed| fixed.contains_key(wire))
}

/// The 2020-12 keywords of a JSON-value schema (see [`JsonSchema`]).
#[derive(Default)]
struct Json2020 {
    prefix_items: Vec<TypeExpr>,
    property_names: Option<Box<TypeExpr>>,
    dependent_required: Vec<(String, Vec<String>)>,
    dependent_schemas: Vec<(String, TypeExpr)>,
}
