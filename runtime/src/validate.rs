//! Validation of JSON values against the constraints of a spec, reporting every violation.
//!
//! Generated code walks a parsed `serde_json::Value` with a [`Validator`]: straight-line
//! checks per schema, no schema interpretation at run time. Working on the JSON value (not on
//! a decoded struct) is what lets one pass report wrong types, missing members and undeclared
//! members together with value constraints, each with its JSON Pointer.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Number, Value};

/// One way a value breaks its schema.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Violation {
    /// JSON Pointer (RFC 6901) of the offending value; empty for the document itself.
    pub pointer: String,
    /// The schema keyword that is violated (`required`, `type`, `minLength`, …).
    pub keyword: &'static str,
    /// What is wrong, for a human; the spec's own message when it defines one.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "(document root)"
        } else {
            &self.pointer
        };
        write!(f, "{pointer}: {} ({})", self.message, self.keyword)
    }
}

/// A generated model that can check JSON values against its schema.
pub trait Validate: Serialize + DeserializeOwned {
    /// Checks `value` against the schema, reporting every violation into `validator`.
    fn validate_json(value: &Value, validator: &mut Validator);

    /// Checks this value as it would be encoded, including members it keeps but the spec
    /// does not declare.
    fn validate(&self) -> Result<(), Vec<Violation>> {
        let value = serde_json::to_value(self).map_err(|error| {
            vec![Violation {
                pointer: String::new(),
                keyword: "encode",
                message: error.to_string(),
            }]
        })?;
        let mut validator = Validator::new();
        Self::validate_json(&value, &mut validator);
        validator.into_result()
    }
}

/// Decodes JSON bytes into `T` only if they satisfy every constraint of `T`'s schema;
/// otherwise returns the complete list of problems (a syntax error is a single problem).
pub fn decode_valid<T: Validate>(bytes: &[u8]) -> Result<T, Vec<Violation>> {
    let value: Value = serde_json::from_slice(bytes).map_err(|error| {
        vec![Violation {
            pointer: String::new(),
            keyword: "json",
            message: format!("not valid JSON: {error}"),
        }]
    })?;
    let mut validator = Validator::new();
    T::validate_json(&value, &mut validator);
    validator.into_result()?;
    crate::from_json_value(value).map_err(|error| {
        vec![Violation {
            pointer: error.pointer().to_owned(),
            keyword: "type",
            message: error.message().to_owned(),
        }]
    })
}

/// A generated validation function: checks a value, reporting into the validator.
pub type ValidateFn = fn(&Value, &mut Validator);

/// Walks a document, keeping the current JSON Pointer and the violations found so far.
#[derive(Debug, Default)]
pub struct Validator {
    pointer: String,
    violations: Vec<Violation>,
    message: Option<&'static str>,
}

impl Validator {
    /// A validator at the document root.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether nothing was reported.
    pub fn is_valid(&self) -> bool {
        self.violations.is_empty()
    }

