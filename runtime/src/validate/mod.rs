//! Validation of JSON values against the constraints of a spec, reporting every violation.
//!
//! Generated code checks with a [`Validator`], in two forms:
//!
//! - over a parsed `serde_json::Value` (`validation` modules, [`Validate::validate_json`],
//!   [`decode_valid`]): a `static` table per schema ([`crate::validate_table`]) that the
//!   validator walks; one pass reports wrong types, missing members and undeclared members
//!   together with value constraints, each with its JSON Pointer;
//! - over a decoded model (`typed_validation` modules, [`Validate::validate`],
//!   [`decode_then_validate`]): straight-line code per schema; the Rust type already holds
//!   types and required members, so only the remaining constraints are checked, reporting
//!   what the JSON walk reports for the value as it encodes.

use std::fmt::{self, Write as _};
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

/// A generated model that can check itself, or a JSON value, against its schema.
pub trait Validate: Serialize + DeserializeOwned {
    /// Checks `value` against the schema, reporting every violation into `validator`.
    fn validate_json(value: &Value, validator: &mut Validator);

    /// Checks this decoded value against the constraints its Rust type does not already
    /// guarantee, reporting what [`Validate::validate_json`] would report for the value as
    /// it is encoded (same pointers, keywords and messages). Types, required members and
    /// the formats of `DateTime`/`Uuid` members are held by the Rust type; bounds, lengths,
    /// patterns, item and member counts, values of closed enums kept as `Unknown`, and
    /// members kept although the spec forbids them are checked here.
    fn validate_into(&self, validator: &mut Validator);

    /// Checks this value as it would be encoded, including members it keeps but the spec
    /// does not declare. Walks the typed value (no encoding): a [`Validator::fast`] pass
    /// decides, and only an invalid value is walked again to collect the violations.
    fn validate(&self) -> Result<(), Vec<Violation>> {
        let mut fast = Validator::fast();
        self.validate_into(&mut fast);
        if fast.is_valid() {
            return Ok(());
        }
        let mut validator = Validator::new();
        self.validate_into(&mut validator);
        validator.into_result()
    }
}

/// Decodes JSON bytes into `T` only if they satisfy every constraint of `T`'s schema;
/// otherwise returns the complete list of problems (a syntax error is a single problem).
///
/// The bytes are parsed into a `serde_json::Value` and checked with
/// [`Validate::validate_json`] *before* decoding: a wrong type, a missing member or a
/// string the decoder would tolerate (a zone-less date-time, a number sent as a string
/// where the model keeps an exact decimal) leaves no typed value to check, or one that no
/// longer shows the problem, and this function must report all of them together with every
/// value constraint. [`decode_then_validate`] is the faster path that judges the decoded value.
pub fn decode_valid<T: Validate>(bytes: &[u8]) -> Result<T, Vec<Violation>> {
    let value: Value = serde_json::from_slice(bytes).map_err(|error| {
        vec![Violation {
            pointer: String::new(),
            keyword: "json",
            message: format!("not valid JSON: {error}"),
        }]
    })?;
    collect_violations(T::validate_json, &value)?;
    crate::from_json_value(value).map_err(|error| {
        vec![Violation {
            pointer: error.pointer().to_owned(),
            keyword: "type",
            message: error.message().to_owned(),
        }]
    })
}

/// Decodes JSON bytes straight into `T` (no intermediate `serde_json::Value`) and checks the
/// decoded value with [`Validate::validate`].
///
/// When decoding fails, the bytes are walked as a JSON value to report every problem, as
/// [`decode_valid`] does. When it succeeds, what is judged is the decoded value, i.e. the
/// value as it re-encodes: input the decoder tolerates and normalizes (a numeric string for
/// an exact decimal sent as a number, a UUID without hyphens, a space instead of `T` in a
/// date-time, an integer for a floating-point member) is accepted here although
/// [`decode_valid`] rejects it. Use this where the decoded model is what matters, and
/// [`decode_valid`] where the bytes themselves must follow the spec.
pub fn decode_then_validate<T: Validate>(bytes: &[u8]) -> Result<T, Vec<Violation>> {
    // Plain serde_json first: tracking the path costs time on every value, and it is only
    // wanted when decoding fails, which the fallback below handles.
    match serde_json::from_slice::<T>(bytes) {
        Ok(decoded) => decoded.validate().map(|()| decoded),
        Err(_) => match decode_valid::<T>(bytes) {
            Err(violations) => Err(violations),
            // The walk found nothing, yet decoding failed: report the decode error itself.
            Ok(_) => Err(match crate::from_json_slice::<T>(bytes) {
                Err(error) => vec![Violation {
                    pointer: error.pointer().to_owned(),
                    keyword: "type",
                    message: error.message().to_owned(),
                }],
                Ok(_) => vec![Violation {
                    pointer: String::new(),
                    keyword: "type",
                    message: "does not decode".to_owned(),
                }],
            }),
        },
    }
}

