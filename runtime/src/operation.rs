//! [`OperationInfo`] / [`ResponseInfo`]: what the spec says about each operation, as the
//! constants generated operation modules hold.

/// What the spec documents about one operation; generated as a constant per operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationInfo {
    /// The generated (snake_case) operation name.
    pub name: &'static str,
    /// The spec's `operationId`, when it has one.
    pub operation_id: Option<&'static str>,
    /// HTTP method in upper case.
    pub method: &'static str,
    /// Path template, as written in the spec.
    pub path: &'static str,
    /// The spec's summary.
    pub summary: Option<&'static str>,
    /// Every documented response body, in spec order; one status may appear several times.
    pub responses: &'static [ResponseInfo],
}

/// One documented response body of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseInfo {
    /// The status code, or `None` for `default` and ranges such as `4XX`.
    pub status: Option<u16>,
    /// The key exactly as written in the spec (`"400"`, `"400 (2)"`, `"default"`).
    pub key: &'static str,
    /// The spec's description of this response.
    pub description: &'static str,
    /// Name of the generated body type, or `None` when the response has no JSON body.
    pub body_type: Option<&'static str>,
}

/// A response body as it goes on the wire, from a generated `Response::into_body`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireBody {
    /// No body.
    None,
    /// JSON text.
    Json(Vec<u8>),
    /// A body documented as text (`text/plain` and the like).
    Text(String),
    /// A body of any other media type, as bytes.
    Bytes(Vec<u8>),
}

impl WireBody {
    /// `value` written as JSON.
    pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> Result<Self, serde_json::Error> {
        serde_json::to_vec(value).map(Self::Json)
    }

    /// The body of an undocumented response kept as JSON: none for `null`.
    pub fn from_value(value: &serde_json::Value) -> Result<Self, serde_json::Error> {
        if value.is_null() {
            Ok(Self::None)
        } else {
            Self::json(value)
        }
    }
}

/// The [`ResponseInfo`] table of a generated operation, one `(status, key, description,
/// body_type)` tuple per documented response body. Used by generated code.
#[doc(hidden)]
#[macro_export]
macro_rules! responses {
    ($(($status:expr, $key:expr, $description:expr, $body_type:expr)),* $(,)?) => {
        &[$($crate::ResponseInfo {
            status: $status,
            key: $key,
            description: $description,
            body_type: $body_type,
        }),*]
    };
}