    /// The violations so far, in document order.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// `Ok` when nothing was reported, else every violation.
    pub fn into_result(self) -> Result<(), Vec<Violation>> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(self.violations)
        }
    }

    /// Reports a violation at the current pointer. Inside a member entered with a message
    /// (`enter_member(name, Some(..))`), the spec's message replaces `message`.
    pub fn report(&mut self, keyword: &'static str, message: impl FnOnce() -> String) {
        let message = match self.message {
            Some(custom) => custom.to_owned(),
            None => message(),
        };
        self.violations.push(Violation {
            pointer: self.pointer.clone(),
            keyword,
            message,
        });
    }

    /// Steps into member `name`; with `message` (the spec's `x-error-message`), everything
    /// reported inside uses it. Pair with [`Validator::leave`].
    pub fn enter_member(&mut self, name: &str, message: Option<&'static str>) -> Mark {
        let mark = Mark {
            pointer_length: self.pointer.len(),
            message: self.message,
        };
        self.pointer.push('/');
        if name.contains(['~', '/']) {
            self.pointer
                .push_str(&name.replace('~', "~0").replace('/', "~1"));
        } else {
            self.pointer.push_str(name);
        }
        if message.is_some() {
            self.message = message;
        }
        mark
    }

    /// Steps into array element `index`. Pair with [`Validator::leave`].
    pub fn enter_index(&mut self, index: usize) -> Mark {
        let mark = Mark {
            pointer_length: self.pointer.len(),
            message: self.message,
        };
        self.pointer.push('/');
        self.pointer.push_str(&index.to_string());
        mark
    }

    /// Steps back out to where `mark` was taken.
    pub fn leave(&mut self, mark: Mark) {
        self.pointer.truncate(mark.pointer_length);
        self.message = mark.message;
    }

    /// Runs `check` one member deeper (a closure form of `enter_member` / `leave`).
    pub fn at_member(
        &mut self,
        name: &str,
        message: Option<&'static str>,
        check: impl FnOnce(&mut Self),
    ) {
        let mark = self.enter_member(name, message);
        check(self);
        self.leave(mark);
    }

    fn wrong_type(&mut self, expected: &'static str, value: &Value) {
        self.report("type", || {
            format!("expected {expected}, found {}", describe(value))
        });
    }

    /// The object, or a `type` violation; `null` is accepted silently when `nullable`.
    pub fn object<'v>(
        &mut self,
        value: &'v Value,
        nullable: bool,
    ) -> Option<&'v Map<String, Value>> {
        match value {
            Value::Object(map) => Some(map),
            Value::Null if nullable => None,
            other => {
                self.wrong_type("an object", other);
                None
            }
        }
    }

    /// The array, or a `type` violation.
    pub fn array<'v>(&mut self, value: &'v Value, nullable: bool) -> Option<&'v [Value]> {
        match value {
            Value::Array(items) => Some(items),
            Value::Null if nullable => None,
            other => {
                self.wrong_type("an array", other);
                None
            }
        }
    }

    /// The string, or a `type` violation.
    pub fn string<'v>(&mut self, value: &'v Value, nullable: bool) -> Option<&'v str> {
        match value {
            Value::String(text) => Some(text),
            Value::Null if nullable => None,
            other => {
                self.wrong_type("a string", other);
                None
            }
        }
    }

    /// The number, or a `type` violation.
    pub fn number<'v>(&mut self, value: &'v Value, nullable: bool) -> Option<&'v Number> {
        match value {
            Value::Number(number) => Some(number),
            Value::Null if nullable => None,
            other => {
                self.wrong_type("a number", other);
                None
            }
        }
    }

    /// The integer, or a `type` violation (a number written with a fraction is not one).
    pub fn integer<'v>(&mut self, value: &'v Value, nullable: bool) -> Option<&'v Number> {
        match value {
            Value::Number(number) if number.is_i64() || number.is_u64() => Some(number),
            Value::Null if nullable => None,
            other => {
                self.wrong_type("an integer", other);
                None
            }
        }
    }

    /// Checks that the value is a boolean.
    pub fn boolean(&mut self, value: &Value, nullable: bool) {
        match value {
            Value::Bool(_) => {}
            Value::Null if nullable => {}
            other => self.wrong_type("a boolean", other),
        }
    }

    /// Checks a string value's constraints.
    pub fn string_rules(&mut self, text: &str, rules: &StringRules) {
        if rules.min_length.is_some() || rules.max_length.is_some() {
            let length = text.chars().count() as u64;
            if let Some(min) = rules.min_length.filter(|min| length < *min) {
                self.report("minLength", || {
                    format!("must be at least {min} characters long, is {length}")
                });
            }
            if let Some(max) = rules.max_length.filter(|max| length > *max) {
                self.report("maxLength", || {
                    format!("must be at most {max} characters long, is {length}")
                });
            }
        }
        if let Some(pattern) = rules.pattern {
            if !pattern.is_match(text) {
                self.report("pattern", || {
                    format!("must match the pattern `{}`", pattern.source)
                });
            }
        }
        if let Some(format) = rules.format {
            if !format.accepts(text) {
                self.report("format", || format!("is not a valid {}", format.name()));
            }
        }
    }

    /// Checks a numeric value's constraints.
    pub fn number_rules(&mut self, number: &Number, rules: &NumberRules) {
        if let Some((low, high)) = rules.integer_range {
            let inside = number.as_i64().is_some_and(|n| (low..=high).contains(&n));
            if !inside {
                self.report("format", || {
                    format!("{number} is outside the range {low}..={high}")
                });
            }
        }
        if let Some(minimum) = rules.minimum {
            let order = compare(number, minimum);
            let fails = if rules.exclusive_minimum {
                order.is_le()
            } else {
                order.is_lt()
            };
            if fails {
                let relation = if rules.exclusive_minimum {
                    "greater than"
                } else {
                    "at least"
                };
                self.report(
                    if rules.exclusive_minimum {
                        "exclusiveMinimum"
                    } else {
                        "minimum"
                    },
                    || format!("must be {relation} {minimum}, is {number}"),
                );
            }
        }
        if let Some(maximum) = rules.maximum {
            let order = compare(number, maximum);
            let fails = if rules.exclusive_maximum {
                order.is_ge()
            } else {
                order.is_gt()
            };
            if fails {
                let relation = if rules.exclusive_maximum {
                    "less than"
                } else {
                    "at most"
                };
                self.report(
                    if rules.exclusive_maximum {
                        "exclusiveMaximum"
                    } else {
                        "maximum"
                    },
                    || format!("must be {relation} {maximum}, is {number}"),
                );
            }
        }
        if let Some(factor) = rules.multiple_of {
            if !is_multiple(number, factor) {
                self.report("multipleOf", || {
                    format!("must be a multiple of {factor}, is {number}")
                });
            }
        }
    }

    /// Checks an array's constraints (not its items).
    pub fn array_rules(&mut self, items: &[Value], rules: &ArrayRules) {
        let length = items.len() as u64;
        if let Some(min) = rules.min_items.filter(|min| length < *min) {
            self.report("minItems", || {
                format!("must have at least {min} items, has {length}")
            });
        }
        if let Some(max) = rules.max_items.filter(|max| length > *max) {
            self.report("maxItems", || {
                format!("must have at most {max} items, has {length}")
            });
        }
        if rules.unique_items {
            let duplicate = items
                .iter()
                .enumerate()
                .find_map(|(i, a)| items[..i].iter().position(|b| b == a).map(|j| (j, i)));
            if let Some((first, second)) = duplicate {
                self.report("uniqueItems", || {
                    format!("items {first} and {second} are equal")
                });
            }
        }
    }

    /// Checks an object's member set: required members, undeclared members, member count.
    pub fn object_rules(&mut self, object: &Map<String, Value>, rules: &ObjectRules) {
        for (name, message) in rules.required {
            if !object.contains_key(*name) {
                let outer = self.message;
                self.message = message.or(outer);
                self.report("required", || format!("member `{name}` is required"));
                self.message = outer;
            }
        }
        if rules.forbid_undeclared {
            for name in object.keys() {
                if !rules.declared.contains(&name.as_str()) {
                    self.report("additionalProperties", || {
                        format!("member `{name}` is not allowed")
                    });
                }
            }
        }
        let count = object.len() as u64;
        if let Some(min) = rules.min_properties.filter(|min| count < *min) {
            self.report("minProperties", || {
                format!("must have at least {min} members, has {count}")
            });
        }
        if let Some(max) = rules.max_properties.filter(|max| count > *max) {
            self.report("maxProperties", || {
                format!("must have at most {max} members, has {count}")
            });
        }
    }

    /// Checks that a string is one of `allowed`.
    pub fn string_enum(&mut self, value: &Value, nullable: bool, allowed: &[&str]) {
        if let Some(text) = self.string(value, nullable) {
            if !allowed.contains(&text) {
                self.report("enum", || {
                    format!(
                        "`{text}` is not one of {}",
                        allowed
                            .iter()
                            .map(|a| format!("`{a}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                });
            }
        }
    }

    /// Checks that an integer is one of `allowed`.
    pub fn integer_enum(&mut self, value: &Value, nullable: bool, allowed: &[i64]) {
        if let Some(number) = self.integer(value, nullable) {
            if !number.as_i64().is_some_and(|n| allowed.contains(&n)) {
                self.report("enum", || format!("{number} is not one of {allowed:?}"));
            }
        }
    }

    /// `oneOf` (exactly one alternative holds) or, with `any`, `anyOf` (at least one).
    pub fn alternatives(
        &mut self,
        value: &Value,
        alternatives: &[fn(&Value, &mut Validator)],
        any: bool,
    ) {
        let holding = alternatives
            .iter()
            .filter(|check| {
                let mut scratch = Validator::new();
                check(value, &mut scratch);
                scratch.is_valid()
            })
            .count();
        if any && holding == 0 {
            self.report("anyOf", || "matches none of the alternatives".to_owned());
        } else if !any && holding != 1 {
            self.report("oneOf", || {
                format!("must match exactly one alternative, matches {holding}")
            });
        }
    }
}

/// Where a [`Validator`] was before stepping into a member or element.
#[derive(Debug, Clone, Copy)]
#[must_use = "pass the mark to `Validator::leave`"]
pub struct Mark {
    pointer_length: usize,
    message: Option<&'static str>,
}

/// Constraints of a string value.
#[derive(Debug, Clone, Copy, Default)]
pub struct StringRules {
    /// `minLength`, in characters.
    pub min_length: Option<u64>,
    /// `maxLength`, in characters.
    pub max_length: Option<u64>,
    /// `pattern`.
    pub pattern: Option<&'static Pattern>,
    /// `format`, for the formats checked.
    pub format: Option<Format>,
}

impl StringRules {
    /// No constraint (for struct-update syntax in generated code).
    pub const NONE: Self = Self {
        min_length: None,
        max_length: None,
        pattern: None,
        format: None,
    };
}

/// Constraints of a numeric value.
#[derive(Debug, Clone, Copy, Default)]
pub struct NumberRules {
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `exclusiveMinimum` (OpenAPI 3.0: a flag on `minimum`).
    pub exclusive_minimum: bool,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `exclusiveMaximum`.
    pub exclusive_maximum: bool,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
    /// The range `int32` / `int64` formats allow.
    pub integer_range: Option<(i64, i64)>,
}

impl NumberRules {
    /// No constraint (for struct-update syntax in generated code).
    pub const NONE: Self = Self {
        minimum: None,
        exclusive_minimum: false,
        maximum: None,
        exclusive_maximum: false,
        multiple_of: None,
        integer_range: None,
    };
}

/// Constraints of an array (its items are checked by the caller).
#[derive(Debug, Clone, Copy, Default)]
pub struct ArrayRules {
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `uniqueItems`.
    pub unique_items: bool,
}

impl ArrayRules {
    /// No constraint (for struct-update syntax in generated code).
    pub const NONE: Self = Self {
        min_items: None,
        max_items: None,
        unique_items: false,
    };
}

/// Constraints on an object's set of members.
#[derive(Debug, Clone, Copy)]
pub struct ObjectRules {
    /// Required members, each with the spec's own message for its absence, if any.
    pub required: &'static [(&'static str, Option<&'static str>)],
    /// Declared members.
    pub declared: &'static [&'static str],
    /// `additionalProperties: false`.
    pub forbid_undeclared: bool,
    /// `minProperties`.
    pub min_properties: Option<u64>,
    /// `maxProperties`.
    pub max_properties: Option<u64>,
}

/// String formats the validator checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// RFC 4122 UUID in its hyphenated form.
    Uuid,
    /// RFC 3339 `date-time` (with a zone).
    DateTime,
    /// RFC 3339 `full-date`.
    Date,
    /// An e-mail address (`local@domain`, no spaces).
    Email,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Self::Uuid => "uuid",
            Self::DateTime => "date-time",
            Self::Date => "date",
            Self::Email => "email",
        }
    }

    fn accepts(self, text: &str) -> bool {
        match self {
            Self::Uuid => text.len() == 36 && uuid::Uuid::try_parse(text).is_ok(),
            Self::DateTime => crate::DateTime::from_str(text).is_ok_and(|dt| !dt.is_zoneless()),
            Self::Date => {
                text.len() == 10 && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
            }
            Self::Email => text.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && !domain.is_empty()
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !text.contains(char::is_whitespace)
                    && !domain.contains('@')
            }),
        }
    }
}

