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

mod formats;
mod rules;
mod schema;
pub mod table;
#[cfg(test)]
mod tests;
mod typed;
mod validator;

pub use formats::{checks, Format, Pattern, DECIMAL_DIGITS};
pub use rules::{ArrayRules, MemberSetMode, MemberSets, NumberRules, ObjectRules, StringRules};
pub use schema::{is_integer, json_equal, Literal, Schema, SchemaType};
pub use validator::{Mark, Validator, Violation};

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

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

/// A nullable schema's value (`nullable: true`, or `null` among its `enum` values): `null`
/// is valid and decodes as `None`; `decode_valid::<Option<T>>` takes what the schema takes.
impl<T: Validate> Validate for Option<T> {
    fn validate_json(value: &Value, validator: &mut Validator) {
        if !value.is_null() {
            T::validate_json(value, validator);
        }
    }

    fn validate_into(&self, validator: &mut Validator) {
        if let Some(value) = self {
            value.validate_into(validator);
        }
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
///
/// Input longer than [`crate::max_json_bytes`] (16 MiB by default) is one violation
/// (keyword `maxBytes`) before any of it is parsed.
pub fn decode_valid<T: Validate>(bytes: &[u8]) -> Result<T, Vec<Violation>> {
    decode_valid_limited(bytes, crate::max_json_bytes())
}

/// [`decode_valid`] with a size limit of its own: input longer than `max_bytes` is one
/// violation, before any of it is parsed.
pub fn decode_valid_limited<T: Validate>(
    bytes: &[u8],
    max_bytes: usize,
) -> Result<T, Vec<Violation>> {
    size_violation(bytes, max_bytes)?;
    let value: Value = crate::json::value_from_slice(bytes).map_err(|error| {
        vec![Violation {
            pointer: String::new(),
            keyword: "json",
            // A data error is the memory budget; anything else is malformed input.
            message: if error.is_data() {
                error.to_string()
            } else {
                format!("not valid JSON: {error}")
            },
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
///
/// Input longer than [`crate::max_json_bytes`] is one violation, as in [`decode_valid`].
pub fn decode_then_validate<T: Validate>(bytes: &[u8]) -> Result<T, Vec<Violation>> {
    decode_then_validate_limited(bytes, crate::max_json_bytes())
}

/// [`decode_then_validate`] with a size limit of its own.
pub fn decode_then_validate_limited<T: Validate>(
    bytes: &[u8],
    max_bytes: usize,
) -> Result<T, Vec<Violation>> {
    size_violation(bytes, max_bytes)?;
    // Decoded within the document's memory budget; the path of an error is tracked only
    // when decoding fails.
    match crate::from_json_slice_limited::<T>(bytes, max_bytes) {
        Ok(decoded) => decoded.validate().map(|()| decoded),
        Err(error) => match decode_valid_limited::<T>(bytes, max_bytes) {
            Err(violations) => Err(violations),
            // The walk found nothing, yet decoding failed: report the decode error itself.
            Ok(_) => Err(vec![Violation {
                pointer: error.pointer().to_owned(),
                keyword: "type",
                message: error.message().to_owned(),
            }]),
        },
    }
}

/// The violation of a document longer than `max_bytes`.
fn size_violation(bytes: &[u8], max_bytes: usize) -> Result<(), Vec<Violation>> {
    crate::json::check_json_size(bytes, max_bytes).map_err(|message| {
        vec![Violation {
            pointer: String::new(),
            keyword: "maxBytes",
            message,
        }]
    })
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
