//! The body of a message whose code the spec does not document, kept as received, and the
//! error for writing it in the format it did not come in.

use std::fmt;

use serde_json::value::RawValue;

/// The body of a message whose code the spec does not document, exactly as received.
#[derive(Debug, Clone)]
pub enum RawBody {
    /// The XML content of the body element (its children and text, without its own tags).
    Xml(String),
    /// The JSON value of the body member.
    Json(Box<RawValue>),
}

impl RawBody {
    /// The body as text: XML content or JSON.
    pub fn as_str(&self) -> &str {
        match self {
            RawBody::Xml(xml) => xml,
            RawBody::Json(json) => json.get(),
        }
    }
}

impl PartialEq for RawBody {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (RawBody::Xml(a), RawBody::Xml(b)) => a == b,
            (RawBody::Json(a), RawBody::Json(b)) => a.get() == b.get(),
            _ => false,
        }
    }
}

/// A message of an unknown code cannot be re-encoded in the other format: its body is kept
/// only as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormMismatch {
    code: i64,
    received: &'static str,
    requested: &'static str,
}

impl FormMismatch {
    /// The message's code.
    pub fn code(&self) -> i64 {
        self.code
    }
}

impl fmt::Display for FormMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the message of unknown code {} keeps its body as {} and cannot be written as {}",
            self.code, self.received, self.requested
        )
    }
}

impl std::error::Error for FormMismatch {}

/// The error for writing a raw body in a format it did not come in.
pub fn form_mismatch(code: i64, body: &RawBody) -> FormMismatch {
    let (received, requested) = match body {
        RawBody::Xml(_) => ("XML", "JSON"),
        RawBody::Json(_) => ("JSON", "XML"),
    };
    FormMismatch {
        code,
        received,
        requested,
    }
}
