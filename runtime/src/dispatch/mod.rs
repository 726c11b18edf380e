//! Support for generated message types that dispatch on a code (such as a header's message
//! type): the raw body of a message whose code has no case, and the JSON and XML glue that
//! finds a body in a document.
//!
//! The generated type decodes the whole document with the ordinary codecs, then picks the
//! body member its code names. Only the rare paths (a code without a case, a body that does
//! not fit its code) read the document a second time.
//!
//! What users see is here: [`RawBody`] and [`FormMismatch`]. The glue only generated code
//! calls (`xml`: reading a message in one pass and locating a body that does not fit;
//! `json`: finding and writing the body member) is reached through `crate::__private`.

pub(crate) mod json;
pub(crate) mod raw;
pub(crate) mod xml;

pub use raw::{FormMismatch, RawBody};

/// A generated body type: which of its members are present, so that a message whose body
/// holds more than its code carries is an error rather than a silent loss.
#[doc(hidden)]
pub trait DispatchBody {
    /// The wire name of a present member other than `carried` (declared or not), if any.
    fn other_member(&self, carried: &str) -> Option<String>;
}

/// [`DispatchBody::other_member`] from the declared members' presence (`(wire, present)`)
/// and the undeclared members, in that order.
#[doc(hidden)]
pub fn other_member(
    carried: &str,
    declared: &[(&str, bool)],
    undeclared: Option<&crate::UndeclaredMembers>,
) -> Option<String> {
    declared
        .iter()
        .find(|(wire, present)| *present && *wire != carried)
        .map(|(wire, _)| (*wire).to_owned())
        .or_else(|| undeclared.and_then(|members| members.keys().next().cloned()))
}

/// What a dispatch error says: which code, which case and which body element.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DispatchCase<'a> {
    /// Where the code is (`Header/Type`).
    pub(crate) on: &'a str,
    /// The code.
    pub(crate) code: i64,
    /// The case's name (the variant).
    pub(crate) variant: &'a str,
    /// The body element (`Body`).
    pub(crate) body: &'a str,
}

impl DispatchCase<'_> {
    pub(crate) fn missing(&self, member: &str, other: Option<&str>) -> String {
        let DispatchCase {
            on,
            code,
            variant,
            body,
        } = self;
        let instead = other.map_or(String::new(), |other| format!(" (it holds `{other}`)"));
        format!(
            "`{on}` {code} ({variant}) carries `{member}` in `{body}`, which is missing{instead}"
        )
    }

    pub(crate) fn other(&self, member: &str, other: &str) -> String {
        let DispatchCase {
            on,
            code,
            variant,
            body,
        } = self;
        format!(
            "`{on}` {code} ({variant}) carries only `{member}` in `{body}`, but `{body}` also holds `{other}`"
        )
    }

    pub(crate) fn unexpected(&self) -> String {
        let DispatchCase {
            on,
            code,
            variant,
            body,
        } = self;
        format!("`{on}` {code} ({variant}) has no body, but `{body}` has content")
    }
}
