//! Value constraints: [`StringRules`], [`NumberRules`], [`ArrayRules`], [`ObjectRules`], and
//! the [`Validator`] checks that apply them (also to decoded values and closed enums).

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::{Map, Number, Value};

use super::{Format, Pattern, Validator};

impl Validator {
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

    /// Reports every undeclared member of an object whose spec forbids them.
    #[inline]
    pub fn forbid_undeclared(&mut self, members: &crate::UndeclaredMembers) {
        if !members.is_empty() {
            self.undeclared_members(members.keys());
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
pub(super) fn decimal_as_f64(value: Decimal) -> f64 {
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
            let value = number.as_f64().unwrap_or(f64::NAN);
            let quotient = value / factor;
            // Beyond the decimal range the remainder decides: exact in floating point,
            // where the quotient of `1e308 / 0.5` overflows.
            (quotient.is_finite() && quotient.fract() == 0.0)
                || (value.is_finite() && value % factor == 0.0)
        }
    }
}

/// How the member sets of a [`MemberSets`] combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberSetMode {
    /// `anyOf`: the members of at least one set are all present.
    AnyOf,
    /// `oneOf`: the members of exactly one set are all present.
    OneOf,
    /// `not`: the members of the (single) set are not all present.
    Not,
}

/// Combinations of members an object must have: an object schema's `anyOf` / `oneOf` /
/// `not` whose alternatives only list `required` members.
#[derive(Debug, Clone, Copy)]
pub struct MemberSets {
    /// How the sets combine.
    pub mode: MemberSetMode,
    /// Each set: member names (wire spelling).
    pub sets: &'static [&'static [&'static str]],
}

impl Validator {
    /// Checks `rule` on an object whose member `name` is present when `present(name)`.
    pub fn member_sets(&mut self, rule: &MemberSets, present: impl Fn(&str) -> bool) {
        let holding = rule
            .sets
            .iter()
            .filter(|set| set.iter().all(|name| present(name)))
            .count();
        let (keyword, holds) = match rule.mode {
            MemberSetMode::AnyOf => ("anyOf", holding >= 1),
            MemberSetMode::OneOf => ("oneOf", holding == 1),
            MemberSetMode::Not => ("not", holding == 0),
        };
        if holds {
            return;
        }
        self.report(keyword, || {
            let sets: Vec<String> = rule
                .sets
                .iter()
                .map(|set| format!("[{}]", set.join(", ")))
                .collect();
            match rule.mode {
                MemberSetMode::AnyOf => {
                    format!("must have every member of one of {}", sets.join(", "))
                }
                MemberSetMode::OneOf => format!(
                    "must have every member of exactly one of {} (has {holding})",
                    sets.join(", ")
                ),
                MemberSetMode::Not => format!("must not have every member of {}", sets.join(", ")),
            }
        });
    }
}
