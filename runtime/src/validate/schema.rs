//! Schemas checked keyword by keyword, with JSON Schema's semantics: the validation of a
//! schema that no Rust type expresses (no `type`, keywords of several types, combinators
//! beside other keywords), whose values are kept as `serde_json::Value`.
//!
//! Unlike the typed tables of [`crate::validate_table`], no keyword here implies a type:
//! `minimum` is about numbers only, `required` about objects only, and a value of another
//! type passes them.

use serde_json::{Map, Number, Value};

use super::table::Rule;
use super::{ArrayRules, NumberRules, StringRules, Validator};

/// The JSON type a [`Schema`] requires (`type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaType {
    /// `boolean`.
    Boolean,
    /// `integer`: see [`is_integer`].
    Integer,
    /// `number`.
    Number,
    /// `string`.
    String,
    /// `array`.
    Array,
    /// `object`.
    Object,
}

impl SchemaType {
    fn admits(self, value: &Value) -> bool {
        match (self, value) {
            (Self::Boolean, Value::Bool(_))
            | (Self::Number, Value::Number(_))
            | (Self::String, Value::String(_))
            | (Self::Array, Value::Array(_))
            | (Self::Object, Value::Object(_)) => true,
            (Self::Integer, Value::Number(number)) => is_integer(number),
            _ => false,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Boolean => "a boolean",
            Self::Integer => "an integer",
            Self::Number => "a number",
            Self::String => "a string",
            Self::Array => "an array",
            Self::Object => "an object",
        }
    }
}

/// Whether `number` is an integer in JSON Schema's sense: written without fraction or
/// exponent, or a whole number too large for 64 bits (which a JSON parser without arbitrary
/// precision only has as a float: `1e52`, a 53-digit literal).
#[inline]
pub fn is_integer(number: &Number) -> bool {
    number.is_i64() || number.is_u64() || is_big_integer(number)
}

/// The float part of [`is_integer`], out of the hot path (every checked integer).
#[cold]
#[inline(never)]
fn is_big_integer(number: &Number) -> bool {
    const TWO_TO_63: f64 = 9_223_372_036_854_775_808.0;
    number
        .as_f64()
        .is_some_and(|f| f.abs() >= TWO_TO_63 && f.is_finite() && f.fract() == 0.0)
}

/// One value of an `enum`.
#[derive(Debug, Clone, Copy)]
pub enum Literal {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number (compared by value: `1` equals `1.0`), as its JSON text.
    Number(&'static str),
    /// A string.
    String(&'static str),
    /// An array or object, as its JSON text.
    Json(&'static str),
}

impl Literal {
    fn equals(&self, value: &Value) -> bool {
        match (self, value) {
            (Self::Null, Value::Null) => true,
            (Self::Bool(a), Value::Bool(b)) => a == b,
            (Self::String(a), Value::String(b)) => a == b,
            (Self::Number(text), Value::Number(_)) | (Self::Json(text), _) => {
                serde_json::from_str::<Value>(text).is_ok_and(|literal| json_equal(&literal, value))
            }
            _ => false,
        }
    }
}

/// JSON Schema's equality (`enum`, `uniqueItems`): numbers by value (`1` = `1.0`), arrays
/// item by item, objects member by member whatever their order.
pub fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(a), Value::Number(b)) => {
            match (a.as_i64(), b.as_i64(), a.as_u64(), b.as_u64()) {
                (Some(a), Some(b), ..) => a == b,
                (.., Some(a), Some(b)) => a == b,
                _ => a.as_f64() == b.as_f64(),
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| json_equal(a, b))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(name, a)| b.get(name).is_some_and(|b| json_equal(a, b)))
        }
        _ => a == b,
    }
}

/// A schema's keywords (see the module documentation). Build it from [`Schema::ANY`] with
/// struct-update syntax.
#[derive(Debug, Clone, Copy)]
pub struct Schema {
    /// `nullable: true`: `null` is valid, whatever the other keywords say.
    pub nullable: bool,
    /// `type`; `None` admits every type.
    pub ty: Option<SchemaType>,
    /// `enum`.
    pub enumeration: Option<&'static [Literal]>,
    /// Keywords about numbers.
    pub number: Option<&'static NumberRules>,
    /// Keywords about strings.
    pub string: Option<&'static StringRules>,
    /// `minItems`, `maxItems`, `uniqueItems`.
    pub array: Option<&'static ArrayRules>,
    /// `items`: every item, or with `prefix_items` every item after those.
    pub items: Rule,
    /// `prefixItems` (JSON Schema 2020-12): the rule of each of the first items.
    pub prefix_items: &'static [Rule],
    /// `properties`, by name.
    pub properties: &'static [(&'static str, Rule)],
    /// `required`.
    pub required: &'static [&'static str],
    /// `additionalProperties: false`.
    pub forbid_undeclared: bool,
    /// `additionalProperties` with a schema.
    pub additional: Rule,
    /// `minProperties`.
    pub min_properties: Option<u64>,
    /// `maxProperties`.
    pub max_properties: Option<u64>,
    /// `propertyNames` (2020-12): the rule every member name, as a JSON string, must pass.
    pub property_names: Option<&'static Rule>,
    /// `dependentRequired` (2020-12): when the member is there, so must the listed ones be.
    pub dependent_required: &'static [(&'static str, &'static [&'static str])],
    /// `dependentSchemas` (2020-12): when the member is there, the object must pass the rule.
    pub dependent_schemas: &'static [(&'static str, Rule)],
    /// `allOf`.
    pub all_of: &'static [Rule],
    /// `anyOf`.
    pub any_of: &'static [Rule],
    /// `oneOf`.
    pub one_of: &'static [Rule],
    /// `not`.
    pub not: Option<&'static Rule>,
}

