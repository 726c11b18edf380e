//! specgen: typed Rust models from OpenAPI 3.0 specs and XML Schemas.
//!
//! Every way in runs the same [`pipeline`], one stage per module:
//!
//! 1. `source`: read JSON or YAML, keeping line/column per JSON Pointer;
//! 2. `overlay`: OpenAPI Overlay 1.0 documents applied at load time, never by editing
//!    vendor files;
//! 3. front-ends (`openapi`, `xsd`) lower the document to the [`ir`], reporting every
//!    problem at once;
//! 4. `emit`: emitters turn the IR into token streams;
//! 5. `render`: formats them (prettyplease) behind an `@generated` header.
//!
//! The three doors only say which APIs to generate and with which [`Options`]:
//! [`Builder`] for `build.rs`, the `specgen-macros` proc macro
//! and, with the `cli` feature, the `cargo specgen` subcommand (over `project`).
#![deny(missing_docs)]

mod analysis;
pub mod diagnostics;
mod doors;
mod emit;
pub mod ir;
pub mod mock_values;
mod naming;
mod openapi;
mod overlay;
pub mod pipeline;
mod render;
mod source;
mod xsd;

pub use diagnostics::{Diagnostic, Diagnostics, Failure, Location, Severity};
pub use doors::builder::{Builder, BuilderError};
/// What `specgen_macros::openapi!` runs; not meant to be called otherwise.
#[doc(hidden)]
pub use doors::proc_macro as macro_door;
#[cfg(feature = "cli")]
pub use doors::{manifest, project};
pub use pipeline::{
    effective_document, lower, overlaid_document, render_api, Acknowledgement, ApiSource, Lowered,
    Options,
};
