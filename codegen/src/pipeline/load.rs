//! The first stage: reading an OpenAPI document and applying its overlays.

use crate::diagnostics::{Diagnostics, Failure};
use crate::{overlay, source, xsd};

use super::ApiSource;

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
pub(super) fn load_overlaid(
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
