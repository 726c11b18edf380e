//! The proc-macro door: what `specgen_macros::openapi!` expands to. It lives here, not in
//! the macro crate, so that the macro stays a one-line shim and every door shares the
//! pipeline, the option names and the module naming.

use std::path::{Path, PathBuf};

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{bracketed, LitBool, LitStr, Token};

use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::pipeline::{self, Acknowledgement, ApiSource, Options};

/// The keys the macro accepts after the spec path, as the Builder names them.
const KEYS: &str = "`overlays`, `module`, `schemars_feature`, `xml_codecs`, `server_feature`, `client_feature`, `mock_feature` or `acknowledge`";

/// Expands `openapi!(input)`; paths are relative to `manifest_dir` (the calling crate's
/// `CARGO_MANIFEST_DIR`). Never fails: problems become `compile_error!`s.
pub fn expand(input: TokenStream, manifest_dir: &Path) -> TokenStream {
    match syn::parse2::<Input>(input).and_then(|input| input.expand(manifest_dir)) {
        Ok(tokens) => tokens,
        Err(error) => error.to_compile_error(),
    }
}

struct Input {
    spec: LitStr,
    overlays: Vec<LitStr>,
    module: Option<LitStr>,
    acknowledge: Vec<LitStr>,
    options: Options,
}

impl Parse for Input {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut parsed = Self {
            spec: input.parse()?,
            overlays: Vec::new(),
            module: None,
            acknowledge: Vec::new(),
            options: Options::default(),
        };
        let mut seen: Vec<String> = Vec::new();
        while input.parse::<Option<Token![,]>>()?.is_some() && !input.is_empty() {
            let key: syn::Ident = input
                .parse()
                .map_err(|error| syn::Error::new(error.span(), format!("expected {KEYS}")))?;
            let name = key.to_string();
            if seen.contains(&name) {
                return Err(syn::Error::new(key.span(), format!("`{name}` given twice")));
            }
            input.parse::<Token![=]>()?;
            match name.as_str() {
                "overlays" => parsed.overlays = string_list(input)?,
                "acknowledge" => parsed.acknowledge = string_list(input)?,
                "module" => parsed.module = Some(input.parse()?),
                "schemars_feature" => {
                    parsed.options.schemars_feature = Some(input.parse::<LitStr>()?.value());
                }
                "xml_codecs" => parsed.options.xml_codecs = input.parse::<LitBool>()?.value,
                "server_feature" => {
                    parsed.options.server_feature = Some(input.parse::<LitStr>()?.value());
                }
                "client_feature" => {
                    parsed.options.client_feature = Some(input.parse::<LitStr>()?.value());
                }
                "mock_feature" => {
                    parsed.options.mock_feature = Some(input.parse::<LitStr>()?.value());
                }
                _ => return Err(syn::Error::new(key.span(), format!("expected {KEYS}"))),
            }
            seen.push(name);
        }
        Ok(parsed)
    }
}

fn string_list(input: ParseStream) -> syn::Result<Vec<LitStr>> {
    let content;
    bracketed!(content in input);
    Ok(Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?
        .into_iter()
        .collect())
}

impl Input {
    fn expand(&self, manifest_dir: &Path) -> syn::Result<TokenStream> {
        let resolve = |literal: &LitStr| -> PathBuf { manifest_dir.join(literal.value()) };
        let mut source = ApiSource::new(resolve(&self.spec), self.spec.value());
        if let Some(module) = &self.module {
            source.module = module.value();
        }
        source.overlays = self
            .overlays
            .iter()
            .map(|overlay| (resolve(overlay), overlay.value()))
            .collect();
        for entry in &self.acknowledge {
            let acknowledgement = Acknowledgement::parse(&entry.value())
                .map_err(|message| syn::Error::new(entry.span(), message))?;
            source.acknowledged.push(acknowledgement);
        }
        let generated = pipeline::generate(&source, &self.options).map_err(|failure| {
            let mut errors = failure
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| syn::Error::new(self.span_of(d), d.detail()));
            let first = errors.next();
            errors
                .fold(first, |first, error| {
                    first.map(|mut first| {
                        first.combine(error);
                        first
                    })
                })
                .unwrap_or_else(|| syn::Error::new(self.spec.span(), failure.to_string()))
        })?;
        // Cargo rebuilds the crate when any input changes.
        let inputs = source
            .inputs()
            .into_iter()
            .map(|path| path.to_string_lossy().into_owned());
        let warnings = generated
            .warnings
            .iter()
            .map(|warning| warning_item(warning, self.spec.span()));
        let items = generated.embedded_tokens();
        Ok(quote! {
            #( const _: &str = include_str!(#inputs); )*
            #( #warnings )*
            #items
        })
    }

    /// Where in the macro call a diagnostic belongs: a bad module name at the `module`
    /// argument, everything else at the spec path.
    fn span_of(&self, diagnostic: &Diagnostic) -> Span {
        match (&self.module, diagnostic.code) {
            (Some(module), Some(Code::InvalidModuleName)) => module.span(),
            _ => self.spec.span(),
        }
    }
}

/// A warning at `span` through the one channel a proc macro has on stable Rust: the use of
/// a deprecated item. `#![deny(warnings)]` makes it an error; acknowledging it removes it.
fn warning_item(warning: &Diagnostic, span: Span) -> TokenStream {
    let note = format!("specgen: {warning}");
    quote_spanned! {span=>
        const _: () = {
            #[deprecated(note = #note)]
            struct SpecgenWarning;
            let _ = SpecgenWarning;
        };
    }
}
