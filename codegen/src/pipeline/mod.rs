//! The one path every door takes: load → overlays → front-end → IR → analysis → emit →
//! render.
//!
//! Builder, proc macro and `cargo specgen` only say *which* APIs to generate and with which
//! [`Options`]; everything from reading the spec to formatted source happens here, so the
//! three produce the same code, the same errors and the same warnings.

mod export;
mod input;
mod load;

use proc_macro2::TokenStream;

pub use export::effective_document;
pub use input::{default_module_name, module_name_problem, Acknowledgement, ApiSource, Options};
pub use load::overlaid_document;

use crate::diagnostics::{Diagnostic, Diagnostics, Failure, Location};
use crate::{emit, ir, openapi, render, xsd};

/// An API lowered to the IR, with the warnings met on the way (acknowledged ones removed).
#[derive(Debug, Clone)]
pub struct Lowered {
    /// The API.
    pub api: ir::Api,
    /// Warnings (for example non-standard response keys that were read anyway).
    pub warnings: Vec<Diagnostic>,
    /// The OpenAPI document it was lowered from, overlays applied (`None` for an XSD).
    pub document: Option<serde_json::Value>,
}

/// One API through the whole pipeline: its IR, the generated items and the warnings.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The API as lowered.
    pub api: ir::Api,
    /// Every generated item, as tokens (what the proc macro expands to).
    pub tokens: TokenStream,
    /// Warnings that were not acknowledged.
    pub warnings: Vec<Diagnostic>,
}

impl Generated {
    /// The items as a formatted source file with an `@generated` header: a module file of
    /// a generated crate. It consumes the items: a large API's tokens are freed as they are
    /// formatted, not held beside their formatting.
    pub fn into_source_file(self) -> String {
        render::source_file(self.tokens, &self.api.sources, None)
    }

    /// The items for a module the user writes around them: what the proc macro expands to,
    /// and (formatted by [`Self::into_embedded_source_file`]) the file build.rs users `include!`.
    ///
    /// There, in a binary crate, every item the program does not use would be dead code,
    /// a warning per type and function that is not the user's to fix. So the items live in
    /// a module that allows it, re-exported whole: the paths are those of a module file.
    pub fn embedded_tokens(&self) -> TokenStream {
        let module = quote::format_ident!("generated_{}", self.api.module);
        let items = &self.tokens;
        quote::quote! {
            #[allow(dead_code)]
            mod #module {
                #items
            }
            #[allow(unused_imports)]
            pub use #module::*;
        }
    }

    /// [`Self::embedded_tokens`] as a formatted source file with an `@generated` header,
    /// consuming the items as [`Self::into_source_file`] does.
    pub fn into_embedded_source_file(self) -> String {
        let tokens = self.embedded_tokens();
        let sources = self.api.sources;
        drop(self.tokens);
        render::source_file(tokens, &sources, None)
    }
}

/// The root file of a crate made of `apis`: one module declaration each, documented from
/// each spec's info, under the crate documentation `docs`.
pub fn crate_root(apis: &[Generated], docs: &str) -> String {
    let apis: Vec<&ir::Api> = apis.iter().map(|generated| &generated.api).collect();
    let sources: Vec<String> = apis.iter().flat_map(|api| api.sources.clone()).collect();
    render::source_file(emit::module_declarations(&apis), &sources, Some(docs))
}

/// Runs every stage for `source`. On failure every error found (with its file, JSON Pointer
/// and line) is returned at once, with the warnings seen on the way.
pub fn generate(source: &ApiSource, options: &Options) -> Result<Generated, Failure> {
    let lowered = lower_all_warnings(source)?;
    // The mock serves the effective document; nothing else embeds it.
    let effective = lowered
        .document
        .filter(|_| options.mock_feature.is_some())
        .map(export::normalize);
    let (tokens, limits) = emit::api_items(&lowered.api, options, effective.as_ref());
    let mut warnings = lowered.warnings;
    warnings.extend(limits);
    Ok(Generated {
        api: lowered.api,
        tokens,
        warnings: unacknowledged(source, warnings),
    })
}