impl Schema {
    /// The empty schema: every value is valid.
    pub const ANY: Self = Self {
        nullable: false,
        ty: None,
        enumeration: None,
        number: None,
        string: None,
        array: None,
        items: Rule::Any,
        prefix_items: &[],
        properties: &[],
        required: &[],
        forbid_undeclared: false,
        additional: Rule::Any,
        min_properties: None,
        max_properties: None,
        property_names: None,
        dependent_required: &[],
        dependent_schemas: &[],
        all_of: &[],
        any_of: &[],
        one_of: &[],
        not: None,
    };
}

impl Validator {
    /// Checks `value` against every keyword of `schema` that is about its type.
    pub fn check_schema(&mut self, value: &Value, schema: &Schema) {
        if schema.nullable && value.is_null() {
            return;
        }
        if let Some(ty) = schema.ty.filter(|ty| !ty.admits(value)) {
            self.report("type", || {
                format!("expected {}, found {}", ty.name(), describe(value))
            });
        }
        if let Some(values) = schema.enumeration {
            if !values.iter().any(|literal| literal.equals(value)) {
                self.report("enum", || {
                    format!("{value} is not one of the listed values")
                });
            }
        }
        match value {
            Value::Number(number) => {
                if let Some(rules) = schema.number {
                    self.number_rules(number, rules);
                }
            }
            Value::String(text) => {
                if let Some(rules) = schema.string {
                    self.string_rules(text, rules);
                }
            }
            Value::Array(items) => self.schema_array(items, schema),
            Value::Object(members) => {
                self.schema_object(members, schema);
                if schema.property_names.is_some()
                    || !schema.dependent_required.is_empty()
                    || !schema.dependent_schemas.is_empty()
                {
                    self.schema_dependencies(value, members, schema);
                }
            }
            Value::Null | Value::Bool(_) => {}
        }
        for part in schema.all_of {
            self.check(value, part);
        }
        if !schema.any_of.is_empty() {
            self.check_alternatives(value, schema.any_of, true);
        }
        if !schema.one_of.is_empty() {
            self.check_alternatives(value, schema.one_of, false);
        }
        if let Some(not) = schema.not {
            let mut scratch = Validator::fast();
            scratch.check(value, not);
            if scratch.is_valid() {
                self.report("not", || "must not match the schema under `not`".to_owned());
            }
        }
    }

    fn schema_array(&mut self, items: &[Value], schema: &Schema) {
        if let Some(rules) = schema.array {
            self.json_array_rules(items, rules);
        }
        for (index, (item, rule)) in items.iter().zip(schema.prefix_items).enumerate() {
            let mark = self.enter_index(index);
            self.check(item, rule);
            self.leave(mark);
        }
        if !matches!(schema.items, Rule::Any) {
            let first = schema.prefix_items.len();
            for (index, item) in items.iter().enumerate().skip(first) {
                let mark = self.enter_index(index);
                self.check(item, &schema.items);
                self.leave(mark);
            }
        }
    }

    /// `propertyNames`, `dependentRequired` and `dependentSchemas`: reported at the object
    /// (a member name has no pointer of its own).
    fn schema_dependencies(
        &mut self,
        value: &Value,
        members: &Map<String, Value>,
        schema: &Schema,
    ) {
        if let Some(rule) = schema.property_names {
            for name in members.keys() {
                let mut scratch = Validator::new();
                scratch.check(&Value::String(name.clone()), rule);
                if !scratch.is_valid() {
                    self.report("propertyNames", || {
                        let reasons: Vec<&str> = scratch
                            .violations()
                            .iter()
                            .map(|v| v.message.as_str())
                            .collect();
                        format!(
                            "member name `{name}` is not allowed: {}",
                            reasons.join("; ")
                        )
                    });
                }
            }
        }
        for (member, wanted) in schema.dependent_required {
            if !members.contains_key(*member) {
                continue;
            }
            for name in *wanted {
                if !members.contains_key(*name) {
                    self.report("dependentRequired", || {
                        format!("member `{name}` is required when `{member}` is present")
                    });
                }
            }
        }
        for (member, rule) in schema.dependent_schemas {
            if members.contains_key(*member) {
                self.check(value, rule);
            }
        }
    }

    fn schema_object(&mut self, members: &Map<String, Value>, schema: &Schema) {
        for name in schema.required {
            if !members.contains_key(*name) {
                self.missing_member(name, None);
            }
        }
        self.property_count(members.len(), schema.min_properties, schema.max_properties);
        for (name, value) in members {
            let declared = schema.properties.iter().find(|(n, _)| n == name);
            if declared.is_none() && schema.forbid_undeclared {
                self.report("additionalProperties", || {
                    format!("member `{name}` is not allowed")
                });
                continue;
            }
            let rule = declared.map_or(&schema.additional, |(_, rule)| rule);
            if !matches!(rule, Rule::Any) {
                let mark = self.enter_member(name, None);
                self.check(value, rule);
                self.leave(mark);
            }
        }
    }

    /// [`Validator::array_rules`] for JSON values, with JSON Schema's equality for
    /// `uniqueItems` (`1` and `1.0` are the same item).
    #[inline]
    pub fn json_array_rules(&mut self, items: &[Value], rules: &ArrayRules) {
        if !rules.unique_items {
            return self.array_rules(items, rules);
        }
        self.array_rules(
            items,
            &ArrayRules {
                unique_items: false,
                ..*rules
            },
        );
        let duplicate = items.iter().enumerate().find_map(|(i, a)| {
            items[..i]
                .iter()
                .position(|b| json_equal(a, b))
                .map(|j| (j, i))
        });
        if let Some((first, second)) = duplicate {
            self.report("uniqueItems", || {
                format!("items {first} and {second} are equal")
            });
        }
    }
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
