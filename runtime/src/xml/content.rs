//! The XML decoder's content rules, applied to values decoded from JSON, so that a value one
//! form accepts is accepted by the other (and survives a trip through it).
//!
//! An XML Schema content model may be optional as a whole and still require some of its
//! members once the element has any content (`<Markets/>` is fine, `<Markets><Name>1X2`
//! `</Name></Markets>` lacks its `Id`). The generated XML decoders check that; the serde
//! derive of the JSON form cannot see it (every member is an `Option`). Generated types of
//! an XML Schema implement [`JsonContent`], which the generated `from_json` entry points run
//! over the decoded value: it reports what the XML decoder would report, at the member's JSON
//! Pointer, and writes the one value XML has no form for the way XML reads it back (an empty
//! list of items that may themselves be empty is written as nothing, so it is no list).

use crate::{DateTime, DecodeError, NumericDecimal};

/// A value decoded from the JSON form of an XML Schema type: [`json_content`]
/// (`JsonContent::json_content`) applies the XML decoder's content rules to it and to
/// everything it holds. Implemented by generated types; what it does has no stability promise.
pub trait JsonContent {
    /// Applies the rules; `pointer` is the value's JSON Pointer (as it was on entry when
    /// this returns `Ok`). The default is a type without rules.
    #[inline]
    fn json_content(&mut self, pointer: &mut String) -> ContentResult {
        let _ = pointer;
        Ok(())
    }
}

/// What [`JsonContent::json_content`] returns.
pub type ContentResult = Result<(), DecodeError>;

/// Runs [`JsonContent::json_content`] on a whole document's value.
pub fn json_content<T: JsonContent>(mut value: T) -> Result<T, DecodeError> {
    value.json_content(&mut String::new())?;
    Ok(value)
}

impl<T: JsonContent> JsonContent for Option<T> {
    #[inline]
    fn json_content(&mut self, pointer: &mut String) -> Result<(), DecodeError> {
        match self {
            Some(value) => value.json_content(pointer),
            None => Ok(()),
        }
    }
}

impl<T: JsonContent> JsonContent for Box<T> {
    #[inline]
    fn json_content(&mut self, pointer: &mut String) -> Result<(), DecodeError> {
        (**self).json_content(pointer)
    }
}

/// The pointer of an item or member is written only for one that fails: the rules are run
/// again on it with its pointer, to name it (they are deterministic, and what they change
/// they change once). Valid documents, nearly all of them, never write one.
impl<T: JsonContent> JsonContent for Vec<T> {
    fn json_content(&mut self, pointer: &mut String) -> Result<(), DecodeError> {
        for (index, item) in self.iter_mut().enumerate() {
            if item.json_content(pointer).is_err() {
                return located_item(item, pointer, index);
            }
        }
        Ok(())
    }
}

/// The error of an item that failed, with its pointer.
#[cold]
#[inline(never)]
fn located_item<T: JsonContent>(
    item: &mut T,
    pointer: &mut String,
    index: usize,
) -> Result<(), DecodeError> {
    use std::fmt::Write as _;
    let at = pointer.len();
    let _ = write!(pointer, "/{index}");
    let result = item.json_content(pointer);
    pointer.truncate(at);
    result
}

macro_rules! no_content_rules {
    ($($ty:ty),* $(,)?) => {$(
        impl JsonContent for $ty {}
    )*};
}

no_content_rules!(
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    String,
    rust_decimal::Decimal,
    NumericDecimal,
    DateTime,
    chrono::NaiveDate,
    uuid::Uuid,
    serde_json::Value,
);

/// Applies the rules to member `wire` of the value at `pointer`.
#[inline]
pub fn member<T: JsonContent>(
    value: &mut T,
    pointer: &mut String,
    wire: &str,
) -> Result<(), DecodeError> {
    match value.json_content(pointer) {
        Ok(()) => Ok(()),
        Err(_) => located_member(value, pointer, wire),
    }
}

/// The error of a member that failed, with its pointer (see the `Vec` impl).
#[cold]
#[inline(never)]
fn located_member<T: JsonContent>(
    value: &mut T,
    pointer: &mut String,
    wire: &str,
) -> Result<(), DecodeError> {
    let at = pointer.len();
    push_member(pointer, wire);
    let result = value.json_content(pointer);
    pointer.truncate(at);
    result
}

/// Appends member `wire` to `pointer`, escaped as a JSON Pointer token.
pub(crate) fn push_member(pointer: &mut String, wire: &str) {
    pointer.push('/');
    if wire.contains(['~', '/']) {
        pointer.push_str(&wire.replace('~', "~0").replace('/', "~1"));
    } else {
        pointer.push_str(wire);
    }
}

/// The error for member `wire`, required once the object at `pointer` has any member (as the
/// element it is in XML must have it once it has any content).
#[cold]
pub fn missing_member(pointer: &str, wire: &str) -> DecodeError {
    DecodeError::new(
        pointer,
        format!(
            "missing member `{wire}`: it is required once the object has any member (as in XML, where the element with content must have it)"
        ),
    )
}

/// A content model optional as a whole: once the object has content (`has_content`), each
/// `(wire, present)` member must be present; the first missing one is the error.
#[inline]
pub fn required_with_content(
    pointer: &str,
    has_content: bool,
    members: &[(&str, bool)],
) -> ContentResult {
    match members.iter().find(|(_, present)| has_content && !present) {
        Some((wire, _)) => Err(missing_member(pointer, wire)),
        None => Ok(()),
    }
}

/// An empty list whose items may be empty themselves has no XML form (an empty element
/// would be one empty item): absent, as XML reads it back.
#[inline]
pub fn absent_if_empty<T>(list: &mut Option<Vec<T>>) {
    if list.as_ref().is_some_and(Vec::is_empty) {
        *list = None;
    }
}

/// `JsonContent` for generated value types (enums, scalar unions), which have no content
/// rules: `__no_json_content!(A, B)`.
#[doc(hidden)]
#[macro_export]
macro_rules! __no_json_content {
    ($($ty:ty),* $(,)?) => {$(
        impl $crate::__private::JsonContent for $ty {}
    )*};
}
