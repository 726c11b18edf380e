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