/// A generated typed validation function as registered per schema: decodes a JSON value
/// into the schema's Rust type, checks the typed value, and gives back the value as it
/// re-encodes (which is what was checked). See [`validate_decoded`].
pub type DecodeValidateFn = fn(&Value, &mut Validator) -> Result<Value, crate::DecodeError>;

/// Decodes `value` into `T`, checks the result with `check` (a generated typed validation
/// function), and returns `T` re-encoded, so that a caller can tell whether decoding kept
/// the value as it was.
pub fn validate_decoded<T: Serialize + DeserializeOwned>(
    value: &Value,
    check: fn(&T, &mut Validator),
    validator: &mut Validator,
) -> Result<Value, crate::DecodeError> {
    let decoded: T = crate::from_json_value(value.clone())?;
    check(&decoded, validator);
    serde_json::to_value(&decoded).map_err(|error| crate::DecodeError::new("", error.to_string()))
}

/// [`validate_decoded`] with `T`'s own typed validation ([`Validate::validate_into`]): what
/// generated `typed_validation::SCHEMAS` registers for a type that implements [`Validate`].
pub fn validate_decoded_as<T: Validate>(
    value: &Value,
    validator: &mut Validator,
) -> Result<Value, crate::DecodeError> {
    validate_decoded(value, T::validate_into, validator)
}

/// A generated validation function: checks a value, reporting into the validator.
pub type ValidateFn = fn(&Value, &mut Validator);

/// Checks `value` with `check` and returns every violation. A [`Validator::fast`] pass
/// decides; only an invalid value is walked a second time to collect the violations with
/// their pointers, so valid input (the common case) costs one pass without bookkeeping.
pub fn collect_violations(check: ValidateFn, value: &Value) -> Result<(), Vec<Violation>> {
    let mut fast = Validator::fast();
    check(value, &mut fast);
    if fast.is_valid() {
        return Ok(());
    }
    let mut validator = Validator::new();
    check(value, &mut validator);
    validator.into_result()
}

/// Walks a document, keeping the current JSON Pointer and the violations found so far.
#[derive(Debug)]
pub struct Validator {
    pointer: String,
    violations: Vec<Violation>,
    message: Option<&'static str>,
    /// Whether pointers and violations are kept ([`Validator::new`]) or only the verdict
    /// ([`Validator::fast`]).
    tracking: bool,
    failed: bool,
}

impl Default for Validator {
    fn default() -> Self {
        Self::new()
    }
}

impl Validator {
    /// A validator at the document root that records every violation with its pointer.
    pub fn new() -> Self {
        Self {
            pointer: String::new(),
            violations: Vec::new(),
            message: None,
            tracking: true,
            failed: false,
        }
    }

    /// A validator that only finds out whether the value is valid: it keeps no pointer and
    /// records nothing ([`Validator::violations`] stays empty), which makes it several times
    /// faster. [`collect_violations`] uses it first and walks again only when needed.
    pub fn fast() -> Self {
        Self {
            tracking: false,
            ..Self::new()
        }
    }

    /// Whether pointers and violations are kept ([`Validator::new`]), not only the verdict
    /// ([`Validator::fast`]).
    #[inline]
    pub(crate) fn is_tracking(&self) -> bool {
        self.tracking
    }

    /// Whether nothing was reported.
    pub fn is_valid(&self) -> bool {
        !self.failed
    }

    /// The violations so far, in document order.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// `Ok` when nothing was reported, else every violation (none from a
    /// [`Validator::fast`] one).
    pub fn into_result(self) -> Result<(), Vec<Violation>> {
        if self.failed {
            Err(self.violations)
        } else {
            Ok(())
        }
    }

