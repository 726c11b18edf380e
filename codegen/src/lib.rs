//! specgen: typed Rust models from OpenAPI 3.0 specs and XML Schemas.
//!
//! The pipeline, one stage per module:
//!
//! 1. [`source`](crate::lower): read JSON or YAML, keeping line/column per JSON Pointer;
//! 2. overlays (OpenAPI Overlay 1.0) applied at load time, never by editing vendor files;
//! 3. the OpenAPI front-end lowers the document to the [`ir`], reporting every problem at once
//!    (XML Schemas, `.xsd` specs, are lowered by the XSD front-end instead, without overlays);
//! 4. emitters turn the IR into token streams;
//! 5. rendering formats them (prettyplease) behind an `@generated` header.
//!
//! Three ways in: [`Builder`] for `build.rs`, the `specgen-macros` proc macro (over
//! [`lower`] and [`api_tokens`]), and the `cargo specgen` subcommand (over [`project`]).
#![deny(missing_docs)]

mod builder;
pub mod diagnostics;
mod emit;
pub mod ir;
pub mod manifest;
mod naming;
mod openapi;
mod overlay;
pub mod project;
mod render;
mod source;
mod xsd;

use std::path::PathBuf;

use proc_macro2::TokenStream;

pub use builder::{Builder, BuilderError};
pub use diagnostics::{Diagnostic, Diagnostics, Failure, Location, Severity};

/// One API to generate: a spec, the overlays applied to it, and the module it becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiSource {
    /// Rust module name.
    pub module: String,
    /// Path of the spec file.
    pub spec: PathBuf,
    /// How the spec is named in messages and generated headers.
    pub spec_display: String,
    /// Overlays, in the order they apply: path and display name.
    pub overlays: Vec<(PathBuf, String)>,
}

impl ApiSource {
    /// Every file this API is built from (for `rerun-if-changed` and the like).
    pub fn inputs(&self) -> Vec<PathBuf> {
        std::iter::once(self.spec.clone())
            .chain(self.overlays.iter().map(|(p, _)| p.clone()))
            .collect()
    }
}

/// An API lowered to the IR, with the warnings met on the way.
#[derive(Debug, Clone)]
pub struct Lowered {
    /// The API.
    pub api: ir::Api,
    /// Warnings (for example non-standard response keys that were read anyway).
    pub warnings: Vec<Diagnostic>,
}

/// Loads a spec, applies its overlays and lowers it to the IR. On failure every error found
/// (with its file, JSON Pointer and line) is returned at once.
///
/// A spec whose path ends in `.xsd` is an XML Schema, lowered by the XSD front-end (which
/// takes no overlays); any other spec is an OpenAPI document.
pub fn lower(source: &ApiSource) -> Result<Lowered, Failure> {
    let mut diagnostics = Diagnostics::default();
    let fail = |diagnostics: Diagnostics| Failure {
        diagnostics: diagnostics.into_sorted(),
    };
    if xsd::is_xsd(&source.spec) {
        for (_, display) in &source.overlays {
            diagnostics.push(
                Diagnostic::error(
                    format!(
                        "overlay `{display}` cannot apply to `{}`: overlays change OpenAPI documents, not XML Schemas",
                        source.spec_display
                    ),
                    Some(Location {
                        file: display.as_str().into(),
                        pointer: String::new(),
                        line_col: None,
                    }),
                )
                .with_help("remove the overlays of this API; an XSD is used as it is"),
            );
        }
        let api = xsd::lower(
            &source.spec,
            &source.spec_display,
            &source.module,
            &mut diagnostics,
        );
        return match api {
            Some(api) if !diagnostics.has_errors() => Ok(Lowered {
                api,
                warnings: diagnostics.into_sorted(),
            }),
            _ => Err(fail(diagnostics)),
        };
    }
    let Some(spec) = load_overlaid(source, &mut diagnostics) else {
        return Err(fail(diagnostics));
    };
    let sources = std::iter::once(source.spec_display.clone())
        .chain(source.overlays.iter().map(|(_, d)| d.clone()))
        .collect();
    let api = openapi::lower(&spec, &source.module, sources, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(fail(diagnostics));
    }
    Ok(Lowered {
        api,
        warnings: diagnostics.into_sorted(),
    })
}

/// Choices about the generated code that do not come from the spec.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmitOptions {
    /// When set, models derive `schemars::JsonSchema` (with every constraint of the spec)
    /// under `#[cfg(feature = "<this name>")]`; the generated code's crate must declare the
    /// feature and enable `specgen-runtime/schemars` with it.
    pub schemars_feature: Option<String>,
    /// Generate XML codecs (`FromXml` / `ToXml` over quick-xml events) for the models of
    /// every API; APIs from an XSD (which have XML root elements) always get them.
    pub xml_codecs: bool,
}

/// The items generated for `api`, as tokens (what the proc macro expands to).
pub fn api_tokens(api: &ir::Api) -> TokenStream {
    api_tokens_with(api, &EmitOptions::default())
}

/// [`api_tokens`] with explicit options.
pub fn api_tokens_with(api: &ir::Api, options: &EmitOptions) -> TokenStream {
    emit::api_items(api, options)
}

/// The items generated for `api`, as a formatted source file with an `@generated` header.
pub fn render_api(api: &ir::Api) -> String {
    render_api_with(api, &EmitOptions::default())
}

/// [`render_api`] with explicit options.
pub fn render_api_with(api: &ir::Api, options: &EmitOptions) -> String {
    render::source_file(api_tokens_with(api, options), &api.sources, None)
}

/// The spec document of `source` with its overlays applied: what the front-end lowers
/// (tests compare generated code against it).
pub fn overlaid_document(source: &ApiSource) -> Result<serde_json::Value, Failure> {
    let mut diagnostics = Diagnostics::default();
    if xsd::is_xsd(&source.spec) {
        diagnostics.error(
            format!(
                "`{}` is an XML Schema, not an OpenAPI document",
                source.spec_display
            ),
            None,
        );
        return Err(Failure {
            diagnostics: diagnostics.into_sorted(),
        });
    }
    match load_overlaid(source, &mut diagnostics) {
        Some(spec) => Ok(spec.value),
        None => Err(Failure {
            diagnostics: diagnostics.into_sorted(),
        }),
    }
}

/// Loads an OpenAPI spec and applies its overlays; `None` when an error was reported.
fn load_overlaid(
    source: &ApiSource,
    diagnostics: &mut Diagnostics,
) -> Option<overlay::OverlaidSpec> {
    let base = match source::SourceDocument::load(&source.spec, &source.spec_display) {
        Ok(document) => document,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return None;
        }
    };
    let mut spec = overlay::OverlaidSpec::new(base);
    for (path, display) in &source.overlays {
        match source::SourceDocument::load(path, display) {
            Ok(document) => spec.apply(&document, diagnostics),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    (!diagnostics.has_errors()).then_some(spec)
}
