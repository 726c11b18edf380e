//! `openapi!`: typed models from an OpenAPI 3.0 spec (or an XML Schema), generated at
//! compile time.
//!
//! A thin shim over the `specgen` crate, which parses the arguments, runs the same pipeline
//! as `build.rs` and `cargo specgen`, and turns every spec problem into a `compile_error!`.
#![deny(missing_docs)]

use proc_macro::TokenStream;

/// Expands to the models and operation modules of a spec.
///
/// ```text
/// mod rms_bet {
///     specgen_macros::openapi!(
///         "spec/rms-bet.json",
///         overlays = ["spec/overlays/rms-bet-place-bet.yaml"],
///         module = "rms_bet",                 // default: the file stem in snake_case
///         schemars_feature = "schemars",      // derive JsonSchema behind this feature
///         xml_codecs = false,                 // XML codecs (XSD specs always get them)
///         server_feature = "server",          // an axum server behind this feature
///         client_feature = "client",          // a reqwest client behind this feature
///         mock_feature = "mock",              // a mock server behind this feature
///         acknowledge = ["non-standard-response-key"], // warnings not to report again
///     );
/// }
/// ```
///
/// The arguments are the `Builder`'s options under the same names. Paths are relative to the
/// crate's `Cargo.toml`; the crate must depend on `specgen-runtime`. The expansion includes
/// every input file with `include_str!`, so the crate is rebuilt when the spec or an overlay
/// changes. Problems in the spec are compile errors naming the file, line, column and JSON
/// Pointer; warnings are reported as deprecation warnings at the spec path.
#[proc_macro]
pub fn openapi(input: TokenStream) -> TokenStream {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default();
    specgen::macro_door::expand(input.into(), manifest_dir.as_ref()).into()
}
