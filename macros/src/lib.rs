//! `openapi!`: typed models from an OpenAPI 3.0 spec, generated at compile time.
//!
//! A thin layer over the `specgen` crate: it parses the macro input, calls the generator,
//! and turns every spec problem into a `compile_error!`.
#![deny(missing_docs)]

use std::path::PathBuf;

use proc_macro::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{bracketed, LitStr, Token};

/// Expands to the models and operation modules of an OpenAPI 3.0 spec.
///
/// ```text
/// mod rms_bet {
///     specgen_macros::openapi!("spec/rms-bet.json", overlays = ["spec/overlays/rms-bet-place-bet.yaml"]);
/// }
/// ```
///
/// Paths are relative to the crate's `Cargo.toml`. The crate must depend on
/// `specgen-runtime`. The expansion includes every input file with `include_str!`, so the
/// crate is rebuilt when the spec or an overlay changes. Problems in the spec are compile
/// errors naming the file, line, column and JSON Pointer.
#[proc_macro]
pub fn openapi(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as Input);
    expand(&input)
        .unwrap_or_else(|error| error.to_compile_error())
        .into()
}

struct Input {
    spec: LitStr,
    overlays: Vec<LitStr>,
}

impl Parse for Input {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let spec: LitStr = input.parse()?;
        let mut overlays = Vec::new();
        if input.parse::<Option<Token![,]>>()?.is_some() && !input.is_empty() {
            let key: syn::Ident = input.parse()?;
            if key != "overlays" {
                return Err(syn::Error::new(
                    key.span(),
                    "expected `overlays = [\"…\", …]`",
                ));
            }
            input.parse::<Token![=]>()?;
            let content;
            bracketed!(content in input);
            overlays = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?
                .into_iter()
                .collect();
            input.parse::<Option<Token![,]>>()?;
        }
        Ok(Self { spec, overlays })
    }
}

fn expand(input: &Input) -> syn::Result<proc_macro2::TokenStream> {
    let base = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    let module = PathBuf::from(input.spec.value())
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "api".into());
    let source = specgen::ApiSource {
        module,
        spec: base.join(input.spec.value()),
        spec_display: input.spec.value(),
        overlays: input
            .overlays
            .iter()
            .map(|o| (base.join(o.value()), o.value()))
            .collect(),
    };
    let lowered = specgen::lower(&source).map_err(|failure| {
        let mut errors = failure
            .diagnostics
            .iter()
            .filter(|d| d.severity == specgen::Severity::Error)
            .map(|d| syn::Error::new(input.spec.span(), d.detail()));
        let mut first = errors.next().expect("a failure holds at least one error");
        errors.for_each(|e| first.combine(e));
        first
    })?;
    let items = specgen::api_tokens(&lowered.api);
    let inputs = source
        .inputs()
        .into_iter()
        .map(|path| path.to_string_lossy().into_owned());
    Ok(quote! {
        #( const _: &str = include_str!(#inputs); )*
        #items
    })
}