    /// Reports a violation at the current pointer. Inside a member entered with a message
    /// (`enter_member(name, Some(..))`), the spec's message replaces `message`.
    pub fn report(&mut self, keyword: &'static str, message: impl FnOnce() -> String) {
        self.failed = true;
        if !self.tracking {
            return;
        }
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
    #[inline]
    pub fn enter_member(&mut self, name: &str, message: Option<&'static str>) -> Mark {
        let mark = Mark {
            pointer_length: self.pointer.len(),
            message: self.message,
        };
        if self.tracking {
            self.push_member(name, message);
        }
        mark
    }

    #[inline(never)]
    fn push_member(&mut self, name: &str, message: Option<&'static str>) {
        self.pointer.push('/');
        if name.bytes().any(|b| b == b'~' || b == b'/') {
            self.pointer
                .push_str(&name.replace('~', "~0").replace('/', "~1"));
        } else {
            self.pointer.push_str(name);
        }
        if message.is_some() {
            self.message = message;
        }
    }

    /// Steps into array element `index`. Pair with [`Validator::leave`].
    #[inline]
    pub fn enter_index(&mut self, index: usize) -> Mark {
        let mark = Mark {
            pointer_length: self.pointer.len(),
            message: self.message,
        };
        if self.tracking {
            let _ = write!(self.pointer, "/{index}");
        }
        mark
    }

    /// Steps back out to where `mark` was taken.
    #[inline]
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

    #[cold]
    #[inline(never)]
    fn wrong_type(&mut self, expected: &'static str, value: &Value) {
        self.report("type", || {
            format!("expected {expected}, found {}", describe(value))
        });
    }

    /// The object, or a `type` violation; `null` is accepted silently when `nullable`.
    #[inline]
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
    #[inline]
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
    #[inline]
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
    #[inline]
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
    #[inline]
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
    #[inline]
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

    /// Checks an array's constraints (not its items): of a JSON array, or of a decoded
    /// `Vec` (items compared with their `PartialEq`).
    pub fn array_rules<T: PartialEq>(&mut self, items: &[T], rules: &ArrayRules) {
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

    /// Checks `minProperties` / `maxProperties` of a map-shaped object.
    pub fn member_count(
        &mut self,
        object: &Map<String, Value>,
        min: Option<u64>,
        max: Option<u64>,
    ) {
        self.property_count(object.len(), min, max);
    }

    /// Checks `minProperties` / `maxProperties` against a member count (of a decoded map or
    /// object: its present members, declared or not).
    pub fn property_count(&mut self, count: usize, min: Option<u64>, max: Option<u64>) {
        let count = count as u64;
        if let Some(min) = min.filter(|min| count < *min) {
            self.report("minProperties", || {
                format!("must have at least {min} members, has {count}")
            });
        }
        if let Some(max) = max.filter(|max| count > *max) {
            self.report("maxProperties", || {
                format!("must have at most {max} members, has {count}")
            });
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

    /// Checks an object's member set from one pass over its members (what generated code
    /// does): `present` tells, for each of `rules.required` in order, whether it is there;
    /// `undeclared` counts the members that `rules.declared` does not list. Reports what
    /// [`Validator::object_rules`] reports, in the same order.
    #[inline]
    pub fn object_members(
        &mut self,
        object: &Map<String, Value>,
        present: &[bool],
        undeclared: usize,
        rules: &ObjectRules,
    ) {
        let count = object.len() as u64;
        let fine = present.iter().all(|there| *there)
            && (undeclared == 0 || !rules.forbid_undeclared)
            && rules.min_properties.is_none_or(|min| count >= min)
            && rules.max_properties.is_none_or(|max| count <= max);
        if !fine {
            self.object_members_report(object, present, undeclared, rules);
        }
    }

    #[cold]
    /// Reports that the required member `name` is absent (`message`: the spec's own text).
    pub fn missing_member(&mut self, name: &str, message: Option<&'static str>) {
        let outer = self.message;
        self.message = message.or(outer);
        self.report("required", || format!("member `{name}` is required"));
        self.message = outer;
    }

    #[inline(never)]
    fn object_members_report(
        &mut self,
        object: &Map<String, Value>,
        present: &[bool],
        undeclared: usize,
        rules: &ObjectRules,
    ) {
        for (&(name, message), &there) in rules.required.iter().zip(present) {
            if !there {
                self.missing_member(name, message);
            }
        }
        if rules.forbid_undeclared && undeclared > 0 {
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
            self.listed_string(text, allowed);
        }
    }

    /// Checks that a string (a decoded closed enum's value) is one of `allowed`.
    pub fn listed_string(&mut self, text: &str, allowed: &[&str]) {
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

    /// Checks that an integer is one of `allowed`.
    pub fn integer_enum(&mut self, value: &Value, nullable: bool, allowed: &[i64]) {
        if let Some(number) = self.integer(value, nullable) {
            match number.as_i64() {
                Some(code) => self.listed_integer(code, allowed),
                None => self.report("enum", || format!("{number} is not one of {allowed:?}")),
            }
        }
    }

    /// Checks that an integer (a decoded closed enum's code) is one of `allowed`.
    pub fn listed_integer(&mut self, code: i64, allowed: &[i64]) {
        if !allowed.contains(&code) {
            self.report("enum", || format!("{code} is not one of {allowed:?}"));
        }
    }

    /// Reports every member of a decoded object's catch-all map: members the spec forbids
    /// (`additionalProperties: false`) that decoding kept.
    pub fn undeclared_members<'a>(&mut self, names: impl IntoIterator<Item = &'a String>) {
        for name in names {
            self.report("additionalProperties", || {
                format!("member `{name}` is not allowed")
            });
        }
    }

    /// Checks the numeric constraints of a decoded integer.
    #[inline]
    pub fn integer_rules(&mut self, value: i64, rules: &NumberRules) {
        // Up to 2^53 an `i64` converts to `f64` exactly, so comparing as `f64` is exact: a
        // value inside its bounds needs no `Number` (whose comparison is exact for any size).
        if rules.multiple_of.is_none()
            && rules.integer_range.is_none()
            && value.unsigned_abs() <= 1 << 53
        {
            let value = value as f64;
            let above = rules.minimum.is_none_or(|minimum| {
                if rules.exclusive_minimum {
                    value > minimum
                } else {
                    value >= minimum
                }
            });
            let below = rules.maximum.is_none_or(|maximum| {
                if rules.exclusive_maximum {
                    value < maximum
                } else {
                    value <= maximum
                }
            });
            if above && below {
                return;
            }
        }
        self.number_rules(&Number::from(value), rules);
    }

    /// Checks the numeric constraints of a decoded `f64` (not a number or infinite: it has
    /// no JSON form, and serde_json encodes it as `null`, which no bound applies to).
    #[inline]
    pub fn float_rules(&mut self, value: f64, rules: &NumberRules) {
        if let Some(number) = Number::from_f64(value) {
            self.number_rules(&number, rules);
        }
    }

    /// Checks the numeric constraints of a decoded `f32` as it is encoded: serde_json writes
    /// the shortest decimal that reads back as the same `f32` (`0.1`, not the `f64`
    /// `0.10000000149011612` the value widens to), and that decimal is what is checked.
    pub fn float32_rules(&mut self, value: f32, rules: &NumberRules) {
        if let Ok(widened) = value.to_string().parse::<f64>() {
            self.float_rules(widened, rules);
        }
    }

    /// Checks the numeric constraints of an exact decimal that travels as a JSON number,
    /// as [`crate::NumericDecimal`] encodes it (an integer when it has no fraction and fits
    /// `i64`, else the nearest `f64`).
    pub fn numeric_decimal_rules(&mut self, value: Decimal, rules: &NumberRules) {
        if decimal_clearly_within(value, rules) {
            return;
        }
        if value.scale() == 0 {
            if let Ok(integer) = i64::try_from(value) {
                return self.integer_rules(integer, rules);
            }
        }
        self.float_rules(decimal_as_f64(value), rules);
    }

    /// Checks that a decoded date-time encodes as an RFC 3339 `date-time` (the decoder also
    /// accepts the zone-less form feeds send, which the format does not allow).
    #[inline]
    pub fn date_time_value(&mut self, value: &crate::DateTime) {
        if !value.is_rfc3339() {
            self.report("format", || "is not a valid date-time".to_owned());
        }
    }

    /// Checks that a decoded date encodes as an RFC 3339 `full-date` (four-digit year).
    #[inline]
    pub fn date_value(&mut self, value: &chrono::NaiveDate) {
        use chrono::Datelike as _;
        if !(0..=9999).contains(&value.year()) {
            self.report("format", || "is not a valid date".to_owned());
        }
    }

    /// Checks a decoded value by its JSON encoding with a generated JSON-value validation
    /// function: for `oneOf` / `anyOf`, whose verdict depends on how many alternatives the
    /// encoded value satisfies, not only on the one it was decoded as.
    pub fn encoded<T: Serialize + ?Sized>(&mut self, value: &T, check: ValidateFn) {
        match serde_json::to_value(value) {
            Ok(json) => check(&json, self),
            Err(error) => self.report("encode", || error.to_string()),
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
                let mut scratch = Validator::fast();
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

    /// The same rules with `minLength`.
    pub const fn min_length(self, min: u64) -> Self {
        Self {
            min_length: Some(min),
            ..self
        }
    }

    /// The same rules with `maxLength`.
    pub const fn max_length(self, max: u64) -> Self {
        Self {
            max_length: Some(max),
            ..self
        }
    }

    /// The same rules with `pattern`.
    pub const fn pattern(self, pattern: &'static Pattern) -> Self {
        Self {
            pattern: Some(pattern),
            ..self
        }
    }

    /// The same rules with `format`.
    pub const fn format(self, format: Format) -> Self {
        Self {
            format: Some(format),
            ..self
        }
    }
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

    /// The same rules with `minimum`.
    pub const fn at_least(self, minimum: f64) -> Self {
        Self {
            minimum: Some(minimum),
            exclusive_minimum: false,
            ..self
        }
    }

    /// The same rules with `minimum` and `exclusiveMinimum`.
    pub const fn greater_than(self, minimum: f64) -> Self {
        Self {
            minimum: Some(minimum),
            exclusive_minimum: true,
            ..self
        }
    }

    /// The same rules with `maximum`.
    pub const fn at_most(self, maximum: f64) -> Self {
        Self {
            maximum: Some(maximum),
            exclusive_maximum: false,
            ..self
        }
    }

    /// The same rules with `maximum` and `exclusiveMaximum`.
    pub const fn less_than(self, maximum: f64) -> Self {
        Self {
            maximum: Some(maximum),
            exclusive_maximum: true,
            ..self
        }
    }

    /// The same rules with `multipleOf`.
    pub const fn multiple_of(self, factor: f64) -> Self {
        Self {
            multiple_of: Some(factor),
            ..self
        }
    }

    /// The same rules with the range of an `int32` / `int64` format.
    pub const fn in_range(self, low: i64, high: i64) -> Self {
        Self {
            integer_range: Some((low, high)),
            ..self
        }
    }
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

    /// The same rules with `minItems`.
    pub const fn min_items(self, min: u64) -> Self {
        Self {
            min_items: Some(min),
            ..self
        }
    }

    /// The same rules with `maxItems`.
    pub const fn max_items(self, max: u64) -> Self {
        Self {
            max_items: Some(max),
            ..self
        }
    }

    /// The same rules with `uniqueItems`.
    pub const fn unique_items(self) -> Self {
        Self {
            unique_items: true,
            ..self
        }
    }
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
    /// RFC 3339 `date-time`: `T` (or `t`) between date and time, a zone, at most nine
    /// fraction digits (what [`crate::DateTime`] keeps).
    DateTime,
    /// RFC 3339 `full-date`.
    Date,
    /// An RFC 5321 `Mailbox`: a dot-atom or quoted local part, `@`, and a host name or an
    /// IPv4 / IPv6 address literal (ASCII only).
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
            Self::DateTime => rfc3339::is_date_time(text.as_bytes()),
            Self::Date => rfc3339::full_date(text.as_bytes()).is_some(),
            Self::Email => rfc5321::is_mailbox(text),
        }
    }
}

/// RFC 3339 `full-date` and `date-time`, checked byte by byte (ASCII digits only).
mod rfc3339 {
    fn digits(bytes: &[u8]) -> Option<u32> {
        bytes.iter().try_fold(0u32, |n, b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    }

    /// `YYYY-MM-DD` with a day that exists: the year, month and day.
    pub(super) fn full_date(bytes: &[u8]) -> Option<(u32, u32, u32)> {
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let year = digits(&bytes[..4])?;
        let month = digits(&bytes[5..7])?;
        let day = digits(&bytes[8..])?;
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days).contains(&day).then_some((year, month, day))
    }

    /// `full-date "T" partial-time time-offset`; a leap second only where it is 23:59:60
    /// in UTC, as RFC 3339 section 5.7 allows.
    pub(super) fn is_date_time(bytes: &[u8]) -> bool {
        if bytes.len() < 20
            || !matches!(bytes[10], b'T' | b't')
            || full_date(&bytes[..10]).is_none()
        {
            return false;
        }
        let time = &bytes[11..];
        if time[2] != b':' || time[5] != b':' {
            return false;
        }
        let (Some(hour), Some(minute), Some(second)) =
            (digits(&time[..2]), digits(&time[3..5]), digits(&time[6..8]))
        else {
            return false;
        };
        if hour > 23 || minute > 59 || second > 60 {
            return false;
        }
        let mut rest = &time[8..];
        if let Some(fraction) = rest.strip_prefix(b".") {
            let count = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
            if count == 0 || count > 9 {
                return false;
            }
            rest = &fraction[count..];
        }
        let offset_minutes: i64 = match rest {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let (Some(h), Some(m)) = (digits(&[*h1, *h2]), digits(&[*m1, *m2])) else {
                    return false;
                };
                if h > 23 || m > 59 {
                    return false;
                }
                let minutes = i64::from(h * 60 + m);
                if *sign == b'+' {
                    minutes
                } else {
                    -minutes
                }
            }
            _ => return false,
        };
        if second == 60 {
            let utc = (i64::from(hour * 60 + minute) - offset_minutes).rem_euclid(24 * 60);
            return utc == 23 * 60 + 59;
        }
        true
    }
}

/// RFC 5321 `Mailbox` (section 4.1.2), without the general address literal.
mod rfc5321 {
    fn is_atext(b: u8) -> bool {
        b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~".contains(&b)
    }

    fn is_dot_string(local: &[u8]) -> bool {
        !local.is_empty()
            && local
                .split(|b| *b == b'.')
                .all(|atom| !atom.is_empty() && atom.iter().all(|b| is_atext(*b)))
    }

    /// The quoted string at the start of `bytes` (`"…"`), and its length.
    fn quoted_string(bytes: &[u8]) -> Option<usize> {
        if bytes.first() != Some(&b'"') {
            return None;
        }
        let mut i = 1;
        while i < bytes.len() {
            match bytes[i] {
                b'"' => return Some(i + 1),
                b'\\' if bytes.get(i + 1).is_some_and(|b| (32..=126).contains(b)) => i += 2,
                32 | 33 | 35..=91 | 93..=126 => i += 1,
                _ => return None,
            }
        }
        None
    }

    fn is_host_name(domain: &str) -> bool {
        let bytes = domain.as_bytes();
        !bytes.is_empty()
            && bytes.len() <= 253
            && bytes.split(|b| *b == b'.').all(|label| {
                (1..=63).contains(&label.len())
                    && label
                        .iter()
                        .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
                    && label[0] != b'-'
                    && label[label.len() - 1] != b'-'
            })
    }

    fn is_address_literal(literal: &str) -> bool {
        let Some(inner) = literal.strip_prefix('[').and_then(|l| l.strip_suffix(']')) else {
            return false;
        };
        match inner.get(..5) {
            Some(tag) if tag.eq_ignore_ascii_case("IPv6:") => {
                inner[5..].parse::<std::net::Ipv6Addr>().is_ok()
            }
            _ => inner.parse::<std::net::Ipv4Addr>().is_ok(),
        }
    }

    pub(super) fn is_mailbox(text: &str) -> bool {
        let bytes = text.as_bytes();
        let local_length = match quoted_string(bytes) {
            Some(length) => length,
            None => match bytes.iter().position(|b| *b == b'@') {
                Some(at) if is_dot_string(&bytes[..at]) => at,
                _ => return false,
            },
        };
        if local_length > 64 + 2 * usize::from(bytes[0] == b'"')
            || bytes.get(local_length) != Some(&b'@')
        {
            return false;
        }
        let domain = &text[local_length + 1..];
        is_host_name(domain) || is_address_literal(domain)
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
        let compiled = self.compiled.get_or_init(|| {
            regex::Regex::new(&ecma_to_rust(self.source))
                .or_else(|_| regex::Regex::new(self.source))
                .ok()
        });
        compiled.as_ref().is_none_or(|regex| regex.is_match(text))
    }
}

/// ECMA 262 `WhiteSpace` and `LineTerminator`, what `\s` means there.
const ECMA_SPACE: &str = r"\t\n\x0B\x0C\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";

/// Rewrites what ECMA 262 (the dialect of `pattern`) and the `regex` crate read differently:
/// `\d`, `\w`, `\b` and their negations are ASCII-only in ECMA 262 but Unicode-aware in
/// `regex`; `\s` is a fixed set; `.` excludes every line terminator, not only `\n`; inside a
/// class, `[`, `&` and `~` are literal characters and `\b` is a backspace.
fn ecma_to_rust(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + 16);
    let mut in_class = false;
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('d') => out.push_str("[0-9]"),
                Some('D') => out.push_str("[^0-9]"),
                Some('w') => out.push_str("[0-9A-Za-z_]"),
                Some('W') => out.push_str("[^0-9A-Za-z_]"),
                Some('s') => {
                    out.push('[');
                    out.push_str(ECMA_SPACE);
                    out.push(']');
                }
                Some('S') => {
                    out.push_str("[^");
                    out.push_str(ECMA_SPACE);
                    out.push(']');
                }
                Some('b') if in_class => out.push_str(r"\x08"),
                Some('b') => out.push_str(r"(?-u:\b)"),
                Some('B') => out.push_str(r"(?-u:\B)"),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            '[' if in_class => out.push_str(r"\["),
            '[' => {
                in_class = true;
                out.push('[');
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '&' | '~' if in_class => {
                out.push('\\');
                out.push(c);
            }
            '.' if !in_class => out.push_str(r"[^\n\r\x{2028}\x{2029}]"),
            _ => out.push(c),
        }
    }
    out
}

/// Whether `value` is so far inside its bounds (and has no other rule) that the `f64` it
/// encodes as is inside them too: a cheap approximation (within a few units in the last
/// place of that `f64`) decides, and values near a bound are left to the exact path.
fn decimal_clearly_within(value: Decimal, rules: &NumberRules) -> bool {
    // Every scale a `Decimal` can have (0..=28); the entries above 1e22 are not exact, which
    // the margin below absorbs.
    const POWERS: [f64; 29] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27, 1e28,
    ];
    if rules.multiple_of.is_some() || rules.integer_range.is_some() {
        return false;
    }
    let Some(power) = POWERS.get(value.scale() as usize) else {
        return false;
    };
    // The mantissa (up to 96 bits) from its two 64-bit halves: converting an `i128` directly
    // is a slow library call, and a decimal decoded from a JSON number (`1.85`) often has a
    // full-width mantissa and scale 28.
    let magnitude = value.mantissa().unsigned_abs();
    let high = (magnitude >> 64) as u64 as f64;
    let low = magnitude as u64 as f64;
    let magnitude = high * 18_446_744_073_709_551_616.0 + low;
    let mantissa = if value.is_sign_negative() {
        -magnitude
    } else {
        magnitude
    };
    // `mantissa / power` against each bound, multiplied out (`power` is positive).
    let margin = |bound: f64| bound.abs() * 1e-12 + f64::MIN_POSITIVE;
    rules
        .minimum
        .is_none_or(|minimum| mantissa > (minimum + margin(minimum)) * power)
        && rules
            .maximum
            .is_none_or(|maximum| mantissa < (maximum - margin(maximum)) * power)
}