/// A `pattern`, compiled on first use.
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<regex::Regex>>,
}

impl Pattern {
    /// A pattern from the spec (ECMA 262 syntax; specgen checks at generation time that the
    /// Rust `regex` crate accepts it).
    pub const fn new(source: &'static str) -> Self {
        Self {
            source,
            compiled: OnceLock::new(),
        }
    }

    fn is_match(&self, text: &str) -> bool {
        let compiled = self
            .compiled
            .get_or_init(|| regex::Regex::new(self.source).ok());
        compiled.as_ref().map_or(true, |regex| regex.is_match(text))
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

fn compare(number: &Number, bound: f64) -> std::cmp::Ordering {
    // Integers beyond 2^53 compare exactly against integral bounds.
    if bound.fract() == 0.0 && bound.abs() < 9.2e18 {
        if let Some(n) = number.as_i64() {
            return i128::from(n).cmp(&(bound as i128));
        }
        if let Some(n) = number.as_u64() {
            return i128::from(n).cmp(&(bound as i128));
        }
    }
    number
        .as_f64()
        .unwrap_or(f64::NAN)
        .partial_cmp(&bound)
        .unwrap_or(std::cmp::Ordering::Equal)
}

/// `multipleOf` in exact decimal arithmetic, so `0.3` is a multiple of `0.1`.
fn is_multiple(number: &Number, factor: f64) -> bool {
    let exact = |text: &str| {
        Decimal::from_str(text)
            .or_else(|_| Decimal::from_scientific(text))
            .ok()
    };
    match (exact(&number.to_string()), exact(&factor.to_string())) {
        (Some(value), Some(factor)) if !factor.is_zero() => (value % factor).is_zero(),
        _ => {
            let quotient = number.as_f64().unwrap_or(f64::NAN) / factor;
            quotient.is_finite() && quotient.fract() == 0.0
        }
    }
}

#[cfg(test)]
mod tests {
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
}
