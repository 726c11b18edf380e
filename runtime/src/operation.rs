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
