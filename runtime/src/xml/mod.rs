//! XML codecs for generated models: [`FromXml`] / [`ToXml`] over quick-xml events.
//!
//! This commit only moves the old `xml.rs` to `xml/reader/mod.rs` (so that its history
//! follows the reader); the next one splits it by concern.

mod reader;

pub use reader::*;