/// The last stages only, for an API already lowered: its items as a formatted source file.
pub fn render_api(api: &ir::Api, options: &Options) -> String {
    render::source_file(emit::api_items(api, options, None).0, &api.sources, None)
}

/// The first stages only: loads a spec, applies its overlays and lowers it to the IR.
///
/// A spec whose path ends in `.xsd` is an XML Schema, lowered by the XSD front-end (which
/// takes no overlays); any other spec is an OpenAPI document.
pub fn lower(source: &ApiSource) -> Result<Lowered, Failure> {
    let mut lowered = lower_all_warnings(source)?;
    lowered.warnings = unacknowledged(source, lowered.warnings);
    Ok(lowered)
}

/// [`lower`], keeping acknowledged warnings (the caller filters them with the rest).
fn lower_all_warnings(source: &ApiSource) -> Result<Lowered, Failure> {
    let mut diagnostics = Diagnostics::default();
    check_declaration(source, &mut diagnostics);
    let lowered = if xsd::is_xsd(&source.spec) {
        xsd::lower(
            &source.spec,
            &source.spec_display,
            &source.module,
            &mut diagnostics,
        )
        .map(|api| (api, None))
    } else {
        load::load_overlaid(source, &mut diagnostics).map(|spec| {
            let sources = std::iter::once(source.spec_display.clone())
                .chain(source.overlays.iter().map(|(_, d)| d.clone()))
                .collect();
            let api = openapi::lower(&spec, &source.module, sources, &mut diagnostics);
            (api, Some(spec.value))
        })
    };
    match lowered {
        Some((api, document)) if !diagnostics.has_errors() => Ok(Lowered {
            api,
            document,
            warnings: diagnostics.into_sorted(),
        }),
        _ => Err(Failure {
            diagnostics: diagnostics.into_sorted(),
        }),
    }
}

/// Problems with how the API was declared rather than with its spec.
fn check_declaration(source: &ApiSource, diagnostics: &mut Diagnostics) {
    let declared_at = || {
        source.declared_at.clone().or_else(|| {
            Some(Location {
                file: source.spec_display.as_str().into(),
                pointer: String::new(),
                line_col: None,
            })
        })
    };
    if let Some(problem) = module_name_problem(&source.module) {
        diagnostics.push(
            Diagnostic::error(
                format!(
                    "invalid module name for `{}`: {problem}",
                    source.spec_display
                ),
                declared_at(),
            )
            .with_code(crate::diagnostics::Code::InvalidModuleName)
            .with_help(format!(
                "name the module with a snake_case Rust identifier such as `{}`",
                suggested_module_name(&source.module)
            )),
        );
    }
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
    }
}

fn suggested_module_name(name: &str) -> String {
    let snake = crate::naming::snake(name);
    if module_name_problem(&snake).is_none() {
        snake
    } else {
        "api".into()
    }
}

/// Drops the warnings the user acknowledged; an acknowledgement that matches nothing is
/// itself a warning, so stale ones do not pile up unnoticed.
fn unacknowledged(source: &ApiSource, warnings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut used = vec![false; source.acknowledged.len()];
    let mut kept: Vec<Diagnostic> = warnings
        .into_iter()
        .filter(|warning| {
            let mut covered = false;
            for (index, acknowledgement) in source.acknowledged.iter().enumerate() {
                if acknowledgement.covers(warning) {
                    used[index] = true;
                    covered = true;
                }
            }
            !covered
        })
        .collect();
    for (acknowledgement, _) in source
        .acknowledged
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
    {
        kept.push(
            Diagnostic::warning(
                format!(
                    "the acknowledged warning `{acknowledgement}` does not occur in `{}`",
                    source.spec_display
                ),
                source.declared_at.clone(),
            )
            .with_code(crate::diagnostics::Code::UnusedAcknowledgement)
            .with_help("remove the acknowledgement"),
        );
    }
    kept
}
