//! JSON Schemas of the runtime's own types (feature `schemars`), written as the OpenAPI 3.0
//! schemas they come from, so a schema derived from generated code can be compared with
//! the spec.

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

use crate::{DateTime, NumericDecimal};

impl JsonSchema for DateTime {
    fn schema_name() -> Cow<'static, str> {
        "DateTime".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date-time" })
    }
}

impl JsonSchema for NumericDecimal {
    fn schema_name() -> Cow<'static, str> {
        "NumericDecimal".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "number", "format": "decimal" })
    }
}

/// The schema of an exact decimal travelling as a string (`rust_decimal::Decimal` fields use
/// it through `#[schemars(with = …)]`: the decimal crate's own schema is a pattern, not the
/// spec's `format: decimal`).
pub struct DecimalString;

impl JsonSchema for DecimalString {
    fn schema_name() -> Cow<'static, str> {
        "DecimalString".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "decimal" })
    }
}
