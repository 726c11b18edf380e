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

/// The `Response` enum of a generated operation and its methods, from one line per
/// documented status: `Variant = 200 json (Type);` for a status code, `Variant = 400..=499
/// text (String);` for a class of statuses, `Variant default none;` for the rest, each kind
/// `json`, `text`, `bytes` or `none` (no body). Exact codes are matched before classes.
/// Used by generated code.
#[doc(hidden)]
#[macro_export]
macro_rules! response_enum {
    (
        codes { $( $(#[$code_doc:meta])* $code_variant:ident = $code:literal $code_kind:ident $(($code_type:ty))?; )* }
        classes { $( $(#[$class_doc:meta])* $class_variant:ident = $low:literal ..= $high:literal $class_kind:ident $(($class_type:ty))?; )* }
        default { $( $(#[$default_doc:meta])* $default_variant:ident $default_kind:ident $(($default_type:ty))?; )? }
    ) => {
        /// Every response the spec documents, one variant per status.
        #[derive(Debug, Clone, PartialEq)]
        // Bodies differ in size by nature (a large success body beside a small error);
        // boxing them would only make matching on responses clumsier.
        #[allow(clippy::large_enum_variant)]
        pub enum Response {
            $( $(#[$code_doc])* $code_variant $(($code_type))?, )*
            $(
                $(#[$class_doc])*
                $class_variant {
                    /// The actual status.
                    status: u16,
                    $(
                        /// The body.
                        body: $class_type,
                    )?
                },
            )*
            $(
                $(#[$default_doc])*
                $default_variant {
                    /// The actual status.
                    status: u16,
                    $(
                        /// The body.
                        body: $default_type,
                    )?
                },
            )?
            /// A status the spec does not document; the body is kept as JSON (`Null` when it is empty or not JSON).
            Undocumented {
                /// The actual status.
                status: u16,
                /// The body.
                body: $crate::serde_json::Value,
            },
        }

        impl Response {
            /// Decodes a response from its HTTP status and body; the error names the JSON
            /// Pointer of the first value that does not fit the documented type. Bodies
            /// documented as text are taken as UTF-8 text (invalid sequences replaced), other
            /// bodies that are not JSON as the bytes received.
            // `400 => …` before `400..=499 => …` is intended: the exact status wins.
            #[allow(clippy::match_overlapping_arm)]
            pub fn from_json(status: u16, body: &[u8]) -> Result<Self, $crate::DecodeError> {
                let _ = body; // not read when no response has a body
                match status {
                    $( $code => $crate::__response_decode!(code $code_kind Self::$code_variant, body), )*
                    $( $low..=$high => $crate::__response_decode!(class $class_kind Self::$class_variant, body, status), )*
                    _ => $crate::__response_decode!(otherwise, body, status $(, $default_kind Self::$default_variant)?),
                }
            }

            /// The HTTP status.
            pub fn status(&self) -> u16 {
                match self {
                    $( Self::$code_variant $(($crate::__response_ignore!($code_type)))? => $code, )*
                    $( Self::$class_variant { status, .. } => *status, )*
                    $( Self::$default_variant { status, .. } => *status, )?
                    Self::Undocumented { status, .. } => *status,
                }
            }

            /// The body as a JSON value (`Null` for responses without a body).
            pub fn to_json_value(&self) -> Result<$crate::serde_json::Value, $crate::serde_json::Error> {
                match self {
                    $( Self::$code_variant $(($crate::__response_first!(body $code_type)))? =>
                        $crate::__response_value!($($crate::__response_first!(body $code_type))?), )*
                    $( Self::$class_variant { $(body: $crate::__response_first!(body $class_type),)? .. } =>
                        $crate::__response_value!($($crate::__response_first!(body $class_type))?), )*
                    $( Self::$default_variant { $(body: $crate::__response_first!(body $default_type),)? .. } =>
                        $crate::__response_value!($($crate::__response_first!(body $default_type))?), )?
                    Self::Undocumented { body, .. } => Ok(body.clone()),
                }
            }

            /// The body as it goes on the wire: JSON text, the text or bytes of a body
            /// documented in another media type, or none.
            pub fn into_body(self) -> Result<$crate::WireBody, $crate::serde_json::Error> {
                match self {
                    $( Self::$code_variant $(($crate::__response_first!(body $code_type)))? =>
                        $crate::__response_wire!($code_kind $($crate::__response_first!(body $code_type))?), )*
                    $( Self::$class_variant { $(body: $crate::__response_first!(body $class_type),)? .. } =>
                        $crate::__response_wire!($class_kind $($crate::__response_first!(body $class_type))?), )*
                    $( Self::$default_variant { $(body: $crate::__response_first!(body $default_type),)? .. } =>
                        $crate::__response_wire!($default_kind $($crate::__response_first!(body $default_type))?), )?
                    Self::Undocumented { body, .. } => $crate::WireBody::from_value(&body),
                }
            }
        }
    };
}

/// The decoding of one status arm of [`response_enum!`].
#[doc(hidden)]
#[macro_export]
macro_rules! __response_decode {
    (code json $variant:path, $body:ident) => {
        $crate::from_json_slice($body).map($variant)
    };
    (code text $variant:path, $body:ident) => {
        Ok($variant(String::from_utf8_lossy($body).into_owned()))
    };
    (code bytes $variant:path, $body:ident) => {
        Ok($variant($body.to_vec()))
    };
    (code none $variant:path, $body:ident) => {
        Ok($variant)
    };
    (class json Self::$variant:ident, $body:ident, $status:ident) => {
        $crate::from_json_slice($body).map(|body| Self::$variant { status: $status, body })
    };
    (class text Self::$variant:ident, $body:ident, $status:ident) => {
        Ok(Self::$variant { status: $status, body: String::from_utf8_lossy($body).into_owned() })
    };
    (class bytes Self::$variant:ident, $body:ident, $status:ident) => {
        Ok(Self::$variant { status: $status, body: $body.to_vec() })
    };
    (class none Self::$variant:ident, $body:ident, $status:ident) => {
        Ok(Self::$variant { status: $status })
    };
    (otherwise, $body:ident, $status:ident, $kind:ident Self::$variant:ident) => {
        $crate::__response_decode!(class $kind Self::$variant, $body, $status)
    };
    (otherwise, $body:ident, $status:ident) => {
        Ok(Self::Undocumented {
            status: $status,
            body: $crate::serde_json::from_slice($body).unwrap_or($crate::serde_json::Value::Null),
        })
    };
}

/// `_`, for the body of a variant whose body a [`response_enum!`] arm does not read.
#[doc(hidden)]
#[macro_export]
macro_rules! __response_ignore {
    ($type:ty) => {
        _
    };
}

/// The name given to a variant's body in a [`response_enum!`] arm (its type only says
/// there is one).
#[doc(hidden)]
#[macro_export]
macro_rules! __response_first {
    ($name:ident $type:ty) => {
        $name
    };
}

/// A [`response_enum!`] body as a JSON value.
#[doc(hidden)]
#[macro_export]
macro_rules! __response_value {
    () => {
        Ok($crate::serde_json::Value::Null)
    };
    ($body:expr) => {
        $crate::serde_json::to_value($body)
    };
}

/// A [`response_enum!`] body as it goes on the wire.
#[doc(hidden)]
#[macro_export]
macro_rules! __response_wire {
    (json $body:expr) => {
        $crate::WireBody::json(&$body)
    };
    (text $body:expr) => {
        Ok($crate::WireBody::Text($body))
    };
    (bytes $body:expr) => {
        Ok($crate::WireBody::Bytes($body))
    };
    (none) => {
        Ok($crate::WireBody::None)
    };
}