/// The `f64` that `rust_decimal` converts `value` to (what [`crate::NumericDecimal`] encodes),
/// computed with the same floating-point steps, in 64-bit integer arithmetic when the
/// mantissa fits (the crate divides 128-bit integers, several times slower).
fn decimal_as_f64(value: Decimal) -> f64 {
    let scale = value.scale();
    let mantissa = value.mantissa().unsigned_abs();
    let (Ok(mantissa), Some(precision)) = (u64::try_from(mantissa), 10_u64.checked_pow(scale))
    else {
        return f64::try_from(value).unwrap_or(f64::NAN);
    };
    if scale == 0 {
        return f64::try_from(value).unwrap_or(f64::NAN);
    }
    let integral = (mantissa / precision) as f64;
    let fraction = ((mantissa % precision) as f64) / (precision as f64);
    let magnitude = if fraction == 0.0 {
        integral
    } else {
        let round_to = 10f64.powi(scale as i32);
        ((integral + fraction) * round_to).round() / round_to
    };
    if value.is_sign_negative() {
        -magnitude
    } else {
        magnitude
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
        // `bound` is a whole number inside the `i64` range here, so `as` converts exactly
        // (and without the slow library call an `i128` conversion is).
        let bound = bound as i64;
        if let Some(n) = number.as_i64() {
            return n.cmp(&bound);
        }
        if let Some(n) = number.as_u64() {
            return i128::from(n).cmp(&i128::from(bound));
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

    #[test]
    fn formats_follow_rfc_3339_and_rfc_5321() {
        let accepts = |format: Format, text: &str| format.accepts(text);
        for good in [
            "2023-08-03T07:54:42.1124647Z",
            "2023-08-03t07:54:42z",
            "2024-02-29T00:00:00+05:30",
            "1998-12-31T23:59:60Z",
            "1998-12-31T15:59:60.123-08:00",
        ] {
            assert!(accepts(Format::DateTime, good), "{good}");
        }
        for bad in [
            "2023-08-03 07:54:42Z",
            "2023-8-3T07:54:42Z",
            "2023-08-03T7:54:42Z",
            "2023-08-03T07:54:42+0200",
            "2023-08-03T07:54:42",
            "2023-02-29T07:54:42Z",
            "2023-08-03T24:00:00Z",
            "2021-12-31T23:58:60Z",
            "2023-08-03T07:54:42.Z",
            "2023-08-03T07:54:42.1234567891Z",
            "+023-08-03T07:54:42Z",
        ] {
            assert!(!accepts(Format::DateTime, bad), "{bad}");
        }
        assert!(accepts(Format::Date, "2024-02-29"));
        for bad in [
            "2023-02-29",
            "2023-1-01",
            "+023-01-01",
            "2023-13-01",
            "20230101",
        ] {
            assert!(!accepts(Format::Date, bad), "{bad}");
        }
        for good in [
            "user@example.com",
            "first.last+tag@sub.example.org",
            "\"quoted local\"@example.com",
            "user@[127.0.0.1]",
            "user@[IPv6:::1]",
            "a@b",
        ] {
            assert!(accepts(Format::Email, good), "{good}");
        }
        for bad in [
            "no-at-sign",
            "a..b@example.com",
            ".a@example.com",
            "a.@example.com",
            "a@-example.com",
            "a@example..com",
            "a@exa_mple.com",
            "ünïcode@example.com",
            "user name@example.com",
            "user@[300.0.0.1]",
        ] {
            assert!(!accepts(Format::Email, bad), "{bad}");
        }
    }

    #[test]
    fn patterns_follow_ecma_262() {
        let matches = |pattern: &'static Pattern, text: &str| pattern.is_match(text);
        static DIGITS: Pattern = Pattern::new(r"^\d+$");
        static WORD: Pattern = Pattern::new(r"^\w+$");
        static NO_SPACE: Pattern = Pattern::new(r"^\S+$");
        static LINE: Pattern = Pattern::new("^.+$");
        static CAT: Pattern = Pattern::new(r"\bcat\b");
        static CLASS: Pattern = Pattern::new(r"^[\d&~[]+$");
        assert!(matches(&DIGITS, "0123") && !matches(&DIGITS, "١٢٣"));
        assert!(matches(&WORD, "A_1") && !matches(&WORD, "ünï"));
        assert!(matches(&NO_SPACE, "a\u{85}b") && !matches(&NO_SPACE, "a\u{FEFF}b"));
        assert!(matches(&LINE, "é日") && !matches(&LINE, "a\rb") && !matches(&LINE, "a\u{2028}b"));
        assert!(matches(&CAT, "écat") && !matches(&CAT, "concat"));
        assert!(matches(&CLASS, "1&~[") && !matches(&CLASS, "a"));
    }

    #[test]
    fn decimal_conversion_matches_rust_decimal() {
        let mut rng = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        for _ in 0..100_000 {
            let mantissa = i64::try_from(next() >> (next() % 64)).unwrap_or(i64::MAX);
            let mantissa = if next() % 2 == 0 { mantissa } else { -mantissa };
            let value = Decimal::new(mantissa, (next() % 29) as u32);
            let expected = f64::try_from(value).unwrap();
            assert_eq!(
                decimal_as_f64(value).to_bits(),
                expected.to_bits(),
                "{value}"
            );
        }
        // The shortcut for values clearly inside their bounds gives the exact verdict.
        for _ in 0..100_000 {
            let mantissa = (next() % 2_000_001) as i64 - 1_000_000;
            let value = Decimal::new(mantissa, (next() % 7) as u32);
            let bound = ((next() % 2_001) as f64 - 1_000.0) / 100.0;
            for exclusive in [false, true] {
                let rules = NumberRules {
                    minimum: Some(bound),
                    exclusive_minimum: exclusive,
                    maximum: Some(bound + 0.5),
                    exclusive_maximum: exclusive,
                    ..NumberRules::NONE
                };
                let mut shortcut = Validator::fast();
                shortcut.numeric_decimal_rules(value, &rules);
                let mut exact = Validator::fast();
                exact.float_rules(f64::try_from(value).unwrap(), &rules);
                assert_eq!(shortcut.is_valid(), exact.is_valid(), "{value} {bound}");
            }
        }
        // Also for full-width mantissas and large scales (a decimal decoded from a JSON number
        // such as `1.85` has both), right next to the bounds.
        for _ in 0..100_000 {
            let mantissa = (i128::from(next()) << 32 | i128::from(next() >> 32)) % 10_i128.pow(28);
            let scale = 20 + (next() % 9) as u32;
            let value = Decimal::from_i128_with_scale(mantissa, scale);
            let near = f64::try_from(value).unwrap();
            for bound in [
                near,
                near * (1.0 + 1e-15),
                near * (1.0 - 1e-15),
                near - 1e-9,
                0.01,
            ] {
                let rules = NumberRules {
                    minimum: Some(bound),
                    ..NumberRules::NONE
                };
                let mut shortcut = Validator::fast();
                shortcut.numeric_decimal_rules(value, &rules);
                let mut exact = Validator::fast();
                exact.float_rules(near, &rules);
                assert_eq!(shortcut.is_valid(), exact.is_valid(), "{value} {bound}");
            }
        }
        // Integers: the `f64` shortcut gives the exact verdict, also beyond 2^53.
        for _ in 0..100_000 {
            let value = (next() >> (next() % 64)) as i64 * if next() % 2 == 0 { 1 } else { -1 };
            let bound = match next() % 3 {
                0 => value as f64,
                1 => (value as f64) + ((next() % 5) as f64 - 2.0) * 0.5,
                _ => ((next() % 2_001) as f64 - 1_000.0) / 10.0,
            };
            for exclusive in [false, true] {
                let rules = NumberRules {
                    minimum: Some(bound),
                    exclusive_minimum: exclusive,
                    maximum: Some(bound + 100.0),
                    exclusive_maximum: exclusive,
                    ..NumberRules::NONE
                };
                let mut shortcut = Validator::fast();
                shortcut.integer_rules(value, &rules);
                let mut exact = Validator::fast();
                exact.number_rules(&Number::from(value), &rules);
                assert_eq!(shortcut.is_valid(), exact.is_valid(), "{value} {bound}");
            }
        }
        let large = Decimal::from_i128_with_scale(10_i128.pow(25) + 7, 3);
        assert_eq!(decimal_as_f64(large), f64::try_from(large).unwrap());
    }

    #[test]
    fn fast_validator_gives_the_verdict_only() {
        let check = |value: &Value, v: &mut Validator| {
            if let Some(object) = v.object(value, false) {
                v.object_members(
                    object,
                    &[object.contains_key("id")],
                    object.keys().filter(|k| *k != "id").count(),
                    &ObjectRules {
                        required: &[("id", None)],
                        declared: &["id"],
                        forbid_undeclared: true,
                        min_properties: None,
                        max_properties: None,
                    },
                );
            }
        };
        let bad = serde_json::json!({"extra": 1});
        let mut fast = Validator::fast();
        check(&bad, &mut fast);
        assert!(!fast.is_valid());
        assert!(fast.violations().is_empty());
        let found = collect_violations(check, &bad).unwrap_err();
        let keywords: Vec<&str> = found.iter().map(|v| v.keyword).collect();
        assert_eq!(keywords, ["required", "additionalProperties"]);
        assert!(collect_violations(check, &serde_json::json!({"id": 1})).is_ok());
    }
}
